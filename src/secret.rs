//! [`SecretBytes`]: the one type in which secrets leave the crate.

use std::fmt;

use subtle::ConstantTimeEq;
use zeroize::Zeroize;

/// Secret bytes (a data key, a private key, a decrypted plaintext).
///
/// The bytes are zeroized when the value is dropped, `Debug` prints only the
/// length, there is no `Display` and no `Serialize`, and equality is
/// constant-time. Read the bytes with [`SecretBytes::expose_secret`].
///
/// ```
/// use polykms::SecretBytes;
///
/// let secret = SecretBytes::from(vec![1, 2, 3]);
/// assert_eq!(secret.expose_secret(), &[1, 2, 3]);
/// assert_eq!(format!("{secret:?}"), "SecretBytes(3 bytes)");
/// ```
#[derive(Clone, Default)]
pub struct SecretBytes(Vec<u8>);

impl Drop for SecretBytes {
    /// Zeroes the whole allocation, spare capacity included. (Filling the
    /// spare capacity first and zeroizing one slice is several times faster
    /// than `Zeroizing<Vec<u8>>`, which zeroes element by element.)
    fn drop(&mut self) {
        let capacity = self.0.capacity();
        self.0.resize(capacity, 0);
        self.0.as_mut_slice().zeroize();
    }
}

impl SecretBytes {
    /// Wraps bytes that are secret.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// The secret bytes. Name the call site so that reviews find it.
    pub fn expose_secret(&self) -> &[u8] {
        &self.0
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<u8>> for SecretBytes {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&[u8]> for SecretBytes {
    fn from(bytes: &[u8]) -> Self {
        Self::new(bytes.to_vec())
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretBytes({} bytes)", self.0.len())
    }
}

impl PartialEq for SecretBytes {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && bool::from(self.0.ct_eq(&other.0))
    }
}

impl Eq for SecretBytes {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_only_the_length() {
        let s = SecretBytes::from(vec![0xAB; 5]);
        let text = format!("{s:?}");
        assert_eq!(text, "SecretBytes(5 bytes)");
    }

    #[test]
    fn equality_compares_contents() {
        assert_eq!(SecretBytes::from(vec![1, 2]), SecretBytes::from(vec![1, 2]));
        assert_ne!(SecretBytes::from(vec![1, 2]), SecretBytes::from(vec![1, 3]));
        assert_ne!(SecretBytes::from(vec![1]), SecretBytes::from(vec![1, 0]));
    }
}
