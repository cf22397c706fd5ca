//! A seeded generator for the unit tests' random inputs (xorshift64): the
//! same inputs on every run, and no dependency.

/// A generator started at `seed` (not 0); each call gives a number below `m`.
pub(crate) fn below(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut s = seed;
    move |m| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s % m
    }
}
