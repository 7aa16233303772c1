#![no_main]
//! Fuzz target: see `huashu_fuzz::pack`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| huashu_fuzz::pack(data));
