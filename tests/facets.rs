//! Facets: OR within a facet, AND across facets, disjunctive counts, selected
//! values kept with count 0, ordering, labels per language, the kind facet, and
//! browsing with an empty query. Expected values come from the data files.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use ricerca::model::{Facet, Kind, Lang, Record};
use ricerca::response::FacetCount;
use ricerca::SearchRequest;
use std::collections::{BTreeMap, BTreeSet};

fn has(r: &Record, facet: Facet, value: &str) -> bool {
    facet_values(r, facet).iter().any(|v| v == value)
}

/// Records passing `filters` (OR within a facet, AND across), among `base` ids.
fn filtered<'a>(base: &BTreeSet<String>, filters: &[(Facet, &[&str])]) -> Vec<&'a Record> {
    directory()
        .records
        .iter()
        .filter(|r| base.contains(&r.id))
        .filter(|r| {
            filters
                .iter()
                .all(|(f, vals)| vals.iter().any(|v| has(r, *f, v)))
        })
        .collect()
}

fn request(query: &str, filters: &[(Facet, &[&str])]) -> SearchRequest {
    let mut req = all(query);
    for (f, vals) in filters {
        for v in *vals {
            req = req.filter(*f, *v);
        }
    }
    req
}

/// `value -> count` of a facet list.
fn counts(list: &[FacetCount]) -> BTreeMap<String, usize> {
    list.iter().map(|c| (c.value.clone(), c.count)).collect()
}

fn all_ids() -> BTreeSet<String> {
    directory().records.iter().map(|r| r.id.clone()).collect()
}

/// For a response to `query` with `filters`, checks every facet's counts against
/// the data: a facet counts the query's matches passing every *other* facet's filter.
fn assert_disjunctive(query: &str, filters: &[(Facet, &[&str])]) {
    let base = id_set(&search(index(), &all(query)));
    let resp = search(index(), &request(query, filters));
    let want_hits: BTreeSet<String> = filtered(&base, filters)
        .iter()
        .map(|r| r.id.clone())
        .collect();
    assert_eq!(id_set(&resp), want_hits, "hits of {query:?} {filters:?}");
    assert_eq!(resp.total, want_hits.len());
    for facet in Facet::ALL {
        let others: Vec<(Facet, &[&str])> = filters
            .iter()
            .filter(|(f, _)| *f != facet)
            .cloned()
            .collect();
        let mut want = count_values(filtered(&base, &others), facet);
        let selected: Vec<&str> = filters
            .iter()
            .filter(|(f, _)| *f == facet)
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        for v in &selected {
            want.entry(v.to_string()).or_insert(0);
        }
        let list = resp.facets.get(facet);
        assert_eq!(
            counts(list),
            want,
            "{} counts for {query:?} {filters:?}",
            facet.as_str()
        );
        for c in list {
            assert_eq!(
                c.selected,
                selected.contains(&c.value.as_str()),
                "{} {} selected flag",
                facet.as_str(),
                c.value
            );
        }
    }
}

