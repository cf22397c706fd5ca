//! `cargo fuzz run data_readers` (make fuzz): see ricerca_fuzz::data_readers.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ricerca_fuzz::data_readers(data));
