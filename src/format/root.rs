//! The root file: a [container](super::container) whose payload is the
//! sections META, FOLD, FACETS, TERM_SHARDS, TYPO_SHARDS, DOC_SHARDS, in this order, each a
//! LEB128 length then its bytes. Its header records the ricerca version that
//! wrote it.

use super::{container, corrupt, IndexError};
use crate::codec::{Reader, Writer};

/// The sections' names, in file order.
pub const SECTIONS: [&str; 6] = [
    "META",
    "FOLD",
    "FACETS",
    "TERM_SHARDS",
    "TYPO_SHARDS",
    "DOC_SHARDS",
];

/// The root's sections, each still encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sections<'a> {
    /// The ricerca version that wrote the root (its header's writer version;
    /// [`Sections::encode`] writes [`container::WRITER_VERSION`]).
    pub writer: [u8; 3],
    /// [`super::meta`].
    pub meta: &'a [u8],
    /// [`super::fold`].
    pub fold: &'a [u8],
    /// [`super::facets`].
    pub facets: &'a [u8],
    /// The term [`super::shard_table`].
    pub terms: &'a [u8],
    /// The typo [`super::shard_table`].
    pub typos: &'a [u8],
    /// The doc [`super::shard_table`].
    pub docs: &'a [u8],
}

impl<'a> Sections<'a> {
    /// The complete root file: the sections in order, sealed.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        for s in [
            self.meta,
            self.fold,
            self.facets,
            self.terms,
            self.typos,
            self.docs,
        ] {
            w.bytes(s);
        }
        container::seal_root(&w.buf)
    }

    /// Checks the root file's header and splits its payload into sections.
    pub fn decode(file: &'a [u8]) -> Result<Sections<'a>, IndexError> {
        let (payload, writer) = container::open_with_writer(file)?;
        let mut r = Reader::new(payload);
        let mut s: [&[u8]; 6] = [&[]; 6];
        for (i, name) in SECTIONS.iter().enumerate() {
            s[i] = r.bytes().map_err(corrupt(name))?;
        }
        if !r.is_empty() {
            return Err(IndexError::corrupt("trailing bytes after the last section"));
        }
        Ok(Sections {
            writer,
            meta: s[0],
            fold: s[1],
            facets: s[2],
            terms: s[3],
            typos: s[4],
            docs: s[5],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_trailing_bytes_refused() {
        let s = Sections {
            writer: container::WRITER_VERSION,
            meta: b"m",
            fold: b"",
            facets: b"fa",
            terms: b"ter",
            typos: b"ty",
            docs: b"d",
        };
        let file = s.encode();
        assert_eq!(Sections::decode(&file), Ok(s));
        let mut w = Writer::new();
        for x in [b"m".as_slice(), b"", b"fa", b"ter", b"ty", b"d", b"x"] {
            w.bytes(x);
        }
        assert!(Sections::decode(&container::seal(&w.buf)).is_err());
    }
}
