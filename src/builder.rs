//! Builds an index from a validated [`Directory`] (deploy time only).
//!
//! What is indexed: the records' fields tokenized per field (title, aliases,
//! context, summary), their BM25F weights, facet columns and stored
//! documents. How it is laid out in bytes is [`crate::format`]'s (and
//! `FORMAT.md`'s): this module calls its encoders.
//!
//! An index is a **root** file and **shards**. A tiny directory keeps its
//! shards inline in the root (one file); a larger one writes them as separate
//! files named by their content, fetched on demand (see [`ShardPolicy`]). Term and
//! typo shards end at content-defined cut points, so editing one record
//! changes the names of the few shards that hold it and no other. The typo
//! shard table itself is cut into typo directory files
//! ([`crate::format::typo_dir`]): only typo passes read it.
//!
//! Documents are numbered in order of folded name, so browsing in doc-id order
//! is browsing by name, and a record keeps its id when its other fields
//! change. The same directory always gives the same bytes.

use crate::data::geo::Geo;
use crate::format::doc_shard::{self, DocHead, StoredDoc};
use crate::format::facets::{self, FacetColumn, FacetValue};
use crate::format::fold;
use crate::format::meta::Meta;
use crate::format::names::ShardKind;
use crate::format::root::Sections;
use crate::format::shard_table::{separator, ShardTable};
use crate::format::term_shard::TermShardWriter;
use crate::format::typo_dir;
use crate::format::typo_shard::{self, Insertion, TypoShardWriter};
use crate::model::{Directory, Facet, Kind, Lang, Record, Sector};
use crate::scoring::{
    FIELD_ALIASES, FIELD_COUNT, FIELD_NAME, FIELD_PLACES, FIELD_SUMMARY, FIELD_VOCABULARY,
};
use crate::text::fold;
use crate::unicode_fold::{fold_table_for, UnicodeFolder};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How the index is split into files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardPolicy {
    /// `Some(true)`: always separate shard files; `Some(false)`: always one file;
    /// `None`: separate files once the shards exceed [`ShardPolicy::split_above`].
    pub split: Option<bool>,
    /// Total shard bytes above which `split: None` writes separate files.
    pub split_above: usize,
    /// Target size of a term shard, in bytes (postings plus an estimated
    /// [`FST_BYTES_PER_TERM`] per term). Smaller shards mean fewer bytes per
    /// cold query and more files.
    pub term_shard_bytes: usize,
    /// Target size of a typo shard, in bytes (see [`crate::format::typo_shard`]).
    pub typo_shard_bytes: usize,
    /// Largest typo shard table (encoded, in bytes) kept whole in the root;
    /// a larger one goes to typo directory files ([`typo_dir`]).
    pub typo_dir_inline_bytes: usize,
    /// Documents per doc shard when split; `None`: [`auto_docs_per_shard`].
    pub docs_per_shard: Option<u32>,
    /// When split, keep the doc shards inside the root (`Some(true)`) and
    /// write only the term dictionary to separate files. `None`: doc shards are
    /// separate files whenever the index is split, so that the first result (the
    /// browse page the widget shows once loaded) needs the root and one small
    /// doc shard rather than every record's stored fields (a hit's shard holds
    /// its related records' titles too, see [`crate::format::doc_shard`]).
    pub inline_docs: Option<bool>,
}

/// Documents per doc shard by default: one page of hits (the widget shows
/// [`PAGE_DOCS`]) for a small directory, so that browsing fetches one small
/// shard; more as the directory grows, keeping the root's table of doc shards
/// (3 bytes each) at most [`DOC_SHARDS_TARGET`] entries, up to
/// [`MAX_DOCS_PER_SHARD`] documents (at 185k records: 2,875 doc shards,
/// whose table costs the root 8.7 KB gzip instead of 17.6 KB with 32, and
/// a page's 10 hits ~2.4 KB gzip of doc shards instead of ~1.4).
pub fn auto_docs_per_shard(records: usize) -> u32 {
    let per = records.div_ceil(DOC_SHARDS_TARGET);
    per.clamp(PAGE_DOCS, MAX_DOCS_PER_SHARD as usize) as u32
}

