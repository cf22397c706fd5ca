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

fn terms() -> &'static BTreeMap<String, BTreeMap<String, bool>> {
    static T: OnceLock<BTreeMap<String, BTreeMap<String, bool>>> = OnceLock::new();
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

/// Typos allowed: none under 5 letters, one from 5, two from 9.
fn budget(word: &str) -> usize {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The documented stages of matching a word (README, "Search semantics").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    /// The word, a word with its stem (4+ bytes), a word it starts (last word).
    Exact,
    /// Within the typo budget, same first letter.
    SameFirst,
    /// Within the typo budget, another first letter.
    Any,
}

/// Typos of term `t` for word `w` in `stage`, when it matches there.
fn meets(w: &str, prefix: bool, t: &str, stage: Stage) -> Option<usize> {
    let stem = ricerca::stem::stem;
    let exact = t == w || (w.len() > 3 && stem(t) == stem(w)) || (prefix && t.starts_with(w));
    match stage {
        Stage::Exact => exact.then_some(0),
        _ => {
            let same_first = t.as_bytes().first() == w.as_bytes().first();
            let d = osa(w, t, prefix);
            (!exact && budget(w) > 0 && d <= budget(w) && same_first == (stage == Stage::SameFirst))
                .then_some(d.max(1))
        }
    }
}

/// Per record matched by `w` in `stage`: its fewest typos, and whether a
/// strong term (name, aliases, places) matches with that few.
type Matches = BTreeMap<String, (usize, bool)>;

fn stage_matches(w: &str, prefix: bool, stage: Stage) -> Matches {
    let mut out = Matches::new();
    for (id, ts) in terms() {
        for (t, &strong) in ts {
            if let Some(typos) = meets(w, prefix, t, stage) {
                let best = out.entry(id.clone()).or_insert((typos, strong));
                if (typos, !strong) < (best.0, !best.1) {
                    *best = (typos, strong);
                }
            }
        }
    }
    out
}

fn merge(into: &mut Matches, more: Matches) {
    for (id, m) in more {
        let best = into.entry(id).or_insert(m);
        if (m.0, !m.1) < (best.0, !best.1) {
            *best = m;
        }
    }
}

/// No strong match (or none at all): the word also gets the typos that keep
/// its first letter, then those changing it.
fn weak_only(m: &Matches) -> bool {
    !m.values().any(|&(_, strong)| strong)
}

fn and(lists: &[Matches]) -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = lists[0].keys().cloned().collect();
    for l in &lists[1..] {
        ids.retain(|id| l.contains_key(id));
    }
    ids
}

/// Which words a typo step is for, by their matches so far.
type Wants<'a> = dyn Fn(&Matches) -> bool + 'a;

/// The documented matching rules, applied to the oracle's term sets: each
/// word matches itself, its stem's forms, and (last word, unless the query
/// ends with a space) the words it starts; a word with only weak matches (or
/// none; in a one-word query also with under 3 records) also gets its typos
/// keeping the first letter, then, still weak, those changing it. Every word
/// must match; while no record has every word (and no word matches nothing
/// at all): a word matched by typos only gets the typos changing its first
/// letter; then, unless such a word is there, every word those keeping it;
/// then a word still weak those changing it. If then fewer than 3 records have every word, the records
/// with any word (relaxed, ranked by how many).
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
    if words.is_empty() {
        return terms().keys().cloned().collect();
    }
    let last_prefix = query.chars().last().is_some_and(char::is_alphanumeric);
    let n = words.len();
    let prefix = |i: usize| i + 1 == n && last_prefix;
    let mut lists: Vec<Matches> = (0..n)
        .map(|i| stage_matches(&words[i], prefix(i), Stage::Exact))
        .collect();
    let mut done = vec![Stage::Exact; n];
    let typos_only = |m: &Matches| m.values().all(|&(typos, _)| typos > 0);
    let first = |m: &Matches| weak_only(m) || (n == 1 && m.len() < 3);
    let steps: [(Stage, &Wants<'_>); 5] = [
        (Stage::SameFirst, &first),
        (Stage::Any, &weak_only),
        (Stage::Any, &typos_only),
        (Stage::SameFirst, &|_| true),
        (Stage::Any, &weak_only),
    ];
    let mut all = BTreeSet::new();
    for (step, (stage, wants)) in steps.into_iter().enumerate() {
        if step >= 2 {
            all = and(&lists);
            if !all.is_empty() || lists.iter().any(|l| l.is_empty()) {
                break;
            }
        }
        // Every word's typos, unless a word is matched by typos only.
        if step == 3 && lists.iter().any(typos_only) {
            continue;
        }
        for i in 0..n {
            if done[i] < stage && wants(&lists[i]) && budget(&words[i]) > 0 {
                merge(&mut lists[i], stage_matches(&words[i], prefix(i), stage));
                done[i] = stage;
            }
        }
        all = and(&lists);
    }
    if all.len() >= 3 || n == 1 {
        return all;
    }
    lists.iter().flat_map(|l| l.keys().cloned()).collect()
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
    // Only the last word is a prefix: "rosa" followed by another word must
    // match whole, which no record does; the query is relaxed to "oncologia".
    let q = "rosa oncologia";
    let want = expected(q);
    assert!(want.contains("rete-oncologica-puglia"));
    assert_finds(q, &want);
    let resp = search(index(), &all(q));
    assert!(resp.relaxed);
    assert_eq!(resp.left_out, ["rosa"]);
}

