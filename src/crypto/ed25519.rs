//! Ed25519 (RFC 8032): pure Ed25519 over raw messages and Ed25519ph over a
//! SHA-512 digest the caller computed.

use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use pkcs8::{DecodePrivateKey, EncodePrivateKey};
use sha2::digest::{FixedOutput, HashMarker, Output, OutputSizeUser, Update};
use spki::EncodePublicKey;

use crate::secret::SecretBytes;
use crate::{Error, Result};

/// An Ed25519 private key in parsed form.
pub(crate) struct Ed25519Key(SigningKey);

impl Ed25519Key {
    pub(crate) fn generate() -> Result<Self> {
        Ok(Self(SigningKey::generate(&mut super::rng::rng())))
    }

    pub(crate) fn from_pkcs8(der: &[u8]) -> Result<Self> {
        SigningKey::from_pkcs8_der(der).map(Self).map_err(|_| {
            Error::invalid_argument("key material", "not a PKCS#8 Ed25519 private key")
        })
    }

    /// PKCS#8 version 1 (RFC 8410: the seed only). OpenSSL 3.0 cannot read
    /// the version 2 form that also carries the public key.
    pub(crate) fn to_pkcs8(&self) -> Result<SecretBytes> {
        let bytes = ed25519_dalek::pkcs8::KeypairBytes {
            secret_key: self.0.to_bytes(),
            public_key: None,
        };
        let doc = bytes.to_pkcs8_der().map_err(|_| {
            Error::invalid_argument("key material", "Ed25519 key cannot be encoded")
        })?;
        Ok(SecretBytes::from(doc.as_bytes()))
    }

    pub(crate) fn public_key_der(&self) -> Vec<u8> {
        self.0
            .verifying_key()
            .to_public_key_der()
            .expect("an Ed25519 public key always encodes")
            .into_vec()
    }

    pub(crate) fn sign(&self, message: &[u8]) -> Vec<u8> {
        use ed25519_dalek::Signer;
        self.0.sign(message).to_bytes().to_vec()
    }

    /// Ed25519ph over a 64-byte SHA-512 digest, with an empty context.
    pub(crate) fn sign_prehashed(&self, digest: &[u8]) -> Result<Vec<u8>> {
        let sig = self
            .0
            .sign_prehashed(Prehashed::new(digest)?, None)
            .map_err(|_| Error::invalid_argument("message", "digest cannot be signed"))?;
        Ok(sig.to_bytes().to_vec())
    }
}

/// Verifies a pure Ed25519 signature (strictly: no malleable or
/// small-order forms).
pub(crate) fn verify(key: &VerifyingKey, message: &[u8], signature: &[u8]) -> bool {
    Signature::from_slice(signature).is_ok_and(|sig| key.verify_strict(message, &sig).is_ok())
}

/// Verifies an Ed25519ph signature over a 64-byte SHA-512 digest, with an
/// empty context.
pub(crate) fn verify_prehashed(
    key: &VerifyingKey,
    digest: &[u8],
    signature: &[u8],
) -> Result<bool> {
    let prehashed = Prehashed::new(digest)?;
    Ok(Signature::from_slice(signature)
        .is_ok_and(|sig| key.verify_prehashed_strict(prehashed, None, &sig).is_ok()))
}

/// A SHA-512 "hasher" that already holds its output: Ed25519ph in
/// ed25519-dalek takes the digest as a hasher state, and with message type
/// DIGEST the caller hands us the finished digest.
#[derive(Clone)]
struct Prehashed([u8; 64]);

impl Default for Prehashed {
    fn default() -> Self {
        Self([0; 64])
    }
}

impl Prehashed {
    fn new(digest: &[u8]) -> Result<Self> {
        let digest: [u8; 64] = digest
            .try_into()
            .map_err(|_| Error::invalid_argument("message", "an Ed25519ph digest is 64 bytes"))?;
        Ok(Self(digest))
    }
}

impl HashMarker for Prehashed {}

impl OutputSizeUser for Prehashed {
    type OutputSize = <sha2::Sha512 as OutputSizeUser>::OutputSize;
}

impl Update for Prehashed {
    fn update(&mut self, _data: &[u8]) {
        unreachable!("Ed25519ph only finalises the prehashed message")
    }
}

impl FixedOutput for Prehashed {
    fn finalize_into(self, out: &mut Output<Self>) {
        out.copy_from_slice(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::hex;
    use sha2::{Digest, Sha512};

    /// RFC 8032, section 7.3: Ed25519ph test vector "abc".
    #[test]
    fn ed25519ph_matches_rfc_8032() {
        let seed: [u8; 32] =
            hex("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42")
                .try_into()
                .unwrap();
        let key = Ed25519Key(SigningKey::from_bytes(&seed));
        let digest = Sha512::digest(b"abc");
        let sig = key.sign_prehashed(&digest).unwrap();
        let expected = hex(
            "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41
             31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406",
        );
        assert_eq!(sig, expected);
        let public = key.0.verifying_key();
        assert!(verify_prehashed(&public, &digest, &sig).unwrap());
        let mut other = digest.to_vec();
        other[0] ^= 1;
        assert!(!verify_prehashed(&public, &other, &sig).unwrap());
    }
}
