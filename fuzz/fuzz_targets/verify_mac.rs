//! `cargo fuzz run verify_mac`: see `tests/hostile/mod.rs` for what is checked.
#![no_main]

#[path = "../../tests/hostile/mod.rs"]
mod hostile;

libfuzzer_sys::fuzz_target!(|data: &[u8]| hostile::verify_mac(data));