#[test]
fn typo_budget_is_none_under_5_letters_one_from_5_two_from_9() {
    let r = ranking();
    let cases: [(&str, &[&str]); 13] = [
        ("zot ", &["len3"]),
        ("zat ", &[]), // 3 letters, 1 edit: no typo allowed
        ("vurk ", &["len4"]),
        ("vark ", &[]), // 4 letters, 1 edit: no typo allowed
        ("drovk ", &["len5"]),
        ("druvk ", &["len5"]),     // 5 letters, 1 edit
        ("druuk ", &[]),           // 5 letters, 2 edits
        ("plxmbor ", &["len7"]),   // 7 letters, 1 edit
        ("plxmbxr ", &[]),         // 7 letters, 2 edits
        ("qxaxtron ", &["len8"]),  // 8 letters, 1 edit
        ("qxaxtrxn ", &[]),        // 8 letters, 2 edits
        ("brxnnaxxl ", &["len9"]), // 9 letters, 2 edits
        ("brxnnxxxl ", &[]),       // 9 letters, 3 edits
    ];
    for (q, want) in cases {
        assert_eq!(ids(&search(r, &all(q))), want, "query {q:?}");
    }
    // A transposition counts as one edit.
    assert_eq!(ids(&search(r, &all("dorvk "))), ["len5"]);
}

#[test]
fn exact_beats_prefix_beats_fuzzy() {
    let r = ranking();
    // "zentor" is exact in one name, a prefix of another, one typo from the
    // third. It matches only two records without typos (few), so its typos
    // are listed too, after them.
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
    assert_eq!(
        ids(&search(r, &all("zentor"))),
        ["zentor-exact", "zentor-prefix", "zentor-fuzzy"]
    );
    // A whole word is not a prefix, but "Zentoria" shares the stem "zentor"
    // (Italian -ia): still found, before the typo.
    assert_eq!(
        ids(&search(r, &all("zentor "))),
        ["zentor-exact", "zentor-prefix", "zentor-fuzzy"]
    );
    assert_eq!(
        ids(&search(r, &all("zentoria "))),
        ["zentor-prefix", "zentor-exact"]
    );
}

#[test]
fn exact_beats_stem_beats_prefix() {
    // All three in the name: the word itself, its plural, a longer word.
    assert_eq!(
        ids(&search(ranking(), &all("ferrolito"))),
        ["ferro-exact", "ferro-stem", "ferro-prefix"]
    );
    // As a whole word the longer one is not found; the plural is.
    assert_eq!(
        ids(&search(ranking(), &all("ferrolito "))),
        ["ferro-exact", "ferro-stem"]
    );
    // The plural typed finds the singular through the stem, after itself.
    assert_eq!(
        ids(&search(ranking(), &all("ferroliti "))),
        ["ferro-stem", "ferro-exact"]
    );
}

#[test]
fn words_side_by_side_in_query_order_rank_first() {
    // Both records have both words in the name; the one where they stand in
    // the query's order comes first, whatever the other rules after it say.
    assert_eq!(
        ids(&search(ranking(), &all("alto brenno "))),
        ["prox-alto-brenno", "prox-brenno-alto"]
    );
    assert_eq!(
        ids(&search(ranking(), &all("brenno alto "))),
        ["prox-brenno-alto", "prox-alto-brenno"]
    );
    // Plural forms meet through the stems.
    assert_eq!(
        ids(&search(ranking(), &all("alti brenni "))),
        ["prox-alto-brenno", "prox-brenno-alto"]
    );
}

#[test]
fn a_records_own_text_ranks_above_mere_sector_membership() {
    // "zafferano" is a synonym of the sector "spices": every record of the
    // sector is found by it, below a record that says it in its summary.
    assert_eq!(
        ids(&search(ranking(), &all("zafferano "))),
        ["spice-own-summary", "spice-sector-only"]
    );
}

