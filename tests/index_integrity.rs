//! A damaged index is refused, never half-loaded and never a panic: every
//! truncation, every single-byte flip, wrong magic, another format version,
//! an empty file; and the CLI says so with exit status 1.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use ricerca::codec::crc32;
use ricerca::format::{FORMAT_VERSION, HEADER_LEN, MAGIC};
use ricerca::{Index, IndexError, SearchRequest};
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into `Err(message)` without printing it (the
/// assertions report it); panics elsewhere are printed as usual.
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                default(info)
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let r = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    r.map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

/// Loads `bytes`, turning a panic into `Err(message)`.
fn load(bytes: &[u8]) -> Result<Result<Index, IndexError>, String> {
    quietly(|| Index::from_bytes(bytes))
}

/// Runs `check(i)` for every `i` in `range` on two threads, collecting failures.
fn par_check(
    range: std::ops::Range<usize>,
    check: impl Fn(usize) -> Option<String> + Sync,
) -> Vec<String> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let chunk = range.len().div_ceil(threads).max(1);
    let starts: Vec<usize> = range.clone().step_by(chunk).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = starts
            .iter()
            .map(|&a| {
                let check = &check;
                let end = (a + chunk).min(range.end);
                s.spawn(move || (a..end).filter_map(check).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

fn report(what: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{what}: {} failures, first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Rewrites both checksums so a change gets past them to the decoders.
fn reseal(bytes: &mut [u8]) {
    let payload = crc32(&bytes[HEADER_LEN..]);
    bytes[24..28].copy_from_slice(&payload.to_le_bytes());
    let head = crc32(&bytes[..28]);
    bytes[28..32].copy_from_slice(&head.to_le_bytes());
}

#[test]
fn the_real_index_loads_and_has_the_documented_header() {
    let bytes = index_bytes();
    assert_eq!(&bytes[..8], MAGIC);
    assert_eq!(
        u32::from_le_bytes(bytes[8..12].try_into().unwrap()),
        FORMAT_VERSION
    );
    assert_eq!(
        u64::from_le_bytes(bytes[16..24].try_into().unwrap()) as usize,
        bytes.len() - HEADER_LEN
    );
    assert_eq!(
        u32::from_le_bytes(bytes[24..28].try_into().unwrap()),
        crc32(&bytes[HEADER_LEN..])
    );
    assert_eq!(
        u32::from_le_bytes(bytes[28..32].try_into().unwrap()),
        crc32(&bytes[..28])
    );
    assert_eq!(index().len(), directory().records.len());
}

#[test]
fn every_truncation_is_an_error_and_never_a_panic() {
    let bytes = index_bytes();
    let failures = par_check(0..bytes.len(), |k| match load(&bytes[..k]) {
        Err(p) => Some(format!("truncated to {k} bytes: panic {p}")),
        Ok(Ok(_)) => Some(format!("truncated to {k} bytes: loaded")),
        Ok(Err(_)) => None,
    });
    report("truncation", &failures);
    // Past the magic, a short file says so.
    for k in [8, HEADER_LEN - 1, HEADER_LEN, bytes.len() - 1] {
        assert!(
            matches!(
                Index::from_bytes(&bytes[..k]),
                Err(IndexError::Truncated { .. })
            ),
            "truncated to {k}"
        );
    }
}

#[test]
fn every_single_byte_flip_is_an_error_and_never_a_panic() {
    let bytes = index_bytes();
    // Every offset with 0xFF; a second pass with 0x01 (a single bit) on a stride,
    // to keep the suite fast in debug builds.
    for (mask, stride) in [(0xFFu8, 1usize), (0x01, 17)] {
        let failures = par_check(0..bytes.len(), |i| {
            if i % stride != 0 {
                return None;
            }
            let mut b = bytes.to_vec();
            b[i] ^= mask;
            match load(&b) {
                Err(p) => Some(format!("byte {i} ^ {mask:#04x}: panic {p}")),
                Ok(Ok(_)) => Some(format!("byte {i} ^ {mask:#04x}: loaded")),
                Ok(Err(_)) => None,
            }
        });
        report(&format!("flip {mask:#04x}"), &failures);
    }
}

#[test]
fn damage_behind_valid_checksums_never_panics_load_or_search() {
    // Checksums catch accidental damage; the decoders must still never panic on
    // what gets past them (a hostile or buggy file with valid checksums).
    let bytes = index_bytes();
    // A stride keeps it fast in debug builds; every section gets hit many times.
    let stride = 53;
    let queries = ["", "rosatm", "universita cell", "puglia "];
    let failures = par_check(HEADER_LEN..bytes.len(), |i| {
        if (i - HEADER_LEN) % stride != 0 {
            return None;
        }
        let mut b = bytes.to_vec();
        b[i] ^= 0xFF;
        reseal(&mut b);
        match load(&b) {
            Err(p) => Some(format!("byte {i} ^ 0xff resealed: load panicked: {p}")),
            Ok(Err(_)) => None,
            Ok(Ok(idx)) => {
                for q in queries {
                    let req = SearchRequest {
                        limit: 1000,
                        ..SearchRequest::new(q)
                    };
                    if let Err(p) = quietly(|| idx.search(&req)) {
                        return Some(format!(
                            "byte {i} ^ 0xff resealed: search {q:?} panicked: {p}"
                        ));
                    }
                }
                None
            }
        }
    });
    report("resealed flips", &failures);
}

#[test]
fn wrong_magic_is_bad_magic() {
    let bytes = index_bytes();
    for i in 0..MAGIC.len() {
        let mut b = bytes.to_vec();
        b[i] ^= 0x20;
        assert_eq!(
            Index::from_bytes(&b).unwrap_err(),
            IndexError::BadMagic,
            "magic byte {i}"
        );
    }
    for other in [
        &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..],
        b"<!doctype html><html>",
        b"{\"records\": []}",
        b"XY",
        b"\0",
    ] {
        assert_eq!(
            Index::from_bytes(other).unwrap_err(),
            IndexError::BadMagic,
            "{other:?}"
        );
    }
    assert_eq!(IndexError::BadMagic.code(), "bad-magic");
}

#[test]
fn another_format_version_is_bad_version() {
    let bytes = index_bytes();
    for v in [
        FORMAT_VERSION + 1,
        FORMAT_VERSION.wrapping_sub(1),
        0,
        u32::MAX,
    ] {
        if v == FORMAT_VERSION {
            continue;
        }
        let mut b = bytes.to_vec();
        b[8..12].copy_from_slice(&v.to_le_bytes());
        let head = crc32(&b[..28]);
        b[28..32].copy_from_slice(&head.to_le_bytes());
        let err = Index::from_bytes(&b).unwrap_err();
        assert_eq!(err, IndexError::BadVersion { found: v });
        assert_eq!(err.code(), "bad-version");
        let msg = err.to_string();
        assert!(
            msg.contains(&v.to_string()) && msg.contains(&FORMAT_VERSION.to_string()),
            "{msg}"
        );
        // An older index (format 4 and before) is refused with what to do.
        let advice = if v < FORMAT_VERSION {
            "rebuild the index with ricerca >= 0.2.0"
        } else {
            "use the widget of the ricerca release that built the index"
        };
        assert!(msg.contains(advice), "{msg}");
    }
    // Without the header checksum fixed up, it is damage, not a version.
    let mut b = bytes.to_vec();
    b[8] ^= 0x02;
    assert!(matches!(
        Index::from_bytes(&b),
        Err(IndexError::Corrupt { .. })
    ));
}

#[test]
fn an_empty_file_is_an_error() {
    let err = Index::from_bytes(&[]).unwrap_err();
    assert!(
        matches!(err, IndexError::Truncated { found: 0, .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), "truncated");
    // A prefix of the magic is a truncated index, not a foreign file.
    assert!(matches!(
        Index::from_bytes(b"RICE"),
        Err(IndexError::Truncated { .. })
    ));
}

#[test]
fn extra_bytes_after_the_payload_are_an_error() {
    let mut b = index_bytes().to_vec();
    b.extend_from_slice(b"garbage");
    assert!(matches!(
        Index::from_bytes(&b),
        Err(IndexError::Corrupt { .. })
    ));
}

#[test]
fn the_cli_refuses_a_corrupt_index_with_status_1_and_a_clear_message() {
    let bytes = index_bytes();
    let tmp = temp_dir("corrupt-cli");
    let mut flipped = bytes.to_vec();
    flipped[bytes.len() / 2] ^= 0xFF;
    let mut magic = bytes.to_vec();
    magic[0] = b'X';
    let mut version = bytes.to_vec();
    version[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let head = crc32(&version[..28]);
    version[28..32].copy_from_slice(&head.to_le_bytes());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.idx",
            bytes[..bytes.len() / 3].to_vec(),
            "truncated",
        ),
        ("flipped.idx", flipped, "corrupt"),
        ("magic.idx", magic, "not a ricerca index"),
        ("version.idx", version, "format version"),
        ("empty.idx", Vec::new(), "truncated"),
        (
            "text.idx",
            b"hello, this is not an index\n".to_vec(),
            "not a ricerca index",
        ),
    ];
    for (name, content, phrase) in cases {
        let path = tmp.join(name);
        std::fs::write(&path, &content).unwrap();
        for json in [false, true] {
            let mut args = vec![
                "search".to_string(),
                path.display().to_string(),
                "cell".into(),
            ];
            if json {
                args.push("--json".into());
            }
            let o = ricerca(&args);
            assert_no_panic(&o, name);
            assert_eq!(o.status.code(), Some(1), "{name}");
            assert_eq!(stdout(&o), "", "{name}: nothing on stdout");
            let err = stderr(&o);
            assert!(
                err.starts_with(&format!("error: {}: ", path.display())),
                "{name}: {err}"
            );
            assert!(
                err.contains(phrase),
                "{name}: {err:?} should say {phrase:?}"
            );
            assert_eq!(err.lines().count(), 1, "{name}: one line: {err:?}");
        }
    }
    let o = ricerca(["search", tmp.join("missing.idx").to_str().unwrap(), "cell"]);
    assert_no_panic(&o, "missing");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error: cannot read "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_root_header_records_the_ricerca_version_that_wrote_it() {
    let bytes = index_bytes();
    let index = Index::from_bytes(bytes).unwrap();
    assert_eq!(index.writer_version(), env!("CARGO_PKG_VERSION"));
    let v: Vec<u8> = env!("CARGO_PKG_VERSION")
        .split('.')
        .map(|p| p.parse().unwrap())
        .collect();
    assert_eq!(&bytes[12..16], &[v[0], v[1], v[2], 0]);
    // Another writer version is read as it is, not refused.
    let mut b = bytes.to_vec();
    b[12..15].copy_from_slice(&[7, 31, 200]);
    let head = crc32(&b[..28]);
    b[28..32].copy_from_slice(&head.to_le_bytes());
    assert_eq!(Index::from_bytes(&b).unwrap().writer_version(), "7.31.200");
}
