//! A loaded index: the read side of the format written by [`crate::builder`].
//!
//! Loading checks the root's header (magic, version, checksums) and decodes its
//! sections eagerly, so that a damaged file is refused at load time. Shards kept
//! inline are decoded at once; separate shard files are added later with
//! [`Index::add_shard`], each checked against the length and checksum the root
//! recorded for it. A search that needs a shard not yet added fails with
//! [`IndexError::MissingShards`], naming the files to fetch.

use crate::codec::{Reader, Truncated};
use crate::format::{open, IndexError};
use crate::model::{Facet, Kind};
use crate::text::FoldTable;

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
    /// The values, those with most documents first.
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
}

/// A record as shown in a hit's list of related records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocHead<'a> {
    /// Stable id.
    pub id: &'a str,
    /// Initiative or partner.
    pub kind: Kind,
    /// Name as given.
    pub name: &'a str,
    /// English name, possibly empty.
    pub name_en: &'a str,
}

/// A record's stored fields, as needed to display it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDoc<'a> {
    /// Id, kind and names.
    pub head: DocHead<'a>,
    /// Web address, possibly empty.
    pub url: &'a str,
    /// Summary, possibly empty.
    pub summary: &'a str,
    /// City, possibly empty.
    pub city: &'a str,
    /// Language tag of the record's text ("it", "en"), possibly empty.
    pub lang: &'a str,
    /// Doc ids of related records.
    pub related: Vec<u32>,
}

/// Where a shard's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShardSource {
    /// In the root file.
    Inline,
    /// In a separate file beside the root.
    File {
        /// File name, relative to the root's location.
        name: String,
    },
}

/// A range of the term dictionary and its postings.
#[derive(Debug)]
pub(crate) struct TermShard {
    /// The smallest term in the shard.
    pub(crate) first: Vec<u8>,
    pub(crate) source: ShardSource,
    pub(crate) data: Option<TermData>,
}

/// A term shard's decoded content.
#[derive(Debug)]
pub(crate) struct TermData {
    pub(crate) terms: fst::Map<Vec<u8>>,
    pub(crate) postings: Vec<u8>,
}

/// A range of stored documents.
#[derive(Debug)]
struct DocShard {
    source: ShardSource,
    data: Option<DocData>,
}

#[derive(Debug)]
struct DocData {
    offsets: Vec<u32>,
    blob: Vec<u8>,
}

/// A searchable index in memory.
#[derive(Debug)]
pub struct Index {
    /// Stamped into every separate shard file of the same build.
    build_id: u32,
    pub(crate) records: u32,
    term_count: u64,
    pub(crate) fold: FoldTable,
    pub(crate) facets: Vec<FacetColumn>,
    pub(crate) term_shards: Vec<TermShard>,
    docs_per_shard: u32,
    doc_shards: Vec<DocShard>,
}

fn corrupt(section: &'static str) -> impl Fn(Truncated) -> IndexError {
    move |_| {
        IndexError::corrupt(crate::codec::cat(&[
            "section ",
            section,
            " cannot be decoded",
        ]))
    }
}

fn read_source(
    r: &mut Reader<'_>,
    section: &'static str,
    stem: &str,
    kind: &str,
    k: usize,
    build_id: u32,
) -> Result<(ShardSource, Option<Vec<u8>>), IndexError> {
    let bad = corrupt(section);
    match r.u8().map_err(&bad)? {
        0 => Ok((ShardSource::Inline, Some(r.bytes().map_err(&bad)?.to_vec()))),
        1 => Ok((
            ShardSource::File {
                name: shard_file_name(stem, kind, k, build_id),
            },
            None,
        )),
        _ => Err(IndexError::corrupt(crate::codec::cat(&[
            "section ",
            section,
            ": unknown shard location",
        ]))),
    }
}

