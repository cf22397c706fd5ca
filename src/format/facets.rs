//! The FACETS section: for each facet, its values with their labels, and each
//! document's value numbers.

use super::{corrupt, IndexError};
use crate::codec::{Reader, Truncated, Writer};
use crate::model::Facet;

/// One value of a facet, with its labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetValue {
    /// The code used in filters (`IT-25`, `oncology`).
    pub code: String,
    /// Italian label.
    pub label_it: String,
    /// English label.
    pub label_en: String,
}

/// A facet's values and which documents carry each.
///
/// In memory a document costs one code of the narrowest width its column
/// needs (a byte for up to 254 values): 0 for no value, `v + 1` for its one
/// value `v`, or [`FacetColumn::many`]'s code, its values then kept apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetColumn {
    /// The values, those with most documents first.
    pub values: Vec<FacetValue>,
    /// Per document, its code.
    codes: Codes,
    /// The documents with several values, ascending; the values of
    /// `many_docs[i]` are `many_values[many_start[i]..many_start[i + 1]]`.
    many_docs: Vec<u32>,
    many_start: Vec<u32>,
    many_values: Vec<u32>,
    /// `0..values.len()`: a document's one value as a slice of it.
    numbers: Vec<u32>,
    /// Per value, the documents carrying it: a browse's counts of a facet
    /// that no other facet's filter narrows.
    pub(crate) totals: Vec<usize>,
}

/// Per-document codes, little-endian, in the narrowest width (1, 2 or 4
/// bytes) that holds the largest. (One byte vector: no other vector type
/// in the browser build.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Codes {
    width: usize,
    bytes: Vec<u8>,
}

impl Codes {
    /// Room for `n` codes up to `max`.
    fn with_capacity(n: usize, max: u32) -> Codes {
        let width = match max {
            0..=0xff => 1,
            0x100..=0xffff => 2,
            _ => 4,
        };
        Codes {
            width,
            bytes: Vec::with_capacity(n * width),
        }
    }

    /// Appends `code` (at most the `max` the codes were made for).
    fn push(&mut self, code: u32) {
        self.bytes
            .extend_from_slice(&code.to_le_bytes()[..self.width]);
    }

    #[inline]
    fn get(&self, d: usize) -> Option<u32> {
        let b = &self.bytes;
        match self.width {
            1 => b.get(d).map(|&c| u32::from(c)),
            2 => Some(u32::from(u16::from_le_bytes([
                *b.get(2 * d)?,
                *b.get(2 * d + 1)?,
            ]))),
            _ => {
                let c = b.get(4 * d..4 * d + 4)?;
                Some(u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            }
        }
    }

    fn len(&self) -> usize {
        self.bytes.len() / self.width.max(1)
    }
}

impl FacetColumn {
    /// A column from its values and, per document, its value numbers
    /// (ascending, unique, each below `values.len()`).
    pub fn new(values: Vec<FacetValue>, docs: impl IntoIterator<Item = Vec<u32>>) -> Self {
        let mut col = FacetColumn::empty(values, 0);
        for vs in docs {
            col.push(&vs);
        }
        col
    }

    /// A column of `values` with room for `n` documents, none added yet.
    fn empty(values: Vec<FacetValue>, n: usize) -> Self {
        let count = values.len() as u32;
        FacetColumn {
            codes: Codes::with_capacity(n, count.saturating_add(1)),
            numbers: (0..count).collect(),
            values,
            many_docs: Vec::new(),
            many_start: vec![0],
            many_values: Vec::new(),
            totals: vec![0; count as usize],
        }
    }

    /// The code of a document with several values.
    #[inline]
    fn many(&self) -> u32 {
        self.numbers.len() as u32 + 1
    }

