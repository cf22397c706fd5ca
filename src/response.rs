//! The search request and the response shape shared by the CLI (`--json`) and the
//! browser API (which gets the same JSON from [`crate::json`]).

use crate::model::{Facet, Kind, Lang};
use serde::Serialize;

/// What to search for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// The words typed; empty browses everything.
    pub query: String,
    /// Selected values per facet, in [`Facet::ALL`] order (empty = no filter).
    pub filters: [Vec<String>; 4],
    /// Hits to return at most.
    pub limit: usize,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Language for titles and labels.
    pub lang: Lang,
    /// Most values listed per facet, selected values always included (0 = all).
    /// Like Algolia's `maxValuesPerFacet`, 100 by default: counting still covers
    /// every value, only the list is cut, and it keeps the browser's work small.
    pub facet_limit: usize,
    /// Shard files this request may still ask for ([`crate::fetch`]): a shell
    /// that fetches what a search asks for passes what is left of
    /// [`crate::fetch::FETCH_BUDGET`]; at 0 the search answers with the shards
    /// it has and marks the response [`SearchResponse::partial`].
    pub fetch_budget: usize,
    /// Lists only the values of this facet whose label (Italian or English) or
    /// code matches the text ([`crate::facet_query`]); `None` lists them all.
    pub facet_query: Option<(Facet, String)>,
}

/// Default of [`SearchRequest::facet_limit`].
pub const DEFAULT_FACET_LIMIT: usize = 100;

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            filters: Default::default(),
            limit: 10,
            offset: 0,
            lang: Lang::It,
            facet_limit: DEFAULT_FACET_LIMIT,
            fetch_budget: crate::fetch::FETCH_BUDGET,
            facet_query: None,
        }
    }
}

impl SearchRequest {
    /// A request for `query` with default options.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            ..Default::default()
        }
    }

    /// Adds a selected value to `facet`'s filter.
    pub fn filter(mut self, facet: Facet, value: impl Into<String>) -> Self {
        self.filters[facet.index()].push(value.into());
        self
    }
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResponse {
    /// The query as given.
    pub query: String,
    /// Number of records matching the query and all filters.
    pub total: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// Counts per facet value, with disjunctive semantics.
    pub facets: FacetCounts,
    /// How many values each facet list had (with a count, or selected) before it
    /// was cut to the request's `facet_limit`, in [`Facet::ALL`] order: what a
    /// "show more" can honestly say.
    pub facet_totals: [u32; 4],
    /// True when no record (within the filters) matches every word of the
    /// query, so the hits are the records matching the most words.
    pub relaxed: bool,
    /// With `relaxed`, the query's words (as typed) the best hit does not
    /// match, so the interface can say what was left out; empty otherwise.
    pub left_out: Vec<String>,
    /// True when the fetch budget ran out: the answer uses the shards at hand
    /// and may miss matches, hits or related records (absent when false).
    #[serde(skip_serializing_if = "core::ops::Not::not")]
    pub partial: bool,
    /// The shard files a complete answer would still need (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<String>,
}

/// Facet counts, one list per facet.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct FacetCounts {
    /// Region values.
    pub region: Vec<FacetCount>,
    /// Country values.
    pub country: Vec<FacetCount>,
    /// Sector values.
    pub sector: Vec<FacetCount>,
    /// Kind values.
    pub kind: Vec<FacetCount>,
}

impl FacetCounts {
    /// The list for `facet`.
    pub fn get(&self, facet: Facet) -> &Vec<FacetCount> {
        match facet {
            Facet::Region => &self.region,
            Facet::Country => &self.country,
            Facet::Sector => &self.sector,
            Facet::Kind => &self.kind,
        }
    }

    pub(crate) fn get_mut(&mut self, facet: Facet) -> &mut Vec<FacetCount> {
        match facet {
            Facet::Region => &mut self.region,
            Facet::Country => &mut self.country,
            Facet::Sector => &mut self.sector,
            Facet::Kind => &mut self.kind,
        }
    }
}

/// One facet value and how many hits carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The code used in filters.
    pub value: String,
    /// The label in the requested language.
    pub label: String,
    /// Matching records carrying this value, with the other facets' filters applied.
    pub count: usize,
    /// Whether the value is selected in the request.
    pub selected: bool,
}

/// A facet value attached to a hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The code.
    pub value: String,
    /// The label in the requested language.
    pub label: String,
}

/// A record related to a hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Its title in the requested language.
    pub title: String,
}

/// Matched word ranges, `[start, end)` in Unicode code points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Highlights {
    /// Ranges in the title.
    pub title: Vec<[u32; 2]>,
    /// Ranges in the snippet.
    pub snippet: Vec<[u32; 2]>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Record id.
    pub id: String,
    /// Initiative or partner.
    pub kind: Kind,
    /// The kind's label in the requested language.
    pub kind_label: String,
    /// The name (English name when the language is English and one exists).
    pub title: String,
    /// The record's web address, if any.
    pub url: Option<String>,
    /// Relevance; higher is better. 0 when browsing.
    pub score: f64,
    /// A part of the summary around the first match.
    pub snippet: String,
    /// Where the query's words are in the title and snippet.
    pub highlights: Highlights,
    /// Regions, with labels.
    pub region: Vec<Label>,
    /// Countries, with labels.
    pub country: Vec<Label>,
    /// Sectors, with labels.
    pub sector: Vec<Label>,
    /// The city, if known.
    pub city: Option<String>,
    /// The language of the record's text ("it", "en"), if the data gives it: the
    /// widget sets it as `lang` on the elements holding the record's text.
    pub lang: Option<String>,
    /// An initiative's partners, or a partner's initiatives.
    pub related: Vec<Related>,
}
