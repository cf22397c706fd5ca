//! Hostile and odd queries never panic, through the library and the CLI, and
//! paging with huge limits and offsets is safe.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use ricerca::model::Facet;
use ricerca::SearchRequest;
use std::panic::{catch_unwind, AssertUnwindSafe};

fn nasty_queries() -> Vec<(String, String)> {
    let words = [
        "cell",
        "factory",
        "universita",
        "rosatom",
        "puglia",
        "oncologia",
        "ricerca",
        "xyz",
        "taranto",
        "milano",
    ];
    let two_hundred: Vec<&str> = (0..200).map(|i| words[i % words.len()]).collect();
    vec![
        ("empty".into(), String::new()),
        ("spaces".into(), "     ".into()),
        ("10000 characters".into(), "a".repeat(10_000)),
        ("10000 accented characters".into(), "è".repeat(10_000)),
        (
            "10000 characters of words".into(),
            "cell factory ".repeat(800),
        ),
        (
            "punctuation only".into(),
            "!!! ??? ... ,,, ;;; --- ''' \"\" ()[]{} /\\ @#$%^&*_+=|~`".into(),
        ),
        ("html".into(), "<img src=x onerror=alert(1)>".into()),
        (
            "script".into(),
            "</script><script>alert('x')</script>".into(),
        ),
        ("emoji".into(), "🙂🚀👩‍🔬🇮🇹 ❤️ 🏳️‍🌈".into()),
        ("emoji around a word".into(), "🙂rosatom🙂".into()),
        (
            "mixed scripts".into(),
            "Москва 北京大学 جامعة Università ελληνικά हिन्दी".into(),
        ),
        ("200 words".into(), two_hundred.join(" ")),
        (
            "control characters".into(),
            "\u{0}\u{1}\t\r\n\u{7f}cell\u{200b}\u{feff}".into(),
        ),
        (
            "combining marks only".into(),
            "\u{301}\u{301}\u{308}".into(),
        ),
        (
            "lone apostrophes and hyphens".into(),
            "' ’ - – dell' l' -cell- car--t".into(),
        ),
        ("long single word".into(), "x".repeat(300)),
        ("long fuzzy word".into(), "universitaa".repeat(3)),
        ("trailing elision".into(), "dell'".into()),
        ("right-to-left marks".into(), "\u{202e}cell\u{202c}".into()),
        (
            "surrogate-like private use".into(),
            "\u{e000}\u{f8ff}\u{10ffff}".into(),
        ),
    ]
}

