//! A small allocator for the browser build: size classes over whole pages.
//!
//! The default allocator of `wasm32-unknown-unknown` (dlmalloc) is about 3.5 KB
//! of the gzipped engine; the engine's allocation pattern does not need it. A
//! loaded index is a handful of long-lived buffers plus short-lived vectors per
//! query, all on one thread. This allocator serves
//!
//! - **small blocks** (up to [`MAX_SMALL`] bytes) from power-of-two size
//!   classes: a freed block goes on its class's free list and is reused by the
//!   next allocation of that class; an empty class carves a fresh 64 KiB page
//!   into blocks, so every block is aligned to its own size;
//! - **large blocks** as runs of whole pages, kept on an address-ordered free
//!   list when freed (adjacent runs merge) and reused first-fit (a longer run
//!   is split).
//!
//! Memory is never returned to the browser (WebAssembly memory cannot shrink).
//! The bookkeeping is independent of where pages come from ([`Pages`]), so the
//! same code is tested natively over an ordinary buffer.

/// Bytes in one WebAssembly page.
pub const PAGE: usize = 65536;

/// The largest request served from a size class; larger ones take whole pages.
pub const MAX_SMALL: usize = 16384;

const MIN_SHIFT: u32 = 3; // 8-byte blocks
const CLASSES: usize = (MAX_SMALL.trailing_zeros() - MIN_SHIFT + 1) as usize;

/// Where fresh pages come from.
pub trait Pages {
    /// Adds `count` contiguous pages and returns the address of the first, or
    /// `None` when no memory is left.
    fn grow(&mut self, count: usize) -> Option<usize>;
}

/// A freed run of pages, stored in its own first bytes.
struct Run {
    pages: usize,
    next: usize,
}

/// The allocator's state: one free list per size class, one list of free page runs.
pub struct Heap<P> {
    pages: P,
    free: [usize; CLASSES],
    runs: usize,
}

/// The size class of a request, or `None` when it takes whole pages.
fn class_of(size: usize, align: usize) -> Option<usize> {
    let need = size.max(align).max(1 << MIN_SHIFT);
    if need > MAX_SMALL {
        return None;
    }
    Some((need.next_power_of_two().trailing_zeros() - MIN_SHIFT) as usize)
}

impl<P: Pages> Heap<P> {
    /// An empty heap over `pages`.
    pub const fn new(pages: P) -> Self {
        Heap {
            pages,
            free: [0; CLASSES],
            runs: 0,
        }
    }

    /// Allocates `size` bytes aligned to `align` (a power of two, at most a
    /// page); returns 0 when memory is exhausted.
    ///
    /// # Safety
    /// Addresses handed out by `P::grow` must be valid, writable, page-aligned memory.
    pub unsafe fn alloc(&mut self, size: usize, align: usize) -> usize {
        match class_of(size, align) {
            Some(c) => {
                if self.free[c] == 0 {
                    let Some(page) = self.pages.grow(1) else {
                        return 0;
                    };
                    let block = 1usize << (c as u32 + MIN_SHIFT);
                    // Thread the new page's blocks onto the free list, lowest first.
                    let mut at = page + PAGE;
                    while at > page {
                        at -= block;
                        *(at as *mut usize) = self.free[c];
                        self.free[c] = at;
                    }
                }
                let block = self.free[c];
                self.free[c] = *(block as *const usize);
                block
            }
            None if align <= PAGE => self.alloc_pages(size.div_ceil(PAGE)),
            None => 0,
        }
    }

    unsafe fn alloc_pages(&mut self, want: usize) -> usize {
        let mut link: *mut usize = &mut self.runs;
        while *link != 0 {
            let run = *link as *mut Run;
            if (*run).pages >= want {
                let rest = (*run).pages - want;
                if rest == 0 {
                    *link = (*run).next;
                } else {
                    // Keep the front on the list, hand out the tail.
                    (*run).pages = rest;
                    return run as usize + rest * PAGE;
                }
                return run as usize;
            }
            link = &mut (*run).next;
        }
        self.pages.grow(want).unwrap_or(0)
    }

    /// Frees a block from [`Heap::alloc`] with the same `size` and `align`.
    ///
    /// # Safety
    /// `ptr` must come from this heap with this size and alignment, and not be freed twice.
    pub unsafe fn dealloc(&mut self, ptr: usize, size: usize, align: usize) {
        match class_of(size, align) {
            Some(c) => {
                *(ptr as *mut usize) = self.free[c];
                self.free[c] = ptr;
            }
            None => self.free_pages(ptr, size.div_ceil(PAGE)),
        }
    }

