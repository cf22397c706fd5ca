//! Property tests (proptest) of the index format's building blocks: whatever the
//! writer encodes, the reader decodes to the same values and ends where the
//! writer ended; any truncation is an error, never a panic or a wrong value past
//! the cut; arbitrary bytes never panic the reader; a sealed payload opens to
//! itself and any changed byte is refused.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

use proptest::prelude::*;
use ricerca::codec::{Reader, Writer};
use ricerca::format::{open, seal};

/// One value of the format, as written and read back.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    U8(u8),
    U32(u32),
    U64(u64),
    F32(u32), // the bits, so NaN compares equal to itself
    Varint(u64),
    Str(String),
    Bytes(Vec<u8>),
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<u8>().prop_map(Value::U8),
        any::<u32>().prop_map(Value::U32),
        any::<u64>().prop_map(Value::U64),
        any::<u32>().prop_map(Value::F32),
        prop_oneof![any::<u64>(), 0u64..300].prop_map(Value::Varint),
        ".{0,40}".prop_map(Value::Str),
        proptest::collection::vec(any::<u8>(), 0..64).prop_map(Value::Bytes),
    ]
}

fn write(values: &[Value]) -> Vec<u8> {
    let mut w = Writer::new();
    for v in values {
        match v {
            Value::U8(x) => w.u8(*x),
            Value::U32(x) => w.u32(*x),
            Value::U64(x) => w.u64(*x),
            Value::F32(bits) => w.f32(f32::from_bits(*bits)),
            Value::Varint(x) => w.varint(*x),
            Value::Str(s) => w.str(s),
            Value::Bytes(b) => w.bytes(b),
        }
    }
    w.buf
}

/// Reads one value of the same kind as `like`.
fn read(r: &mut Reader<'_>, like: &Value) -> Option<Value> {
    Some(match like {
        Value::U8(_) => Value::U8(r.u8().ok()?),
        Value::U32(_) => Value::U32(r.u32().ok()?),
        Value::U64(_) => Value::U64(r.u64().ok()?),
        Value::F32(_) => Value::F32(r.f32().ok()?.to_bits()),
        Value::Varint(_) => Value::Varint(r.varint().ok()?),
        Value::Str(_) => Value::Str(r.str().ok()?.to_string()),
        Value::Bytes(_) => Value::Bytes(r.bytes().ok()?.to_vec()),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn what_is_written_reads_back(values in proptest::collection::vec(value(), 0..24)) {
        let bytes = write(&values);
        let mut r = Reader::new(&bytes);
        for v in &values {
            let got = read(&mut r, v);
            prop_assert_eq!(got.as_ref(), Some(v));
        }
        prop_assert!(r.is_empty());
        prop_assert_eq!(r.position(), bytes.len());
    }

    #[test]
    fn a_truncation_is_an_error_not_a_wrong_value(
        values in proptest::collection::vec(value(), 1..16),
        cut in any::<prop::sample::Index>(),
    ) {
        let bytes = write(&values);
        let cut = cut.index(bytes.len().max(1));
        let mut r = Reader::new(&bytes[..cut]);
        let mut all = true;
        for v in &values {
            match read(&mut r, v) {
                Some(got) => prop_assert_eq!(&got, v, "a value read before the cut is right"),
                None => { all = false; break; }
            }
            prop_assert!(r.position() <= cut);
        }
        // Every value has at least one byte, so a cut before the end loses one.
        prop_assert!(!all || cut == bytes.len());
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_reader(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let mut r = Reader::new(&bytes);
        while !r.is_empty() {
            let before = r.position();
            let _ = r.count(4);
            let _ = r.str();
            let _ = r.varint32();
            if r.position() == before && r.u8().is_err() {
                break;
            }
        }
        prop_assert!(r.position() <= bytes.len());
    }

    #[test]
    fn a_sealed_payload_opens_to_itself_and_any_change_is_refused(
        payload in proptest::collection::vec(any::<u8>(), 0..512),
        at in any::<prop::sample::Index>(),
        mask in 1u8..=255,
    ) {
        let sealed = seal(&payload);
        prop_assert_eq!(open(&sealed).ok(), Some(&payload[..]));
        let mut bad = sealed.clone();
        let i = at.index(bad.len());
        bad[i] ^= mask;
        prop_assert!(open(&bad).is_err(), "byte {} changed", i);
    }
}
