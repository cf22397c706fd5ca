//! A sharded index (root + separate shard files) answers exactly like the
//! one-file index, asks for the shards a query needs, refuses foreign or
//! damaged shards, and builds deterministically.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use ricerca::builder::{BuiltIndex, ShardPolicy};
use ricerca::model::Facet;
use ricerca::{Index, IndexError, SearchRequest};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Small shards so the 66 records spread over many files, the typo
/// directory among them.
fn policy() -> ShardPolicy {
    ShardPolicy {
        split: Some(true),
        term_shard_bytes: 2048,
        docs_per_shard: Some(8),
        typo_dir_inline_bytes: 0,
        ..ShardPolicy::default()
    }
}

fn sharded() -> &'static BuiltIndex {
    static B: OnceLock<BuiltIndex> = OnceLock::new();
    B.get_or_init(|| build_with(directory(), policy(), "directory"))
}

fn requests() -> Vec<SearchRequest> {
    let mut out: Vec<SearchRequest> = [
        "",
        "rosatm",
        "universita",
        "cell factory",
        "puglia ",
        "zzzz",
        "terapie avanzate",
        "marzipan",
    ]
    .iter()
    .map(|q| all(q))
    .collect();
    out.push(all("").filter(Facet::Region, "IT-25"));
    out.push(SearchRequest {
        limit: 3,
        offset: 40,
        ..SearchRequest::new("")
    });
    out.push(SearchRequest {
        lang: ricerca::model::Lang::En,
        ..all("universita")
    });
    out
}

/// Searches, adding whatever shards the engine asks for, as the browser does.
fn search_fetching(
    index: &mut Index,
    req: &SearchRequest,
    files: &BTreeMap<String, Vec<u8>>,
) -> (ricerca::SearchResponse, usize) {
    search_fetching_in(index, req, files, 4)
}

/// [`search_fetching`] in at most `max_rounds` rounds of fetches.
fn search_fetching_in(
    index: &mut Index,
    req: &SearchRequest,
    files: &BTreeMap<String, Vec<u8>>,
    max_rounds: usize,
) -> (ricerca::SearchResponse, usize) {
    let (r, rounds) = search_in_rounds(index, req, |n| files.get(n).cloned(), max_rounds);
    (r, rounds.len())
}

#[test]
fn a_sharded_index_answers_exactly_like_the_one_file_index() {
    let built = sharded();
    assert!(
        built.shards.len() > 4,
        "expected several shard files, got {}",
        built.shards.len()
    );
    assert!(built.root.len() < index_bytes().len());
    let files: BTreeMap<String, Vec<u8>> = built.shards.iter().cloned().collect();
    let mut idx = Index::from_bytes(&built.root).unwrap();
    let mut all = Index::from_bytes(&built.root)
        .unwrap()
        .all_files(|name| files.get(name).cloned().ok_or(()))
        .unwrap();
    all.sort();
    assert_eq!(all, files.keys().cloned().collect::<Vec<_>>());
    // Before its typo directory files are added, the root names the other files.
    let mut missing = idx.missing_shards();
    missing.sort();
    let not_typo: Vec<String> = files
        .keys()
        .filter(|n| !n.contains(".x."))
        .cloned()
        .collect();
    assert!(not_typo.iter().any(|n| n.contains(".y.")));
    assert_eq!(missing, not_typo);
    for req in requests() {
        let (got, _) = search_fetching(&mut idx, &req, &files);
        let want = search(index(), &req);
        assert_eq!(
            serde_json::to_value(&got).unwrap(),
            serde_json::to_value(&want).unwrap(),
            "{:?}",
            req.query
        );
    }
}

