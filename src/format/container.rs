//! The container every index file (root and shards) is wrapped in: a
//! versioned, checksummed header, then the payload.
//!
//! ```text
//! offset  size  field
//! 0       8     magic  b"RICERCA\0"
//! 8       4     format version (u32 LE) = FORMAT_VERSION
//! 12      4     writer version: major, minor, patch (one byte each), 0;
//!               all four 0 in shard files (their bytes follow their content)
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
pub const FORMAT_VERSION: u32 = 7;

/// The first ricerca release that writes [`FORMAT_VERSION`], named in the
/// message that refuses an older index.
pub const FIRST_RELEASE: &str = "0.2.0";

/// The ricerca version that writes a root file: `[major, minor, patch]`, the
/// crate's version (each part below 256).
pub const WRITER_VERSION: [u8; 3] = [
    decimal(env!("CARGO_PKG_VERSION_MAJOR")),
    decimal(env!("CARGO_PKG_VERSION_MINOR")),
    decimal(env!("CARGO_PKG_VERSION_PATCH")),
];

/// `s` (ASCII digits) as a number, at compile time.
const fn decimal(s: &str) -> u8 {
    let b = s.as_bytes();
    let mut v: u32 = 0;
    let mut i = 0;
    while i < b.len() {
        v = v * 10 + (b[i] - b'0') as u32;
        i += 1;
    }
    assert!(v < 256, "version part above 255");
    v as u8
}

/// `[major, minor, patch]` as `"major.minor.patch"`.
pub fn version_string(v: [u8; 3]) -> String {
    let mut s = String::new();
    for (i, part) in v.iter().enumerate() {
        if i > 0 {
            s.push('.');
        }
        push_decimal(&mut s, u64::from(*part));
    }
    s
}

/// Size of the fixed header.
pub const HEADER_LEN: usize = 32;

/// Wraps a shard's `payload` in the header (writer version 0.0.0): the
/// complete bytes of a shard file.
pub fn seal(payload: &[u8]) -> Vec<u8> {
    seal_as([0; 3], payload, crc32(payload))
}

/// [`seal`] for a caller that has already computed `crc32(payload)` (shard
/// files are named by it): one pass over the payload less.
pub fn seal_with_crc(payload: &[u8], payload_crc: u32) -> Vec<u8> {
    seal_as([0; 3], payload, payload_crc)
}

/// Wraps the root's `payload` in the header, with [`WRITER_VERSION`].
pub fn seal_root(payload: &[u8]) -> Vec<u8> {
    seal_as(WRITER_VERSION, payload, crc32(payload))
}

fn seal_as(writer: [u8; 3], payload: &[u8], payload_crc: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&writer);
    out.push(0);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&payload_crc.to_le_bytes());
    let head = crc32(&out);
    out.extend_from_slice(&head.to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Checks the header of `file` and returns its payload.
pub fn open(file: &[u8]) -> Result<&[u8], IndexError> {
    open_with_writer(file).map(|(payload, _)| payload)
}

/// Checks the header of `file` and returns its payload and the writer
/// version the header records.
pub fn open_with_writer(file: &[u8]) -> Result<(&[u8], [u8; 3]), IndexError> {
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
    let writer = r.take(4).map_err(bad)?;
    let writer = [writer[0], writer[1], writer[2]];
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
    Ok((payload, writer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_records_its_writer_version_and_shards_do_not() {
        let root = seal_root(b"abc");
        assert_eq!(
            &root[12..16],
            &[WRITER_VERSION[0], WRITER_VERSION[1], WRITER_VERSION[2], 0]
        );
        assert_eq!(open_with_writer(&root), Ok((&b"abc"[..], WRITER_VERSION)));
        let shard = seal(b"abc");
        assert_eq!(&shard[12..16], &[0; 4]);
        assert_eq!(open_with_writer(&shard), Ok((&b"abc"[..], [0; 3])));
        assert_eq!(version_string(WRITER_VERSION), env!("CARGO_PKG_VERSION"));
        assert_eq!(version_string([10, 0, 255]), "10.0.255");
    }
}