/// Reads a table's file stem; it names files, so only safe characters are allowed.
fn read_stem<'a>(r: &mut Reader<'a>, section: &'static str) -> Result<&'a str, IndexError> {
    let stem = r.str().map_err(corrupt(section))?;
    let safe = !stem.starts_with('.')
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if safe {
        Ok(stem)
    } else {
        Err(IndexError::corrupt(crate::codec::cat(&[
            "section ",
            section,
            ": bad file stem",
        ])))
    }
}

/// The file name of shard `k` of `kind` (`t` terms, `d` docs):
/// `{stem}.{kind}{k}.{crc:08x}.bin`. Derived from the root's file stem and the
/// shard's checksum, so the root stores no names and a changed shard always
/// gets a new name.
pub fn shard_file_name(stem: &str, kind: &str, k: usize, crc: u32) -> String {
    let mut name = String::with_capacity(stem.len() + 20);
    name.push_str(stem);
    name.push('.');
    name.push_str(kind);
    crate::codec::push_decimal(&mut name, k as u64);
    name.push('.');
    for i in (0..8).rev() {
        name.push(char::from_digit((crc >> (i * 4)) & 0xf, 16).unwrap_or('0'));
    }
    name.push_str(".bin");
    name
}

impl Index {
    /// Loads an index from the bytes of its root file. Inline shards are ready;
    /// separate shard files are added with [`Index::add_shard`].
    pub fn from_bytes(file: &[u8]) -> Result<Index, IndexError> {
        let payload = open(file)?;
        let mut r = Reader::new(payload);
        let meta = r.bytes().map_err(corrupt("META"))?;
        let fold = r.bytes().map_err(corrupt("FOLD"))?;
        let facets = r.bytes().map_err(corrupt("FACETS"))?;
        let terms = r.bytes().map_err(corrupt("TERM_SHARDS"))?;
        let docs = r.bytes().map_err(corrupt("DOC_SHARDS"))?;
        if !r.is_empty() {
            return Err(IndexError::corrupt("trailing bytes after the last section"));
        }

        let mut m = Reader::new(meta);
        let records = m.varint32().map_err(corrupt("META"))?;
        let term_count = m.varint().map_err(corrupt("META"))?;
        let docs_per_shard = m.varint32().map_err(corrupt("META"))?;
        if docs_per_shard == 0 {
            return Err(IndexError::corrupt("zero documents per shard"));
        }
        let n = records as usize;
        let fold = decode_fold(fold).map_err(corrupt("FOLD"))?;
        let facets = decode_facets(facets, n).map_err(corrupt("FACETS"))?;

        let mut index = Index {
            build_id: 0,
            records,
            term_count,
            fold,
            facets,
            term_shards: Vec::new(),
            docs_per_shard,
            doc_shards: Vec::new(),
        };
        let mut tr = Reader::new(terms);
        let stem = read_stem(&mut tr, "TERM_SHARDS")?;
        let build_id = tr.u32().map_err(corrupt("TERM_SHARDS"))?;
        index.build_id = build_id;
        let count = tr.count(1).map_err(corrupt("TERM_SHARDS"))?;
        if count == 0 {
            return Err(IndexError::corrupt("no term shard"));
        }
        for k in 0..count {
            let first = tr.bytes().map_err(corrupt("TERM_SHARDS"))?.to_vec();
            if k > 0
                && index
                    .term_shards
                    .last()
                    .is_some_and(|p: &TermShard| p.first >= first)
            {
                return Err(IndexError::corrupt("term shards out of order"));
            }
            let (source, inline) = read_source(&mut tr, "TERM_SHARDS", stem, "t", k, build_id)?;
            index.term_shards.push(TermShard {
                first,
                source,
                data: None,
            });
            if let Some(bytes) = inline {
                index.term_shards[k].data = Some(Index::decode_term_shard(&bytes)?);
            }
        }
        let mut dr = Reader::new(docs);
        let stem = read_stem(&mut dr, "DOC_SHARDS")?;
        if dr.u32().map_err(corrupt("DOC_SHARDS"))? != build_id {
            return Err(IndexError::corrupt(
                "term and doc shards of different builds",
            ));
        }
        let count = dr.count(1).map_err(corrupt("DOC_SHARDS"))?;
        if count != n.max(1).div_ceil(docs_per_shard as usize) {
            return Err(IndexError::corrupt(
                "doc shard count does not match the record count",
            ));
        }
        for k in 0..count {
            let (source, inline) = read_source(&mut dr, "DOC_SHARDS", stem, "d", k, build_id)?;
            index.doc_shards.push(DocShard { source, data: None });
            if let Some(bytes) = inline {
                index.doc_shards[k].data = Some(index.decode_doc_shard(k, &bytes)?);
            }
        }
        if !tr.is_empty() || !dr.is_empty() {
            return Err(IndexError::corrupt("trailing bytes in the shard tables"));
        }
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
        self.term_count as usize
    }

