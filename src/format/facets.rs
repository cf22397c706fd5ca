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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetColumn {
    /// The values, those with most documents first.
    pub values: Vec<FacetValue>,
    /// `doc_values[doc_start[d]..doc_start[d + 1]]` are the value numbers of doc `d`.
    doc_start: Vec<u32>,
    doc_values: Vec<u32>,
}

impl FacetColumn {
    /// A column from its values and, per document, its value numbers
    /// (ascending, unique, each below `values.len()`).
    pub fn new(values: Vec<FacetValue>, docs: impl IntoIterator<Item = Vec<u32>>) -> Self {
        let mut doc_start = vec![0];
        let mut doc_values = Vec::new();
        for vs in docs {
            doc_values.extend(vs);
            doc_start.push(doc_values.len() as u32);
        }
        FacetColumn {
            values,
            doc_start,
            doc_values,
        }
    }

    /// Value numbers (indexes into [`FacetColumn::values`]) carried by `doc`.
    pub fn of(&self, doc: u32) -> &[u32] {
        let d = doc as usize;
        match (self.doc_start.get(d), self.doc_start.get(d + 1)) {
            (Some(&a), Some(&b)) => self.doc_values.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
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
        self.doc_start.len().saturating_sub(1)
    }
}

/// The section's bytes, one column per facet in [`Facet::ALL`] order: the
/// value count, per value its code, Italian label and English label (empty
/// when the same as the Italian), then per document its values: 0 for none,
/// `v + 1` for the single value `v`, or the escape `count + 1` followed by the
/// number of values and the values.
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
        let escape = col.values.len() as u64 + 1;
        for d in 0..col.docs() {
            match col.of(d as u32) {
                [] => w.varint(0),
                [v] => w.varint(u64::from(*v) + 1),
                many => {
                    w.varint(escape);
                    w.varint(many.len() as u64);
                    for v in many {
                        w.varint(u64::from(*v));
                    }
                }
            }
        }
    }
    w.buf
}

/// Reads the section for `n` documents.
pub fn decode(bytes: &[u8], n: usize) -> Result<Vec<FacetColumn>, IndexError> {
    let mut r = Reader::new(bytes);
    let columns = Facet::ALL
        .iter()
        .map(|_| decode_column(&mut r, n))
        .collect::<Result<Vec<_>, _>>()
        .map_err(corrupt("FACETS"))?;
    if !r.is_empty() {
        return Err(IndexError::corrupt("section FACETS has trailing bytes"));
    }
    Ok(columns)
}

fn decode_column(r: &mut Reader<'_>, n: usize) -> Result<FacetColumn, Truncated> {
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
    let escape = count as u64 + 1;
    let mut doc_start = Vec::with_capacity(n + 1);
    let mut doc_values = Vec::with_capacity(n);
    doc_start.push(0);
    for _ in 0..n {
        match r.varint()? {
            0 => {}
            v if v == escape => {
                let many = r.count(1)?;
                let first = doc_values.len();
                for _ in 0..many {
                    let v = r.varint32()?;
                    let ascending =
                        doc_values.len() == first || doc_values.last().is_some_and(|&p| p < v);
                    if v as usize >= count || !ascending {
                        return Err(Truncated);
                    }
                    doc_values.push(v);
                }
            }
            v if v <= count as u64 => doc_values.push((v - 1) as u32),
            _ => return Err(Truncated),
        }
        doc_start.push(doc_values.len() as u32);
    }
    Ok(FacetColumn {
        values,
        doc_start,
        doc_values,
    })
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
}
