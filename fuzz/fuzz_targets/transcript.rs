#![no_main]
//! Fuzz target: see `huashu_fuzz::transcript`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| huashu_fuzz::transcript(data));
