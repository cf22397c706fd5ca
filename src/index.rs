//! A loaded index: the read side of the format written by [`crate::builder`].
//!
//! Loading checks the root's header (magic, version, checksums) and decodes its
//! sections eagerly, so that a damaged file is refused at load time. Shards kept
//! inline are decoded at once; separate shard files are added later with
//! [`Index::add_shard`], each checked against the content hash the root
//! recorded for it (which is also its name). A search that needs a shard not yet added fails with
//! [`IndexError::MissingShards`], naming the files to fetch.

use crate::fetch::Fetch;
use crate::format::doc_shard::DocData;
use crate::format::meta::Meta;
use crate::format::names::ShardKind;
use crate::format::root::Sections;
use crate::format::shard_table::{open_shard, Location, ShardTable};
use crate::format::term_shard::TermData;
use crate::format::typo_dir;
use crate::format::typo_shard::TypoData;
use crate::format::{facets, fold, IndexError};
use crate::model::Facet;
use crate::text::FoldTable;

pub use crate::format::doc_shard::{DocHead, StoredDoc};
pub use crate::format::facets::{FacetColumn, FacetValue};
pub use crate::format::names::shard_file_name;

/// Where a shard's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShardSource {
    /// In the root file.
    Inline,
    /// In a separate file beside the root.
    File {
        /// File name, relative to the root's location.
        name: String,
        /// The content hash the root recorded for it.
        hash: u32,
    },
}

/// A shard of any kind: where it is, and its decoded content once loaded.
#[derive(Debug)]
pub(crate) struct Shard<T> {
    /// The smallest key in the shard (term and typo shards).
    pub(crate) first: Vec<u8>,
    pub(crate) source: ShardSource,
    pub(crate) data: Option<T>,
}

/// A range of the term dictionary and its postings.
pub(crate) type TermShard = Shard<TermData>;

/// A range of the typo index.
pub(crate) type TypoShard = Shard<TypoData>;

/// A typo directory file ([`typo_dir`]): once loaded, its typo shards.
pub(crate) type TypoPiece = Shard<Vec<TypoShard>>;

/// A searchable index in memory.
#[derive(Debug)]
pub struct Index {
    meta: Meta,
    writer: [u8; 3],
    pub(crate) records: u32,
    pub(crate) fold: FoldTable,
    pub(crate) facets: Vec<FacetColumn>,
    pub(crate) term_shards: Vec<TermShard>,
    /// The typo directory's pieces (none for an index without a typo index).
    pub(crate) typo_dir: Vec<TypoPiece>,
    doc_shards: Vec<Shard<DocData>>,
    /// The running search's fetch budget ([`crate::fetch`]).
    pub(crate) fetch: std::sync::Mutex<Fetch>,
}

/// A table's shards, those kept inline decoded by `decode(k, bytes)`.
fn load_table<T>(
    table: ShardTable,
    mut decode: impl FnMut(usize, &[u8]) -> Result<T, IndexError>,
) -> Result<Vec<Shard<T>>, IndexError> {
    let mut out = Vec::with_capacity(table.entries.len());
    for k in 0..table.entries.len() {
        let name = table.file_name(k);
        let e = &table.entries[k];
        let (source, data) = match (&e.location, name) {
            (Location::File(hash), Some(name)) => (ShardSource::File { name, hash: *hash }, None),
            (Location::Inline(bytes), _) => (ShardSource::Inline, Some(decode(k, bytes)?)),
            (Location::File(_), None) => return Err(IndexError::corrupt("shard without a name")),
        };
        out.push(Shard {
            first: e.first.clone(),
            source,
            data,
        });
    }
    Ok(out)
}

/// The typo shards of the typo directory piece `bytes`, each a separate
/// file (not [`load_table`]: one decoder less in the engine).
fn typo_piece(bytes: &[u8]) -> Result<Vec<TypoShard>, IndexError> {
    let table = typo_dir::decode_piece(bytes)?;
    let mut out = Vec::with_capacity(table.entries.len());
    for (k, e) in table.entries.iter().enumerate() {
        let (Location::File(hash), Some(name)) = (&e.location, table.file_name(k)) else {
            return Err(IndexError::corrupt(
                "a typo shard kept in a typo directory file",
            ));
        };
        out.push(Shard {
            first: e.first.clone(),
            source: ShardSource::File { name, hash: *hash },
            data: None,
        });
    }
    Ok(out)
}

