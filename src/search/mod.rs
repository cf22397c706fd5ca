//! Query execution as named stages, run by [`Index::search`]:
//!
//! 1. [`query`]: the query's words, folded as the dictionary spells them;
//! 2. [`matching`]: each word's matches: the word, its stem's other forms and
//!    (last word) the words it starts; typos beside few or weak matches;
//! 3. [`combine`]: documents matching every word, or, when fewer than
//!    [`FEW`] do, also those matching fewer words, ranked below (a *relaxed*
//!    query, like Algolia's `removeWordsIfNoResults` when none does);
//! 4. [`rank`]: the ranking rules, in order;
//! 5. [`facets`]: filters and disjunctive facet counts;
//! 6. [`hits`]: the page's stored fields, snippets and highlights.
//!
//! Scoring (field weights, BM25F, IDF) is [`crate::scoring`].

pub mod combine;
pub mod facets;
pub mod hits;
pub mod matching;
pub(crate) mod memo;
pub mod query;
pub mod rank;

use crate::format::IndexError;
use crate::index::Index;
use crate::response::{FacetCounts, SearchRequest, SearchResponse};
use crate::scoring::FIELD_GLOSSARY;
use crate::snippet::MatchedTerms;
use crate::sort::top_k;
use facets::Filters;
use matching::Stage;
use query::Word;
use rank::{rank, Scored};

pub use matching::MAX_EXPANSIONS;
pub use query::{typo_budget, MAX_QUERY_BYTES, MAX_QUERY_WORDS};

/// What a search finds before its hits' stored fields: the page of matches,
/// the total, the facet counts, the words a relaxed query left out and the
/// terms to highlight.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    page: Vec<Scored>,
    total: usize,
    facets: FacetCounts,
    facet_totals: [u32; 4],
    left_out: Vec<String>,
    matched: MatchedTerms,
}

/// Most hits one request may return.
pub const MAX_LIMIT: usize = 1000;
/// A word matching fewer documents than this also gets typo expansions; a
/// query whose words all match fewer documents together is relaxed.
pub const FEW: usize = 3;

/// True when a word's matches so far are few, or only in weak fields (the
/// glossary, summary or vocabulary): it then also gets the typos that keep
/// its first letter.
fn few_or_weak(list: &[Scored]) -> bool {
    list.len() < FEW || weak_only(list)
}

/// True when none of a word's matches so far is in a strong field (name,
/// aliases, places), or it has none: it then also gets the typos that change
/// its first letter (the whole dictionary, so not merely for being rare).
fn weak_only(list: &[Scored]) -> bool {
    !list
        .iter()
        .any(|s| s.field < rank::FIELD_TIER[FIELD_GLOSSARY])
}

impl Index {
    /// Runs `request` against the index.
    ///
    /// Records must match every word; when none does (within the filters),
    /// those matching the most words are returned and the response lists the
    /// words left out. The last word also matches as a prefix unless the
    /// query ends with a space. Words of 5+ letters tolerate one typo, 9+ two.
    /// Hits are ordered by the ranking rules of [`rank`].
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, IndexError> {
        self.start_fetch(request.fetch_budget);
        self.fetch_state().memo.start(&request.query);
        // The answer of this request's run that stopped for its hits' doc
        // shards only (see [`memo`]), else worked out afresh.
        let key = memo::shape(request);
        let kept = self.fetch_state().memo.answer(key);
        let a = match kept {
            Some(a) => a,
            None => self.answer(request)?,
        };
        let hits = match self.hits(&a.page, &a.matched, request.lang) {
            Err(e @ IndexError::MissingShards { .. }) => {
                let mut f = self.fetch_state();
                if f.pending.is_empty() {
                    f.memo.keep_answer(key, a);
                }
                return Err(e);
            }
            other => other?,
        };
        let pending = self.pending_fetches();
        Ok(SearchResponse {
            query: request.query.clone(),
            total: a.total,
            hits,
            facets: a.facets,
            facet_totals: a.facet_totals,
            relaxed: !a.left_out.is_empty(),
            left_out: a.left_out,
            partial: !pending.is_empty(),
            pending,
        })
    }