#[test]
fn the_library_never_panics_on_odd_queries() {
    let idx = index();
    let mut failures = Vec::new();
    for (name, q) in nasty_queries() {
        for lang in [ricerca::model::Lang::It, ricerca::model::Lang::En] {
            let req = SearchRequest { lang, ..all(&q) }
                .filter(Facet::Region, "IT-25")
                .filter(Facet::Region, &q);
            for r in [all(&q), req] {
                match catch_unwind(AssertUnwindSafe(|| idx.search(&r))) {
                    Err(_) => failures.push(format!("{name}: panicked")),
                    Ok(Err(e)) => failures.push(format!("{name}: error {e}")),
                    Ok(Ok(resp)) => {
                        if resp.query != q {
                            failures.push(format!("{name}: query not echoed"));
                        }
                        if resp.hits.len() > resp.total {
                            failures.push(format!("{name}: more hits than total"));
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn queries_without_words_browse_everything() {
    for q in ["", "   ", "!!! ???", "🙂🚀", "<>", "''", "- –"] {
        let resp = search(index(), &all(q));
        assert_eq!(resp.total, directory().records.len(), "{q:?}");
    }
}

#[test]
fn markup_in_the_query_is_only_words() {
    // "<img src=x onerror=alert(1)>" is the words img, src, x, onerror, alert, 1: nothing matches them all.
    let resp = search(index(), &all("<img src=x onerror=alert(1)>"));
    assert_eq!(resp.total, 0);
    let cli = cli_search(index_file(), "<img src=x onerror=alert(1)>", &[]);
    assert_eq!(cli["query"], "<img src=x onerror=alert(1)>");
    assert_eq!(cli["total"], 0);
}

#[test]
fn a_200_word_query_and_a_10000_character_query_answer() {
    let many = vec!["cell"; 200].join(" ");
    let one = search(index(), &all("cell"));
    let resp = search(index(), &all(&many));
    assert_eq!(
        ids(&resp),
        ids(&one),
        "a repeated word matches like the word"
    );
    let long = format!("{} rosatom", "a".repeat(10_000));
    let resp = search(index(), &all(&long));
    assert!(resp.total <= directory().records.len());
}

#[test]
fn the_cli_never_panics_on_odd_queries() {
    let path = index_file().display().to_string();
    for (name, q) in nasty_queries() {
        if q.contains('\0') {
            continue; // cannot be passed as a command-line argument
        }
        for json in [true, false] {
            let mut args = vec!["search".to_string(), path.clone()];
            if json {
                args.push("--json".into());
            }
            args.extend(["--".to_string(), q.clone()]);
            let o = ricerca(&args);
            assert_no_panic(&o, &name);
            assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
            if json {
                let v: serde_json::Value =
                    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(v["query"].as_str(), Some(q.as_str()), "{name}");
            }
        }
    }
}

#[test]
fn pages_tile_the_full_list_when_browsing_and_searching_with_filters() {
    // Browsing keeps only the requested page while counting the rest; a search
    // ranks everything first. Either way, consecutive pages make up the full list.
    let region = |r: SearchRequest| r.filter(Facet::Region, "IT-25");
    let country = |r: SearchRequest| r.filter(Facet::Country, "IT");
    for (q, narrow) in [
        ("", region as fn(SearchRequest) -> SearchRequest),
        ("", country),
        ("cell", country),
        ("univ", country),
    ] {
        let full = index()
            .search(&narrow(SearchRequest {
                limit: 1000,
                ..SearchRequest::new(q)
            }))
            .unwrap();
        assert!(full.total > 3, "{q:?}: too few hits to page through");
        for size in [1, 2, 3] {
            let mut paged = Vec::new();
            for offset in (0..full.total + size).step_by(size) {
                let page = index()
                    .search(&narrow(SearchRequest {
                        limit: size,
                        offset,
                        ..SearchRequest::new(q)
                    }))
                    .unwrap();
                assert_eq!(
                    page.total, full.total,
                    "{q:?} page size {size} offset {offset}"
                );
                assert_eq!(
                    page.facets, full.facets,
                    "{q:?}: facet counts do not depend on the page"
                );
                paged.extend(ids(&page));
            }
            assert_eq!(paged, ids(&full), "{q:?} page size {size}");
        }
    }
}

#[test]
fn huge_limit_and_offset_are_safe() {
    let n = directory().records.len();
    let cases = [
        (usize::MAX, 0, n),
        (usize::MAX, usize::MAX, 0),
        (0, usize::MAX, 0),
        (10, n, 0),
        (10, n - 3, 3),
        (0, 0, 0),
        (1_000_000, 1, n - 1),
    ];
    let browse = ids(&search(index(), &all("")));
    for (limit, offset, len) in cases {
        let req = SearchRequest {
            limit,
            offset,
            ..SearchRequest::new("")
        };
        let resp = catch_unwind(AssertUnwindSafe(|| index().search(&req)))
            .unwrap_or_else(|_| panic!("limit {limit} offset {offset} panicked"))
            .unwrap();
        assert_eq!(resp.total, n);
        assert_eq!(resp.hits.len(), len, "limit {limit} offset {offset}");
        let start = offset.min(n);
        assert_eq!(
            ids(&resp),
            browse[start..start + len],
            "limit {limit} offset {offset}"
        );
    }
    // With a query, too.
    let req = SearchRequest {
        limit: usize::MAX,
        offset: usize::MAX - 1,
        ..SearchRequest::new("cell")
    };
    assert!(index().search(&req).unwrap().hits.is_empty());

    let max = u64::MAX.to_string();
    for (limit, offset) in [
        (max.as_str(), "0"),
        ("0", max.as_str()),
        (max.as_str(), max.as_str()),
        ("1000000000", "3"),
    ] {
        let v = cli_search(index_file(), "", &["--limit", limit, "--offset", offset]);
        assert_eq!(v["total"].as_u64(), Some(n as u64));
        let hits = v["hits"].as_array().unwrap().len();
        let want = if offset == "3" {
            n - 3
        } else if offset == "0" {
            n
        } else {
            0
        };
        assert_eq!(hits, want, "--limit {limit} --offset {offset}");
    }
    // Not a number: a usage error, not a panic.
    for bad in ["-1", "1e3", "lots", "99999999999999999999999"] {
        let o = ricerca(["search", index_file().to_str().unwrap(), "", "--limit", bad]);
        assert_no_panic(&o, bad);
        assert_eq!(o.status.code(), Some(2), "--limit {bad}");
    }
}

#[test]
fn paging_covers_every_hit_exactly_once() {
    let everything = ids(&search(index(), &all("ricerca")));
    assert!(everything.len() > 7);
    let mut paged = Vec::new();
    for offset in (0..everything.len() + 5).step_by(3) {
        let req = SearchRequest {
            limit: 3,
            offset,
            ..SearchRequest::new("ricerca")
        };
        paged.extend(ids(&search(index(), &req)));
    }
    assert_eq!(paged, everything);
}
