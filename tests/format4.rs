//! Format 4 at 10,000 records: typos found within the fetch budget, shard
//! names that survive an edit, and an output folder that stays clean.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use ricerca::builder::{BuiltIndex, ShardPolicy};
use ricerca::fetch::FETCH_BUDGET;
use ricerca::model::{Directory, Kind, Record};
use ricerca::{Index, SearchRequest};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

const SYLLABLES: [&str; 24] = [
    "ba", "ker", "lon", "mi", "dra", "sto", "vel", "qui", "nor", "tes", "ga", "rim", "pol", "zen",
    "cha", "fu", "ler", "san", "tor", "vi", "bre", "ku", "mas", "del",
];
const COUNTRIES: [&str; 6] = ["IT", "FR", "DE", "ES", "US", "RU"];

/// A deterministic directory of `n` records with made-up names of 2-3 words
/// of 2-4 syllables, a summary and a country.
fn synthetic(n: usize) -> Directory {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
    let word = |next: &mut dyn FnMut(usize) -> usize| -> String {
        (0..2 + next(3))
            .map(|_| SYLLABLES[next(SYLLABLES.len())])
            .collect()
    };
    let mut dir = Directory {
        sectors: directory().sectors.clone(),
        records: Vec::new(),
        glossary: Vec::new(),
    };
    for i in 0..n {
        let words: Vec<String> = (0..2 + next(2)).map(|_| word(&mut next)).collect();
        let name = words.join(" ");
        let summary = format!(
            "{} works with {} on {}",
            name,
            word(&mut next),
            word(&mut next)
        );
        dir.records.push(Record {
            id: format!("rec-{i:05}"),
            kind: Kind::Partner,
            name,
            name_en: None,
            aliases: vec![],
            summary: Some(summary),
            city: None,
            countries: vec![COUNTRIES[next(COUNTRIES.len())].to_string()],
            regions: vec![],
            sectors: vec![],
            partners: vec![],
            url: None,
            sources: vec!["synthetic".into()],
            lang: None,
        });
    }
    dir
}

fn dir10k() -> &'static Directory {
    static D: OnceLock<Directory> = OnceLock::new();
    D.get_or_init(|| synthetic(10_000))
}

fn split() -> ShardPolicy {
    ShardPolicy {
        split: Some(true),
        ..ShardPolicy::default()
    }
}

fn built10k() -> &'static BuiltIndex {
    static B: OnceLock<BuiltIndex> = OnceLock::new();
    B.get_or_init(|| build_with(dir10k(), split(), "index"))
}

fn files_of(built: &BuiltIndex) -> BTreeMap<&str, &[u8]> {
    built
        .shards
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect()
}

/// Every single-edit variant of `word`: deletions, transpositions, and
/// substitutions and insertions of a few letters, at every position.
fn variants(word: &str) -> BTreeSet<String> {
    let w: Vec<char> = word.chars().collect();
    let mut out = BTreeSet::new();
    for i in 0..w.len() {
        let mut d = w.clone();
        d.remove(i);
        out.insert(d.iter().collect());
        if i + 1 < w.len() {
            let mut t = w.clone();
            t.swap(i, i + 1);
            out.insert(t.iter().collect());
        }
        for c in ['a', 'k', 'z'] {
            let mut s = w.clone();
            s[i] = c;
            out.insert(s.iter().collect());
            let mut ins = w.clone();
            ins.insert(i, c);
            out.insert(ins.iter().collect());
        }
    }
    out.remove(word);
    out
}

#[test]
fn every_single_edit_variant_of_sampled_names_is_found_within_the_fetch_budget() {
    let built = built10k();
    let files = files_of(built);
    let (mut tried, mut most_files) = (0, 0);
    let stems: BTreeSet<&str> = dir10k()
        .records
        .iter()
        .flat_map(|r| {
            r.name
                .split(' ')
                .chain(r.summary.as_deref().unwrap_or("").split(' '))
        })
        .map(ricerca::stem::stem)
        .collect();
    for r in dir10k().records.iter().step_by(997) {
        // The name's longest word gets each edit; a whole-word query (space at the end).
        let words: Vec<&str> = r.name.split(' ').collect();
        let long = *words.iter().max_by_key(|w| w.len()).unwrap();
        // Variants the engine allows a typo in (5+ letters), and that are not
        // another word or a form of one (then the engine rightly takes that
        // word, or its stem's forms, and reads no typos).
        for v in variants(long).into_iter().filter(|v| {
            ricerca::search::typo_budget(v) > 0 && !stems.contains(ricerca::stem::stem(v))
        }) {
            let query = words
                .iter()
                .map(|w| if *w == long { v.as_str() } else { w })
                .collect::<Vec<_>>()
                .join(" ");
            let mut index = Index::from_bytes(&built.root).unwrap();
            let request = SearchRequest {
                limit: 10,
                ..SearchRequest::new(format!("{query} "))
            };
            let (resp, read) = index
                .search_reading(&request, |name| {
                    files.get(name).map(|b| b.to_vec()).ok_or("no such shard")
                })
                .unwrap();
            assert!(
                !resp.partial,
                "{query:?}: partial after {} files ({:?}), pending {:?}",
                read.len(),
                read.iter().map(|f| &f[6..7]).collect::<String>(),
                resp.pending
            );
            assert!(
                resp.hits.iter().any(|h| h.id == r.id),
                "{query:?}: {} ({:?}) not in the first 10 of {}: {:?}",
                r.id,
                r.name,
                resp.total,
                resp.hits.iter().map(|h| &h.title).collect::<Vec<_>>()
            );
            assert!(
                read.len() <= FETCH_BUDGET,
                "{query:?}: {} files",
                read.len()
            );
            most_files = most_files.max(read.len());
            tried += 1;
        }
    }
    assert!(tried > 300, "{tried} variants");
    eprintln!("{tried} variants, at most {most_files} shard files read");
}

