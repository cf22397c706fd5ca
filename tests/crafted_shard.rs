//! A term shard whose dictionary (fst) bytes are crafted to make the `fst` crate
//! panic, with every checksum valid (the fst's own and the file's): it is refused
//! as corrupt when loaded, by the library and by the CLI, which never aborts.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use ricerca::codec::{crc32c, Reader};
use ricerca::format::{open, seal};
use ricerca::{Index, IndexError};
use std::path::{Path, PathBuf};

/// An index of data/ split into shards, in a fresh folder: (root path, shard paths).
fn sharded_index() -> (PathBuf, Vec<PathBuf>) {
    let dir = temp_dir("crafted");
    let root = dir.join("index.bin");
    let o = ricerca([
        "build",
        data_dir().to_str().unwrap(),
        "-o",
        root.to_str().unwrap(),
        "--shards",
        "always",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let shards = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != &root)
        .collect();
    (root, shards)
}

/// Where the fst lies in a term shard file's payload, or `None` for a doc shard.
fn fst_range(payload: &[u8]) -> Option<std::ops::Range<usize>> {
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
fn fix_fst_checksum(fst: &mut [u8]) {
    let n = fst.len() - 4;
    let sum = crc32c(&fst[..n]).rotate_right(15).wrapping_add(0xA282_EAD8);
    fst[n..].copy_from_slice(&sum.to_le_bytes());
}

/// Whether walking this fst panics inside the `fst` crate.
fn fst_panics(fst: Vec<u8>) -> bool {
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
fn craft(path: &Path) -> Option<Vec<u8>> {
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

#[test]
fn a_crafted_dictionary_with_valid_checksums_is_refused_as_corrupt() {
    let (root, shards) = sharded_index();
    let (shard, crafted) = shards
        .iter()
        .find_map(|s| Some((s.clone(), craft(s)?)))
        .expect("a term shard whose fst can be made to panic");
    let name = shard.file_name().unwrap().to_str().unwrap();

    // The library refuses it when the shard is added.
    let mut index = Index::from_bytes(&std::fs::read(&root).unwrap()).unwrap();
    match index.add_shard(name, &crafted) {
        Err(e @ IndexError::Corrupt { .. }) => {
            assert!(e.to_string().contains("term dictionary"), "{e}")
        }
        other => panic!("expected a corrupt shard, got {other:?}"),
    }

    // The CLI says so with status 1 and no abort, whatever term shard the query
    // needs: every term shard is crafted.
    let mut crafted_names = Vec::new();
    for s in &shards {
        if let Some(bad) = craft(s) {
            std::fs::write(s, bad).unwrap();
            crafted_names.push(s.file_name().unwrap().to_str().unwrap().to_string());
        }
    }
    assert!(crafted_names.len() > 1, "{crafted_names:?}");
    for query in ["cell factory", "universita", "a"] {
        let o = ricerca(["search", root.to_str().unwrap(), query]);
        assert_no_panic(&o, query);
        assert_eq!(o.status.code(), Some(1), "{query}: {}", stderr(&o));
        assert!(
            crafted_names
                .iter()
                .any(|n| stderr(&o).contains(n.as_str()))
                && stderr(&o).contains("term dictionary"),
            "{query}: {}",
            stderr(&o)
        );
    }
}
