//! `cargo fuzz run server_http`: see `tests/hostile/server_http.rs` for what
//! is checked.
#![no_main]

#[path = "../../tests/hostile/mod.rs"]
mod hostile;

libfuzzer_sys::fuzz_target!(|data: &[u8]| hostile::server_http(data));
