//! Small, allocation-free sorting used on the search path.
//!
//! The standard library's sorts are fast but large once monomorphized (several
//! KB of WebAssembly per comparator); these heap-based routines are a few
//! hundred bytes each and O(n log n), which is what the engine needs: ordering
//! merged posting lists and picking the top hits.

use core::cmp::Ordering;

fn sift_down<T>(v: &mut [T], mut root: usize, end: usize, cmp: &impl Fn(&T, &T) -> Ordering) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && cmp(&v[child], &v[child + 1]) == Ordering::Less {
            child += 1;
        }
        if cmp(&v[root], &v[child]) != Ordering::Less {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

/// Sorts `v` ascending by `cmp` (heapsort; not stable).
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let n = v.len();
    if n < 2 || v.windows(2).all(|w| cmp(&w[0], &w[1]) != Ordering::Greater) {
        return;
    }
    for i in (0..n / 2).rev() {
        sift_down(v, i, n, &cmp);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, &cmp);
    }
}

/// Keeps the `k` smallest items of `v` by `cmp`, sorted ascending, in
/// O(n log k) time: the rest is truncated away.
pub fn top_k<T>(v: &mut Vec<T>, k: usize, cmp: impl Fn(&T, &T) -> Ordering) {
    if k == 0 {
        v.clear();
        return;
    }
    if v.len() > k {
        // A max-heap of the best k so far: its root is the worst of them.
        for i in (0..k / 2).rev() {
            sift_down(&mut v[..k], i, k, &cmp);
        }
        for i in k..v.len() {
            if cmp(&v[i], &v[0]) == Ordering::Less {
                v.swap(0, i);
                sift_down(&mut v[..k], 0, k, &cmp);
            }
        }
        v.truncate(k);
    }
    sort_by(v, cmp);
}

/// Sorts a short `v` ascending by `cmp` (insertion sort; stable): a few
/// values of a hit, the words of a query. One small loop per comparator,
/// where [`sort_by`]'s heap costs a few hundred bytes of WebAssembly more.
pub fn sort_short_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && cmp(&v[j - 1], &v[j]) == Ordering::Greater {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcg(seed: &mut u64) -> u32 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (*seed >> 33) as u32
    }

    #[test]
    fn sorts_like_the_standard_library() {
        let mut seed = 7;
        for n in [0usize, 1, 2, 3, 10, 100, 1000] {
            let v: Vec<u32> = (0..n).map(|_| lcg(&mut seed) % 50).collect();
            let mut a = v.clone();
            sort_by(&mut a, |x, y| x.cmp(y));
            let mut b = v.clone();
            b.sort();
            assert_eq!(a, b);
            let mut c = v.clone();
            sort_short_by(&mut c, |x, y| x.cmp(y));
            assert_eq!(c, b);
            for k in [0usize, 1, 5, n, n + 3] {
                let mut t = v.clone();
                top_k(&mut t, k, |x, y| x.cmp(y));
                assert_eq!(t, b[..k.min(n)].to_vec(), "n={n} k={k}");
            }
        }
    }
}
