//! Stage 2: matching one query word against the term dictionary, in three
//! stages of expansion:
//!
//! - [`Stage::Exact`]: the word itself, the words sharing its stem
//!   ([`crate::stem`]) and, for the last word, the words it starts;
//! - [`Stage::TypoSameFirst`]: words within its typo budget that start with
//!   the same letter (a few dictionary shards);
//! - [`Stage::TypoAny`]: words within its typo budget starting with another
//!   letter (the whole dictionary, less the shards the automaton rules out).
//!
//! Each stage yields, per document, the word's best match by the ranking
//! rules ([`super::rank`]).

use super::combine::union;
use super::query::Word;
use super::rank::{rank, Exactness, Scored, FIELD_TIER};
use crate::format::IndexError;
use crate::fuzzy::{distance, Fuzzy};
use crate::index::{Index, ShardSource};
use crate::scoring::{follows, idf, weight};
use crate::snippet::MatchedTerms;
use crate::stem::stem;
use crate::typo::TypoShards;
use fst::{IntoStreamer, Streamer};

/// Most dictionary terms one query word may expand to in one stage.
pub const MAX_EXPANSIONS: usize = 512;
/// Most dictionary terms read to find a word's stem and prefix expansions.
const MAX_SCANNED: usize = 4096;
/// Score factor of a word matched through its stem.
const STEM_FACTOR: f32 = 0.85;
/// Score factor of a word matched as a prefix of a longer term.
const PREFIX_FACTOR: f32 = 0.7;
/// Score factor of a word matched with typos (divided by the typos).
const TYPO_FACTOR: f32 = 0.5;

/// A stage of expansion of a query word (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Stage {
    /// Word, stem and prefix.
    Exact,
    /// Typos, same first letter.
    TypoSameFirst,
    /// Typos, another first letter.
    TypoAny,
}

/// One dictionary term a query word expanded to.
struct Expansion {
    shard: usize,
    term: String,
    offset: u64,
    typos: u8,
    exact: Exactness,
}

/// The part of a term that decides whether it shares the word's stem: the
/// stem for words of 4+ bytes, else the word itself (a 3-letter word meets
/// the 4-letter plural or form whose stem it is: `hub`, `hubs`).
fn root(word: &str) -> &str {
    if word.len() > crate::stem::MIN_STEM {
        stem(word)
    } else {
        word
    }
}

/// How the exact stage classifies dictionary term `t` for `w`, if at all.
fn classify(w: &Word, t: &str) -> Option<Exactness> {
    if t == w.term {
        Some(Exactness::Word)
    } else if w.term.len() >= crate::stem::MIN_STEM && stem(t) == root(&w.term) {
        Some(Exactness::Stem)
    } else if w.prefix && t.starts_with(w.term.as_str()) {
        Some(Exactness::Prefix)
    } else {
        None
    }
}

