//! Stage 1: the query's words, as the dictionary spells them.

use crate::scoring::follower_key;
use crate::stopwords::is_stopword;
use crate::text::{is_word_char, tokenize, FoldTable};

/// Longest query accepted, in bytes; the rest is ignored.
pub const MAX_QUERY_BYTES: usize = 1024;
/// Most words of a query that are matched; the rest are ignored.
pub const MAX_QUERY_WORDS: usize = 12;

/// One word of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// Folded, as the dictionary stores it.
    pub term: String,
    /// Also matches the terms it starts (the last word, typed on).
    pub prefix: bool,
    /// The word as typed (for the response's left-out words).
    pub typed: String,
    /// The [`follower_key`] of the next query word, if any: a record whose
    /// name or an alias has this word (or a form of its stem) followed by
    /// that one gets a proximity point.
    pub follower: Option<u16>,
}

impl Word {
    /// Typos allowed (Meilisearch's rule): none under 5 letters, one from 5,
    /// two from 9.
    pub fn typo_budget(&self) -> u8 {
        typo_budget(&self.term)
    }
}

/// Typos allowed for a folded word: 0 under 5 characters, 1 from 5, 2 from 9.
pub fn typo_budget(term: &str) -> u8 {
    // Characters: bytes that do not continue a UTF-8 sequence.
    match term.bytes().filter(|b| b & 0xc0 != 0x80).count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The query cut to [`MAX_QUERY_BYTES`] at a character boundary.
pub(crate) fn cut(query: &str) -> &str {
    if query.len() <= MAX_QUERY_BYTES {
        return query;
    }
    let mut cut = MAX_QUERY_BYTES;
    while !query.is_char_boundary(cut) {
        cut -= 1;
    }
    &query[..cut]
}

/// The words of `query` (at most [`MAX_QUERY_WORDS`]). A hyphenated compound
/// (`car-t`) is searched by its joined form (`cart`), which the builder
/// indexes, rather than by its parts. Function words ([`is_stopword`]: `di`,
/// `the` …) are left out when the query has other words. The last word also
/// matches as a prefix unless the query ends with a non-word character (a space).
pub(crate) fn words(fold: &FoldTable, query: &str) -> Vec<Word> {
    let mut tokens: Vec<crate::text::Token> = Vec::new();
    let mut stop = Vec::new();
    let mut last_end = None;
    for t in tokenize(fold, query) {
        tokens.retain(|w| !(w.start >= t.start && w.end <= t.end));
        last_end = Some(t.end);
        if is_stopword(&t.term) {
            stop.push(t);
        } else {
            tokens.push(t);
        }
    }
    if tokens.is_empty() {
        tokens = stop;
    }
    tokens.truncate(MAX_QUERY_WORDS);
    // Only the word typed last is a prefix (not the one before a left-out `di`).
    let last_is_prefix =
        query.chars().last().is_some_and(is_word_char) && tokens.last().map(|t| t.end) == last_end;
    let n = tokens.len();
    let mut out = Vec::with_capacity(n);
    for (i, t) in tokens.iter().enumerate() {
        out.push(Word {
            typed: typed(query, t.start, t.end),
            term: t.term.clone(),
            prefix: i + 1 == n && last_is_prefix,
            follower: tokens.get(i + 1).map(|next| follower_key(&next.term)),
        });
    }
    out
}

/// The characters `start..end` (code points) of `query`.
fn typed(query: &str, start: u32, end: u32) -> String {
    let mut out = String::new();
    for (i, c) in (0u32..).zip(query.chars()) {
        if i >= start && i < end {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(query: &str) -> Vec<(String, bool)> {
        words(&FoldTable::default(), query)
            .into_iter()
            .map(|w| (w.term, w.prefix))
            .collect()
    }

    #[test]
    fn function_words_are_left_out_when_the_query_has_other_words() {
        let t = |s: &str, p| (s.to_string(), p);
        assert_eq!(
            terms("trasferimento di tecnologia"),
            [t("trasferimento", false), t("tecnologia", true)]
        );
        assert_eq!(terms("The Lab of"), [t("lab", false)]);
        assert_eq!(terms("ricerca sui "), [t("ricerca", false)]);
        // Only function words: kept, the last still a prefix.
        assert_eq!(terms("di la"), [t("di", false), t("la", true)]);
        assert_eq!(terms("AI"), [t("ai", true)]);
    }
}
