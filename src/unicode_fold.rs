//! Full Unicode folding for the native builder and CLI: NFKD, combining marks
//! removed, lowercase. Kept out of the browser build, whose index carries a
//! [`FoldTable`] made here instead.

use crate::text::{FoldTable, Folder};
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Folds with the Unicode decomposition tables.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnicodeFolder;

impl Folder for UnicodeFolder {
    fn fold_char(&self, c: char, out: &mut String) {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            return;
        }
        decompose_compatible(c, |d| {
            if !is_combining_mark(d) {
                out.extend(d.to_lowercase());
            }
        });
    }
}

/// Builds the table of folded forms for every non-ASCII character of `texts`, so
/// the browser can fold the indexed text exactly as the builder did without
/// Unicode tables of its own.
pub fn fold_table_for<'a>(texts: impl IntoIterator<Item = &'a str>) -> FoldTable {
    let mut seen = std::collections::BTreeMap::new();
    for text in texts {
        for c in text.chars().filter(|c| !c.is_ascii()) {
            seen.entry(c).or_insert_with(|| {
                let mut s = String::new();
                UnicodeFolder.fold_char(c, &mut s);
                s
            });
        }
    }
    // A character that folds to itself needs no entry: the table keeps it as is.
    FoldTable::from_pairs(
        seen.into_iter()
            .filter(|(c, f)| f.chars().ne(std::iter::once(*c))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    #[test]
    fn accents_ligatures_and_case_fold() {
        assert_eq!(
            fold(&UnicodeFolder, "Università ﬁnanziò QUÉBEC Ærø"),
            "universita finanzio quebec ærø"
        );
    }

    #[test]
    fn the_table_reproduces_unicode_folding_for_its_characters() {
        let text = "Città Università São Paulo Québec Düsseldorf ﬁ ½ Straße";
        let table = fold_table_for([text]);
        assert_eq!(fold(&table, text), fold(&UnicodeFolder, text));
    }
}
