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

use super::matching::Stage;
use super::rank::Scored;

/// One query word's complete result in one stage.
#[derive(Debug)]
struct WordStage {
    /// The word's position in the query and the stage.
    key: (usize, Stage),
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
}

impl Memo {
    /// Starts a search of `query`: what another query left is dropped.
    pub(crate) fn start(&mut self, query: &str) {
        if self.query != query {
            self.query = query.to_string();
            self.stages.clear();
        }
    }

    /// Word number `bit`'s complete result in `stage`, if kept: its documents
    /// and matched terms.
    pub(crate) fn stage(&self, bit: usize, stage: Stage) -> Option<(&[Scored], &[String])> {
        let s = self.stages.iter().find(|s| s.key == (bit, stage))?;
        Some((&s.list, &s.terms))
    }

    /// Keeps word number `bit`'s complete result in `stage`.
    pub(crate) fn set_stage(
        &mut self,
        bit: usize,
        stage: Stage,
        list: &[Scored],
        terms: Vec<String>,
    ) {
        self.stages.push(WordStage {
            key: (bit, stage),
            list: list.to_vec(),
            terms,
        });
    }
}
