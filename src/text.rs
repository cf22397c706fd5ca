//! Text normalization shared by the builder and the search engine.
//!
//! Two steps turn text into index terms:
//!
//! 1. **Folding** maps every character to its search form: accents and other
//!    combining marks removed, compatibility forms decomposed (NFKD), lowercase.
//!    The builder folds with the full Unicode tables ([`crate::unicode_fold`]);
//!    the browser engine cannot afford those tables, so the index carries a
//!    [`FoldTable`] with the folded form of every non-ASCII character that occurs
//!    in the indexed text, and the JS loader pre-folds queries with
//!    `String.prototype.normalize('NFKD')`.
//! 2. **Tokenizing** splits folded text into words: letters and digits form
//!    words; Italian elisions (`dell'`, `l'`, `un'`, with `'` or `’`) are split
//!    off and dropped, and so is the English possessive `'s` (`children's`); a hyphenated compound such as `CAR-T` yields its parts
//!    (`car`, `t`) and their concatenation (`cart`).

/// Maps a character to its folded form.
pub trait Folder {
    /// Appends the folded form of `c` to `out` (possibly nothing, for a combining mark).
    fn fold_char(&self, c: char, out: &mut String);
}

/// Folding from a table stored in the index, for targets without Unicode tables.
///
/// ASCII folds by lowercasing. A non-ASCII character found in the table folds to its
/// entry; one not found is dropped when it is a combining diacritical mark
/// (U+0300–U+036F) and kept as it is otherwise: the builder puts every non-ASCII
/// character of the indexed text in the table, and queries arrive already
/// NFKD-normalized and lowercased by the caller (`String.prototype.normalize` and
/// `toLowerCase` in the browser, [`crate::unicode_fold`] natively), so no
/// case tables are needed in the browser build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoldTable {
    /// Sorted by character, unique.
    map: Vec<(char, String)>,
}

impl FoldTable {
    /// A table from `(character, folded form)` pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (char, String)>) -> Self {
        let mut map: Vec<(char, String)> = pairs.into_iter().collect();
        // Already in order when read from an index (the builder writes them so).
        crate::sort::sort_short_by(&mut map, |a, b| a.0.cmp(&b.0));
        map.dedup_by(|a, b| a.0 == b.0);
        FoldTable { map }
    }

    /// The pairs in character order.
    pub fn pairs(&self) -> impl Iterator<Item = (char, &str)> {
        self.map.iter().map(|(c, s)| (*c, s.as_str()))
    }

    /// Number of characters in the table.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the table holds no character.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

impl Folder for FoldTable {
    fn fold_char(&self, c: char, out: &mut String) {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Ok(i) = self.map.binary_search_by(|(k, _)| k.cmp(&c)) {
            out.push_str(&self.map[i].1);
        } else if !('\u{300}'..='\u{36f}').contains(&c) {
            out.push(c);
        }
    }
}

/// Folds a whole string with `folder`.
pub fn fold(folder: &impl Folder, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        folder.fold_char(c, &mut out);
    }
    out
}

/// One word of a text: its folded form and where it stands in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The folded word, as stored in the term dictionary.
    pub term: String,
    /// Offset of the first character, counted in Unicode code points of the original text.
    pub start: u32,
    /// Offset just past the last character, in code points.
    pub end: u32,
}

