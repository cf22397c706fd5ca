//! Builds an index from a validated [`Directory`] (deploy time only).
//!
//! An index is a **root** file and **shards**. The root always holds the
//! sections every query needs; shards hold term dictionary slices with their
//! postings, and stored documents. A tiny directory keeps its shards inline in
//! the root (one file); a larger one writes them as separate content-hashed
//! files fetched on demand, each shard's location chosen on its own: a small
//! directory keeps its doc shards in the root and writes only its term shards
//! apart (see [`ShardPolicy`]).
//!
//! Root payload sections (integers are LEB128 varints unless said otherwise):
//!
//! - **META**: record count, term count, documents per doc shard.
//! - **FOLD**: count, then `(code point, folded string)` pairs: the folded form of
//!   every non-ASCII character of the indexed text that folding changes.
//! - **FACETS**: for each facet in [`Facet::ALL`] order: value count, then per
//!   value (most documents first, then by code) its code, Italian label and
//!   English label (empty when the same as the Italian), then per document its
//!   values: 0 for none, `v + 1` for the single value `v`, or the escape
//!   `count + 1` followed by the number of values and the values.
//! - **TERM_SHARDS**: the file stem, the build id (u32 LE), the count, then per
//!   shard its first term and its location.
//! - **DOC_SHARDS**: the file stem, the build id, the count, then per shard its
//!   location.
//!
//! A location is a tag byte, then (0) the shard's bytes inline, or (1) nothing:
//! the shard is the file `{stem}.{t|d}{k}.{build id:08x}.bin`
//! ([`crate::index::shard_file_name`]), a sealed container like the root (magic,
//! version, checksums) whose payload is the build id, the shard's kind (`t` or
//! `d`) and number `k`, then the shard. The build
//! id is a checksum of every shard, so each build names its files anew and an
//! engine never mixes shards of two builds.
//!
//! - A **term shard** holds an `fst` map from folded term to an offset in its
//!   postings, then the postings: per term the document count, then per
//!   document the doc-id delta and one byte, the term's BM25F weight in the
//!   document without IDF ([`crate::scoring::impact`]: field weights, term
//!   frequencies and field lengths folded in at build time, so the engine
//!   only multiplies by IDF). Terms are range-partitioned: shard `k`
//!   holds the terms from its first term up to the next shard's.
//! - A **doc shard** holds `docs_per_shard` documents: the count, u32 LE
//!   offsets, then per document: id, kind byte, name, English name, url,
//!   summary, city, language tag (empty string = none), then the count and doc ids of its
//!   related records.
//!
//! Documents are numbered in order of folded name, so browsing in doc-id order
//! is browsing by name. The same directory always gives the same bytes.

use crate::codec::{crc32, Writer};
use crate::data::geo::Geo;
use crate::format::seal;
use crate::index::shard_file_name;
use crate::model::{Directory, Facet, Kind, Lang, Record, Sector};
use crate::scoring::{
    best_field, impact, pair_term, FIELD_ALIASES, FIELD_COUNT, FIELD_GLOSSARY, FIELD_NAME,
    FIELD_PLACES, FIELD_SUMMARY, FIELD_VOCABULARY,
};
use crate::stem::stem;
use crate::text::{fold, tokenize};
use crate::unicode_fold::{fold_table_for, UnicodeFolder};
use std::collections::BTreeMap;

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
    /// Documents per doc shard when split.
    pub docs_per_shard: u32,
    /// When split, keep the doc shards inside the root and write only the term
    /// dictionary to separate files: the first result (the browse page the
    /// widget shows once loaded, with its hits' related records, which may sit
    /// in any doc shard) then needs the root alone. `None`: when there are at
    /// most [`INLINE_DOCS_UP_TO`] doc shards (a small directory, whose root
    /// stays small; at scale the first result is usually a typed query).
    pub inline_docs: Option<bool>,
}

/// With `inline_docs: None`, the doc shards stay in the root when there are at
/// most this many of them.
pub const INLINE_DOCS_UP_TO: usize = 4;

impl Default for ShardPolicy {
    /// Separate files above 24 KiB (a one-file index beyond ~12 KB gzip makes the
    /// first result wait for terms it does not need), ~8 KiB term shards,
    /// 32 documents per doc shard.
    fn default() -> Self {
        ShardPolicy {
            split: None,
            split_above: 24 << 10,
            term_shard_bytes: 8 << 10,
            docs_per_shard: 32,
            inline_docs: None,
        }
    }
}

/// What a term costs in a shard's `fst`, on average (measured on the shared
/// corpora: 9-11 bytes), for sizing term shards before the fst is built.
pub const FST_BYTES_PER_TERM: usize = 10;

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
}

