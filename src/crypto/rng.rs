//! The system random number generator.

use getrandom::SysRng;
use rand_core::UnwrapErr;

use crate::{Error, Result};

/// Fills `buf` from the operating system's generator.
pub(crate) fn fill(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|_| Error::Rng)
}

/// A fresh buffer of `len` random bytes.
pub(crate) fn bytes(len: usize) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; len];
    fill(&mut buf)?;
    Ok(buf)
}

/// The operating system's generator as a `CryptoRng` for the RustCrypto crates.
/// It panics only if the operating system cannot supply randomness at all.
pub(crate) fn rng() -> UnwrapErr<SysRng> {
    UnwrapErr(SysRng)
}
