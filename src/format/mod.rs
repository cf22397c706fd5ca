//! The index format, in one place: one module per on-disk structure, each
//! with its encoder and decoder side by side (the builder calls the
//! encoders, [`crate::index`] the decoders) and a round-trip test.
//! `FORMAT.md` at the repository root documents the byte layout.
//!
//! - [`container`]: the header every file starts with (magic, version, checksums);
//! - [`root`]: the root file's sections, in order;
//! - [`meta`], [`fold`], [`facets`]: the sections every query needs;
//! - [`shard_table`]: where each shard is (inline in the root, or a file);
//! - [`term_shard`]: a range of the term dictionary with its postings;
//! - [`typo_dir`]: where the typo shards are, in pieces out of the root;
//! - [`typo_shard`]: a range of the typo (deletion) index;
//! - [`doc_shard`]: a range of stored documents;
//! - [`names`]: shard file names;
//! - [`fst_write`]: the shards' `fst` dictionaries, written the same on every target.

pub mod container;
pub mod doc_shard;
pub mod error;
pub mod facets;
pub mod fold;
pub mod fst_write;
pub mod meta;
pub mod names;
pub mod root;
pub mod shard_table;
pub mod term_shard;
pub mod typo_dir;
pub mod typo_shard;

pub use container::{open, seal, FORMAT_VERSION, HEADER_LEN, MAGIC};
pub use error::IndexError;

use crate::codec::Truncated;

/// Maps a [`Truncated`] read in `section` to a [`IndexError::Corrupt`] naming it.
pub(crate) fn corrupt(section: &'static str) -> impl Fn(Truncated) -> IndexError {
    move |_| {
        IndexError::corrupt(crate::codec::cat(&[
            "section ",
            section,
            " cannot be decoded",
        ]))
    }
}