/// Hits on the widget's first page (its `per-page` default).
pub const PAGE_DOCS: usize = 10;
/// Doc shards [`auto_docs_per_shard`] aims at, before shards reach [`MAX_DOCS_PER_SHARD`].
pub const DOC_SHARDS_TARGET: usize = 256;
/// Most documents per doc shard [`auto_docs_per_shard`] chooses.
pub const MAX_DOCS_PER_SHARD: u32 = 64;

impl Default for ShardPolicy {
    /// Separate files above 24 KiB (a one-file index beyond ~12 KB gzip makes the
    /// first result wait for terms it does not need), ~6 KiB term shards,
    /// typo shards from 2 KiB (cut where key prefixes change, see
    /// [`should_cut`]), doc shards by [`auto_docs_per_shard`], separate.
    fn default() -> Self {
        ShardPolicy {
            split: None,
            split_above: 24 << 10,
            term_shard_bytes: 6 << 10,
            typo_shard_bytes: 2 << 10,
            typo_dir_inline_bytes: typo_dir::INLINE_UP_TO,
            docs_per_shard: None,
            inline_docs: None,
        }
    }
}

pub use crate::format::term_shard::FST_BYTES_PER_TERM;

/// What a build produced, for the one-line summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildSummary {
    /// Records indexed.
    pub records: usize,
    /// Distinct terms in the dictionary.
    pub terms: usize,
    /// Size of all files together.
    pub bytes: usize,
    /// Number of files (the root and its separate shards).
    pub files: usize,
}

/// A built index: the root file's bytes and the separate shard files, if any.
#[derive(Debug, Clone)]
pub struct BuiltIndex {
    /// The root file.
    pub root: Vec<u8>,
    /// `(file name, bytes)` of every separate shard, to be written beside the root.
    pub shards: Vec<(String, Vec<u8>)>,
    /// Counts and sizes.
    pub summary: BuildSummary,
    /// How long each stage of the build took, in order (`ricerca build --verbose`).
    pub stages: Vec<(&'static str, Duration)>,
}

/// Times the stages of a build: each [`Laps::lap`] records the time since the previous one.
struct Laps {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Laps {
    fn start() -> Laps {
        Laps {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Ends the stage `name`.
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }
}

mod analyze;
mod postings;

use analyze::{analyze_all, analyze_fields, Glossary};

/// A term's frequency in each field of one record.
type Tf = [u32; FIELD_COUNT];

/// Builds the index for `dir`, with labels from `geo`, naming separate shard
/// files after `stem` (the root's file name without extension). `progress` is
/// called with `(records done, total)` now and then.
pub fn build_index(
    dir: &Directory,
    geo: &Geo,
    policy: ShardPolicy,
    stem: &str,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> BuiltIndex {
    let mut laps = Laps::start();
    let n = dir.records.len();
    // Doc order: folded name, then id.
    let keys: Vec<String> = dir
        .records
        .iter()
        .map(|r| fold(&UnicodeFolder, &r.name))
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        keys[a]
            .cmp(&keys[b])
            .then_with(|| dir.records[a].id.cmp(&dir.records[b].id))
    });
    let records: Vec<&Record> = order.iter().map(|&i| &dir.records[i]).collect();
    let doc_of: BTreeMap<&str, u32> = records
        .iter()
        .enumerate()
        .map(|(d, r)| (r.id.as_str(), d as u32))
        .collect();

    // Related records: an initiative's partners, and (derived) a partner's initiatives.
    let mut related: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (d, r) in records.iter().enumerate() {
        for p in &r.partners {
            if let Some(&pd) = doc_of.get(p.as_str()) {
                related[d].push(pd);
                related[pd as usize].push(d as u32);
            }
        }
    }
    for rel in &mut related {
        rel.sort_unstable();
        rel.dedup();
    }