#[test]
fn a_query_fetches_only_some_shards() {
    let built = sharded();
    let files: BTreeMap<String, Vec<u8>> = built.shards.iter().cloned().collect();
    let mut idx = Index::from_bytes(&built.root).unwrap();
    let (total, loaded) = idx.shard_counts();
    assert!(loaded < total);
    let (resp, rounds) = search_fetching(&mut idx, &SearchRequest::new("rosatom"), &files);
    assert_eq!(resp.hits[0].id, "rosatom");
    assert!(rounds >= 1);
    assert!(
        !idx.missing_shards().is_empty(),
        "one query should not need every shard"
    );
}

/// The files the first search of `query` on a fresh sharded index asks for.
fn first_round(query: &str) -> Vec<String> {
    asked_by(&Index::from_bytes(&sharded().root).unwrap(), query)
}

/// The files a search of `query` on `idx` asks for (it must ask for some).
fn asked_by(idx: &Index, query: &str) -> Vec<String> {
    match idx.search(&all(query)) {
        Err(IndexError::MissingShards { files }) => files,
        other => panic!("{query:?}: expected missing shards, got {other:?}"),
    }
}

#[test]
fn one_round_asks_for_every_words_shards() {
    let words = ["cell", "factory", "terapie", "avanzate"];
    let query = words.join(" ") + " ";
    let first = first_round(&query);
    let mut each: Vec<String> = Vec::new();
    for w in words {
        for f in first_round(&(w.to_string() + " ")) {
            assert!(
                first.contains(&f),
                "{w}: {f} not asked in the first round {first:?}"
            );
            if !each.contains(&f) {
                each.push(f);
            }
        }
    }
    // More than the first word's files (one word per round asked for those alone).
    assert!(first.len() > first_round("cell ").len(), "{first:?}");
    // Fetching round by round still gives the one-file index's answer.
    let files: BTreeMap<String, Vec<u8>> = sharded().shards.iter().cloned().collect();
    let mut idx = Index::from_bytes(&sharded().root).unwrap();
    let (got, _) = search_fetching_in(&mut idx, &all(&query), &files, 6);
    assert_eq!(
        serde_json::to_value(&got).unwrap(),
        serde_json::to_value(search(index(), &all(&query))).unwrap()
    );
}

/// The first round also asks, ahead, for the typo directory files of words
/// allowed typos, which never start a round of their own; the proximity rule
/// reads nothing more (the first word's postings list what follows it), so
/// a two-word query needs one round for its terms and one for its page.
#[test]
fn the_first_round_asks_ahead_for_typo_directory_files_and_proximity_reads_nothing_more() {
    let files: BTreeMap<String, Vec<u8>> = sharded().shards.iter().cloned().collect();
    let first = first_round("universita regionale ");
    assert!(first.iter().any(|f| f.contains(".y.")), "{first:?}");
    let mut idx = Index::from_bytes(&sharded().root).unwrap();
    let req = all("cell factory ");
    let (got, rounds) = search_fetching_in(&mut idx, &req, &files, 8);
    assert_eq!(serde_json::to_value(&got).unwrap(), one_file(&req));
    assert_eq!(rounds, 2, "terms, then the page's doc shards");

    // The exact stage's files alone, not the typo directory's: a word with
    // strong matches then needs no other file, and nothing is asked ahead.
    let mut idx = Index::from_bytes(&sharded().root).unwrap();
    let req = all("universita ");
    let asked = asked_by(&idx, "universita ");
    assert!(asked.iter().any(|f| f.contains(".y.")), "{asked:?}");
    for name in asked.iter().filter(|f| !f.contains(".y.")) {
        idx.add_shard(name, &files[name]).unwrap();
    }
    match idx.search(&req) {
        Err(IndexError::MissingShards { files }) => {
            let doc = |f: &String| f.split('.').nth(1).is_some_and(|k| k.starts_with('d'));
            assert!(files.iter().all(doc), "only doc shards: {files:?}")
        }
        other => panic!("expected the page's doc shards, got {other:?}"),
    }
}

/// The same search on the one-file index, as JSON.
fn one_file(req: &SearchRequest) -> serde_json::Value {
    serde_json::to_value(search(index(), req)).unwrap()
}