/// Italian articles and prepositions that elide before a vowel (`dell'ospedale`).
/// They are dropped when they stand before an apostrophe.
const ELISIONS: &[&str] = &[
    "l", "d", "un", "dell", "all", "dall", "nell", "sull", "coll", "pell", "quell", "quest", "c",
    "n", "s", "m", "t", "v", "tutt", "senz", "dev", "anch",
];

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`' | '\u{b4}'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}')
}

/// Whether a (folded) character belongs to a word.
///
/// ASCII letters and digits do; other ASCII does not. Beyond ASCII, everything is
/// a word character except the punctuation, symbol, space and emoji blocks
/// below. This rule needs no Unicode property tables, so the browser build
/// stays small, and builder and browser share it exactly.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    let u = c as u32;
    !matches!(u,
        0x80..=0xA9 | 0xAB..=0xB1 | 0xB4 | 0xB6..=0xB8 | 0xBB | 0xBF | 0xD7 | 0xF7
        | 0x2B9..=0x2FF            // modifier letters (primes, accents)
        | 0x300..=0x36F            // combining diacritical marks
        | 0x37E | 0x387 | 0x55A..=0x55F | 0x589 | 0x5BE | 0x5C0 | 0x5C3 | 0x5F3 | 0x5F4
        | 0x60C | 0x61B | 0x61F | 0x66A..=0x66D | 0x6D4 | 0x964 | 0x965 | 0xE4F | 0xE5A | 0xE5B
        | 0x2000..=0x2BFF          // spaces, general punctuation, symbols, arrows, shapes
        | 0x2E00..=0x2E7F          // supplemental punctuation
        | 0x3000..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F | 0x30FB
        | 0xD800..=0xF8FF          // surrogates, private use
        | 0xFE00..=0xFE0F          // variation selectors
        | 0xFE10..=0xFE6F          // vertical forms, small forms
        | 0xFEFF                   // byte order mark
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
        | 0xFFF0..=0xFFFF
        | 0x1F000..=0x1FAFF        // emoji and pictographs
        | 0xE0000..=0xE007F        // tags
    )
}

/// The longest word the tokenizer emits, in bytes; longer runs are cut.
pub const MAX_TERM_BYTES: usize = 64;

/// Splits `text` into folded tokens.
///
/// Offsets refer to the original `text`, so a caller can highlight the words.
pub fn tokenize(folder: &impl Folder, text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut word_start = 0u32;
    // Parts of the current hyphenated compound: (index of the first part in `tokens`, count).
    let mut compound_first: Option<usize> = None;
    let mut last_sep_was_hyphen = false;
    // The last word ended with an apostrophe: an `s` after it is a possessive.
    let mut after_apostrophe = false;
    let mut folded = String::new();
    let mut pos = 0u32;
    let mut chars = text.chars().peekable();

    // Closes the word in progress; `sep` is the character that ended it.
    let finish = |tokens: &mut Vec<Token>,
                  word: &mut String,
                  start: u32,
                  end: u32,
                  sep: Option<char>,
                  compound_first: &mut Option<usize>,
                  last_sep_was_hyphen: &mut bool,
                  after_apostrophe: &mut bool| {
        let possessive = *after_apostrophe && word == "s";
        *after_apostrophe = !word.is_empty() && sep.is_some_and(is_apostrophe);
        if possessive {
            word.clear();
            close_compound(tokens, compound_first);
            *last_sep_was_hyphen = false;
            return;
        }
        if word.is_empty() {
            if !sep.is_some_and(is_hyphen) {
                close_compound(tokens, compound_first);
            }
            *last_sep_was_hyphen = false;
            return;
        }
        let elided = sep.is_some_and(is_apostrophe) && ELISIONS.contains(&word.as_str());
        if elided {
            close_compound(tokens, compound_first);
        } else {
            let mut term = std::mem::take(word);
            if term.len() > MAX_TERM_BYTES {
                let mut cut = MAX_TERM_BYTES;
                while !term.is_char_boundary(cut) {
                    cut -= 1;
                }
                term.truncate(cut);
            }
            if !*last_sep_was_hyphen {
                close_compound(tokens, compound_first);
            }
            tokens.push(Token { term, start, end });
            if compound_first.is_none() {
                *compound_first = Some(tokens.len() - 1);
            }
            if !sep.is_some_and(is_hyphen) {
                close_compound(tokens, compound_first);
            }
        }
        word.clear();
        *last_sep_was_hyphen = sep.is_some_and(is_hyphen);
    };

    while let Some(c) = chars.next() {
        folded.clear();
        folder.fold_char(c, &mut folded);
        let is_word = !folded.is_empty() && folded.chars().all(is_word_char);
        if is_word {
            if word.is_empty() {
                word_start = pos;
            }
            #[cfg(feature = "builder")]
            push_folded(&mut word, &folded);
            #[cfg(not(feature = "builder"))]
            word.push_str(&folded);
        } else if folded.is_empty() && !word.is_empty() {
            // A combining mark inside a word: part of the word, folds to nothing.
        } else {
            let sep = if folded.is_empty() { None } else { Some(c) };
            // A hyphen only joins a compound when a word follows directly.
            let sep = match sep {
                Some(h) if is_hyphen(h) && !chars.peek().is_some_and(|&n| is_word_char(n)) => {
                    Some(' ')
                }
                other => other,
            };
            finish(
                &mut tokens,
                &mut word,
                word_start,
                pos,
                sep.or(Some(' ')),
                &mut compound_first,
                &mut last_sep_was_hyphen,
                &mut after_apostrophe,
            );
        }
        pos += 1;
    }
    finish(
        &mut tokens,
        &mut word,
        word_start,
        pos,
        None,
        &mut compound_first,
        &mut last_sep_was_hyphen,
        &mut after_apostrophe,
    );
    close_compound(&mut tokens, &mut compound_first);
    tokens
}

/// Appends `folded` to `word`: one byte (ASCII, most characters) without a
/// call to copy it. Only the builder, which tokenizes every record, uses it:
/// the browser build keeps its code as it was.
#[cfg(feature = "builder")]
#[inline]
fn push_folded(word: &mut String, folded: &str) {
    match folded.as_bytes() {
        &[b] => word.push(char::from(b)),
        _ => word.push_str(folded),
    }
}

/// Ends a hyphenated compound: when it had two or more parts, adds their concatenation.
fn close_compound(tokens: &mut Vec<Token>, first: &mut Option<usize>) {
    if let Some(i) = first.take() {
        if tokens.len() - i >= 2 {
            let parts = &tokens[i..];
            let mut term = String::new();
            for t in parts {
                term.push_str(&t.term);
            }
            if term.len() <= MAX_TERM_BYTES {
                let (start, end) = (parts[0].start, parts[parts.len() - 1].end);
                tokens.push(Token { term, start, end });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        tokenize(&FoldTable::default(), text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn elisions_are_split_off_and_dropped() {
        assert_eq!(
            terms("dell'Ospedale l’Istituto un'idea"),
            ["ospedale", "istituto", "idea"]
        );
        assert_eq!(terms("Quebec's"), ["quebec"]);
        assert_eq!(terms("children's hospital"), ["children", "hospital"]);
        assert_eq!(terms("l'sala s"), ["sala", "s"]);
    }

    #[test]
    fn hyphenated_compounds_yield_parts_and_joined_form() {
        assert_eq!(terms("CAR-T cells"), ["car", "t", "cart", "cells"]);
        assert_eq!(
            terms("Emilia-Romagna - Korea"),
            ["emilia", "romagna", "emiliaromagna", "korea"]
        );
        assert_eq!(terms("anti- cancer"), ["anti", "cancer"]);
    }

    #[test]
    fn offsets_are_code_points_of_the_original() {
        let toks = tokenize(&FoldTable::default(), "Città di Milano");
        assert_eq!((toks[2].start, toks[2].end), (9, 15));
    }

    #[test]
    fn punctuation_emoji_and_markup_do_not_panic() {
        assert!(terms("!!! ??? 🙂🙂 <img src=x>").contains(&"img".to_string()));
        assert!(terms("").is_empty());
        assert!(terms("----''''").is_empty());
    }
}
