//! Search behaviour, through the library (`Index::search`) and the CLI
//! (`ricerca search --json`): typo tolerance, accent folding, elisions, AND
//! semantics, last-word prefix, ranking and determinism.
//!
//! Expected result sets are computed from the data files by an oracle
//! (`common::record_terms`) that follows the documented matching rules.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use ricerca::{Index, SearchRequest};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

fn terms() -> &'static BTreeMap<String, BTreeSet<String>> {
    static T: OnceLock<BTreeMap<String, BTreeSet<String>>> = OnceLock::new();
    T.get_or_init(|| record_terms(directory()))
}

fn ranking() -> &'static Index {
    static I: OnceLock<Index> = OnceLock::new();
    I.get_or_init(|| build_from(&[fixture("vocab"), fixture("ranking")]).1)
}

/// Optimal string alignment distance between byte strings; with `prefix`, the
/// smallest distance between `q` and any prefix of `t`.
fn osa(q: &str, t: &str, prefix: bool) -> usize {
    let (q, t) = (q.as_bytes(), t.as_bytes());
    let mut d = vec![vec![0usize; t.len() + 1]; q.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=q.len() {
        for j in 1..=t.len() {
            let mut v = (d[i - 1][j - 1] + usize::from(q[i - 1] != t[j - 1]))
                .min(d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1);
            if i > 1 && j > 1 && q[i - 1] == t[j - 2] && q[i - 2] == t[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    if prefix {
        (0..=t.len()).map(|j| d[q.len()][j]).min().unwrap()
    } else {
        d[q.len()][t.len()]
    }
}

fn budget(word: &str) -> usize {
    match word.len() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The documented matching rules, applied to the oracle's term sets: every word
/// must match (AND); the last word also as a prefix unless the query ends with
/// a space; typos (1 at 4+ bytes, 2 at 8+) only when nothing matches without.
fn expected(query: &str) -> BTreeSet<String> {
    // A hyphenated compound ("car-t") is searched by its joined form ("cart").
    let words: Vec<String> = query
        .split_whitespace()
        .map(|chunk| chunk.replace('-', ""))
        .flat_map(|chunk| {
            chunk
                .split(|c: char| !c.is_alphanumeric())
                .map(folded)
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let last_prefix = query.chars().last().is_some_and(char::is_alphanumeric);
    let n = words.len();
    let pass = |fuzzy: bool| -> BTreeSet<String> {
        terms()
            .iter()
            .filter(|(_, ts)| {
                words.iter().enumerate().all(|(i, w)| {
                    let prefix = i + 1 == n && last_prefix;
                    ts.iter().any(|t| {
                        t == w
                            || (prefix && t.starts_with(w.as_str()))
                            || (fuzzy && osa(w, t, prefix) <= budget(w))
                    })
                })
            })
            .map(|(id, _)| id.clone())
            .collect()
    };
    let exact = pass(false);
    if exact.is_empty() {
        pass(true)
    } else {
        exact
    }
}

/// What the browser does before calling the engine (CONTRACT: "The JS side must
/// fold the query before calling search: `q.normalize('NFKD').replace(/\p{M}/gu, '')`;
/// case and elisions are handled by the engine").
fn js_fold(q: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    q.nfkd()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c))
        .collect()
}

/// Asserts that the library (given the query folded as the browser folds it)
/// and the CLI (given it as typed) return exactly `want` for `query`.
fn assert_finds(query: &str, want: &BTreeSet<String>) {
    let lib = search(index(), &all(&js_fold(query)));
    assert_eq!(&id_set(&lib), want, "library, query {query:?}");
    assert_eq!(lib.total, want.len(), "library total, query {query:?}");
    let cli = cli_search(index_file(), query, &["--limit", "1000"]);
    let cli_ids: BTreeSet<String> = json_ids(&cli).into_iter().collect();
    assert_eq!(&cli_ids, want, "CLI, query {query:?}");
    assert_eq!(
        cli["total"].as_u64(),
        Some(want.len() as u64),
        "CLI total, query {query:?}"
    );
}

#[test]
fn a_typo_rosatm_finds_rosatom_first() {
    let want = expected("rosatm");
    assert!(
        want.contains("rosatom") && want.len() > 1,
        "oracle: {want:?}"
    );
    assert_finds("rosatm", &want);
    let lib = search(index(), &SearchRequest::new("rosatm"));
    assert_eq!(lib.hits[0].id, "rosatom");
    let cli = cli_search(index_file(), "rosatm", &[]);
    assert_eq!(json_ids(&cli)[0], "rosatom");
}

#[test]
fn accents_are_folded_universita_finds_every_universita() {
    let named: BTreeSet<String> = directory()
        .records
        .iter()
        .filter(|r| r.name.contains("Università"))
        .map(|r| r.id.clone())
        .collect();
    assert!(
        named.len() >= 2,
        "data should have several Università: {named:?}"
    );
    let want = expected("universita");
    assert!(named.is_subset(&want));
    assert_finds("universita", &want);
    // Typed with the accent, or in capitals, it finds the same records.
    assert_finds("Università", &want);
    assert_finds("UNIVERSITÀ", &want);
    // Every record named "Università …" is found, and with highlights on the accented word.
    let resp = search(index(), &all("universita"));
    for h in resp.hits.iter().filter(|h| named.contains(&h.id)) {
        let hl: Vec<String> = h
            .highlights
            .title
            .iter()
            .map(|&r| slice_chars(&h.title, r))
            .collect();
        assert!(
            hl.iter().any(|s| s == "Università"),
            "{}: title highlights {hl:?} in {:?}",
            h.id,
            h.title
        );
    }
}

#[test]
fn elided_articles_are_dropped_and_the_word_after_them_is_found() {
    // Real data: "Nell'ambito degli incontri bilaterali…".
    let with_elision: Vec<&str> = directory()
        .records
        .iter()
        .filter(|r| {
            r.summary
                .as_deref()
                .is_some_and(|s| s.contains("Nell'ambito"))
        })
        .map(|r| r.id.as_str())
        .collect();
    assert!(
        !with_elision.is_empty(),
        "data should contain \"Nell'ambito\""
    );
    let want = expected("ambito");
    for id in &with_elision {
        assert!(want.contains(*id));
    }
    assert_finds("ambito", &want);
    assert_finds("nell'ambito", &want);
    assert_finds("nell’ambito", &want);

    // Fixture: "Accordo dell'Ospedale con l'Istituto Vespucci".
    let r = ranking();
    for q in [
        "ospedale",
        "dell'ospedale",
        "DELL’OSPEDALE",
        "istituto",
        "l'istituto",
    ] {
        assert_eq!(ids(&search(r, &all(q))), ["elision"], "query {q:?}");
    }
    // The highlight covers the word, not the article before it.
    let h = &search(r, &all("ospedale istituto")).hits[0];
    let marked: Vec<String> = h
        .highlights
        .title
        .iter()
        .map(|&x| slice_chars(&h.title, x))
        .collect();
    assert_eq!(marked, ["Ospedale", "Istituto"], "in {:?}", h.title);
    // The articles themselves are not indexed.
    for q in ["dell ", "l "] {
        assert_eq!(search(r, &all(q)).total, 0, "query {q:?}");
    }
}

#[test]
fn several_words_must_all_match() {
    let q = "cell factory lombardia";
    let want = expected(q);
    let singles: Vec<BTreeSet<String>> = ["cell ", "factory ", "lombardia"]
        .iter()
        .map(|w| expected(w))
        .collect();
    let inter: BTreeSet<String> = singles[0]
        .intersection(&singles[1])
        .cloned()
        .collect::<BTreeSet<_>>()
        .intersection(&singles[2])
        .cloned()
        .collect();
    assert_eq!(want, inter);
    assert!(!want.is_empty());
    assert!(
        singles.iter().all(|s| s.len() > want.len()),
        "each word alone finds more: {singles:?} vs {want:?}"
    );
    assert_finds(q, &want);
    // Word order does not matter for the set.
    assert_finds("lombardia factory cell", &want);
}

#[test]
fn the_last_word_matches_as_a_prefix_unless_the_query_ends_with_a_space() {
    let prefix = expected("rosa");
    assert!(prefix.contains("rosatom"));
    assert_finds("rosa", &prefix);
    let lib = search(index(), &SearchRequest::new("rosa"));
    assert_eq!(lib.hits[0].id, "rosatom");

    let whole = expected("rosa ");
    assert!(!whole.contains("rosatom"), "oracle: {whole:?}");
    assert_finds("rosa ", &whole);
    // Only the last word is a prefix: "rosa" followed by another word must match whole.
    let q = "rosa oncologia";
    let want = expected(q);
    assert!(!want.contains("rosatom"));
    assert_finds(q, &want);
}

#[test]
fn typo_budget_is_none_under_4_bytes_one_from_4_two_from_8() {
    let r = ranking();
    let cases: [(&str, &[&str]); 9] = [
        ("zot ", &["len3"]),
        ("zat ", &[]), // 3 bytes, 1 edit: no typo allowed
        ("vurk ", &["len4"]),
        ("vark ", &["len4"]),     // 4 bytes, 1 edit
        ("vaak ", &[]),           // 4 bytes, 2 edits
        ("plxmbor ", &["len7"]),  // 7 bytes, 1 edit
        ("plxmbxr ", &[]),        // 7 bytes, 2 edits
        ("qxaxtrxn ", &["len8"]), // 8 bytes, 2 edits
        ("qxxxtrxn ", &[]),       // 8 bytes, 3 edits
    ];
    for (q, want) in cases {
        assert_eq!(ids(&search(r, &all(q))), want, "query {q:?}");
    }
    // A transposition counts as one edit.
    assert_eq!(ids(&search(r, &all("vukr "))), ["len4"]);
}

#[test]
fn exact_beats_prefix_beats_fuzzy() {
    let r = ranking();
    // "marzipan" (one shop) and "zentor" (two names) never match together, so
    // typo tolerance is on for both words; then "zentor" is exact in one name,
    // a prefix of another, one typo from the third.
    let resp = search(r, &all("marzipan zentor"));
    assert_eq!(
        ids(&resp),
        ["zentor-exact", "zentor-prefix", "zentor-fuzzy"]
    );
    assert!(
        resp.hits[0].score > resp.hits[1].score,
        "{:?}",
        resp.hits.iter().map(|h| h.score).collect::<Vec<_>>()
    );
    // When only "marzipn" needs a typo, the correctly typed "zentor" is not
    // expanded: its near-miss "Zentar" is not listed.
    assert_eq!(
        ids(&search(r, &all("marzipn zentor"))),
        ["zentor-exact", "zentor-prefix"]
    );
    // Without the typo word, an exact or prefix match exists, so the fuzzy one is not listed.
    assert_eq!(
        ids(&search(r, &all("zentor"))),
        ["zentor-exact", "zentor-prefix"]
    );
    assert_eq!(ids(&search(r, &all("zentor "))), ["zentor-exact"]);
}

#[test]
fn a_name_match_ranks_above_alias_context_and_summary_matches() {
    let resp = search(ranking(), &all("quillon "));
    assert_eq!(
        ids(&resp),
        [
            "quillon-name",
            "quillon-alias",
            "quillon-context",
            "quillon-summary"
        ]
    );
    let scores: Vec<f64> = resp.hits.iter().map(|h| h.score).collect();
    assert!(
        scores.windows(2).all(|w| w[0] > w[1]),
        "scores not strictly decreasing: {scores:?}"
    );
}

#[test]
fn equal_scores_are_ordered_by_name_then_stably() {
    let r = ranking();
    let resp = search(r, &all("pareggio "));
    assert_eq!(
        ids(&resp),
        ["zz-first", "aa-second"],
        "ties go by name (Alfa before Beta), not id or file order"
    );
    assert_eq!(resp.hits[0].score, resp.hits[1].score);
    // Paging through ties gives the same order.
    let page2 = search(
        r,
        &SearchRequest {
            limit: 1,
            offset: 1,
            ..SearchRequest::new("pareggio ")
        },
    );
    assert_eq!(ids(&page2), ["aa-second"]);
}

#[test]
fn the_same_query_twice_gives_identical_json() {
    let other = Index::from_bytes(index_bytes()).unwrap();
    for q in ["universita", "cell", "", "rosatm", "puglia russia"] {
        let a = serde_json::to_string(&search(index(), &all(q))).unwrap();
        let b = serde_json::to_string(&search(&other, &all(q))).unwrap();
        assert_eq!(a, b, "library, query {q:?}");
        let run = || {
            ricerca([
                "search",
                index_file().to_str().unwrap(),
                q,
                "--json",
                "--limit",
                "1000",
            ])
            .stdout
        };
        assert_eq!(run(), run(), "CLI, query {q:?}");
    }
}

#[test]
fn the_cli_json_is_the_library_response() {
    for (q, extra) in [
        ("rosatm", vec![]),
        ("cell factory", vec!["--region", "IT-25"]),
        ("", vec!["--lang", "en", "--limit", "5", "--offset", "3"]),
        ("puglia", vec!["--kind", "partner", "--sector", "oncology"]),
    ] {
        let cli = cli_search(index_file(), q, &extra);
        let mut req = SearchRequest::new(q);
        let mut it = extra.iter();
        while let Some(opt) = it.next() {
            let v = *it.next().unwrap();
            match *opt {
                "--region" => req = req.filter(ricerca::model::Facet::Region, v),
                "--kind" => req = req.filter(ricerca::model::Facet::Kind, v),
                "--sector" => req = req.filter(ricerca::model::Facet::Sector, v),
                "--lang" => req.lang = ricerca::model::Lang::parse(v).unwrap(),
                "--limit" => req.limit = v.parse().unwrap(),
                "--offset" => req.offset = v.parse().unwrap(),
                _ => unreachable!(),
            }
        }
        let mut lib = serde_json::to_value(search(index(), &req)).unwrap();
        // The CLI adds the tool's version to the library's response (and nothing else).
        lib["version"] = serde_json::Value::String(env!("CARGO_PKG_VERSION").into());
        assert_eq!(cli, lib, "query {q:?} {extra:?}");
    }
}

#[test]
fn hits_are_ranked_exact_matches_first_then_by_descending_score() {
    // Whole words (trailing space): one tier, scores descending.
    for q in ["universita ", "cell ", "puglia ", "oncologia ", "ricerca "] {
        let resp = search(index(), &all(q));
        assert!(resp.total > 1, "query {q:?}");
        let s: Vec<f64> = resp.hits.iter().map(|h| h.score).collect();
        assert!(
            s.windows(2).all(|w| w[0] >= w[1]),
            "query {q:?}: scores {s:?}"
        );
    }
    // A prefix: records holding the exact word first, then prefix-only ones,
    // each tier by descending score.
    for q in ["universita", "cell", "puglia", "ricerca", "onco"] {
        let resp = search(index(), &all(q));
        let tier = |id: &str| usize::from(!terms()[id].contains(q));
        let tiers: Vec<usize> = resp.hits.iter().map(|h| tier(&h.id)).collect();
        assert!(
            tiers.windows(2).all(|w| w[0] <= w[1]),
            "query {q:?}: exact/prefix tiers {tiers:?}"
        );
        for w in resp.hits.windows(2) {
            if tier(&w[0].id) == tier(&w[1].id) {
                assert!(
                    w[0].score >= w[1].score,
                    "query {q:?}: {} ({}) before {} ({})",
                    w[0].id,
                    w[0].score,
                    w[1].id,
                    w[1].score
                );
            }
        }
    }
}

#[test]
fn oracle_agrees_on_a_table_of_queries() {
    for q in [
        "puglia",
        "puglia ",
        "taranto",
        "car-t",
        "cart",
        "sechenov",
        "pittsburgh",
        "corea",
        "korea",
        "milano",
        "terapie avanzate",
        "vaccini",
        "oncologia",
        "emilia romagna",
        "biotech",
        "ricerca clinica",
        "upmc",
        "sechenvo",
        "tarnto",
        "xyzzy",
        "lombardia cell",
    ] {
        let want = expected(q);
        let got = id_set(&search(index(), &all(q)));
        assert_eq!(got, want, "query {q:?}");
    }
}
