//! FORMAT.md matches what the code writes: a built index is decoded section by
//! section as the document describes it, with this file's own reader (not the
//! engine's decoders).
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use fst::Streamer;
use ricerca::builder::ShardPolicy;
use std::collections::BTreeMap;

/// A reader of the primitive types FORMAT.md names.
struct R<'a>(&'a [u8]);

impl<'a> R<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        a
    }
    fn varint(&mut self) -> u64 {
        let (mut v, mut shift) = (0u64, 0);
        loop {
            let b = self.take(1)[0];
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return v;
            }
            shift += 7;
        }
    }
    fn bytes(&mut self) -> &'a [u8] {
        let n = self.varint() as usize;
        self.take(n)
    }
    fn string(&mut self) -> &'a str {
        std::str::from_utf8(self.bytes()).unwrap()
    }
    fn le(&mut self, n: usize) -> u64 {
        self.take(n)
            .iter()
            .rev()
            .fold(0u64, |v, &b| (v << 8) | u64::from(b))
    }
}

/// Container: checks the header as documented (the writer version `writer`:
/// the crate's in the root, 0.0.0 in shard files), returns the payload.
fn container<'a>(file: &'a [u8], writer: &str) -> &'a [u8] {
    let mut r = R(file);
    assert_eq!(r.take(8), b"RICERCA\0");
    assert_eq!(r.le(4), 7, "format version");
    let v = r.take(4);
    assert_eq!(
        format!("{}.{}.{}", v[0], v[1], v[2]),
        writer,
        "writer version"
    );
    assert_eq!(v[3], 0);
    let len = r.le(8) as usize;
    let payload_crc = r.le(4) as u32;
    let header_crc = r.le(4) as u32;
    assert_eq!(header_crc, ricerca::codec::crc32(&file[..28]));
    assert_eq!(r.0.len(), len);
    assert_eq!(payload_crc, ricerca::codec::crc32(r.0));
    r.0
}

#[test]
fn a_built_index_decodes_section_by_section_as_format_md_says() {
    let default = ShardPolicy::default().typo_dir_inline_bytes;
    assert!(
        !decodes_as_documented(default),
        "typo directory in the root"
    );
    assert!(decodes_as_documented(0), "typo directory files");
}

