//! Which term shards a typo-tolerant match reads, bounded by the query word
//! rather than by the dictionary.
//!
//! A word's typo pass reads:
//!
//! 1. the typo shards holding the word and its one-byte deletions (a few keys,
//!    see [`crate::format::typo_shard`]): they name every term within one edit,
//!    whatever position the edit is at, the first included. Where those shards
//!    are is in the typo directory files of the keys
//!    ([`crate::format::typo_dir`]), read first;
//! 2. the term shards of those terms (at most [`MAX_CANDIDATE_SHARDS`]);
//! 3. for a prefix word or a word allowed two typos, the term shards of the
//!    terms sharing its first two bytes that the word's automaton does not
//!    rule out (at most [`MAX_RANGE_SHARDS`], nearest the word first): typos
//!    in what is typed so far, and second typos, after the second byte.
//!
//! The Levenshtein automaton then walks those shards only. An index without a
//! typo index (a one-file index, whose whole dictionary is at hand) walks
//! every term shard the automaton does not rule out.

use crate::format::typo_shard::deletions;
use crate::fuzzy::{distance, Fuzzy};
use crate::index::{Index, Shard, TypoShard};

/// Most term shards a word's typo candidates may add.
pub const MAX_CANDIDATE_SHARDS: usize = 8;
/// Most term shards of a word's two-byte range a typo pass may read.
pub const MAX_RANGE_SHARDS: usize = 4;

/// The term shards a typo pass reads for a word, or the typo shard files
/// that must be added first to know them.
pub(crate) enum TypoShards {
    /// Term shard numbers, ascending.
    Ready(Vec<usize>),
    /// Typo directory files, or else typo shard files, not added yet.
    Missing(Vec<String>),
}

/// The shard of `shards` (in key order, by lower bound) whose range holds `key`.
fn shard_of<T>(shards: &[Shard<T>], key: &[u8]) -> usize {
    shards
        .partition_point(|s| s.first.as_slice() <= key)
        .saturating_sub(1)
}

impl Index {
    /// The term shard whose range holds `key`.
    pub(crate) fn term_shard_of(&self, key: &[u8]) -> usize {
        shard_of(&self.term_shards, key)
    }

    /// The typo shard whose range holds `key`: `Ok` with it, `Err` with the
    /// typo directory file to add first; `None` without a typo index.
    fn typo_shard_of(&self, key: &[u8]) -> Option<Result<&TypoShard, &String>> {
        let piece = self.typo_dir.get(shard_of(&self.typo_dir, key))?;
        match &piece.data {
            Some(shards) => shards.get(shard_of(shards, key)).map(Ok),
            None => piece.missing_file().map(Err),
        }
    }

    /// The files to add before the typo shards of `keys` can be read: their
    /// typo directory files if any is missing, else (unless `dir_only`) their
    /// typo shard files.
    fn missing_typo_files(&self, keys: &[Vec<u8>], dir_only: bool) -> Vec<String> {
        let mut dir: Vec<String> = Vec::new();
        let mut typo: Vec<String> = Vec::new();
        for k in keys {
            let Some(found) = self.typo_shard_of(k) else {
                continue;
            };
            let (list, file) = match found {
                Err(piece) => (&mut dir, Some(piece)),
                Ok(shard) => (&mut typo, shard.missing_file()),
            };
            if let Some(f) = file.filter(|f| !list.contains(f)) {
                list.push(f.clone());
            }
        }
        if dir.is_empty() && !dir_only {
            typo
        } else {
            dir
        }
    }

