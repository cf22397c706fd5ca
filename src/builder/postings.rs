//! Gathering the records' analysed terms into one posting list per term,
//! sorted by term, each posting with its weight ([`impact`]) and best field: a hash map from term to list while the records are read
//! in doc order (so every list ascends by doc), then one sort of the distinct
//! terms. The result does not depend on the hash: only on the terms.

use super::analyze::Analyzed;
use crate::format::term_shard::Posting;
use crate::scoring::{best_field, impact, FIELD_COUNT};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// One term's postings ([`Posting`]: doc, weight, best field, followers) in
/// ascending doc order.
pub(super) type PostingList = Vec<Posting>;

/// Every term of `analyzed` (record `d` is document `d`) with its postings,
/// weighted with the average field lengths `avg_len`, sorted by term.
pub(super) fn gather<'a>(
    analyzed: &'a [Analyzed<'_>],
    avg_len: &[f32; FIELD_COUNT],
) -> Vec<(&'a str, PostingList)> {
    let mut slot: HashMap<&str, usize, BuildHasherDefault<FxHasher>> = HashMap::default();
    let mut lists: Vec<(&str, PostingList)> = Vec::new();
    for (d, a) in analyzed.iter().enumerate() {
        let lens = a.lens.map(u32::from);
        for (term, tf) in &a.terms {
            let k = *slot.entry(term.as_str()).or_insert_with(|| {
                lists.push((term.as_str(), Vec::new()));
                lists.len() - 1
            });
            let followers = followers_of(&a.followers, term);
            lists[k].1.push((
                d as u32,
                impact(tf, &lens, avg_len),
                best_field(tf),
                followers,
            ));
        }
    }
    drop(slot);
    lists.sort_unstable_by(|a, b| a.0.cmp(b.0));
    lists
}

/// The keys of the words that follow `term` in a record's name or aliases,
/// from its `(word, key)` list: the first two distinct, low half first (a
/// word followed by a third distinct word there loses that pair: the
/// proximity rule counts it not).
fn followers_of(all: &[(String, u16)], term: &str) -> u32 {
    let mut out = 0u32;
    for (w, k) in all {
        if w != term || out as u16 == *k {
            continue;
        }
        if out == 0 {
            out = u32::from(*k);
        } else {
            return out | u32::from(*k) << 16;
        }
    }
    out
}

/// rustc's FxHash: one multiply and rotate per 8 bytes, fast on short keys
/// such as terms. Not resistant to chosen collisions, which only cost time
/// here (at most the time of the sort that follows).
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

impl FxHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, mut bytes: &[u8]) {
        while let Some((word, rest)) = bytes.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*word));
            bytes = rest;
        }
        if let Some((word, rest)) = bytes.split_first_chunk::<4>() {
            self.add(u64::from(u32::from_le_bytes(*word)));
            bytes = rest;
        }
        for &b in bytes {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzed(terms: &[&str]) -> Analyzed<'static> {
        Analyzed {
            terms: terms
                .iter()
                .map(|t| (t.to_string(), [t.len() as u32, 0, 0, 0, 0, 0]))
                .collect(),
            lens: [0; FIELD_COUNT],
            texts: Vec::new(),
            followers: Vec::new(),
        }
    }

    #[test]
    fn a_term_keeps_its_first_two_distinct_followers() {
        let f = |w: &str, k: u16| (w.to_string(), k);
        let all = [
            f("cell", 7),
            f("factory", 9),
            f("cell", 7),
            f("cell", 4),
            f("cell", 5),
        ];
        assert_eq!(followers_of(&all, "cell"), 7 | 4 << 16);
        assert_eq!(followers_of(&all, "factory"), 9);
        assert_eq!(followers_of(&all, "lab"), 0);
    }

    #[test]
    fn lists_are_sorted_by_term_and_ascend_by_doc() {
        let docs = [
            analyzed(&["roma", "pisa"]),
            analyzed(&["pisa"]),
            analyzed(&["ancona", "roma"]),
        ];
        let got = gather(&docs, &[1.0; FIELD_COUNT]);
        let terms: Vec<&str> = got.iter().map(|(t, _)| *t).collect();
        assert_eq!(terms, ["ancona", "pisa", "roma"]);
        let docs_of = |k: usize| got[k].1.iter().map(|p| p.0).collect::<Vec<_>>();
        assert_eq!(docs_of(0), [2]);
        assert_eq!(docs_of(1), [0, 1]);
        assert_eq!(docs_of(2), [0, 2]);
        let (tf, lens) = ([4, 0, 0, 0, 0, 0], [0; FIELD_COUNT]);
        let weight = impact(&tf, &lens, &[1.0; FIELD_COUNT]);
        assert_eq!(got[2].1[0], (0, weight, best_field(&tf), 0));
    }
}
