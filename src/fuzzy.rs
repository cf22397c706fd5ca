//! A lazy Levenshtein automaton for the term dictionary.
//!
//! `fst`'s own `Levenshtein` builds a DFA up front: milliseconds per query word at
//! distance 2, on every keystroke. This automaton instead carries one row of the
//! edit-distance table as its state and computes the next row when the fst walk
//! asks for it, so it only does work on the dictionary paths that can still
//! match. It counts a transposition of two neighbouring bytes as one edit
//! (optimal string alignment distance) and can match whole terms or prefixes.

use fst::Automaton;

/// Longest query word (in bytes) that gets typo tolerance.
pub const MAX_FUZZY_BYTES: usize = 32;
const W: usize = MAX_FUZZY_BYTES + 1;

/// Matches terms within `max` edits of a query word.
#[derive(Debug, Clone)]
pub struct Fuzzy<'q> {
    query: &'q [u8],
    max: u8,
    prefix: bool,
}

impl<'q> Fuzzy<'q> {
    /// An automaton for `query` (at most [`MAX_FUZZY_BYTES`] bytes, else `None`).
    /// With `prefix`, a term matches when one of its prefixes is within `max` edits.
    pub fn new(query: &'q str, max: u8, prefix: bool) -> Option<Self> {
        (query.len() <= MAX_FUZZY_BYTES).then_some(Fuzzy {
            query: query.as_bytes(),
            max,
            prefix,
        })
    }
}

/// The automaton's state: the last two rows of the edit-distance table.
#[derive(Debug, Clone)]
pub struct Row {
    prev: [u8; W],
    cur: [u8; W],
    last: Option<u8>,
    /// A prefix already matched (prefix mode): every extension matches.
    done: bool,
}

impl Automaton for Fuzzy<'_> {
    type State = Option<Row>;

    fn start(&self) -> Option<Row> {
        let mut cur = [u8::MAX; W];
        for (i, c) in cur.iter_mut().enumerate().take(self.query.len() + 1) {
            *c = i as u8;
        }
        let done = self.prefix && self.query.len() <= self.max as usize;
        Some(Row {
            prev: [u8::MAX; W],
            cur,
            last: None,
            done,
        })
    }

    fn is_match(&self, state: &Option<Row>) -> bool {
        state
            .as_ref()
            .is_some_and(|r| r.done || r.cur[self.query.len()] <= self.max)
    }

    fn can_match(&self, state: &Option<Row>) -> bool {
        state
            .as_ref()
            .is_some_and(|r| r.done || r.cur[..=self.query.len()].iter().any(|&c| c <= self.max))
    }

    fn will_always_match(&self, state: &Option<Row>) -> bool {
        state.as_ref().is_some_and(|r| r.done)
    }

    fn accept(&self, state: &Option<Row>, byte: u8) -> Option<Row> {
        let r = state.as_ref()?;
        if r.done {
            return Some(r.clone());
        }
        let q = self.query;
        let mut next = [u8::MAX; W];
        next[0] = r.cur[0].saturating_add(1);
        for i in 1..=q.len() {
            let sub = r.cur[i - 1].saturating_add(u8::from(q[i - 1] != byte));
            let mut best = sub
                .min(r.cur[i].saturating_add(1))
                .min(next[i - 1].saturating_add(1));
            if i >= 2 && r.last == Some(q[i - 1]) && q[i - 2] == byte {
                best = best.min(r.prev[i - 2].saturating_add(1));
            }
            next[i] = best;
        }
        let done = self.prefix && next[q.len()] <= self.max;
        let row = Row {
            prev: r.cur,
            cur: next,
            last: Some(byte),
            done,
        };
        self.can_match(&Some(row.clone())).then_some(row)
    }
}

/// Edit distance (with transpositions) between `query` and `term`; with `prefix`,
/// the smallest distance between `query` and any prefix of `term`.
pub fn distance(query: &str, term: &str, prefix: bool) -> u32 {
    let (q, t) = (query.as_bytes(), term.as_bytes());
    let mut prev: Vec<u32> = Vec::new();
    let mut cur: Vec<u32> = (0..=q.len() as u32).collect();
    let mut best = cur[q.len()];
    for (j, &b) in t.iter().enumerate() {
        let mut next = vec![0u32; q.len() + 1];
        next[0] = j as u32 + 1;
        for i in 1..=q.len() {
            let mut v = (cur[i - 1] + u32::from(q[i - 1] != b))
                .min(cur[i] + 1)
                .min(next[i - 1] + 1);
            if i >= 2 && j >= 1 && t[j - 1] == q[i - 1] && q[i - 2] == b {
                v = v.min(prev[i - 2] + 1);
            }
            next[i] = v;
        }
        prev = std::mem::replace(&mut cur, next);
        best = best.min(cur[q.len()]);
    }
    if prefix {
        best
    } else {
        cur[q.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Set, Streamer};

    fn matches(words: &[&str], query: &str, max: u8, prefix: bool) -> Vec<String> {
        let mut sorted = words.to_vec();
        sorted.sort_unstable();
        let set = Set::from_iter(sorted).unwrap();
        let aut = Fuzzy::new(query, max, prefix).unwrap();
        let mut s = set.search(aut).into_stream();
        let mut out = Vec::new();
        while let Some(k) = s.next() {
            out.push(String::from_utf8(k.to_vec()).unwrap());
        }
        out
    }

    #[test]
    fn finds_terms_within_distance_one() {
        let words = ["rosatom", "rosario", "rotary", "sechenov"];
        assert_eq!(matches(&words, "rosatm", 1, false), ["rosatom"]);
        assert_eq!(matches(&words, "rostaom", 1, false), ["rosatom"]);
        assert_eq!(matches(&words, "sechenvo", 1, false), ["sechenov"]);
        assert!(matches(&words, "xyzxyz", 1, false).is_empty());
    }

    #[test]
    fn prefix_mode_matches_extensions() {
        let words = ["universita", "universitaria", "university", "uniti"];
        assert_eq!(
            matches(&words, "univrs", 1, true),
            ["universita", "universitaria", "university"]
        );
    }

    #[test]
    fn automaton_agrees_with_the_distance_function() {
        let words = [
            "abcd", "abdc", "acbd", "bacd", "abcde", "abc", "xbcd", "axxd", "dcba",
        ];
        for q in ["abcd", "abdc", "bcd", "abcdd"] {
            for max in [1u8, 2] {
                for prefix in [false, true] {
                    let got = matches(&words, q, max, prefix);
                    let mut want: Vec<String> = words
                        .iter()
                        .filter(|w| distance(q, w, prefix) <= max as u32)
                        .map(|w| w.to_string())
                        .collect();
                    want.sort();
                    assert_eq!(got, want, "query {q} max {max} prefix {prefix}");
                }
            }
        }
    }
}
