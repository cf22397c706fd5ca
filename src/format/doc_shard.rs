//! A doc shard: the stored fields of a range of documents, as a hit shows them.
//!
//! Layout: the document count, then per document its id, kind byte (0
//! initiative, 1 partner), name, English name, url, summary, city, language tag (each a
//! length-prefixed string, empty for none), then the count of its related
//! records and each one's head (id, kind byte, name, English name): a page's
//! hits show their related records' titles from their own shard, without
//! fetching the shards those records sit in.

use super::{corrupt, IndexError};
use crate::codec::{Reader, Truncated, Writer};
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
    /// Related records (an initiative's partners, a partner's initiatives).
    pub related: Vec<DocHead<'a>>,
}

/// The bytes of a doc shard holding `docs`, in doc order.
pub fn encode(docs: &[StoredDoc<'_>]) -> Vec<u8> {
    let mut w = Writer::new();
    w.varint(docs.len() as u64);
    for doc in docs {
        write_head(&mut w, &doc.head);
        for s in [doc.url, doc.summary, doc.city, doc.lang] {
            w.str(s);
        }
        w.varint(doc.related.len() as u64);
        for h in &doc.related {
            write_head(&mut w, h);
        }
    }
    w.buf
}

fn write_head(w: &mut Writer, h: &DocHead<'_>) {
    w.str(h.id);
    w.u8(match h.kind {
        Kind::Initiative => 0,
        Kind::Partner => 1,
    });
    w.str(h.name);
    w.str(h.name_en);
}

/// `N` strings in a row.
fn strs<'a, const N: usize>(r: &mut Reader<'a>) -> Result<[&'a str; N], Truncated> {
    let mut out = [""; N];
    for s in &mut out {
        *s = r.str()?;
    }
    Ok(out)
}

/// A head; an unknown kind byte reads as damage like a cut string.
fn read_head<'a>(r: &mut Reader<'a>) -> Result<DocHead<'a>, Truncated> {
    let id = r.str()?;
    let kind = match r.u8()? {
        0 => Kind::Initiative,
        1 => Kind::Partner,
        _ => return Err(Truncated),
    };
    let [name, name_en] = strs(r)?;
    Ok(DocHead {
        id,
        kind,
        name,
        name_en,
    })
}

fn read_doc<'a>(r: &mut Reader<'a>) -> Result<StoredDoc<'a>, Truncated> {
    let head = read_head(r)?;
    let [url, summary, city, lang] = strs(r)?;
    // A loop rather than collecting Results: a smaller engine.
    let mut related = Vec::new();
    for _ in 0..r.count(1)? {
        related.push(read_head(r)?);
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

/// A decoded doc shard.
#[derive(Debug)]
pub struct DocData {
    /// Where each document starts in `bytes`.
    starts: Vec<usize>,
    bytes: Vec<u8>,
}

impl DocData {
    /// Reads a doc shard that must hold `expected` documents; every document
    /// is read now, so reading one later cannot fail.
    pub fn decode(bytes: &[u8], expected: usize) -> Result<DocData, IndexError> {
        let mut r = Reader::new(bytes);
        let mut starts = Vec::new();
        let read = |r: &mut Reader<'_>, starts: &mut Vec<usize>| {
            for _ in 0..r.count(1)? {
                starts.push(r.position());
                read_doc(r)?;
            }
            Ok(())
        };
        read(&mut r, &mut starts).map_err(corrupt("doc shard"))?;
        if starts.len() != expected || r.position() != bytes.len() {
            return Err(IndexError::corrupt(
                "doc shard does not hold the documents its table says",
            ));
        }
        Ok(DocData {
            starts,
            bytes: bytes.to_vec(),
        })
    }

    /// The `i`-th document of the shard.
    pub fn doc(&self, i: usize) -> Result<StoredDoc<'_>, IndexError> {
        let start = *self
            .starts
            .get(i)
            .ok_or_else(|| IndexError::corrupt("doc id out of range"))?;
        read_doc(&mut Reader::new(
            self.bytes.get(start..).unwrap_or_default(),
        ))
        .map_err(corrupt("doc shard"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(id: &str) -> DocHead<'_> {
        DocHead {
            id,
            kind: Kind::Partner,
            name: "Università di Pisa",
            name_en: "",
        }
    }

    fn doc<'a>(id: &'a str, summary: &'a str, related: Vec<DocHead<'a>>) -> StoredDoc<'a> {
        StoredDoc {
            head: head(id),
            url: "https://unipi.it",
            summary,
            city: "Pisa",
            lang: "it",
            related,
        }
    }

    #[test]
    fn round_trip_and_checks() {
        let mut related = head("c");
        related.kind = Kind::Initiative;
        related.name_en = "University of Pisa";
        let docs = vec![
            doc("a", "", vec![]),
            doc("b", "Ricerca", vec![head("a"), related]),
        ];
        let bytes = encode(&docs);
        let data = DocData::decode(&bytes, 2).unwrap();
        assert_eq!(data.doc(0).unwrap(), docs[0]);
        assert_eq!(data.doc(1).unwrap(), docs[1]);
        assert!(data.doc(2).is_err());
        // Wrong count, truncated, trailing bytes, an unknown kind byte: refused.
        assert!(DocData::decode(&bytes, 3).is_err());
        assert!(DocData::decode(&bytes[..bytes.len() - 1], 2).is_err());
        assert!(DocData::decode(&[&bytes[..], &[0]].concat(), 2).is_err());
        let mut bad = bytes.clone();
        let kind = bad.len() - "University of Pisa".len() - 1 - "Università di Pisa".len() - 2;
        assert_eq!(bad[kind], 0);
        bad[kind] = 2;
        let err = DocData::decode(&bad, 2).unwrap_err().to_string();
        assert!(err.contains("section doc shard cannot be decoded"), "{err}");
    }
}
