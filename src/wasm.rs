//! Browser bindings: a thin `wasm-bindgen` layer over [`Index`].
//!
//! Results cross to JavaScript through `serde-wasm-bindgen` in exactly the shape
//! `ricerca search --json` prints. The JS loader folds the query with
//! `String.prototype.normalize('NFKD')` first; case and elisions are folded here.

use crate::model::{Facet, Lang};
use crate::{Index, IndexError, SearchRequest};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// A loaded index, ready to search.
#[wasm_bindgen]
pub struct Engine {
    index: Index,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Filters {
    region: Vec<String>,
    country: Vec<String>,
    sector: Vec<String>,
    kind: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Options {
    filters: Filters,
    limit: Option<usize>,
    offset: Option<usize>,
    lang: Option<String>,
}

#[derive(Serialize)]
struct Info {
    records: usize,
    terms: usize,
    format_version: u32,
}

fn js_error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(&format!("ricerca: {message}"));
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

fn index_error(e: &IndexError) -> JsValue {
    js_error(e.code(), &e.to_string())
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error("internal", &e.to_string()))
}

#[wasm_bindgen]
impl Engine {
    /// Loads an index from the bytes of an index file; throws an `Error` with a
    /// `code` of `truncated`, `bad-magic`, `bad-version` or `corrupt`.
    pub fn load(bytes: &[u8]) -> Result<Engine, JsValue> {
        Index::from_bytes(bytes).map(|index| Engine { index }).map_err(|e| index_error(&e))
    }

    /// Searches; `options` is `{filters: {region, country, sector, kind}, limit, offset, lang}`.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let opts: Options = if options.is_undefined() || options.is_null() {
            Options::default()
        } else {
            serde_wasm_bindgen::from_value(options).map_err(|e| js_error("bad-options", &e.to_string()))?
        };
        let mut request = SearchRequest::new(query);
        let Filters { region, country, sector, kind } = opts.filters;
        request.filters[Facet::Region.index()] = region;
        request.filters[Facet::Country.index()] = country;
        request.filters[Facet::Sector.index()] = sector;
        request.filters[Facet::Kind.index()] = kind;
        request.limit = opts.limit.unwrap_or(10);
        request.offset = opts.offset.unwrap_or(0);
        request.lang = opts.lang.as_deref().and_then(Lang::parse).unwrap_or_default();
        let response = self.index.search(&request).map_err(|e| index_error(&e))?;
        to_js(&response)
    }

    /// `{records, terms, format_version}` of the loaded index.
    pub fn info(&self) -> Result<JsValue, JsValue> {
        to_js(&Info { records: self.index.len(), terms: self.index.term_count(), format_version: crate::format::FORMAT_VERSION })
    }
}