/// The kinds of shard file (`t`, `x`, `y`, `d`) each round of `query` asks
/// for, on a fresh index.
fn rounds_of(built: &BuiltIndex, query: &str) -> Vec<String> {
    let files = files_of(built);
    let mut index = Index::from_bytes(&built.root).unwrap();
    let file = |n: &str| files.get(n).map(|b| b.to_vec());
    let (_, rounds) = search_in_rounds(&mut index, &SearchRequest::new(query), file, 20);
    let kind = |f: &String| f.split('.').nth(1).unwrap()[..1].to_string();
    rounds
        .iter()
        .map(|r| r.iter().map(kind).collect())
        .collect()
}

#[test]
fn a_typed_word_with_a_typo_reads_its_range_with_its_typo_shards() {
    // The last word, still being typed, with a typo after its second letter:
    // its typo pass reads the typo shards of its keys and the term shards of
    // its two-byte range. The range does not depend on the typo shards, so it
    // comes in their round, not in one of its own after them.
    let built = built10k();
    let (mut typos, mut together) = (0, 0);
    for r in dir10k().records.iter().step_by(331) {
        let long = r.name.split(' ').max_by_key(|w| w.len()).unwrap();
        if long.len() < 9 {
            continue;
        }
        let mut typo: Vec<char> = long.to_lowercase().chars().collect();
        typo[4] = if typo[4] == 'q' { 'x' } else { 'q' };
        let typo: String = typo.into_iter().collect();
        let rounds = rounds_of(built, &typo[..typo.len() - 1]);
        let Some(x) = rounds.iter().position(|k| k.contains('x')) else {
            continue;
        };
        typos += 1;
        together += usize::from(rounds[x].contains('t'));
        // After the typo shards' round: candidates' term shards at most, then the page.
        assert!(rounds.len() <= x + 3, "{typo:?}: {rounds:?}");
    }
    assert!(typos >= 10, "{typos} typo passes");
    assert!(
        together * 2 >= typos,
        "{together} of {typos} typo rounds carried range shards"
    );
}

#[test]
fn a_string_that_matches_nothing_reads_a_few_files() {
    let built = built10k();
    let files = files_of(built);
    for q in ["xqzvwkpljh", "zzzzzzzz", "qwertyuiop asdfgh"] {
        let mut index = Index::from_bytes(&built.root).unwrap();
        let (resp, read) = index
            .search_reading(&SearchRequest::new(q), |name| {
                files.get(name).map(|b| b.to_vec()).ok_or("no such shard")
            })
            .unwrap();
        assert_eq!(resp.total, 0, "{q}");
        // Per word: its term shard, its typo keys' shards, a few candidates'.
        let words = q.split(' ').count();
        assert!(read.len() <= 6 * words, "{q}: {} files", read.len());
    }
}

#[test]
fn past_the_fetch_budget_the_answer_is_partial_and_lists_what_it_lacks() {
    let built = built10k();
    let index = Index::from_bytes(&built.root).unwrap();
    let request = SearchRequest {
        fetch_budget: 0,
        ..SearchRequest::new("")
    };
    let resp = index.search(&request).unwrap();
    assert!(resp.partial);
    assert!(resp.hits.is_empty(), "no doc shard at hand");
    assert_eq!(resp.total, 10_000, "counts come from the root");
    assert!(!resp.pending.is_empty());
    assert!(resp.pending.iter().all(|f| f.starts_with("index.d")));
}

#[test]
fn editing_one_summary_keeps_nine_shard_names_in_ten() {
    let before = built10k();
    let mut dir = dir10k().clone();
    let r = &mut dir.records[4321];
    r.summary = Some(format!(
        "{} and now also zebrafish",
        r.summary.as_deref().unwrap()
    ));
    let after = build_with(&dir, split(), "index");
    let old: BTreeSet<&String> = before.shards.iter().map(|(n, _)| n).collect();
    let new: BTreeSet<&String> = after.shards.iter().map(|(n, _)| n).collect();
    let kept = new.intersection(&old).count();
    let share = kept as f64 / new.len() as f64;
    eprintln!(
        "{kept} of {} shard names kept after one summary edit",
        new.len()
    );
    assert!(share >= 0.9, "{kept} of {} names kept", new.len());
    assert!(kept < new.len(), "the edited record's shards change");
    // Same bytes, same name: a second build changes nothing.
    let again = build_with(&dir, split(), "index");
    assert_eq!(again.shards, after.shards);
}
