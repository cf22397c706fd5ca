//! The TERM_SHARDS, TYPO_SHARDS and DOC_SHARDS sections: where each shard is.
//!
//! Layout: the file stem (a string, empty for a one-file index), the count,
//! the tables' location byte (0: every shard inline, 1: every shard a separate
//! file), then per shard (keyed tables only: its lower bound, front-coded: the
//! length of the prefix it shares with the previous shard's lower bound, then
//! the rest as a length-prefixed byte string) the shard's bytes inline
//! (length-prefixed), or its content hash, little-endian in
//! [`ShardKind::hash_len`] bytes: the shard is the file
//! [`shard_file_name`], a [container](super::container) whose payload is the
//! shard's bytes.
//!
//! A keyed shard's lower bound is the shortest key above the previous shard's
//! last key that does not sort after its own first key ([`separator`]; empty
//! for the first shard): shard *k* holds the keys from its bound up to the
//! next shard's.

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
    /// Lower bound of the shard's keys ([`separator`]; empty in an unkeyed
    /// table and for the first shard).
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
    /// Every shard a separate file (else every shard inline).
    pub apart: bool,
    /// The shards in order.
    pub entries: Vec<Entry>,
}

impl ShardTable {
    /// Doc tables are unkeyed (a doc shard's range follows from its number).
    fn keyed(&self) -> bool {
        self.kind != ShardKind::Doc
    }

    /// Adds shard `content` with its lower bound: inline, or (table
    /// [`ShardTable::apart`]) as a separate file, returned as `(name, file bytes)`.
    pub fn push(&mut self, first: Vec<u8>, content: Vec<u8>) -> Option<(String, Vec<u8>)> {
        if !self.apart {
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
        w.u8(u8::from(self.apart));
        let mut prev: &[u8] = &[];
        for e in &self.entries {
            if self.keyed() {
                let shared = common_prefix(prev, &e.first);
                w.varint(shared as u64);
                w.bytes(&e.first[shared..]);
                prev = &e.first;
            }
            match &e.location {
                Location::Inline(bytes) => w.bytes(bytes),
                Location::File(hash) => w.raw(&hash.to_le_bytes()[..self.kind.hash_len()]),
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
        let count = r.count(1).map_err(&bad)?;
        let apart = match r.u8().map_err(&bad)? {
            0 => false,
            1 => true,
            _ => return Err(table_error(section, ": unknown shard location")),
        };
        let mut table = ShardTable {
            kind,
            stem: stem.to_string(),
            apart,
            entries: Vec::new(),
        };
        for _ in 0..count {
            let first = if table.keyed() {
                let prev = table.entries.last().map_or(&[][..], |p| &p.first);
                let shared = r.count(1).map_err(&bad)?;
                let rest = r.bytes().map_err(&bad)?;
                let Some(head) = prev.get(..shared) else {
                    return Err(table_error(section, ": bad shared key prefix"));
                };
                let mut first = head.to_vec();
                first.extend_from_slice(rest);
                if !table.entries.is_empty() && prev >= first.as_slice() {
                    return Err(table_error(section, ": shards out of order"));
                }
                first
            } else {
                Vec::new()
            };
            let location = if apart {
                let mut h = [0u8; 4];
                let raw = r.take(kind.hash_len()).map_err(&bad)?;
                h[..raw.len()].copy_from_slice(raw);
                Location::File(u32::from_le_bytes(h))
            } else {
                Location::Inline(r.bytes().map_err(&bad)?.to_vec())
            };
            table.entries.push(Entry { first, location });
        }
        if !r.is_empty() {
            return Err(table_error(section, ": trailing bytes"));
        }
        Ok(table)
    }
}

/// Length of the longest common prefix of `a` and `b`.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The lower bound the table stores for a shard whose first key is `first`
/// when the previous shard's last key is `prev` (`prev < first`): the
/// shortest prefix of `first` above `prev`. Every key between the two is in no
/// shard, so either shard may claim it; the shorter bound costs fewer bytes.
pub fn separator(prev: &[u8], first: &[u8]) -> Vec<u8> {
    let n = (common_prefix(prev, first) + 1).min(first.len());
    first[..n].to_vec()
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
            apart: true,
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
        files.extend(t.push(key(b""), vec![1, 2, 3]));
        files.extend(t.push(key(b"mar"), vec![4, 5]));
        files.extend(t.push(key(b"mas"), vec![6]));
        (t, files)
    }

    #[test]
    fn round_trip_of_every_kind_with_files_named_by_content() {
        for kind in [ShardKind::Term, ShardKind::Typo, ShardKind::Doc] {
            let (t, files) = table(kind);
            assert_eq!(ShardTable::decode(&t.encode(), "T", kind), Ok(t.clone()));
            assert_eq!(files.len(), 3);
            let (name, bytes) = &files[1];
            assert_eq!(t.file_name(1).as_ref(), Some(name));
            let Location::File(hash) = t.entries[1].location else {
                panic!("not a file")
            };
            assert_eq!(open_shard(bytes, kind, hash, name), Ok(&[4u8, 5][..]));
            assert!(open_shard(bytes, kind, hash ^ 1, name).is_err());
            let inline = ShardTable {
                apart: false,
                entries: Vec::new(),
                ..t.clone()
            };
            let mut inline = inline;
            assert_eq!(inline.push(Vec::new(), vec![7, 8]), None);
            assert_eq!(inline.file_name(0), None);
            let back = ShardTable::decode(&inline.encode(), "T", kind);
            assert_eq!(back, Ok(inline));
        }
    }

    #[test]
    fn lower_bounds_are_front_coded_and_as_short_as_the_neighbours_allow() {
        let (t, _) = table(ShardKind::Term);
        // stem, count 3, apart; "" (0, ""), "mar" (0, "mar"), "mas" (2, "s").
        let bytes = t.encode();
        let head = [5, b'i', b'n', b'd', b'e', b'x', 3, 1, 0, 0];
        assert_eq!(&bytes[..head.len()], &head);
        assert_eq!(
            &bytes[head.len() + 4..head.len() + 9],
            &[0, 3, b'm', b'a', b'r']
        );
        assert_eq!(&bytes[head.len() + 13..head.len() + 16], &[2, 1, b's']);
        assert_eq!(separator(b"mare", b"mast"), b"mas");
        assert_eq!(separator(b"ma", b"mast"), b"mas");
        assert_eq!(separator(b"abc", b"b"), b"b");
        assert_eq!(separator(b"", b"xyz"), b"x");
    }

    #[test]
    fn keys_out_of_order_bad_prefixes_and_bad_stems_are_refused() {
        let (mut t, _) = table(ShardKind::Term);
        t.entries.swap(1, 2);
        assert!(ShardTable::decode(&t.encode(), "T", ShardKind::Term).is_err());
        let (t, _) = table(ShardKind::Term);
        let mut bytes = t.encode();
        // The second bound claims 9 bytes of the (empty) first one.
        let at = 10 + 4;
        assert_eq!(bytes[at], 0);
        bytes[at] = 9;
        assert!(ShardTable::decode(&bytes, "T", ShardKind::Term).is_err());
        let (mut t, _) = table(ShardKind::Term);
        t.stem = "../x".into();
        assert!(ShardTable::decode(&t.encode(), "T", ShardKind::Term).is_err());
    }
}
