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
/// A one-word query matching fewer documents than this also gets typo
/// expansions; a query whose words all match fewer documents together is
/// relaxed.
pub const FEW: usize = 3;

/// The typo steps of [`Index::match_words`], in order: the stage, and which
/// words get it ([`wants`]). The first two are every query's; the others are
/// the fallbacks, taken while the words match nothing together.
const TYPO_STEPS: [(Stage, Rule); 5] = [
    (Stage::TypoSameFirst, Rule::FewOrWeak),
    (Stage::TypoAny, Rule::Weak),
    (Stage::TypoAny, Rule::TyposOnly),
    (Stage::TypoSameFirst, Rule::EveryUnlessTypos),
    (Stage::TypoAny, Rule::Weak),
];

/// Which words a typo step is for.
#[derive(Clone, Copy)]
enum Rule {
    /// Those with no match in a strong field (name, aliases, places), or
    /// none: only in the glossary, summary or vocabulary.
    Weak,
    /// Those weak, and the word of a one-word query with fewer than [`FEW`]
    /// matches (nothing else can show it misspelled).
    FewOrWeak,
    /// Those matched by typos only: the likeliest misspelled.
    TyposOnly,
    /// Every word (a rare one may be misspelled too), unless a word is
    /// matched by typos only: that one is the likeliest misspelled, the step
    /// before gave it all its typos, and the query is then relaxed rather
    /// than every other word's typo shards read for nothing.
    EveryUnlessTypos,
}

/// True when a typo step with `rule` is for a word whose matches so far are
/// `list`, in a one-word query or not (the step of
/// [`Rule::EveryUnlessTypos`] is skipped, not refused word by word).
fn wants(rule: Rule, list: &[Scored], one_word: bool) -> bool {
    let strong = list
        .iter()
        .any(|s| s.field < rank::FIELD_TIER[FIELD_GLOSSARY]);
    match rule {
        Rule::Weak => !strong,
        Rule::FewOrWeak => (one_word && list.len() < FEW) || !strong,
        Rule::TyposOnly => typos_only(list),
        Rule::EveryUnlessTypos => true,
    }
}

/// True when every one of a word's matches so far is a typo.
fn typos_only(list: &[Scored]) -> bool {
    list.iter().all(|s| s.typos > 0)
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
    /// Every word gets its exact, stem and prefix matches; a word with no
    /// match in a strong field (a one-word query's also with few matches)
    /// also its typos keeping the first letter, then, still weak, those
    /// changing it ([`TYPO_STEPS`]). When the words then match nothing
    /// together (and each matches something), the fallbacks, in order, until
    /// they do: a word matched by typos only gets those changing its first
    /// letter (it is the likeliest misspelled, and its typo shards are loaded);
    /// unless such a word is there, every word gets the typos keeping its
    /// first letter (a rare word may be a misspelling too); a word still weak
    /// gets those changing it. When fewer than [`FEW`] documents then have
    /// every word, the query is relaxed. A rare word's typos wait for the
    /// fallbacks: in a query whose words match together, they would cost a
    /// fetch round and its typo shards to add matches ranked below the exact
    /// ones.
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
        let within = |m: &[Scored]| {
            let mut n = 0;
            for s in m {
                n += usize::from(filters.fails(self, s.doc) == 0);
            }
            n
        };
        let mut done = [Stage::Exact; MAX_QUERY_WORDS];
        let mut all = Vec::new();
        for step in 0..=TYPO_STEPS.len() {
            // From the third step on, the fallbacks: only while the words match
            // nothing together. A word matching nothing even with its typos
            // leaves the intersection empty whatever the others' typos add.
            if step >= 2 {
                all = combine::intersect_all(&lists);
                if within(&all) > 0 || lists.iter().any(Vec::is_empty) {
                    break;
                }
            }
            let Some(&(stage, rule)) = TYPO_STEPS.get(step) else {
                break;
            };
            if matches!(rule, Rule::EveryUnlessTypos) && lists.iter().any(|l| typos_only(l)) {
                continue;
            }
            for (i, w) in words.iter().enumerate() {
                if done[i] < stage
                    && wants(rule, &lists[i], words.len() == 1)
                    && w.typo_budget() > 0
                {
                    self.add_stage(w, i, stage, &mut lists[i], matched)?;
                    done[i] = stage;
                }
            }
            self.asked()?;
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
