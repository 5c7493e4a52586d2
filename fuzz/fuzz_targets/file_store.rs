//! `cargo fuzz run file_store`: see `tests/hostile/mod.rs` for what is checked.
#![no_main]

#[path = "../../tests/hostile/mod.rs"]
mod hostile;

libfuzzer_sys::fuzz_target!(|data: &[u8]| hostile::file_store(data));
