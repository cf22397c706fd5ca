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

use ricerca::codec::{crc32c, Reader};
use ricerca::format::{open, seal};
use std::path::Path;

/// Where the fst lies in a term shard file's payload, or `None` for a doc shard.
pub fn fst_range(payload: &[u8]) -> Option<std::ops::Range<usize>> {
    let mut r = Reader::new(payload);
    r.u32().ok()?;
    if r.str().ok()? != "t" {
        return None;
    }
    r.varint().ok()?;
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
/// node's state byte changed), every checksum valid.
pub fn craft(path: &Path) -> Option<Vec<u8>> {
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

/// Crafts every term shard beside `root` in place; returns their file names.
pub fn craft_all(root: &Path) -> Vec<String> {
    let folder = root.parent().unwrap_or(Path::new("."));
    let mut names = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .expect("the index folder")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p != root)
        .collect();
    files.sort();
    for path in files {
        if let Some(bad) = craft(&path) {
            std::fs::write(&path, bad).expect("write the crafted shard");
            names.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
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