#[test]
fn function_words_are_optional_and_skipped_by_the_proximity_pairs() {
    // No record says "di": it is left out, not required. "Vorlani e
    // Trestoni" has the two words side by side once "e" is skipped.
    for q in [
        "vorlani di trestoni ",
        "vorlani trestoni ",
        "the vorlani of trestoni",
    ] {
        assert_eq!(
            ids(&search(ranking(), &all(q))),
            ["stop-pair", "stop-apart"],
            "{q}"
        );
    }
    let r = search(ranking(), &all("vorlani di trestoni "));
    assert!(!r.relaxed && r.left_out.is_empty());
}

#[test]
fn every_word_in_the_records_own_text_beats_a_word_only_in_its_sector() {
    // Name + sector synonym (tiers 0 + 4) against summary + summary (3 + 3):
    // the weakest field decides before the sum.
    assert_eq!(
        ids(&search(ranking(), &all("pontebba tumori "))),
        ["weak-own-summary", "weak-name-and-sector"]
    );
}

#[test]
fn a_three_letter_word_meets_its_plural_and_zione_meets_tion() {
    let r = search(ranking(), &all("vetrin lab "));
    assert_eq!(ids(&r), ["three-letter-plural"]);
    assert!(!r.relaxed);
    // Real data: "vaccinations" meets "Vaccine" in the International Vaccine
    // Institute's name (stem "vaccin"), not only the sector synonym
    // "vaccination" every vaccine record has: the institute comes first.
    let v = search(index(), &all("vaccinations "));
    assert_eq!(
        ids(&v).first().map(String::as_str),
        Some("ivi"),
        "{:?}",
        ids(&v)
    );
}

#[test]
fn a_first_letter_typo_is_found_beside_an_exact_match_in_a_weak_field() {
    // "celvano" is exact only in a summary: its typos are expanded too, and
    // "Kelvano" (first letter wrong) is found, ranked after the exact match.
    assert_eq!(
        ids(&search(ranking(), &all("celvano "))),
        ["celvano-summary", "kelvano-name"]
    );
}

#[test]
fn glossary_translations_rank_below_the_name_and_above_the_summary() {
    // Glossary entry vetreria = glassworks; "Vetrerie Morandi" is found by
    // "glassworks" through the stem of "vetreria".
    assert_eq!(
        ids(&search(ranking(), &all("glassworks "))),
        ["glass-name", "glass-glossary", "glass-summary"]
    );
}

#[test]
fn a_query_no_record_fully_matches_returns_the_most_words_and_says_what_was_left_out() {
    let q = "tarvisio oblonga mervin";
    let resp = search(ranking(), &all(q));
    assert_eq!(ids(&resp), ["relax-two", "relax-one"]);
    assert!(resp.relaxed);
    assert_eq!(resp.left_out, ["mervin"]);
    assert_eq!(resp.total, 2);
    // The CLI says it too, in JSON and in text.
    let dir = temp_dir("relaxed");
    let built = build_with(
        &ricerca::data::load(&[fixture("vocab"), fixture("ranking")]).unwrap(),
        one_file(),
        "fixture",
    );
    let file = dir.join("fixture.idx");
    std::fs::write(&file, &built.root).unwrap();
    let json = cli_search(&file, q, &[]);
    assert_eq!(json["relaxed"], serde_json::json!(true));
    assert_eq!(json["left_out"], serde_json::json!(["mervin"]));
    let text = stdout(&ricerca([
        "search",
        file.to_str().unwrap(),
        "Tarvisio Oblonga Mervin",
    ]));
    assert!(
        text.starts_with(
            "2 results for \"Tarvisio Oblonga Mervin\"\nno record matches every word; best matches without: Mervin\n"
        ),
        "{text}"
    );
    // The query is echoed as typed: combining marks (Thai vowels) stay letters, only
    // control characters are escaped.
    for (q, echo) in [
        ("สวัสดี", " for \"สวัสดี\""),
        ("città\u{7}x", " for \"città\\u{7}x\""),
    ] {
        let text = stdout(&ricerca(["search", file.to_str().unwrap(), q]));
        assert!(text.lines().next().unwrap().ends_with(echo), "{text}");
    }
    // A query every word of which matches together is not relaxed; with fewer
    // than 3 such records, those matching fewer words follow them.
    let full = search(ranking(), &all("tarvisio oblonga"));
    assert_eq!(ids(&full), ["relax-two", "relax-one"]);
    assert!(!full.relaxed && full.left_out.is_empty());
}

