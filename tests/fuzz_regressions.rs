//! Every input kept for the fuzz targets (fuzz/seeds/<target>/ and the inputs
//! that once crashed, fuzz/regressions/<target>/) run through the targets'
//! bodies, so `cargo test` keeps them passing without cargo-fuzz.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod bodies;

use std::path::PathBuf;

/// The kept inputs of `target`, sorted by name; at least one seed each.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let fuzz = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files: Vec<PathBuf> = ["seeds", "regressions"]
        .iter()
        .filter_map(|kind| std::fs::read_dir(fuzz.join(kind).join(target)).ok())
        .flatten()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no kept inputs for {target}");
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Runs `body` over every kept input of `target` and every prefix of each seed
/// cut every 7 bytes (truncations are the commonest damage).
fn replay(target: &str, body: fn(&[u8])) {
    for (path, bytes) in inputs(target) {
        body(&bytes);
        for end in (0..bytes.len()).step_by(7) {
            body(&bytes[..end]);
        }
        eprintln!("{target}: {} ({} bytes) ok", path.display(), bytes.len());
    }
}

#[test]
fn index_decode_inputs() {
    replay("index_decode", bodies::index_decode);
}

#[test]
fn shard_decode_inputs() {
    replay("shard_decode", bodies::shard_decode);
}

#[test]
fn search_inputs() {
    replay("search", bodies::search);
}

#[test]
fn data_readers_inputs() {
    replay("data_readers", bodies::data_readers);
}

/// The seeds of the decoders are indexes and shards of this format: one the
/// engine refuses at the version check leaves the fuzzer nothing past it (the
/// seeds had been format 4 since format 5). `RICERCA_WRITE_SEEDS=1 cargo test
/// --test fuzz_regressions seeds` writes fresh ones from `data/`.
#[test]
fn seeds_of_the_decoders_are_this_format() {
    let fuzz = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    for (target, name, bytes) in bodies::fresh_seeds() {
        let path = fuzz.join(target).join(name);
        if std::env::var_os("RICERCA_WRITE_SEEDS").is_some() {
            std::fs::write(&path, &bytes).unwrap();
        }
        let kept = std::fs::read(&path).unwrap();
        let decodes = match target {
            "index_decode" => bodies::decoded_index(&kept).is_some(),
            _ => bodies::with_shard(&kept).is_some(),
        };
        assert!(
            decodes,
            "{} does not decode with this engine: RICERCA_WRITE_SEEDS=1 cargo test --test fuzz_regressions seeds",
            path.display()
        );
    }
}
