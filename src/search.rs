//! Query execution: matching words against the term dictionary (exact, prefix,
//! typo-tolerant), BM25F scoring, disjunctive facet counting, and hit assembly.

use crate::format::IndexError;
use crate::fuzzy::{distance, Fuzzy};
use crate::index::{DocHead, Index, ShardSource, FIELD_COUNT};
use crate::model::{Facet, Lang};
use crate::response::{
    FacetCount, FacetCounts, Hit, Label, Related, SearchRequest, SearchResponse,
};
use crate::snippet::{highlight, snippet, MatchedTerms};
use crate::sort::{sort_by, sort_short_by, top_k};
use crate::text::tokenize;
use fst::{IntoStreamer, Streamer};

/// Relative weight of a match in each field (title, aliases, context, summary).
pub const FIELD_WEIGHTS: [f32; FIELD_COUNT] = [6.0, 5.0, 2.0, 1.0];
/// BM25's term-frequency saturation.
const K1: f32 = 1.2;
/// BM25's length normalization.
const B: f32 = 0.75;

/// The BM25F weight of one term in one document, without the term's IDF,
/// quantized to a byte (1..=255) for the postings (the builder calls this).
///
/// `tf` and `len` are per field the term's frequency and the field's length in
/// tokens; `avg_len` the fields' average lengths over the corpus. The combined
/// frequency is saturated by K1, so the weight lies in `0..K1 + 1` and 255
/// steps lose nothing a ranking can tell apart.
pub fn impact(
    tf: &[u32; FIELD_COUNT],
    len: &[u32; FIELD_COUNT],
    avg_len: &[f32; FIELD_COUNT],
) -> u8 {
    let mut x = 0.0;
    for f in 0..FIELD_COUNT {
        if tf[f] > 0 {
            x += FIELD_WEIGHTS[f] * tf[f] as f32
                / (1.0 - B + B * len[f] as f32 / avg_len[f].max(1.0));
        }
    }
    let saturated = x * (K1 + 1.0) / (x + K1);
    (saturated / (K1 + 1.0) * 255.0).round().clamp(1.0, 255.0) as u8
}

/// Natural logarithm of `x` (> 0), within 2e-5 of `f32::ln` (tested): the
/// exponent times ln 2, plus `2 atanh((m - 1) / (m + 1))` of the mantissa
/// `m` in [1, 2) by four terms of its series. Used for IDF at query time in
/// place of libm's `logf` (0.2 KB gzip of the browser build); the CLI runs
/// the same code, so both rank alike.
fn ln(x: f32) -> f32 {
    let bits = x.to_bits();
    let exponent = ((bits >> 23) & 0xff) as i32 - 127;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    exponent as f32 * core::f32::consts::LN_2
        + 2.0 * t * (1.0 + t2 * (1.0 / 3.0 + t2 * (1.0 / 5.0 + t2 * (1.0 / 7.0))))
}

/// The weight an [`impact`] byte stands for.
fn weight(impact: u8) -> f32 {
    f32::from(impact) * ((K1 + 1.0) / 255.0)
}
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
    /// Edits summed over the query's words.
    typos: u32,
    /// Words matched only as the prefix of a longer term.
    prefixes: u32,
    score: f32,
}

