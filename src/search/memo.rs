//! What a search keeps between the runs of one query.
//!
//! On a sharded index one query runs several times: a run stops at the first
//! stage whose shard files are not loaded ([`crate::fetch`]), the shell
//! fetches them and runs the query again. Each run would redo every stage
//! before the one that stopped it, decoding the same posting lists again
//! (at 185k records a word like `states` has 40,000 postings, and a typo
//! query runs four to seven times).
//!
//! The memo keeps each query word's stage results that were complete (every
//! shard they read was loaded), under the word's position and the stage:
//! shards are only ever added, so such a result never changes while the
//! query does not. A result cut short by the fetch budget is not kept. A
//! search of another query text drops everything, so the memo holds one
//! query's lists at most.
//!
//! The last run of a query usually stops for the doc shards of its page's
//! hits alone, once the matching, ranking and facet counts are done: that
//! [`Answer`] is kept too, for the request's next run (which then only reads
//! the hits' stored fields), unless files were left pending (the budget was
//! spent). Any other request drops it.

use super::matching::Stage;
use super::query::Word;
use super::rank::Scored;
use super::Answer;
use crate::response::SearchRequest;

/// A 64-bit fingerprint (FNV-1a) of what a request asks but its fetch
/// budget: its query text, filters, page, language, facet limit and facet
/// query. Two different requests share one with a chance of 2^-64; a whole
/// request compared field by field costs the browser build 0.5 KB.
pub(crate) fn shape(r: &SearchRequest) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes.iter().chain(&[0xff]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(r.query.as_bytes());
    for values in &r.filters {
        eat(&values.len().to_le_bytes());
        for v in values {
            eat(v.as_bytes());
        }
    }
    for n in [r.limit, r.offset, r.lang as usize, r.facet_limit] {
        eat(&n.to_le_bytes());
    }
    if let Some((f, text)) = &r.facet_query {
        eat(&[f.index() as u8]);
        eat(text.as_bytes());
    }
    h
}

/// A fingerprint of what a word's stage results depend on: its term (CRC-32:
/// two terms share one once in 2^32), whether it is a prefix, and the next
/// word's key.
fn word_key(w: &Word) -> u64 {
    u64::from(crate::codec::crc32(w.term.as_bytes())) << 32
        | u64::from(w.follower.unwrap_or(0)) << 1
        | u64::from(w.prefix)
}

/// One query word's complete result in one stage.
#[derive(Debug)]
struct WordStage {
    /// The word's position in the query and the stage.
    key: (usize, Stage),
    /// The word's [`word_key`]: searches of other queries may run meanwhile
    /// on another thread, and start() alone cannot tell.
    word: u64,
    /// The documents, as [`crate::Index::match_word`] returns them.
    list: Vec<Scored>,
    /// The dictionary terms that matched.
    terms: Vec<String>,
}

/// The memo of the query last searched (see the module docs).
#[derive(Debug, Default)]
pub(crate) struct Memo {
    query: String,
    stages: Vec<WordStage>,
    /// The [`shape`] of the request whose run stopped for doc shards only,
    /// and what it had found.
    answer: Option<(u64, Answer)>,
}

impl Memo {
    /// Starts a search of `query`: what another query left is dropped.
    pub(crate) fn start(&mut self, query: &str) {
        if self.query != query {
            self.query = query.to_string();
            self.stages.clear();
            self.answer = None;
        }
    }

    /// The answer kept for the request of [`shape`] `request`, taken out; an
    /// answer kept for another request is dropped.
    pub(crate) fn answer(&mut self, request: u64) -> Option<Answer> {
        match self.answer.take() {
            Some((r, a)) if r == request => Some(a),
            _ => None,
        }
    }

    /// Keeps the answer of `request`'s run, which stopped for its hits' doc
    /// shards alone.
    pub(crate) fn keep_answer(&mut self, request: u64, answer: Answer) {
        self.answer = Some((request, answer));
    }

    /// Word number `bit`'s complete result in `stage`, if kept: its documents
    /// and matched terms.
    pub(crate) fn stage(
        &self,
        bit: usize,
        w: &Word,
        stage: Stage,
    ) -> Option<(&[Scored], &[String])> {
        let s = self
            .stages
            .iter()
            .find(|s| s.key == (bit, stage) && s.word == word_key(w))?;
        Some((&s.list, &s.terms))
    }

    /// Keeps word number `bit`'s complete result in `stage`.
    pub(crate) fn set_stage(
        &mut self,
        bit: usize,
        w: &Word,
        stage: Stage,
        list: &[Scored],
        terms: Vec<String>,
    ) {
        self.stages.push(WordStage {
            key: (bit, stage),
            word: word_key(w),
            list: list.to_vec(),
            terms,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(total: usize) -> Answer {
        Answer {
            page: vec![Scored::plain(3)],
            total,
            facets: Default::default(),
            facet_totals: [0; 4],
            left_out: Vec::new(),
            matched: Default::default(),
        }
    }

    #[test]
    fn an_answer_serves_its_own_request_once_and_another_request_drops_it() {
        let (a, b) = (
            shape(&SearchRequest::new("cell")),
            shape(&SearchRequest {
                limit: 3,
                ..SearchRequest::new("cell")
            }),
        );
        let mut m = Memo::default();
        m.start("cell");
        m.keep_answer(a, answer(7));
        assert_eq!(m.answer(a).map(|x| x.total), Some(7));
        assert!(
            m.answer(a).is_none(),
            "taken: a later run works it out again"
        );
        m.keep_answer(a, answer(7));
        assert!(
            m.answer(b).is_none(),
            "another request (the limit) gets nothing"
        );
        assert!(m.answer(a).is_none(), "and drops it");
        m.keep_answer(a, answer(7));
        m.start("cella");
        assert!(m.answer(a).is_none(), "another query text drops it");
        assert_ne!(
            a,
            shape(&SearchRequest::new("cella")),
            "the query text counts"
        );
    }

    #[test]
    fn the_shape_tells_requests_apart_but_not_by_their_fetch_budget() {
        use crate::model::Facet;
        let base = SearchRequest::new("cell");
        let spent = SearchRequest {
            fetch_budget: 3,
            ..base.clone()
        };
        assert_eq!(shape(&base), shape(&spent));
        let others = [
            base.clone().filter(Facet::Region, "IT-25"),
            base.clone().filter(Facet::Country, "IT-25"),
            base.clone()
                .filter(Facet::Region, "IT-2")
                .filter(Facet::Region, "5"),
            SearchRequest {
                offset: 10,
                ..base.clone()
            },
            SearchRequest {
                lang: crate::model::Lang::En,
                ..base.clone()
            },
            SearchRequest {
                facet_query: Some((Facet::Country, "it".into())),
                ..base.clone()
            },
        ];
        for (i, a) in others.iter().enumerate() {
            assert_ne!(shape(a), shape(&base), "{a:?}");
            for b in &others[i + 1..] {
                assert_ne!(shape(a), shape(b), "{a:?} {b:?}");
            }
        }
    }
}
