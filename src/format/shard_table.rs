//! The TERM_SHARDS, TYPO_SHARDS and DOC_SHARDS sections: where each shard is.
//!
//! Layout: the file stem (a string, empty for a one-file index), the count,
//! then per shard (keyed tables only: its first key, a length-prefixed byte
//! string) its location: the tag 0 then the shard's bytes inline
//! (length-prefixed), or the tag 1 then its content hash, little-endian in
//! [`ShardKind::hash_len`] bytes: the shard is the file
//! [`shard_file_name`], a [container](super::container) whose payload is the
//! shard's bytes.

use super::names::{safe_stem, shard_file_name, ShardKind};
use super::{container, corrupt, IndexError};
use crate::codec::{crc32, Reader, Writer};

/// Where a shard's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// In the root file.
    Inline(Vec<u8>),
    /// In a separate file beside the root, named by its content hash.
    File(u32),
}

/// One shard of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Smallest key of the shard (empty in an unkeyed table).
    pub first: Vec<u8>,
    /// Where its bytes are.
    pub location: Location,
}

/// A table of shards of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardTable {
    /// Which shards.
    pub kind: ShardKind,
    /// The root's file stem, which names the shard files (empty when none).
    pub stem: String,
    /// The shards in order.
    pub entries: Vec<Entry>,
}

impl ShardTable {
    /// Doc tables are unkeyed (a doc shard's range follows from its number).
    fn keyed(&self) -> bool {
        self.kind != ShardKind::Doc
    }

    /// Adds shard `content` with its first key: inline, or (`apart`) as a
    /// separate file, returned as `(name, file bytes)`.
    pub fn push(
        &mut self,
        first: Vec<u8>,
        content: Vec<u8>,
        apart: bool,
    ) -> Option<(String, Vec<u8>)> {
        if !apart {
            self.entries.push(Entry {
                first,
                location: Location::Inline(content),
            });
            return None;
        }
        let crc = crc32(&content);
        let name = shard_file_name(&self.stem, self.kind, self.entries.len(), crc);
        self.entries.push(Entry {
            first,
            location: Location::File(self.kind.hash_of(crc)),
        });
        Some((name, container::seal_with_crc(&content, crc)))
    }

    /// The file name of entry `k`, if it is a separate file.
    pub fn file_name(&self, k: usize) -> Option<String> {
        match self.entries.get(k)?.location {
            Location::File(hash) => Some(shard_file_name(&self.stem, self.kind, k, hash)),
            Location::Inline(_) => None,
        }
    }

    /// The section's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.str(&self.stem);
        w.varint(self.entries.len() as u64);
        for e in &self.entries {
            if self.keyed() {
                w.bytes(&e.first);
            }
            match &e.location {
                Location::Inline(bytes) => {
                    w.u8(0);
                    w.bytes(bytes);
                }
                Location::File(hash) => {
                    w.u8(1);
                    w.raw(&hash.to_le_bytes()[..self.kind.hash_len()]);
                }
            }
        }
        w.buf
    }

    /// Reads section `section`, a table of `kind`; a keyed table's first
    /// keys must ascend.
    pub fn decode(
        bytes: &[u8],
        section: &'static str,
        kind: ShardKind,
    ) -> Result<ShardTable, IndexError> {
        let bad = corrupt(section);
        let mut r = Reader::new(bytes);
        let stem = r.str().map_err(&bad)?;
        if !stem.is_empty() && !safe_stem(stem) {
            return Err(table_error(section, ": bad file stem"));
        }
        let mut table = ShardTable {
            kind,
            stem: stem.to_string(),
            entries: Vec::new(),
        };
        let count = r.count(1).map_err(&bad)?;
        for _ in 0..count {
            let first = if table.keyed() {
                r.bytes().map_err(&bad)?.to_vec()
            } else {
                Vec::new()
            };
            if table.entries.last().is_some_and(|p| p.first >= first) && table.keyed() {
                return Err(table_error(section, ": shards out of order"));
            }
            let location = match r.u8().map_err(&bad)? {
                0 => Location::Inline(r.bytes().map_err(&bad)?.to_vec()),
                1 => {
                    let mut h = [0u8; 4];
                    let raw = r.take(kind.hash_len()).map_err(&bad)?;
                    h[..raw.len()].copy_from_slice(raw);
                    Location::File(u32::from_le_bytes(h))
                }
                _ => return Err(table_error(section, ": unknown shard location")),
            };
            table.entries.push(Entry { first, location });
        }
        if !r.is_empty() {
            return Err(table_error(section, ": trailing bytes"));
        }
        Ok(table)
    }
}

fn table_error(section: &str, what: &str) -> IndexError {
    IndexError::corrupt(crate::codec::cat(&["section ", section, what]))
}

/// Checks that `file` is the shard a table names with content hash `hash`,
/// and returns its bytes.
pub fn open_shard<'a>(
    file: &'a [u8],
    kind: ShardKind,
    hash: u32,
    name: &str,
) -> Result<&'a [u8], IndexError> {
    let payload = container::open(file)?;
    if kind.hash_of(crc32(payload)) != hash {
        return Err(IndexError::corrupt(crate::codec::cat(&[
            "the file ",
            name,
            " does not hold the shard its name says; upload the whole index folder again",
        ])));
    }
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(kind: ShardKind) -> (ShardTable, Vec<(String, Vec<u8>)>) {
        let mut t = ShardTable {
            kind,
            stem: "index".into(),
            entries: Vec::new(),
        };
        let key = |k: &[u8]| {
            if kind == ShardKind::Doc {
                Vec::new()
            } else {
                k.to_vec()
            }
        };
        let mut files = Vec::new();
        files.extend(t.push(key(b"a"), vec![1, 2, 3], false));
        files.extend(t.push(key(b"m"), vec![4, 5], true));
        (t, files)
    }

    #[test]
    fn round_trip_of_every_kind_with_files_named_by_content() {
        for kind in [ShardKind::Term, ShardKind::Typo, ShardKind::Doc] {
            let (t, files) = table(kind);
            assert_eq!(ShardTable::decode(&t.encode(), "T", kind), Ok(t.clone()));
            assert_eq!(files.len(), 1);
            let (name, bytes) = &files[0];
            assert_eq!(t.file_name(1).as_ref(), Some(name));
            assert_eq!(t.file_name(0), None);
            let Location::File(hash) = t.entries[1].location else {
                panic!("not a file")
            };
            assert_eq!(open_shard(bytes, kind, hash, name), Ok(&[4u8, 5][..]));
            assert!(open_shard(bytes, kind, hash ^ 1, name).is_err());
        }
    }

    #[test]
    fn keys_out_of_order_and_bad_stems_are_refused() {
        let (mut t, _) = table(ShardKind::Term);
        t.entries.swap(0, 1);
        assert!(ShardTable::decode(&t.encode(), "T", ShardKind::Term).is_err());
        let (mut t, _) = table(ShardKind::Term);
        t.stem = "../x".into();
        assert!(ShardTable::decode(&t.encode(), "T", ShardKind::Term).is_err());
    }
}
