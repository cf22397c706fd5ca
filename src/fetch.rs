//! The per-query fetch budget.
//!
//! A search on a sharded index asks for the shard files it needs, a few at a
//! time ([`IndexError::MissingShards`]); the shell (the browser loader, the
//! CLI) fetches them, adds them and searches again. One query may ask for at
//! most [`FETCH_BUDGET`] files in all: the shell passes what is left in
//! [`SearchRequest::fetch_budget`], and once it is spent the search answers
//! with the shards at hand, marks the response `partial` and lists the files
//! it went without in `pending`. A list longer than what is left is cut to
//! it (the files the search needs first come first).

use crate::format::IndexError;
use crate::index::Index;
use crate::response::{SearchRequest, SearchResponse};

/// Most shard files one query may fetch (on a fresh page at 185k records a
/// query reads 3 to 33: its term shards, typo shards, and the doc shards of
/// the page's hits). With the root, the engine,
/// its glue, the loader and its CSS, a fresh page makes at most 38 requests.
pub const FETCH_BUDGET: usize = 33;

/// Files of the budget kept for the page's doc shards: matching (term and
/// typo shards) stops asking once only this many are left, so that a query
/// that spends its budget on matching still shows the hits it found.
pub const DOC_RESERVE: usize = 7;

/// Files of the budget, beyond [`DOC_RESERVE`], that a search keeps before
/// it asks for files a later stage may read ([`Index::want`]): those never
/// take the place of files a stage needs.
pub const AHEAD_RESERVE: usize = 10;

/// What one search may still ask for, and what it went without.
#[derive(Debug)]
pub(crate) struct Fetch {
    left: usize,
    /// Files asked for, within the budget: a stage of the search notes every
    /// query word's, then fails naming them all ([`Index::asked`]), so that
    /// one round of fetches brings them.
    asked: Vec<String>,
    /// Files needed but not asked for: the budget was spent.
    pub(crate) pending: Vec<String>,
    /// What the query last searched found so far, kept across searches
    /// ([`crate::search::memo`]).
    pub(crate) memo: crate::search::memo::Memo,
}

impl Fetch {
    /// A budget of `left` files.
    pub(crate) fn new(left: usize) -> Self {
        Fetch {
            left,
            asked: Vec::new(),
            pending: Vec::new(),
            memo: Default::default(),
        }
    }

    /// Asks for `files` within the budget, less `reserve` files kept for
    /// later and the files asked for already; once that is spent, notes them
    /// as pending and lets the search go on without them.
    pub(crate) fn need(&mut self, files: Vec<String>, reserve: usize) {
        self.ask(files, reserve, true);
    }

    /// [`Fetch::need`], noting the files left out as pending only if `needed`;
    /// files not `needed` (asked for ahead of the stage that reads them) only
    /// join a round that other files start.
    fn ask(&mut self, files: Vec<String>, reserve: usize, needed: bool) {
        if !needed && self.asked.is_empty() {
            return;
        }
        for f in files {
            if self.asked.contains(&f) || self.pending.contains(&f) {
                continue;
            }
            if self.left > reserve + self.asked.len() {
                self.asked.push(f);
            } else if needed {
                self.pending.push(f);
            }
        }
    }
}

impl Index {
    pub(crate) fn fetch_state(&self) -> std::sync::MutexGuard<'_, Fetch> {
        self.fetch.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts a search with a budget of `left` files (the memo stays).
    pub(crate) fn start_fetch(&self, left: usize) {
        let mut f = self.fetch_state();
        f.left = left;
        f.asked.clear();
        f.pending.clear();
    }

    /// Asks for the term or typo shard `files` within the running search's
    /// budget less [`DOC_RESERVE`] ([`Fetch::need`]).
    pub(crate) fn need(&self, files: Vec<String>) {
        self.fetch_state().need(files, DOC_RESERVE);
    }

    /// Asks for `files`, which a later stage of the running search may read,
    /// in the round under way: only if the running stage asked for files (a
    /// round of fetches happens anyway), only while more than [`DOC_RESERVE`]
    /// + [`AHEAD_RESERVE`] files of the budget are left, and never as pending.
    pub(crate) fn want(&self, files: Vec<String>) {
        self.fetch_state()
            .ask(files, DOC_RESERVE + AHEAD_RESERVE, false);
    }

    /// True when the running search has asked for files in the round under
    /// way: files asked for ahead ([`Index::want`]) can join it.
    pub(crate) fn round_under_way(&self) -> bool {
        !self.fetch_state().asked.is_empty()
    }

    /// Asks for the doc shard `files` within what is left of the running
    /// search's budget, [`DOC_RESERVE`] included.
    pub(crate) fn need_docs(&self, files: Vec<String>) {
        self.fetch_state().need(files, 0);
    }

    /// Fails with [`IndexError::MissingShards`] naming the files the running
    /// search asked for, if any: the end of a stage that needs them.
    pub(crate) fn asked(&self) -> Result<(), IndexError> {
        let files = core::mem::take(&mut self.fetch_state().asked);
        if files.is_empty() {
            return Ok(());
        }
        Err(IndexError::MissingShards { files })
    }

    /// Drops what the index kept of the query last searched
    /// ([`crate::search::memo`]): the next search does the whole work, as a
    /// benchmark that repeats one query wants.
    pub fn forget(&self) {
        self.fetch_state().memo = Default::default();
    }

    /// The files the running search went without (the budget was spent).
    pub(crate) fn pending_fetches(&self) -> Vec<String> {
        core::mem::take(&mut self.fetch_state().pending)
    }
}

/// Why [`Index::search_reading`] failed.
#[derive(Debug)]
pub enum ReadError<E> {
    /// The index refused the search.
    Index(IndexError),
    /// The index refused this shard file.
    Shard(String, IndexError),
    /// `read` failed for this file.
    Read(String, E),
}

impl Index {
    /// Runs `request`, reading the shard files it asks for with `read` (a
    /// file name relative to the root) within the request's fetch budget, as
    /// the browser loader does. Returns the response and the files read.
    pub fn search_reading<E>(
        &mut self,
        request: &SearchRequest,
        mut read: impl FnMut(&str) -> Result<Vec<u8>, E>,
    ) -> Result<(SearchResponse, Vec<String>), ReadError<E>> {
        let mut req = request.clone();
        let mut fetched = Vec::new();
        loop {
            match self.search(&req) {
                Err(IndexError::MissingShards { files }) => {
                    for name in files {
                        let bytes = read(&name).map_err(|e| ReadError::Read(name.clone(), e))?;
                        self.add_shard(&name, &bytes)
                            .map_err(|e| ReadError::Shard(name.clone(), e))?;
                        fetched.push(name);
                        req.fetch_budget = req.fetch_budget.saturating_sub(1);
                    }
                }
                other => return other.map(|r| (r, fetched)).map_err(ReadError::Index),
            }
        }
    }
}
