//! A typo shard: a range of the typo index, a deletion neighbourhood
//! (SymSpell-style) of the term dictionary.
//!
//! Every term of [`MIN_TERM`] to [`crate::fuzzy::MAX_FUZZY_BYTES`] bytes is
//! filed under itself and, from [`MIN_DELETION_TERM`] bytes on, under each of
//! its one-byte deletions. Two words within one edit (insertion, deletion,
//! substitution or transposition of neighbours, at any position, the first
//! included) share a key: a typo is found by looking up the query word's own
//! deletions, a few keys whatever the size of the dictionary.
//!
//! Layout: the length-prefixed bytes of an `fst` map from key to an offset in
//! the values, then the length-prefixed values: per key the number of terms,
//! then per term one byte `p` and, unless `p` is 255 (the term is the key
//! itself), one byte `b`: the term is the key with `b` inserted at byte `p`.

use super::fst_write::FstWriter;
use super::{corrupt, IndexError};
use crate::codec::{Reader, Writer};

/// Shortest term filed under itself (a 4-byte query word, the shortest with
/// a typo budget, can be a 3-byte term plus one byte).
pub const MIN_TERM: usize = 3;
/// Shortest term also filed under its deletions.
pub const MIN_DELETION_TERM: usize = 4;
/// The position byte that marks a term equal to its key.
const SELF: u8 = 255;
/// Average bytes a key costs in a shard's `fst`, for sizing shards.
pub const FST_BYTES_PER_KEY: usize = 6;

/// How a term is rebuilt from a key: `None` for the key itself, or the byte
/// inserted and where.
pub type Insertion = Option<(u8, u8)>;

/// The keys `term` is filed under, with how to rebuild it from each:
/// itself, then each distinct one-byte deletion (terms outside
/// [`MIN_TERM`]..=[`crate::fuzzy::MAX_FUZZY_BYTES`] bytes: none).
pub fn keys_of(term: &[u8]) -> Vec<(Vec<u8>, Insertion)> {
    if term.len() < MIN_TERM || term.len() > crate::fuzzy::MAX_FUZZY_BYTES {
        return Vec::new();
    }
    let mut out = vec![(term.to_vec(), None)];
    if term.len() >= MIN_DELETION_TERM {
        out.extend(
            deletions(term)
                .into_iter()
                .map(|(p, k)| (k, Some((p as u8, term[p])))),
        );
    }
    out
}

/// Calls `each(key, insertion)` for the keys of `term`, in the order
/// [`keys_of`] lists them (a test checks that they agree), without
/// allocating: the builder files every term. Builder only, so that the
/// browser build's code stays as it was.
#[cfg(feature = "builder")]
pub fn each_key(term: &[u8], mut each: impl FnMut(&[u8], Insertion)) {
    const MAX: usize = crate::fuzzy::MAX_FUZZY_BYTES;
    if term.len() < MIN_TERM || term.len() > MAX {
        return;
    }
    each(term, None);
    if term.len() < MIN_DELETION_TERM {
        return;
    }
    let mut key = [0u8; MAX];
    let len = term.len() - 1;
    for p in (0..term.len()).filter(|&p| p == 0 || term[p] != term[p - 1]) {
        key[..p].copy_from_slice(&term[..p]);
        key[p..len].copy_from_slice(&term[p + 1..]);
        each(&key[..len], Some((p as u8, term[p])));
    }
}

/// The distinct one-byte deletions of `word`, with the position deleted (the
/// first of a run of equal bytes).
pub fn deletions(word: &[u8]) -> Vec<(usize, Vec<u8>)> {
    // A loop rather than an iterator chain: a smaller engine.
    let mut out = Vec::new();
    for p in 0..word.len() {
        if p == 0 || word[p] != word[p - 1] {
            let mut k = word.to_vec();
            k.remove(p);
            out.push((p, k));
        }
    }
    out
}

/// Writes one typo shard; keys must come in strictly ascending byte order.
pub struct TypoShardWriter {
    keys: FstWriter,
    values: Writer,
    count: usize,
}

impl Default for TypoShardWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl TypoShardWriter {
    /// An empty shard.
    pub fn new() -> Self {
        TypoShardWriter {
            keys: FstWriter::new(),
            values: Writer::new(),
            count: 0,
        }
    }

    /// Files the terms `insertions` rebuild under `key`. Panics if `key` does
    /// not sort after the previous one.
    pub fn insert(&mut self, key: &[u8], insertions: &[Insertion]) {
        self.keys
            .insert(key, self.values.buf.len() as u64)
            .expect("keys in ascending order");
        self.count += 1;
        self.values.varint(insertions.len() as u64);
        for ins in insertions {
            match ins {
                None => self.values.u8(SELF),
                Some((p, b)) => {
                    self.values.u8(*p);
                    self.values.u8(*b);
                }
            }
        }
    }