#[test]
fn browsing_lists_every_record_in_name_order_with_total_equal_to_the_record_count() {
    let dir = directory();
    let resp = search(index(), &all(""));
    assert_eq!(resp.total, dir.records.len());
    assert_eq!(resp.total, 66);
    let mut want: Vec<&Record> = dir.records.iter().collect();
    want.sort_by(|a, b| {
        folded(&a.name)
            .cmp(&folded(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    let want: Vec<String> = want.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids(&resp), want);
    assert!(resp.hits.iter().all(|h| h.score == 0.0));
    // The CLI's default page is the first 10 of the same order.
    let cli = cli_search(index_file(), "", &[]);
    assert_eq!(json_ids(&cli), want[..10]);
    assert_eq!(cli["total"].as_u64(), Some(66));
}

#[test]
fn browsing_counts_every_facet_value_of_the_data() {
    let resp = search(index(), &all(""));
    for facet in Facet::ALL {
        assert_eq!(
            counts(resp.facets.get(facet)),
            count_values(&directory().records, facet),
            "{}",
            facet.as_str()
        );
        assert!(resp.facets.get(facet).iter().all(|c| !c.selected));
    }
}

#[test]
fn values_of_one_facet_are_ored() {
    let filters: &[(Facet, &[&str])] = &[(Facet::Region, &["IT-25", "IT-75"])];
    let want: BTreeSet<String> = filtered(&all_ids(), filters)
        .iter()
        .map(|r| r.id.clone())
        .collect();
    let only25: BTreeSet<String> = filtered(&all_ids(), &[(Facet::Region, &["IT-25"])])
        .iter()
        .map(|r| r.id.clone())
        .collect();
    let only75: BTreeSet<String> = filtered(&all_ids(), &[(Facet::Region, &["IT-75"])])
        .iter()
        .map(|r| r.id.clone())
        .collect();
    assert_eq!(want, only25.union(&only75).cloned().collect());
    assert!(want.len() > only25.len() && want.len() > only75.len());
    let resp = search(index(), &request("", filters));
    assert_eq!(id_set(&resp), want);
    let cli = cli_search(
        index_file(),
        "",
        &["--region", "IT-25", "--region", "IT-75", "--limit", "1000"],
    );
    assert_eq!(json_ids(&cli).into_iter().collect::<BTreeSet<_>>(), want);
}

#[test]
fn different_facets_are_anded() {
    let filters: &[(Facet, &[&str])] = &[(Facet::Region, &["IT-25"]), (Facet::Kind, &["partner"])];
    let want: BTreeSet<String> = filtered(&all_ids(), filters)
        .iter()
        .map(|r| r.id.clone())
        .collect();
    let region: BTreeSet<String> = filtered(&all_ids(), &filters[..1])
        .iter()
        .map(|r| r.id.clone())
        .collect();
    assert!(!want.is_empty() && want.len() < region.len());
    let resp = search(index(), &request("", filters));
    assert_eq!(id_set(&resp), want);
    for h in &resp.hits {
        assert_eq!(h.kind, Kind::Partner);
        assert!(h.region.iter().any(|l| l.value == "IT-25"));
    }
    let cli = cli_search(
        index_file(),
        "",
        &["--region", "IT-25", "--kind", "partner", "--limit", "1000"],
    );
    assert_eq!(json_ids(&cli).into_iter().collect::<BTreeSet<_>>(), want);
}

#[test]
fn selecting_lombardy_keeps_other_regions_counts_and_narrows_the_other_facets() {
    let dir = directory();
    let lombardy: Vec<&Record> = dir
        .records
        .iter()
        .filter(|r| r.regions.iter().any(|c| c == "IT-25"))
        .collect();
    assert!(
        lombardy.len() >= 3,
        "data should have several IT-25 records"
    );
    let resp = search(index(), &request("", &[(Facet::Region, &["IT-25"])]));
    assert_eq!(resp.total, lombardy.len());
    assert_eq!(
        id_set(&resp),
        lombardy.iter().map(|r| r.id.clone()).collect()
    );

    // Region counts: the same as with no region filter, so other regions stay > 0.
    let unfiltered = search(index(), &all(""));
    assert_eq!(
        counts(&resp.facets.region),
        counts(&unfiltered.facets.region)
    );
    assert!(resp
        .facets
        .region
        .iter()
        .filter(|c| c.value != "IT-25")
        .all(|c| c.count > 0));
    assert!(resp.facets.region.len() > 1);
    let it25 = resp
        .facets
        .region
        .iter()
        .find(|c| c.value == "IT-25")
        .unwrap();
    assert!(it25.selected);
    assert_eq!(it25.count, lombardy.len());
    assert!(resp
        .facets
        .region
        .iter()
        .filter(|c| c.value != "IT-25")
        .all(|c| !c.selected));

    // Country, sector and kind counts shrink to the Lombardy subset.
    for facet in [Facet::Country, Facet::Sector, Facet::Kind] {
        let want = count_values(lombardy.iter().copied(), facet);
        assert_eq!(counts(resp.facets.get(facet)), want, "{}", facet.as_str());
        assert_ne!(
            want,
            count_values(&dir.records, facet),
            "{} should shrink",
            facet.as_str()
        );
    }
}

#[test]
fn counts_are_disjunctive_for_queries_and_several_filters() {
    // No filter: a browse counts every record (the columns' totals), a query its matches.
    assert_disjunctive("", &[]);
    assert_disjunctive("cell", &[]);
    assert_disjunctive("", &[(Facet::Region, &["IT-25"])]);
    assert_disjunctive(
        "",
        &[(Facet::Region, &["IT-25"]), (Facet::Kind, &["partner"])],
    );
    assert_disjunctive(
        "",
        &[
            (Facet::Country, &["IT", "RU"]),
            (Facet::Sector, &["oncology"]),
            (Facet::Kind, &["initiative"]),
        ],
    );
    assert_disjunctive("cell", &[(Facet::Region, &["IT-25"])]);
    assert_disjunctive(
        "universita",
        &[
            (Facet::Country, &["IT"]),
            (Facet::Sector, &["biotech", "oncology"]),
        ],
    );
    assert_disjunctive("puglia", &[(Facet::Kind, &["partner"])]);
}

#[test]
fn a_selected_value_without_matches_stays_listed_with_count_0() {
    let query = "rosatom";
    let base = id_set(&search(index(), &all(query)));
    assert!(!base.is_empty());
    assert!(
        filtered(&base, &[(Facet::Region, &["IT-25"])]).is_empty(),
        "precondition: no {query} match is in IT-25"
    );
    assert!(index().facet(Facet::Region).find("IT-25").is_some());

    let resp = search(index(), &request(query, &[(Facet::Region, &["IT-25"])]));
    assert_eq!(resp.total, 0);
    assert!(resp.hits.is_empty());
    let it25: Vec<&FacetCount> = resp
        .facets
        .region
        .iter()
        .filter(|c| c.value == "IT-25")
        .collect();
    assert_eq!(it25.len(), 1, "{:?}", resp.facets.region);
    assert_eq!(
        (it25[0].count, it25[0].selected, it25[0].label.as_str()),
        (0, true, "Lombardia")
    );
    // Listed last: count 0 sorts after every value with matches.
    assert_eq!(resp.facets.region.last().unwrap().value, "IT-25");
    assert_disjunctive(query, &[(Facet::Region, &["IT-25"])]);

    // A code the index does not know is listed too, so the user can remove it.
    let resp = search(
        index(),
        &request("", &[(Facet::Sector, &["no-such-sector"])]),
    );
    assert_eq!(resp.total, 0);
    let c = resp
        .facets
        .sector
        .iter()
        .find(|c| c.value == "no-such-sector")
        .expect("unknown selected value listed");
    assert_eq!(
        (c.count, c.selected, c.label.as_str()),
        (0, true, "no-such-sector")
    );
}

#[test]
fn facet_values_are_sorted_by_count_then_label() {
    for (q, lang) in [
        ("", Lang::It),
        ("", Lang::En),
        ("universita", Lang::It),
        ("cell", Lang::En),
    ] {
        let resp = search(
            index(),
            &SearchRequest {
                lang,
                ..request(q, &[(Facet::Region, &["IT-25"])])
            },
        );
        for facet in Facet::ALL {
            let list = resp.facets.get(facet);
            for w in list.windows(2) {
                let ok = w[0].count > w[1].count
                    || (w[0].count == w[1].count && w[0].label <= w[1].label);
                assert!(
                    ok,
                    "{q:?} {lang:?} {}: {:?} before {:?}",
                    facet.as_str(),
                    w[0],
                    w[1]
                );
            }
        }
    }
    // There are ties to order by label.
    let resp = search(index(), &all(""));
    assert!(resp
        .facets
        .region
        .windows(2)
        .any(|w| w[0].count == w[1].count));
}

#[test]
fn labels_follow_the_language() {
    let dir = directory();
    for lang in [Lang::It, Lang::En] {
        let resp = search(index(), &SearchRequest { lang, ..all("") });
        for facet in Facet::ALL {
            for c in resp.facets.get(facet) {
                assert_eq!(
                    c.label,
                    label_of(dir, facet, &c.value, lang),
                    "{} {} {lang:?}",
                    facet.as_str(),
                    c.value
                );
            }
        }
        for h in &resp.hits {
            let r = record(dir, &h.id);
            let title = match (lang, &r.name_en) {
                (Lang::En, Some(en)) => en.clone(),
                _ => r.name.clone(),
            };
            assert_eq!(h.title, title);
            assert_eq!(h.kind_label, r.kind.label(lang));
            for (facet, labels) in [
                (Facet::Region, &h.region),
                (Facet::Country, &h.country),
                (Facet::Sector, &h.sector),
            ] {
                for l in labels {
                    assert_eq!(l.label, label_of(dir, facet, &l.value, lang));
                }
            }
        }
    }
    let label = |args: &[&str]| -> String {
        let v = cli_search(index_file(), "", args);
        let it = v["facets"]["country"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["value"] == "IT")
            .cloned()
            .unwrap();
        it["label"].as_str().unwrap().to_string()
    };
    assert_eq!(label(&[]), "Italia");
    assert_eq!(label(&["--lang", "it"]), "Italia");
    assert_eq!(label(&["--lang", "en"]), "Italy");
    let o = ricerca(["search", index_file().to_str().unwrap(), "", "--lang", "fr"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown language is a usage error"
    );
}

#[test]
fn the_kind_facet_counts_initiatives_and_partners() {
    let dir = directory();
    let initiatives = dir
        .records
        .iter()
        .filter(|r| r.kind == Kind::Initiative)
        .count();
    let partners = dir.records.len() - initiatives;
    for (lang, i_label, p_label) in [
        (Lang::It, "Iniziativa", "Partner"),
        (Lang::En, "Initiative", "Partner"),
    ] {
        let resp = search(index(), &SearchRequest { lang, ..all("") });
        let kinds: Vec<(String, String, usize)> = resp
            .facets
            .kind
            .iter()
            .map(|c| (c.value.clone(), c.label.clone(), c.count))
            .collect();
        let mut want = vec![
            ("initiative".to_string(), i_label.to_string(), initiatives),
            ("partner".to_string(), p_label.to_string(), partners),
        ];
        want.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
        assert_eq!(kinds, want);
    }
    let resp = search(index(), &request("", &[(Facet::Kind, &["initiative"])]));
    assert_eq!(resp.total, initiatives);
    assert!(resp
        .hits
        .iter()
        .all(|h| h.kind == Kind::Initiative && h.kind_label == "Iniziativa"));
    // The kind counts are disjunctive too: both kinds still counted.
    assert_eq!(
        counts(&resp.facets.kind),
        BTreeMap::from([
            ("initiative".into(), initiatives),
            ("partner".into(), partners)
        ])
    );
}