    /// The fold table the builder stored.
    pub fn fold_table(&self) -> &FoldTable {
        &self.fold
    }

    /// The values of `facet` and their documents.
    pub fn facet(&self, facet: Facet) -> &FacetColumn {
        &self.facets[facet.index()]
    }

    /// Names of the separate shard files not added yet.
    pub fn missing_shards(&self) -> Vec<String> {
        let terms = self
            .term_shards
            .iter()
            .filter(|s| s.data.is_none())
            .map(|s| &s.source);
        let docs = self
            .doc_shards
            .iter()
            .filter(|s| s.data.is_none())
            .map(|s| &s.source);
        terms
            .chain(docs)
            .filter_map(|s| match s {
                ShardSource::File { name, .. } => Some(name.clone()),
                ShardSource::Inline => None,
            })
            .collect()
    }

    /// Number of shards (term and doc), and how many of them are loaded.
    pub fn shard_counts(&self) -> (usize, usize) {
        let total = self.term_shards.len() + self.doc_shards.len();
        let loaded = self.term_shards.iter().filter(|s| s.data.is_some()).count()
            + self.doc_shards.iter().filter(|s| s.data.is_some()).count();
        (total, loaded)
    }

    /// Adds the bytes of the separate shard file `name`. Checks that it is a
    /// shard of this very build; adding a shard twice is harmless.
    pub fn add_shard(&mut self, name: &str, file: &[u8]) -> Result<(), IndexError> {
        let matches = |s: &ShardSource| matches!(s, ShardSource::File { name: n } if n == name);
        let term = self.term_shards.iter().position(|s| matches(&s.source));
        let doc = self.doc_shards.iter().position(|s| matches(&s.source));
        if term.is_none() && doc.is_none() {
            return Err(IndexError::corrupt(crate::codec::cat(&[
                name,
                " is not a shard of this index",
            ])));
        }
        let payload = open(file)?;
        let mut r = Reader::new(payload);
        if r.u32().ok() != Some(self.build_id) {
            return Err(IndexError::corrupt(crate::codec::cat(&[
                "shard ",
                name,
                " belongs to another build; upload the whole index folder again",
            ])));
        }
        // The stamp also names the shard's place, so a file saved under another
        // shard's name is refused.
        let place = (
            if term.is_some() { "t" } else { "d" },
            term.or(doc).unwrap_or(0) as u64,
        );
        if (r.str().ok(), r.varint().ok()) != (Some(place.0), Some(place.1)) {
            return Err(IndexError::corrupt(crate::codec::cat(&[
                "the file ",
                name,
                " holds another shard",
            ])));
        }
        let content = payload.get(r.position()..).unwrap_or_default();
        if let Some(k) = term {
            if self.term_shards[k].data.is_none() {
                self.term_shards[k].data = Some(Index::decode_term_shard(content)?);
            }
        } else if let Some(k) = doc {
            if self.doc_shards[k].data.is_none() {
                self.doc_shards[k].data = Some(self.decode_doc_shard(k, content)?);
            }
        }
        Ok(())
    }