    /// The term shards a typo pass reads for `word` (with `budget` typos; a
    /// `prefix` word matches terms it starts).
    pub(crate) fn typo_shards_for(&self, word: &str, budget: u8, prefix: bool) -> TypoShards {
        let w = word.as_bytes();
        if !self.has_typo_index() {
            // A one-file index: its whole dictionary is at hand.
            let Some(aut) = Fuzzy::new(word, budget, prefix) else {
                return TypoShards::Ready(Vec::new());
            };
            let all = 0..self.term_shards.len();
            return TypoShards::Ready(self.live_shards(all, Some(&aut)));
        }
        let keys = typo_keys(w);
        let range = match prefix || budget > 1 {
            true => self.range_shards(word, budget, prefix),
            false => Vec::new(),
        };
        let mut missing = self.missing_typo_files(&keys, false);
        if !missing.is_empty() {
            // The range shards do not depend on the typo shards: they come in
            // the same round.
            missing.extend(self.missing_terms(&range));
            return TypoShards::Missing(missing);
        }
        let mut shards = self.candidate_shards(word, &keys, budget);
        shards.extend(range);
        sort_near(&mut shards, 0);
        shards.dedup();
        TypoShards::Ready(shards)
    }

    /// The typo directory files a typo pass for `word` reads first, not added
    /// yet: a search asks for them beside its exact stage's files
    /// ([`Index::want`]), so that a typo pass, if one follows, starts a round
    /// earlier.
    pub(crate) fn typo_dir_files(&self, word: &str) -> Vec<String> {
        self.missing_typo_files(&typo_keys(word.as_bytes()), true)
    }

    /// Term shards of the terms the typo index files under `keys` that lie
    /// within `budget` edits of `word`: those of one edit first, in key order.
    fn candidate_shards(&self, word: &str, keys: &[Vec<u8>], budget: u8) -> Vec<usize> {
        let mut found: Vec<(u32, usize)> = Vec::new();
        for key in keys {
            let Some(Ok(Shard {
                data: Some(data), ..
            })) = self.typo_shard_of(key)
            else {
                continue;
            };
            for term in data.terms(key).unwrap_or_default() {
                let Ok(t) = core::str::from_utf8(&term) else {
                    continue;
                };
                let d = distance(word, t, false);
                if d > 0 && d <= u32::from(budget) {
                    found.push((d, self.term_shard_of(&term)));
                }
            }
        }
        let mut shards: Vec<usize> = Vec::new();
        for edits in 1..=u32::from(budget) {
            for &(d, k) in &found {
                if d == edits && shards.len() < MAX_CANDIDATE_SHARDS && !shards.contains(&k) {
                    shards.push(k);
                }
            }
        }
        shards
    }

    /// Term shards of the terms sharing `word`'s first two bytes that its
    /// automaton does not rule out, at most [`MAX_RANGE_SHARDS`], those
    /// nearest the word's own shard first.
    fn range_shards(&self, word: &str, budget: u8, prefix: bool) -> Vec<usize> {
        let w = word.as_bytes();
        let Some(aut) = Fuzzy::new(word, budget, prefix).filter(|_| w.len() >= 2) else {
            return Vec::new();
        };
        let lo = self.term_shard_of(&w[..2]);
        let mut hi_key = w[..2].to_vec();
        hi_key.push(0xff);
        let hi = self.term_shard_of(&hi_key);
        let home = self.term_shard_of(w);
        let mut alive = self.live_shards(lo..hi + 1, Some(&aut));
        sort_near(&mut alive, home);
        alive.truncate(MAX_RANGE_SHARDS);
        alive
    }

    /// False when no term of shard `k` can be accepted by `aut`.
    ///
    /// Every term of a shard starts with the common prefix of its first term and
    /// the next shard's first term (the terms are sorted and range-partitioned),
    /// so a shard is ruled out when the automaton is dead after that prefix.
    pub(crate) fn shard_may_match(&self, k: usize, aut: &Fuzzy<'_>) -> bool {
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
}

/// The keys a word's typo shards are read under: the word and its one-byte
/// deletions.
fn typo_keys(w: &[u8]) -> Vec<Vec<u8>> {
    let mut keys = vec![w.to_vec()];
    for (_, k) in deletions(w) {
        keys.push(k);
    }
    keys
}

/// Sorts shard numbers by their distance from `home` (with `home` 0: in
/// order). One sort instance for both of this module's sorts.
fn sort_near(shards: &mut [usize], home: usize) {
    crate::sort::sort_by(shards, |a, b| a.abs_diff(home).cmp(&b.abs_diff(home)));
}
