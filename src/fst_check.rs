//! A structural check of an fst dictionary before it is used: the `fst` crate
//! trusts its input (a crafted file with a valid checksum can make it index out
//! of bounds, which aborts the CLI). This walks every node reachable from the
//! root once, with the crate's own layout (fst 0.4, format versions 1-3), and
//! checks that every field of every node lies inside the bytes, that pack sizes
//! are ones the crate can unpack, that every transition points to a lower address
//! (so no walk can loop), and that no sum of outputs along a path overflows.
//! A dictionary that passes cannot make the crate panic when it is searched.
//!
//! Native builds only: the browser engine keeps its size, and a trap there is
//! handled by the loader (a fresh instance).

/// Past this many transitions a node carries a 256-byte input index (version 2+).
const TRANS_INDEX_THRESHOLD: usize = 32;

/// Why an fst was refused.
pub type Refusal = &'static str;

/// Checks the fst in `bytes` (the whole dictionary, header to checksum).
pub fn check(bytes: &[u8]) -> Result<(), Refusal> {
    let (version, root) = header(bytes)?;
    // Every node reachable from the root, parsed once.
    let mut seen = vec![false; bytes.len()];
    let mut reachable = Vec::new();
    let mut stack = vec![root];
    while let Some(addr) = stack.pop() {
        if std::mem::replace(&mut seen[addr], true) {
            continue;
        }
        let node = Node::parse(bytes, version, addr)?;
        stack.extend(node.trans.iter().map(|t| t.1));
        reachable.push(addr);
    }
    reachable.sort_unstable();
    max_output(bytes, version, &reachable).map(|_| ())
}

/// The format version and the root address, checked as `fst::raw::Fst::new` does.
fn header(bytes: &[u8]) -> Result<(u64, usize), Refusal> {
    if bytes.len() < 36 {
        return Err("term dictionary too short");
    }
    let version = u64_at(bytes, 0);
    if version == 0 || version > 3 {
        return Err("term dictionary of an unknown version");
    }
    let end = if version <= 2 {
        bytes.len()
    } else {
        bytes.len() - 4
    };
    let root = usize::try_from(u64_at(bytes, end - 8)).map_err(|_| "bad root address")?;
    if root >= bytes.len() {
        return Err("term dictionary root out of bounds");
    }
    Ok((version, root))
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(b)
}