impl Index {
    /// Documents matching `w` (query word number `bit`) in `stage`, sorted by
    /// doc, each with its best expansion. Fails with
    /// [`IndexError::MissingShards`] when a shard the stage reads is not loaded.
    pub(crate) fn match_word(
        &self,
        w: &Word,
        bit: usize,
        stage: Stage,
        matched: &mut MatchedTerms,
    ) -> Result<Vec<Scored>, IndexError> {
        if w.prefix {
            matched.set_prefix(&w.term);
        }
        if let Some((list, terms)) = self.fetch_state().memo.stage(bit, w, stage) {
            for t in terms {
                matched.insert(t.clone());
            }
            return Ok(list.to_vec());
        }
        let (shards, ready) = self.shards_for(w, stage)?;
        let complete = self.require(&shards) && ready;
        let expansions = match stage {
            Stage::Exact => self.exact_expansions(w, &shards),
            _ => self.typo_expansions(w, stage, &shards),
        };
        let mut all: Vec<Scored> = Vec::new();
        let mut terms = Vec::new();
        for e in expansions {
            let Some(data) = &self.term_shards[e.shard].data else {
                continue;
            };
            // Typo-free expansions have `typos` 0: divided by 1.
            let factor = [1.0, STEM_FACTOR, PREFIX_FACTOR, TYPO_FACTOR][e.exact as usize]
                / f32::from(e.typos.max(1));
            let start = all.len();
            // The proximity rule: the next query word follows this one (a
            // form of its stem) in the record's name or an alias.
            let next = match e.exact {
                Exactness::Word | Exactness::Stem => w.follower.unwrap_or(0),
                _ => 0,
            };
            data.postings(e.offset, self.records, &mut |doc, impact, field, after| {
                let tier = FIELD_TIER
                    .get(usize::from(field))
                    .copied()
                    .unwrap_or(u8::MAX);
                all.push(Scored {
                    doc,
                    words: 1 << bit,
                    typos: e.typos,
                    proximity: u8::from(next != 0 && follows(after, next)),
                    field: tier,
                    weakest: tier,
                    exact: e.exact as u8,
                    score: weight(impact) * factor,
                });
            })?;
            let df = (all.len() - start) as u32;
            let idf = idf(self.records, df);
            for s in &mut all[start..] {
                s.score *= idf;
            }
            if df > 0 {
                matched.insert(e.term.clone());
                terms.push(e.term);
            }
        }
        let list = best_per_doc(all);
        if complete {
            // Kept for the next run of this query (see [`super::memo`]).
            self.fetch_state()
                .memo
                .set_stage(bit, w, stage, &list, terms);
        }
        Ok(list)
    }

    /// Asks for the files of `shards` not loaded yet, within the fetch
    /// budget ([`Index::need`]); true when every one is loaded.
    pub(crate) fn require(&self, shards: &[usize]) -> bool {
        let missing = self.missing_terms(shards);
        let ready = missing.is_empty();
        self.need(missing);
        ready
    }

    /// The files of `shards` not loaded yet.
    pub(crate) fn missing_terms(&self, shards: &[usize]) -> Vec<String> {
        let mut missing: Vec<String> = Vec::new();
        for &k in shards {
            if let ShardSource::File { name, .. } = &self.term_shards[k].source {
                if self.term_shards[k].data.is_none() && !missing.contains(name) {
                    missing.push(name.clone());
                }
            }
        }
        missing
    }

    /// The term shards `stage` reads for `w`, and false when typo shards
    /// needed to know them are missing (they are asked for, [`Index::need`]).
    ///
    /// The exact stage reads the shards holding the terms that start with the
    /// word's stem (they include the word and, for a prefix, the terms it
    /// starts). With a typo index, both typo stages read the few shards
    /// [`crate::typo`] picks from the word alone (its typo keys, its
    /// candidates' shards, its two-byte range). Without one (a one-file
    /// index) they read those of the terms sharing its first byte, or any
    /// other shard, skipping every shard the automaton rules out.
    fn shards_for(&self, w: &Word, stage: Stage) -> Result<(Vec<usize>, bool), IndexError> {
        if stage != Stage::Exact && self.has_typo_index() {
            return match self.typo_shards_for(&w.term, w.typo_budget(), w.prefix) {
                TypoShards::Ready(shards) => Ok((shards, true)),
                TypoShards::Missing(files) => {
                    self.need(files);
                    Ok((Vec::new(), false))
                }
            };
        }
        let find = |t: &[u8]| self.term_shard_of(t);
        let upper = |lo: &[u8]| {
            let mut hi = lo.to_vec();
            hi.push(0xff);
            find(&hi)
        };
        let t = w.term.as_bytes();
        let budget = w.typo_budget();
        let range = match stage {
            Stage::Exact if w.prefix || t.len() >= crate::stem::MIN_STEM => {
                let r = root(&w.term).as_bytes();
                find(r)..upper(r) + 1
            }
            Stage::Exact => find(t)..find(t) + 1,
            _ if budget == 0 || t.is_empty() => return Ok((Vec::new(), true)),
            Stage::TypoSameFirst => find(&t[..1])..upper(&t[..1]) + 1,
            Stage::TypoAny => 0..self.term_shards.len(),
        };
        let aut = Fuzzy::new(&w.term, budget, w.prefix).filter(|_| stage != Stage::Exact);
        Ok((self.live_shards(range, aut.as_ref()), true))
    }

