//! Pure cryptography: generate, load and use key material. No state, no I/O.
//!
//! [`Material`] holds one version of a key's material in parsed form (a keyed
//! AEAD, an HMAC state, a parsed private key), so operations never re-parse.
//! Its encoded form ([`Material::encoded`]) is the raw secret for symmetric
//! and HMAC keys and PKCS#8 DER for private keys.

pub(crate) mod ec;
pub(crate) mod ed25519;
pub(crate) mod hmac;
pub(crate) mod rng;
pub(crate) mod rsa;
pub(crate) mod sm2;
pub(crate) mod symmetric;

use std::fmt;

use self::ec::EcdsaKey;
use self::ed25519::Ed25519Key;
use self::hmac::HmacKey;
use self::rsa::RsaKey;
use self::sm2::Sm2Key;
use self::symmetric::SymmetricKey;
use crate::Result;
use crate::secret::SecretBytes;
use crate::spec::{EncryptionAlgorithm, KeySpec, MessageType, SigningAlgorithm};

/// The parsed key, by family.
#[allow(
    clippy::large_enum_variant,
    reason = "one value per key version, behind an Arc; boxing the AES key would add a pointer chase to every operation"
)]
enum Parsed {
    Symmetric(SymmetricKey),
    Hmac(HmacKey),
    Rsa(Box<RsaKey>),
    Ecdsa(EcdsaKey),
    Ed25519(Box<Ed25519Key>),
    Sm2(Box<Sm2Key>),
}

/// One version of a key's material, parsed once.
pub(crate) struct Material {
    spec: KeySpec,
    encoded: SecretBytes,
    public_key_der: Option<Vec<u8>>,
    parsed: Parsed,
}

impl fmt::Debug for Material {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Material")
            .field("spec", &self.spec)
            .finish_non_exhaustive()
    }
}

impl Material {
    /// Generates fresh material of `spec`.
    pub(crate) fn generate(spec: KeySpec) -> Result<Self> {
        if let Some(len) = spec.secret_len() {
            return Self::from_encoded(spec, &SecretBytes::new(rng::bytes(len)?));
        }
        let parsed = match spec {
            KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::Rsa4096 => {
                Parsed::Rsa(Box::new(RsaKey::generate(spec)?))
            }
            KeySpec::Ed25519 => Parsed::Ed25519(Box::new(Ed25519Key::generate()?)),
            KeySpec::Sm2 => Parsed::Sm2(Box::new(Sm2Key::generate()?)),
            _ => Parsed::Ecdsa(EcdsaKey::generate(spec)?),
        };
        Self::from_parsed(spec, parsed)
    }

    /// Loads encoded material: raw bytes for symmetric and HMAC specs,
    /// PKCS#8 DER for asymmetric specs.
    pub(crate) fn from_encoded(spec: KeySpec, encoded: &SecretBytes) -> Result<Self> {
        let bytes = encoded.expose_secret();
        let parsed = match spec {
            _ if spec.is_symmetric_encryption() => {
                Parsed::Symmetric(SymmetricKey::new(spec, bytes)?)
            }
            _ if !spec.mac_algorithms().is_empty() => Parsed::Hmac(HmacKey::new(spec, bytes)?),
            KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::Rsa4096 => {
                Parsed::Rsa(Box::new(RsaKey::from_pkcs8(spec, bytes)?))
            }
            KeySpec::Ed25519 => Parsed::Ed25519(Box::new(Ed25519Key::from_pkcs8(bytes)?)),
            KeySpec::Sm2 => Parsed::Sm2(Box::new(Sm2Key::from_pkcs8(bytes)?)),
            _ => Parsed::Ecdsa(EcdsaKey::from_pkcs8(spec, bytes)?),
        };
        if spec.is_asymmetric() {
            return Self::from_parsed(spec, parsed);
        }
        Ok(Self {
            spec,
            encoded: encoded.clone(),
            public_key_der: None,
            parsed,
        })
    }