/// Ranking: fewer typos, then fewer prefix-only words (exact beats prefix beats
/// fuzzy), then higher BM25F score, then doc id (name order) for a stable tie-break.
fn rank(a: &Scored, b: &Scored) -> core::cmp::Ordering {
    a.typos
        .cmp(&b.typos)
        .then(a.prefixes.cmp(&b.prefixes))
        .then(b.score.total_cmp(&a.score))
        .then(a.doc.cmp(&b.doc))
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
        // Browsing (no words) matches every document, in doc order: no list is built.
        let matches: Vec<Scored> = if words.is_empty() {
            Vec::new()
        } else {
            // Pass 0 matches exactly and by prefix. Typo tolerance only when that finds
            // nothing, so a correctly typed word is not drowned in near-misses: pass 1
            // allows typos after the first byte (a few dictionary shards), pass 2
            // anywhere (the whole dictionary). Typo passes expand only the words
            // that matched nothing exactly or by prefix, or every word when each
            // matched on its own but not together.
            let n = words.len();
            let prefix = |i: usize| i + 1 == n && last_is_prefix;
            let mut lists: Vec<Vec<Scored>> = vec![Vec::new(); n];
            let mut found = Vec::new();
            let mut expand = vec![true; n];
            for pass in 0..3u8 {
                if pass > 0 && words.iter().all(|w| typo_budget(w.term.len()) == 0) {
                    break;
                }
                if pass == 1 && lists.iter().any(Vec::is_empty) {
                    expand = lists.iter().map(Vec::is_empty).collect();
                }
                let shards: Vec<Vec<usize>> = words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        if expand[i] {
                            self.shards_for(&w.term, prefix(i), pass)
                        } else {
                            Vec::new()
                        }
                    })
                    .collect();
                let mut missing = Vec::new();
                for &k in shards.iter().flatten() {
                    if let ShardSource::File { name, .. } = &self.term_shards[k].source {
                        if self.term_shards[k].data.is_none() && !missing.contains(name) {
                            missing.push(name.clone());
                        }
                    }
                }
                if !missing.is_empty() {
                    return Err(IndexError::MissingShards { files: missing });
                }
                for (i, w) in words.iter().enumerate().filter(|&(i, _)| expand[i]) {
                    let more =
                        self.match_word(&w.term, prefix(i), pass, &shards[i], &mut matched)?;
                    if !more.is_empty() {
                        lists[i] = best_per_doc(
                            std::mem::take(&mut lists[i])
                                .into_iter()
                                .chain(more)
                                .collect(),
                            self.records,
                        );
                    }
                }
                found = intersect_all(&lists);
                if !found.is_empty() {
                    break;
                }
            }
            found
        };

        let wanted = request.offset.saturating_add(request.limit.min(MAX_LIMIT));
        let page: Vec<Scored>;
        let (total, facets) = if words.is_empty() {
            // Browsing keeps doc order, which is name order: only the page is kept.
            let (hits, total, facets) =
                self.filter_and_count(None, request.offset..wanted, request);
            page = hits;
            (total, facets)
        } else {
            let (mut hits, total, facets) =
                self.filter_and_count(Some(&matches), 0..usize::MAX, request);
            top_k(&mut hits, wanted, rank);
            page = hits
                .get(request.offset.min(hits.len())..)
                .unwrap_or(&[])
                .to_vec();
            (total, facets)
        };
        // The page's documents, then their related records' (for titles).
        let page_docs: Vec<u32> = page.iter().map(|s| s.doc).collect();
        let mut missing = self.doc_shard_files(&page_docs);
        if missing.is_empty() {
            let mut related = Vec::new();
            for &d in &page_docs {
                related.extend(self.doc(d)?.related);
            }
            missing = self.doc_shard_files(&related);
        }
        if !missing.is_empty() {
            return Err(IndexError::MissingShards { files: missing });
        }
        let hits = page
            .iter()
            .map(|s| self.hit(s, &matched, request.lang))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SearchResponse {
            query: request.query.clone(),
            total,
            hits,
            facets,
        })
    }

    /// The term shards pass `pass` reads for `word` (see [`Index::search`]).
    ///
    /// Pass 0 reads the shards whose range holds the word (or, for a prefix,
    /// the terms it starts); pass 1 those of the terms sharing its first byte;
    /// pass 2 any shard. Typo passes then skip every shard the automaton rules
    /// out (see [`Index::shard_may_match`]), so a typo query neither fetches
    /// nor scans the whole dictionary.
    fn shards_for(&self, word: &str, prefix: bool, pass: u8) -> Vec<usize> {
        let find = |t: &[u8]| {
            self.term_shards
                .partition_point(|s| s.first.as_slice() <= t)
                .saturating_sub(1)
        };
        let w = word.as_bytes();
        let upper = |lo: &[u8]| {
            let mut hi = lo.to_vec();
            hi.push(0xff);
            find(&hi)
        };
        let budget = typo_budget(w.len());
        let range = match pass {
            0 if prefix => find(w)..=upper(w),
            0 => find(w)..=find(w),
            1 if budget > 0 => find(&w[..1])..=upper(&w[..1]),
            2 if budget > 0 => 0..=self.term_shards.len() - 1,
            _ => return Vec::new(),
        };
        match Fuzzy::new(word, budget, prefix).filter(|_| pass > 0) {
            Some(aut) => range.filter(|&k| self.shard_may_match(k, &aut)).collect(),
            None => range.collect(),
        }
    }

    /// False when no term of shard `k` can be accepted by `aut`.
    ///
    /// Every term of a shard starts with the common prefix of its first term and
    /// the next shard's first term (the terms are sorted and range-partitioned),
    /// so a shard is ruled out when the automaton is dead after that prefix.
    fn shard_may_match(&self, k: usize, aut: &Fuzzy<'_>) -> bool {
        use fst::Automaton;
        let Some(next) = self.term_shards.get(k + 1) else {
            return true;
        };
        let first = &self.term_shards[k].first;
        let mut state = aut.start();
        for (&a, &b) in first.iter().zip(&next.first) {
            if a != b || !aut.can_match(&state) {
                break;
            }
            state = aut.accept(&state, a);
        }
        aut.can_match(&state)
    }

    /// Documents matching one query word in pass `pass`, sorted by doc id, with the
    /// best expansion's score per document.
    ///
    /// Pass 0: the exact term and, with `prefix`, the terms it starts. Pass 1: terms
    /// within the word's typo budget that share its first byte; pass 2: all such
    /// terms. Terms an earlier pass tried are skipped. `shards` are the term
    /// shards to read ([`Index::shards_for`]).
    fn match_word(
        &self,
        word: &str,
        prefix: bool,
        pass: u8,
        shards: &[usize],
        matched: &mut MatchedTerms,
    ) -> Result<Vec<Scored>, IndexError> {
        // (shard, term, offset, typos, prefix-only, factor)
        let mut expansions: Vec<(usize, String, u64, u32, u32, f32)> = Vec::new();
        let w = word.as_bytes();
        let budget = typo_budget(w.len());
        for &k in shards {
            let Some(data) = &self.term_shards[k].data else {
                continue;
            };
            if pass == 0 {
                if let Some(off) = data.terms.get(w) {
                    expansions.push((k, word.to_string(), off, 0, 0, 1.0));
                }
                if prefix {
                    // A prefix is a fuzzy prefix match with no typo: one automaton type
                    // keeps the browser build small.
                    let Some(aut) = Fuzzy::new(word, 0, true) else {
                        continue;
                    };
                    let mut s = data.terms.search(aut).into_stream();
                    while let Some((t, off)) = s.next() {
                        if expansions.len() >= MAX_EXPANSIONS {
                            break;
                        }
                        if t != w {
                            expansions.push((
                                k,
                                String::from(core::str::from_utf8(t).unwrap_or_default()),
                                off,
                                0,
                                1,
                                PREFIX_FACTOR,
                            ));
                        }
                    }
                }
            } else if let Some(aut) = Fuzzy::new(word, budget, prefix) {
                let mut s = data.terms.search(aut).into_stream();
                while let Some((t, off)) = s.next() {
                    if expansions.len() >= MAX_EXPANSIONS {
                        break;
                    }
                    let same_first = t.first() == w.first();
                    let tried = t == w || (prefix && t.starts_with(w)) || (pass == 2 && same_first);
                    if !tried && (pass == 2 || same_first) {
                        let t = String::from(core::str::from_utf8(t).unwrap_or_default());
                        let typos = distance(word, &t, prefix).max(1);
                        expansions.push((k, t, off, typos, 0, FUZZY_FACTOR / typos as f32));
                    }
                }
            }
        }

        let n = self.records as f32;
        let mut all: Vec<Scored> = Vec::new();
        for (k, term, off, typos, prefixes, factor) in expansions {
            let Some(data) = &self.term_shards[k].data else {
                continue;
            };
            let mut df = 0u32;
            let start = all.len();
            self.decode_postings(&data.postings, off, |doc, impact| {
                df += 1;
                all.push(Scored {
                    doc,
                    typos,
                    prefixes,
                    score: weight(impact),
                });
            })?;
            let idf = ln(1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5));
            for s in &mut all[start..] {
                s.score *= factor * idf;
            }
            if df > 0 {
                matched.insert(term);
            }
        }
        if prefix {
            matched.set_prefix(word);
        }
        Ok(best_per_doc(all, self.records))
    }

    /// Applies the filters and counts facet values in one pass over `matches`
    /// (every document when `None`). Returns the hits whose position among all
    /// hits lies in `keep`, the number of hits, and the counts.
    ///
    /// A facet's counts include documents that pass every *other* facet's filter
    /// (disjunctive faceting), so selecting a region leaves the other regions'
    /// counts visible.
    fn filter_and_count(
        &self,
        matches: Option<&[Scored]>,
        keep: core::ops::Range<usize>,
        request: &SearchRequest,
    ) -> (Vec<Scored>, usize, FacetCounts) {
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
        let active: Vec<usize> = Facet::ALL
            .iter()
            .filter(|f| !request.filters[f.index()].is_empty())
            .map(|f| f.index())
            .collect();
        let mut counts: Vec<Vec<usize>> = Facet::ALL
            .iter()
            .map(|&f| vec![0; self.facet(f).values.len()])
            .collect();
        let n = matches.map_or(self.records as usize, <[Scored]>::len);
        let mut hits = Vec::new();
        let mut total = 0;
        for i in 0..n {
            let s = match matches {
                Some(m) => m[i],
                None => Scored {
                    doc: i as u32,
                    typos: 0,
                    prefixes: 0,
                    score: 0.0,
                },
            };
            let mut fails = 0u32;
            for &f in &active {
                if !self.facets[f]
                    .of(s.doc)
                    .iter()
                    .any(|&v| selected[f][v as usize])
                {
                    fails |= 1 << f;
                }
            }
            if fails == 0 {
                if keep.contains(&total) {
                    hits.push(s);
                }
                total += 1;
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
                    list.push(FacetCount {
                        value: value.code.clone(),
                        label: label.clone(),
                        count: counts[f.index()][v],
                        selected: sel,
                    });
                }
            }
            // Selected codes the index does not know are listed too, so they can be removed.
            for code in &request.filters[f.index()] {
                if col.find(code).is_none() && !list.iter().any(|c| &c.value == code) {
                    list.push(FacetCount {
                        value: code.clone(),
                        label: code.clone(),
                        count: 0,
                        selected: true,
                    });
                }
            }
            sort_by(list, |a, b| {
                b.count
                    .cmp(&a.count)
                    .then_with(|| a.label.cmp(&b.label))
                    .then_with(|| a.value.cmp(&b.value))
            });
            if request.facet_limit > 0 && list.len() > request.facet_limit {
                // Keep the first `facet_limit` values, and every selected one after them.
                let mut i = 0;
                list.retain(|c| {
                    i += 1;
                    i <= request.facet_limit || c.selected
                });
            }
        }
        (hits, total, out)
    }

    /// A hit's values of `facet`, ordered by code (the index stores values most
    /// frequent first, which is no order for a reader).
    fn labels(&self, facet: Facet, doc: u32, lang: Lang) -> Vec<Label> {
        let col = self.facet(facet);
        let mut out: Vec<Label> = col
            .of(doc)
            .iter()
            .filter_map(|&v| col.values.get(v as usize))
            .map(|v| Label {
                value: v.code.clone(),
                label: match lang {
                    Lang::It => v.label_it.clone(),
                    Lang::En => v.label_en.clone(),
                },
            })
            .collect();
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
        for &rd in &doc.related {
            let r = self.doc(rd)?.head;
            related.push(Related {
                id: r.id.to_string(),
                kind: r.kind,
                title: title_of(&r),
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
            related,
        })
    }
}

