//! The hand-written JSON of a response (what the browser build hands to
//! `JSON.parse`) is byte for byte `serde_json::to_string` of the same response,
//! so the browser gets exactly the values the CLI's `--json` prints.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use ricerca::json::{to_json, Json};
use ricerca::model::{Facet, Kind, Lang};
use ricerca::response::{FacetCount, Highlights, Hit, Label, Related};
use ricerca::{SearchRequest, SearchResponse};

fn same_as_serde(resp: &SearchResponse) {
    assert_eq!(
        to_json(resp),
        serde_json::to_string(resp).unwrap(),
        "query {:?}",
        resp.query
    );
}

#[test]
fn real_responses_are_written_as_serde_json_writes_them() {
    let mut requests = vec![
        all(""),
        SearchRequest::new("rosatm"),
        SearchRequest::new("children's hospital rome"),
        SearchRequest::new("ospedali").filter(Facet::Country, "IT"),
        SearchRequest::new("zzzzqqq"),
    ];
    let mut en = SearchRequest::new("università");
    en.lang = Lang::En;
    en.facet_limit = 0;
    requests.push(en);
    let mut checked_hits = 0;
    for req in &requests {
        let resp = search(index(), req);
        checked_hits += resp.hits.len();
        same_as_serde(&resp);
    }
    assert!(
        checked_hits > 66,
        "every record's hit was written ({checked_hits})"
    );
}

fn hit(title: &str, snippet: &str, score: f64) -> Hit {
    Hit {
        id: "r\"1".into(),
        kind: Kind::Initiative,
        kind_label: "Iniziativa".into(),
        title: title.into(),
        url: Some("https://example.org/a?b=1&c=\\".into()),
        score,
        snippet: snippet.into(),
        highlights: Highlights {
            title: vec![[0, 3], [5, 9]],
            snippet: vec![],
        },
        region: vec![Label {
            value: "IT-25".into(),
            label: "Lombardia".into(),
        }],
        country: vec![],
        sector: vec![],
        city: None,
        lang: Some("it".into()),
        related: vec![Related {
            id: "p".into(),
            kind: Kind::Partner,
            title: "Partner ü".into(),
        }],
    }
}

#[test]
fn escapes_optional_fields_and_partial_answers_match_serde_json() {
    let mut resp = search(index(), &SearchRequest::new("rosatm"));
    resp.hits = vec![
        hit(
            "tab\there \"quoted\" back\\slash",
            "line\nfeed\r\u{8}\u{c}\u{1}\u{1f}\u{7f}",
            0.0,
        ),
        hit("Università — 東京 😀", "", 13.125),
        hit("", "/slash </script>", 2.5),
    ];
    resp.facets.kind.push(FacetCount {
        value: "x".into(),
        label: "\u{0}".into(),
        count: 0,
        selected: true,
    });
    resp.partial = true;
    resp.pending = vec!["index.t3.bin".into(), "index.d0.bin".into()];
    resp.left_out = vec!["children's".into()];
    same_as_serde(&resp);
    resp.partial = false;
    same_as_serde(&resp);
    resp.pending.clear();
    resp.hits.clear();
    same_as_serde(&resp);
}

#[test]
fn scores_in_thousandths_print_as_serde_json_prints_them() {
    // Every score below 200 exactly, then larger ones growing by half.
    let mut ks: Vec<u64> = (0..200_000).collect();
    let mut k = 200_000u64;
    while k < 1 << 40 {
        ks.push(k);
        k = k * 3 / 2 + 7;
    }
    for k in ks {
        // As the engine rounds a score (src/search/hits.rs).
        let score = k as f64 / 1000.0;
        let mut text = String::new();
        score.write(&mut text);
        assert_eq!(
            text,
            serde_json::to_string(&score).unwrap(),
            "{k} thousandths"
        );
    }
    for odd in [f64::NAN, f64::INFINITY, -0.0, -1.5] {
        let mut text = String::new();
        odd.write(&mut text);
        assert_eq!(text, serde_json::to_string(&odd).unwrap(), "{odd}");
    }
}
