//! A term shard whose dictionary (fst) bytes are crafted to make the `fst` crate
//! panic, with every checksum valid (the fst's own and the file's): it is refused
//! as corrupt when loaded, by the library and by the CLI, which never aborts.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;

#[path = "../examples/craft_shard.rs"]
mod craft_shard;
use craft_shard::{craft, craft_all};
use ricerca::{Index, IndexError};
use std::path::PathBuf;

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

#[test]
fn a_crafted_dictionary_with_valid_checksums_is_refused_as_corrupt() {
    let (root, shards) = sharded_index();
    assert!(
        shards.iter().any(|s| craft(s).is_some()),
        "a term shard to craft"
    );
    // Every term shard crafted, renamed by its new content hash, and named so by
    // the root: only the dictionary's structure is wrong.
    let crafted_names = craft_all(&root);
    assert!(crafted_names.len() > 1, "{crafted_names:?}");
    let name = crafted_names[0].as_str();
    let crafted = std::fs::read(root.parent().unwrap().join(name)).unwrap();

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