    fn from_parsed(spec: KeySpec, parsed: Parsed) -> Result<Self> {
        let (encoded, public_key_der) = match &parsed {
            Parsed::Rsa(k) => (k.to_pkcs8()?, k.public_key_der()),
            Parsed::Ecdsa(k) => (k.to_pkcs8()?, k.public_key_der()),
            Parsed::Ed25519(k) => (k.to_pkcs8()?, k.public_key_der()),
            Parsed::Sm2(k) => (k.to_pkcs8()?, k.public_key_der()),
            Parsed::Symmetric(_) | Parsed::Hmac(_) => unreachable!("secret specs load raw bytes"),
        };
        Ok(Self {
            spec,
            encoded,
            public_key_der: Some(public_key_der),
            parsed,
        })
    }

    /// The encoded material (raw secret or PKCS#8 DER).
    pub(crate) fn encoded(&self) -> &SecretBytes {
        &self.encoded
    }

    /// The DER SubjectPublicKeyInfo, for asymmetric specs.
    pub(crate) fn public_key_der(&self) -> Option<&[u8]> {
        self.public_key_der.as_deref()
    }

    pub(crate) fn symmetric(&self) -> Option<&SymmetricKey> {
        match &self.parsed {
            Parsed::Symmetric(k) => Some(k),
            _ => None,
        }
    }

    pub(crate) fn hmac(&self) -> Option<&HmacKey> {
        match &self.parsed {
            Parsed::Hmac(k) => Some(k),
            _ => None,
        }
    }

    /// Asymmetric encryption (the engine has checked the algorithm and length).
    pub(crate) fn encrypt(&self, alg: EncryptionAlgorithm, plaintext: &[u8]) -> Result<Vec<u8>> {
        match &self.parsed {
            Parsed::Rsa(k) => k.encrypt(alg, plaintext),
            Parsed::Sm2(k) => k.encrypt(plaintext),
            _ => unreachable!("the engine checks the algorithm against the spec"),
        }
    }

    /// Asymmetric decryption.
    pub(crate) fn decrypt(&self, alg: EncryptionAlgorithm, ciphertext: &[u8]) -> Result<Vec<u8>> {
        match &self.parsed {
            Parsed::Rsa(k) => k.decrypt(alg, ciphertext),
            Parsed::Sm2(k) => k.decrypt(ciphertext),
            _ => unreachable!("the engine checks the algorithm against the spec"),
        }
    }

    /// Signs `message` (RAW) or a digest (DIGEST) of the algorithm's length.
    pub(crate) fn sign(
        &self,
        alg: SigningAlgorithm,
        kind: MessageType,
        message: &[u8],
    ) -> Result<Vec<u8>> {
        match (&self.parsed, kind) {
            (Parsed::Ed25519(k), MessageType::Raw) => Ok(k.sign(message)),
            (Parsed::Ed25519(k), _) => k.sign_prehashed(message),
            (Parsed::Sm2(k), MessageType::Raw) => k.sign_message(message),
            (Parsed::Sm2(k), _) => k.sign_digest(message),
            (Parsed::Rsa(k), MessageType::Raw) => k.sign_message(alg, message),
            (Parsed::Rsa(k), _) => k.sign(alg, message),
            (Parsed::Ecdsa(k), MessageType::Raw) => k.sign_message(message),
            (Parsed::Ecdsa(k), _) => k.sign(message),
            _ => unreachable!("the engine checks the algorithm against the spec"),
        }
    }

    /// Verifies a signature made by [`Material::sign`] with the same arguments.
    pub(crate) fn verify(
        &self,
        alg: SigningAlgorithm,
        kind: MessageType,
        message: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        match (&self.parsed, kind) {
            (Parsed::Ed25519(k), MessageType::Raw) => k.verify(message, signature),
            (Parsed::Ed25519(k), _) => k.verify_prehashed(message, signature),
            (Parsed::Sm2(k), MessageType::Raw) => k.verify_message(message, signature),
            (Parsed::Sm2(k), _) => k.verify_digest(message, signature),
            (Parsed::Rsa(k), MessageType::Raw) => k.verify_message(alg, message, signature),
            (Parsed::Rsa(k), _) => k.verify(alg, message, signature),
            (Parsed::Ecdsa(k), MessageType::Raw) => k.verify_message(message, signature),
            (Parsed::Ecdsa(k), _) => k.verify(message, signature),
            _ => unreachable!("the engine checks the algorithm against the spec"),
        }
    }
}
