//! Writing `fst` maps (the dictionaries of term and typo shards), byte for
//! byte as `fst` 0.4's `MapBuilder` writes them on a 64-bit machine, on every
//! target.
//!
//! Why not `fst::MapBuilder`: its node cache picks a bucket with
//! `(hash as usize) % 10_000`, so a 32-bit build (the WASI CLI) caches other
//! nodes than a 64-bit one and writes other bytes for the same map (the same
//! keys and values, differently shared). Here the bucket is `hash % 10_000` in
//! `u64` on every target ([`bucket`]). And its cache (10,000 × 2 nodes) is
//! allocated anew for every map, about 1 MB for maps of a few KB; here each
//! thread keeps one and empties it in constant time (a generation number).
//! `fst` reads what this writes (the tests compare bytes with `fst`'s).
//!
//! The construction is `fst`'s (Daciuk et al.'s, for sorted keys): the
//! unfinished nodes of the last key's path stay on a stack; a new key freezes
//! the part of the path it does not share, compiling each node to bytes unless
//! an equal node is in the cache, in which case its address is reused.

use crate::codec::crc32c;
use std::cell::RefCell;

/// Format version written in the header (`fst::raw::VERSION`).
const VERSION: u64 = 3;
/// The address of the final state without transitions (written as nothing).
const EMPTY_ADDRESS: usize = 0;
/// "No node": a cache cell not filled, a transition not compiled yet.
const NONE_ADDRESS: usize = 1;
/// Rows of the node cache.
const CACHE_ROWS: u64 = 10_000;
/// Nodes per row, most recently used first.
const CACHE_WAYS: usize = 2;
/// A node with more transitions than this also gets a 256-byte index.
const TRANS_INDEX_THRESHOLD: usize = 32;

/// The 63 bytes that a state's flag byte can hold as its input
/// (`fst::raw::common_inputs`, in order of frequency).
const COMMON_INPUTS: &[u8; 63] = b"te/oasripcnw.hlm-du012g=:bf3y5&_4v9678k%?xCDASFIBEjPTzRNM+LOqHG";

/// Per byte, its index + 1 in [`COMMON_INPUTS`], or 0.
const COMMON_INDEX: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < COMMON_INPUTS.len() {
        t[COMMON_INPUTS[i] as usize] = i as u8 + 1;
        i += 1;
    }
    t
};

