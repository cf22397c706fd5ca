//! Facet-value queries (`ricerca::facet_query`, `ricerca search --facet-query`): values
//! found by their Italian label, English label or code, with the counts a search gives
//! them (disjunctive within the facet), `total` and `limit`. Expected values come from
//! the engine's own unlimited facet lists and from data/geo.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use ricerca::facet_query::facet_query;
use ricerca::model::Facet;
use ricerca::SearchRequest;

/// The facet list of a search with no limit on values.
fn all_values(req: &SearchRequest, facet: Facet) -> Vec<ricerca::response::FacetCount> {
    let req = SearchRequest {
        facet_limit: 0,
        ..req.clone()
    };
    search(index(), &req).facets.get(facet).clone()
}

fn codes(found: &ricerca::facet_query::FacetMatches) -> Vec<&str> {
    found.values.iter().map(|c| c.value.as_str()).collect()
}

#[test]
fn a_country_is_found_by_its_italian_and_english_name_and_its_code() {
    let req = SearchRequest::new("");
    for text in ["sviz", "Svizzera", "switz", "SWITZERLAND", "ch"] {
        let found = facet_query(index(), &req, Facet::Country, text, 0).unwrap();
        assert!(
            codes(&found).contains(&"CH"),
            "{text:?} finds CH: {:?}",
            codes(&found)
        );
    }
    let found = facet_query(index(), &req, Facet::Country, "svizzera", 0).unwrap();
    assert_eq!(codes(&found), ["CH"]);
    let want = all_values(&req, Facet::Country);
    let ch = want.iter().find(|c| c.value == "CH").unwrap();
    assert_eq!(
        found.values[0], *ch,
        "the same count and label as the search's list"
    );
}

#[test]
fn a_word_inside_a_label_matches_and_nothing_else_does() {
    let req = SearchRequest::new("");
    // "Emilia-Romagna": the word after the hyphen.
    let found = facet_query(index(), &req, Facet::Region, "romag", 0).unwrap();
    assert_eq!(codes(&found), ["IT-45"]);
    let none = facet_query(index(), &req, Facet::Region, "zzqx", 0).unwrap();
    assert_eq!((none.total, none.values.len()), (0, 0));
}

#[test]
fn counts_follow_the_query_and_other_facets_but_not_the_facets_own_filter() {
    let mut req = SearchRequest::new("cell");
    req.filters[Facet::Country.index()] = vec!["IT".into()];
    // Every Italian region matching "l" (Lombardia, Lazio, Liguria…) with the counts
    // the search lists for the same request.
    let found = facet_query(index(), &req, Facet::Region, "l", 0).unwrap();
    let want: Vec<_> = all_values(&req, Facet::Region)
        .into_iter()
        .filter(|c| found.values.iter().any(|f| f.value == c.value))
        .collect();
    assert_eq!(found.values, want);
    assert!(found.total > 0);
    // Disjunctive: filtering on a country leaves the country counts as without it.
    let countries = facet_query(index(), &req, Facet::Country, "", 0).unwrap();
    let mut without = req.clone();
    without.filters[Facet::Country.index()].clear();
    let unfiltered = facet_query(index(), &without, Facet::Country, "", 0).unwrap();
    assert_eq!(
        countries.values.iter().map(|c| c.count).collect::<Vec<_>>(),
        unfiltered
            .values
            .iter()
            .map(|c| c.count)
            .collect::<Vec<_>>()
    );
}

#[test]
fn limit_cuts_the_list_and_total_counts_every_match() {
    let req = SearchRequest::new("");
    let every = facet_query(index(), &req, Facet::Region, "", 0).unwrap();
    assert_eq!(every.total, all_values(&req, Facet::Region).len());
    assert!(every.total > 3);
    let three = facet_query(index(), &req, Facet::Region, "", 3).unwrap();
    assert_eq!(three.total, every.total);
    assert_eq!(three.values, every.values[..3]);
}

#[test]
fn the_cli_answers_facet_queries() {
    let dir = temp_dir("facet-query-cli");
    let idx = dir.join("index.bin");
    let b = ricerca([
        "build",
        data_dir().to_str().unwrap(),
        "-o",
        idx.to_str().unwrap(),
        "-q",
    ]);
    assert!(b.status.success(), "{}", stderr(&b));
    let o = ricerca([
        "search",
        idx.to_str().unwrap(),
        "",
        "--facet-query",
        "country=switz",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["total"], 1);
    assert_eq!(v["values"][0]["value"], "CH");
    let bad = ricerca([
        "search",
        idx.to_str().unwrap(),
        "",
        "--facet-query",
        "planet=mars",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("--facet-query expects FACET=TEXT"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn a_search_says_how_many_values_each_facet_had_before_its_cut() {
    let every = search(
        index(),
        &SearchRequest {
            facet_limit: 0,
            ..SearchRequest::new("")
        },
    );
    let cut = search(
        index(),
        &SearchRequest {
            facet_limit: 3,
            ..SearchRequest::new("")
        },
    );
    for f in Facet::ALL {
        let n = every.facets.get(f).len();
        assert_eq!(cut.facet_totals[f.index()] as usize, n, "{f:?}");
        assert_eq!(every.facet_totals[f.index()] as usize, n, "{f:?}");
        assert_eq!(cut.facets.get(f).len(), n.min(3), "{f:?}");
    }
    assert!(every.facets.get(Facet::Region).len() > 3);
}

#[test]
fn the_search_option_lists_only_the_matching_values_of_one_facet() {
    // What the browser asks (`facet_query: {country: 'switz'}`): the English label
    // matches in the Italian answer, the other facets stay whole.
    let req = SearchRequest {
        facet_query: Some((Facet::Country, "switz".into())),
        ..SearchRequest::new("")
    };
    let res = search(index(), &req);
    let codes: Vec<_> = res
        .facets
        .country
        .iter()
        .map(|c| c.value.as_str())
        .collect();
    assert_eq!(codes, ["CH"]);
    assert_eq!(res.facets.country[0].label, "Svizzera");
    assert_eq!(res.facet_totals[Facet::Country.index()], 1);
    let whole = search(index(), &SearchRequest::new(""));
    assert_eq!(res.facets.region, whole.facets.region);
}
