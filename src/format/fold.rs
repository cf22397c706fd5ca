//! The FOLD section: the folded form of every non-ASCII character of the
//! indexed text that folding changes, so the browser folds queries as the
//! builder folded the text.

use super::{corrupt, IndexError};
use crate::codec::{Reader, Truncated, Writer};
use crate::text::FoldTable;

/// The section's bytes: the count, then `(code point, folded string)` pairs in
/// code point order.
pub fn encode(table: &FoldTable) -> Vec<u8> {
    let mut w = Writer::new();
    w.varint(table.len() as u64);
    for (c, s) in table.pairs() {
        w.varint(u64::from(c as u32));
        w.str(s);
    }
    w.buf
}

/// Reads the section; pairs out of order or repeated are refused (the
/// table's insertion sort then stays linear on any input).
pub fn decode(bytes: &[u8]) -> Result<FoldTable, IndexError> {
    decode_pairs(bytes).map_err(corrupt("FOLD"))
}

fn decode_pairs(bytes: &[u8]) -> Result<FoldTable, Truncated> {
    let mut r = Reader::new(bytes);
    let n = r.count(1)?;
    let mut pairs = Vec::with_capacity(n);
    for _ in 0..n {
        let c = char::from_u32(r.varint32()?).ok_or(Truncated)?;
        if pairs.last().is_some_and(|&(p, _): &(char, String)| p >= c) {
            return Err(Truncated);
        }
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

    fn raw(pairs: &[(char, &str)]) -> Vec<u8> {
        let mut w = Writer::new();
        w.varint(pairs.len() as u64);
        for (c, s) in pairs {
            w.varint(u64::from(*c as u32));
            w.str(s);
        }
        w.buf
    }

    #[test]
    fn round_trip() {
        let t = FoldTable::from_pairs([('é', "e".to_string()), ('ß', "ss".to_string())]);
        assert_eq!(decode(&encode(&t)), Ok(t.clone()));
        assert_eq!(encode(&t), raw(&[('ß', "ss"), ('é', "e")]));
    }

    #[test]
    fn a_fold_table_out_of_order_or_repeated_is_refused() {
        let table = decode(&raw(&[('à', "a"), ('é', "e")])).expect("in order");
        assert_eq!(
            table.pairs().collect::<Vec<_>>(),
            vec![('à', "a"), ('é', "e")]
        );
        assert!(decode(&raw(&[('é', "e"), ('à', "a")])).is_err());
        assert!(decode(&raw(&[('à', "a"), ('à', "a")])).is_err());
    }
}
