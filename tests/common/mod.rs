//! Helpers shared by the integration tests: paths, temp dirs, running the
//! `ricerca` binary, the real index (built once per test binary), and an
//! oracle that computes from the data files which records hold which terms.
#![allow(dead_code)]

use ricerca::builder::{build_index, BuiltIndex, ShardPolicy};
use ricerca::data::geo::Geo;
use ricerca::model::{Directory, Facet, Kind, Lang, Record};
use ricerca::text::{fold, tokenize};
use ricerca::unicode_fold::UnicodeFolder;
use ricerca::{Index, SearchRequest, SearchResponse};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The `ricerca` binary cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_ricerca");

/// `/work/main` (the package root).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real data directory.
pub fn data_dir() -> PathBuf {
    root().join("data")
}

/// A fixture path under `tests/fixtures`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests").join("fixtures").join(rel)
}

/// A fresh, empty directory unique per call, under cargo's scratch folder for
/// integration tests (`target/tmp`, removed by `cargo clean`). Folders left by
/// earlier test processes that are no longer running are removed first.
pub fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    static PRUNE: std::sync::Once = std::sync::Once::new();
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    PRUNE.call_once(|| prune_stale(&base));
    let n = N.fetch_add(1, Ordering::SeqCst);
    let dir = base.join(format!("ricerca-it-{}-{}-{}", std::process::id(), name, n));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn prune_stale(base: &Path) {
    if !Path::new("/proc/self").exists() {
        return; // no cheap way to tell whether a process is alive
    }
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("ricerca-it-")
            .and_then(|r| r.split('-').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Runs `ricerca` with `args`; never uses a shell.
pub fn ricerca<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(BIN).args(args).output().expect("run ricerca")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts that nothing in `o`'s output looks like a Rust panic.
pub fn assert_no_panic(o: &Output, what: &str) {
    let all = format!("{}{}", stdout(o), stderr(o));
    assert!(
        !all.contains("panicked") && !all.contains("RUST_BACKTRACE"),
        "{what}: panic text in output:\n{all}"
    );
    // 101 is the exit status of a panicking Rust program.
    assert_ne!(
        o.status.code(),
        Some(101),
        "{what}: exit status 101 (panic)"
    );
}

/// The real directory, read with the library.
pub fn directory() -> &'static Directory {
    static DIR: OnceLock<Directory> = OnceLock::new();
    DIR.get_or_init(|| {
        ricerca::data::load(&[data_dir()]).unwrap_or_else(|e| panic!("data/ does not load:\n{e}"))
    })
}

/// Builds `dir` with the library and `policy`, naming shard files after `stem`.
pub fn build_with(dir: &Directory, policy: ShardPolicy, stem: &str) -> BuiltIndex {
    build_index(dir, geo(), policy, stem, &|_, _| {})
}

/// The one-file layout (every shard inline), which the engine tests search
/// without fetching; tests/shards.rs checks that every layout answers alike.
pub fn one_file() -> ShardPolicy {
    ShardPolicy {
        split: Some(false),
        ..ShardPolicy::default()
    }
}

/// The bytes of the real index built with the library as one file, as
/// `ricerca build --shards never` does (once per test binary).
pub fn index_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let built = build_with(directory(), one_file(), "directory");
        assert!(built.shards.is_empty(), "--shards never writes one file");
        built.root
    })
}

/// The real index, loaded.
pub fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::from_bytes(index_bytes()).expect("the real index loads"))
}

/// The real index written to a file (once per test binary), for the CLI.
pub fn index_file() -> &'static Path {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let p = temp_dir("real-index").join("directory.idx");
        std::fs::write(&p, index_bytes()).unwrap();
        p
    })
}

/// Loads the directory made of `paths` and builds its index.
pub fn build_from(paths: &[PathBuf]) -> (Directory, Index) {
    let dir = ricerca::data::load(paths).unwrap_or_else(|e| panic!("fixture does not load:\n{e}"));
    let built = build_with(&dir, one_file(), "fixture");
    assert!(built.shards.is_empty());
    let index = Index::from_bytes(&built.root).expect("fixture index loads");
    (dir, index)
}

/// A request for `query` returning every hit.
pub fn all(query: &str) -> SearchRequest {
    SearchRequest {
        limit: 1000,
        ..SearchRequest::new(query)
    }
}

