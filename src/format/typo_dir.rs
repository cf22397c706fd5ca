//! The typo directory: the typo shard table, cut into pieces that stay out
//! of the root.
//!
//! Only a typo pass needs to know where the typo shards are, and it looks up
//! a few keys ([`super::typo_shard`]), so the root does not carry the table
//! of every typo shard (16 KB gzip at 185k records, fetched by every first
//! query). The root's TYPO_SHARDS section is a table of *pieces* (kind
//! [`ShardKind::TypoDir`]); each piece is a run of consecutive typo shards,
//! its lower bound the bound of its first shard, and its bytes a
//! [`ShardTable`] of kind [`ShardKind::Typo`] of those shards. A word's first
//! typo pass fetches the pieces of its keys (one or two), then the typo shards
//! they name.
//!
//! A small typo shard table (by default up to [`INLINE_UP_TO`] bytes: about 1,000
//! typo shards; 10k records have 400, 185k 2,256) stays in the root as one inline piece:
//! the bytes it would save do not pay for the extra round trip, and every
//! typo word would fetch one or two more files.
//!
//! A piece ends at a point its content decides (like the shards, so that an
//! edit renames few pieces): before a shard whose content hash is 0 modulo
//! [`CUT_MODULUS`] once the piece holds [`MIN_PIECE`] shards, or at
//! [`MAX_PIECE`] shards.

use super::names::ShardKind;
use super::shard_table::{Entry, Location, ShardTable};
use super::IndexError;
use crate::codec::crc32;

/// Pieces of a typo directory: `(lower bound, piece bytes)` each.
pub type Pieces = Vec<(Vec<u8>, Vec<u8>)>;

/// Largest typo shard table (encoded) kept in the root as one piece, by
/// default (`ShardPolicy::typo_dir_inline_bytes`).
pub const INLINE_UP_TO: usize = 8 << 10;
/// Fewest typo shards in a piece (but the last).
pub const MIN_PIECE: usize = 384;
/// Most typo shards in a piece.
pub const MAX_PIECE: usize = 1024;
/// A piece of [`MIN_PIECE`] shards or more ends before a shard whose content
/// hash is 0 modulo this.
pub const CUT_MODULUS: u32 = 32;

/// The typo directory of the typo shard table `typos`: whether its pieces
/// are separate files, and the pieces, `(lower bound, piece bytes)` each, in
/// key order, to be pushed into a table of kind [`ShardKind::TypoDir`]: one
/// piece (or none for an empty table) when it stays in the root (its shards
/// are inline, or its encoded size is at most `inline_up_to`).
pub fn directory(typos: &ShardTable, inline_up_to: usize) -> (bool, Pieces) {
    if typos.entries.is_empty() || !typos.apart || typos.encode().len() <= inline_up_to {
        let whole = (!typos.entries.is_empty()).then(|| piece(typos, typos.entries.clone()));
        return (false, whole.into_iter().collect());
    }
    (true, pieces(typos))
}

/// Cuts the typo shard table `typos` into pieces.
fn pieces(typos: &ShardTable) -> Pieces {
    let mut out = Vec::new();
    let mut run: Vec<Entry> = Vec::new();
    for e in &typos.entries {
        if ends_before(&run, e) {
            out.push(piece(typos, core::mem::take(&mut run)));
        }
        run.push(e.clone());
    }
    if !run.is_empty() {
        out.push(piece(typos, run));
    }
    out
}

/// True when the piece `run` ends before the shard `next`.
fn ends_before(run: &[Entry], next: &Entry) -> bool {
    let hash = match &next.location {
        Location::File(hash) => *hash,
        Location::Inline(bytes) => crc32(bytes),
    };
    run.len() >= MAX_PIECE || (run.len() >= MIN_PIECE && hash % CUT_MODULUS == 0)
}

/// The piece of the shards `entries` of `typos`: its lower bound and bytes.
fn piece(typos: &ShardTable, entries: Vec<Entry>) -> (Vec<u8>, Vec<u8>) {
    let first = entries.first().map(|e| e.first.clone()).unwrap_or_default();
    let table = ShardTable {
        kind: ShardKind::Typo,
        stem: typos.stem.clone(),
        apart: typos.apart,
        entries,
    };
    (first, table.encode())
}

/// Reads a piece: a typo shard table whose first shard starts at the
/// piece's lower bound in the root (the piece's content hash, which the root
/// holds and the engine checks, vouches for that: no second check, a smaller
/// engine).
pub fn decode_piece(bytes: &[u8]) -> Result<ShardTable, IndexError> {
    ShardTable::decode(bytes, "typo directory", ShardKind::Typo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typos(n: usize) -> ShardTable {
        let mut t = ShardTable {
            kind: ShardKind::Typo,
            stem: "index".into(),
            apart: true,
            entries: Vec::new(),
        };
        for k in 0..n {
            let first = if k == 0 {
                Vec::new()
            } else {
                format!("k{k:05}").into_bytes()
            };
            t.push(first, (k as u32).to_le_bytes().to_vec());
        }
        t
    }

    #[test]
    fn pieces_cover_the_table_in_order_and_round_trip() {
        let t = typos(1000);
        let cut = pieces(&t);
        assert!(cut.len() > 1000 / MAX_PIECE, "{}", cut.len());
        let mut back = Vec::new();
        for (k, (first, bytes)) in cut.iter().enumerate() {
            let piece = decode_piece(bytes).unwrap();
            assert_eq!(
                &piece.entries[0].first, first,
                "a piece starts at its bound"
            );
            let n = piece.entries.len();
            assert!(n <= MAX_PIECE && (n >= MIN_PIECE || k + 1 == cut.len()));
            assert_eq!(piece.stem, "index");
            for (i, e) in piece.entries.iter().enumerate() {
                let Location::File(hash) = e.location else {
                    panic!("inline")
                };
                // A shard past the first MIN_PIECE with a cut hash starts a piece.
                assert!(i < MIN_PIECE || hash % CUT_MODULUS != 0, "missed a cut");
            }
            back.extend(piece.entries);
        }
        assert_eq!(back, t.entries);
        assert!(decode_piece(&cut[1].1[1..]).is_err());
        assert!(pieces(&typos(0)).is_empty());
    }

    #[test]
    fn a_small_table_stays_whole_in_the_root_a_large_one_is_cut() {
        let (apart, dir) = directory(&typos(40), INLINE_UP_TO);
        assert!(!apart);
        assert_eq!(dir.len(), 1);
        assert_eq!(decode_piece(&dir[0].1).unwrap(), typos(40));
        let (apart, dir) = directory(&typos(2000), INLINE_UP_TO);
        assert!(apart && dir.len() > 2000 / MAX_PIECE);
        assert!(directory(&typos(40), 0).0);
        assert_eq!(directory(&typos(0), 0), (false, Vec::new()));
    }
}