/// What a search keeps between the rounds of one query (the memo) never
/// changes an answer: on a fresh index per query, after the filters change,
/// when the same query comes back, and after an answer cut short by the
/// fetch budget (which must not be kept as the whole answer).
#[test]
fn answers_stay_the_one_file_indexs_across_rounds_filters_and_a_spent_budget() {
    let files: BTreeMap<String, Vec<u8>> = sharded().shards.iter().cloned().collect();
    let mut reqs = requests();
    for q in [
        "rosatm",
        "terapie avanzat",
        "celll factory ",
        "univrsita di",
        "ospedale",
    ] {
        reqs.push(all(q));
    }
    let mut partial = 0;
    for req in reqs {
        let q = &req.query;
        let mut idx = Index::from_bytes(&sharded().root).unwrap();
        let (got, _) = search_fetching_in(&mut idx, &req, &files, 8);
        assert_eq!(serde_json::to_value(&got).unwrap(), one_file(&req), "{q:?}");
        let filtered = req.clone().filter(Facet::Country, "IT");
        let (got, _) = search_fetching_in(&mut idx, &filtered, &files, 8);
        assert_eq!(
            serde_json::to_value(&got).unwrap(),
            one_file(&filtered),
            "{q:?} IT"
        );
        let (got, _) = search_fetching_in(&mut idx, &req, &files, 8);
        assert_eq!(
            serde_json::to_value(&got).unwrap(),
            one_file(&req),
            "{q:?} again"
        );

        // One file allowed: a partial answer, then the whole one with a fresh budget.
        let mut idx = Index::from_bytes(&sharded().root).unwrap();
        let mut short = req.clone();
        short.fetch_budget = 1;
        let (first, _) = idx
            .search_reading(&short, |name| files.get(name).cloned().ok_or(()))
            .unwrap();
        let (got, _) = search_fetching_in(&mut idx, &req, &files, 8);
        assert_eq!(
            serde_json::to_value(&got).unwrap(),
            one_file(&req),
            "{q:?} after a partial answer ({} pending)",
            first.pending.len()
        );
        partial += usize::from(first.partial);
    }
    assert!(partial > 5, "only {partial} answers were cut short");
}

#[test]
fn foreign_or_damaged_shards_are_refused() {
    let built = sharded();
    let (name, bytes) = &built.shards[0];
    let mut idx = Index::from_bytes(&built.root).unwrap();
    let mut damaged = bytes.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 0x01;
    assert!(
        idx.add_shard(name, &damaged).is_err(),
        "damaged shard accepted"
    );
    assert!(
        idx.add_shard(name, &built.shards[1].1).is_err(),
        "another shard's bytes accepted"
    );
    assert!(
        idx.add_shard("not-a-shard.bin", bytes).is_err(),
        "unknown name accepted"
    );
    assert!(idx.add_shard(name, &[]).is_err());
    // The right bytes are accepted, twice harmlessly.
    idx.add_shard(name, bytes).unwrap();
    idx.add_shard(name, bytes).unwrap();
}

#[test]
fn sharded_builds_are_deterministic() {
    let a = build_with(directory(), policy(), "directory");
    let b = build_with(directory(), policy(), "directory");
    assert_eq!(a.root, b.root);
    assert_eq!(a.shards, b.shards);
}