#[test]
fn ospedali_finds_the_irccs_hospitals_first() {
    // No record says "ospedali": the alias "Ospedale Pediatrico Bambino Gesù"
    // matches through the stem, the IRCCS through the glossary
    // (ospedale = hospital = irccs); the sector synonym "ospedali" ranks below.
    let resp = search(index(), &all("ospedali"));
    assert_eq!(
        ids(&resp)[..2],
        ["irccs-bambino-gesu", "irccs-san-matteo-pavia"]
    );
    let english = search(index(), &all("hospitals"));
    assert!(
        ids(&english)[..3].contains(&"irccs-bambino-gesu".to_string())
            && ids(&english)[..3].contains(&"irccs-san-matteo-pavia".to_string()),
        "{:?}",
        ids(&english)
    );
}

#[test]
fn universita_with_a_korea_filter_finds_korea_university_first() {
    let req = all("università").filter(ricerca::model::Facet::Country, "KR");
    assert_eq!(search(index(), &req).hits[0].id, "korea-university");
    let req = all("university").filter(ricerca::model::Facet::Country, "IT");
    let resp = search(index(), &req);
    assert!(
        resp.hits.iter().any(|h| h.id == "universita-di-pisa"),
        "{:?}",
        ids(&resp)
    );
}

#[test]
fn place_and_sector_labels_are_found_in_both_languages() {
    use ricerca::model::Facet;
    for (facet, code, it, en) in [
        (Facet::Country, "KR", "corea del sud ", "south korea "),
        (
            Facet::Sector,
            "nuclear-medicine",
            "medicina nucleare ",
            "nuclear medicine ",
        ),
    ] {
        let members: BTreeSet<String> = directory()
            .records
            .iter()
            .filter(|r| facet_values(r, facet).iter().any(|v| v == code))
            .map(|r| r.id.clone())
            .collect();
        assert!(!members.is_empty(), "{code}");
        for q in [it, en] {
            let found = id_set(&search(index(), &all(q)));
            assert!(
                members.is_subset(&found),
                "{q:?}: {members:?} not all in {found:?}"
            );
        }
    }
}

#[test]
fn a_name_match_ranks_above_alias_places_and_summary_matches() {
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
        // A rare word matching with the others gets no typos; a word matched
        // by typos only ("pilano": "piano") gets those changing its first
        // letter ("milano") before the other words get any.
        "xall corporation ",
        "alisei china ",
        "pilano triulza ",
        "negionale puglia ",
        // "qvizzzera" (svizzera, three edits) is matched by typos only, and
        // they do not help: "china" gets no typos, the query is relaxed.
        "qvizzzera china ",
    ] {
        let want = expected(q);
        let got = id_set(&search(index(), &all(q)));
        assert_eq!(got, want, "query {q:?}");
    }
}

/// A word whose folded form is longer than the typo automaton takes (a CJK name
/// with no spaces, Hangul decomposed into jamo, Thai with its marks) is still
/// found by its whole text: the exact stage falls back to a dictionary lookup.
#[test]
fn long_words_of_non_latin_scripts_are_found_whole() {
    let (_, index) = build_from(&[fixture("vocab"), fixture("scripts")]);
    for (query, id) in [
        (
            "東京医療生活協同組合新渡戸記念中野総合病院",
            "long-japanese",
        ),
        ("계명대학교", "hangul-hospital"),
        ("계명대학교 대구동산병원", "hangul-hospital"),
        ("มหาวิทยาลัยแม่โจ้", "thai-university"),
        ("日本大学", "short-japanese"),
    ] {
        let resp = search(&index, &all(query));
        assert_eq!(ids(&resp), vec![id.to_string()], "{query:?}");
    }
}

#[test]
fn searches_of_different_queries_on_one_index_from_several_threads_answer_as_one_at_a_time() {
    // An index keeps what a query's runs found (src/search/memo.rs); searches
    // of other queries running meanwhile on other threads must not see it.
    let queries = [
        "cell factory ",
        "cell fact",
        "rosatm",
        "terapie avanzate",
        "universita regionale",
        "taranto rosatom",
        "ospedale",
        "car-t",
    ];
    let want: Vec<String> = queries
        .iter()
        .map(|q| {
            let fresh = Index::from_bytes(index_bytes()).unwrap();
            format!("{:?}", search(&fresh, &all(q)))
        })
        .collect();
    let shared = Index::from_bytes(index_bytes()).unwrap();
    std::thread::scope(|s| {
        for t in 0..4 {
            let (shared, want) = (&shared, &want);
            s.spawn(move || {
                for round in 0..25 {
                    let k = (t * 3 + round) % queries.len();
                    let got = format!("{:?}", search(shared, &all(queries[k])));
                    assert_eq!(got, want[k], "{:?} on thread {t}", queries[k]);
                }
            });
        }
    });
}
