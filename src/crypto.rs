//! Pure cryptography: generate, load and use key material. No state, no I/O.
//!
//! [`Material`] holds one version of a key's material in parsed form (a keyed
//! AEAD, an HMAC state, a parsed private key), so operations never re-parse.
//! Its encoded form ([`Material::encoded`]) is the raw secret for symmetric
//! and HMAC keys, PKCS#8 DER for private keys, and the DER
//! SubjectPublicKeyInfo for an imported public key alone.

pub(crate) mod ec;
pub(crate) mod ecdh;
pub(crate) mod ed25519;
pub(crate) mod hmac;
pub(crate) mod mldsa;
pub(crate) mod public;
pub(crate) mod rng;
pub(crate) mod rsa;
pub(crate) mod sm2;
pub(crate) mod symmetric;
pub(crate) mod wrap;

use std::fmt;

use self::ec::EcdsaKey;
use self::ed25519::Ed25519Key;
use self::hmac::HmacKey;
use self::mldsa::MlDsaKey;
use self::public::{KeyType, PublicKey};
use self::rsa::RsaKey;
use self::sm2::Sm2Key;
use self::symmetric::SymmetricKey;
use crate::error::MaterialProblem;
use crate::secret::SecretBytes;
use crate::spec::{EncryptionAlgorithm, KeySpec, MessageType, SigningAlgorithm};
use crate::{Error, Result};

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
    MlDsa(MlDsaKey),
}

/// One version of a key's material, parsed once.
pub(crate) struct Material {
    spec: KeySpec,
    encoded: SecretBytes,
    /// The public key, for asymmetric specs.
    public: Option<PublicKey>,
    /// The secret or private key; `None` for an imported public key alone.
    parsed: Option<Parsed>,
}

impl fmt::Debug for Material {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Material")
            .field("spec", &self.spec)
            .field("public_key_only", &self.is_public_key_only())
            .finish_non_exhaustive()
    }
}

fn malformed_pkcs8(detail: impl ToString) -> MaterialProblem {
    MaterialProblem::Malformed {
        format: "PKCS#8 private key".into(),
        detail: detail.to_string(),
    }
}

