//! The META section: counts every other structure is checked against.

use super::{corrupt, IndexError};
use crate::codec::{Reader, Writer};

/// The root's META section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    /// Number of records (documents).
    pub records: u32,
    /// Number of distinct terms.
    pub terms: u64,
    /// Documents per doc shard (> 0).
    pub docs_per_shard: u32,
}

impl Meta {
    /// The section's bytes: three varints.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.varint(u64::from(self.records));
        w.varint(self.terms);
        w.varint(u64::from(self.docs_per_shard));
        w.buf
    }

    /// Reads the section; refuses zero documents per shard.
    pub fn decode(bytes: &[u8]) -> Result<Meta, IndexError> {
        let mut r = Reader::new(bytes);
        let bad = corrupt("META");
        let meta = Meta {
            records: r.varint32().map_err(&bad)?,
            terms: r.varint().map_err(&bad)?,
            docs_per_shard: r.varint32().map_err(&bad)?,
        };
        if meta.docs_per_shard == 0 {
            return Err(IndexError::corrupt("zero documents per shard"));
        }
        Ok(meta)
    }

    /// Number of doc shards the records fill.
    pub fn doc_shards(&self) -> usize {
        (self.records as usize)
            .max(1)
            .div_ceil(self.docs_per_shard as usize)
    }

    /// Number of documents in doc shard `k`.
    pub fn docs_in_shard(&self, k: usize) -> usize {
        (self.records as usize)
            .saturating_sub(k * self.docs_per_shard as usize)
            .min(self.docs_per_shard as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_zero_docs_per_shard_refused() {
        let m = Meta {
            records: 183_989,
            terms: 164_586,
            docs_per_shard: 32,
        };
        assert_eq!(Meta::decode(&m.encode()), Ok(m));
        assert_eq!(m.doc_shards(), 5750);
        assert_eq!(m.docs_in_shard(5749), 183_989 - 5749 * 32);
        let zero = Meta {
            docs_per_shard: 0,
            ..m
        };
        assert!(Meta::decode(&zero.encode()).is_err());
        assert!(Meta::decode(&m.encode()[..2]).is_err());
    }
}