    /// Puts a run of pages back on the free list, which is kept in address
    /// order so that a run merges with free neighbours: memory freed by one
    /// large query serves the next one whatever its sizes.
    unsafe fn free_pages(&mut self, ptr: usize, pages: usize) {
        let mut prev: *mut Run = core::ptr::null_mut();
        let mut next = self.runs;
        while next != 0 && next < ptr {
            prev = next as *mut Run;
            next = (*prev).next;
        }
        let run = ptr as *mut Run;
        (*run).pages = pages;
        (*run).next = next;
        if next != 0 && ptr + pages * PAGE == next {
            let after = next as *mut Run;
            (*run).pages += (*after).pages;
            (*run).next = (*after).next;
        }
        if prev.is_null() {
            self.runs = ptr;
        } else if prev as usize + (*prev).pages * PAGE == ptr {
            (*prev).pages += (*run).pages;
            (*prev).next = (*run).next;
        } else {
            (*prev).next = ptr;
        }
    }

    /// Resizes a block: stays in place when the new size fits the same class or
    /// the same pages, otherwise moves. Returns 0 (and keeps the old block) when
    /// memory is exhausted.
    ///
    /// # Safety
    /// As for [`Heap::dealloc`].
    pub unsafe fn realloc(
        &mut self,
        ptr: usize,
        size: usize,
        align: usize,
        new_size: usize,
    ) -> usize {
        let same = match (class_of(size, align), class_of(new_size, align)) {
            (Some(a), Some(b)) => a == b,
            (None, None) => size.div_ceil(PAGE) == new_size.div_ceil(PAGE),
            _ => false,
        };
        if same {
            return ptr;
        }
        let moved = self.alloc(new_size, align);
        if moved != 0 {
            core::ptr::copy_nonoverlapping(ptr as *const u8, moved as *mut u8, size.min(new_size));
            self.dealloc(ptr, size, align);
        }
        moved
    }
}

/// The browser's linear memory as a page source.
#[cfg(target_arch = "wasm32")]
pub struct LinearMemory;

#[cfg(target_arch = "wasm32")]
impl Pages for LinearMemory {
    fn grow(&mut self, count: usize) -> Option<usize> {
        match core::arch::wasm32::memory_grow(0, count) {
            usize::MAX => None,
            first => Some(first * PAGE),
        }
    }
}

/// The global allocator of the browser build (single-threaded, as
/// `wasm32-unknown-unknown` without atomics is).
#[cfg(target_arch = "wasm32")]
pub struct WasmAllocator(core::cell::UnsafeCell<Heap<LinearMemory>>);

// SAFETY: wasm32-unknown-unknown without the atomics feature has one thread.
#[cfg(target_arch = "wasm32")]
unsafe impl Sync for WasmAllocator {}

#[cfg(target_arch = "wasm32")]
impl WasmAllocator {
    /// A new allocator with nothing allocated.
    pub const fn new() -> Self {
        WasmAllocator(core::cell::UnsafeCell::new(Heap::new(LinearMemory)))
    }
}

