//! Shard file names: from the root's file stem and the shard's content hash.
//!
//! - a keyed shard (term or typo shard, cut where the content says, see
//!   [`crate::builder`]) or a typo directory file ([`super::typo_dir`]):
//!   `{stem}.{kind}.{hash:08x}.bin`;
//! - doc shard `k` (a fixed range of doc ids): `{stem}.d{k}.{hash:06x}.bin`.
//!
//! The hash is the CRC-32 of the file's payload (the checksum its
//! [header](super::container) carries), 32 bits for keyed shards and its low
//! 24 bits for doc shards, whose number already tells them apart. An unchanged
//! shard keeps its name from build to build; a changed one gets a new name.

use crate::codec::push_decimal;

/// The kinds of shard, with their letter in file names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardKind {
    /// A range of the term dictionary with its postings (`t`).
    Term,
    /// A range of the typo (deletion) index (`x`).
    Typo,
    /// A range of the typo shard table, a typo directory file (`y`).
    TypoDir,
    /// A range of stored documents (`d`).
    Doc,
}

impl ShardKind {
    /// The letter that marks the kind in file names.
    pub fn letter(self) -> char {
        match self {
            ShardKind::Term => 't',
            ShardKind::Typo => 'x',
            ShardKind::TypoDir => 'y',
            ShardKind::Doc => 'd',
        }
    }

    /// Bytes of the content hash the root stores for a shard of this kind.
    pub fn hash_len(self) -> usize {
        match self {
            ShardKind::Doc => 3,
            _ => 4,
        }
    }

    /// `crc` cut to [`ShardKind::hash_len`] bytes.
    pub fn hash_of(self, crc: u32) -> u32 {
        match self.hash_len() {
            3 => crc & 0x00ff_ffff,
            _ => crc,
        }
    }
}

/// The file name of shard `k` of `kind` whose payload has the CRC-32 `crc`.
pub fn shard_file_name(stem: &str, kind: ShardKind, k: usize, crc: u32) -> String {
    let mut name = String::with_capacity(stem.len() + 20);
    name.push_str(stem);
    name.push('.');
    name.push(kind.letter());
    if kind == ShardKind::Doc {
        push_decimal(&mut name, k as u64);
    }
    name.push('.');
    let digits = kind.hash_len() * 2;
    let hash = kind.hash_of(crc);
    for i in (0..digits).rev() {
        name.push(char::from_digit((hash >> (i * 4)) & 0xf, 16).unwrap_or('0'));
    }
    name.push_str(".bin");
    name
}

/// True when `name` has the shape of a shard file of the root named `stem`
/// (any format: the cleanup of an output folder uses it).
pub fn looks_like_shard(stem: &str, name: &str) -> bool {
    let Some(rest) = name
        .strip_prefix(stem)
        .and_then(|r| r.strip_prefix('.'))
        .and_then(|r| r.strip_suffix(".bin"))
    else {
        return false;
    };
    let Some((tag, hash)) = rest.split_once('.') else {
        return false;
    };
    let kind_ok = tag
        .strip_prefix(['t', 'x', 'y', 'd'])
        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
    kind_ok && (6..=8).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// True when `stem` may name files: ASCII letters, digits, `.`, `-`, `_`, not
/// starting with a dot.
pub fn safe_stem(stem: &str) -> bool {
    !stem.starts_with('.')
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let t = shard_file_name("index", ShardKind::Term, 12, 0xab);
        assert_eq!(t, "index.t.000000ab.bin");
        let d = shard_file_name("index", ShardKind::Doc, 12, 0x1234_5678);
        assert_eq!(d, "index.d12.345678.bin");
        let x = shard_file_name("index", ShardKind::Typo, 0, 0xffff_ffff);
        assert_eq!(x, "index.x.ffffffff.bin");
        let y = shard_file_name("index", ShardKind::TypoDir, 3, 0x0102_0304);
        assert_eq!(y, "index.y.01020304.bin");
        for n in [&t, &d, &x, &y, "index.t3.0badc0de.bin"] {
            assert!(looks_like_shard("index", n), "{n}");
        }
        for n in [
            "index.bin",
            "index.t.xyz.bin",
            "other.t.000000ab.bin",
            "index.t.ab.bin",
        ] {
            assert!(!looks_like_shard("index", n), "{n}");
        }
        assert!(safe_stem("my-index_2.v"));
        assert!(!safe_stem(".hidden"));
        assert!(!safe_stem("../up"));
        assert!(!safe_stem("a/b"));
    }
}
