//! `cargo fuzz run decrypt`: see `tests/hostile/mod.rs` for what is checked.
#![no_main]

#[path = "../../tests/hostile/mod.rs"]
mod hostile;

libfuzzer_sys::fuzz_target!(|data: &[u8]| hostile::decrypt(data));
