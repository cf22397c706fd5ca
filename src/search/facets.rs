//! Stage 5: filters and facet counts, in one pass over the matches.

use super::rank::Scored;
use crate::facet_query::{code_starts, value_matches};
use crate::index::Index;
use crate::model::{Facet, Lang};
use crate::response::{FacetCount, FacetCounts, SearchRequest};
use crate::sort::sort_by;
use crate::text::fold;

/// The request's filters, resolved to value numbers.
pub(crate) struct Filters {
    /// Per facet, per value: selected.
    selected: Vec<Vec<bool>>,
    /// Facets with a filter.
    active: Vec<usize>,
}

impl Filters {
    /// Resolves `request`'s filters against `index`'s facet values.
    pub fn new(index: &Index, request: &SearchRequest) -> Filters {
        // One loop rather than two iterator chains: a smaller engine.
        let (mut selected, mut active) = (Vec::new(), Vec::new());
        for f in Facet::ALL {
            let col = index.facet(f);
            let codes = &request.filters[f.index()];
            let mut sel = vec![false; col.values.len()];
            for code in codes {
                if let Some(v) = col.find(code) {
                    sel[v as usize] = true;
                }
            }
            selected.push(sel);
            if !codes.is_empty() {
                active.push(f.index());
            }
        }
        Filters { selected, active }
    }

    /// Bit `f` set for each facet `f` whose filter `doc` fails.
    #[inline]
    pub fn fails(&self, index: &Index, doc: u32) -> u32 {
        let mut fails = 0u32;
        for &f in &self.active {
            if !index.facets[f].any_of(doc, &self.selected[f]) {
                fails |= 1 << f;
            }
        }
        fails
    }
}

impl Index {
    /// Applies the filters to `matches` (every document when `None`, a
    /// browse) and counts the facet values. Returns the hits (a browse: those
    /// whose position among all hits lies in `page`), the number of hits, the
    /// counts and how many values each facet list had before its cut.
    ///
    /// A facet's counts include documents that pass every *other* facet's filter
    /// (disjunctive faceting), so selecting a region leaves the other regions'
    /// counts visible.
    pub(crate) fn filter_and_count(
        &self,
        matches: Option<Vec<Scored>>,
        page: core::ops::Range<usize>,
        request: &SearchRequest,
        filters: &Filters,
    ) -> (Vec<Scored>, usize, FacetCounts, [u32; 4]) {
        // The documents passing every filter, and per facet those failing its
        // filter alone (they count for its values).
        let mut pass: Vec<u32> = Vec::new();
        let mut near: [Vec<u32>; 4] = Default::default();
        // A browse filtered by one facet at most counts that facet (every
        // facet, unfiltered) over every document: the column's totals.
        let whole = matches.is_none() && filters.active.len() < 2;
        let (hits, total) = match matches {
            // No filter: every match passes, in place (a query's matches number
            // tens of thousands at 185k records).
            Some(m) if filters.active.is_empty() => {
                for s in &m {
                    pass.push(s.doc);
                }
                (m, pass.len())
            }
            _ => {
                let n = matches.as_ref().map_or(self.records as usize, Vec::len);
                let (mut hits, mut total) = (Vec::new(), 0);
                for i in 0..n {
                    let s = match &matches {
                        Some(m) => m[i],
                        None => Scored::plain(i as u32),
                    };
                    let fails = filters.fails(self, s.doc);
                    if fails == 0 {
                        if matches.is_some() || page.contains(&total) {
                            hits.push(s);
                        }
                        total += 1;
                        pass.push(s.doc);
                    } else if let Some(docs) = near.get_mut(fails.trailing_zeros() as usize) {
                        if fails.is_power_of_two() && !whole {
                            docs.push(s.doc);
                        }
                    }
                }
                (hits, total)
            }
        };
        let mut counts: Vec<Vec<usize>> = Vec::new();
        for (f, (col, docs)) in self.facets.iter().zip(&near).enumerate() {
            if whole && filters.active.iter().all(|&a| a == f) {
                counts.push(col.totals.clone());
                continue;
            }
            let mut c = vec![0; col.values.len()];
            col.count_all(&pass, &mut c);
            col.count_all(docs, &mut c);
            counts.push(c);
        }
        let (facets, totals) = self.facet_lists(&counts, request, filters);
        (hits, total, facets, totals)
    }

    /// The facet value lists from `counts`: most hits first, selected values
    /// always listed (with the request's `facet_query`, only the values matching
    /// it), cut to the request's facet limit; and their lengths before the cut.
    fn facet_lists(
        &self,
        counts: &[Vec<usize>],
        request: &SearchRequest,
        filters: &Filters,
    ) -> (FacetCounts, [u32; 4]) {
        let mut out = FacetCounts::default();
        let mut totals = [0u32; 4];
        for f in Facet::ALL {
            let col = self.facet(f);
            let needle = match &request.facet_query {
                Some((qf, text)) if *qf == f => Some(fold(self.fold_table(), text)),
                _ => None,
            };
            let list = out.get_mut(f);
            for (v, value) in col.values.iter().enumerate() {
                let sel = filters.selected[f.index()][v];
                if (counts[f.index()][v] > 0 || sel)
                    && needle
                        .as_ref()
                        .is_none_or(|n| value_matches(self, n, value))
                {
                    let label = match request.lang {
                        Lang::It => &value.label_it,
                        Lang::En => &value.label_en,
                    };
                    list.push(FacetCount {
                        value: value.code.clone(),
                        label: label.clone(),
                        count: counts[f.index()][v],
                        selected: sel,
                    });
                }
            }
            // Selected codes the index does not know are listed too, so they can be removed.
            for code in &request.filters[f.index()] {
                if col.find(code).is_none()
                    && !list.iter().any(|c| &c.value == code)
                    && needle.as_ref().is_none_or(|n| code_starts(self, n, code))
                {
                    list.push(FacetCount {
                        value: code.clone(),
                        label: code.clone(),
                        count: 0,
                        selected: true,
                    });
                }
            }
            sort_by(list, |a, b| {
                b.count
                    .cmp(&a.count)
                    .then_with(|| a.label.cmp(&b.label))
                    .then_with(|| a.value.cmp(&b.value))
            });
            totals[f.index()] = u32::try_from(list.len()).unwrap_or(u32::MAX);
            if request.facet_limit > 0 && list.len() > request.facet_limit {
                // Keep the first `facet_limit` values, and every selected one after them.
                let mut i = 0;
                list.retain(|c| {
                    i += 1;
                    i <= request.facet_limit || c.selected
                });
            }
        }
        (out, totals)
    }
}