    /// The term shards in `range` that `aut` does not rule out (every one
    /// without an automaton). A loop rather than iterator chains (each
    /// caller's own): a smaller engine.
    pub(crate) fn live_shards(
        &self,
        range: core::ops::Range<usize>,
        aut: Option<&Fuzzy<'_>>,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        for k in range {
            if aut.is_none_or(|a| self.shard_may_match(k, a)) {
                out.push(k);
            }
        }
        out
    }

    /// The word, its stem's other forms and (for a prefix) the terms it starts,
    /// read from the terms that start with its stem. A stem or prefix is a
    /// typo-free prefix automaton: one automaton type keeps the browser build small.
    fn exact_expansions(&self, w: &Word, shards: &[usize]) -> Vec<Expansion> {
        let mut out = Vec::new();
        let scan = w.prefix || w.term.len() >= crate::stem::MIN_STEM;
        for &k in shards {
            let Some(data) = &self.term_shards[k].data else {
                continue;
            };
            // A root longer than the automaton takes (a long CJK or Hangul word is
            // one token of many bytes) still finds its own whole-word term.
            let aut = if scan {
                Fuzzy::new(root(&w.term), 0, true)
            } else {
                None
            };
            let Some(aut) = aut else {
                if let Some(offset) = data.terms.get(&w.term) {
                    out.push(exp(k, w.term.clone(), offset, 0, Exactness::Word));
                }
                continue;
            };
            let mut s = data.terms.search(aut).into_stream();
            let mut scanned = 0;
            while let Some((t, offset)) = s.next() {
                scanned += 1;
                if out.len() >= MAX_EXPANSIONS || scanned > MAX_SCANNED {
                    break;
                }
                let t = core::str::from_utf8(t).unwrap_or_default();
                if let Some(exact) = classify(w, t) {
                    out.push(exp(k, t.to_string(), offset, 0, exact));
                }
            }
        }
        out
    }

    /// Terms within the word's typo budget that the exact stage did not take,
    /// starting with the same byte ([`Stage::TypoSameFirst`]) or another one.
    fn typo_expansions(&self, w: &Word, stage: Stage, shards: &[usize]) -> Vec<Expansion> {
        let mut out = Vec::new();
        let Some(first) = w.term.as_bytes().first() else {
            return out;
        };
        for &k in shards {
            let Some(data) = &self.term_shards[k].data else {
                continue;
            };
            let Some(aut) = Fuzzy::new(&w.term, w.typo_budget(), w.prefix) else {
                continue;
            };
            let mut s = data.terms.search(aut).into_stream();
            while let Some((t, offset)) = s.next() {
                if out.len() >= MAX_EXPANSIONS {
                    break;
                }
                let same_first = t.first() == Some(first);
                if same_first != (stage == Stage::TypoSameFirst) {
                    continue;
                }
                let t = core::str::from_utf8(t).unwrap_or_default();
                if classify(w, t).is_none() {
                    let typos = distance(&w.term, t, w.prefix).clamp(1, 255) as u8;
                    out.push(exp(k, t.to_string(), offset, typos, Exactness::Typo));
                }
            }
        }
        out
    }
}

fn exp(shard: usize, term: String, offset: u64, typos: u8, exact: Exactness) -> Expansion {
    Expansion {
        shard,
        term,
        offset,
        typos,
        exact,
    }
}