    fn decode_term_shard(bytes: &[u8]) -> Result<TermData, IndexError> {
        let mut r = Reader::new(bytes);
        let fst_bytes = r.bytes().map_err(corrupt("term shard"))?;
        let postings = r.bytes().map_err(corrupt("term shard"))?.to_vec();
        let terms = fst::Map::new(fst_bytes.to_vec())
            .map_err(|_| IndexError::corrupt("term dictionary cannot be read"))?;
        // fst trusts its input when walking it: check its own checksum first.
        if !crate::codec::fst_checksum_ok(fst_bytes) {
            return Err(IndexError::corrupt("term dictionary checksum mismatch"));
        }
        // A valid checksum is easy to forge: natively, check the structure too, so a
        // crafted dictionary is refused here rather than aborting the process later.
        #[cfg(not(target_arch = "wasm32"))]
        crate::fst_check::check(fst_bytes).map_err(IndexError::corrupt)?;
        // Posting lists are checked as they are read (offsets, order, doc ids), so
        // loading does not walk the dictionary.
        Ok(TermData { terms, postings })
    }

    fn decode_doc_shard(&self, k: usize, bytes: &[u8]) -> Result<DocData, IndexError> {
        let mut r = Reader::new(bytes);
        let count = r.count(4).map_err(corrupt("doc shard"))?;
        let expected = (self.records as usize)
            .saturating_sub(k * self.docs_per_shard as usize)
            .min(self.docs_per_shard as usize);
        if count != expected {
            return Err(IndexError::corrupt(
                "doc shard has the wrong number of documents",
            ));
        }
        let offsets = (0..count)
            .map(|_| r.u32())
            .collect::<Result<Vec<_>, _>>()
            .map_err(corrupt("doc shard"))?;
        let blob = bytes[r.position()..].to_vec();
        let data = DocData { offsets, blob };
        for i in 0..count {
            decode_doc(&data, i, self.records)?;
        }
        Ok(data)
    }

    /// The stored fields of `doc`, or [`IndexError::MissingShards`].
    pub fn doc(&self, doc: u32) -> Result<StoredDoc<'_>, IndexError> {
        if doc >= self.records {
            return Err(IndexError::corrupt("doc id out of range"));
        }
        let k = (doc / self.docs_per_shard) as usize;
        let shard = self
            .doc_shards
            .get(k)
            .ok_or_else(|| IndexError::corrupt("doc shard out of range"))?;
        match &shard.data {
            Some(data) => decode_doc(data, (doc % self.docs_per_shard) as usize, self.records),
            None => Err(IndexError::MissingShards {
                files: self.doc_shard_files(&[doc]),
            }),
        }
    }

    /// Files of the doc shards holding `docs` that are not loaded yet.
    pub(crate) fn doc_shard_files(&self, docs: &[u32]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for &d in docs {
            if let Some(DocShard {
                source: ShardSource::File { name, .. },
                data: None,
            }) = self.doc_shards.get((d / self.docs_per_shard) as usize)
            {
                if !out.contains(name) {
                    out.push(name.clone());
                }
            }
        }
        out
    }

    /// Decodes the posting list at `offset` of `postings`: `(doc, impact,
    /// best field)` in ascending doc order (see [`crate::scoring::impact`]).
    /// A posting is the varint `doc delta * 8 + best field`, then the impact byte.
    /// (`each` is a trait object: one copy of the decoder in the browser build.)
    pub(crate) fn decode_postings(
        &self,
        postings: &[u8],
        offset: u64,
        each: &mut dyn FnMut(u32, u8, u8),
    ) -> Result<(), IndexError> {
        let bad = corrupt("POSTINGS");
        let start = usize::try_from(offset).map_err(|_| IndexError::corrupt("posting offset"))?;
        let mut r = Reader::new(
            postings
                .get(start..)
                .ok_or_else(|| IndexError::corrupt("posting offset out of range"))?,
        );
        let count = r.count(2).map_err(&bad)?;
        let mut doc = 0u32;
        for i in 0..count {
            let packed = r.varint().map_err(&bad)?;
            let field = (packed & 7) as u8;
            let delta = u32::try_from(packed >> 3)
                .map_err(|_| IndexError::corrupt("posting doc out of range"))?;
            if usize::from(field) >= crate::scoring::FIELD_COUNT {
                return Err(IndexError::corrupt("posting with an unknown field"));
            }
            if i > 0 && delta == 0 {
                return Err(IndexError::corrupt("posting list not ascending"));
            }
            doc = doc
                .checked_add(delta)
                .filter(|&d| d < self.records)
                .ok_or_else(|| IndexError::corrupt("posting doc out of range"))?;
            let impact = r.u8().map_err(&bad)?;
            if impact == 0 {
                return Err(IndexError::corrupt("posting with zero weight"));
            }
            each(doc, impact, field);
        }
        Ok(())
    }
}

