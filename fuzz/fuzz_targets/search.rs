//! `cargo fuzz run search` (make fuzz): see ricerca_fuzz::search.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ricerca_fuzz::search(data));
