//! The optional per-record `lang` field: read from every format, validated as a
//! BCP 47 primary language tag, stored in the index and carried to the hit.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use ricerca::builder::{build_index, ShardPolicy};
use ricerca::data::geo::Geo;
use ricerca::{Index, SearchRequest};

fn folder(files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = temp_dir("lang");
    std::fs::copy(
        fixture("vocab").join("sectors.toml"),
        dir.join("sectors.toml"),
    )
    .unwrap();
    for (n, text) in files {
        std::fs::write(dir.join(n), text).unwrap();
    }
    dir
}

#[test]
fn lang_is_read_from_every_format_and_carried_to_the_hit() {
    let dir = folder(&[
        (
            "a.toml",
            "[[record]]\nid = \"t1\"\nkind = \"partner\"\nname = \"Ente toscano\"\ncountry = \"IT\"\nsectors = \"oncology\"\nsource = \"t\"\nlang = \"it\"\n",
        ),
        (
            "b.jsonl",
            "{\"id\":\"j1\",\"kind\":\"partner\",\"name\":\"Ente inglese\",\"country\":\"GB\",\"sectors\":\"oncology\",\"source\":\"t\",\"lang\":\"EN\"}\n",
        ),
        (
            "c.csv",
            "id,kind,name,country,sectors,source,lang\nc1,partner,Ente friulano,IT,oncology,t,fur\nc2,partner,Ente senza lingua,IT,oncology,t,\n",
        ),
    ]);
    let data = ricerca::data::load(&[dir]).unwrap();
    let built = build_index(
        &data,
        &Geo::builtin(),
        ShardPolicy::default(),
        "i",
        &|_, _| {},
    );
    let index = Index::from_bytes(&built.root).unwrap();
    let found = index
        .search(&SearchRequest {
            limit: 10,
            ..SearchRequest::new("ente")
        })
        .unwrap();
    let mut langs: Vec<(String, Option<String>)> = found
        .hits
        .iter()
        .map(|h| (h.id.clone(), h.lang.clone()))
        .collect();
    langs.sort();
    assert_eq!(
        langs,
        [
            ("c1".to_string(), Some("fur".to_string())),
            ("c2".to_string(), None),
            ("j1".to_string(), Some("en".to_string())),
            ("t1".to_string(), Some("it".to_string())),
        ]
    );
}

#[test]
fn a_lang_that_is_not_a_language_tag_is_located() {
    let dir = folder(&[(
        "b.jsonl",
        "{\"id\":\"j1\",\"kind\":\"partner\",\"name\":\"A\",\"country\":\"IT\",\"sectors\":\"oncology\",\"source\":\"t\",\"lang\":\"italiano\"}\n",
    )]);
    let o = ricerca(["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("b.jsonl:1:1: record \"j1\", field \"lang\": \"italiano\" is not a language tag; expected a BCP 47 primary language tag of 2 or 3 letters, like \"it\" or \"en\""),
        "{}",
        stderr(&o)
    );
}