/// Little-endian unsigned integer of `n` bytes (1-8) at `at`.
fn uint_at(bytes: &[u8], at: usize, n: usize) -> Result<u64, Refusal> {
    let s = bytes
        .get(at..at + n)
        .ok_or("term dictionary field out of bounds")?;
    Ok(s.iter()
        .rev()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// One node: whether it is final and its final output, and its transitions as
/// (output, target address).
struct Node {
    final_output: Option<u64>,
    trans: Vec<(u64, usize)>,
}

impl Node {
    fn parse(bytes: &[u8], version: u64, addr: usize) -> Result<Node, Refusal> {
        if addr == 0 {
            // The empty final state (fst's EMPTY_ADDRESS).
            return Ok(Node {
                final_output: Some(0),
                trans: Vec::new(),
            });
        }
        let state = *bytes
            .get(addr)
            .ok_or("term dictionary node out of bounds")?;
        match state >> 6 {
            0b11 => Self::one_next(state, addr),
            0b10 => Self::one(bytes, state, addr),
            _ => Self::any(bytes, version, state, addr),
        }
    }

    /// One transition, to the node written just before this one, output zero.
    fn one_next(state: u8, addr: usize) -> Result<Node, Refusal> {
        let input_len = usize::from(state & 0b11_1111 == 0);
        let end = addr.checked_sub(input_len).ok_or(OVERRUN)?;
        let target = end.checked_sub(1).ok_or(OVERRUN)?;
        Ok(Node {
            final_output: None,
            trans: vec![(0, target)],
        })
    }

    /// One transition with a packed address and output.
    fn one(bytes: &[u8], state: u8, addr: usize) -> Result<Node, Refusal> {
        let input_len = usize::from(state & 0b11_1111 == 0);
        let sizes_at = sub(addr, &[input_len, 1])?;
        let (tsize, osize) = pack_sizes(bytes[sizes_at])?;
        if tsize == 0 {
            return Err(BAD_SIZE);
        }
        let end = sub(sizes_at, &[tsize, osize])?;
        let out = if osize == 0 {
            0
        } else {
            uint_at(bytes, end, osize)?
        };
        let delta = uint_at(bytes, sizes_at - tsize, tsize)?;
        Ok(Node {
            final_output: None,
            trans: vec![(out, target(end, delta)?)],
        })
    }

    /// Any number of transitions (0-256), maybe final.
    fn any(bytes: &[u8], version: u64, state: u8, addr: usize) -> Result<Node, Refusal> {
        let is_final = state & 0b0100_0000 != 0;
        let (ntrans, ntrans_len) = match usize::from(state & 0b11_1111) {
            0 => {
                let n = usize::from(bytes[addr.checked_sub(1).ok_or(OVERRUN)?]);
                (if n == 1 { 256 } else { n }, 1)
            }
            n => (n, 0),
        };
        let sizes_at = sub(addr, &[ntrans_len, 1])?;
        let (tsize, osize) = pack_sizes(bytes[sizes_at])?;
        if ntrans > 0 && tsize == 0 {
            return Err(BAD_SIZE);
        }
        let index = if version >= 2 && ntrans > TRANS_INDEX_THRESHOLD {
            256
        } else {
            0
        };
        let inputs_end = sub(sizes_at, &[index, ntrans])?;
        let addrs_end = sub(inputs_end, &[ntrans * tsize])?;
        let outs_end = sub(addrs_end, &[ntrans * osize])?;
        let end = sub(outs_end, &[if is_final { osize } else { 0 }])?;
        let out = |at: usize| {
            if osize == 0 {
                Ok(0)
            } else {
                uint_at(bytes, at, osize)
            }
        };
        let mut trans = Vec::with_capacity(ntrans);
        for i in 0..ntrans {
            let delta = uint_at(bytes, inputs_end - (i + 1) * tsize, tsize)?;
            let o = out(addrs_end - (i + 1) * osize)?;
            trans.push((o, target(end, delta)?));
        }
        let final_output = if is_final { Some(out(end)?) } else { None };
        Ok(Node {
            final_output,
            trans,
        })
    }
}

const OVERRUN: Refusal = "term dictionary node runs past the start of the file";
const BAD_SIZE: Refusal = "term dictionary node with an impossible pack size";

/// `from` minus every part, or an overrun.
fn sub(from: usize, parts: &[usize]) -> Result<usize, Refusal> {
    parts
        .iter()
        .try_fold(from, |a, &p| a.checked_sub(p))
        .ok_or(OVERRUN)
}

/// Transition address and output sizes, each at most 8 bytes.
fn pack_sizes(b: u8) -> Result<(usize, usize), Refusal> {
    let (t, o) = (usize::from(b >> 4), usize::from(b & 0x0F));
    if t > 8 || o > 8 {
        return Err(BAD_SIZE);
    }
    Ok((t, o))
}

/// The node a transition leads to: `delta` bytes below the node's end (0: the
/// empty final state).
fn target(end: usize, delta: u64) -> Result<usize, Refusal> {
    if delta == 0 {
        return Ok(0);
    }
    let delta = usize::try_from(delta).map_err(|_| OVERRUN)?;
    end.checked_sub(delta).ok_or(OVERRUN)
}

/// The largest sum of outputs on any path from the root (the highest address
/// of `nodes`, sorted); an overflow is refused. Transitions always point to lower
/// addresses, so in address order every target is computed first.
fn max_output(bytes: &[u8], version: u64, nodes: &[usize]) -> Result<u64, Refusal> {
    let mut best: Vec<u64> = Vec::with_capacity(nodes.len());
    for &addr in nodes {
        let node = Node::parse(bytes, version, addr)?;
        let mut m = node.final_output.unwrap_or(0);
        for (out, to) in node.trans {
            let i = nodes
                .binary_search(&to)
                .map_err(|_| "term dictionary node order")?;
            let below = *best.get(i).ok_or("term dictionary node order")?;
            m = m.max(
                out.checked_add(below)
                    .ok_or("term dictionary outputs overflow")?,
            );
        }
        best.push(m);
    }
    best.last().copied().ok_or("term dictionary root")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(keys: &[(&str, u64)]) -> Vec<u8> {
        let mut b = fst::MapBuilder::memory();
        for (k, v) in keys {
            b.insert(k, *v).unwrap();
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn real_dictionaries_pass() {
        assert_eq!(check(&build(&[])), Ok(()));
        assert_eq!(
            check(&build(&[("a", 1), ("ab", 2), ("b", u64::MAX)])),
            Ok(())
        );
        // A node with more than 32 transitions carries an input index.
        let many: Vec<(String, u64)> = (0u8..200)
            .map(|i| {
                (
                    format!("{}{}", char::from(b'!' + (i % 90)), i),
                    u64::from(i) * 1000,
                )
            })
            .collect();
        let mut many: Vec<(&str, u64)> = many.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        many.sort();
        many.dedup_by(|a, b| a.0 == b.0);
        assert_eq!(check(&build(&many)), Ok(()));
    }

    #[test]
    fn every_single_byte_change_is_refused_or_safe_to_walk() {
        // Whatever a byte flip leaves that passes the check, the crate walks
        // without panicking (this test runs with overflow checks on).
        // (Measured when written: 122 of these 410 changes made fst 0.4.7 panic.)
        let bytes = build(&[
            ("alpha", 3),
            ("alps", 70_000),
            ("beta", 5),
            ("betamax", 1 << 40),
        ]);
        let mut refused = 0;
        for i in 0..bytes.len() {
            for mask in [0x01u8, 0x80, 0xFF, 0x3F, 0x40] {
                let mut b = bytes.clone();
                b[i] ^= mask;
                if check(&b).is_err() {
                    refused += 1;
                    continue;
                }
                let Ok(map) = fst::Map::new(b) else { continue };
                use fst::{IntoStreamer, Streamer};
                let mut s = map.stream().into_stream();
                while s.next().is_some() {}
                let _ = map.get("alps");
            }
        }
        assert!(refused >= 122, "{refused} refused");
    }
}