    // Facet values, their labels and documents.
    let sectors: BTreeMap<&str, &crate::model::Sector> =
        dir.sectors.iter().map(|s| (s.id.as_str(), s)).collect();
    let label = |facet: Facet, code: &str| -> (String, String) {
        match facet {
            Facet::Region | Facet::Country => geo.get(code).map_or_else(
                || (code.to_string(), code.to_string()),
                |p| (p.it.clone(), p.en.clone()),
            ),
            Facet::Sector => sectors.get(code).map_or_else(
                || (code.to_string(), code.to_string()),
                |s| (s.label_it.clone(), s.label_en.clone()),
            ),
            Facet::Kind => {
                let k = Kind::parse(code).unwrap_or(Kind::Partner);
                (k.label(Lang::It).to_string(), k.label(Lang::En).to_string())
            }
        }
    };
    let mut facet_docs: Vec<BTreeMap<&str, Vec<u32>>> = vec![BTreeMap::new(); Facet::ALL.len()];
    for (d, r) in records.iter().enumerate() {
        for f in Facet::ALL {
            for v in values_of(f, r) {
                let docs = facet_docs[f.index()].entry(v).or_default();
                if docs.last() != Some(&(d as u32)) {
                    docs.push(d as u32);
                }
            }
        }
    }
    let facet_labels: Vec<BTreeMap<&str, (String, String)>> = Facet::ALL
        .iter()
        .map(|&f| {
            facet_docs[f.index()]
                .keys()
                .map(|&code| (code, label(f, code)))
                .collect()
        })
        .collect();

    laps.lap("order, related records, facets");
    // Analysis (tokenizing every field) is the expensive part: run it on every core.
    let glossary = Glossary::new(&dir.glossary);
    let analyze = |d: usize| {
        let fields = record_fields(records[d], &facet_labels, &sectors, &related[d], &records);
        analyze_fields(&fields, &glossary)
    };
    let threads = cpu_threads();
    let analyzed = analyze_all(n, threads, progress, analyze);
    laps.lap("analysis");

    let postings = postings::gather(&analyzed, &average_lengths(&analyzed));
    laps.lap("postings");

    // Everything the browser may fold: indexed text plus the facet labels.
    let label_texts = facet_labels
        .iter()
        .flat_map(|l| l.values())
        .flat_map(|(it, en)| [it.as_str(), en.as_str()]);
    let fold_table = fold_table_for(
        analyzed
            .iter()
            .flat_map(|a| a.texts.iter().copied())
            .chain(label_texts),
    );

    laps.lap("fold table");
    let doc_estimate: usize = records
        .iter()
        .map(|r| r.name.len() + r.summary.as_ref().map_or(0, String::len) + 64)
        .sum();
    let (term_shards, typo_shards, split) =
        keyed_shards(&postings, &policy, doc_estimate, threads, &mut laps);
    // Then cut the documents.
    let docs_per_shard = if split {
        policy
            .docs_per_shard
            .unwrap_or_else(|| auto_docs_per_shard(n))
            .max(1)
    } else {
        (n as u32).max(1)
    };
    let doc_shards: Vec<Vec<u8>> = (0..n.max(1))
        .step_by(docs_per_shard as usize)
        .map(|start| {
            let end = (start + docs_per_shard as usize).min(n);
            let docs: Vec<StoredDoc<'_>> = (start..end)
                .map(|d| stored_doc(records[d], &related[d], &records))
                .collect();
            doc_shard::encode(&docs)
        })
        .collect();