    /// Adds the next document, with `values`.
    fn push(&mut self, values: &[u32]) {
        for &v in values {
            if let Some(n) = self.totals.get_mut(v as usize) {
                *n += 1;
            }
        }
        match values {
            [] => self.codes.push(0),
            [v] => self.codes.push(v + 1),
            many => {
                self.many_docs.push(self.codes.len() as u32);
                self.codes.push(self.many());
                self.many_values.extend_from_slice(many);
                self.many_start.push(self.many_values.len() as u32);
            }
        }
    }

    /// Adds one to `counts[v]` for each value number `v` of each of `docs`
    /// (ascending): a query's matches, one column at a time. Documents with
    /// several values are found by a cursor moving forward through them (a
    /// binary search each made a browse of 185k records ~20 % slower).
    pub fn count_all(&self, docs: &[u32], counts: &mut [usize]) {
        let many = self.many();
        let mut at = 0;
        for &doc in docs {
            match self.codes.get(doc as usize) {
                None | Some(0) => {}
                Some(c) if c < many => {
                    if let Some(n) = counts.get_mut(c as usize - 1) {
                        *n += 1;
                    }
                }
                Some(_) => {
                    // At most one pass over the documents with several values.
                    while self.many_docs.get(at).is_some_and(|&d| d < doc) {
                        at += 1;
                    }
                    let (a, b) = (
                        self.many_start[at] as usize,
                        self.many_start[at + 1] as usize,
                    );
                    for &v in &self.many_values[a..b] {
                        counts[v as usize] += 1;
                    }
                }
            }
        }
    }

    /// True when `doc` carries a value `v` with `selected[v]`: [`FacetColumn::of`]
    /// with the one-value case inlined.
    #[inline]
    pub fn any_of(&self, doc: u32, selected: &[bool]) -> bool {
        match self.codes.get(doc as usize) {
            None | Some(0) => false,
            Some(c) if c < self.many() => selected.get(c as usize - 1) == Some(&true),
            Some(_) => self.of(doc).iter().any(|&v| selected[v as usize]),
        }
    }

    /// Value numbers (indexes into [`FacetColumn::values`]) carried by `doc`.
    pub fn of(&self, doc: u32) -> &[u32] {
        match self.codes.get(doc as usize) {
            None | Some(0) => &[],
            Some(c) if c == self.many() => {
                let Ok(i) = self.many_docs.binary_search(&doc) else {
                    return &[];
                };
                let (a, b) = (self.many_start[i] as usize, self.many_start[i + 1] as usize);
                &self.many_values[a..b]
            }
            Some(c) => {
                let v = c as usize - 1;
                &self.numbers[v..=v]
            }
        }
    }

    /// The value number of `code`, if the index has it.
    pub fn find(&self, code: &str) -> Option<u32> {
        self.values
            .iter()
            .position(|v| v.code == code)
            .map(|i| i as u32)
    }

