//! The hit shape: the exact JSON keys, fields taken from the data, highlight
//! ranges in code points that point at the matched words, and related records
//! (an initiative's partners, a partner's derived initiatives).
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use ricerca::model::{Kind, Lang};
use ricerca::SearchRequest;
use serde_json::Value;
use std::collections::BTreeSet;

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

fn set(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn json_output_has_exactly_the_documented_keys() {
    for (q, extra) in [
        ("rosatm", vec![]),
        ("", vec!["--limit", "1000"]),
        ("Università", vec!["--lang", "en"]),
    ] {
        let v = cli_search(index_file(), q, &extra);
        assert_eq!(
            keys(&v),
            set(&[
                "version",
                "query",
                "total",
                "hits",
                "facets",
                "facet_totals",
                "relaxed",
                "left_out"
            ]),
            "{q:?}"
        );
        assert_eq!(
            v["query"],
            Value::String(q.to_string()),
            "the query is echoed as typed"
        );
        assert!(v["total"].is_u64());
        assert_eq!(
            keys(&v["facets"]),
            set(&["region", "country", "sector", "kind"])
        );
        for f in ["region", "country", "sector", "kind"] {
            for c in v["facets"][f].as_array().unwrap() {
                assert_eq!(
                    keys(c),
                    set(&["value", "label", "count", "selected"]),
                    "{f}: {c}"
                );
                assert!(
                    c["value"].is_string()
                        && c["label"].is_string()
                        && c["count"].is_u64()
                        && c["selected"].is_boolean()
                );
            }
        }
        let hits = v["hits"].as_array().unwrap();
        assert!(!hits.is_empty(), "{q:?}");
        for h in hits {
            assert_eq!(
                keys(h),
                set(&[
                    "id",
                    "kind",
                    "kind_label",
                    "title",
                    "url",
                    "score",
                    "snippet",
                    "highlights",
                    "region",
                    "country",
                    "sector",
                    "city",
                    "lang",
                    "related"
                ]),
                "{h}"
            );
            assert!(
                h["id"].is_string()
                    && h["title"].is_string()
                    && h["kind_label"].is_string()
                    && h["snippet"].is_string()
            );
            assert!(
                h["kind"] == "initiative" || h["kind"] == "partner",
                "{}",
                h["kind"]
            );
            assert!(h["url"].is_null() || h["url"].is_string());
            assert!(h["city"].is_null() || h["city"].is_string());
            assert!(h["lang"].is_null() || h["lang"].is_string());
            assert!(h["score"].is_number());
            assert_eq!(keys(&h["highlights"]), set(&["title", "snippet"]));
            for part in ["title", "snippet"] {
                for r in h["highlights"][part].as_array().unwrap() {
                    let r = r.as_array().unwrap();
                    assert_eq!(r.len(), 2);
                    assert!(r[0].as_u64().unwrap() < r[1].as_u64().unwrap());
                }
            }
            for f in ["region", "country", "sector"] {
                for l in h[f].as_array().unwrap() {
                    assert_eq!(keys(l), set(&["value", "label"]), "{f}: {l}");
                }
            }
            for r in h["related"].as_array().unwrap() {
                assert_eq!(keys(r), set(&["id", "kind", "title"]), "{r}");
            }
        }
    }
}

#[test]
fn hit_fields_are_the_records_fields() {
    let dir = directory();
    for lang in [Lang::It, Lang::En] {
        let resp = search(index(), &SearchRequest { lang, ..all("") });
        assert_eq!(resp.hits.len(), dir.records.len());
        for h in &resp.hits {
            let r = record(dir, &h.id);
            assert_eq!(h.kind, r.kind);
            assert_eq!(h.url, r.url);
            assert_eq!(h.city, r.city);
            assert_eq!(h.lang, r.lang);
            let sorted = |v: &Vec<String>| {
                v.iter()
                    .cloned()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect::<Vec<_>>()
            };
            let vals = |l: &Vec<ricerca::response::Label>| {
                l.iter().map(|x| x.value.clone()).collect::<Vec<_>>()
            };
            assert_eq!(sorted(&vals(&h.region)), sorted(&r.regions), "{}", h.id);
            assert_eq!(sorted(&vals(&h.country)), sorted(&r.countries), "{}", h.id);
            assert_eq!(sorted(&vals(&h.sector)), sorted(&r.sectors), "{}", h.id);
            // Browsing: the snippet is the start of the summary, nothing highlighted.
            let summary = r.summary.clone().unwrap_or_default();
            if summary.chars().count() <= 180 {
                assert_eq!(h.snippet, summary, "{}", h.id);
            } else {
                let body = h
                    .snippet
                    .strip_suffix('…')
                    .unwrap_or_else(|| panic!("{}: cut snippet must end with …", h.id));
                assert!(summary.starts_with(body), "{}: {:?}", h.id, h.snippet);
                assert!(body.chars().count() <= 180);
            }
            assert!(h.highlights.title.is_empty() && h.highlights.snippet.is_empty());
        }
    }
}

/// Checks every highlight of `resp` points at a word whose folded form starts
/// with one of `words` or shares its stem, and that every word of the title matching the query
/// (equal to a word, or starting with the last word when it is a prefix) is
/// highlighted.
fn assert_highlights_point_at(query: &str, words: &[&str]) {
    let last_prefix = !query.ends_with(' ');
    let resp = search(index(), &all(query));
    assert!(resp.total > 0, "{query:?}");
    let mut highlighted = 0;
    for h in &resp.hits {
        for (text, ranges) in [
            (&h.title, &h.highlights.title),
            (&h.snippet, &h.highlights.snippet),
        ] {
            let len = text.chars().count() as u32;
            for w in ranges.windows(2) {
                assert!(
                    w[0][1] < w[1][0],
                    "{}: ranges overlap or unsorted {ranges:?}",
                    h.id
                );
            }
            for &r in ranges {
                assert!(
                    r[0] < r[1] && r[1] <= len,
                    "{}: range {r:?} outside {text:?}",
                    h.id
                );
                let word = slice_chars(text, r);
                let f = folded(&word);
                // A word with the same stem is a match too (`University` for `universita`).
                let stem = ricerca::stem::stem;
                assert!(
                    words
                        .iter()
                        .any(|w| f.starts_with(w) || stem(&f) == stem(w)),
                    "{}: {query:?} highlights {word:?} in {text:?}",
                    h.id
                );
                // The range covers the whole word: the characters around it are not letters.
                let chars: Vec<char> = text.chars().collect();
                assert!(
                    r[0] == 0 || !chars[r[0] as usize - 1].is_alphanumeric(),
                    "{}: {word:?} starts mid-word in {text:?}",
                    h.id
                );
                assert!(
                    r[1] == len || !chars[r[1] as usize].is_alphanumeric(),
                    "{}: {word:?} ends mid-word in {text:?}",
                    h.id
                );
                highlighted += 1;
            }
        }
        // Completeness on the title: every word matching the query is highlighted.
        let want: Vec<[u32; 2]> =
            ricerca::text::tokenize(&ricerca::unicode_fold::UnicodeFolder, &h.title)
                .into_iter()
                .filter(|t| {
                    words.iter().enumerate().any(|(i, w)| {
                        t.term == *w
                            || (last_prefix && i + 1 == words.len() && t.term.starts_with(w))
                    })
                })
                .map(|t| [t.start, t.end])
                .collect();
        for r in want {
            assert!(
                h.highlights
                    .title
                    .iter()
                    .any(|x| x[0] <= r[0] && r[1] <= x[1]),
                "{}: {r:?} not highlighted in {:?}",
                h.id,
                h.title
            );
        }
    }
    assert!(highlighted > 0, "{query:?}: nothing highlighted");
}

#[test]
fn highlight_ranges_point_at_the_matched_words() {
    assert_highlights_point_at("rosatom", &["rosatom"]);
    assert_highlights_point_at("universita", &["universita"]);
    assert_highlights_point_at("cell factory", &["cell", "factory"]);
    assert_highlights_point_at("taranto", &["taranto"]);
    assert_highlights_point_at("puglia ", &["puglia"]);
}

#[test]
fn highlight_ranges_are_code_points_not_bytes() {
    // Also when the word was matched with a typo ("rosatm").
    for q in ["rosatom", "rosatm"] {
        let resp = search(index(), &all(q));
        let h = resp.hits.iter().find(|h| h.id == "rosatom").unwrap();
        assert_eq!(h.title, "Rosatom");
        assert_eq!(h.highlights.title, vec![[0, 7]], "{q}");
    }

    // "Università di Pisa": "Università" is 10 code points but 11 bytes.
    let resp = search(index(), &all("pisa"));
    let h = resp
        .hits
        .iter()
        .find(|h| h.id == "universita-di-pisa")
        .expect("pisa finds universita-di-pisa");
    assert_eq!(h.title, "Università di Pisa");
    assert_eq!(h.highlights.title, vec![[14, 18]]);
    assert_eq!(slice_chars(&h.title, [14, 18]), "Pisa");

    // Characters outside the BMP count as one code point (not two UTF-16 units).
    let tmp = temp_dir("hits-astral");
    std::fs::write(
        tmp.join("records.toml"),
        "[[record]]\nid = \"astral\"\nkind = \"partner\"\nname = \"🙂𝔸 Zelkova Città\"\nsummary = \"Prima 🙂🙂 poi Zelkova e Città.\"\ncountry = [\"IT\"]\nsectors = [\"biotech\"]\nsource = [\"t\"]\n",
    )
    .unwrap();
    let (_, idx) = build_from(&[fixture("vocab"), tmp]);
    let resp = search(&idx, &all("zelkova citta"));
    assert_eq!(ids(&resp), ["astral"]);
    let h = &resp.hits[0];
    assert_eq!(h.highlights.title, vec![[3, 10], [11, 16]]);
    assert_eq!(slice_chars(&h.title, [3, 10]), "Zelkova");
    assert_eq!(slice_chars(&h.title, [11, 16]), "Città");
    assert_eq!(h.highlights.snippet, vec![[13, 20], [23, 28]]);
    assert_eq!(slice_chars(&h.snippet, [13, 20]), "Zelkova");
    assert_eq!(slice_chars(&h.snippet, [23, 28]), "Città");
}

#[test]
fn related_lists_an_initiatives_partners_and_a_partners_initiatives() {
    let dir = directory();
    let related = related_ids(dir);
    let order: Vec<String> = ids(&search(index(), &all("")));
    for lang in [Lang::It, Lang::En] {
        let resp = search(index(), &SearchRequest { lang, ..all("") });
        for h in &resp.hits {
            let got: Vec<String> = h.related.iter().map(|r| r.id.clone()).collect();
            let want = &related[&h.id];
            assert_eq!(
                got.iter().cloned().collect::<BTreeSet<_>>(),
                *want,
                "{}",
                h.id
            );
            assert_eq!(got.len(), want.len(), "{}: duplicates in {got:?}", h.id);
            // In name order, like browsing.
            let pos: Vec<usize> = got
                .iter()
                .map(|id| order.iter().position(|o| o == id).unwrap())
                .collect();
            assert!(
                pos.windows(2).all(|w| w[0] < w[1]),
                "{}: related not in name order: {got:?}",
                h.id
            );
            for r in &h.related {
                let rec = record(dir, &r.id);
                assert_eq!(r.kind, rec.kind);
                assert_ne!(
                    r.kind, h.kind,
                    "{}: related records are of the other kind",
                    h.id
                );
                let title = match (lang, &rec.name_en) {
                    (Lang::En, Some(en)) => en.clone(),
                    _ => rec.name.clone(),
                };
                assert_eq!(r.title, title);
            }
        }
    }
    // Spot check the derived side: every initiative listing rosatom is related to it.
    let listing: BTreeSet<String> = dir
        .records
        .iter()
        .filter(|r| r.partners.iter().any(|p| p == "rosatom"))
        .map(|r| r.id.clone())
        .collect();
    assert!(listing.len() >= 2);
    let resp = search(index(), &all("rosatom"));
    let h = resp.hits.iter().find(|h| h.id == "rosatom").unwrap();
    assert_eq!(h.kind, Kind::Partner);
    assert_eq!(
        h.related
            .iter()
            .map(|r| r.id.clone())
            .collect::<BTreeSet<_>>(),
        listing
    );
    assert!(h.related.iter().all(|r| r.kind == Kind::Initiative));
}
