//! Builds an index file from a validated [`Directory`] (deploy time only).
//!
//! Section layouts (all integers LEB128 varints unless said otherwise):
//!
//! - **META**: record count, term count, then per field the average length
//!   (f32 LE) in tokens.
//! - **FOLD**: count, then `(code point, folded string)` pairs: the folded form of
//!   every non-ASCII character of the indexed text that differs from lowercasing.
//! - **FACETS**: for each facet in [`Facet::ALL`] order: value count, then per
//!   value its code, Italian label, English label and document set. A document
//!   set is a mode byte, then either (0) a count and ascending doc-id deltas, or
//!   (1) a bitset of `ceil(records / 8)` bytes, whichever is smaller.
//! - **TERMS**: an `fst` map from folded term to its offset in POSTINGS.
//! - **POSTINGS**: per term: document count, then per document: doc-id delta,
//!   a byte with one bit per field the term occurs in, and the term frequency
//!   in each of those fields.
//! - **FIELD_LENGTHS**: per document, one byte per field: its length in tokens,
//!   capped at 255.
//! - **DOCS**: record count × u32 LE offsets into the blob that follows; per
//!   document: id, kind byte, name, English name, url, summary, city (empty
//!   string = none), then the count and doc ids of its related records.
//!
//! Documents are numbered in order of folded name, so browsing in doc-id order
//! is browsing by name. The same directory always gives the same bytes.

use crate::codec::Writer;
use crate::data::geo::Geo;
use crate::format::seal;
use crate::index::{FIELD_COUNT, FIELD_ALIASES, FIELD_CONTEXT, FIELD_SUMMARY, FIELD_TITLE};
use crate::model::{Directory, Facet, Kind, Record};
use crate::text::{fold, tokenize};
use crate::unicode_fold::{fold_table_for, UnicodeFolder};
use std::collections::BTreeMap;

/// What a build produced, for the one-line summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildSummary {
    /// Records indexed.
    pub records: usize,
    /// Distinct terms in the dictionary.
    pub terms: usize,
    /// Size of the index file.
    pub bytes: usize,
}