impl<T> Shard<T> {
    /// Its file name, if it is a separate file not loaded yet.
    pub(crate) fn missing_file(&self) -> Option<&String> {
        match (&self.source, &self.data) {
            (ShardSource::File { name, .. }, None) => Some(name),
            _ => None,
        }
    }
}

/// Position and hash of the separate file `name` among `shards`.
fn find_file<T>(shards: &[Shard<T>], name: &str) -> Option<(usize, u32)> {
    shards
        .iter()
        .enumerate()
        .find_map(|(k, s)| match &s.source {
            ShardSource::File { name: n, hash } if n == name => Some((k, *hash)),
            _ => None,
        })
}

impl Index {
    /// Loads an index from the bytes of its root file. Inline shards are ready;
    /// separate shard files are added with [`Index::add_shard`].
    pub fn from_bytes(file: &[u8]) -> Result<Index, IndexError> {
        let s = Sections::decode(file)?;
        let meta = Meta::decode(s.meta)?;
        let fold = fold::decode(s.fold)?;
        let facets = facets::decode(s.facets, meta.records as usize)?;
        let terms = ShardTable::decode(s.terms, "TERM_SHARDS", ShardKind::Term)?;
        let typos = ShardTable::decode(s.typos, "TYPO_SHARDS", ShardKind::TypoDir)?;
        let docs = ShardTable::decode(s.docs, "DOC_SHARDS", ShardKind::Doc)?;
        if terms.entries.is_empty() {
            return Err(IndexError::corrupt("no term shard"));
        }
        if docs.entries.len() != meta.doc_shards() {
            return Err(IndexError::corrupt(
                "doc shard count does not match the record count",
            ));
        }
        let records = meta.records;
        Ok(Index {
            meta,
            writer: s.writer,
            records,
            fold,
            facets,
            term_shards: load_table(terms, |_, b| TermData::decode(b))?,
            typo_dir: load_table(typos, |_, b| typo_piece(b))?,
            doc_shards: load_table(docs, |k, b| DocData::decode(b, meta.docs_in_shard(k)))?,
            fetch: std::sync::Mutex::new(Fetch::new(0)),
        })
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
        self.meta.terms as usize
    }

    /// The version of ricerca that wrote the index (`"0.2.0"`), from the
    /// root's header.
    pub fn writer_version(&self) -> String {
        crate::format::container::version_string(self.writer)
    }

    /// The fold table the builder stored.
    pub fn fold_table(&self) -> &FoldTable {
        &self.fold
    }

    /// The values of `facet` and their documents.
    pub fn facet(&self, facet: Facet) -> &FacetColumn {
        &self.facets[facet.index()]
    }

    /// Calls `each(shard's missing file, loaded)` for every shard and typo
    /// directory file the index knows of so far, in the order term shards,
    /// typo directory files (each followed by the typo shards it names once
    /// added), doc shards. One walk for [`Index::missing_shards`] and
    /// [`Index::shard_counts`]; a loop rather than iterator chains and a
    /// `dyn` callback: a smaller engine.
    fn each_shard(&self, each: &mut dyn FnMut(Option<&String>, bool)) {
        for s in &self.term_shards {
            each(s.missing_file(), s.data.is_some());
        }
        for piece in &self.typo_dir {
            each(piece.missing_file(), piece.data.is_some());
            for s in piece.data.as_deref().unwrap_or_default() {
                each(s.missing_file(), s.data.is_some());
            }
        }
        for s in &self.doc_shards {
            each(s.missing_file(), s.data.is_some());
        }
    }

    /// Names of the separate files not added yet that the index knows of:
    /// shard files and typo directory files (the typo shard files a
    /// directory file names are listed once it is added; see
    /// [`Index::all_files`]).
    pub fn missing_shards(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.each_shard(&mut |name, _| {
            if let Some(n) = name {
                out.push(n.clone());
            }
        });
        out
    }

    /// Number of shards (term, typo and doc) and typo directory files known
    /// so far, and how many of them are loaded.
    pub fn shard_counts(&self) -> (usize, usize) {
        let (mut total, mut loaded) = (0, 0);
        self.each_shard(&mut |_, is_loaded| {
            total += 1;
            loaded += usize::from(is_loaded);
        });
        (total, loaded)
    }