    fn docs(&self) -> usize {
        self.codes.len()
    }
}

/// Position of the region and country columns in [`Facet::ALL`].
const REGION: usize = 0;
const COUNTRY: usize = 1;

/// The order the per-document columns are written in: the country before
/// the region, whose numbers depend on it.
const DOC_ORDER: [usize; 4] = [COUNTRY, REGION, 2, 3];

/// The section's bytes (FORMAT.md, FACETS): the four columns' values, each
/// region's country, then the columns' per-document values, country first.
pub fn encode(columns: &[FacetColumn]) -> Vec<u8> {
    let mut w = Writer::new();
    for col in columns {
        w.varint(col.values.len() as u64);
        for v in &col.values {
            w.str(&v.code);
            w.str(&v.label_it);
            w.str(if v.label_en == v.label_it {
                ""
            } else {
                &v.label_en
            });
        }
    }
    let parents = region_parents(&columns[REGION], &columns[COUNTRY]);
    for p in &parents {
        w.varint(p.map_or(0, |c| u64::from(c) + 1));
    }
    let children = Children::of(&parents, columns[COUNTRY].values.len());
    for c in DOC_ORDER {
        let col = &columns[c];
        for d in 0..col.docs() as u32 {
            let values = col.of(d);
            if c == REGION {
                let country = columns[COUNTRY].of(d);
                if let Some(k) = children.number(values, country) {
                    w.varint(k as u64 + 2);
                    continue;
                }
                match values {
                    [] => w.varint(0),
                    many => escape(&mut w, 1, many),
                }
                continue;
            }
            match values {
                [] => w.varint(0),
                [v] => w.varint(u64::from(*v) + 1),
                many => escape(&mut w, col.values.len() as u64 + 1, many),
            }
        }
    }
    w.buf
}

/// The escape `code`, then the number of values and the values.
fn escape(w: &mut Writer, code: u64, values: &[u32]) {
    w.varint(code);
    w.varint(values.len() as u64);
    for v in values {
        w.varint(u64::from(*v));
    }
}

/// Each region's country: the one most documents with that region alone
/// carry as their only country (the lowest number on a tie), if any.
fn region_parents(regions: &FacetColumn, countries: &FacetColumn) -> Vec<Option<u32>> {
    let mut pairs: Vec<(u32, u32)> = (0..regions.docs() as u32)
        .filter_map(|d| match (regions.of(d), countries.of(d)) {
            ([r], [c]) => Some((*r, *c)),
            _ => None,
        })
        .collect();
    pairs.sort_unstable();
    let mut parents = vec![None; regions.values.len()];
    for run in pairs.chunk_by(|a, b| a == b) {
        let (r, c) = run[0];
        let best = parents[r as usize];
        let n = run.len();
        if best.is_none_or(|(_, m)| n > m) {
            parents[r as usize] = Some((c, n));
        }
    }
    parents.into_iter().map(|p| p.map(|(c, _)| c)).collect()
}

/// Per country, its regions (those whose parent it is), in value order: the
/// regions of country `c` are `regions[start[c]..start[c + 1]]`.
#[derive(Debug, PartialEq, Eq)]
struct Children {
    start: Vec<u32>,
    regions: Vec<u32>,
}

impl Children {
    fn of(parents: &[Option<u32>], countries: usize) -> Children {
        // Counting sort by country: counts shifted by two, summed, then each
        // country's slot advanced as its regions are placed.
        let mut start = vec![0u32; countries + 2];
        for &c in parents.iter().flatten() {
            start[c as usize + 2] += 1;
        }
        for i in 2..start.len() {
            start[i] += start[i - 1];
        }
        let mut regions = vec![0u32; start[countries + 1] as usize];
        for (r, p) in parents.iter().enumerate() {
            if let Some(c) = p {
                let slot = &mut start[*c as usize + 1];
                regions[*slot as usize] = r as u32;
                *slot += 1;
            }
        }
        start.pop();
        Children { start, regions }
    }

