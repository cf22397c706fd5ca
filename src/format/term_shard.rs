//! A term shard: a range of the term dictionary with its postings.
//!
//! Layout: the length-prefixed bytes of an `fst` map from folded term to the
//! offset of its posting list, then the length-prefixed postings: per term the
//! document count, then per document the varint `doc-id delta * 8 + code`
//! (the delta of the first from 0), where the code is the best field (the
//! field where the term weighs most, [`crate::scoring::best_field`]) below
//! [`FOLLOWED_NAME`], [`FOLLOWED_NAME`] for the name with followers, or
//! [`FOLLOWED`] for followers and a best field in the next byte; then one
//! byte, the term's BM25F weight in the document without IDF
//! ([`crate::scoring::impact`]); then, with followers, their count (1 or 2)
//! and their keys ([`crate::scoring::follower_key`], u16 LE, never 0): the
//! words that follow the term in the record's name or aliases, for the
//! proximity rule.

use super::fst_write::FstWriter;
use super::{corrupt, IndexError};
use crate::codec::{Reader, Truncated, Writer};

/// Average bytes a term costs in a shard's `fst` (measured on the shared
/// corpora: 9-11), for sizing shards before the fst is built.
pub const FST_BYTES_PER_TERM: usize = 10;

/// Posting code: the name is the best field, followers follow.
pub const FOLLOWED_NAME: u8 = 6;
/// Posting code: followers follow; the best field is in the next byte.
pub const FOLLOWED: u8 = 7;

/// One posting: `(doc, weight, best field, followers)`, the followers two
/// keys in a `u32` (low half first, 0 for none; see
/// [`crate::scoring::follows`]).
pub type Posting = (u32, u8, u8, u32);

/// Writes one term shard; terms must come in strictly ascending byte order.
pub struct TermShardWriter {
    terms: FstWriter,
    postings: Writer,
    count: usize,
}

impl Default for TermShardWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl TermShardWriter {
    /// An empty shard.
    pub fn new() -> Self {
        TermShardWriter {
            terms: FstWriter::new(),
            postings: Writer::new(),
            count: 0,
        }
    }

    /// Adds `term` with its postings in ascending doc order (weights
    /// 1..=255, fields below [`FOLLOWED_NAME`]). Panics if `term` does not sort
    /// after the previous one: the builder's terms come from an ordered map.
    pub fn insert(&mut self, term: &[u8], postings: impl ExactSizeIterator<Item = Posting>) {
        self.terms
            .insert(term, self.postings.buf.len() as u64)
            .expect("terms in ascending order");
        self.count += 1;
        self.postings.varint(postings.len() as u64);
        let mut prev = 0u32;
        for (doc, weight, field, followers) in postings {
            let keys = [followers as u16, (followers >> 16) as u16];
            let n = keys.iter().filter(|&&k| k != 0).count();
            let code = match (n == 0, field) {
                (true, f) => f & 7,
                (false, 0) => FOLLOWED_NAME,
                (false, _) => FOLLOWED,
            };
            self.postings
                .varint(u64::from(doc - prev) << 3 | u64::from(code));
            prev = doc;
            if code == FOLLOWED {
                self.postings.u8(field);
            }
            self.postings.u8(weight);
            if n > 0 {
                self.postings.u8(n as u8);
                for k in keys.into_iter().filter(|&k| k != 0) {
                    self.postings.buf.extend_from_slice(&k.to_le_bytes());
                }
            }
        }
    }

    /// Estimated size so far: postings plus [`FST_BYTES_PER_TERM`] per term.
    pub fn estimate(&self) -> usize {
        self.postings.buf.len() + FST_BYTES_PER_TERM * self.count
    }

    /// Number of terms added.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when no term was added.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The shard's bytes.
    pub fn finish(self) -> Vec<u8> {
        let mut w = Writer::new();
        w.bytes(&self.terms.finish());
        w.bytes(&self.postings.buf);
        w.buf
    }
}

/// A decoded term shard.
#[derive(Debug)]
pub struct TermData {
    /// Folded term -> offset of its posting list in `postings`.
    pub terms: fst::Map<Vec<u8>>,
    postings: Vec<u8>,
}

impl TermData {
    /// Reads a term shard; the fst's own checksum is verified (fst trusts its
    /// input when walking it). Posting lists are checked as they are read.
    pub fn decode(bytes: &[u8]) -> Result<TermData, IndexError> {
        let mut r = Reader::new(bytes);
        let fst_bytes = r.bytes().map_err(corrupt("term shard"))?;
        let postings = r.bytes().map_err(corrupt("term shard"))?.to_vec();
        if !r.is_empty() {
            return Err(IndexError::corrupt("term shard has trailing bytes"));
        }
        let terms = fst::Map::new(fst_bytes.to_vec())
            .map_err(|_| IndexError::corrupt("term dictionary cannot be read"))?;
        if !crate::codec::fst_checksum_ok(fst_bytes) {
            return Err(IndexError::corrupt("term dictionary checksum mismatch"));
        }
        // A valid checksum is easy to forge: natively, check the structure too, so a
        // crafted dictionary is refused here rather than aborting the process later.
        #[cfg(not(target_arch = "wasm32"))]
        crate::fst_check::check(fst_bytes).map_err(IndexError::corrupt)?;
        Ok(TermData { terms, postings })
    }

