//! Query execution: matching words against the term dictionary (exact, prefix,
//! typo-tolerant), BM25F scoring, disjunctive facet counting, and hit assembly.

use crate::format::IndexError;
use crate::fuzzy::{distance, Fuzzy};
use crate::index::{Index, FIELD_COUNT};
use crate::model::{Facet, Lang};
use crate::response::{FacetCount, FacetCounts, Hit, Label, Related, SearchRequest, SearchResponse};
use crate::snippet::{highlight, snippet, MatchedTerms};
use crate::text::tokenize;
use fst::{IntoStreamer, Streamer};
use crate::sort::{sort_by, top_k};

/// Relative weight of a match in each field (title, aliases, context, summary).
pub const FIELD_WEIGHTS: [f32; FIELD_COUNT] = [6.0, 5.0, 2.0, 1.0];
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Score factor of a word matched as a prefix of a longer term.
const PREFIX_FACTOR: f32 = 0.7;
/// Score factor of a word matched with typos.
const FUZZY_FACTOR: f32 = 0.5;
/// Most dictionary terms one query word may expand to (prefix or typo).
pub const MAX_EXPANSIONS: usize = 512;
/// Longest query accepted, in bytes; the rest is ignored.
pub const MAX_QUERY_BYTES: usize = 1024;
/// Most words of a query that are matched; the rest are ignored.
pub const MAX_QUERY_WORDS: usize = 12;
/// Most hits one request may return.
pub const MAX_LIMIT: usize = 1000;

/// A document matched by every word: how well, and with how many typos.
#[derive(Debug, Clone, Copy)]
struct Scored {
    doc: u32,
    typos: u32,
    score: f32,
}

