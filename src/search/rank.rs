//! The ranking rules, in order. A match is compared rule by rule; the first
//! rule that tells two records apart decides:
//!
//! 1. **words**: more query words matched first (only differs in a relaxed
//!    query, see [`crate::search`]);
//! 2. **typos**: fewer edits summed over the words;
//! 3. **proximity**: more pairs of query words adjacent in the record's name or
//!    aliases, in query order;
//! 4. **field**: the best field each word is found in: first the weakest of
//!    them (a record with every word in its own text beats one with a word
//!    only in its sectors' vocabulary, whatever its other words), then their
//!    sum. Fields by tier: name or aliases (an alias is another name: `AMA` in
//!    the aliases is as good as in the name; BM25F still weighs the name
//!    higher), places, glossary translations of those, summary, then
//!    vocabulary (sector labels and synonyms, related records' names);
//! 5. **exactness**: whole word, then same stem (`ospedali` for `ospedale`),
//!    then prefix, summed over the words;
//! 6. **BM25F** score, higher first;
//! 7. document number (name order), a stable tie-break.

use core::cmp::Ordering;

/// How a query word met a dictionary term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Exactness {
    /// The word itself.
    Word = 0,
    /// Another word with the same stem.
    Stem = 1,
    /// A longer word it starts.
    Prefix = 2,
    /// A word within its typo budget.
    Typo = 3,
}

/// The rank of each field ([`crate::scoring`] order) in the field rule: name
/// and aliases share the first.
pub(crate) const FIELD_TIER: [u8; crate::scoring::FIELD_COUNT] = [0, 0, 1, 2, 3, 4];

/// A document's match of one or more query words, with what the rules compare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scored {
    /// Document number.
    pub doc: u32,
    /// Bit `i` set when query word `i` matched.
    pub words: u16,
    /// Edits summed over the matched words.
    pub typos: u8,
    /// Adjacent query-word pairs found in the name or aliases.
    pub proximity: u8,
    /// Best field tiers ([`FIELD_TIER`]) summed over the matched words.
    pub field: u8,
    /// The highest (weakest) of the matched words' best field tiers.
    pub weakest: u8,
    /// [`Exactness`] summed over the matched words.
    pub exact: u8,
    /// BM25F, summed over the matched words.
    pub score: f32,
}

impl Scored {
    /// A document that every word matches equally (browsing).
    pub fn plain(doc: u32) -> Scored {
        Scored {
            doc,
            words: 0,
            typos: 0,
            proximity: 0,
            field: 0,
            weakest: 0,
            exact: 0,
            score: 0.0,
        }
    }

    /// The match of one document by both `self` and `other` (different words).
    pub fn and(&self, other: &Scored) -> Scored {
        Scored {
            doc: self.doc,
            words: self.words | other.words,
            typos: self.typos.saturating_add(other.typos),
            proximity: self.proximity.saturating_add(other.proximity),
            field: self.field.saturating_add(other.field),
            weakest: self.weakest.max(other.weakest),
            exact: self.exact.saturating_add(other.exact),
            score: self.score + other.score,
        }
    }
}

/// Orders two matches by the ranking rules (best first).
pub(crate) fn rank(a: &Scored, b: &Scored) -> Ordering {
    b.words
        .count_ones()
        .cmp(&a.words.count_ones())
        .then(a.typos.cmp(&b.typos))
        .then(b.proximity.cmp(&a.proximity))
        .then(a.weakest.cmp(&b.weakest))
        .then(a.field.cmp(&b.field))
        .then(a.exact.cmp(&b.exact))
        .then(b.score.total_cmp(&a.score))
        .then(a.doc.cmp(&b.doc))
}
