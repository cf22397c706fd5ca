//! The container every index file (root and shards) is wrapped in: a
//! versioned, checksummed header, then the payload.
//!
//! ```text
//! offset  size  field
//! 0       8     magic  b"RICERCA\0"
//! 8       4     format version (u32 LE) = FORMAT_VERSION
//! 12      4     flags (u32 LE), 0
//! 16      8     payload length in bytes (u64 LE)
//! 24      4     CRC-32 of the payload (u32 LE)
//! 28      4     CRC-32 of bytes 0..28 (u32 LE)
//! 32      …     payload (the root's sections, or a shard)
//! ```
//!
//! `FORMAT.md` documents every structure; any change to one raises
//! [`FORMAT_VERSION`]; an engine refuses every version but its own, with a
//! message that says which tool version to rebuild with.

use super::IndexError;
use crate::codec::{crc32, push_decimal, Reader};

/// The 8 bytes every index starts with.
pub const MAGIC: &[u8; 8] = b"RICERCA\0";

/// The format version this engine reads and writes.
pub const FORMAT_VERSION: u32 = 4;

/// The first ricerca release that writes [`FORMAT_VERSION`], named in the
/// message that refuses an older index.
pub const FIRST_RELEASE: &str = "0.2";

/// Size of the fixed header.
pub const HEADER_LEN: usize = 32;

/// Wraps `payload` in the header: the complete bytes of an index file.
pub fn seal(payload: &[u8]) -> Vec<u8> {
    seal_with_crc(payload, crc32(payload))
}

/// [`seal`] for a caller that has already computed `crc32(payload)` (shard
/// files are named by it): one pass over the payload less.
pub fn seal_with_crc(payload: &[u8], payload_crc: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&payload_crc.to_le_bytes());
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