/// Typos allowed for a query word of `len` bytes.
fn typo_budget(len: usize) -> u8 {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

impl Index {
    /// Runs `request` against the index.
    ///
    /// Words must all match (AND); the last word also matches as a prefix unless
    /// the query ends with a space. Words of 4+ bytes tolerate one typo, 8+ two.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, IndexError> {
        let mut query = request.query.as_str();
        if query.len() > MAX_QUERY_BYTES {
            let mut cut = MAX_QUERY_BYTES;
            while !query.is_char_boundary(cut) {
                cut -= 1;
            }
            query = &query[..cut];
        }
        // A hyphenated compound (`car-t`) is searched by its joined form (`cart`),
        // which the builder indexes, rather than by its parts.
        let mut words: Vec<crate::text::Token> = Vec::new();
        for t in tokenize(&self.fold, query) {
            words.retain(|w| !(w.start >= t.start && w.end <= t.end));
            words.push(t);
        }
        words.truncate(MAX_QUERY_WORDS);
        let last_is_prefix = query.chars().last().is_some_and(crate::text::is_word_char);

        let mut matched = MatchedTerms::default();
        let matches: Vec<Scored> = if words.is_empty() {
            (0..self.records).map(|doc| Scored { doc, typos: 0, score: 0.0 }).collect()
        } else {
            // First without typos; typo tolerance only when that finds nothing, so a
            // correctly typed word is not drowned in near-misses.
            let n = words.len();
            let prefix = |i: usize| i + 1 == n && last_is_prefix;
            let mut lists = Vec::with_capacity(n);
            for (i, w) in words.iter().enumerate() {
                lists.push(self.match_word(&w.term, prefix(i), false, &mut matched)?);
            }
            let mut found = intersect_all(&lists);
            if found.is_empty() {
                for (i, w) in words.iter().enumerate() {
                    let fuzzy = self.match_word(&w.term, prefix(i), true, &mut matched)?;
                    lists[i] = best_per_doc(lists[i].iter().copied().chain(fuzzy).collect());
                }
                found = intersect_all(&lists);
            }
            found
        };

        let (mut hits, facets) = self.filter_and_count(&matches, request);
        let total = hits.len();
        let end = request.offset.saturating_add(request.limit.min(MAX_LIMIT)).min(total);
        let start = request.offset.min(end);
        let order = |a: &Scored, b: &Scored| {
            a.typos.cmp(&b.typos).then(b.score.total_cmp(&a.score)).then(a.doc.cmp(&b.doc))
        };
        if !words.is_empty() {
            // Browsing keeps doc order, which is name order.
            top_k(&mut hits, end, order);
        }
        let page = hits.get(start..end).unwrap_or(&[]);
        let hits = page.iter().map(|s| self.hit(s, &matched, request.lang)).collect::<Result<Vec<_>, _>>()?;
        Ok(SearchResponse { query: request.query.clone(), total, hits, facets })
    }

    /// Documents matching one query word, sorted by doc id, with the best
    /// expansion's score per document.
    ///
    /// Without `typos`: the exact term and, with `prefix`, the terms it starts.
    /// With `typos`: only the terms within the word's typo budget that are neither.
    fn match_word(&self, word: &str, prefix: bool, typos: bool, matched: &mut MatchedTerms) -> Result<Vec<Scored>, IndexError> {
        // (term, offset, typos, factor)
        let mut expansions: Vec<(String, u64, u32, f32)> = Vec::new();
        if !typos {
            if let Some(off) = self.terms.get(word) {
                expansions.push((word.to_string(), off, 0, 1.0));
            }
        }
        if prefix && !typos {
            // A prefix is a fuzzy prefix match with no typo: one automaton type keeps
            // the browser build small.
            let Some(aut) = Fuzzy::new(word, 0, true) else { return Ok(Vec::new()) };
            let mut s = self.terms.search(aut).into_stream();
            while let Some((t, off)) = s.next() {
                if expansions.len() >= MAX_EXPANSIONS {
                    break;
                }
                if t != word.as_bytes() {
                    expansions.push((String::from(core::str::from_utf8(t).unwrap_or_default()), off, 0, PREFIX_FACTOR));
                }
            }
        }
        let budget = typo_budget(word.len());
        if typos && budget > 0 {
            if let Some(aut) = Fuzzy::new(word, budget, prefix) {
                let mut s = self.terms.search(aut).into_stream();
                let mut fuzzy = 0;
                while let Some((t, off)) = s.next() {
                    if fuzzy >= MAX_EXPANSIONS {
                        break;
                    }
                    // Terms the exact and prefix pass already tried are not typos.
                    let tried = t == word.as_bytes() || (prefix && t.starts_with(word.as_bytes()));
                    if !tried {
                        let t = String::from(core::str::from_utf8(t).unwrap_or_default());
                        let typos = distance(word, &t, prefix).max(1);
                        expansions.push((t, off, typos, FUZZY_FACTOR / typos as f32));
                        fuzzy += 1;
                    }
                }
            }
        }

        let n = self.records as f32;
        let mut all: Vec<Scored> = Vec::new();
        for (term, off, typos, factor) in expansions {
            let mut df = 0u32;
            let start = all.len();
            self.postings_at(off, |doc, tf| {
                df += 1;
                all.push(Scored { doc, typos, score: self.bm25f_tf(doc, &tf) });
            })?;
            let idf = (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
            for s in &mut all[start..] {
                s.score = factor * idf * s.score * (K1 + 1.0) / (s.score + K1);
            }
            if df > 0 {
                matched.insert(term);
            }
        }
        if prefix {
            matched.set_prefix(word);
        }
        Ok(best_per_doc(all))
    }

    /// BM25F's combined, length-normalized term frequency.
    fn bm25f_tf(&self, doc: u32, tf: &[u32; FIELD_COUNT]) -> f32 {
        let mut sum = 0.0;
        for f in 0..FIELD_COUNT {
            if tf[f] > 0 {
                let avg = self.avg_field_len[f].max(1.0);
                let len = f32::from(self.field_len(doc, f));
                sum += FIELD_WEIGHTS[f] * tf[f] as f32 / (1.0 - B + B * len / avg);
            }
        }
        sum
    }

    /// Applies the filters and counts facet values in one pass over `matches`.
    ///
    /// A facet's counts include documents that pass every *other* facet's filter
    /// (disjunctive faceting), so selecting a region leaves the other regions'
    /// counts visible.
    fn filter_and_count(&self, matches: &[Scored], request: &SearchRequest) -> (Vec<Scored>, FacetCounts) {
        let selected: Vec<Vec<bool>> = Facet::ALL
            .iter()
            .map(|&f| {
                let col = self.facet(f);
                let mut sel = vec![false; col.values.len()];
                for code in &request.filters[f.index()] {
                    if let Some(v) = col.find(code) {
                        sel[v as usize] = true;
                    }
                }
                sel
            })
            .collect();
        let active: Vec<usize> =
            Facet::ALL.iter().filter(|f| !request.filters[f.index()].is_empty()).map(|f| f.index()).collect();
        let mut counts: Vec<Vec<usize>> = Facet::ALL.iter().map(|&f| vec![0; self.facet(f).values.len()]).collect();
        let mut hits = Vec::with_capacity(if active.is_empty() { matches.len() } else { matches.len() / 4 });
        for s in matches {
            let mut fails = 0u32;
            for &f in &active {
                if !self.facets[f].of(s.doc).iter().any(|&v| selected[f][v as usize]) {
                    fails |= 1 << f;
                }
            }
            if fails == 0 {
                hits.push(*s);
                for (f, c) in counts.iter_mut().enumerate() {
                    for &v in self.facets[f].of(s.doc) {
                        c[v as usize] += 1;
                    }
                }
            } else if fails.is_power_of_two() {
                let f = fails.trailing_zeros() as usize;
                for &v in self.facets[f].of(s.doc) {
                    counts[f][v as usize] += 1;
                }
            }
        }

        let mut out = FacetCounts::default();
        for f in Facet::ALL {
            let col = self.facet(f);
            let list = out.get_mut(f);
            for (v, value) in col.values.iter().enumerate() {
                let sel = selected[f.index()][v];
                if counts[f.index()][v] > 0 || sel {
                    let label = match request.lang {
                        Lang::It => &value.label_it,
                        Lang::En => &value.label_en,
                    };
                    list.push(FacetCount { value: value.code.clone(), label: label.clone(), count: counts[f.index()][v], selected: sel });
                }
            }
            // Selected codes the index does not know are listed too, so they can be removed.
            for code in &request.filters[f.index()] {
                if col.find(code).is_none() && !list.iter().any(|c| &c.value == code) {
                    list.push(FacetCount { value: code.clone(), label: code.clone(), count: 0, selected: true });
                }
            }
            sort_by(list, |a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)).then_with(|| a.value.cmp(&b.value)));
        }
        (hits, out)
    }

    fn labels(&self, facet: Facet, doc: u32, lang: Lang) -> Vec<Label> {
        let col = self.facet(facet);
        col.of(doc)
            .iter()
            .filter_map(|&v| col.values.get(v as usize))
            .map(|v| Label {
                value: v.code.clone(),
                label: match lang {
                    Lang::It => v.label_it.clone(),
                    Lang::En => v.label_en.clone(),
                },
            })
            .collect()
    }

    fn hit(&self, s: &Scored, matched: &MatchedTerms, lang: Lang) -> Result<Hit, IndexError> {
        let doc = self.doc(s.doc)?;
        let title_of = |name: &str, name_en: &str| -> String {
            if lang == Lang::En && !name_en.is_empty() { name_en } else { name }.to_string()
        };
        let title = title_of(doc.name, doc.name_en);
        let title_hl = highlight(&self.fold, &title, matched);
        let (snip, snip_hl) = snippet(&self.fold, doc.summary, matched);
        let mut related = Vec::with_capacity(doc.related.len());
        for &rd in &doc.related {
            let r = self.doc(rd)?;
            related.push(Related { id: r.id.to_string(), kind: r.kind, title: title_of(r.name, r.name_en) });
        }
        Ok(Hit {
            id: doc.id.to_string(),
            kind: doc.kind,
            kind_label: doc.kind.label(lang).to_string(),
            title,
            url: (!doc.url.is_empty()).then(|| doc.url.to_string()),
            score: (f64::from(s.score) * 1000.0).round() / 1000.0,
            snippet: snip,
            highlights: crate::response::Highlights { title: title_hl, snippet: snip_hl },
            region: self.labels(Facet::Region, s.doc, lang),
            country: self.labels(Facet::Country, s.doc, lang),
            sector: self.labels(Facet::Sector, s.doc, lang),
            city: (!doc.city.is_empty()).then(|| doc.city.to_string()),
            related,
        })
    }
}