/// One record's tokens per field: `(term, per-field tf)` and field lengths.
struct Analyzed {
    terms: Vec<(String, [u32; FIELD_COUNT])>,
    lens: [u8; FIELD_COUNT],
    texts: Vec<String>,
}

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

    // Analysis (tokenizing every field) is the expensive part: run it on every core.
    let glossary = Glossary::new(&dir.glossary);
    let analyze = |d: usize| -> Analyzed {
        let fields = record_fields(records[d], &facet_labels, &sectors, &related[d], &records);
        analyze_fields(&fields, &glossary)
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |p| p.get())
        .clamp(1, 8);
    let chunk = n.div_ceil(threads).max(1);
    // One thread where none can be spawned (wasm32-wasip1 reports no parallelism).
    let analyzed: Vec<Analyzed> = if threads == 1 {
        (0..n)
            .map(|d| {
                if d % 2048 == 0 {
                    progress(d, n);
                }
                analyze(d)
            })
            .collect()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..n)
                .step_by(chunk)
                .map(|start| {
                    let analyze = &analyze;
                    scope.spawn(move || {
                        let end = (start + chunk).min(n);
                        (start..end)
                            .map(|d| {
                                if start == 0 && d % 2048 == 0 {
                                    progress(d * threads, n);
                                }
                                analyze(d)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("analysis thread"))
                .collect()
        })
    };
    progress(n, n);

    let mut totals = [0u64; FIELD_COUNT];
    let mut postings: BTreeMap<&str, Vec<(u32, [u32; FIELD_COUNT])>> = BTreeMap::new();
    for (d, a) in analyzed.iter().enumerate() {
        for (fi, total) in totals.iter_mut().enumerate() {
            *total += u64::from(a.lens[fi]);
        }
        for (term, tf) in &a.terms {
            postings
                .entry(term.as_str())
                .or_default()
                .push((d as u32, *tf));
        }
    }

    let avg_len = totals.map(|t| {
        if n == 0 {
            0.0
        } else {
            (t as f64 / n as f64) as f32
        }
    });

    // Everything the browser may fold: indexed text plus the facet labels.
    let label_texts = facet_labels
        .iter()
        .flat_map(|l| l.values())
        .flat_map(|(it, en)| [it.as_str(), en.as_str()]);
    let fold_table = fold_table_for(
        analyzed
            .iter()
            .flat_map(|a| a.texts.iter().map(String::as_str))
            .chain(label_texts),
    );

    // Term shards: postings plus an fst per range of terms. A one-file index
    // keeps one term shard (one fst is smaller than several).
    let cut = |limit: usize| {
        cut_term_shards(&postings, limit, |doc, tf| {
            impact(tf, &analyzed[doc as usize].lens.map(u32::from), &avg_len)
        })
    };
    let mut term_shards = cut(policy.term_shard_bytes);
    let term_bytes: usize = term_shards.iter().map(|(_, c)| c.len()).sum();
    let doc_estimate: usize = records
        .iter()
        .map(|r| r.name.len() + r.summary.as_ref().map_or(0, String::len) + 64)
        .sum();
    let split = policy
        .split
        .unwrap_or(term_bytes + doc_estimate > policy.split_above);
    if !split && term_shards.len() > 1 {
        term_shards = cut(usize::MAX);
    }

    // Then cut the documents.
    let docs_per_shard = if split {
        policy.docs_per_shard.max(1)
    } else {
        (n as u32).max(1)
    };
    let mut doc_shards: Vec<Vec<u8>> = Vec::new();
    for start in (0..n.max(1)).step_by(docs_per_shard as usize) {
        let end = (start + docs_per_shard as usize).min(n);
        let mut blob = Writer::new();
        let mut w = Writer::new();
        w.varint((end - start) as u64);
        for d in start..end {
            w.u32(blob.buf.len() as u32);
            let r = records[d];
            write_doc_head(&mut blob, r);
            blob.str(r.url.as_deref().unwrap_or(""));
            blob.str(r.summary.as_deref().unwrap_or(""));
            blob.str(r.city.as_deref().unwrap_or(""));
            blob.str(r.lang.as_deref().unwrap_or(""));
            blob.varint(related[d].len() as u64);
            for &rd in &related[d] {
                blob.varint(u64::from(rd));
            }
        }
        w.raw(&blob.buf);
        doc_shards.push(w.buf);
    }

    // One build id names and stamps every shard file: a shard of another build
    // is never fetched by mistake, and the root stores no per-shard names.
    let mut ids = Writer::new();
    for c in term_shards.iter().map(|(_, c)| c).chain(&doc_shards) {
        ids.u32(crc32(c));
    }
    let build_id = crc32(&ids.buf);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let inline_docs = policy
        .inline_docs
        .unwrap_or(doc_shards.len() <= INLINE_DOCS_UP_TO);
    let mut location = |w: &mut Writer, kind: &str, k: usize, content: Vec<u8>| {
        if split && !(kind == "d" && inline_docs) {
            let mut stamped = Writer::new();
            stamped.u32(build_id);
            stamped.str(kind);
            stamped.varint(k as u64);
            stamped.raw(&content);
            files.push((shard_file_name(stem, kind, k, build_id), seal(&stamped.buf)));
            w.u8(1);
        } else {
            w.u8(0);
            w.bytes(&content);
        }
    };

    let mut payload = Writer::new();
    let mut meta = Writer::new();
    meta.varint(n as u64);
    meta.varint(postings.len() as u64);
    meta.varint(u64::from(docs_per_shard));
    payload.bytes(&meta.buf);
    let mut fw = Writer::new();
    fw.varint(fold_table.len() as u64);
    for (c, s) in fold_table.pairs() {
        fw.varint(u64::from(c as u32));
        fw.str(s);
    }
    payload.bytes(&fw.buf);
    let mut fa = Writer::new();
    for f in Facet::ALL {
        let docs = &facet_docs[f.index()];
        // Most frequent first, so most documents' values fit one byte.
        let mut order: Vec<(&str, usize)> = docs.iter().map(|(c, d)| (*c, d.len())).collect();
        order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        fa.varint(order.len() as u64);
        for (code, _) in &order {
            let (it, en) = &facet_labels[f.index()][code];
            fa.str(code);
            fa.str(it);
            fa.str(if en == it { "" } else { en });
        }
        // Per document: 0 for no value, v + 1 for the single value v, or the escape
        // (value count + 1) followed by a count and the values.
        let number: BTreeMap<&str, u64> = order
            .iter()
            .enumerate()
            .map(|(i, (c, _))| (*c, i as u64))
            .collect();
        let escape = docs.len() as u64 + 1;
        for r in &records {
            let mut vs: Vec<u64> = values_of(f, r)
                .iter()
                .filter_map(|v| number.get(v).copied())
                .collect();
            vs.sort_unstable();
            vs.dedup();
            match vs.as_slice() {
                [] => fa.varint(0),
                [v] => fa.varint(v + 1),
                many => {
                    fa.varint(escape);
                    fa.varint(many.len() as u64);
                    for v in many {
                        fa.varint(*v);
                    }
                }
            }
        }
    }
    payload.bytes(&fa.buf);
    // The stem names shard files; a one-file index has none, so its bytes do not
    // depend on its file name.
    let stem = if split { stem } else { "" };
    let build_id = if split { build_id } else { 0 };
    let mut ts = Writer::new();
    ts.str(stem);
    ts.u32(build_id);
    ts.varint(term_shards.len() as u64);
    for (k, (first, content)) in term_shards.into_iter().enumerate() {
        ts.bytes(&first);
        location(&mut ts, "t", k, content);
    }
    payload.bytes(&ts.buf);
    let mut ds = Writer::new();
    ds.str(stem);
    ds.u32(build_id);
    ds.varint(doc_shards.len() as u64);
    for (k, content) in doc_shards.into_iter().enumerate() {
        location(&mut ds, "d", k, content);
    }
    payload.bytes(&ds.buf);

    let root = seal(&payload.buf);
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
    }
}