#[cfg(target_arch = "wasm32")]
impl Default for WasmAllocator {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(target_arch = "wasm32")]
unsafe impl core::alloc::GlobalAlloc for WasmAllocator {
    unsafe fn alloc(&self, l: core::alloc::Layout) -> *mut u8 {
        (*self.0.get()).alloc(l.size(), l.align()) as *mut u8
    }
    unsafe fn dealloc(&self, p: *mut u8, l: core::alloc::Layout) {
        (*self.0.get()).dealloc(p as usize, l.size(), l.align())
    }
    unsafe fn realloc(&self, p: *mut u8, l: core::alloc::Layout, new_size: usize) -> *mut u8 {
        (*self.0.get()).realloc(p as usize, l.size(), l.align(), new_size) as *mut u8
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Pages from an ordinary, page-aligned buffer, with a limit.
    struct Arena {
        base: usize,
        used: usize,
        limit: usize,
        _buf: Vec<u8>,
    }

    impl Arena {
        fn new(limit: usize) -> Self {
            let buf = vec![0u8; (limit + 1) * PAGE];
            let base = (buf.as_ptr() as usize).next_multiple_of(PAGE);
            Arena {
                base,
                used: 0,
                limit,
                _buf: buf,
            }
        }
    }

    impl Pages for Arena {
        fn grow(&mut self, count: usize) -> Option<usize> {
            if self.used + count > self.limit {
                return None;
            }
            self.used += count;
            Some(self.base + (self.used - count) * PAGE)
        }
    }

    #[test]
    fn blocks_are_aligned_distinct_and_reused() {
        let mut h = Heap::new(Arena::new(64));
        unsafe {
            let a = h.alloc(24, 8);
            let b = h.alloc(24, 8);
            assert_ne!(a, b);
            assert_eq!(a % 32, 0, "a 24-byte block lives in the 32-byte class");
            let c = h.alloc(100, 64);
            assert_eq!(c % 128, 0);
            h.dealloc(a, 24, 8);
            assert_eq!(h.alloc(30, 4), a, "a freed block is reused by its class");
            // Writing every block's bytes never disturbs another.
            let blocks: Vec<(usize, usize)> =
                (1..200).map(|i| (h.alloc(i * 7, 8), i * 7)).collect();
            for (k, &(p, n)) in blocks.iter().enumerate() {
                core::ptr::write_bytes(p as *mut u8, k as u8, n);
            }
            for (k, &(p, n)) in blocks.iter().enumerate() {
                assert!(core::slice::from_raw_parts(p as *const u8, n)
                    .iter()
                    .all(|&x| x == k as u8));
            }
        }
    }

    #[test]
    fn large_runs_are_split_reused_and_exhaustion_is_null() {
        let mut h = Heap::new(Arena::new(8));
        unsafe {
            let big = h.alloc(3 * PAGE, 8);
            assert_ne!(big, 0);
            assert_eq!(big % PAGE, 0);
            h.dealloc(big, 3 * PAGE, 8);
            let one = h.alloc(PAGE, 8);
            assert_eq!(one, big + 2 * PAGE, "the tail of a free run is handed out");
            let two = h.alloc(2 * PAGE - 5, 8);
            assert_eq!(two, big, "the rest of the run is reused");
            assert_eq!(h.alloc(6 * PAGE, 8), 0, "no memory left: null, not a panic");
        }
    }

    #[test]
    fn freed_neighbouring_runs_merge_so_memory_is_reused() {
        let mut h = Heap::new(Arena::new(12));
        unsafe {
            let a = h.alloc(2 * PAGE, 8);
            let b = h.alloc(2 * PAGE, 8);
            let c = h.alloc(2 * PAGE, 8);
            // Freed out of order, the three runs become one 6-page run.
            h.dealloc(a, 2 * PAGE, 8);
            h.dealloc(c, 2 * PAGE, 8);
            h.dealloc(b, 2 * PAGE, 8);
            assert_eq!(h.alloc(6 * PAGE, 8), a);
            h.dealloc(a, 6 * PAGE, 8);
            // A query-like pattern, repeated: growing vectors, then all freed.
            for _ in 0..50 {
                let sizes = [PAGE + 1, 2 * PAGE + 1, 4 * PAGE + 1];
                let blocks: Vec<usize> = sizes.iter().map(|&s| h.alloc(s, 8)).collect();
                assert!(
                    blocks.iter().all(|&p| p != 0),
                    "memory is reused, not exhausted"
                );
                for (p, s) in blocks.into_iter().zip(sizes) {
                    h.dealloc(p, s, 8);
                }
            }
        }
    }

    #[test]
    fn realloc_keeps_contents_and_moves_only_when_needed() {
        let mut h = Heap::new(Arena::new(16));
        unsafe {
            let p = h.alloc(20, 4);
            core::ptr::write_bytes(p as *mut u8, 7, 20);
            assert_eq!(
                h.realloc(p, 20, 4, 30),
                p,
                "20 and 30 bytes share the 32-byte class"
            );
            let q = h.realloc(p, 30, 4, 5000);
            assert_ne!(q, p);
            assert!(core::slice::from_raw_parts(q as *const u8, 20)
                .iter()
                .all(|&x| x == 7));
            let r = h.realloc(q, 5000, 4, 3 * PAGE);
            assert!(core::slice::from_raw_parts(r as *const u8, 20)
                .iter()
                .all(|&x| x == 7));
            assert_eq!(h.realloc(r, 3 * PAGE, 4, 3 * PAGE - 100), r);
        }
    }
}
