//! Browser bindings: a thin `wasm-bindgen` layer over [`Index`].
//!
//! Results cross to JavaScript as JSON text ([`crate::json`]), parsed by
//! `JSON.parse`: exactly the values `ricerca search --json` prints. The JS loader folds the query with
//! `String.prototype.normalize('NFKD')` first; case and elisions are folded here.

use crate::json::{to_json, Json};
use crate::model::{Facet, Lang};
use crate::{Index, IndexError, SearchRequest};
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: crate::wasm_alloc::WasmAllocator = crate::wasm_alloc::WasmAllocator::new();

/// A loaded index, ready to search.
#[wasm_bindgen]
pub struct Engine {
    index: Index,
}

/// Reads `obj[key]`; `undefined` when `obj` is not an object.
fn get(obj: &JsValue, key: &str) -> JsValue {
    if obj.is_object() {
        Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// A non-negative whole number option, or `default` when absent.
fn number(obj: &JsValue, key: &str, default: usize) -> Result<usize, JsValue> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(default);
    }
    match v.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok(n.min(u32::MAX as f64) as usize),
        _ => Err(js_error(
            "bad-options",
            &crate::codec::cat(&["options.", key, " must be a whole number >= 0"]),
        )),
    }
}

/// A filter: an array of strings (or one string), or absent.
fn strings(filters: &JsValue, key: &str) -> Result<Vec<String>, JsValue> {
    let v = get(filters, key);
    if v.is_undefined() || v.is_null() {
        return Ok(Vec::new());
    }
    if let Some(s) = v.as_string() {
        return Ok(vec![s]);
    }
    if Array::is_array(&v) {
        let array = Array::from(&v);
        let mut items = Vec::new();
        for i in 0..array.length() {
            match array.get(i).as_string() {
                Some(s) => items.push(s),
                None => return Err(bad_filter(key)),
            }
        }
        return Ok(items);
    }
    Err(bad_filter(key))
}

fn bad_filter(key: &str) -> JsValue {
    js_error(
        "bad-options",
        &crate::codec::cat(&["options.filters.", key, " must be an array of strings"]),
    )
}

fn js_error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(&crate::codec::cat(&["ricerca: ", message]));
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

fn index_error(e: &IndexError) -> JsValue {
    let err = js_error(e.code(), &e.message());
    if let IndexError::MissingShards { files } = e {
        let _ = Reflect::set(&err, &JsValue::from_str("files"), &parse(files));
    }
    err
}

/// `value` as a plain JS value: its JSON text ([`crate::json`]) through
/// `JSON.parse`, which never fails on it.
fn parse(value: &dyn Json) -> JsValue {
    js_sys::JSON::parse(&to_json(value)).unwrap_or(JsValue::NULL)
}

#[wasm_bindgen]
impl Engine {
    /// Loads an index from the bytes of an index file; throws an `Error` with a
    /// `code` of `truncated`, `bad-magic`, `bad-version` or `corrupt`.
    pub fn load(bytes: &[u8]) -> Result<Engine, JsValue> {
        Index::from_bytes(bytes)
            .map(|index| Engine { index })
            .map_err(|e| index_error(&e))
    }

    /// Names of the separate shard files not added yet (an empty array for a
    /// one-file index); build tools use it to copy an index's files.
    pub fn missing_shards(&self) -> JsValue {
        parse(&self.index.missing_shards())
    }

    /// Adds a shard file fetched from beside the root; throws on a file that does
    /// not belong to this index.
    pub fn add_shard(&mut self, name: &str, bytes: &[u8]) -> Result<(), JsValue> {
        self.index
            .add_shard(name, bytes)
            .map_err(|e| index_error(&e))
    }

    /// Searches; `options` is `{filters: {region, country, sector, kind}, limit,
    /// offset, lang, facet_limit, fetch_budget, facet_query}` (`facet_query`:
    /// `{country: 'sviz'}` lists only that facet's values whose code or label
    /// matches the text, see [`crate::facet_query`]).
    ///
    /// On a sharded index this throws an error with code `missing-shards` and a
    /// `files` array when shards must be fetched first: add them with
    /// [`Engine::add_shard`] and search again with `fetch_budget` lowered by
    /// the number fetched (it starts at [`crate::fetch::FETCH_BUDGET`]); at 0
    /// the response comes with `partial: true` and the `pending` files.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let mut request = SearchRequest::new(query);
        let filters = get(&options, "filters");
        let fq = get(&options, "facet_query");
        for f in Facet::ALL {
            request.filters[f.index()] = strings(&filters, f.as_str())?;
            if let Some(text) = strings(&fq, f.as_str())?.pop() {
                request.facet_query = Some((f, text));
            }
        }
        request.limit = number(&options, "limit", 10)?;
        request.offset = number(&options, "offset", 0)?;
        request.facet_limit = number(
            &options,
            "facet_limit",
            crate::response::DEFAULT_FACET_LIMIT,
        )?;
        request.fetch_budget = number(&options, "fetch_budget", request.fetch_budget)?;
        request.lang = get(&options, "lang")
            .as_string()
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or_default();
        let response = self.index.search(&request).map_err(|e| index_error(&e))?;
        Ok(parse(&response))
    }

    /// `{records, terms, format_version, index_version, shards, shards_loaded,
    /// fetch_budget}` of the loaded index (`index_version`: the ricerca
    /// version that wrote it, `"0.2.0"`).
    pub fn info(&self) -> JsValue {
        let (shards, shards_loaded) = self.index.shard_counts();
        parse(&crate::json::Fields(&[
            ("records", &self.index.len()),
            ("terms", &self.index.term_count()),
            ("format_version", &(crate::format::FORMAT_VERSION as usize)),
            ("index_version", &self.index.writer_version()),
            ("shards", &shards),
            ("shards_loaded", &shards_loaded),
            ("fetch_budget", &crate::fetch::FETCH_BUDGET),
        ]))
    }
}