/// Sorts by doc and keeps each doc's best match: fewest typos, then highest score.
fn best_per_doc(mut all: Vec<Scored>) -> Vec<Scored> {
    sort_by(&mut all, |a, b| a.doc.cmp(&b.doc).then(a.typos.cmp(&b.typos)).then(b.score.total_cmp(&a.score)));
    all.dedup_by_key(|s| s.doc);
    all
}

/// Documents in every list (rarest list first), with summed scores and typos.
fn intersect_all(lists: &[Vec<Scored>]) -> Vec<Scored> {
    let mut order: Vec<&Vec<Scored>> = lists.iter().collect();
    sort_by(&mut order, |a, b| a.len().cmp(&b.len()));
    let Some((first, rest)) = order.split_first() else { return Vec::new() };
    let mut acc = (*first).clone();
    for l in rest {
        if acc.is_empty() {
            break;
        }
        acc = intersect(&acc, l);
    }
    acc
}

/// Documents in both sorted lists, with summed scores and typos.
fn intersect(a: &[Scored], b: &[Scored]) -> Vec<Scored> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    while i < a.len() && j < b.len() {
        match a[i].doc.cmp(&b[j].doc) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(Scored { doc: a[i].doc, typos: a[i].typos + b[j].typos, score: a[i].score + b[j].score });
                i += 1;
                j += 1;
            }
        }
    }
    out
}