    laps.lap("doc shards");
    let facets: Vec<FacetColumn> = Facet::ALL
        .iter()
        .map(|&f| {
            facet_column(
                f,
                &facet_docs[f.index()],
                &facet_labels[f.index()],
                &records,
            )
        })
        .collect();
    let meta = Meta {
        records: n as u32,
        terms: postings.len() as u64,
        docs_per_shard,
    };
    let inline_docs = policy.inline_docs.unwrap_or(false);
    let (root, files) = write_root(
        &meta,
        &fold_table,
        &facets,
        [term_shards, typo_shards],
        doc_shards,
        Layout {
            stem: if split { stem } else { "" },
            split,
            inline_docs,
            typo_dir_inline: policy.typo_dir_inline_bytes,
        },
    );
    laps.lap("facets, root, shard files");
    let bytes = root.len() + files.iter().map(|(_, b)| b.len()).sum::<usize>();
    let summary = BuildSummary {
        records: n,
        terms: postings.len(),
        bytes,
        files: 1 + files.len(),
    };
    BuiltIndex {
        root,
        shards: files,
        summary,
        stages: laps.laps,
    }
}

/// Shards of a keyed table: `(first key, shard bytes)` each.
type Shards = Vec<(Vec<u8>, Vec<u8>)>;

/// The term shards and the typo shards of `postings`, and whether the index
/// is split into files (when the shards and the documents, about
/// `doc_estimate` bytes, exceed the policy's threshold).
fn keyed_shards(
    postings: &[(&str, postings::PostingList)],
    policy: &ShardPolicy,
    doc_estimate: usize,
    threads: usize,
    laps: &mut Laps,
) -> (Shards, Shards, bool) {
    // Term shards: postings plus an fst per range of terms. A one-file index
    // keeps one term shard (one fst is smaller than several).
    let cut = |limit: usize| cut_term_shards(postings, limit);
    // The typo index bounds what a typo fetches; a one-file index has
    // nothing to fetch (its typo pass walks its one dictionary) and none.
    // Whether the index is one file is known once its term shards are: the
    // typo shards are cut meanwhile on another thread, then dropped if so.
    let ((mut term_shards, term_took), (typo_shards, typo_took)) = both(
        threads,
        || timed(|| cut(policy.term_shard_bytes)),
        || {
            timed(|| match policy.split {
                Some(false) => Vec::new(),
                _ => cut_typo_shards(postings, policy.typo_shard_bytes),
            })
        },
    );
    let term_bytes: usize = term_shards.iter().map(|(_, c)| c.len()).sum();
    let split = policy
        .split
        .unwrap_or(term_bytes + doc_estimate > policy.split_above);
    if !split && term_shards.len() > 1 {
        term_shards = cut(usize::MAX);
    }
    let typo_shards = if split { typo_shards } else { Vec::new() };
    laps.lap("term and typo shards");
    laps.laps
        .push(("  of which term shards (one thread)", term_took));
    laps.laps
        .push(("  of which typo shards (the other)", typo_took));
    (term_shards, typo_shards, split)
}

/// `f()` and how long it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    (f(), start.elapsed())
}

/// Threads for the builder's CPU stages (analysis, term and typo shards): every core (at
/// most 8), but one where none can be spawned (wasm32-wasip1 reports no parallelism) and
/// one on musl other than x86_64, whose malloc serialises threads behind one lock (measured
/// at 185k records on 2 cores: analysis 4.7 s on two threads, 1.6 s on one). The x86_64
/// musl binary (the npm package's linux-x64) allocates with mimalloc (src/main.rs) and
/// scales like glibc. The output is the same bytes whatever the count.
fn cpu_threads() -> usize {
    if cfg!(all(target_env = "musl", not(target_arch = "x86_64"))) {
        return 1;
    }
    std::thread::available_parallelism()
        .map_or(1, |p| p.get())
        .clamp(1, 8)
}

/// `(a(), b())`, the two on two threads when `threads` > 1.
fn both<A: Send, B: Send>(
    threads: usize,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if threads < 2 {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let b = scope.spawn(b);
        let a = a();
        (a, b.join().expect("shard thread"))
    })
}

/// How the shards are laid out in files.
struct Layout<'a> {
    /// Names the shard files; empty for a one-file index, so that its bytes do
    /// not depend on its file name.
    stem: &'a str,
    /// Separate shard files at all.
    split: bool,
    /// Doc shards stay in the root even when split.
    inline_docs: bool,
    /// [`ShardPolicy::typo_dir_inline_bytes`].
    typo_dir_inline: usize,
}

