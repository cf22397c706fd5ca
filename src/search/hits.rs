//! Stage 6: hit assembly: stored fields, labels, snippet and highlights of
//! the page's documents.

use super::rank::Scored;
use crate::format::IndexError;
use crate::index::{DocHead, Index};
use crate::model::{Facet, Lang};
use crate::response::{Hit, Label, Related};
use crate::snippet::{highlight, snippet, MatchedTerms};
use crate::sort::sort_short_by;

impl Index {
    /// The hits of `page`, or [`IndexError::MissingShards`] naming the doc
    /// shards the page needs (a hit's shard holds its related records' titles
    /// too). Past the fetch budget ([`crate::fetch`]), hits not at hand are
    /// left out.
    pub(crate) fn hits(
        &self,
        page: &[Scored],
        matched: &MatchedTerms,
        lang: Lang,
    ) -> Result<Vec<Hit>, IndexError> {
        let mut page_docs = Vec::with_capacity(page.len());
        for s in page {
            page_docs.push(s.doc);
        }
        self.need_docs(self.doc_shard_files(&page_docs));
        self.asked()?;
        // A loop rather than an iterator chain collecting a Result: a smaller engine.
        let mut out = Vec::with_capacity(page.len());
        for s in page {
            if self.doc_shard_files(&[s.doc]).is_empty() {
                out.push(self.hit(s, matched, lang)?);
            }
        }
        Ok(out)
    }

    /// A hit's values of `facet`, ordered by code (the index stores values most
    /// frequent first, which is no order for a reader).
    fn labels(&self, facet: Facet, doc: u32, lang: Lang) -> Vec<Label> {
        let col = self.facet(facet);
        let mut out = Vec::new();
        for &v in col.of(doc).iter() {
            if let Some(v) = col.values.get(v as usize) {
                out.push(Label {
                    value: v.code.clone(),
                    label: match lang {
                        Lang::It => v.label_it.clone(),
                        Lang::En => v.label_en.clone(),
                    },
                });
            }
        }
        sort_short_by(&mut out, |a, b| a.value.cmp(&b.value));
        out
    }

    fn hit(&self, s: &Scored, matched: &MatchedTerms, lang: Lang) -> Result<Hit, IndexError> {
        let doc = self.doc(s.doc)?;
        let title_of = |h: &DocHead<'_>| -> String {
            if lang == Lang::En && !h.name_en.is_empty() {
                h.name_en
            } else {
                h.name
            }
            .to_string()
        };
        let title = title_of(&doc.head);
        let title_hl = highlight(&self.fold, &title, matched);
        let (snip, snip_hl) = snippet(&self.fold, doc.summary, matched);
        let mut related = Vec::with_capacity(doc.related.len());
        for r in &doc.related {
            related.push(Related {
                id: r.id.to_string(),
                kind: r.kind,
                title: title_of(r),
            });
        }
        Ok(Hit {
            id: doc.head.id.to_string(),
            kind: doc.head.kind,
            kind_label: doc.head.kind.label(lang).to_string(),
            title,
            url: (!doc.url.is_empty()).then(|| doc.url.to_string()),
            // Scores are >= 0: floor(x + 0.5) rounds like `round`, without libm's `round` in the wasm.
            score: (f64::from(s.score) * 1000.0 + 0.5).floor() / 1000.0,
            snippet: snip,
            highlights: crate::response::Highlights {
                title: title_hl,
                snippet: snip_hl,
            },
            region: self.labels(Facet::Region, s.doc, lang),
            country: self.labels(Facet::Country, s.doc, lang),
            sector: self.labels(Facet::Sector, s.doc, lang),
            city: (!doc.city.is_empty()).then(|| doc.city.to_string()),
            lang: (!doc.lang.is_empty()).then(|| doc.lang.to_string()),
            related,
        })
    }
}