/// Builds data/ keeping a typo directory of up to `typo_dir_inline_bytes` in
/// the root and decodes the index as FORMAT.md says; returns whether its typo
/// directory is in files.
fn decodes_as_documented(typo_dir_inline_bytes: usize) -> bool {
    let policy = ShardPolicy {
        split: Some(true),
        term_shard_bytes: 2048,
        typo_shard_bytes: 2048,
        typo_dir_inline_bytes,
        docs_per_shard: Some(8),
        inline_docs: Some(false),
        ..ShardPolicy::default()
    };
    let built = build_with(directory(), policy, "idx");
    let files: BTreeMap<&str, &[u8]> = built
        .shards
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let mut root = R(container(&built.root, env!("CARGO_PKG_VERSION")));
    let sections: Vec<&[u8]> = (0..6).map(|_| root.bytes()).collect();
    assert!(root.0.is_empty(), "nothing after the sixth section");

    // META
    let mut m = R(sections[0]);
    let (records, terms, per_shard) = (m.varint(), m.varint(), m.varint());
    assert_eq!(records as usize, built.summary.records);
    assert_eq!(terms as usize, built.summary.terms);
    assert_eq!(per_shard, 8);
    assert!(m.0.is_empty());

    // FOLD: strictly ascending code points, each as the difference from the
    // previous one.
    let mut f = R(sections[1]);
    let mut last = 0;
    for _ in 0..f.varint() {
        let c = last + f.varint();
        assert!(c > last && c > 127, "code point {c}");
        last = c;
        assert!(!f.string().is_empty());
    }
    assert!(f.0.is_empty());

    // FACETS: four value lists, the regions' countries, then one entry per
    // document and facet, country first, regions numbered within their country.
    let mut fa = R(sections[2]);
    let counts: Vec<u64> = (0..4)
        .map(|_| {
            let c = fa.varint();
            for _ in 0..c {
                let (code, it, en) = (fa.string(), fa.string(), fa.string());
                assert!(!code.is_empty() && !it.is_empty() && en != it);
            }
            c
        })
        .collect();
    let (regions, countries) = (counts[0], counts[1]);
    let parents: Vec<u64> = (0..regions).map(|_| fa.varint()).collect();
    assert!(parents.iter().all(|&p| p <= countries));
    let children = |c: u64| -> Vec<u64> {
        (0..regions)
            .filter(|&r| parents[r as usize] == c + 1)
            .collect()
    };
    let escaped = |fa: &mut R, count: u64| -> Vec<u64> {
        let vs: Vec<u64> = (0..fa.varint()).map(|_| fa.varint()).collect();
        assert!(vs.windows(2).all(|w| w[0] < w[1]) && vs.iter().all(|&v| v < count));
        vs
    };
    let mut country_of: Vec<Vec<u64>> = Vec::new();
    let mut within_country = 0;
    let engine = ricerca::Index::from_bytes(&built.root).unwrap();
    for facet in [1, 0, 2, 3] {
        let c = counts[facet];
        for d in 0..records {
            let v = fa.varint();
            let values = match (facet, v) {
                (_, 0) => vec![],
                (0, 1) => escaped(&mut fa, c),
                (0, k) => {
                    within_country += 1;
                    let [country]: [u64; 1] = country_of[d as usize][..].try_into().unwrap();
                    vec![children(country)[k as usize - 2]]
                }
                (_, v) if v == c + 1 => escaped(&mut fa, c),
                (_, v) => {
                    assert!(v <= c);
                    vec![v - 1]
                }
            };
            if facet == 1 {
                country_of.push(values.clone());
            }
            let f = ricerca::model::Facet::ALL[facet];
            let want: Vec<u64> = engine
                .facet(f)
                .of(d as u32)
                .iter()
                .map(|&v| u64::from(v))
                .collect();
            assert_eq!(values, want, "facet {facet} doc {d}");
        }
    }
    assert!(fa.0.is_empty());
    assert!(within_country > 0, "regions numbered within their country");

    // Shard tables: every separate file is named by stem, kind and content
    // hash. The typo table is in typo directory files ('y'), each a table of
    // typo shards starting at its lower bound in the root.
    let check = |table: Vec<(Vec<u8>, u64)>, letter: char, last: &mut Option<Vec<u8>>| {
        for (k, (first, hash)) in table.iter().enumerate() {
            let payload = named_file(&files, letter, k, *hash);
            let keys = check_shard(letter, payload, records);
            check_bound(first, &keys, last);
        }
        table.len()
    };
    let mut seen = check(table(sections[3], 't', b""), 't', &mut None);
    // The typo directory: its pieces in the root (location 0, one piece) or
    // in files.
    let mut dir = R(sections[4]);
    assert_eq!(dir.string(), "idx");
    let count = dir.varint();
    let apart = dir.take(1) == [1];
    let mut last_typo = None;
    if apart {
        for (k, (first, hash)) in table(sections[4], 'y', b"").into_iter().enumerate() {
            let piece = named_file(&files, 'y', k, hash);
            seen += 1 + check(table(piece, 'x', &first), 'x', &mut last_typo);
        }
    } else {
        assert_eq!(count, 1, "one piece");
        assert_eq!((dir.varint(), dir.bytes()), (0, &[][..]), "from the start");
        seen += check(table(dir.bytes(), 'x', b""), 'x', &mut last_typo);
        assert!(dir.0.is_empty());
    }
    seen += check(table(sections[5], 'd', b""), 'd', &mut None);
    assert_eq!(seen, built.shards.len(), "every file is named by a table");
    apart
}

/// Decodes a shard table of shards of kind `letter` as FORMAT.md says, with
/// stem `idx`, every shard a separate file; its first lower bound must be
/// `first` (keyed tables). Returns each shard's lower bound and hash.
fn table(bytes: &[u8], letter: char, first: &[u8]) -> Vec<(Vec<u8>, u64)> {
    let hash_len = if letter == 'd' { 3 } else { 4 };
    let mut t = R(bytes);
    assert_eq!(t.string(), "idx");
    let count = t.varint();
    // (A small index's typo directory may be one file.)
    assert!(count > 1 || letter == 'y', "table {letter}: several shards");
    assert_eq!(t.take(1), [1], "separate files");
    let mut out: Vec<(Vec<u8>, u64)> = Vec::new();
    for _ in 0..count {
        let bound = if letter == 'd' {
            Vec::new()
        } else {
            let prev = out.last().map_or(&[][..], |(b, _)| b.as_slice());
            let shared = t.varint() as usize;
            let bound = [&prev[..shared], t.bytes()].concat();
            match out.last() {
                None => assert_eq!(bound, first, "the first lower bound"),
                Some(_) => assert!(prev < bound.as_slice(), "lower bounds ascend"),
            }
            bound
        };
        out.push((bound, t.le(hash_len)));
    }
    assert!(t.0.is_empty());
    out
}

