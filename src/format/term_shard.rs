//! A term shard: a range of the term dictionary with its postings.
//!
//! Layout: the length-prefixed bytes of an `fst` map from folded term to the
//! offset of its posting list, then the length-prefixed postings: per term the
//! document count, then per document the varint `doc-id delta * 8 + best field`
//! (the delta of the first from 0; the field where the term weighs most,
//! [`crate::scoring::best_field`]) and one byte, the term's BM25F weight in
//! the document without IDF ([`crate::scoring::impact`]).

use super::fst_write::FstWriter;
use super::{corrupt, IndexError};
use crate::codec::{Reader, Writer};

/// Average bytes a term costs in a shard's `fst` (measured on the shared
/// corpora: 9-11), for sizing shards before the fst is built.
pub const FST_BYTES_PER_TERM: usize = 10;

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

    /// Adds `term` with its postings `(doc, weight, best field)` in ascending
    /// doc order (weights 1..=255, fields below 8). Panics if `term` does not
    /// sort after the previous one: the builder's terms come from an ordered map.
    pub fn insert(&mut self, term: &[u8], postings: impl ExactSizeIterator<Item = (u32, u8, u8)>) {
        self.terms
            .insert(term, self.postings.buf.len() as u64)
            .expect("terms in ascending order");
        self.count += 1;
        self.postings.varint(postings.len() as u64);
        let mut prev = 0u32;
        for (doc, weight, field) in postings {
            self.postings
                .varint(u64::from(doc - prev) << 3 | u64::from(field & 7));
            prev = doc;
            self.postings.u8(weight);
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

    /// Calls `each(doc, weight, best field)` for the posting list at `offset`,
    /// in ascending doc order; every doc must lie below `records`, every field
    /// below [`crate::scoring::FIELD_COUNT`]. (`each` is a trait object: one
    /// copy of the decoder in the browser build.)
    pub fn postings(
        &self,
        offset: u64,
        records: u32,
        each: &mut dyn FnMut(u32, u8, u8),
    ) -> Result<(), IndexError> {
        let bad = corrupt("POSTINGS");
        let start = usize::try_from(offset).map_err(|_| IndexError::corrupt("posting offset"))?;
        let mut r = Reader::new(
            self.postings
                .get(start..)
                .ok_or_else(|| IndexError::corrupt("posting offset out of range"))?,
        );
        let count = r.count(2).map_err(&bad)?;
        let mut doc = 0u32;
        for i in 0..count {
            let packed = r.varint().map_err(&bad)?;
            let field = (packed & 7) as u8;
            let delta = u32::try_from(packed >> 3)
                .map_err(|_| IndexError::corrupt("posting doc out of range"))?;
            if usize::from(field) >= crate::scoring::FIELD_COUNT {
                return Err(IndexError::corrupt("posting with an unknown field"));
            }
            if i > 0 && delta == 0 {
                return Err(IndexError::corrupt("posting list not ascending"));
            }
            doc = doc
                .checked_add(delta)
                .filter(|&d| d < records)
                .ok_or_else(|| IndexError::corrupt("posting doc out of range"))?;
            let weight = r.u8().map_err(&bad)?;
            if weight == 0 {
                return Err(IndexError::corrupt("posting with zero weight"));
            }
            each(doc, weight, field);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(data: &TermData, term: &str, records: u32) -> Result<Vec<(u32, u8, u8)>, IndexError> {
        let off = data.terms.get(term).expect("term present");
        let mut out = Vec::new();
        data.postings(off, records, &mut |d, w, f| out.push((d, w, f)))?;
        Ok(out)
    }

    #[test]
    fn round_trip() {
        let mut w = TermShardWriter::new();
        w.insert(b"pisa", [(0u32, 9u8, 0u8), (5, 255, 5)].into_iter());
        w.insert(b"roma", [(3u32, 1u8, 2u8)].into_iter());
        assert_eq!(w.len(), 2);
        let bytes = w.finish();
        let data = TermData::decode(&bytes).unwrap();
        assert_eq!(read(&data, "pisa", 6).unwrap(), [(0, 9, 0), (5, 255, 5)]);
        assert_eq!(read(&data, "roma", 6).unwrap(), [(3, 1, 2)]);
        // A doc beyond the record count is refused when read.
        assert!(read(&data, "pisa", 5).is_err());
        assert!(TermData::decode(&bytes[..bytes.len() - 1]).is_err());
    }
}
