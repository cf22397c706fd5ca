//! The FOLD section: the folded form of every non-ASCII character of the
//! indexed text that folding changes, so the browser folds queries as the
//! builder folded the text.

use super::{corrupt, IndexError};
use crate::codec::{Reader, Truncated, Writer};
use crate::text::FoldTable;

/// The section's bytes: the count, then per character in ascending code
/// point order the difference from the previous one's code point (from 0 for
/// the first; one byte for most, 185k records: 3.2 -> 2.1 KB gzip) and its
/// folded string.
pub fn encode(table: &FoldTable) -> Vec<u8> {
    let mut w = Writer::new();
    w.varint(table.len() as u64);
    let mut prev = 0;
    for (c, s) in table.pairs() {
        w.varint(u64::from(c as u32 - prev));
        prev = c as u32;
        w.str(s);
    }
    w.buf
}

/// Reads the section; a repeated character (a difference of 0) or one beyond
/// Unicode is refused (the table's insertion sort then stays linear on any
/// input).
pub fn decode(bytes: &[u8]) -> Result<FoldTable, IndexError> {
    decode_pairs(bytes).map_err(corrupt("FOLD"))
}

fn decode_pairs(bytes: &[u8]) -> Result<FoldTable, Truncated> {
    let mut r = Reader::new(bytes);
    let n = r.count(1)?;
    let mut pairs = Vec::with_capacity(n);
    let mut prev = 0u32;
    for i in 0..n {
        let delta = r.varint32()?;
        if i > 0 && delta == 0 {
            return Err(Truncated);
        }
        prev = prev.checked_add(delta).ok_or(Truncated)?;
        let c = char::from_u32(prev).ok_or(Truncated)?;
        pairs.push((c, r.str()?.to_string()));
    }
    if !r.is_empty() {
        return Err(Truncated);
    }
    Ok(FoldTable::from_pairs(pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The section as FORMAT.md says, for code points `pairs` in any order.
    fn raw(pairs: &[(u32, &str)]) -> Vec<u8> {
        let mut w = Writer::new();
        w.varint(pairs.len() as u64);
        let mut prev = 0;
        for (c, s) in pairs {
            w.varint(u64::from(c.wrapping_sub(prev)));
            prev = *c;
            w.str(s);
        }
        w.buf
    }

    #[test]
    fn round_trip() {
        let t = FoldTable::from_pairs([('é', "e".to_string()), ('ß', "ss".to_string())]);
        assert_eq!(decode(&encode(&t)), Ok(t.clone()));
        assert_eq!(encode(&t), raw(&[(0xdf, "ss"), (0xe9, "e")]));
        // Code points as differences: 0xdf (two varint bytes), then 0xe9 - 0xdf.
        let want = [2, 0xdf, 0x01, 2, b's', b's', 0x0a, 1, b'e'];
        assert_eq!(encode(&t), want);
    }

    #[test]
    fn a_fold_table_out_of_order_or_repeated_is_refused() {
        let table = decode(&raw(&[(0xe0, "a"), (0xe9, "e")])).expect("in order");
        assert_eq!(
            table.pairs().collect::<Vec<_>>(),
            vec![('à', "a"), ('é', "e")]
        );
        assert!(decode(&raw(&[(0xe0, "a"), (0xe0, "a")])).is_err());
        // Beyond Unicode, a surrogate, an overflowing difference.
        assert!(decode(&raw(&[(0x11_0000, "a")])).is_err());
        assert!(decode(&raw(&[(0xd800, "a")])).is_err());
        assert!(decode(&raw(&[(0xe0, "a"), (0xdf, "e")])).is_err());
    }
}