/// Sorts by doc and keeps each doc's best match by [`rank`].
///
/// A large unsorted input (a short prefix's hundreds of expansions) goes
/// through one slot per document, in doc order, instead of a sort.
fn best_per_doc(mut all: Vec<Scored>, records: u32) -> Vec<Scored> {
    let large = all.len() >= 4096 && all.len() >= records as usize / 16;
    if large && !all.windows(2).all(|w| w[0].doc < w[1].doc) {
        let empty = Scored {
            doc: u32::MAX,
            typos: 0,
            prefixes: 0,
            score: 0.0,
        };
        let mut best = vec![empty; records as usize];
        for s in all {
            // Posting decoding guarantees doc < records.
            if let Some(slot) = best.get_mut(s.doc as usize) {
                if slot.doc == u32::MAX || rank(&s, slot) == core::cmp::Ordering::Less {
                    *slot = s;
                }
            }
        }
        best.retain(|s| s.doc != u32::MAX);
        return best;
    }
    sort_by(&mut all, |a, b| a.doc.cmp(&b.doc).then_with(|| rank(a, b)));
    all.dedup_by_key(|s| s.doc);
    all
}

/// Documents in every list (rarest list first), with summed scores and typos.
fn intersect_all(lists: &[Vec<Scored>]) -> Vec<Scored> {
    let mut order: Vec<&Vec<Scored>> = lists.iter().collect();
    sort_short_by(&mut order, |a, b| a.len().cmp(&b.len()));
    let Some((first, rest)) = order.split_first() else {
        return Vec::new();
    };
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
                out.push(Scored {
                    doc: a[i].doc,
                    typos: a[i].typos + b[j].typos,
                    prefixes: a[i].prefixes + b[j].prefixes,
                    score: a[i].score + b[j].score,
                });
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition: sort by doc then rank, keep each doc's first.
    fn reference(mut all: Vec<Scored>) -> Vec<Scored> {
        all.sort_by(|a, b| a.doc.cmp(&b.doc).then_with(|| rank(a, b)));
        all.dedup_by_key(|s| s.doc);
        all
    }

    fn key(v: &[Scored]) -> Vec<(u32, u32, u32, u32)> {
        v.iter()
            .map(|s| (s.doc, s.typos, s.prefixes, s.score.to_bits()))
            .collect()
    }

    #[test]
    fn ln_is_close_to_std_over_the_idf_range() {
        let mut worst = 0f32;
        let mut x = 1.0f32;
        while x < 4.0e6 {
            worst = worst.max((ln(x) - x.ln()).abs());
            x *= 1.000_37;
        }
        assert!(worst < 2e-5, "worst error {worst}");
        assert_eq!(ln(1.0), 0.0);
    }

    #[test]
    fn best_per_doc_agrees_with_sorting_on_small_large_sorted_and_unsorted_input() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u32| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % u64::from(m)) as u32
        };
        for (len, records) in [(10, 50), (5000, 6000), (20_000, 3000), (4096, 65_536)] {
            let all: Vec<Scored> = (0..len)
                .map(|_| Scored {
                    doc: next(records),
                    typos: next(3),
                    prefixes: next(2),
                    score: next(1000) as f32 / 7.0,
                })
                .collect();
            assert_eq!(
                key(&best_per_doc(all.clone(), records)),
                key(&reference(all.clone())),
                "len {len} records {records}"
            );
            let sorted = reference(all);
            assert_eq!(
                key(&best_per_doc(sorted.clone(), records)),
                key(&sorted),
                "already sorted, len {len}"
            );
        }
    }
}
