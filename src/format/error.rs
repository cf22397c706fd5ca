//! What can go wrong when loading or searching an index.

use super::container::FORMAT_VERSION;
use crate::codec::push_decimal;
use std::fmt;

/// Why an index could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexError {
    /// The file is empty or shorter than the header.
    Truncated {
        /// Bytes the header or payload needed.
        needed: u64,
        /// Bytes there were.
        found: u64,
    },
    /// The file does not start with the ricerca magic: not an index at all.
    BadMagic,
    /// The file was built for another format version.
    BadVersion {
        /// The version in the file.
        found: u32,
    },
    /// A checksum did not match, or a section could not be decoded.
    Corrupt {
        /// What was wrong.
        detail: String,
    },
    /// The request needs shard files that have not been added yet: fetch them,
    /// add them with [`crate::Index::add_shard`], and search again.
    MissingShards {
        /// File names, relative to the root file.
        files: Vec<String>,
    },
}

impl IndexError {
    /// A short stable code for programs: `truncated`, `bad-magic`, `bad-version`,
    /// `corrupt`, `missing-shards`.
    pub fn code(&self) -> &'static str {
        match self {
            IndexError::Truncated { .. } => "truncated",
            IndexError::BadMagic => "bad-magic",
            IndexError::BadVersion { .. } => "bad-version",
            IndexError::Corrupt { .. } => "corrupt",
            IndexError::MissingShards { .. } => "missing-shards",
        }
    }

    pub(crate) fn corrupt(detail: impl Into<String>) -> Self {
        IndexError::Corrupt {
            detail: detail.into(),
        }
    }
}

impl IndexError {
    /// What went wrong and what to do, in one sentence (the [`fmt::Display`] text).
    ///
    /// Built without `core::fmt`, which keeps the formatting machinery out of
    /// the browser build.
    pub fn message(&self) -> String {
        let mut m = String::new();
        match self {
            IndexError::Truncated { needed, found } => {
                m.push_str("the index is truncated: ");
                push_decimal(&mut m, *found);
                m.push_str(" bytes where ");
                push_decimal(&mut m, *needed);
                m.push_str(" were expected; upload it again or rebuild it with `ricerca build`");
            }
            IndexError::BadMagic => {
                m.push_str("not a ricerca index (wrong magic bytes); check the index URL or path")
            }
            IndexError::BadVersion { found } => {
                m.push_str("the index has format version ");
                push_decimal(&mut m, u64::from(*found));
                m.push_str(", this engine reads version ");
                push_decimal(&mut m, u64::from(FORMAT_VERSION));
                if *found < FORMAT_VERSION {
                    m.push_str("; rebuild the index with ricerca >= ");
                    m.push_str(super::container::FIRST_RELEASE);
                } else {
                    m.push_str("; use the widget of the ricerca release that built the index");
                }
            }
            IndexError::Corrupt { detail } => {
                m.push_str("the index is corrupt (");
                m.push_str(detail);
                m.push_str("); rebuild it with `ricerca build`");
            }
            IndexError::MissingShards { files } => {
                m.push_str("shard files not loaded yet: ");
                for (i, f) in files.iter().enumerate() {
                    if i > 0 {
                        m.push_str(", ");
                    }
                    m.push_str(f);
                }
            }
        }
        m
    }
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for IndexError {}
