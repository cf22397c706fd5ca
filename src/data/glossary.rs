//! Validates the bilingual glossary (`[[glossary]]` tables, kept in
//! `data/glossary.toml`): groups of words that mean the same, such as
//! `università` and `university`. The builder indexes a record whose name,
//! aliases or places hold one word of a group under the others too, in the
//! glossary field (ranked below the record's own words).

use super::draft::DraftGlossary;
use super::problem::{Location, Problem};
use crate::text::tokenize;
use crate::unicode_fold::UnicodeFolder;
use std::collections::BTreeMap;

const EXPECTED_WORDS: &str = "words = [\"università\", \"university\"]: two or more single words";

/// The valid entries of `drafts`; each problem found goes to `problems`.
///
/// An entry needs `words` with at least two words; each word is one word
/// (letters and digits, no spaces) and belongs to one entry only.
pub fn validate(drafts: &[DraftGlossary], problems: &mut Vec<Problem>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, Location> = BTreeMap::new();
    for d in drafts {
        let Some(words) = &d.words else {
            problems.push(
                Problem::new(d.at.clone(), "glossary entry without words")
                    .field("words")
                    .expected(EXPECTED_WORDS),
            );
            continue;
        };
        if words.len() < 2 {
            problems.push(
                Problem::new(d.at.clone(), "a glossary entry needs at least two words")
                    .field("words")
                    .expected(EXPECTED_WORDS),
            );
            continue;
        }
        let mut ok = true;
        for w in words {
            let tokens = tokenize(&UnicodeFolder, &w.value);
            if tokens.len() != 1 {
                problems.push(
                    Problem::new(w.at.clone(), format!("\"{}\" is not one word", w.value))
                        .field("words")
                        .expected("one word of letters or digits, without spaces or punctuation"),
                );
                ok = false;
                continue;
            }
            let folded = tokens[0].term.clone();
            if let Some(first) = seen.get(&folded) {
                problems.push(
                    Problem::new(
                        w.at.clone(),
                        format!(
                            "\"{}\" is already in the glossary entry at {first}",
                            w.value
                        ),
                    )
                    .field("words")
                    .expected("each word in one glossary entry only (merge the two entries)"),
                );
                ok = false;
            } else {
                seen.insert(folded, w.at.clone());
            }
        }
        if ok {
            out.push(words.iter().map(|w| w.value.clone()).collect());
        }
    }
    out
}