/// Cuts the sorted `postings` into term shards of about `limit` bytes each
/// (postings plus [`FST_BYTES_PER_TERM`] per term): `(first term, content)`,
/// where content is the shard's fst (term -> offset) then its postings, each
/// posting the varint `doc-id delta * 8 + best field` ([`best_field`]) and the
/// byte `weight(doc, tf)`.
fn cut_term_shards(
    postings: &BTreeMap<&str, Vec<(u32, [u32; FIELD_COUNT])>>,
    limit: usize,
    weight: impl Fn(u32, &[u32; FIELD_COUNT]) -> u8,
) -> Vec<(Vec<u8>, Vec<u8>)> {
    let finish = |(first, b, post): (Vec<u8>, fst::MapBuilder<Vec<u8>>, Writer)| {
        let mut w = Writer::new();
        w.bytes(&b.into_inner().expect("in-memory fst"));
        w.bytes(&post.buf);
        (first, w.buf)
    };
    let mut shards = Vec::new();
    let mut current: Option<(Vec<u8>, fst::MapBuilder<Vec<u8>>, Writer)> = None;
    let mut terms = 0usize;
    for (term, list) in postings {
        if current
            .as_ref()
            .is_some_and(|(_, _, post)| post.buf.len() + FST_BYTES_PER_TERM * terms >= limit)
        {
            shards.push(finish(current.take().expect("current shard")));
            terms = 0;
        }
        terms += 1;
        let (_, fst_builder, post) = current.get_or_insert_with(|| {
            (
                term.as_bytes().to_vec(),
                fst::MapBuilder::memory(),
                Writer::new(),
            )
        });
        // Terms come from a BTreeMap: sorted and unique, as the fst requires.
        fst_builder
            .insert(term.as_bytes(), post.buf.len() as u64)
            .expect("sorted unique terms");
        post.varint(list.len() as u64);
        let mut prev = 0u32;
        for (doc, tf) in list {
            post.varint(u64::from(doc - prev) << 3 | u64::from(best_field(tf)));
            prev = *doc;
            post.u8(weight(*doc, tf));
        }
    }
    shards.extend(current.map(finish));
    if shards.is_empty() {
        shards.push(finish((
            Vec::new(),
            fst::MapBuilder::memory(),
            Writer::new(),
        )));
    }
    shards
}