/// Builds the index bytes for `dir`, with labels from `geo`. `progress` is
/// called with `(records done, total)` now and then.
pub fn build_index(dir: &Directory, geo: &Geo, progress: &mut dyn FnMut(usize, usize)) -> (Vec<u8>, BuildSummary) {
    let n = dir.records.len();
    // Doc order: folded name, then id.
    let mut order: Vec<usize> = (0..n).collect();
    let keys: Vec<String> = dir.records.iter().map(|r| fold(&UnicodeFolder, &r.name)).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then_with(|| dir.records[a].id.cmp(&dir.records[b].id)));
    let records: Vec<&Record> = order.iter().map(|&i| &dir.records[i]).collect();
    let doc_of: BTreeMap<&str, u32> = records.iter().enumerate().map(|(d, r)| (r.id.as_str(), d as u32)).collect();

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

    // Facet values and their labels.
    let sector_labels: BTreeMap<&str, (&str, &str)> =
        dir.sectors.iter().map(|s| (s.id.as_str(), (s.label_it.as_str(), s.label_en.as_str()))).collect();
    let label = |facet: Facet, code: &str| -> (String, String) {
        match facet {
            Facet::Region | Facet::Country => geo
                .get(code)
                .map_or_else(|| (code.to_string(), code.to_string()), |p| (p.it.clone(), p.en.clone())),
            Facet::Sector => sector_labels
                .get(code)
                .map_or_else(|| (code.to_string(), code.to_string()), |(i, e)| (i.to_string(), e.to_string())),
            Facet::Kind => {
                let k = Kind::parse(code).unwrap_or(Kind::Partner);
                (k.label(crate::model::Lang::It).to_string(), k.label(crate::model::Lang::En).to_string())
            }
        }
    };
    let values_of = |facet: Facet, r: &Record| -> Vec<String> {
        match facet {
            Facet::Region => r.regions.clone(),
            Facet::Country => r.countries.clone(),
            Facet::Sector => r.sectors.clone(),
            Facet::Kind => vec![r.kind.as_str().to_string()],
        }
    };
    let mut facet_docs: Vec<BTreeMap<String, Vec<u32>>> = vec![BTreeMap::new(); Facet::ALL.len()];
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
    let facet_labels: Vec<BTreeMap<String, (String, String)>> = Facet::ALL
        .iter()
        .map(|&f| facet_docs[f.index()].keys().map(|code| (code.clone(), label(f, code))).collect())
        .collect();

    // Field texts and postings.
    let sectors_by_id: BTreeMap<&str, &crate::model::Sector> = dir.sectors.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut postings: BTreeMap<String, Vec<(u32, [u32; FIELD_COUNT])>> = BTreeMap::new();
    let mut field_lengths: Vec<[u8; FIELD_COUNT]> = Vec::with_capacity(n);
    let mut totals = [0u64; FIELD_COUNT];
    let mut fold_texts: Vec<String> = Vec::new();
    let step = (n / 20).max(1);
    for (d, r) in records.iter().enumerate() {
        if d % step == 0 {
            progress(d, n);
        }
        let mut fields: [Vec<&str>; FIELD_COUNT] = Default::default();
        fields[FIELD_TITLE].push(&r.name);
        if let Some(e) = &r.name_en {
            fields[FIELD_TITLE].push(e);
        }
        fields[FIELD_ALIASES].extend(r.aliases.iter().map(String::as_str));
        if let Some(c) = &r.city {
            fields[FIELD_CONTEXT].push(c);
        }
        let mut owned: Vec<String> = Vec::new();
        for f in [Facet::Region, Facet::Country, Facet::Sector] {
            for v in values_of(f, r) {
                if let Some((it, en)) = facet_labels[f.index()].get(&v) {
                    owned.push(it.clone());
                    if en != it {
                        owned.push(en.clone());
                    }
                }
                if f == Facet::Sector {
                    if let Some(s) = sectors_by_id.get(v.as_str()) {
                        owned.extend(s.synonyms.iter().cloned());
                    }
                }
            }
        }
        for &rd in &related[d] {
            owned.push(records[rd as usize].name.clone());
        }
        fields[FIELD_CONTEXT].extend(owned.iter().map(String::as_str));
        if let Some(s) = &r.summary {
            fields[FIELD_SUMMARY].push(s);
        }

        let mut tfs: BTreeMap<String, [u32; FIELD_COUNT]> = BTreeMap::new();
        let mut lens = [0u8; FIELD_COUNT];
        for (fi, texts) in fields.iter().enumerate() {
            let mut len = 0usize;
            for t in texts {
                for tok in tokenize(&UnicodeFolder, t) {
                    tfs.entry(tok.term).or_default()[fi] += 1;
                    len += 1;
                }
                fold_texts.push(t.to_string());
            }
            totals[fi] += len as u64;
            lens[fi] = len.min(255) as u8;
        }
        field_lengths.push(lens);
        for (term, tf) in tfs {
            postings.entry(term).or_default().push((d as u32, tf));
        }
    }
    progress(n, n);

    // Everything the browser may fold: indexed text plus the facet labels.
    for labels in &facet_labels {
        for (it, en) in labels.values() {
            fold_texts.push(it.clone());
            fold_texts.push(en.clone());
        }
    }
    let fold_table = fold_table_for(fold_texts.iter().map(String::as_str));

    let mut payload = Writer::new();
    // META
    let mut meta = Writer::new();
    meta.varint(n as u64);
    meta.varint(postings.len() as u64);
    for total in totals {
        meta.f32(if n == 0 { 0.0 } else { (total as f64 / n as f64) as f32 });
    }
    payload.bytes(&meta.buf);
    // FOLD
    let mut fw = Writer::new();
    fw.varint(fold_table.len() as u64);
    for (c, s) in fold_table.pairs() {
        fw.varint(u64::from(c as u32));
        fw.str(s);
    }
    payload.bytes(&fw.buf);
    // FACETS
    let mut fa = Writer::new();
    for f in Facet::ALL {
        let docs = &facet_docs[f.index()];
        fa.varint(docs.len() as u64);
        for (code, ds) in docs {
            let (it, en) = &facet_labels[f.index()][code];
            fa.str(code);
            fa.str(it);
            fa.str(en);
            write_doc_set(&mut fa, ds, n);
        }
    }
    payload.bytes(&fa.buf);
    // TERMS and POSTINGS
    let mut post = Writer::new();
    let mut fst_builder = fst::MapBuilder::memory();
    for (term, list) in &postings {
        // Terms come from a BTreeMap: sorted and unique, as the fst requires.
        fst_builder.insert(term.as_bytes(), post.buf.len() as u64).expect("sorted unique terms");
        post.varint(list.len() as u64);
        let mut prev = 0u32;
        for (doc, tf) in list {
            post.varint(u64::from(doc - prev));
            prev = *doc;
            let mask = tf.iter().enumerate().filter(|(_, &t)| t > 0).fold(0u8, |m, (i, _)| m | (1 << i));
            post.u8(mask);
            for &t in tf.iter().filter(|&&t| t > 0) {
                post.varint(u64::from(t));
            }
        }
    }
    let fst_bytes = fst_builder.into_inner().expect("in-memory fst");
    payload.bytes(&fst_bytes);
    payload.bytes(&post.buf);
    // FIELD_LENGTHS
    let flat: Vec<u8> = field_lengths.iter().flatten().copied().collect();
    payload.bytes(&flat);
    // DOCS
    let mut blob = Writer::new();
    let mut offsets = Writer::new();
    for (d, r) in records.iter().enumerate() {
        offsets.u32(blob.buf.len() as u32);
        blob.str(&r.id);
        blob.u8(match r.kind {
            Kind::Initiative => 0,
            Kind::Partner => 1,
        });
        blob.str(&r.name);
        blob.str(r.name_en.as_deref().unwrap_or(""));
        blob.str(r.url.as_deref().unwrap_or(""));
        blob.str(r.summary.as_deref().unwrap_or(""));
        blob.str(r.city.as_deref().unwrap_or(""));
        blob.varint(related[d].len() as u64);
        for &rd in &related[d] {
            blob.varint(u64::from(rd));
        }
    }
    let mut docs = offsets;
    docs.raw(&blob.buf);
    payload.bytes(&docs.buf);

    let bytes = seal(&payload.buf);
    let summary = BuildSummary { records: n, terms: postings.len(), bytes: bytes.len() };
    (bytes, summary)
}

fn write_doc_set(w: &mut Writer, docs: &[u32], n: usize) {
    let mut list = Writer::new();
    list.varint(docs.len() as u64);
    let mut prev = 0;
    for &d in docs {
        list.varint(u64::from(d - prev));
        prev = d;
    }
    let bitset_len = n.div_ceil(8);
    if list.buf.len() <= bitset_len {
        w.u8(0);
        w.raw(&list.buf);
    } else {
        let mut bits = vec![0u8; bitset_len];
        for &d in docs {
            bits[d as usize / 8] |= 1 << (d % 8);
        }
        w.u8(1);
        w.raw(&bits);
    }
}
