//! What is indexed per record and how a match is weighed: the searchable
//! fields in rank order, BM25F's constants, the per-posting impact the builder
//! stores and the IDF the engine multiplies it by.
//!
//! Shared by the builder (impacts) and the engine (IDF, weights), so the
//! builder does not depend on the search code.

/// Number of searchable fields (at most 8: a posting stores the best in 3 bits).
pub const FIELD_COUNT: usize = 6;
/// Field: the name and English name.
pub const FIELD_NAME: usize = 0;
/// Field: acronyms and other spellings.
pub const FIELD_ALIASES: usize = 1;
/// Field: city, region and country labels (Italian and English).
pub const FIELD_PLACES: usize = 2;
/// Field: glossary translations of the words of the name, aliases and places
/// (`university` for `Università`, `hospital` for `IRCCS`): below the words the
/// record says itself there, above its summary (a record named "Ospedale" is
/// a hospital; one whose summary mentions hospitals may not be).
pub const FIELD_GLOSSARY: usize = 3;
/// Field: the summary.
pub const FIELD_SUMMARY: usize = 4;
/// Field: vocabulary the record is found by without saying it itself: its
/// sectors' labels and synonyms, and its related records' names. Lowest: a
/// record's own text outranks mere membership of a sector.
pub const FIELD_VOCABULARY: usize = 5;

/// The key under which word `b` is filed as the *follower* of the word
/// before it in a record's name or aliases, for the proximity rule: a 16-bit
/// hash (FNV-1a folded) of its stem ([`crate::stem`]), never 0. A posting of
/// a name or alias word lists the keys of the words that follow it there
/// ([`crate::format::term_shard`]); two stems share a key once in 65,535
/// pairs, when a record gains a proximity point it does not have.
pub fn follower_key(b: &str) -> u16 {
    let mut h = 0x811c_9dc5u32;
    for &c in crate::stem::stem(b).as_bytes() {
        h = (h ^ u32::from(c)).wrapping_mul(0x0100_0193);
    }
    ((h ^ (h >> 16)) as u16).max(1)
}

/// True when the followers `f` of a posting (two keys, 0 for none: see
/// [`follower_key`]) hold `key`.
pub fn follows(f: u32, key: u16) -> bool {
    f as u16 == key || (f >> 16) as u16 == key
}

/// Relative weight of a match in each field, in [`FIELD_NAME`].. order.
pub const FIELD_WEIGHTS: [f32; FIELD_COUNT] = [6.0, 5.0, 3.0, 2.0, 2.0, 1.0];
/// BM25's term-frequency saturation.
const K1: f32 = 1.2;
/// BM25's length normalization.
const B: f32 = 0.75;

/// The BM25F weight of one term in one document, without the term's IDF,
/// quantized to a byte (1..=255) for the postings (the builder calls this).
///
/// `tf` and `len` are per field the term's frequency and the field's length in
/// tokens; `avg_len` the fields' average lengths over the corpus. The combined
/// frequency is saturated by K1, so the weight lies in `0..K1 + 1` and 255
/// steps lose nothing a ranking can tell apart.
pub fn impact(
    tf: &[u32; FIELD_COUNT],
    len: &[u32; FIELD_COUNT],
    avg_len: &[f32; FIELD_COUNT],
) -> u8 {
    let mut x = 0.0;
    for f in 0..FIELD_COUNT {
        if tf[f] > 0 {
            x += FIELD_WEIGHTS[f] * tf[f] as f32
                / (1.0 - B + B * len[f] as f32 / avg_len[f].max(1.0));
        }
    }
    let saturated = x * (K1 + 1.0) / (x + K1);
    (saturated / (K1 + 1.0) * 255.0).round().clamp(1.0, 255.0) as u8
}

/// The best (lowest-numbered) field a term occurs in, given its per-field
/// frequencies; [`FIELD_VOCABULARY`] when it occurs in none.
pub fn best_field(tf: &[u32; FIELD_COUNT]) -> u8 {
    tf.iter().position(|&n| n > 0).unwrap_or(FIELD_VOCABULARY) as u8
}

/// The weight an [`impact`] byte stands for.
pub fn weight(impact: u8) -> f32 {
    f32::from(impact) * ((K1 + 1.0) / 255.0)
}

/// BM25's inverse document frequency of a term found in `df` of `n` documents.
pub fn idf(n: u32, df: u32) -> f32 {
    let (n, df) = (n as f32, df as f32);
    ln(1.0 + (n - df + 0.5) / (df + 0.5))
}

/// Natural logarithm of `x` (> 0), within 2e-5 of `f32::ln` (tested): the
/// exponent times ln 2, plus `2 atanh((m - 1) / (m + 1))` of the mantissa
/// `m` in [1, 2) by four terms of its series. Used for IDF at query time in
/// place of libm's `logf` (0.2 KB gzip of the browser build); the CLI runs
/// the same code, so both rank alike.
fn ln(x: f32) -> f32 {
    let bits = x.to_bits();
    let exponent = ((bits >> 23) & 0xff) as i32 - 127;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    exponent as f32 * core::f32::consts::LN_2
        + 2.0 * t * (1.0 + t2 * (1.0 / 3.0 + t2 * (1.0 / 5.0 + t2 * (1.0 / 7.0))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_is_close_to_std_over_the_idf_range() {
        let mut worst = 0f32;
        let mut x = 1.0f32;
        while x < 4.0e6 {
            worst = worst.max((ln(x) - x.ln()).abs());
            x *= 1.000_37;
        }
        assert!(worst < 2e-5, "worst error {worst}");
        assert_eq!(ln(1.0), 0.0);
    }

    #[test]
    fn the_best_field_is_the_first_with_the_term() {
        assert_eq!(best_field(&[0, 0, 1, 3, 1, 0]), 2);
        assert_eq!(best_field(&[2, 0, 0, 0, 0, 1]), 0);
        assert_eq!(best_field(&[0, 0, 0, 0, 0, 1]), 5);
    }
}