/// The payload of the file of shard `k` of kind `letter` with hash `hash`,
/// checked against the hash.
fn named_file<'a>(files: &BTreeMap<&str, &'a [u8]>, letter: char, k: usize, hash: u64) -> &'a [u8] {
    let (name, hash_len) = if letter == 'd' {
        (format!("idx.d{k}.{hash:06x}.bin"), 3)
    } else {
        (format!("idx.{letter}.{hash:08x}.bin"), 4)
    };
    let file = files.get(name.as_str()).unwrap_or_else(|| panic!("{name}"));
    let payload = container(file, "0.0.0");
    let crc = u64::from(ricerca::codec::crc32(payload));
    assert_eq!(hash, crc & ((1u64 << (8 * hash_len)) - 1), "{name}");
    payload
}

/// Checks a keyed shard's lower bound `first` against its `keys` and the
/// previous shard's last key `last`: the shortest prefix of its first key
/// above `last`.
fn check_bound(first: &[u8], keys: &[Vec<u8>], last: &mut Option<Vec<u8>>) {
    if let (Some(lo), Some(hi)) = (keys.first(), keys.last()) {
        assert!(lo.starts_with(first), "bound is a prefix");
        if let Some(before) = last {
            assert!(before.as_slice() < first && !before.starts_with(first));
            let shorter = &first[..first.len() - 1];
            assert!(shorter <= before.as_slice(), "shortest bound");
        }
        *last = Some(hi.clone());
    }
}

/// Checks a shard's payload; returns its keys (term and typo shards).
fn check_shard(letter: char, payload: &[u8], records: u64) -> Vec<Vec<u8>> {
    let mut r = R(payload);
    let mut keys = Vec::new();
    match letter {
        't' => {
            let map = fst::Map::new(r.bytes().to_vec()).unwrap();
            let postings = r.bytes();
            assert!(r.0.is_empty());
            let mut s = map.stream();
            let mut n = 0;
            while let Some((term, off)) = s.next() {
                keys.push(term.to_vec());
                let mut p = R(&postings[off as usize..]);
                let mut doc = 0;
                for i in 0..p.varint() {
                    let packed = p.varint();
                    let (delta, code) = (packed >> 3, packed & 7);
                    // 6: the name, with followers; 7: followers, the field in a byte.
                    let field = match code {
                        6 => 0,
                        7 => u64::from(p.take(1)[0]),
                        f => f,
                    };
                    assert!(field < ricerca::scoring::FIELD_COUNT as u64);
                    assert!(i == 0 || delta > 0);
                    doc += delta;
                    assert!(doc < records);
                    assert!(p.take(1)[0] > 0, "weights are 1..=255");
                    if code >= 6 {
                        let n = p.take(1)[0] as usize;
                        assert!((1..=2).contains(&n), "one or two followers");
                        for k in p.take(2 * n).chunks(2) {
                            assert_ne!(u16::from_le_bytes([k[0], k[1]]), 0, "keys are never 0");
                        }
                    }
                }
                n += 1;
            }
            assert!(n > 0);
        }
        'x' => {
            let map = fst::Map::new(r.bytes().to_vec()).unwrap();
            let values = r.bytes();
            let mut s = map.stream();
            while let Some((key, off)) = s.next() {
                keys.push(key.to_vec());
                let mut v = R(&values[off as usize..]);
                for _ in 0..v.varint() {
                    let p = v.take(1)[0];
                    let mut term = key.to_vec();
                    if p != 255 {
                        term.insert(p as usize, v.take(1)[0]);
                    }
                    assert!((3..=32).contains(&term.len()));
                    assert!(term.len() == key.len() || term.len() == key.len() + 1);
                }
            }
        }
        _ => {
            let count = r.varint() as usize;
            assert!(count > 0);
            for _ in 0..count {
                let d = &mut r;
                assert!(!d.string().is_empty(), "id");
                assert!(d.take(1)[0] <= 1, "kind");
                for _ in 0..6 {
                    d.string(); // name, English name, url, summary, city, language
                }
                // Related records: each one's id, kind, name and English name.
                for _ in 0..d.varint() {
                    assert!(!d.string().is_empty(), "related id");
                    assert!(d.take(1)[0] <= 1, "related kind");
                    assert!(!d.string().is_empty(), "related name");
                    d.string();
                }
            }
            assert!(r.0.is_empty(), "nothing after the last document");
        }
    }
    keys
}