/// Index + 1 of `input` in [`COMMON_INPUTS`], or 0.
fn common_index(input: u8) -> u8 {
    COMMON_INDEX[usize::from(input)]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Transition {
    inp: u8,
    out: u64,
    addr: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Node {
    is_final: bool,
    final_output: u64,
    trans: Vec<Transition>,
}

impl Node {
    fn set_from(&mut self, other: &Node) {
        self.is_final = other.is_final;
        self.final_output = other.final_output;
        self.trans.clear();
        self.trans.extend_from_slice(&other.trans);
    }
}

/// The cache row of `node`: FNV-1a over its fields, as `fst` hashes them,
/// reduced in `u64` (not `usize`) so that every target picks the same row.
fn bucket(node: &Node) -> usize {
    const PRIME: u64 = 1_099_511_628_211;
    let mut h: u64 = 14_695_981_039_346_656_037;
    let mut mix = |v: u64| h = (h ^ v).wrapping_mul(PRIME);
    mix(u64::from(node.is_final));
    mix(node.final_output);
    for t in &node.trans {
        mix(u64::from(t.inp));
        mix(t.out);
        mix(t.addr as u64);
    }
    (h % CACHE_ROWS) as usize
}

/// A cache cell: a compiled node and its address, valid in generation `gen`.
#[derive(Debug, Clone, Default)]
struct Cell {
    gen: u32,
    addr: usize,
    node: Node,
}

/// The node cache: [`CACHE_ROWS`] rows of [`CACHE_WAYS`] cells. A cell whose
/// generation is not the current one is empty.
#[derive(Debug)]
struct Registry {
    cells: Vec<Cell>,
    gen: u32,
}

thread_local! {
    /// Each thread's cache, lent to one writer at a time.
    static SPARE: RefCell<Option<Registry>> = const { RefCell::new(None) };
}

impl Registry {
    /// The thread's cache, emptied, or a new one.
    fn take() -> Registry {
        let spare = SPARE.with(|s| s.borrow_mut().take());
        match spare {
            Some(mut r) if r.gen < u32::MAX => {
                r.gen += 1;
                r
            }
            _ => Registry {
                cells: vec![Cell::default(); CACHE_ROWS as usize * CACHE_WAYS],
                gen: 1,
            },
        }
    }

    /// Lends the cache back to the thread.
    fn give_back(self) {
        SPARE.with(|s| *s.borrow_mut() = Some(self));
    }

    /// The address of a node equal to `node` if one is cached; otherwise
    /// `Err(cell)`: the cell (now holding `node`) that takes its address.
    fn entry(&mut self, node: &Node) -> Result<usize, &mut Cell> {
        let start = bucket(node) * CACHE_WAYS;
        let gen = self.gen;
        let row = &mut self.cells[start..start + CACHE_WAYS];
        let hit = |c: &Cell| c.gen == gen && c.node == *node;
        if hit(&row[0]) {
            return Ok(row[0].addr);
        }
        if hit(&row[1]) {
            row.swap(0, 1);
            return Ok(row[0].addr);
        }
        // Replace the least recently used, and make it the most recent.
        row[1].node.set_from(node);
        row[1].gen = gen;
        row[1].addr = NONE_ADDRESS;
        row.swap(0, 1);
        Err(&mut row[0])
    }
}

/// A node of the last key's path, with its pending last transition.
#[derive(Debug)]
struct Unfinished {
    node: Node,
    last: Option<(u8, u64)>,
}

impl Unfinished {
    fn new(is_final: bool) -> Unfinished {
        Unfinished {
            node: Node {
                is_final,
                ..Node::default()
            },
            last: None,
        }
    }

    /// Ends the pending transition at `addr`.
    fn freeze_last(&mut self, addr: usize) {
        if let Some((inp, out)) = self.last.take() {
            self.node.trans.push(Transition { inp, out, addr });
        }
    }

    fn add_output_prefix(&mut self, prefix: u64) {
        if self.node.is_final {
            self.node.final_output += prefix;
        }
        for t in &mut self.node.trans {
            t.out += prefix;
        }
        if let Some((_, out)) = &mut self.last {
            *out += prefix;
        }
    }
}

/// A key that does not sort after the previous one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfOrder;

/// Builds one `fst` map in memory; keys must come in strictly ascending
/// byte order.
#[derive(Debug)]
pub struct FstWriter {
    out: Vec<u8>,
    stack: Vec<Unfinished>,
    registry: Option<Registry>,
    last: Option<Vec<u8>>,
    last_addr: usize,
    len: u64,
}

impl Default for FstWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for FstWriter {
    fn drop(&mut self) {
        if let Some(r) = self.registry.take() {
            r.give_back();
        }
    }
}

impl FstWriter {
    /// An empty map.
    pub fn new() -> FstWriter {
        let mut out = Vec::with_capacity(10 << 10);
        out.extend_from_slice(&VERSION.to_le_bytes());
        // The fst type: 0.
        out.extend_from_slice(&0u64.to_le_bytes());
        FstWriter {
            out,
            stack: vec![Unfinished::new(false)],
            registry: Some(Registry::take()),
            last: None,
            last_addr: NONE_ADDRESS,
            len: 0,
        }
    }

    /// Maps `key` to `value`.
    pub fn insert(&mut self, key: &[u8], value: u64) -> Result<(), OutOfOrder> {
        match &mut self.last {
            Some(last) if key <= last.as_slice() => return Err(OutOfOrder),
            Some(last) => {
                last.clear();
                last.extend_from_slice(key);
            }
            None => self.last = Some(key.to_vec()),
        }
        if key.is_empty() {
            // Only ever the first key.
            self.len = 1;
            self.stack[0].node.is_final = true;
            self.stack[0].node.final_output = value;
            return Ok(());
        }
        let (prefix_len, out) = self.common_prefix_and_set_output(key, value);
        self.len += 1;
        self.compile_from(prefix_len);
        self.add_suffix(&key[prefix_len..], out);
        Ok(())
    }

    /// The map's bytes.
    pub fn finish(mut self) -> Vec<u8> {
        self.compile_from(0);
        let root = self.stack.pop().expect("the root").node;
        let root_addr = self.compile(&root);
        self.out.extend_from_slice(&self.len.to_le_bytes());
        self.out
            .extend_from_slice(&(root_addr as u64).to_le_bytes());
        let sum = crc32c(&self.out);
        let masked = sum.rotate_right(15).wrapping_add(0xA282_EAD8);
        self.out.extend_from_slice(&masked.to_le_bytes());
        std::mem::take(&mut self.out)
    }

    /// The length of the prefix `key` shares with the last key, moving the
    /// outputs along the shared path so that `value` minus what it already
    /// carries is left for the rest of the key.
    fn common_prefix_and_set_output(&mut self, key: &[u8], mut value: u64) -> (usize, u64) {
        let mut i = 0;
        while i < key.len() {
            let add = match &mut self.stack[i].last {
                Some((inp, out)) if *inp == key[i] => {
                    i += 1;
                    let common = (*out).min(value);
                    let add = *out - common;
                    value -= common;
                    *out = common;
                    add
                }
                _ => break,
            };
            if add != 0 {
                self.stack[i].add_output_prefix(add);
            }
        }
        (i, value)
    }

    /// Freezes and compiles the path's nodes below depth `depth`.
    fn compile_from(&mut self, depth: usize) {
        let mut addr = NONE_ADDRESS;
        while depth + 1 < self.stack.len() {
            let mut top = self.stack.pop().expect("a node below depth");
            if addr != NONE_ADDRESS {
                top.freeze_last(addr);
            }
            addr = self.compile(&top.node);
        }
        if let Some(top) = self.stack.last_mut() {
            top.freeze_last(addr);
        }
    }

    fn add_suffix(&mut self, suffix: &[u8], out: u64) {
        let Some((&first, rest)) = suffix.split_first() else {
            return;
        };
        if let Some(top) = self.stack.last_mut() {
            top.last = Some((first, out));
        }
        for &b in rest {
            let mut u = Unfinished::new(false);
            u.last = Some((b, 0));
            self.stack.push(u);
        }
        self.stack.push(Unfinished::new(true));
    }

    /// The address of `node`: a cached equal node's, or the node's own once
    /// written.
    fn compile(&mut self, node: &Node) -> usize {
        if node.is_final && node.trans.is_empty() && node.final_output == 0 {
            return EMPTY_ADDRESS;
        }
        let registry = self.registry.as_mut().expect("a registry until dropped");
        let cell = match registry.entry(node) {
            Ok(addr) => return addr,
            Err(cell) => cell,
        };
        let start = self.out.len();
        write_node(&mut self.out, self.last_addr, start, node);
        self.last_addr = self.out.len() - 1;
        cell.addr = self.last_addr;
        self.last_addr
    }
}

/// Appends `node`, to be found at address `addr` (its last byte's), in one of
/// `fst`'s three state encodings.
fn write_node(out: &mut Vec<u8>, last_addr: usize, addr: usize, node: &Node) {
    match node.trans.as_slice() {
        [t] if !node.is_final => {
            let common = common_index(t.inp);
            if t.addr == last_addr && t.out == 0 {
                // One transition to the node written just before.
                if common == 0 {
                    out.push(t.inp);
                }
                out.push(0b11_000000 | common);
            } else {
                let osize = if t.out == 0 {
                    0
                } else {
                    pack_uint(out, t.out, pack_size(t.out))
                };
                let tsize = pack_delta(out, addr, t.addr, None);
                out.push(tsize << 4 | osize);
                if common == 0 {
                    out.push(t.inp);
                }
                out.push(0b10_000000 | common);
            }
        }
        _ => write_any_trans(out, addr, node),
    }
}

/// Appends a node of any number of transitions (or a final one).
fn write_any_trans(out: &mut Vec<u8>, addr: usize, node: &Node) {
    let mut tsize = 0;
    let mut osize = pack_size(node.final_output);
    let mut any_outs = node.final_output != 0;
    for t in &node.trans {
        tsize = tsize.max(pack_size(delta(addr, t.addr)));
        osize = osize.max(pack_size(t.out));
        any_outs |= t.out != 0;
    }
    let osize = if any_outs { osize } else { 0 };
    if any_outs {
        if node.is_final {
            pack_uint(out, node.final_output, osize);
        }
        for t in node.trans.iter().rev() {
            pack_uint(out, t.out, osize);
        }
    }
    for t in node.trans.iter().rev() {
        pack_delta(out, addr, t.addr, Some(tsize));
    }
    out.extend(node.trans.iter().rev().map(|t| t.inp));
    if node.trans.len() > TRANS_INDEX_THRESHOLD {
        let mut index = [255u8; 256];
        for (i, t) in node.trans.iter().enumerate() {
            index[usize::from(t.inp)] = i as u8;
        }
        out.extend_from_slice(&index);
    }
    out.push(tsize << 4 | osize);
    let n = node.trans.len();
    let mut state = if node.is_final { 0b01_000000 } else { 0 };
    if n <= 0b00_111111 {
        state |= n as u8;
    }
    if state & 0b00_111111 == 0 {
        // 256 transitions are written as 1 (one is never written here).
        out.push(if n == 256 { 1 } else { n as u8 });
    }
    out.push(state);
}

/// The distance back from `addr` to `target` (the empty state: 0).
fn delta(addr: usize, target: usize) -> u64 {
    if target == EMPTY_ADDRESS {
        EMPTY_ADDRESS as u64
    } else {
        (addr - target) as u64
    }
}

/// Appends the delta to `target` in `size` bytes (or the fewest that hold
/// it); returns the size.
fn pack_delta(out: &mut Vec<u8>, addr: usize, target: usize, size: Option<u8>) -> u8 {
    let d = delta(addr, target);
    pack_uint(out, d, size.unwrap_or_else(|| pack_size(d)))
}

/// Appends `n` little-endian in `size` bytes; returns `size`.
fn pack_uint(out: &mut Vec<u8>, n: u64, size: u8) -> u8 {
    out.extend_from_slice(&n.to_le_bytes()[..usize::from(size)]);
    size
}

/// The fewest bytes (1 to 8) that hold `n`.
fn pack_size(n: u64) -> u8 {
    (8 - (n.leading_zeros() / 8) as u8).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(keys: &[(&[u8], u64)]) -> (Vec<u8>, Vec<u8>) {
        let mut ours = FstWriter::new();
        let mut theirs = fst::MapBuilder::memory();
        for &(k, v) in keys {
            ours.insert(k, v).unwrap();
            theirs.insert(k, v).unwrap();
        }
        (ours.finish(), theirs.into_inner().unwrap())
    }

    #[test]
    fn writes_the_bytes_fst_writes() {
        let keys: [(&[u8], u64); 6] = [
            (b"", 7),
            (b"a", 0),
            (b"ab", 300),
            (b"abc", 70_000),
            (b"b\x01\xff", 1 << 40),
            (b"zz", 1),
        ];
        let (ours, theirs) = both(&keys);
        assert_eq!(ours, theirs);
        let map = fst::Map::new(ours).unwrap();
        assert_eq!(map.get(b"abc"), Some(70_000));
        assert_eq!(map.get(b""), Some(7));
    }

    #[test]
    fn writes_the_bytes_fst_writes_for_many_keys_and_wide_nodes() {
        // Wide nodes (over 32 transitions: with an index), long shared
        // suffixes (cached nodes), outputs that move along shared prefixes.
        let mut keys: Vec<Vec<u8>> = Vec::new();
        for a in 0u8..=255 {
            for b in [b'a', b'e', b'o', 0xc3] {
                keys.push(vec![a, b, b'n', b'e']);
                keys.push(vec![a, b, b'r', b'i', b'a']);
            }
        }
        keys.sort();
        keys.dedup();
        let pairs: Vec<(&[u8], u64)> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_slice(), (i as u64 * 7919) % 5000))
            .collect();
        let (ours, theirs) = both(&pairs);
        assert_eq!(ours, theirs);
        // A second map on the same thread reuses the emptied cache.
        let (ours, theirs) = both(&pairs[..100]);
        assert_eq!(ours, theirs);
    }

    #[test]
    fn keys_out_of_order_are_refused() {
        let mut w = FstWriter::new();
        w.insert(b"b", 1).unwrap();
        assert_eq!(w.insert(b"a", 1), Err(OutOfOrder));
        assert_eq!(w.insert(b"b", 2), Err(OutOfOrder));
    }

    #[test]
    fn the_cache_row_is_computed_in_u64_on_every_target() {
        // FNV-1a of (final, output, transitions) reduced mod 10,000 in u64.
        // Reduced from a 32-bit `usize` (fst's `hash as usize` on wasm32),
        // the rows would be 2303, 8493 and 2: other nodes shared, other bytes.
        let t = |inp: u8, out, addr| Transition { inp, out, addr };
        let node = |is_final, final_output, trans| Node {
            is_final,
            final_output,
            trans,
        };
        assert_eq!(bucket(&node(true, 5, vec![t(b'a', 3, 1234)])), 2831);
        assert_eq!(bucket(&Node::default()), 3389);
        let two = vec![t(b't', 0, 70_000), t(b'z', 9, 123_456)];
        assert_eq!(bucket(&node(false, 0, two)), 242);
    }
}