    /// Calls `each(doc, weight, best field, followers)` for the posting list at
    /// `offset`, in ascending doc order (followers as in [`Posting`]); every
    /// doc must lie below `records`, every field below
    /// [`crate::scoring::FIELD_COUNT`]. (`each` is a trait object: one copy of
    /// the decoder in the browser build.)
    pub fn postings(
        &self,
        offset: u64,
        records: u32,
        each: &mut dyn FnMut(u32, u8, u8, u32),
    ) -> Result<(), IndexError> {
        let start = usize::try_from(offset).map_err(|_| IndexError::corrupt("posting offset"))?;
        let Some(list) = self.postings.get(start..) else {
            return Err(IndexError::corrupt("posting offset out of range"));
        };
        read_postings(&mut Reader::new(list), records, each).map_err(|e| match e {
            Bad::Cut => corrupt("POSTINGS")(Truncated),
            Bad::Wrong(what) => IndexError::corrupt(what),
        })
    }
}

/// Why a posting list cannot be read: cut short, or a value it may not hold.
enum Bad {
    Cut,
    Wrong(&'static str),
}

impl From<Truncated> for Bad {
    fn from(_: Truncated) -> Bad {
        Bad::Cut
    }
}

/// [`TermData::postings`]' loop: every read a plain `?` (one error type for
/// the loop, rather than an error mapped at each read of each posting).
fn read_postings(
    r: &mut Reader<'_>,
    records: u32,
    each: &mut dyn FnMut(u32, u8, u8, u32),
) -> Result<(), Bad> {
    let count = r.count(2)?;
    let mut doc = 0u32;
    for i in 0..count {
        let packed = r.varint()?;
        let code = (packed & 7) as u8;
        let delta =
            u32::try_from(packed >> 3).map_err(|_| Bad::Wrong("posting doc out of range"))?;
        let field = match code {
            FOLLOWED_NAME => 0,
            FOLLOWED => r.u8()?,
            f => f,
        };
        if usize::from(field) >= crate::scoring::FIELD_COUNT {
            return Err(Bad::Wrong("posting with an unknown field"));
        }
        if i > 0 && delta == 0 {
            return Err(Bad::Wrong("posting list not ascending"));
        }
        doc = doc
            .checked_add(delta)
            .filter(|&d| d < records)
            .ok_or(Bad::Wrong("posting doc out of range"))?;
        let weight = r.u8()?;
        if weight == 0 {
            return Err(Bad::Wrong("posting with zero weight"));
        }
        let mut followers = 0u32;
        if code >= FOLLOWED_NAME {
            // One or two keys, none 0.
            let n = r.u8()?;
            for k in 0..n {
                let key = u32::from(r.u8()?) | u32::from(r.u8()?) << 8;
                if k > 1 || key == 0 {
                    return Err(Bad::Wrong("posting with bad followers"));
                }
                followers |= key << (16 * k);
            }
            if n == 0 {
                return Err(Bad::Wrong("posting with bad followers"));
            }
        }
        each(doc, weight, field, followers);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(data: &TermData, term: &str, records: u32) -> Result<Vec<Posting>, IndexError> {
        let off = data.terms.get(term).expect("term present");
        let mut out = Vec::new();
        data.postings(off, records, &mut |d, w, f, k| out.push((d, w, f, k)))?;
        Ok(out)
    }

    #[test]
    fn round_trip() {
        let mut w = TermShardWriter::new();
        // Every code: plain fields, the name with one or two followers, another
        // field with followers.
        let pisa = [
            (0u32, 9u8, 0u8, 0u32),
            (2, 7, 0, 0x0001_0203),
            (5, 255, 5, 0),
        ];
        let roma = [(3u32, 1u8, 2u8, 0x0000_beef), (4, 2, 1, 0x1234_0042)];
        w.insert(b"pisa", pisa.into_iter());
        w.insert(b"roma", roma.into_iter());
        assert_eq!(w.len(), 2);
        let bytes = w.finish();
        let data = TermData::decode(&bytes).unwrap();
        assert_eq!(read(&data, "pisa", 6).unwrap(), pisa);
        assert_eq!(read(&data, "roma", 6).unwrap(), roma);
        // A doc beyond the record count is refused when read.
        assert!(read(&data, "pisa", 5).is_err());
        assert!(TermData::decode(&bytes[..bytes.len() - 1]).is_err());
    }
}
