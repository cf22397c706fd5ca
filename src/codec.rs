//! Little binary reading and writing helpers used by the index format.
//!
//! Every read is bounds-checked and returns [`Truncated`] instead of panicking,
//! so a corrupt or hostile index can never crash the engine.

/// A read ran past the end of its buffer, or met an impossible value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Truncated;

/// Appends integers, varints and strings to a byte vector.
#[derive(Debug, Default)]
pub struct Writer {
    /// The bytes written so far.
    pub buf: Vec<u8>,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one byte.
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    /// Appends a little-endian `u32`.
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// Appends a little-endian `u64`.
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// Appends a little-endian `f32`.
    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// Appends an unsigned LEB128 varint.
    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }

    /// Appends a length-prefixed UTF-8 string.
    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    /// Appends a length-prefixed byte string.
    pub fn bytes(&mut self, b: &[u8]) {
        self.varint(b.len() as u64);
        self.buf.extend_from_slice(b);
    }

    /// Appends raw bytes with no length prefix.
    pub fn raw(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }
}

/// Reads what a [`Writer`] wrote, never panicking.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    /// Current offset from the start of the buffer.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// True when every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    /// Takes the next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Truncated> {
        let end = self.pos.checked_add(n).ok_or(Truncated)?;
        let s = self.buf.get(self.pos..end).ok_or(Truncated)?;
        self.pos = end;
        Ok(s)
    }

    /// Reads one byte.
    pub fn u8(&mut self) -> Result<u8, Truncated> {
        let b = *self.buf.get(self.pos).ok_or(Truncated)?;
        self.pos += 1;
        Ok(b)
    }

    /// Reads a little-endian `u32`.
    pub fn u32(&mut self) -> Result<u32, Truncated> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Reads a little-endian `u64`.
    pub fn u64(&mut self) -> Result<u64, Truncated> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    /// Reads a little-endian `f32`.
    pub fn f32(&mut self) -> Result<f32, Truncated> {
        Ok(f32::from_bits(self.u32()?))
    }

    /// Reads an unsigned LEB128 varint of at most 10 bytes.
    pub fn varint(&mut self) -> Result<u64, Truncated> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Truncated)
    }

    /// Reads a varint that must fit in `u32`.
    pub fn varint32(&mut self) -> Result<u32, Truncated> {
        u32::try_from(self.varint()?).map_err(|_| Truncated)
    }

    /// Reads a varint used as a length or count; it may not exceed the bytes left
    /// times `max_per_byte`, which keeps corrupt counts from allocating gigabytes.
    pub fn count(&mut self, max_per_byte: usize) -> Result<usize, Truncated> {
        let n = self.varint()?;
        let left = (self.buf.len() - self.pos.min(self.buf.len())) as u64;
        if n > left.saturating_mul(max_per_byte as u64).saturating_add(1) {
            return Err(Truncated);
        }
        Ok(n as usize)
    }

    /// Reads a length-prefixed byte string.
    pub fn bytes(&mut self) -> Result<&'a [u8], Truncated> {
        let n = self.count(1)?;
        self.take(n)
    }

    /// Reads a length-prefixed UTF-8 string.
    pub fn str(&mut self) -> Result<&'a str, Truncated> {
        core::str::from_utf8(self.bytes()?).map_err(|_| Truncated)
    }
}

/// A byte-at-a-time CRC table for the reflected polynomial `poly`.
const fn crc_table(poly: u32) -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { poly ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
}