/// The root file and the separate shard files `(name, bytes)`.
fn write_root(
    meta: &Meta,
    fold_table: &crate::text::FoldTable,
    facets: &[FacetColumn],
    [term_shards, typo_shards]: [Vec<(Vec<u8>, Vec<u8>)>; 2],
    doc_shards: Vec<Vec<u8>>,
    layout: Layout<'_>,
) -> (Vec<u8>, Vec<(String, Vec<u8>)>) {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut table = |kind: ShardKind, shards: Vec<(Vec<u8>, Vec<u8>)>, apart: bool| {
        let mut t = ShardTable {
            kind,
            stem: layout.stem.to_string(),
            apart,
            entries: Vec::new(),
        };
        for (first, content) in shards {
            files.extend(t.push(first, content));
        }
        t
    };
    let terms = table(ShardKind::Term, term_shards, layout.split);
    let typos = table(ShardKind::Typo, typo_shards, layout.split);
    let (apart, pieces) = typo_dir::directory(&typos, layout.typo_dir_inline);
    let typos = table(ShardKind::TypoDir, pieces, apart);
    let docs = table(
        ShardKind::Doc,
        doc_shards.into_iter().map(|c| (Vec::new(), c)).collect(),
        layout.split && !layout.inline_docs,
    );
    let root = Sections {
        writer: crate::format::container::WRITER_VERSION,
        meta: &meta.encode(),
        fold: &fold::encode(fold_table),
        facets: &facets::encode(facets),
        terms: &terms.encode(),
        typos: &typos.encode(),
        docs: &docs.encode(),
    }
    .encode();
    (root, files)
}

/// A facet's column: its values most frequent first (so that most documents'
/// values fit one byte), then by code; per document its value numbers.
fn facet_column(
    facet: Facet,
    docs: &BTreeMap<&str, Vec<u32>>,
    labels: &BTreeMap<&str, (String, String)>,
    records: &[&Record],
) -> FacetColumn {
    let mut order: Vec<(&str, usize)> = docs.iter().map(|(c, d)| (*c, d.len())).collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let number: BTreeMap<&str, u32> = order
        .iter()
        .enumerate()
        .map(|(i, (c, _))| (*c, i as u32))
        .collect();
    let values = order
        .iter()
        .map(|(code, _)| {
            let (it, en) = &labels[code];
            FacetValue {
                code: code.to_string(),
                label_it: it.clone(),
                label_en: en.clone(),
            }
        })
        .collect();
    let per_doc = records.iter().map(|r| {
        let mut vs: Vec<u32> = values_of(facet, r)
            .filter_map(|v| number.get(v).copied())
            .collect();
        vs.sort_unstable();
        vs.dedup();
        vs
    });
    FacetColumn::new(values, per_doc)
}