#[test]
fn the_cli_builds_and_searches_a_sharded_index_and_refuses_a_missing_shard() {
    let tmp = temp_dir("shards-cli");
    let out = tmp.join("directory.idx");
    let o = ricerca([
        "build",
        data_dir().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--shards",
        "always",
        "--term-shard-bytes",
        "2048",
        "--docs-per-shard",
        "8",
    ]);
    assert_no_panic(&o, "build --shards always");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The CLI keeps this small typo directory in the root (the default).
    let cli_policy = ShardPolicy {
        typo_dir_inline_bytes: ShardPolicy::default().typo_dir_inline_bytes,
        ..policy()
    };
    let built = &build_with(directory(), cli_policy, "directory");
    let mut want: Vec<String> = built.shards.iter().map(|(n, _)| n.clone()).collect();
    want.push("directory.idx".into());
    want.sort();
    assert_eq!(names, want, "the CLI writes the library's shard files");
    let line = stdout(&o);
    assert!(
        line.contains(&format!("in {} files in ", built.shards.len() + 1)),
        "{line}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), built.root);

    for q in ["universita", "rosatm", ""] {
        let sharded = cli_search(&out, q, &["--limit", "1000"]);
        let single = cli_search(index_file(), q, &["--limit", "1000"]);
        assert_eq!(sharded, single, "{q:?}");
    }

    // Shards are read as a search needs them: browsing shows the first
    // documents, which live in doc shard 0.
    let first_docs = built
        .shards
        .iter()
        .find(|(n, _)| n.contains(".d0."))
        .expect("doc shard 0");
    std::fs::remove_file(tmp.join(&first_docs.0)).unwrap();
    let o = ricerca(["search", out.to_str().unwrap(), ""]);
    assert_no_panic(&o, "missing shard");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error: cannot read shard "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_default_layout_of_a_small_directory_browses_with_one_page_sized_doc_shard() {
    // The curated directory (66 records) is past the one-file threshold: its
    // terms and its documents live in separate files, the documents ten (a
    // page) to a shard, so the widget's first result (the browse page, related
    // records' titles included) needs the root and one doc shard.
    let built = build_with(directory(), ShardPolicy::default(), "directory");
    let n = directory().records.len();
    let doc_files: Vec<&String> = built
        .shards
        .iter()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with("directory.d"))
        .collect();
    assert_eq!(
        doc_files.len(),
        n.div_ceil(10),
        "doc shards of 10 documents"
    );
    assert!(
        built
            .shards
            .iter()
            .any(|(n, _)| n.starts_with("directory.t.")),
        "term shards should be separate"
    );
    let mut idx = Index::from_bytes(&built.root).unwrap();
    let Err(IndexError::MissingShards { files: wanted }) = idx.search(&SearchRequest::new(""))
    else {
        panic!("the browse page needs its doc shard");
    };
    assert_eq!(wanted.len(), 1, "{wanted:?}");
    assert!(wanted[0].starts_with("directory.d0."), "{wanted:?}");
    let files: BTreeMap<String, Vec<u8>> = built.shards.iter().cloned().collect();
    idx.add_shard(&wanted[0], &files[&wanted[0]]).unwrap();
    let browse = idx.search(&SearchRequest::new("")).unwrap();
    let related: usize = browse.hits.iter().map(|h| h.related.len()).sum();
    assert!(related > 0, "the first page shows related records");
    assert_eq!(
        serde_json::to_value(&browse).unwrap(),
        serde_json::to_value(search(index(), &SearchRequest::new(""))).unwrap()
    );
    // A typed query asks for term and doc shards, then answers like the one-file index.
    for req in requests() {
        let (got, _) = search_fetching(&mut idx, &req, &files);
        assert_eq!(
            serde_json::to_value(&got).unwrap(),
            serde_json::to_value(search(index(), &req)).unwrap(),
            "{:?}",
            req.query
        );
    }
    // Asked explicitly, the doc shards stay in the root: browsing needs no file.
    let inline = build_with(
        directory(),
        ShardPolicy {
            inline_docs: Some(true),
            ..ShardPolicy::default()
        },
        "directory",
    );
    assert!(inline
        .shards
        .iter()
        .all(|(n, _)| !n.starts_with("directory.d")));
    assert_eq!(
        serde_json::to_value(
            Index::from_bytes(&inline.root)
                .unwrap()
                .search(&SearchRequest::new(""))
                .unwrap()
        )
        .unwrap(),
        serde_json::to_value(search(index(), &SearchRequest::new(""))).unwrap()
    );
}
