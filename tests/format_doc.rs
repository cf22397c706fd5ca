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

/// Container: checks the header as documented, returns the payload.
fn container(file: &[u8]) -> &[u8] {
    let mut r = R(file);
    assert_eq!(r.take(8), b"RICERCA\0");
    assert_eq!(r.le(4), 4, "format version");
    assert_eq!(r.le(4), 0, "flags");
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
    let policy = ShardPolicy {
        split: Some(true),
        term_shard_bytes: 2048,
        typo_shard_bytes: 2048,
        docs_per_shard: 8,
        inline_docs: Some(false),
        ..ShardPolicy::default()
    };
    let built = build_with(directory(), policy, "idx");
    let files: BTreeMap<&str, &[u8]> = built
        .shards
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let mut root = R(container(&built.root));
    let sections: Vec<&[u8]> = (0..6).map(|_| root.bytes()).collect();
    assert!(root.0.is_empty(), "nothing after the sixth section");

    // META
    let mut m = R(sections[0]);
    let (records, terms, per_shard) = (m.varint(), m.varint(), m.varint());
    assert_eq!(records as usize, built.summary.records);
    assert_eq!(terms as usize, built.summary.terms);
    assert_eq!(per_shard, 8);
    assert!(m.0.is_empty());

    // FOLD: strictly ascending code points.
    let mut f = R(sections[1]);
    let mut last = 0;
    for _ in 0..f.varint() {
        let c = f.varint();
        assert!(c > last && c > 127, "code point {c}");
        last = c;
        assert!(!f.string().is_empty());
    }
    assert!(f.0.is_empty());

    // FACETS: four columns, one varint (or escape) per document.
    let mut fa = R(sections[2]);
    for _ in 0..4 {
        let c = fa.varint();
        for _ in 0..c {
            let (code, it, en) = (fa.string(), fa.string(), fa.string());
            assert!(!code.is_empty() && !it.is_empty() && en != it);
        }
        for _ in 0..records {
            match fa.varint() {
                v if v == c + 1 => {
                    let n = fa.varint();
                    let vs: Vec<u64> = (0..n).map(|_| fa.varint()).collect();
                    assert!(vs.windows(2).all(|w| w[0] < w[1]) && vs.iter().all(|&v| v < c));
                }
                v => assert!(v <= c),
            }
        }
    }
    assert!(fa.0.is_empty());

    // Shard tables: every separate file is named by stem, kind and content hash.
    let mut seen = 0;
    for (section, letter, hash_len) in [(3, 't', 4), (4, 'x', 4), (5, 'd', 3)] {
        let mut t = R(sections[section]);
        assert_eq!(t.string(), "idx");
        let count = t.varint();
        assert!(count > 1, "section {section}: several shards");
        let mut prev: Option<&[u8]> = None;
        for k in 0..count {
            let first = if letter == 'd' { &[][..] } else { t.bytes() };
            if letter != 'd' {
                assert!(prev.is_none_or(|p| p < first), "first keys ascend");
                prev = Some(first);
            }
            assert_eq!(t.take(1), [1], "a separate file");
            let hash = t.le(hash_len);
            let name = if letter == 'd' {
                format!("idx.d{k}.{hash:06x}.bin")
            } else {
                format!("idx.{letter}.{hash:08x}.bin")
            };
            let file = files.get(name.as_str()).unwrap_or_else(|| panic!("{name}"));
            let payload = container(file);
            let crc = u64::from(ricerca::codec::crc32(payload));
            assert_eq!(hash, crc & ((1u64 << (8 * hash_len)) - 1), "{name}");
            check_shard(letter, payload, records, first);
            seen += 1;
        }
        assert!(t.0.is_empty());
    }
    assert_eq!(seen, built.shards.len(), "every file is named by a table");
}

fn check_shard(letter: char, payload: &[u8], records: u64, first: &[u8]) {
    let mut r = R(payload);
    match letter {
        't' => {
            let map = fst::Map::new(r.bytes().to_vec()).unwrap();
            let postings = r.bytes();
            assert!(r.0.is_empty());
            let mut s = map.stream();
            let mut n = 0;
            while let Some((term, off)) = s.next() {
                assert!(term >= first);
                let mut p = R(&postings[off as usize..]);
                let mut doc = 0;
                for i in 0..p.varint() {
                    let packed = p.varint();
                    let (delta, field) = (packed >> 3, packed & 7);
                    assert!(field < ricerca::scoring::FIELD_COUNT as u64);
                    assert!(i == 0 || delta > 0);
                    doc += delta;
                    assert!(doc < records);
                    assert!(p.take(1)[0] > 0, "weights are 1..=255");
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
            let offsets: Vec<u64> = (0..count).map(|_| r.le(4)).collect();
            let blob = r.0;
            for off in offsets {
                let mut d = R(&blob[off as usize..]);
                assert!(!d.string().is_empty(), "id");
                assert!(d.take(1)[0] <= 1, "kind");
                for _ in 0..6 {
                    d.string(); // name, English name, url, summary, city, language
                }
                for _ in 0..d.varint() {
                    assert!(d.varint() < records);
                }
            }
        }
    }
}