/// True when a content-defined cut may fall before `key`: one key in
/// [`CUT_EVERY`], chosen by a hash of the key alone. Shards end at such keys
/// once they reach their target size, so a change inside one shard moves no
/// other shard's boundaries (and names).
fn cut_point(key: &[u8]) -> bool {
    // FNV-1a.
    let mut h: u32 = 0x811c_9dc5;
    for &b in key {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h % CUT_EVERY == 0
}

/// One key in this many may start a shard (see [`cut_point`]).
const CUT_EVERY: u32 = 8;

/// Starts a new shard before `key` (which follows `prev`) once the current
/// one has reached `limit`: at a content-defined cut point ([`cut_point`]),
/// or anywhere at four times `limit`. With `by_prefix` (typo shards) it
/// first waits for the keys' short prefixes to change: their first two bytes
/// from `limit`, their first three from twice `limit`, then the cut points
/// from four times and anywhere from eight times. A word's typo keys (the
/// word and its deletions) start with at most four different three-byte
/// prefixes, so they then fall in a few typo shards.
fn should_cut(estimate: usize, limit: usize, by_prefix: bool, prev: &[u8], key: &[u8]) -> bool {
    if !by_prefix {
        return (estimate >= limit && cut_point(key)) || estimate >= limit.saturating_mul(4);
    }
    let differs = |n: usize| prev.get(..n) != key.get(..n);
    (estimate >= limit && differs(2))
        || (estimate >= limit.saturating_mul(2) && differs(3))
        || (estimate >= limit.saturating_mul(4) && cut_point(key))
        || estimate >= limit.saturating_mul(8)
}

/// What [`Cutter`] needs of a shard writer.
trait ShardWriter: Default {
    /// Bytes so far, estimated.
    fn estimate(&self) -> usize;
    /// The shard's bytes.
    fn finish(self) -> Vec<u8>;
}

impl ShardWriter for TermShardWriter {
    fn estimate(&self) -> usize {
        TermShardWriter::estimate(self)
    }
    fn finish(self) -> Vec<u8> {
        TermShardWriter::finish(self)
    }
}

impl ShardWriter for TypoShardWriter {
    fn estimate(&self) -> usize {
        TypoShardWriter::estimate(self)
    }
    fn finish(self) -> Vec<u8> {
        TypoShardWriter::finish(self)
    }
}

/// Cuts keys met in ascending order into shards of about `limit` bytes,
/// where [`should_cut`] says: `(lower bound, shard bytes)`, the lower bound
/// as short as the previous shard's last key allows ([`separator`]).
struct Cutter<W> {
    limit: usize,
    /// Cut where short key prefixes change ([`should_cut`]).
    by_prefix: bool,
    shards: Vec<(Vec<u8>, Vec<u8>)>,
    current: Option<(Vec<u8>, W)>,
    /// The last key given (empty before the first), its buffer reused.
    last: Vec<u8>,
}

impl<W: ShardWriter> Cutter<W> {
    fn new(limit: usize, by_prefix: bool) -> Self {
        Cutter {
            limit,
            by_prefix,
            shards: Vec::new(),
            current: None,
            last: Vec::new(),
        }
    }

    /// The writer that gets `key`: the current shard's, or a new one's; a
    /// `heavy` key starts a shard.
    fn writer(&mut self, key: &[u8], heavy: bool) -> &mut W {
        let prev = &self.last;
        if let Some((first, w)) = self.current.take_if(|(_, w)| {
            heavy || should_cut(w.estimate(), self.limit, self.by_prefix, prev, key)
        }) {
            self.shards.push((first, w.finish()));
        }
        if self.current.is_none() {
            // The first shard's bound is empty; a later one's as short as may be.
            let bound = if self.shards.is_empty() {
                Vec::new()
            } else {
                separator(prev, key)
            };
            self.current = Some((bound, W::default()));
        }
        self.last.clear();
        self.last.extend_from_slice(key);
        // Set above: the default is never used.
        &mut self
            .current
            .get_or_insert_with(|| (Vec::new(), W::default()))
            .1
    }

    fn finish(mut self) -> Vec<(Vec<u8>, Vec<u8>)> {
        self.shards
            .extend(self.current.map(|(first, w)| (first, w.finish())));
        self.shards
    }
}

/// Cuts the sorted `postings` into term shards of about `limit` bytes each
/// ([`TermShardWriter::estimate`], cut where [`should_cut`] says):
/// `(first term, shard bytes)`.
fn cut_term_shards(
    postings: &[(&str, postings::PostingList)],
    limit: usize,
) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut cutter = Cutter::<TermShardWriter>::new(limit, false);
    for (term, list) in postings {
        let key = term.as_bytes();
        // Terms come sorted and unique (postings::gather), as the fst requires.
        cutter
            .writer(key, heavy(list.len(), limit))
            .insert(key, list.iter().copied());
    }
    let mut shards = cutter.finish();
    if shards.is_empty() {
        shards.push((Vec::new(), TermShardWriter::new().finish()));
    }
    shards
}

/// True when a posting list of `len` documents reaches four times the term
/// shard target `limit` on its own (at least 2 bytes a document): it then
/// starts a shard, and the four-times rule ends the shard after it, so that
/// a lookup of a small term never fetches a huge list it does not need
/// (185k records: "units" shared a shard with "universita", 89 KB, 25 KB gzip).
fn heavy(len: usize, limit: usize) -> bool {
    len.saturating_mul(2) >= limit.saturating_mul(4)
}

