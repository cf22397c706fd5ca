//! Facet-value queries: the values of one facet whose label (Italian or English) or
//! code matches a typed text, with the same disjunctive counts a search gives them.
//!
//! A large directory has more values than a search lists (`facet_limit`, 100 by
//! default): 230 countries, ~1,600 regions. The widget's search field inside a facet
//! panel asks this, so any value can be found and selected.

use crate::model::Facet;
use crate::response::FacetCount;
use crate::text::{fold, is_word_char};
use crate::{Index, IndexError, SearchRequest};
use serde::Serialize;

/// The answer to a facet-value query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacetMatches {
    /// How many values match (with a count, or selected); `values` holds the first `limit`.
    pub total: usize,
    /// Matching values, most documents first, as in a search's facet list.
    pub values: Vec<FacetCount>,
}

/// Does `needle` (folded) start one of the words of the folded `label`, or the code?
fn matches(index: &Index, needle: &str, label: &str, code: &str) -> bool {
    let label = fold(index.fold_table(), label);
    let mut word_start = true;
    for (i, c) in label.char_indices() {
        if word_start && label[i..].starts_with(needle) {
            return true;
        }
        word_start = !is_word_char(c);
    }
    code.get(..needle.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(needle))
}

/// The values of `facet` matching `text`, counted for `request` (its query and the
/// other facets' filters; its own filter is disjunctive, as in a search). At most
/// `limit` values (0: all). Needs the shards the request's search needs.
pub fn facet_query(
    index: &Index,
    request: &SearchRequest,
    facet: Facet,
    text: &str,
    limit: usize,
) -> Result<FacetMatches, IndexError> {
    let all = SearchRequest {
        limit: 0,
        offset: 0,
        facet_limit: 0,
        ..request.clone()
    };
    let mut counts = index.search(&all)?.facets;
    let needle = fold(index.fold_table(), text.trim());
    let col = index.facet(facet);
    let mut values = std::mem::take(counts.get_mut(facet));
    values.retain(|c| {
        let v = col.find(&c.value).and_then(|v| col.values.get(v as usize));
        match v {
            Some(v) => {
                matches(index, &needle, &v.label_it, &v.code)
                    || matches(index, &needle, &v.label_en, &v.code)
            }
            None => matches(index, &needle, &c.label, &c.value),
        }
    });
    let total = values.len();
    if limit > 0 {
        values.truncate(limit);
    }
    Ok(FacetMatches { total, values })
}
