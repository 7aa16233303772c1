#![no_main]
//! Fuzz target: see `huashu_fuzz::check`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| huashu_fuzz::check(data));