/// The typo index of the terms of `postings` ([`crate::format::typo_shard`]),
/// cut like the term shards into shards of about `limit` bytes.
fn cut_typo_shards<T>(postings: &[(&str, T)], limit: usize) -> Vec<(Vec<u8>, Vec<u8>)> {
    let typed = || postings.iter();
    // At most a key per byte and the term itself: room at once, as growing copies them all.
    let mut entries: Vec<(InlineKey, Insertion)> =
        Vec::with_capacity(typed().map(|(t, _)| t.len() + 1).sum());
    for (t, _) in typed() {
        typo_shard::each_key(t.as_bytes(), |k, ins| {
            entries.push((InlineKey::new(k), ins))
        });
    }
    entries.sort_unstable();
    entries.dedup();
    let mut cutter = Cutter::<TypoShardWriter>::new(limit, true);
    let mut insertions: Vec<Insertion> = Vec::new();
    for group in entries.chunk_by(|a, b| a.0 == b.0) {
        insertions.clear();
        insertions.extend(group.iter().map(|(_, i)| *i));
        let (bytes, len) = group[0].0.bytes();
        let key = &bytes[..len];
        cutter.writer(key, false).insert(key, &insertions);
    }
    cutter.finish()
}

/// A typo key held inline (no allocation per key), ordered as its bytes:
/// big-endian words of the zero-padded bytes, then the length (of two keys
/// equal once padded, the shorter is a prefix of the other: it sorts first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct InlineKey {
    words: [u64; INLINE_KEY_WORDS],
    len: u8,
}

/// Words of an [`InlineKey`]: room for the longest typo key.
const INLINE_KEY_WORDS: usize = crate::fuzzy::MAX_FUZZY_BYTES.div_ceil(8);

impl InlineKey {
    fn new(key: &[u8]) -> InlineKey {
        let mut bytes = [0u8; INLINE_KEY_WORDS * 8];
        bytes[..key.len()].copy_from_slice(key);
        let mut words = [0u64; INLINE_KEY_WORDS];
        for (w, chunk) in words.iter_mut().zip(bytes.chunks_exact(8)) {
            *w = u64::from_be_bytes(chunk.try_into().expect("8 bytes"));
        }
        InlineKey {
            words,
            len: key.len() as u8,
        }
    }

    /// The key's bytes: the first `len` of the array.
    fn bytes(&self) -> ([u8; INLINE_KEY_WORDS * 8], usize) {
        let mut bytes = [0u8; INLINE_KEY_WORDS * 8];
        for (chunk, w) in bytes.chunks_exact_mut(8).zip(self.words) {
            chunk.copy_from_slice(&w.to_be_bytes());
        }
        (bytes, usize::from(self.len))
    }
}

