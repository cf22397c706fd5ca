//! Facet-value queries: the values of one facet whose label (Italian or English) or
//! code matches a typed text, with the same disjunctive counts a search gives them.
//!
//! A large directory has more values than a search lists (`facet_limit`, 100 by
//! default): 230 countries, ~1,600 regions. The widget's search field inside a facet
//! panel asks this, so any value can be found and selected. The matching happens
//! where a search builds its facet lists ([`SearchRequest::facet_query`]), so the
//! browser (one search with that option) and this function answer alike.

use crate::format::facets::FacetValue;
use crate::model::Facet;
use crate::response::FacetCount;
use crate::text::{fold, is_word_char, FoldTable};
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

/// Does `needle` (folded) start the folded `text`, or with `words` any word of it?
fn starts(table: &FoldTable, needle: &str, text: &str, words: bool) -> bool {
    let text = fold(table, text);
    let mut word_start = true;
    for (i, c) in text.char_indices() {
        if word_start && text[i..].starts_with(needle) {
            return true;
        }
        word_start = words && !is_word_char(c);
    }
    false
}

/// Does `needle` (folded) start `code` (a selected code the index does not know)?
pub(crate) fn code_starts(index: &Index, needle: &str, code: &str) -> bool {
    starts(index.fold_table(), needle, code, false)
}

/// Does `needle` (folded) start the code or a word of either label of `value`?
pub(crate) fn value_matches(index: &Index, needle: &str, value: &FacetValue) -> bool {
    let table = index.fold_table();
    starts(table, needle, &value.code, false)
        || starts(table, needle, &value.label_it, true)
        || starts(table, needle, &value.label_en, true)
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
        facet_query: Some((facet, text.trim().to_string())),
        ..request.clone()
    };
    let mut response = index.search(&all)?;
    let mut values = std::mem::take(response.facets.get_mut(facet));
    if limit > 0 {
        values.truncate(limit);
    }
    Ok(FacetMatches {
        total: response.facet_totals[facet.index()] as usize,
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> FoldTable {
        FoldTable::from_pairs([('Ö', "o".to_string())])
    }

    fn word(needle: &str, label: &str) -> bool {
        starts(&table(), needle, label, true)
    }

    fn code(code: &str, needle: &str) -> bool {
        starts(&table(), needle, code, false)
    }

    #[test]
    fn a_needle_starts_a_word_of_the_folded_label() {
        assert!(word("sviz", "Svizzera"));
        assert!(word("romag", "Emilia-Romagna"));
        assert!(word("avorio", "Costa d'Avorio"));
        assert!(word("costa d", "Costa d'Avorio"));
        assert!(word("oster", "Österreich"));
        assert!(!word("izzera", "Svizzera"));
        assert!(!word("zz", "Svizzera"));
    }

    #[test]
    fn a_code_matches_by_its_start_in_any_case() {
        assert!(code("CH", "ch"));
        assert!(code("IT-45", "it-4"));
        assert!(!code("IT-45", "45"), "a code matches from its start only");
        assert!(!code("CH", "h"));
        assert!(!code("CH", "chx"));
    }
}