/// The codes `r` carries for `facet`.
fn values_of(facet: Facet, r: &Record) -> Vec<&str> {
    match facet {
        Facet::Region => r.regions.iter().map(String::as_str).collect(),
        Facet::Country => r.countries.iter().map(String::as_str).collect(),
        Facet::Sector => r.sectors.iter().map(String::as_str).collect(),
        Facet::Kind => vec![r.kind.as_str()],
    }
}

/// id, kind byte, name, English name: what a hit shows of itself and of its relations.
fn write_doc_head(w: &mut Writer, r: &Record) {
    w.str(&r.id);
    w.u8(match r.kind {
        Kind::Initiative => 0,
        Kind::Partner => 1,
    });
    w.str(&r.name);
    w.str(r.name_en.as_deref().unwrap_or(""));
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

/// Tokenizes a record's fields: per term its frequency in each field, the
/// fields' lengths, and the non-ASCII texts (for the fold table). Each two
/// adjacent words of the name and of each alias also give a pair term
/// ([`pair_term`], for the proximity rule). Words of the
/// name, aliases and places that the glossary translates add their
/// translations to the glossary field, once each.
fn analyze_fields(fields: &[Vec<&str>; FIELD_COUNT], glossary: &Glossary) -> Analyzed {
    let mut tfs: BTreeMap<String, [u32; FIELD_COUNT]> = BTreeMap::new();
    let mut lens = [0u8; FIELD_COUNT];
    let mut texts = Vec::new();
    let mut translations: Vec<&str> = Vec::new();
    let mut pairs: Vec<(String, usize)> = Vec::new();
    for (fi, list) in fields.iter().enumerate() {
        let mut len = 0usize;
        for t in list {
            let tokens = tokenize(&UnicodeFolder, t);
            if fi <= FIELD_ALIASES {
                for w in tokens.windows(2) {
                    pairs.push((pair_term(&w[0].term, &w[1].term), fi));
                }
            }
            for tok in tokens {
                if fi < FIELD_GLOSSARY {
                    translations.extend(glossary.translations(&tok.term));
                }
                tfs.entry(tok.term).or_default()[fi] += 1;
                len += 1;
            }
            if !t.is_ascii() {
                texts.push(t.to_string());
            }
        }
        lens[fi] = len.min(255) as u8;
    }
    translations.sort_unstable();
    translations.dedup();
    for t in &translations {
        tfs.entry((*t).to_string()).or_default()[FIELD_GLOSSARY] += 1;
    }
    lens[FIELD_GLOSSARY] = translations.len().min(255) as u8;
    // Pair terms do not count in the fields' lengths.
    for (p, fi) in pairs {
        tfs.entry(p).or_default()[fi] += 1;
    }
    Analyzed {
        terms: tfs.into_iter().collect(),
        lens,
        texts,
    }
}

/// The bilingual glossary (`data/glossary.toml`), ready for lookups: a word
/// matches an entry word with the same stem ([`crate::stem`]), so `ospedali`
/// in a name finds the entry `ospedale, hospital`.
struct Glossary {
    /// (stem of an entry word, the entry's folded words), sorted by stem.
    by_stem: Vec<(String, Vec<String>)>,
}

impl Glossary {
    fn new(entries: &[Vec<String>]) -> Glossary {
        let mut by_stem = Vec::new();
        for entry in entries {
            let words: Vec<String> = entry.iter().map(|w| fold(&UnicodeFolder, w)).collect();
            for w in &words {
                by_stem.push((stem(w).to_string(), words.clone()));
            }
        }
        by_stem.sort();
        by_stem.dedup();
        Glossary { by_stem }
    }

    /// The other words of every entry one of whose words shares `term`'s stem.
    fn translations<'a>(&'a self, term: &str) -> impl Iterator<Item = &'a str> + 'a {
        let key = stem(term).to_string();
        let start = self.by_stem.partition_point(|(s, _)| *s < key);
        let own = term.to_string();
        self.by_stem[start..]
            .iter()
            .take_while(move |(s, _)| *s == key)
            .flat_map(|(_, words)| words.iter())
            .filter(move |w| stem(w) != stem(&own))
            .map(String::as_str)
    }
}