/// Average field lengths, rounded to a quarter token: editing one record
/// then leaves them (and so every other document's weights, and the shards
/// that hold them) unchanged.
fn average_lengths(analyzed: &[analyze::Analyzed<'_>]) -> [f32; FIELD_COUNT] {
    let mut totals = [0u64; FIELD_COUNT];
    for a in analyzed {
        for (fi, total) in totals.iter_mut().enumerate() {
            *total += u64::from(a.lens[fi]);
        }
    }
    let n = analyzed.len();
    totals.map(|t| {
        if n == 0 {
            0.0
        } else {
            ((t as f64 / n as f64 * 4.0).round() / 4.0) as f32
        }
    })
}

/// The codes `r` carries for `facet`.
/// (An iterator, not a `Vec`: called for every record and facet, several times.)
fn values_of(facet: Facet, r: &Record) -> impl Iterator<Item = &str> {
    let list: &[String] = match facet {
        Facet::Region => &r.regions,
        Facet::Country => &r.countries,
        Facet::Sector => &r.sectors,
        Facet::Kind => &[],
    };
    let kind = (facet == Facet::Kind).then(|| r.kind.as_str());
    list.iter().map(String::as_str).chain(kind)
}

/// Facet labels per facet: code -> (Italian, English).
type FacetLabels<'a> = Vec<BTreeMap<&'a str, (String, String)>>;

/// The texts of one record indexed in each field (see [`crate::scoring`]):
/// name and English name; aliases; city, region and country labels in both
/// languages; (glossary: left empty); summary; vocabulary (sector labels in both languages and
/// synonyms, related records' names). The glossary field (translations of the
/// first three fields' words) is filled by [`analyze_fields`].
fn record_fields<'a>(
    r: &'a Record,
    facet_labels: &'a FacetLabels<'_>,
    sectors: &'a BTreeMap<&str, &Sector>,
    related: &[u32],
    records: &[&'a Record],
) -> [Vec<&'a str>; FIELD_COUNT] {
    let mut fields: [Vec<&str>; FIELD_COUNT] = Default::default();
    fields[FIELD_NAME].push(&r.name);
    if let Some(e) = &r.name_en {
        fields[FIELD_NAME].push(e);
    }
    fields[FIELD_ALIASES].extend(r.aliases.iter().map(String::as_str));
    if let Some(c) = &r.city {
        fields[FIELD_PLACES].push(c);
    }
    for f in [Facet::Region, Facet::Country, Facet::Sector] {
        let field = if f == Facet::Sector {
            FIELD_VOCABULARY
        } else {
            FIELD_PLACES
        };
        for v in values_of(f, r) {
            if let Some((it, en)) = facet_labels[f.index()].get(v) {
                fields[field].push(it);
                if en != it {
                    fields[field].push(en);
                }
            }
            if let Some(s) = sectors.get(v).filter(|_| f == Facet::Sector) {
                fields[FIELD_VOCABULARY].extend(s.synonyms.iter().map(String::as_str));
            }
        }
    }
    for &rd in related {
        fields[FIELD_VOCABULARY].push(&records[rd as usize].name);
    }
    if let Some(s) = &r.summary {
        fields[FIELD_SUMMARY].push(s);
    }
    fields
}

/// What a doc shard stores of `r`, with its `related` records' heads.
fn stored_doc<'a>(r: &'a Record, related: &[u32], records: &[&'a Record]) -> StoredDoc<'a> {
    StoredDoc {
        head: head(r),
        url: r.url.as_deref().unwrap_or(""),
        summary: r.summary.as_deref().unwrap_or(""),
        city: r.city.as_deref().unwrap_or(""),
        lang: r.lang.as_deref().unwrap_or(""),
        related: related.iter().map(|&d| head(records[d as usize])).collect(),
    }
}

/// A record's id, kind and names, as a doc shard stores them.
fn head(r: &Record) -> DocHead<'_> {
    DocHead {
        id: &r.id,
        kind: r.kind,
        name: &r.name,
        name_en: r.name_en.as_deref().unwrap_or(""),
    }
}

#[cfg(test)]
mod tests {
    use super::{cut_term_shards, InlineKey};
    use crate::format::term_shard::TermData;

    #[test]
    fn a_huge_posting_list_gets_a_term_shard_of_its_own() {
        let small: super::postings::PostingList = (0..20).map(|d| (d, 9, 0, 0)).collect();
        let huge: super::postings::PostingList = (0..1000).map(|d| (d, 9, 2, 0)).collect();
        let names: Vec<String> = (0..60).map(|k| format!("t{k:02}")).collect();
        let postings: Vec<(&str, super::postings::PostingList)> = names
            .iter()
            .enumerate()
            .map(|(k, t)| {
                (
                    t.as_str(),
                    if k == 30 { huge.clone() } else { small.clone() },
                )
            })
            .collect();
        // 1000 documents reach four times a 400-byte target; 20 do not.
        let shards = cut_term_shards(&postings, 400);
        let terms: Vec<Vec<String>> = shards
            .iter()
            .map(|(_, bytes)| {
                let data = TermData::decode(bytes).unwrap();
                data.terms.stream().into_str_keys().unwrap()
            })
            .collect();
        assert!(terms.len() > 3, "{terms:?}");
        assert!(terms.contains(&vec!["t30".to_string()]), "{terms:?}");
    }

    #[test]
    fn inline_keys_sort_as_their_bytes() {
        let keys: [&[u8]; 8] = [
            b"",
            b"a",
            b"a\0",
            b"a\0b",
            b"ab",
            b"abcdefgh",
            b"abcdefghi",
            &[0xff; 32],
        ];
        let mut inline: Vec<InlineKey> = keys.iter().rev().map(|k| InlineKey::new(k)).collect();
        inline.sort_unstable();
        let back: Vec<Vec<u8>> = inline
            .iter()
            .map(|k| {
                let (bytes, len) = k.bytes();
                bytes[..len].to_vec()
            })
            .collect();
        assert_eq!(back, keys.map(<[u8]>::to_vec));
    }
}