fn crc_with(table: &[u32; 256], data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c = table[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

/// Appends `n` in decimal to `out` (without `core::fmt`, which the browser
/// build leaves out).
pub fn push_decimal(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// The concatenation of `parts` (one small loop instead of `concat`/`join`'s
/// generic code in the browser build).
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// The CRC of `data` with the reflected polynomial `poly`. The table is built
/// on each call (2,048 shifts, ~2 µs: nothing next to checksumming a file)
/// rather than stored: two stored tables are 2 KB of the browser build that
/// gzip cannot shrink. `black_box` keeps the compiler from storing it anyway.
#[cfg(not(feature = "builder"))]
fn crc(poly: u32, data: &[u8]) -> u32 {
    crc_with(&crc_table(core::hint::black_box(poly)), data)
}

/// The CRC of `data` with the reflected polynomial `poly`, eight bytes at a
/// time (slicing-by-8): the builder checksums every file it writes (55 MB at
/// 185k records), natively, where 16 KB of stored tables cost nothing.
#[cfg(feature = "builder")]
fn crc(poly: u32, data: &[u8]) -> u32 {
    const CRC32: [[u32; 256]; 8] = slice8_tables(0xEDB8_8320);
    const CRC32C: [[u32; 256]; 8] = slice8_tables(0x82F6_3B78);
    let t = match poly {
        0xEDB8_8320 => &CRC32,
        0x82F6_3B78 => &CRC32C,
        _ => return crc_with(&crc_table(poly), data),
    };
    let mut c = !0u32;
    let mut chunks = data.chunks_exact(8);
    for b in &mut chunks {
        let lo = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) ^ c;
        let hi = u32::from_le_bytes([b[4], b[5], b[6], b[7]]);
        let at = |k: usize, v: u32, shift: u32| t[k][((v >> shift) & 0xff) as usize];
        c = at(7, lo, 0) ^ at(6, lo, 8) ^ at(5, lo, 16) ^ at(4, lo, 24);
        c ^= at(3, hi, 0) ^ at(2, hi, 8) ^ at(1, hi, 16) ^ at(0, hi, 24);
    }
    for &b in chunks.remainder() {
        c = t[0][((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

/// The tables of slicing-by-8 for `poly`: table 0 is the byte-at-a-time one,
/// table `k` advances a byte's CRC over `k` more zero bytes.
#[cfg(feature = "builder")]
const fn slice8_tables(poly: u32) -> [[u32; 256]; 8] {
    let mut t = [crc_table(poly); 8];
    let mut k = 1;
    while k < 8 {
        let mut i = 0;
        while i < 256 {
            let prev = t[k - 1][i];
            t[k][i] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            i += 1;
        }
        k += 1;
    }
    t
}

/// CRC-32 (ISO-HDLC, the one zlib and PNG use) of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    crc(0xEDB8_8320, data)
}

/// CRC-32C (Castagnoli) of `data`, the checksum `fst` stores in its dictionaries.
pub fn crc32c(data: &[u8]) -> u32 {
    crc(0x82F6_3B78, data)
}

/// Checks the checksum at the end of an `fst` (format 3) dictionary, as
/// `fst::raw::Fst::verify` does, with a 1 KiB table instead of its 16 KiB one
/// (which would weigh ~14 KB gzip in the browser build).
pub fn fst_checksum_ok(fst: &[u8]) -> bool {
    let Some(split) = fst.len().checked_sub(4) else {
        return false;
    };
    let (body, tail) = fst.split_at(split);
    let stored = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]);
    let sum = crc32c(body);
    let masked = (sum.rotate_right(15)).wrapping_add(0xA282_EAD8);
    stored == masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_match_the_standard_formatting() {
        for n in [0u64, 7, 10, 99, 100, 65_536, u32::MAX as u64, u64::MAX] {
            let mut s = String::from("x");
            push_decimal(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
    }

    #[test]
    fn varints_round_trip_and_truncation_is_an_error() {
        let mut w = Writer::new();
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            w.varint(v);
        }
        w.str("università");
        let mut r = Reader::new(&w.buf);
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            assert_eq!(r.varint(), Ok(v));
        }
        assert_eq!(r.str(), Ok("università"));
        assert!(r.is_empty());
        assert_eq!(r.u8(), Err(Truncated));
        let mut short = Reader::new(&w.buf[..w.buf.len() - 1]);
        for _ in 0..7 {
            short.varint().unwrap();
        }
        assert_eq!(short.str(), Err(Truncated));
    }

    #[test]
    #[cfg(feature = "builder")]
    fn eight_bytes_at_a_time_agree_with_one_at_a_time() {
        let data: Vec<u8> = (0u32..1000).map(|i| (i * 7919 % 251) as u8).collect();
        for poly in [0xEDB8_8320, 0x82F6_3B78] {
            for len in [0, 1, 7, 8, 9, 15, 16, 17, 999, 1000] {
                let slow = crc_with(&crc_table(poly), &data[..len]);
                assert_eq!(crc(poly, &data[..len]), slow, "{poly:x} {len}");
            }
        }
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
    }

    #[test]
    fn fst_checksum_agrees_with_fst_verify() {
        let map = fst::Map::from_iter([("alpha", 1u64), ("beta", 2), ("gamma", 3)]).unwrap();
        let mut bytes = map.as_fst().as_bytes().to_vec();
        assert!(map.as_fst().verify().is_ok());
        assert!(fst_checksum_ok(&bytes));
        bytes[3] ^= 1;
        assert!(!fst_checksum_ok(&bytes));
        assert!(!fst_checksum_ok(&[1, 2]));
    }
}