    /// What `request` finds before its hits' stored fields are read.
    fn answer(&self, request: &SearchRequest) -> Result<Answer, IndexError> {
        let words = query::words(&self.fold, query::cut(&request.query));
        let filters = Filters::new(self, request);
        let mut matched = MatchedTerms::default();
        let wanted = request.offset.saturating_add(request.limit.min(MAX_LIMIT));
        let mut left_out = Vec::new();
        let (page, total, facets, facet_totals) = if words.is_empty() {
            // Browsing keeps doc order, which is name order: only the page is kept.
            self.filter_and_count(None, request.offset..wanted, request, &filters)
        } else {
            let (matches, relaxed) = self.match_words(&words, &filters, &mut matched)?;
            // Every passing match comes back (the page range is a browse's):
            // ranking picks the page.
            let (mut hits, total, facets, totals) =
                self.filter_and_count(Some(matches), 0..0, request, &filters);
            top_k(&mut hits, wanted, rank);
            if let Some(best) = hits.first().filter(|_| relaxed) {
                for (i, w) in words.iter().enumerate() {
                    if best.words & (1 << i) == 0 {
                        left_out.push(w.typed.clone());
                    }
                }
            }
            let page = hits.get(request.offset.min(hits.len())..).unwrap_or(&[]);
            (page.to_vec(), total, facets, totals)
        };
        Ok(Answer {
            page,
            total,
            facets,
            facet_totals,
            left_out,
            matched,
        })
    }

    /// The documents matching the query's words, and whether the query was
    /// relaxed (fewer than [`FEW`] documents within the filters match every
    /// word: those matching fewer words follow them).
    ///
    /// Every word gets its exact, stem and prefix matches; a word whose
    /// matches are few or weak ([`few_or_weak`]) also its typos keeping the
    /// first letter, and one with no match in a strong field ([`weak_only`])
    /// those changing it. When the words then match nothing together, every
    /// word gets the typos keeping its first letter (and, with no strong
    /// match, the others), unless a word matches nothing at all; when fewer
    /// than [`FEW`] documents then have every word, the query is relaxed.
    fn match_words(
        &self,
        words: &[Word],
        filters: &Filters,
        matched: &mut MatchedTerms,
    ) -> Result<(Vec<Scored>, bool), IndexError> {
        let mut lists = Vec::with_capacity(words.len());
        // Each stage asks for every word's shard files, then waits for them.
        for (i, w) in words.iter().enumerate() {
            lists.push(self.match_word(w, i, Stage::Exact, matched)?);
        }
        self.ask_ahead(words);
        self.asked()?;
        let mut done = [Stage::Exact; MAX_QUERY_WORDS];
        for stage in [Stage::TypoSameFirst, Stage::TypoAny] {
            let wants = match stage {
                Stage::TypoSameFirst => few_or_weak,
                _ => weak_only,
            };
            for (i, w) in words.iter().enumerate() {
                if wants(&lists[i]) && w.typo_budget() > 0 {
                    self.add_stage(w, i, stage, &mut lists[i], matched)?;
                    done[i] = stage;
                }
            }
            self.asked()?;
        }
        let within = |m: &[Scored]| {
            let mut n = 0;
            for s in m {
                n += usize::from(filters.fails(self, s.doc) == 0);
            }
            n
        };
        let mut all = combine::intersect_all(&lists);
        for stage in [Stage::TypoSameFirst, Stage::TypoAny] {
            // A word that matches nothing even with its typos leaves the
            // intersection empty whatever the others' typos add.
            if within(&all) > 0 || lists.iter().any(Vec::is_empty) {
                break;
            }
            for (i, w) in words.iter().enumerate() {
                let wanted = stage == Stage::TypoSameFirst || weak_only(&lists[i]);
                if done[i] < stage && wanted && w.typo_budget() > 0 {
                    self.add_stage(w, i, stage, &mut lists[i], matched)?;
                    done[i] = stage;
                }
            }
            self.asked()?;
            all = combine::intersect_all(&lists);
        }
        // Few records with every word: those with the most words follow them.
        let relaxed = within(&all) < FEW && words.len() > 1;
        if relaxed {
            all = combine::union_all(&lists);
        }
        Ok((all, relaxed))
    }

    /// Asks, in the exact stage's round of fetches (if it has one), for the
    /// typo directory files of the words allowed typos (read by a typo pass,
    /// if one follows), which then starts a round earlier ([`Index::want`]:
    /// never in place of files a stage needs).
    fn ask_ahead(&self, words: &[Word]) {
        // Nothing to join (the common case once the shards are loaded): no
        // file names worked out for nothing.
        if !self.round_under_way() {
            return;
        }
        for w in words {
            if w.typo_budget() > 0 {
                self.want(self.typo_dir_files(&w.term));
            }
        }
    }

    /// Adds `stage`'s matches of word `i` to its `list`.
    fn add_stage(
        &self,
        w: &Word,
        i: usize,
        stage: Stage,
        list: &mut Vec<Scored>,
        matched: &mut MatchedTerms,
    ) -> Result<(), IndexError> {
        let more = self.match_word(w, i, stage, matched)?;
        if !more.is_empty() {
            let mut all = core::mem::take(list);
            all.extend(more);
            *list = matching::best_per_doc(all);
        }
        Ok(())
    }
}
