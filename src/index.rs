//! A loaded index: the read side of the format written by the builder.
//!
//! Loading checks the header (magic, version, checksums) and decodes every
//! section eagerly, so that a damaged file is refused at load time and search
//! never meets malformed data.

use crate::codec::{Reader, Truncated};
use crate::format::{open, IndexError};
use crate::model::{Facet, Kind};
use crate::text::FoldTable;

/// Number of searchable fields.
pub const FIELD_COUNT: usize = 4;
/// Field: the name and English name.
pub const FIELD_TITLE: usize = 0;
/// Field: acronyms and other spellings.
pub const FIELD_ALIASES: usize = 1;
/// Field: city, places, sectors and related records' names.
pub const FIELD_CONTEXT: usize = 2;
/// Field: the summary.
pub const FIELD_SUMMARY: usize = 3;

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
#[derive(Debug, Clone, Default)]
pub struct FacetColumn {
    /// The values, ordered by code.
    pub values: Vec<FacetValue>,
    /// `doc_values[doc_start[d]..doc_start[d + 1]]` are the value numbers of doc `d`.
    doc_start: Vec<u32>,
    doc_values: Vec<u32>,
}

impl FacetColumn {
    /// Value numbers (indexes into [`FacetColumn::values`]) carried by `doc`.
    pub fn of(&self, doc: u32) -> &[u32] {
        let d = doc as usize;
        match (self.doc_start.get(d), self.doc_start.get(d + 1)) {
            (Some(&a), Some(&b)) => &self.doc_values[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The value number of `code`, if the index has it.
    pub fn find(&self, code: &str) -> Option<u32> {
        self.values.binary_search_by(|v| v.code.as_str().cmp(code)).ok().map(|i| i as u32)
    }
}

/// A record's stored fields, as needed to display it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDoc<'a> {
    /// Stable id.
    pub id: &'a str,
    /// Initiative or partner.
    pub kind: Kind,
    /// Name as given.
    pub name: &'a str,
    /// English name, possibly empty.
    pub name_en: &'a str,
    /// Web address, possibly empty.
    pub url: &'a str,
    /// Summary, possibly empty.
    pub summary: &'a str,
    /// City, possibly empty.
    pub city: &'a str,
    /// Doc ids of related records.
    pub related: Vec<u32>,
}

/// A searchable index in memory.
#[derive(Debug)]
pub struct Index {
    pub(crate) records: u32,
    pub(crate) avg_field_len: [f32; FIELD_COUNT],
    pub(crate) fold: FoldTable,
    pub(crate) facets: Vec<FacetColumn>,
    pub(crate) terms: fst::Map<Vec<u8>>,
    pub(crate) postings: Vec<u8>,
    pub(crate) field_lengths: Vec<u8>,
    doc_offsets: Vec<u32>,
    doc_blob: Vec<u8>,
}

fn corrupt(section: &'static str) -> impl Fn(Truncated) -> IndexError {
    move |_| IndexError::corrupt(format!("section {section} cannot be decoded"))
}

impl Index {
    /// Loads an index from the bytes of an index file.
    pub fn from_bytes(file: &[u8]) -> Result<Index, IndexError> {
        let payload = open(file)?;
        let mut r = Reader::new(payload);
        let meta = r.bytes().map_err(corrupt("META"))?;
        let fold = r.bytes().map_err(corrupt("FOLD"))?;
        let facets = r.bytes().map_err(corrupt("FACETS"))?;
        let terms = r.bytes().map_err(corrupt("TERMS"))?;
        let postings = r.bytes().map_err(corrupt("POSTINGS"))?;
        let field_lengths = r.bytes().map_err(corrupt("FIELD_LENGTHS"))?;
        let docs = r.bytes().map_err(corrupt("DOCS"))?;
        if !r.is_empty() {
            return Err(IndexError::corrupt("trailing bytes after the last section"));
        }

        let mut m = Reader::new(meta);
        let records = m.varint32().map_err(corrupt("META"))?;
        let term_count = m.varint().map_err(corrupt("META"))?;
        let mut avg_field_len = [0f32; FIELD_COUNT];
        for a in &mut avg_field_len {
            *a = m.f32().map_err(corrupt("META"))?;
        }
        let n = records as usize;

        let fold = decode_fold(fold).map_err(corrupt("FOLD"))?;
        let facets = decode_facets(facets, n).map_err(corrupt("FACETS"))?;
        let terms = fst::Map::new(terms.to_vec()).map_err(|e| IndexError::corrupt(format!("term dictionary: {e}")))?;
        if terms.len() as u64 != term_count {
            return Err(IndexError::corrupt("term count disagrees with the dictionary"));
        }
        if field_lengths.len() != n * FIELD_COUNT {
            return Err(IndexError::corrupt("field lengths do not match the record count"));
        }
        let offsets_len = n.checked_mul(4).filter(|&l| l <= docs.len()).ok_or_else(|| IndexError::corrupt("DOCS too short"))?;
        let mut or = Reader::new(&docs[..offsets_len]);
        let doc_offsets: Vec<u32> = (0..n).map(|_| or.u32()).collect::<Result<_, _>>().map_err(corrupt("DOCS"))?;
        let index = Index {
            records,
            avg_field_len,
            fold,
            facets,
            terms,
            postings: postings.to_vec(),
            field_lengths: field_lengths.to_vec(),
            doc_offsets,
            doc_blob: docs[offsets_len..].to_vec(),
        };
        // Every stored document must decode, and every posting list must be sound.
        for d in 0..records {
            index.doc(d)?;
        }
        index.check_postings()?;
        Ok(index)
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.records as usize
    }

    /// True when the index holds no record.
    pub fn is_empty(&self) -> bool {
        self.records == 0
    }

    /// Number of distinct terms.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// The fold table the builder stored.
    pub fn fold_table(&self) -> &FoldTable {
        &self.fold
    }

    /// The values of `facet` and their documents.
    pub fn facet(&self, facet: Facet) -> &FacetColumn {
        &self.facets[facet.index()]
    }

    /// Token count of `field` in `doc` (capped at 255).
    pub(crate) fn field_len(&self, doc: u32, field: usize) -> u8 {
        self.field_lengths.get(doc as usize * FIELD_COUNT + field).copied().unwrap_or(0)
    }

    /// The stored fields of `doc`.
    pub fn doc(&self, doc: u32) -> Result<StoredDoc<'_>, IndexError> {
        let bad = corrupt("DOCS");
        let start = *self.doc_offsets.get(doc as usize).ok_or_else(|| IndexError::corrupt("doc id out of range"))? as usize;
        let mut r = Reader::new(self.doc_blob.get(start..).ok_or_else(|| IndexError::corrupt("doc offset out of range"))?);
        let id = r.str().map_err(&bad)?;
        let kind = match r.u8().map_err(&bad)? {
            0 => Kind::Initiative,
            1 => Kind::Partner,
            _ => return Err(IndexError::corrupt("unknown record kind")),
        };
        let name = r.str().map_err(&bad)?;
        let name_en = r.str().map_err(&bad)?;
        let url = r.str().map_err(&bad)?;
        let summary = r.str().map_err(&bad)?;
        let city = r.str().map_err(&bad)?;
        let count = r.count(1).map_err(&bad)?;
        let mut related = Vec::with_capacity(count);
        for _ in 0..count {
            let rd = r.varint32().map_err(&bad)?;
            if rd >= self.records {
                return Err(IndexError::corrupt("related record out of range"));
            }
            related.push(rd);
        }
        Ok(StoredDoc { id, kind, name, name_en, url, summary, city, related })
    }

    /// Decodes the posting list at `offset`: `(doc, per-field term frequencies)`.
    pub(crate) fn postings_at(&self, offset: u64, mut each: impl FnMut(u32, [u32; FIELD_COUNT])) -> Result<(), IndexError> {
        let bad = corrupt("POSTINGS");
        let start = usize::try_from(offset).map_err(|_| IndexError::corrupt("posting offset"))?;
        let mut r = Reader::new(self.postings.get(start..).ok_or_else(|| IndexError::corrupt("posting offset out of range"))?);
        let count = r.count(2).map_err(&bad)?;
        let mut doc = 0u32;
        for i in 0..count {
            let delta = r.varint32().map_err(&bad)?;
            if i > 0 && delta == 0 {
                return Err(IndexError::corrupt("posting list not ascending"));
            }
            doc = doc.checked_add(delta).filter(|&d| d < self.records).ok_or_else(|| IndexError::corrupt("posting doc out of range"))?;
            let mask = r.u8().map_err(&bad)?;
            if mask >> FIELD_COUNT != 0 {
                return Err(IndexError::corrupt("posting field mask"));
            }
            let mut tf = [0u32; FIELD_COUNT];
            for (f, t) in tf.iter_mut().enumerate() {
                if mask & (1 << f) != 0 {
                    *t = r.varint32().map_err(&bad)?;
                }
            }
            each(doc, tf);
        }
        Ok(())
    }

    /// Decodes every posting list in turn; they must fill POSTINGS exactly.
    fn check_postings(&self) -> Result<(), IndexError> {
        let mut offset = 0usize;
        let mut lists = 0usize;
        while offset < self.postings.len() {
            let mut r = Reader::new(&self.postings[offset..]);
            let count = r.count(2).map_err(corrupt("POSTINGS"))?;
            for _ in 0..count {
                r.varint().map_err(corrupt("POSTINGS"))?;
                let mask = r.u8().map_err(corrupt("POSTINGS"))?;
                for _ in 0..mask.count_ones() {
                    r.varint().map_err(corrupt("POSTINGS"))?;
                }
            }
            self.postings_at(offset as u64, |_, _| {})?;
            offset += r.position();
            lists += 1;
        }
        if lists != self.terms.len() {
            return Err(IndexError::corrupt("posting lists do not match the term dictionary"));
        }
        Ok(())
    }
}

fn decode_fold(bytes: &[u8]) -> Result<FoldTable, Truncated> {
    let mut r = Reader::new(bytes);
    let n = r.count(1)?;
    let mut pairs = Vec::with_capacity(n);
    for _ in 0..n {
        let c = char::from_u32(r.varint32()?).ok_or(Truncated)?;
        pairs.push((c, r.str()?.to_string()));
    }
    Ok(FoldTable::from_pairs(pairs))
}

fn decode_facets(bytes: &[u8], n: usize) -> Result<Vec<FacetColumn>, Truncated> {
    let mut r = Reader::new(bytes);
    let mut out = Vec::with_capacity(Facet::ALL.len());
    for _ in Facet::ALL {
        let count = r.count(1)?;
        let mut values = Vec::with_capacity(count);
        let mut per_doc: Vec<Vec<u32>> = vec![Vec::new(); n];
        for v in 0..count {
            let code = r.str()?.to_string();
            let label_it = r.str()?.to_string();
            let label_en = r.str()?.to_string();
            if values.last().is_some_and(|p: &FacetValue| p.code >= code) {
                return Err(Truncated);
            }
            values.push(FacetValue { code, label_it, label_en });
            match r.u8()? {
                0 => {
                    let len = r.count(1)?;
                    let mut doc = 0u32;
                    for i in 0..len {
                        let delta = r.varint32()?;
                        if i > 0 && delta == 0 {
                            return Err(Truncated);
                        }
                        doc = doc.checked_add(delta).ok_or(Truncated)?;
                        per_doc.get_mut(doc as usize).ok_or(Truncated)?.push(v as u32);
                    }
                }
                1 => {
                    let bits = r.take(n.div_ceil(8))?;
                    for (d, list) in per_doc.iter_mut().enumerate() {
                        if bits[d / 8] & (1 << (d % 8)) != 0 {
                            list.push(v as u32);
                        }
                    }
                }
                _ => return Err(Truncated),
            }
        }
        let mut doc_start = Vec::with_capacity(n + 1);
        let mut doc_values = Vec::new();
        doc_start.push(0);
        for list in per_doc {
            doc_values.extend(list);
            doc_start.push(doc_values.len() as u32);
        }
        out.push(FacetColumn { values, doc_start, doc_values });
    }
    if !r.is_empty() {
        return Err(Truncated);
    }
    Ok(out)
}