    /// Every separate file a freshly loaded index names: its shard files, its
    /// typo directory files and the typo shard files they name (the
    /// directory files are read with `read` and added). Tools that copy or
    /// clean an index folder use it.
    pub fn all_files<E>(
        &mut self,
        mut read: impl FnMut(&str) -> Result<Vec<u8>, E>,
    ) -> Result<Vec<String>, crate::fetch::ReadError<E>> {
        use crate::fetch::ReadError;
        let dir: Vec<String> = self
            .typo_dir
            .iter()
            .filter_map(|p| p.missing_file().cloned())
            .collect();
        for name in &dir {
            let bytes = read(name).map_err(|e| ReadError::Read(name.clone(), e))?;
            self.add_shard(name, &bytes)
                .map_err(|e| ReadError::Shard(name.clone(), e))?;
        }
        let mut all = self.missing_shards();
        all.extend(dir);
        Ok(all)
    }

    /// True when the index has a typo index (its typo passes read typo shards).
    pub(crate) fn has_typo_index(&self) -> bool {
        !self.typo_dir.is_empty()
    }

    /// Adds the bytes of the separate shard file `name`. Checks that they are
    /// the content the root names (its hash); adding a shard twice is harmless.
    pub fn add_shard(&mut self, name: &str, file: &[u8]) -> Result<(), IndexError> {
        if let Some((k, hash)) = find_file(&self.term_shards, name) {
            let bytes = open_shard(file, ShardKind::Term, hash, name)?;
            if self.term_shards[k].data.is_none() {
                self.term_shards[k].data = Some(TermData::decode(bytes)?);
            }
        } else if let Some((k, hash)) = find_file(&self.typo_dir, name) {
            let bytes = open_shard(file, ShardKind::TypoDir, hash, name)?;
            let piece = &mut self.typo_dir[k];
            if piece.data.is_none() {
                piece.data = Some(typo_piece(bytes)?);
            }
        } else if let Some((shard, hash)) = self.typo_file(name) {
            let bytes = open_shard(file, ShardKind::Typo, hash, name)?;
            if shard.data.is_none() {
                shard.data = Some(TypoData::decode(bytes)?);
            }
        } else if let Some((k, hash)) = find_file(&self.doc_shards, name) {
            let bytes = open_shard(file, ShardKind::Doc, hash, name)?;
            if self.doc_shards[k].data.is_none() {
                let docs = DocData::decode(bytes, self.meta.docs_in_shard(k))?;
                self.doc_shards[k].data = Some(docs);
            }
        } else {
            return Err(IndexError::corrupt(crate::codec::cat(&[
                name,
                " is not a shard of this index",
            ])));
        }
        Ok(())
    }

    /// The typo shard of a loaded typo directory file that is the file
    /// `name`, and its hash.
    fn typo_file(&mut self, name: &str) -> Option<(&mut TypoShard, u32)> {
        self.typo_dir.iter_mut().find_map(|p| {
            let shards = p.data.as_mut()?;
            let (k, hash) = find_file(shards, name)?;
            Some((&mut shards[k], hash))
        })
    }

    /// The stored fields of `doc`, or [`IndexError::MissingShards`].
    pub fn doc(&self, doc: u32) -> Result<StoredDoc<'_>, IndexError> {
        if doc >= self.records {
            return Err(IndexError::corrupt("doc id out of range"));
        }
        let per = self.meta.docs_per_shard;
        let shard = self
            .doc_shards
            .get((doc / per) as usize)
            .ok_or_else(|| IndexError::corrupt("doc shard out of range"))?;
        match &shard.data {
            Some(data) => data.doc((doc % per) as usize),
            None => Err(IndexError::MissingShards {
                files: self.doc_shard_files(&[doc]),
            }),
        }
    }

    /// Files of the doc shards holding `docs` that are not loaded yet.
    pub(crate) fn doc_shard_files(&self, docs: &[u32]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for &d in docs {
            if let Some(Shard {
                source: ShardSource::File { name, .. },
                data: None,
                ..
            }) = self.doc_shards.get((d / self.meta.docs_per_shard) as usize)
            {
                if !out.contains(name) {
                    out.push(name.clone());
                }
            }
        }
        out
    }
}
