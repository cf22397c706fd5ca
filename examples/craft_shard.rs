//! Crafts a hostile copy of a sharded index for tests of the engine's defences:
//! every term shard's dictionary (fst) gets its root node's state byte changed to
//! a value that makes the `fst` crate panic when walked, with the fst's own
//! checksum and the file's checksums recomputed, so only a structural check
//! (src/fst_check.rs natively; in the browser, the loader's trap handling) can
//! catch it.
//!
//!   cargo run --example craft_shard -- FOLDER/index.bin
//!
//! (not `--release`: choosing the byte needs the panic to unwind). Rewrites the
//! term shard files beside the root in place and prints their names. The same
//! functions serve tests/crafted_shard.rs.

use ricerca::codec::{crc32, crc32c, Reader};
use ricerca::format::names::{shard_file_name, ShardKind};
use ricerca::format::root::Sections;
use ricerca::format::shard_table::{Location, ShardTable};
use ricerca::format::{open, seal};
use std::path::Path;

/// Where the fst lies in a term shard file's payload (format 4: the payload is
/// the shard, whose first field is the fst's bytes).
pub fn fst_range(payload: &[u8]) -> Option<std::ops::Range<usize>> {
    let mut r = Reader::new(payload);
    let len = r.bytes().ok()?.len();
    Some(r.position() - len..r.position())
}

/// The fst's own checksum, as the `fst` crate writes it.
pub fn fix_fst_checksum(fst: &mut [u8]) {
    let n = fst.len() - 4;
    let sum = crc32c(&fst[..n]).rotate_right(15).wrapping_add(0xA282_EAD8);
    fst[n..].copy_from_slice(&sum.to_le_bytes());
}

/// Whether walking this fst panics inside the `fst` crate.
pub fn fst_panics(fst: Vec<u8>) -> bool {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = std::panic::catch_unwind(move || {
        use fst::{IntoStreamer, Streamer};
        if let Ok(map) = fst::Map::new(fst) {
            let mut s = map.stream().into_stream();
            while s.next().is_some() {}
        }
    });
    std::panic::set_hook(prev);
    r.is_err()
}

/// A copy of the term shard at `path` whose fst makes the crate panic (the root
/// node's state byte changed), every checksum valid; `None` for other files.
pub fn craft(path: &Path) -> Option<Vec<u8>> {
    if !path.file_name()?.to_str()?.contains(".t.") {
        return None;
    }
    let file = std::fs::read(path).unwrap();
    let payload = open(&file).unwrap().to_vec();
    let range = fst_range(&payload)?;
    let fst = &payload[range.clone()];
    let end = fst.len() - 4;
    let root = u64::from_le_bytes(fst[end - 8..end].try_into().unwrap()) as usize;
    (0u8..=255).find_map(|state| {
        let mut bad = fst.to_vec();
        bad[root] = state;
        fix_fst_checksum(&mut bad);
        assert!(ricerca::codec::fst_checksum_ok(&bad));
        if !fst_panics(bad.clone()) {
            return None;
        }
        let mut p = payload.clone();
        p[range.clone()].copy_from_slice(&bad);
        Some(seal(&p))
    })
}

/// Crafts every term shard beside `root`: each crafted file is written under
/// the name its new content hash gives it (the old one removed) and the root's
/// term shard table is rewritten to name it, so that only the dictionary's
/// structure is wrong. Returns the crafted files' names.
pub fn craft_all(root: &Path) -> Vec<String> {
    let folder = root.parent().unwrap_or(Path::new("."));
    let root_bytes = std::fs::read(root).expect("the root");
    let s = Sections::decode(&root_bytes).expect("a format 4 root");
    let mut terms = ShardTable::decode(s.terms, "TERM_SHARDS", ShardKind::Term).unwrap();
    let mut names = Vec::new();
    for k in 0..terms.entries.len() {
        let Some(old) = terms.file_name(k) else {
            continue;
        };
        let path = folder.join(&old);
        let Some(bad) = craft(&path) else { continue };
        let crc = crc32(open(&bad).unwrap());
        let name = shard_file_name(&terms.stem, ShardKind::Term, k, crc);
        std::fs::write(folder.join(&name), bad).expect("write the crafted shard");
        std::fs::remove_file(&path).expect("remove the original shard");
        terms.entries[k].location = Location::File(crc);
        names.push(name);
    }
    let table = terms.encode();
    let crafted_root = Sections { terms: &table, ..s }.encode();
    std::fs::write(root, crafted_root).expect("write the root");
    names
}

#[allow(dead_code)]
fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: cargo run --example craft_shard -- FOLDER/index.bin");
        std::process::exit(2);
    };
    for name in craft_all(Path::new(&root)) {
        println!("crafted {name}");
    }
}