    /// Estimated size so far.
    pub fn estimate(&self) -> usize {
        self.values.buf.len() + FST_BYTES_PER_KEY * self.count
    }

    /// The shard's bytes.
    pub fn finish(self) -> Vec<u8> {
        let mut w = Writer::new();
        w.bytes(&self.keys.finish());
        w.bytes(&self.values.buf);
        w.buf
    }
}

/// A decoded typo shard.
#[derive(Debug)]
pub struct TypoData {
    keys: fst::Map<Vec<u8>>,
    values: Vec<u8>,
}

impl TypoData {
    /// Reads a typo shard (the fst's checksum is verified).
    pub fn decode(bytes: &[u8]) -> Result<TypoData, IndexError> {
        let mut r = Reader::new(bytes);
        let fst_bytes = r.bytes().map_err(corrupt("typo shard"))?;
        let values = r.bytes().map_err(corrupt("typo shard"))?.to_vec();
        if !r.is_empty() {
            return Err(IndexError::corrupt("typo shard has trailing bytes"));
        }
        if !crate::codec::fst_checksum_ok(fst_bytes) {
            return Err(IndexError::corrupt("typo index checksum mismatch"));
        }
        #[cfg(not(target_arch = "wasm32"))]
        crate::fst_check::check(fst_bytes).map_err(IndexError::corrupt)?;
        let keys = fst::Map::new(fst_bytes.to_vec())
            .map_err(|_| IndexError::corrupt("typo index cannot be read"))?;
        Ok(TypoData { keys, values })
    }

    /// The terms filed under `key`, in the order the builder wrote them.
    pub fn terms(&self, key: &[u8]) -> Result<Vec<Vec<u8>>, IndexError> {
        let Some(offset) = self.keys.get(key) else {
            return Ok(Vec::new());
        };
        let bad = corrupt("typo shard");
        let mut r = Reader::new(
            self.values
                .get(offset as usize..)
                .ok_or_else(|| IndexError::corrupt("typo offset out of range"))?,
        );
        let n = r.count(1).map_err(&bad)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let p = r.u8().map_err(&bad)?;
            let mut term = key.to_vec();
            if p != SELF {
                let b = r.u8().map_err(&bad)?;
                if p as usize > term.len() {
                    return Err(IndexError::corrupt("typo insertion out of range"));
                }
                term.insert(p as usize, b);
            }
            out.push(term);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn round_trip_rebuilds_every_term_from_each_of_its_keys() {
        let terms: [&[u8]; 4] = [b"roma", b"rosa", b"pisa", b"oma"];
        let mut index: BTreeMap<Vec<u8>, Vec<Insertion>> = BTreeMap::new();
        for t in terms {
            for (k, ins) in keys_of(t) {
                index.entry(k).or_default().push(ins);
            }
        }
        let mut w = TypoShardWriter::new();
        for (k, ins) in &mut index {
            ins.sort_unstable();
            w.insert(k, ins);
        }
        let data = TypoData::decode(&w.finish()).unwrap();
        for t in terms {
            for (k, _) in keys_of(t) {
                assert!(data.terms(&k).unwrap().contains(&t.to_vec()), "{k:?}");
            }
        }
        // "oma" is a term and the deletion of "roma"'s first letter.
        assert_eq!(
            data.terms(b"oma").unwrap(),
            [b"oma".to_vec(), b"roma".to_vec()]
        );
        assert_eq!(data.terms(b"rsa").unwrap(), [b"rosa".to_vec()]);
        assert!(data.terms(b"zzz").unwrap().is_empty());
    }

    #[test]
    #[cfg(feature = "builder")]
    fn each_key_lists_the_keys_of() {
        let long = [b'z'; 32];
        let terms: [&[u8]; 7] = [b"", b"ab", b"abc", b"roma", b"llama", b"aaaa", &long];
        for t in terms.into_iter().chain([&[b'y'; 33][..]]) {
            let mut got = Vec::new();
            each_key(t, |k, ins| got.push((k.to_vec(), ins)));
            assert_eq!(got, keys_of(t), "{t:?}");
        }
    }

    #[test]
    fn deletions_skip_repeats_and_short_or_long_terms_have_no_keys() {
        let d: Vec<Vec<u8>> = deletions(b"llama").into_iter().map(|(_, k)| k).collect();
        assert_eq!(
            d,
            [
                b"lama".to_vec(),
                b"llma".to_vec(),
                b"llaa".to_vec(),
                b"llam".to_vec()
            ]
        );
        assert!(keys_of(b"ab").is_empty());
        assert_eq!(keys_of(b"abc").len(), 1);
        assert!(keys_of(&[b'a'; 33]).is_empty());
    }
}
