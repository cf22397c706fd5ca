//! The bodies of ricerca's fuzz targets. Each takes arbitrary bytes and must
//! never panic (a panic is a crash to libFuzzer). `fuzz/fuzz_targets/*.rs` call
//! them under cargo-fuzz (`make fuzz`); `tests/fuzz_regressions.rs` includes this
//! file and runs every input kept in `fuzz/regressions/<target>/` under
//! `cargo test`, so a crash once found stays fixed.
//!
//! The fixed indexes are built from the repository's `data/` once per process.

use ricerca::builder::{build_index, BuiltIndex, ShardPolicy};
use ricerca::codec::Reader;
use ricerca::data::draft::Drafts;
use ricerca::data::geo::Geo;
use ricerca::model::Lang;
use ricerca::{Index, SearchRequest};
use std::sync::OnceLock;

/// Queries run against an index that decoded.
const QUERIES: &[&str] = &["", "a", "cell factory", "universita", "onco*", "zz"];

fn geo() -> &'static Geo {
    static GEO: OnceLock<Geo> = OnceLock::new();
    GEO.get_or_init(Geo::builtin)
}

/// The index of `data/` built with `policy`.
fn built(policy: ShardPolicy) -> BuiltIndex {
    // CARGO_MANIFEST_DIR is fuzz/ under cargo-fuzz, the repository in tests/.
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = [here.join("data"), here.join("../data")]
        .into_iter()
        .find(|d| d.is_dir())
        .expect("the repository's data/");
    let dir = ricerca::data::load(&[data]).expect("data/ loads");
    build_index(&dir, geo(), policy, "index", &|_, _| {})
}

/// `data/` as one file.
fn whole() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let b = built(ShardPolicy {
            split: Some(false),
            ..ShardPolicy::default()
        });
        Index::from_bytes(&b.root).expect("the built index loads")
    })
}

/// `data/` split into small shards.
fn sharded() -> &'static BuiltIndex {
    static SHARDED: OnceLock<BuiltIndex> = OnceLock::new();
    SHARDED.get_or_init(|| {
        built(ShardPolicy {
            split: Some(true),
            term_shard_bytes: 1 << 10,
            ..ShardPolicy::default()
        })
    })
}

fn search_all(index: &Index) {
    for q in QUERIES {
        let req = SearchRequest {
            limit: 50,
            ..SearchRequest::new(*q)
        };
        let _ = index.search(&req);
    }
}

/// A whole index file, decoded, then searched if it decodes. First byte 0: the
/// rest is the file as is (header, checksums and all); otherwise the rest is the
/// payload, sealed with a valid header and checksums, so the fuzzer reaches the
/// decoders behind them (what a hostile or buggy host could serve).
pub fn index_decode(data: &[u8]) {
    if let Some(index) = decoded_index(data) {
        search_all(&index);
    }
}

/// The index [`index_decode`] reads from `data`, if it decodes.
pub fn decoded_index(data: &[u8]) -> Option<Index> {
    let (&mode, rest) = data.split_first()?;
    let sealed;
    let file = if mode == 0 {
        rest
    } else {
        sealed = ricerca::format::seal(rest);
        &sealed
    };
    Index::from_bytes(file).ok()
}

/// The content of one shard (chosen by the first byte) replaced by the rest of
/// the input, behind a valid stamp and valid checksums: what a hostile server
/// could send. Added to the real root, then searched.
pub fn shard_decode(data: &[u8]) {
    if let Some(index) = with_shard(data) {
        search_all(&index);
    }
}

/// The sharded index with the shard [`shard_decode`] makes of `data` added,
/// if the shard decodes.
pub fn with_shard(data: &[u8]) -> Option<Index> {
    let (&pick, content) = data.split_first()?;
    let s = sharded();
    let (name, file) = &s.shards[usize::from(pick) % s.shards.len()];
    let mut crafted = stamp(file).to_vec();
    crafted.extend_from_slice(content);
    let mut index = Index::from_bytes(&s.root).expect("the built root loads");
    index
        .add_shard(name, &ricerca::format::seal(&crafted))
        .ok()
        .map(|()| index)
}

/// The stamp at the start of a built shard file's payload.
fn stamp(file: &[u8]) -> &[u8] {
    let payload = ricerca::format::open(file).expect("a built shard opens");
    let mut r = Reader::new(payload);
    let stamp_ok = r.u32().is_ok() && r.str().is_ok() && r.varint().is_ok();
    assert!(stamp_ok, "a built shard has a stamp");
    &payload[..r.position()]
}

/// Seeds for [`index_decode`] and [`shard_decode`] made by this build from
/// `data/`: (target, file name, bytes). A seed of an older index format is
/// refused at the version check and fuzzes nothing past it:
/// `tests/fuzz_regressions.rs` checks the kept seeds still decode, and
/// `RICERCA_WRITE_SEEDS=1` makes it write these over them.
pub fn fresh_seeds() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let root = built(ShardPolicy {
        split: Some(false),
        ..ShardPolicy::default()
    })
    .root;
    let payload = ricerca::format::open(&root).expect("the built index opens");
    let s = sharded();
    // The first term shard (`index.t<k>.<hash>.bin`), by its number in the list.
    let (pick, (_, file)) = s
        .shards
        .iter()
        .enumerate()
        .find(|(_, (name, _))| name.starts_with("index.t"))
        .expect("a term shard");
    let shard = ricerca::format::open(file).expect("a built shard opens");
    let content = &shard[stamp(file).len()..];
    let pick = u8::try_from(pick).expect("the first term shard among the first 256");
    vec![
        ("index_decode", "good.bin", [&[0], &root[..]].concat()),
        ("index_decode", "good-payload.bin", [&[1], payload].concat()),
        ("shard_decode", "term0.bin", [&[pick], content].concat()),
    ]
}

/// A search with arbitrary text and options over the real index. Bytes 0-3 are
/// the limit, the offset, the facet limit and the language; the rest is text,
/// split at U+0001: the query, then filter values (facets in turn).
pub fn search(data: &[u8]) {
    let (opts, text) = data.split_at(data.len().min(4));
    let byte = |i: usize| usize::from(opts.get(i).copied().unwrap_or(0));
    let text = String::from_utf8_lossy(text);
    let mut parts = text.split('\u{1}');
    let mut req = SearchRequest::new(parts.next().unwrap_or(""));
    req.limit = byte(0);
    req.offset = byte(1) * 7;
    req.facet_limit = byte(2);
    req.lang = if byte(3) & 1 == 0 { Lang::It } else { Lang::En };
    for (i, value) in parts.enumerate() {
        req.filters[i % 4].push(value.to_string());
    }
    let _ = whole().search(&req);
}

/// A data file as `data/` would hold it: the first byte picks TOML, JSON Lines or
/// CSV, the rest are the file's bytes (UTF-8 check, BOM, parse); then the whole
/// validation, and every problem formatted as the CLI prints it.
pub fn data_readers(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = ["f.toml", "f.jsonl", "f.csv"][usize::from(pick) % 3];
    let text = match ricerca::data::files::text(name, bytes.to_vec()) {
        Ok(t) => t,
        Err(p) => {
            let _ = p.to_string();
            return;
        }
    };
    let mut drafts = Drafts::default();
    let mut problems = Vec::new();
    ricerca::data::read_source(name, &text, &mut drafts, &mut problems);
    let result = ricerca::data::validate::validate(drafts, geo(), true);
    for p in problems.iter().chain(result.err().iter().flatten()) {
        let _ = p.to_string();
    }
}
