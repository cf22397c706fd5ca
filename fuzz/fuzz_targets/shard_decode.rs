//! `cargo fuzz run shard_decode` (make fuzz): see ricerca_fuzz::shard_decode.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ricerca_fuzz::shard_decode(data));