    /// Regions of country `c`.
    fn of_country(&self, c: u32) -> &[u32] {
        let c = c as usize;
        match (self.start.get(c), self.start.get(c + 1)) {
            (Some(&a), Some(&b)) => &self.regions[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The position of a document's one region among its one country's regions.
    fn number(&self, regions: &[u32], country: &[u32]) -> Option<usize> {
        match (regions, country) {
            ([r], [c]) => self.of_country(*c).iter().position(|x| x == r),
            _ => None,
        }
    }
}

/// Reads the section for `n` documents.
pub fn decode(bytes: &[u8], n: usize) -> Result<Vec<FacetColumn>, IndexError> {
    decode_columns(&mut Reader::new(bytes), n)
        .map_err(corrupt("FACETS"))
        .and_then(|(columns, rest)| {
            if rest {
                return Err(IndexError::corrupt("section FACETS has trailing bytes"));
            }
            Ok(columns)
        })
}

/// The columns, and whether bytes are left over.
fn decode_columns(r: &mut Reader<'_>, n: usize) -> Result<(Vec<FacetColumn>, bool), Truncated> {
    let mut columns = Vec::with_capacity(Facet::ALL.len());
    for _ in Facet::ALL {
        columns.push(FacetColumn::empty(decode_values(r)?, n));
    }
    let countries = columns[COUNTRY].values.len();
    let mut parents = Vec::with_capacity(columns[REGION].values.len());
    for _ in 0..columns[REGION].values.len() {
        let p = r.varint()?;
        if p as usize > countries {
            return Err(Truncated);
        }
        parents.push(p.checked_sub(1).map(|c| c as u32));
    }
    let children = Children::of(&parents, countries);
    for &c in DOC_ORDER.iter() {
        let count = columns[c].values.len();
        // Regions: 0 none, 1 escape, k + 2 the country's k-th region.
        let escape = if c == REGION { 1 } else { count as u64 + 1 };
        let mut values = Vec::new();
        for d in 0..n {
            values.clear();
            match r.varint()? {
                0 => {}
                v if v == escape => decode_many(r, count, &mut values)?,
                v => {
                    let one = if c == REGION {
                        match columns[COUNTRY].of(d as u32) {
                            [country] => children.of_country(*country).get(v as usize - 2).copied(),
                            _ => None,
                        }
                    } else {
                        (v <= count as u64).then(|| (v - 1) as u32)
                    };
                    values.push(one.ok_or(Truncated)?);
                }
            }
            columns[c].push(&values);
        }
    }
    Ok((columns, !r.is_empty()))
}

/// A column's values (code, Italian and English labels).
fn decode_values(r: &mut Reader<'_>) -> Result<Vec<FacetValue>, Truncated> {
    let count = r.count(1)?;
    let mut values = Vec::with_capacity(count);
    for _ in 0..count {
        let code = r.str()?.to_string();
        let label_it = r.str()?.to_string();
        let label_en = match r.str()? {
            "" => label_it.clone(),
            en => en.to_string(),
        };
        values.push(FacetValue {
            code,
            label_it,
            label_en,
        });
    }
    Ok(values)
}

/// An escaped list onto `values`: its length, then ascending value numbers
/// below `count`.
fn decode_many(r: &mut Reader<'_>, count: usize, values: &mut Vec<u32>) -> Result<(), Truncated> {
    let first = values.len();
    for _ in 0..r.count(1)? {
        let v = r.varint32()?;
        let ascending = values.len() == first || values.last().is_some_and(|&p| p < v);
        if v as usize >= count || !ascending {
            return Err(Truncated);
        }
        values.push(v);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(code: &str, it: &str, en: &str) -> FacetValue {
        FacetValue {
            code: code.into(),
            label_it: it.into(),
            label_en: en.into(),
        }
    }

    #[test]
    fn round_trip_with_none_one_and_many_values() {
        let docs = || vec![vec![], vec![0], vec![1], vec![0, 1], vec![1]];
        let columns: Vec<FacetColumn> = Facet::ALL
            .iter()
            .map(|_| {
                FacetColumn::new(
                    vec![
                        value("IT", "Italia", "Italy"),
                        value("FR", "Francia", "Francia"),
                    ],
                    docs(),
                )
            })
            .collect();
        let bytes = encode(&columns);
        let back = decode(&bytes, 5).unwrap();
        assert_eq!(back, columns);
        assert_eq!(back[0].of(3), &[0, 1]);
        assert_eq!(back[0].find("FR"), Some(1));
        // A document count that does not match is refused.
        assert!(decode(&bytes, 4).is_err());
        assert!(decode(&bytes, 6).is_err());
    }

    #[test]
    fn codes_take_the_narrowest_width_that_holds_every_value() {
        for (count, width) in [(3u32, 1), (254, 1), (255, 2), (65_534, 2), (65_535, 4)] {
            let values = (0..count).map(|i| value(&i.to_string(), "", "")).collect();
            let last = count - 1;
            let docs = vec![vec![last], vec![], vec![0, last], vec![0], vec![1, 2]];
            let col = FacetColumn::new(values, docs.clone());
            assert_eq!(col.codes.width, width, "{count} values");
            for (d, want) in docs.iter().enumerate() {
                assert_eq!(col.of(d as u32), want, "{count} values, doc {d}");
            }
            assert_eq!(col.of(5), &[] as &[u32], "past the last document");
        }
    }

    #[test]
    fn counting_a_column_at_once_agrees_with_each_documents_values() {
        let mut next = crate::test_rng::below(0x9e37_79b9_7f4a_7c15);
        for count in [3u32, 300] {
            // None, one or several values (ascending, unique) per document.
            let docs: Vec<Vec<u32>> = (0..2000)
                .map(|_| {
                    let mut vs: Vec<u32> =
                        (0..next(4)).map(|_| next(count.into()) as u32).collect();
                    vs.sort_unstable();
                    vs.dedup();
                    vs
                })
                .collect();
            let values = (0..count).map(|i| value(&i.to_string(), "", "")).collect();
            let col = FacetColumn::new(values, docs.clone());
            // Every document, a sparse and a dense subset, and none.
            for keep in [1, 2, 50, u64::MAX] {
                let subset: Vec<u32> = (0..docs.len() as u32).filter(|_| next(keep) == 0).collect();
                let mut want = vec![0usize; count as usize];
                for &d in &subset {
                    for &v in &docs[d as usize] {
                        want[v as usize] += 1;
                    }
                }
                let mut got = vec![0usize; count as usize];
                col.count_all(&subset, &mut got);
                assert_eq!(got, want, "{count} values, 1 in {keep} documents");
                if keep == 1 {
                    assert_eq!(col.totals, want, "the totals kept as the column is read");
                }
            }
        }
    }

    #[test]
    fn regions_are_numbered_within_their_country_and_odd_ones_escaped() {
        let values = |codes: &[&str]| codes.iter().map(|c| value(c, c, c)).collect::<Vec<_>>();
        // Regions 0 and 2 are Italian, 1 French; doc 3 puts region 2 in France,
        // doc 4 has two countries, doc 5 a region and no country.
        let regions = vec![vec![0], vec![2], vec![1], vec![2], vec![0], vec![1], vec![]];
        let countries = vec![
            vec![0],
            vec![0],
            vec![1],
            vec![1],
            vec![0, 1],
            vec![],
            vec![0],
        ];
        let columns = vec![
            FacetColumn::new(values(&["IT-1", "FR-1", "IT-2"]), regions),
            FacetColumn::new(values(&["IT", "FR"]), countries),
            FacetColumn::new(values(&["a"]), vec![vec![0]; 7]),
            FacetColumn::new(values(&["k"]), vec![vec![]; 7]),
        ];
        let bytes = encode(&columns);
        assert_eq!(decode(&bytes, 7).unwrap(), columns);
        let parents = region_parents(&columns[REGION], &columns[COUNTRY]);
        assert_eq!(parents, vec![Some(0), Some(1), Some(0)]);
        let children = Children::of(&parents, 2);
        assert_eq!(
            (children.of_country(0), children.of_country(1)),
            (&[0, 2][..], &[1][..])
        );
        assert_eq!(children.of_country(2), &[] as &[u32]);
        // After the labels and the parents (1, 2, 1): the country column
        // 1 1 2 2 (escape 3: 2 values, 0 1) 0 1, then the region column:
        // 2 (IT's first), 3 (IT's second), 2 (FR's first), 1 1 2 (escaped:
        // IT-2 in France), 1 1 0 (two countries), 1 1 1 (no country), 0.
        let labels: usize = columns
            .iter()
            .map(|c| 1 + c.values.len() * (2 + 2 * c.values[0].code.len() + 1))
            .sum();
        let doc_part = &bytes[labels + 3..];
        assert_eq!(
            &doc_part[..23],
            &[1, 1, 2, 2, 3, 2, 0, 1, 0, 1, 2, 3, 2, 1, 1, 2, 1, 1, 0, 1, 1, 1, 0]
        );
    }
}