pub fn search(index: &Index, req: &SearchRequest) -> SearchResponse {
    index
        .search(req)
        .unwrap_or_else(|e| panic!("search {:?} failed: {e}", req.query))
}

pub fn ids(resp: &SearchResponse) -> Vec<String> {
    resp.hits.iter().map(|h| h.id.clone()).collect()
}

pub fn id_set(resp: &SearchResponse) -> BTreeSet<String> {
    resp.hits.iter().map(|h| h.id.clone()).collect()
}

/// Runs `ricerca search INDEX QUERY --json EXTRA...` and parses the JSON.
pub fn cli_search(index: &Path, query: &str, extra: &[&str]) -> serde_json::Value {
    let mut args: Vec<String> = vec![
        "search".into(),
        index.display().to_string(),
        "--json".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push("--".into());
    args.push(query.into());
    let o = ricerca(&args);
    assert_no_panic(&o, &format!("search {query:?}"));
    assert_eq!(
        o.status.code(),
        Some(0),
        "search {query:?} {extra:?} failed: {}",
        stderr(&o)
    );
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("search {query:?}: not JSON ({e}):\n{}", stdout(&o)))
}

pub fn json_ids(v: &serde_json::Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

/// Folds like the builder (NFKD, no marks, lowercase).
pub fn folded(s: &str) -> String {
    fold(&UnicodeFolder, s)
}

/// Per record id, its indexed terms, each with whether it is *strong*: in
/// the name, aliases or places (city, region and country labels) rather than
/// only in the glossary translations, summary, sector vocabulary or related
/// records' names. Computed from the data files as README's "Search
/// semantics" describes, independently of the builder.
pub fn record_terms(dir: &Directory) -> BTreeMap<String, BTreeMap<String, bool>> {
    let geo = geo();
    let related = related_ids(dir);
    let by_id: BTreeMap<&str, &Record> = dir.records.iter().map(|r| (r.id.as_str(), r)).collect();
    let terms_of = |texts: &[String]| -> Vec<String> {
        texts
            .iter()
            .flat_map(|t| tokenize(&UnicodeFolder, t))
            .map(|t| t.term)
            .collect()
    };
    let mut out = BTreeMap::new();
    for r in &dir.records {
        let mut strong: Vec<String> = vec![r.name.clone()];
        strong.extend(r.name_en.clone());
        strong.extend(r.aliases.iter().cloned());
        strong.extend(r.city.clone());
        for code in r.regions.iter().chain(&r.countries) {
            match geo.get(code) {
                Some(p) => {
                    strong.push(p.it.clone());
                    strong.push(p.en.clone());
                }
                None => strong.push(code.clone()),
            }
        }
        let mut weak: Vec<String> = r.summary.iter().cloned().collect();
        for s in &r.sectors {
            let sec = dir.sectors.iter().find(|x| &x.id == s).unwrap();
            weak.push(sec.label_it.clone());
            weak.push(sec.label_en.clone());
            weak.extend(sec.synonyms.iter().cloned());
        }
        for rid in &related[&r.id] {
            weak.push(by_id[rid.as_str()].name.clone());
        }
        let strong = terms_of(&strong);
        weak.extend(glossary_translations(dir, &strong));
        let mut terms: BTreeMap<String, bool> = BTreeMap::new();
        for t in terms_of(&weak) {
            terms.insert(t, false);
        }
        for t in strong {
            terms.insert(t, true);
        }
        out.insert(r.id.clone(), terms);
    }
    out
}

/// The glossary's translations of `terms`: for each term, the other words of
/// every entry holding a word with the term's stem (folded).
pub fn glossary_translations(dir: &Directory, terms: &[String]) -> Vec<String> {
    use ricerca::stem::stem;
    let mut out = Vec::new();
    for t in terms {
        for entry in &dir.glossary {
            let words: Vec<String> = entry.iter().map(|w| folded(w)).collect();
            if words.iter().any(|w| stem(w) == stem(t)) {
                out.extend(words.into_iter().filter(|w| stem(w) != stem(t)));
            }
        }
    }
    out
}

/// Ids of records holding `word` as a term, or (with `prefix`) a term starting with it.
pub fn records_with(
    terms: &BTreeMap<String, BTreeMap<String, bool>>,
    word: &str,
    prefix: bool,
) -> BTreeSet<String> {
    terms
        .iter()
        .filter(|(_, t)| t.contains_key(word) || (prefix && t.keys().any(|x| x.starts_with(word))))
        .map(|(id, _)| id.clone())
        .collect()
}

/// Related record ids from the data: an initiative's partners, a partner's
/// initiatives (those listing it).
pub fn related_ids(dir: &Directory) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = dir
        .records
        .iter()
        .map(|r| (r.id.clone(), BTreeSet::new()))
        .collect();
    for r in &dir.records {
        for p in &r.partners {
            out.get_mut(&r.id).unwrap().insert(p.clone());
            out.get_mut(p).unwrap().insert(r.id.clone());
        }
    }
    out
}

