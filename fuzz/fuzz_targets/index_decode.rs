//! `cargo fuzz run index_decode` (make fuzz): see ricerca_fuzz::index_decode.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ricerca_fuzz::index_decode(data));
