//! The index file format: a versioned, checksummed container.
//!
//! ```text
//! offset  size  field
//! 0       8     magic  b"RICERCA\0"
//! 8       4     format version (u32 LE) = FORMAT_VERSION
//! 12      4     flags (u32 LE), 0
//! 16      8     payload length in bytes (u64 LE)
//! 24      4     CRC-32 of the payload (u32 LE)
//! 28      4     CRC-32 of bytes 0..28 (u32 LE)
//! 32      …     payload: sections, each a LEB128 length then its bytes, in this order:
//!               META, FOLD, FACETS, TERM_SHARDS, DOC_SHARDS
//! ```
//!
//! The layout of each section is documented where it is written
//! ([`crate::builder`]) and read ([`crate::index`]). Any change to it raises
//! [`FORMAT_VERSION`]; an engine refuses every version but its own, with a
//! message that says which tool version to rebuild with.

use crate::codec::{crc32, push_decimal, Reader};
use std::fmt;

/// The 8 bytes every index starts with.
pub const MAGIC: &[u8; 8] = b"RICERCA\0";

/// The format version this engine reads and writes.
pub const FORMAT_VERSION: u32 = 4;

/// Size of the fixed header.
pub const HEADER_LEN: usize = 32;

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
    /// A short stable code for programs: `truncated`, `bad-magic`, `bad-version`, `corrupt`, `missing-shards`.
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
                m.push_str("; rebuild the index with the same ricerca release as the widget");
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

/// Wraps `payload` in the header: the complete bytes of an index file.
pub fn seal(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32(payload).to_le_bytes());
    let head = crc32(&out);
    out.extend_from_slice(&head.to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Checks the header of `file` and returns its payload.
pub fn open(file: &[u8]) -> Result<&[u8], IndexError> {
    if file.len() < MAGIC.len() {
        if MAGIC.starts_with(file) {
            return Err(IndexError::Truncated {
                needed: HEADER_LEN as u64,
                found: file.len() as u64,
            });
        }
        return Err(IndexError::BadMagic);
    }
    if &file[..8] != MAGIC {
        return Err(IndexError::BadMagic);
    }
    if file.len() < HEADER_LEN {
        return Err(IndexError::Truncated {
            needed: HEADER_LEN as u64,
            found: file.len() as u64,
        });
    }
    let mut r = Reader::new(&file[8..HEADER_LEN]);
    let bad = |_| IndexError::corrupt("header");
    let version = r.u32().map_err(bad)?;
    let _flags = r.u32().map_err(bad)?;
    let len = r.u64().map_err(bad)?;
    let payload_crc = r.u32().map_err(bad)?;
    let header_crc = r.u32().map_err(bad)?;
    if crc32(&file[..28]) != header_crc {
        return Err(IndexError::corrupt("header checksum mismatch"));
    }
    if version != FORMAT_VERSION {
        return Err(IndexError::BadVersion { found: version });
    }
    let have = (file.len() - HEADER_LEN) as u64;
    if have < len {
        return Err(IndexError::Truncated {
            needed: HEADER_LEN as u64 + len,
            found: file.len() as u64,
        });
    }
    if have > len {
        let mut detail = String::new();
        push_decimal(&mut detail, have - len);
        detail.push_str(" unexpected bytes after the payload");
        return Err(IndexError::corrupt(detail));
    }
    let payload = &file[HEADER_LEN..];
    if crc32(payload) != payload_crc {
        return Err(IndexError::corrupt("payload checksum mismatch"));
    }
    Ok(payload)
}