/// The values of `facet` carried by `r`, from the data.
pub fn facet_values(r: &Record, facet: Facet) -> Vec<String> {
    match facet {
        Facet::Region => r.regions.clone(),
        Facet::Country => r.countries.clone(),
        Facet::Sector => r.sectors.clone(),
        Facet::Kind => vec![r.kind.as_str().to_string()],
    }
}

/// Counts of each value of `facet` over `records`.
pub fn count_values<'a>(
    records: impl IntoIterator<Item = &'a Record>,
    facet: Facet,
) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for r in records {
        let vals: BTreeSet<String> = facet_values(r, facet).into_iter().collect();
        for v in vals {
            *out.entry(v).or_insert(0) += 1;
        }
    }
    out
}

/// The ISO 3166 table compiled into the builder (parsed once).
pub fn geo() -> &'static Geo {
    static GEO: OnceLock<Geo> = OnceLock::new();
    GEO.get_or_init(Geo::builtin)
}

/// The label of a facet value in `lang`, from the data files and the ISO table.
pub fn label_of(dir: &Directory, facet: Facet, code: &str, lang: Lang) -> String {
    match facet {
        Facet::Region | Facet::Country => {
            let p = geo()
                .get(code)
                .cloned()
                .unwrap_or_else(|| panic!("no geo label for {code}"));
            match lang {
                Lang::It => p.it,
                Lang::En => p.en,
            }
        }
        Facet::Sector => {
            let s = dir.sectors.iter().find(|s| s.id == code).unwrap();
            match lang {
                Lang::It => s.label_it.clone(),
                Lang::En => s.label_en.clone(),
            }
        }
        Facet::Kind => Kind::parse(code).unwrap().label(lang).to_string(),
    }
}

/// The record with `id`.
pub fn record<'a>(dir: &'a Directory, id: &str) -> &'a Record {
    dir.records
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no record {id}"))
}

/// Slices `s` by code points `[start, end)`.
pub fn slice_chars(s: &str, range: [u32; 2]) -> String {
    s.chars()
        .skip(range[0] as usize)
        .take((range[1] - range[0]) as usize)
        .collect()
}

/// A child process killed (by its own id) when dropped.
pub struct ChildGuard(pub std::process::Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Searches `req` as the browser loader does: each round adds the shard files
/// the engine asks for (`file(name)` gives their bytes) and searches again.
/// Returns the answer and each round's files; panics past `max_rounds`.
pub fn search_in_rounds(
    index: &mut Index,
    req: &SearchRequest,
    file: impl Fn(&str) -> Option<Vec<u8>>,
    max_rounds: usize,
) -> (SearchResponse, Vec<Vec<String>>) {
    let mut rounds = Vec::new();
    loop {
        match index.search(req) {
            Ok(r) => return (r, rounds),
            Err(ricerca::IndexError::MissingShards { files: wanted }) => {
                assert!(!wanted.is_empty());
                assert!(
                    rounds.len() < max_rounds,
                    "{:?}: still missing shards after {} rounds",
                    req.query,
                    rounds.len() + 1
                );
                for name in &wanted {
                    let bytes =
                        file(name).unwrap_or_else(|| panic!("asked for unknown shard {name}"));
                    index.add_shard(name, &bytes).unwrap();
                }
                rounds.push(wanted);
            }
            Err(e) => panic!("{:?}: {e}", req.query),
        }
    }
}