/// A key that does not load, as a malformed PKCS#8 problem.
fn malformed(error: Error) -> MaterialProblem {
    match error {
        Error::InvalidArgument { reason, .. } => malformed_pkcs8(reason),
        other => malformed_pkcs8(other),
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
            KeySpec::MlDsa44 | KeySpec::MlDsa65 | KeySpec::MlDsa87 => {
                Parsed::MlDsa(MlDsaKey::generate(spec)?)
            }
            _ => Parsed::Ecdsa(EcdsaKey::generate(spec)?),
        };
        Self::from_parsed(spec, parsed)
    }

    /// Loads encoded material as this crate stores it: raw bytes for
    /// symmetric and HMAC specs, PKCS#8 DER for asymmetric specs.
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
            KeySpec::MlDsa44 | KeySpec::MlDsa65 | KeySpec::MlDsa87 => {
                Parsed::MlDsa(MlDsaKey::from_pkcs8(spec, bytes)?)
            }
            _ => Parsed::Ecdsa(EcdsaKey::from_pkcs8(spec, bytes)?),
        };
        if spec.is_asymmetric() {
            return Self::from_parsed(spec, parsed);
        }
        Ok(Self {
            spec,
            encoded: encoded.clone(),
            public: None,
            parsed: Some(parsed),
        })
    }

    /// Checks and loads imported material: a raw secret of an accepted
    /// length for symmetric and HMAC specs, a PKCS#8 private key of exactly
    /// the spec's type for asymmetric specs.
    pub(crate) fn import(
        spec: KeySpec,
        bytes: &[u8],
    ) -> std::result::Result<Self, MaterialProblem> {
        if let Some(range) = spec.key_material_len() {
            if !range.contains(&bytes.len()) {
                let expected = if range.start() == range.end() {
                    format!("{} bytes", range.start())
                } else {
                    format!("{} to {} bytes", range.start(), range.end())
                };
                return Err(MaterialProblem::WrongLength {
                    expected,
                    actual: bytes.len(),
                });
            }
        } else {
            use der::Decode;
            let info = pkcs8::PrivateKeyInfoRef::from_der(bytes).map_err(malformed_pkcs8)?;
            KeyType::of(&info.algorithm).expect(spec)?;
            if spec.rsa_modulus_bytes().is_some() {
                // Parsed once here, to tell the key's actual size.
                use pkcs8::DecodePrivateKey;
                let key = ::rsa::RsaPrivateKey::from_pkcs8_der(bytes).map_err(malformed_pkcs8)?;
                public::check_rsa_size(spec, ::rsa::traits::PublicKeyParts::size(&key))?;
                let parsed = Parsed::Rsa(Box::new(RsaKey::from_private(key).map_err(malformed)?));
                return Self::from_parsed(spec, parsed).map_err(malformed);
            }
        }
        Self::from_encoded(spec, &SecretBytes::from(bytes)).map_err(malformed)
    }

    /// Loads an imported public key alone (DER SubjectPublicKeyInfo): the
    /// key can verify and encrypt, but not sign or decrypt.
    pub(crate) fn from_public_der(
        spec: KeySpec,
        der: &[u8],
    ) -> std::result::Result<Self, MaterialProblem> {
        let public = PublicKey::from_der(spec, der)?;
        Ok(Self {
            spec,
            encoded: SecretBytes::from(der),
            public: Some(public),
            parsed: None,
        })
    }

    fn from_parsed(spec: KeySpec, parsed: Parsed) -> Result<Self> {
        let (encoded, public_key_der) = match &parsed {
            Parsed::Rsa(k) => (k.to_pkcs8()?, k.public_key_der()),
            Parsed::Ecdsa(k) => (k.to_pkcs8()?, k.public_key_der()),
            Parsed::Ed25519(k) => (k.to_pkcs8()?, k.public_key_der()),
            Parsed::Sm2(k) => (k.to_pkcs8()?, k.public_key_der()),
            Parsed::MlDsa(k) => (k.to_pkcs8()?, k.public_key_der()),
            Parsed::Symmetric(_) | Parsed::Hmac(_) => unreachable!("secret specs load raw bytes"),
        };
        let public = PublicKey::from_der(spec, &public_key_der).map_err(|problem| {
            Error::invalid_argument("key material", format!("its public key: {problem}"))
        })?;
        Ok(Self {
            spec,
            encoded,
            public: Some(public),
            parsed: Some(parsed),
        })
    }

    pub(crate) fn spec(&self) -> KeySpec {
        self.spec
    }

    /// The encoded material (raw secret, PKCS#8 DER, or SPKI DER for a
    /// public key alone).
    pub(crate) fn encoded(&self) -> &SecretBytes {
        &self.encoded
    }

    /// Whether only the public key is held.
    pub(crate) fn is_public_key_only(&self) -> bool {
        self.parsed.is_none()
    }

    /// Identifies the material without revealing it, to tell whether a
    /// re-import brings the same material: SHA-256 over a label, the kind of
    /// material and the secret (symmetric and HMAC keys, which are random) or
    /// the public key (asymmetric keys, which it determines).
    pub(crate) fn fingerprint(&self) -> [u8; 32] {
        use sha2::Digest;
        let (kind, bytes): (u8, &[u8]) = match (&self.public, &self.parsed) {
            (Some(public), Some(_)) => (1, public.der()),
            (Some(public), None) => (2, public.der()),
            (None, _) => (0, self.encoded.expose_secret()),
        };
        let mut hash = sha2::Sha256::new();
        hash.update(b"polykms key material fingerprint\0");
        hash.update([kind]);
        hash.update(bytes);
        hash.finalize().into()
    }

    /// The DER SubjectPublicKeyInfo, for asymmetric specs.
    pub(crate) fn public_key_der(&self) -> Option<&[u8]> {
        self.public.as_ref().map(PublicKey::der)
    }

    pub(crate) fn symmetric(&self) -> Option<&SymmetricKey> {
        match &self.parsed {
            Some(Parsed::Symmetric(k)) => Some(k),
            _ => None,
        }
    }

    pub(crate) fn hmac(&self) -> Option<&HmacKey> {
        match &self.parsed {
            Some(Parsed::Hmac(k)) => Some(k),
            _ => None,
        }
    }

    /// Asymmetric encryption (the engine has checked the algorithm and length).
    pub(crate) fn encrypt(&self, alg: EncryptionAlgorithm, plaintext: &[u8]) -> Result<Vec<u8>> {
        self.public
            .as_ref()
            .expect("the engine checks the algorithm against the spec")
            .encrypt(alg, plaintext)
    }

    /// Asymmetric decryption (the engine has checked that the private key is held).
    pub(crate) fn decrypt(&self, alg: EncryptionAlgorithm, ciphertext: &[u8]) -> Result<Vec<u8>> {
        match &self.parsed {
            Some(Parsed::Rsa(k)) => k.decrypt(alg, ciphertext),
            Some(Parsed::Sm2(k)) => k.decrypt(ciphertext),
            _ => unreachable!("the engine checks the algorithm and the private key"),
        }
    }

    /// Signs `message` (RAW) or a digest (DIGEST) of the algorithm's length
    /// (the engine has checked that the private key is held).
    pub(crate) fn sign(
        &self,
        alg: SigningAlgorithm,
        kind: MessageType,
        message: &[u8],
    ) -> Result<Vec<u8>> {
        let parsed = self
            .parsed
            .as_ref()
            .expect("the engine checks that the private key is held");
        match (parsed, kind) {
            (Parsed::Ed25519(k), MessageType::Raw) => Ok(k.sign(message)),
            (Parsed::Ed25519(k), _) => k.sign_prehashed(message),
            (Parsed::Sm2(k), MessageType::Raw) => k.sign_message(message),
            (Parsed::Sm2(k), _) => k.sign_digest(message),
            (Parsed::Rsa(k), MessageType::Raw) => k.sign_message(alg, message),
            (Parsed::Rsa(k), _) => k.sign(alg, message),
            (Parsed::Ecdsa(k), MessageType::Raw) => k.sign_message(message),
            (Parsed::Ecdsa(k), _) => k.sign(message),
            (Parsed::MlDsa(k), _) => k.sign(kind, message),
            _ => unreachable!("the engine checks the algorithm against the spec"),
        }
    }

    /// ECDH with a peer's public key, DER SubjectPublicKeyInfo (the engine
    /// has checked the usage, the algorithm and that the private key is held).
    pub(crate) fn derive_shared_secret(&self, peer_der: &[u8]) -> Result<SecretBytes> {
        match &self.parsed {
            Some(Parsed::Ecdsa(k)) => k.shared_secret(self.spec, peer_der),
            Some(Parsed::Sm2(k)) => k.shared_secret(peer_der),
            _ => unreachable!("the engine checks the algorithm and the private key"),
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
        self.public
            .as_ref()
            .expect("the engine checks the algorithm against the spec")
            .verify(alg, kind, message, signature)
    }
}
