//! The browser bindings, run in headless Chromium by `make test-wasm`
//! (wasm-pack test --chrome). Uses the index of data/ in one file, which
//! `make test-wasm` builds (`--shards never`; fetching shard files is the
//! loader's job, tested end to end in tests/e2e/sharded.test.mjs).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array};
use ricerca::wasm::Engine;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const INDEX: &[u8] = include_bytes!("../target/wasm-test-index.bin");

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn options(filters: &[(&str, &[&str])], lang: &str) -> JsValue {
    let o = Object::new();
    let f = Object::new();
    for (facet, values) in filters {
        let arr = Array::new();
        for v in *values {
            arr.push(&JsValue::from_str(v));
        }
        Reflect::set(&f, &JsValue::from_str(facet), &arr).unwrap();
    }
    Reflect::set(&o, &JsValue::from_str("filters"), &f).unwrap();
    Reflect::set(&o, &JsValue::from_str("lang"), &JsValue::from_str(lang)).unwrap();
    o.into()
}

#[wasm_bindgen_test]
fn a_typo_finds_rosatom_as_a_plain_object() {
    let engine = Engine::load(INDEX).unwrap();
    let r = engine.search("rosatm", JsValue::UNDEFINED).unwrap();
    assert!(
        Object::get_prototype_of(&r) == Object::get_prototype_of(&Object::new().into()),
        "a plain object, not a Map"
    );
    let hits = Array::from(&get(&r, "hits"));
    assert_eq!(
        get(&hits.get(0), "id").as_string().as_deref(),
        Some("rosatom")
    );
    assert_eq!(get(&r, "query").as_string().as_deref(), Some("rosatm"));
    // null, not undefined, for a missing url: the same JSON as the CLI.
    assert!(get(&hits.get(0), "url").is_null());
}

#[wasm_bindgen_test]
fn filters_and_language_cross_the_boundary() {
    let engine = Engine::load(INDEX).unwrap();
    let all = engine.search("", JsValue::UNDEFINED).unwrap();
    let lombardy = engine
        .search("", options(&[("region", &["IT-25"])], "en"))
        .unwrap();
    let total_all = get(&all, "total").as_f64().unwrap();
    let total_lom = get(&lombardy, "total").as_f64().unwrap();
    assert!(total_lom > 0.0 && total_lom < total_all);
    let countries = Array::from(&get(&get(&lombardy, "facets"), "country"));
    let italy = countries
        .iter()
        .find(|c| get(c, "value").as_string().as_deref() == Some("IT"))
        .unwrap();
    assert_eq!(get(&italy, "label").as_string().as_deref(), Some("Italy"));
    let regions = Array::from(&get(&get(&lombardy, "facets"), "region"));
    let selected: Vec<JsValue> = regions
        .iter()
        .filter(|c| get(c, "selected").as_bool() == Some(true))
        .collect();
    assert_eq!(selected.len(), 1);
    assert_eq!(get(&selected[0], "count").as_f64(), Some(total_lom));
}

#[wasm_bindgen_test]
fn bad_indexes_throw_errors_with_codes() {
    let code = |bytes: &[u8]| {
        let err = Engine::load(bytes).err().expect("refused");
        let msg = get(&err, "message").as_string().unwrap();
        assert!(msg.starts_with("ricerca: "), "{msg}");
        get(&err, "code").as_string().unwrap()
    };
    assert_eq!(code(b""), "truncated");
    assert_eq!(code(b"<!doctype html><html>not found</html>"), "bad-magic");
    assert_eq!(code(&INDEX[..INDEX.len() / 2]), "truncated");
    let mut flipped = INDEX.to_vec();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0xff;
    assert_eq!(code(&flipped), "corrupt");
    let mut other = INDEX.to_vec();
    other[8] = 99;
    let crc = ricerca::codec::crc32(&other[..28]);
    other[28..32].copy_from_slice(&crc.to_le_bytes());
    assert_eq!(code(&other), "bad-version");
    let _ = Uint8Array::new_with_length(0);
}

#[wasm_bindgen_test]
fn bad_options_are_errors_not_panics() {
    let engine = Engine::load(INDEX).unwrap();
    let o = Object::new();
    Reflect::set(&o, &JsValue::from_str("limit"), &JsValue::from_f64(-1.0)).unwrap();
    let err = engine.search("x", o.into()).err().unwrap();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("bad-options")
    );
    let long: String = "ä🙂<img src=x>".repeat(2000);
    assert!(engine.search(&long, JsValue::UNDEFINED).is_ok());
}
