//! Cold first-query cost per query class, natively: what the browser fetches
//! for one query on a fresh page, minus the page, loader and engine
//! (`[[bench]] name = "cold"` in Cargo.toml).
//!
//! ```sh
//! cargo bench --bench cold -- INDEX.bin RECORDS.jsonl [PER_CLASS]
//! ```
//!
//! Queries are generated from the records' names with a fixed seed: `name`
//! (a whole name), `first-letter` (one edit at the first letter of the name's
//! longest word: deletion, substitution, insertion or transposition),
//! `two-edit` (two edits in a word of 8+ letters), `no-match` (a random
//! string). For each, a fresh `Index` from the root reads what the search asks
//! for, within the fetch budget, as the loader does. Prints per class the
//! median and max of shard files read and of their gzip bytes (+ the root's),
//! and found@5 for the typo classes; one JSON line at the end.
use flate2::{write::GzEncoder, Compression};
use ricerca::{Index, SearchRequest};
use std::io::Write;
use std::path::Path;

fn gz(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::new(6));
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip").len()
}

struct Rng(u64);
impl Rng {
    fn next(&mut self, m: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % m as u64) as usize
    }
}

const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

/// One random edit of `w` at byte `at`.
fn edit(w: &[u8], at: usize, rng: &mut Rng) -> Vec<u8> {
    let mut v = w.to_vec();
    let c = LETTERS[rng.next(26)];
    match rng.next(4) {
        0 if v.len() > 1 => {
            v.remove(at);
        }
        1 => {
            if v[at] == c {
                v[at] = if c == b'a' { b'b' } else { b'a' };
            } else {
                v[at] = c;
            }
        }
        2 => v.insert(at, c),
        _ if at + 1 < v.len() && v[at] != v[at + 1] => v.swap(at, at + 1),
        _ => v.insert(at, c),
    }
    v
}

