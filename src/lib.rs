//! # ricerca
//!
//! Client-side faceted search for directories of initiatives and partners.
//!
//! One engine, thin shells:
//!
//! - the **core** (this library without features beyond the default-off ones):
//!   the data model ([`model`]), text normalization ([`text`]), the index format
//!   ([`format`], [`index`]), search and facets ([`search`], [`typo`],
//!   [`fetch`], [`response`], [`json`]);
//! - the **builder** (feature `builder`): reading and validating data files
//!   ([`data`]), Unicode folding ([`unicode_fold`]), building indexes ([`builder`])
//!   and writing them into a served folder ([`output`]);
//! - the **CLI** (feature `cli`, binary `ricerca`) and the **browser bindings**
//!   (feature `wasm`, module `wasm`) call the same core.
//!
//! ```
//! # #[cfg(feature = "builder")] {
//! use ricerca::{builder::{build_index, ShardPolicy}, data::geo::Geo, index::Index, model::*, response::SearchRequest};
//! let dir = Directory {
//!     sectors: vec![Sector { id: "oncology".into(), label_it: "Oncologia".into(), label_en: "Oncology".into(), synonyms: vec![] }],
//!     records: vec![Record {
//!         id: "rosatom".into(), kind: Kind::Partner, name: "Rosatom".into(), name_en: None,
//!         aliases: vec![], summary: None, city: Some("Mosca".into()), countries: vec!["RU".into()],
//!         regions: vec![], sectors: vec!["oncology".into()], partners: vec![], url: None,
//!         sources: vec!["000_8c93aa024e043853.txt".into()], lang: None,
//!     }],
//!     glossary: vec![],
//! };
//! let built = build_index(&dir, &Geo::builtin(), ShardPolicy::default(), "index", &|_, _| {});
//! let index = Index::from_bytes(&built.root).unwrap();
//! let found = index.search(&SearchRequest::new("rosatm")).unwrap();
//! assert_eq!(found.hits[0].id, "rosatom");
//! # }
//! ```

#![warn(missing_docs)]

pub mod codec;
/// Core, and compiled for every target (the WASI CLI uses it); the browser build exports no
/// binding for it, so it leaves no code in the wasm (the widget matches in JS: www/src/js/facets.js).
pub mod facet_query;
pub mod fetch;
pub mod format;
#[cfg(not(target_arch = "wasm32"))]
mod fst_check;
pub mod fuzzy;
pub mod index;
pub mod json;
pub mod model;
pub mod response;
pub mod scoring;
pub mod search;
pub mod snippet;
pub mod sort;
pub mod stem;
pub mod stopwords;
#[cfg(test)]
mod test_rng;
pub mod text;
pub mod typo;

#[cfg(feature = "builder")]
pub mod builder;
#[cfg(feature = "builder")]
pub mod data;
#[cfg(feature = "builder")]
pub mod import;
#[cfg(feature = "builder")]
pub mod output;
#[cfg(feature = "builder")]
pub mod unicode_fold;

#[cfg(feature = "wasm")]
pub mod wasm;
pub mod wasm_alloc;

pub use format::IndexError;
pub use index::Index;
pub use response::{SearchRequest, SearchResponse};
