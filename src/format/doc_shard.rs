//! A doc shard: the stored fields of a range of documents, as a hit shows them.
//!
//! Layout: the document count, a u32 LE offset per document into the blob,
//! then the blob: per document its id, kind byte (0 initiative, 1 partner),
//! name, English name, url, summary, city, language tag (each a
//! length-prefixed string, empty for none), then the count and doc ids of its
//! related records.

use super::{corrupt, IndexError};
use crate::codec::{Reader, Writer};
use crate::model::Kind;

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

/// The bytes of a doc shard holding `docs`, in doc order.
pub fn encode(docs: &[StoredDoc<'_>]) -> Vec<u8> {
    let mut blob = Writer::new();
    let mut w = Writer::new();
    w.varint(docs.len() as u64);
    for doc in docs {
        w.u32(blob.buf.len() as u32);
        let h = &doc.head;
        blob.str(h.id);
        blob.u8(match h.kind {
            Kind::Initiative => 0,
            Kind::Partner => 1,
        });
        blob.str(h.name);
        blob.str(h.name_en);
        blob.str(doc.url);
        blob.str(doc.summary);
        blob.str(doc.city);
        blob.str(doc.lang);
        blob.varint(doc.related.len() as u64);
        for &rd in &doc.related {
            blob.varint(u64::from(rd));
        }
    }
    w.raw(&blob.buf);
    w.buf
}

/// A decoded doc shard.
#[derive(Debug)]
pub struct DocData {
    offsets: Vec<u32>,
    blob: Vec<u8>,
    /// Records in the whole index: related ids must lie below.
    records: u32,
}

impl DocData {
    /// Reads a doc shard that must hold `expected` documents of an index of
    /// `records` records; every document is checked now, so reading one later
    /// cannot fail.
    pub fn decode(bytes: &[u8], expected: usize, records: u32) -> Result<DocData, IndexError> {
        let mut r = Reader::new(bytes);
        let count = r.count(4).map_err(corrupt("doc shard"))?;
        if count != expected {
            return Err(IndexError::corrupt(
                "doc shard has the wrong number of documents",
            ));
        }
        let offsets = (0..count)
            .map(|_| r.u32())
            .collect::<Result<Vec<_>, _>>()
            .map_err(corrupt("doc shard"))?;
        let data = DocData {
            offsets,
            blob: bytes[r.position()..].to_vec(),
            records,
        };
        for i in 0..count {
            data.doc(i)?;
        }
        Ok(data)
    }

    /// The `i`-th document of the shard.
    pub fn doc(&self, i: usize) -> Result<StoredDoc<'_>, IndexError> {
        let bad = corrupt("DOCS");
        let start = *self
            .offsets
            .get(i)
            .ok_or_else(|| IndexError::corrupt("doc id out of range"))?
            as usize;
        let mut r = Reader::new(
            self.blob
                .get(start..)
                .ok_or_else(|| IndexError::corrupt("doc offset out of range"))?,
        );
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
        let lang = r.str().map_err(&bad)?;
        let count = r.count(1).map_err(&bad)?;
        let mut related = Vec::with_capacity(count);
        for _ in 0..count {
            let rd = r.varint32().map_err(&bad)?;
            if rd >= self.records {
                return Err(IndexError::corrupt("related record out of range"));
            }
            related.push(rd);
        }
        Ok(StoredDoc {
            head: DocHead {
                id,
                kind,
                name,
                name_en,
            },
            url,
            summary,
            city,
            lang,
            related,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(id: &'a str, summary: &'a str, related: Vec<u32>) -> StoredDoc<'a> {
        StoredDoc {
            head: DocHead {
                id,
                kind: Kind::Partner,
                name: "Università di Pisa",
                name_en: "",
            },
            url: "https://unipi.it",
            summary,
            city: "Pisa",
            lang: "it",
            related,
        }
    }

    #[test]
    fn round_trip_and_checks() {
        let docs = vec![doc("a", "", vec![]), doc("b", "Ricerca", vec![0, 7])];
        let bytes = encode(&docs);
        let data = DocData::decode(&bytes, 2, 8).unwrap();
        assert_eq!(data.doc(0).unwrap(), docs[0]);
        assert_eq!(data.doc(1).unwrap(), docs[1]);
        assert!(data.doc(2).is_err());
        // Wrong count, related id out of range, truncated: refused.
        assert!(DocData::decode(&bytes, 3, 8).is_err());
        assert!(DocData::decode(&bytes, 2, 7).is_err());
        assert!(DocData::decode(&bytes[..bytes.len() - 1], 2, 8).is_err());
    }
}