fn queries(records: &[(String, String)], per: usize) -> Vec<(&'static str, String, String)> {
    let mut rng = Rng(0x5eed_2025_0000_0004);
    let mut out = Vec::new();
    let ascii: Vec<&(String, String)> = records
        .iter()
        .filter(|(_, n)| n.is_ascii() && n.split(' ').count() <= 6)
        .collect();
    let pick = |rng: &mut Rng| ascii[rng.next(ascii.len())];
    for _ in 0..per {
        let (id, name) = pick(&mut rng);
        out.push(("name", name.clone(), id.clone()));
    }
    let mut tries = 0;
    while out.iter().filter(|q| q.0 == "first-letter").count() < per && tries < 100_000 {
        tries += 1;
        let (id, name) = pick(&mut rng);
        let words: Vec<&str> = name.split(' ').collect();
        let long = *words.iter().max_by_key(|w| w.len()).unwrap_or(&"");
        if long.len() < 5 || !long.bytes().all(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let typo = String::from_utf8(edit(long.to_lowercase().as_bytes(), 0, &mut rng)).unwrap();
        let q: Vec<String> = words
            .iter()
            .map(|w| {
                if *w == long {
                    typo.clone()
                } else {
                    w.to_string()
                }
            })
            .collect();
        out.push(("first-letter", q.join(" "), id.clone()));
    }
    tries = 0;
    while out.iter().filter(|q| q.0 == "two-edit").count() < per && tries < 100_000 {
        tries += 1;
        let (id, name) = pick(&mut rng);
        let words: Vec<&str> = name.split(' ').collect();
        let long = *words.iter().max_by_key(|w| w.len()).unwrap_or(&"");
        if long.len() < 8 || !long.bytes().all(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let lower = long.to_lowercase();
        let a = 1 + rng.next(long.len() - 2);
        let once = edit(lower.as_bytes(), a, &mut rng);
        let b = 1 + rng.next(once.len() - 2);
        let twice = String::from_utf8(edit(&once, b, &mut rng)).unwrap();
        let q: Vec<String> = words
            .iter()
            .map(|w| {
                if *w == long {
                    twice.clone()
                } else {
                    w.to_string()
                }
            })
            .collect();
        out.push(("two-edit", q.join(" "), id.clone()));
    }
    for _ in 0..per {
        let len = 6 + rng.next(6);
        let s: String = (0..len).map(|_| LETTERS[rng.next(26)] as char).collect();
        out.push(("no-match", s, String::new()));
    }
    out
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("cold bench: run it with `cargo bench --bench cold -- INDEX RECORDS.jsonl`");
        return;
    }
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let (Some(index_path), Some(records_path)) = (args.first(), args.get(1)) else {
        eprintln!("usage: cargo bench --bench cold -- INDEX.bin RECORDS.jsonl [PER_CLASS]");
        std::process::exit(2);
    };
    let per: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    let root = std::fs::read(index_path).expect("index");
    let folder = Path::new(index_path).parent().unwrap_or(Path::new("."));
    let records: Vec<(String, String)> = std::fs::read_to_string(records_path)
        .expect("records")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v.get("kind").is_some())
        .filter_map(|v| {
            Some((
                v["id"].as_str()?.to_string(),
                v["name"].as_str()?.to_string(),
            ))
        })
        .collect();
    let root_gz = gz(&root);
    let mut json = Vec::new();
    println!("root: {} bytes, {root_gz} gzip", root.len());
    println!(
        "{:<13} {:>9} {:>9} {:>12} {:>12} {:>8}",
        "class", "files p50", "files max", "KB gz p50", "KB gz max", "found@5"
    );
    let qs = queries(&records, per);
    for class in ["name", "first-letter", "two-edit", "no-match"] {
        let mut files = Vec::new();
        let mut bytes = Vec::new();
        let mut found = 0;
        let mut n = 0;
        let mut kinds = [0usize; 3];
        for (_, q, id) in qs.iter().filter(|q| q.0 == class) {
            let mut index = Index::from_bytes(&root).expect("root");
            let request = SearchRequest::new(q.clone());
            let (resp, read) = index
                .search_reading(&request, |name| std::fs::read(folder.join(name)))
                .expect("search");
            let mut by_kind = [0usize; 3];
            for f in &read {
                let k = if f.contains(".t.") {
                    0
                } else if f.contains(".x.") {
                    1
                } else {
                    2
                };
                by_kind[k] += gz(&std::fs::read(folder.join(f)).expect("shard"));
            }
            let b: usize = by_kind.iter().sum();
            for (t, k) in kinds.iter_mut().zip(by_kind) {
                *t += k;
            }
            files.push(read.len());
            bytes.push(b);
            let hit = resp.hits.iter().take(5).any(|h| &h.id == id);
            found += usize::from(hit);
            n += 1;
            if std::env::var_os("COLD_VERBOSE").is_some() {
                println!(
                    "  {class} {q:?}: {} files {b} B (term {} typo {} doc {}){}{}",
                    read.len(),
                    by_kind[0],
                    by_kind[1],
                    by_kind[2],
                    if resp.partial { " partial" } else { "" },
                    if hit { " found" } else { "" }
                );
                if std::env::var("COLD_VERBOSE").as_deref() == Ok("2") {
                    println!("    {}", read.join(" "));
                }
            }
        }
        println!(
            "{class:<13} mean KB gz per query: term {:.1} typo {:.1} doc {:.1}",
            kinds[0] as f64 / n.max(1) as f64 / 1000.0,
            kinds[1] as f64 / n.max(1) as f64 / 1000.0,
            kinds[2] as f64 / n.max(1) as f64 / 1000.0
        );
        files.sort_unstable();
        bytes.sort_unstable();
        let med = |v: &[usize]| v[v.len() / 2];
        let max = |v: &[usize]| *v.last().unwrap_or(&0);
        println!(
            "{class:<13} {:>9} {:>9} {:>12.1} {:>12.1} {:>5}/{n}",
            med(&files),
            max(&files),
            (root_gz + med(&bytes)) as f64 / 1000.0,
            (root_gz + max(&bytes)) as f64 / 1000.0,
            found
        );
        json.push(format!(
            "\"{class}\":{{\"files_median\":{},\"files_max\":{},\"gzip_median\":{},\"gzip_max\":{},\"found5\":{found},\"n\":{n}}}",
            med(&files),
            max(&files),
            root_gz + med(&bytes),
            root_gz + max(&bytes)
        ));
    }
    println!("{{\"root_gzip\":{root_gz},{}}}", json.join(","));
}