/// Sorts by doc and keeps each doc's best match by [`rank`] (see [`better`]).
///
/// The input is runs sorted by doc (one per expansion, or a word's list and a
/// stage's additions): they are merged pairwise, in O(n log runs), without
/// re-sorting what is already sorted. (A table of one slot per document,
/// O(n + records), measured slower at 185k records, natively and in the
/// browser, even for 95,000 matches.)
pub(crate) fn best_per_doc(all: Vec<Scored>) -> Vec<Scored> {
    if all.windows(2).all(|w| w[0].doc < w[1].doc) {
        return all;
    }
    // The two shortest runs merged first (the optimal merge order): runs
    // kept longest first, each merge put back in its place.
    let mut runs: Vec<Vec<Scored>> = Vec::new();
    for r in all.chunk_by(|a, b| a.doc < b.doc) {
        put(&mut runs, r.to_vec());
    }
    while runs.len() > 1 {
        let (a, b) = (
            runs.pop().unwrap_or_default(),
            runs.pop().unwrap_or_default(),
        );
        put(&mut runs, union(&b, &a, better));
    }
    runs.pop().unwrap_or_default()
}

/// Inserts `run` into `runs`, kept longest first.
fn put(runs: &mut Vec<Vec<Scored>>, run: Vec<Scored>) {
    let at = runs.partition_point(|r| r.len() > run.len());
    runs.insert(at, run);
}

/// The better of one document's two matches of one word by [`rank`] (the
/// first on a tie), leaving their proximity aside, with the higher of it: a
/// word's proximity point comes from whichever of its terms the next word
/// follows in the record.
fn better(a: &Scored, b: &Scored) -> Scored {
    let (mut a, mut b) = (*a, *b);
    a.proximity = a.proximity.max(b.proximity);
    b.proximity = a.proximity;
    if rank(&b, &a) == core::cmp::Ordering::Less {
        b
    } else {
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition: every match of a doc gets the doc's highest
    /// proximity; sort by doc then rank, keep each doc's first.
    fn reference(mut all: Vec<Scored>) -> Vec<Scored> {
        let mut top = std::collections::HashMap::new();
        for s in &all {
            let p = top.entry(s.doc).or_insert(0u8);
            *p = (*p).max(s.proximity);
        }
        for s in &mut all {
            s.proximity = top[&s.doc];
        }
        all.sort_by(|a, b| a.doc.cmp(&b.doc).then_with(|| rank(a, b)));
        all.dedup_by_key(|s| s.doc);
        all
    }

    fn key(v: &[Scored]) -> Vec<(u32, u8, u8, u8, u8, u32)> {
        v.iter()
            .map(|s| {
                (
                    s.doc,
                    s.typos,
                    s.proximity,
                    s.field,
                    s.exact,
                    s.score.to_bits(),
                )
            })
            .collect()
    }

    #[test]
    fn best_per_doc_agrees_with_sorting_on_small_large_sorted_and_unsorted_input() {
        let mut below = crate::test_rng::below(0x2545_f491_4f6c_dd1d);
        let mut next = |m: u32| below(u64::from(m)) as u32;
        for (len, records) in [(10, 50), (5000, 6000), (20_000, 3000), (4096, 65_536)] {
            let all: Vec<Scored> = (0..len)
                .map(|_| Scored {
                    typos: next(3) as u8,
                    field: next(5) as u8,
                    exact: next(3) as u8,
                    proximity: next(2) as u8,
                    score: next(1000) as f32 / 7.0,
                    words: 1,
                    ..Scored::plain(next(records))
                })
                .collect();
            let sorted = reference(all.clone());
            assert_eq!(
                key(&best_per_doc(all.clone())),
                key(&sorted),
                "len {len} records {records}"
            );
            assert_eq!(
                key(&best_per_doc(sorted.clone())),
                key(&sorted),
                "already sorted, len {len}"
            );
            // A few sorted runs (a word's expansions).
            let mut runs = Vec::new();
            for part in all.chunks(len / 3 + 1) {
                runs.extend(reference(part.to_vec()));
            }
            assert_eq!(
                key(&best_per_doc(runs)),
                key(&sorted),
                "three sorted runs, len {len}"
            );
        }
    }
}