fn decode_head<'a>(r: &mut Reader<'a>) -> Result<DocHead<'a>, IndexError> {
    let bad = corrupt("DOCS");
    let id = r.str().map_err(&bad)?;
    let kind = match r.u8().map_err(&bad)? {
        0 => Kind::Initiative,
        1 => Kind::Partner,
        _ => return Err(IndexError::corrupt("unknown record kind")),
    };
    let name = r.str().map_err(&bad)?;
    let name_en = r.str().map_err(&bad)?;
    Ok(DocHead {
        id,
        kind,
        name,
        name_en,
    })
}

fn decode_doc(data: &DocData, i: usize, records: u32) -> Result<StoredDoc<'_>, IndexError> {
    let bad = corrupt("DOCS");
    let start = *data
        .offsets
        .get(i)
        .ok_or_else(|| IndexError::corrupt("doc id out of range"))? as usize;
    let mut r = Reader::new(
        data.blob
            .get(start..)
            .ok_or_else(|| IndexError::corrupt("doc offset out of range"))?,
    );
    let head = decode_head(&mut r)?;
    let url = r.str().map_err(&bad)?;
    let summary = r.str().map_err(&bad)?;
    let city = r.str().map_err(&bad)?;
    let lang = r.str().map_err(&bad)?;
    let count = r.count(1).map_err(&bad)?;
    let mut related = Vec::with_capacity(count);
    for _ in 0..count {
        let rd = r.varint32().map_err(&bad)?;
        if rd >= records {
            return Err(IndexError::corrupt("related record out of range"));
        }
        related.push(rd);
    }
    Ok(StoredDoc {
        head,
        url,
        summary,
        city,
        lang,
        related,
    })
}

fn decode_fold(bytes: &[u8]) -> Result<FoldTable, Truncated> {
    let mut r = Reader::new(bytes);
    let n = r.count(1)?;
    let mut pairs = Vec::with_capacity(n);
    for _ in 0..n {
        let c = char::from_u32(r.varint32()?).ok_or(Truncated)?;
        // The builder writes them in order; refusing anything else keeps
        // `from_pairs` linear on any input.
        if pairs.last().is_some_and(|&(p, _): &(char, String)| p >= c) {
            return Err(Truncated);
        }
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
        out.push(FacetColumn {
            values,
            doc_start,
            doc_values,
        });
    }
    if !r.is_empty() {
        return Err(Truncated);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Writer;

    fn fold_section(pairs: &[(char, &str)]) -> Vec<u8> {
        let mut w = Writer::new();
        w.varint(pairs.len() as u64);
        for (c, s) in pairs {
            w.varint(u64::from(*c as u32));
            w.str(s);
        }
        w.buf
    }

    #[test]
    fn a_fold_table_out_of_order_or_repeated_is_refused() {
        let table = decode_fold(&fold_section(&[('à', "a"), ('é', "e")])).expect("in order");
        assert_eq!(
            table.pairs().collect::<Vec<_>>(),
            vec![('à', "a"), ('é', "e")]
        );
        assert!(decode_fold(&fold_section(&[('é', "e"), ('à', "a")])).is_err());
        assert!(decode_fold(&fold_section(&[('à', "a"), ('à', "a")])).is_err());
    }
}
