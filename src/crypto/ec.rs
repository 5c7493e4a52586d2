//! ECDSA on P-256, P-384, P-521 and secp256k1 (RustCrypto), DER signatures.

use p256::elliptic_curve::Generate;
use pkcs8::{DecodePrivateKey, EncodePrivateKey};
use signature::hazmat::PrehashSigner;
use spki::EncodePublicKey;

use crate::secret::SecretBytes;
use crate::spec::KeySpec;
use crate::{Error, Result};

/// An ECDSA private key in parsed form.
///
/// P-256 keys are also loaded into ring, which signs and verifies messages
/// four times faster than the p256 crate here; digests (message type
/// DIGEST) go through RustCrypto, since ring only takes messages. For P-384
/// the p384 crate signs faster than ring (and verifies as fast), and P-521
/// and secp256k1 exist only in RustCrypto.
pub(crate) enum EcdsaKey {
    P256(Box<P256Key>),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
    K256(k256::ecdsa::SigningKey),
}

/// A P-256 key for RustCrypto (digests) and ring (messages), with the
/// PKCS#8 encoding both were made from.
pub(crate) struct P256Key {
    rustcrypto: p256::ecdsa::SigningKey,
    ring: ring::signature::EcdsaKeyPair,
    pkcs8: SecretBytes,
}

impl P256Key {
    fn new(rustcrypto: p256::ecdsa::SigningKey) -> Result<Box<Self>> {
        use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair};
        let der = rustcrypto
            .to_pkcs8_der()
            .map_err(|_| Error::invalid_argument("key material", "EC key cannot be encoded"))?;
        let ring = EcdsaKeyPair::from_pkcs8(
            &ECDSA_P256_SHA256_ASN1_SIGNING,
            der.as_bytes(),
            &ring::rand::SystemRandom::new(),
        )
        .map_err(|_| Error::invalid_argument("key material", "P-256 key rejected by ring"))?;
        let pkcs8 = SecretBytes::from(der.as_bytes());
        Ok(Box::new(Self {
            rustcrypto,
            ring,
            pkcs8,
        }))
    }
}

/// Runs the same code for each curve; `$m` names the curve's crate.
macro_rules! per_curve {
    ($self:expr, $key:ident, $m:ident => $body:expr) => {
        match $self {
            EcdsaKey::P256(p256_key) => {
                let $key = &p256_key.rustcrypto;
                #[allow(unused_imports)]
                use p256 as $m;
                $body
            }
            EcdsaKey::P384($key) => {
                #[allow(unused_imports)]
                use p384 as $m;
                $body
            }
            EcdsaKey::P521($key) => {
                #[allow(unused_imports)]
                use p521 as $m;
                $body
            }
            EcdsaKey::K256($key) => {
                #[allow(unused_imports)]
                use k256 as $m;
                $body
            }
        }
    };
}

impl EcdsaKey {
    pub(crate) fn generate(spec: KeySpec) -> Result<Self> {
        let mut rng = super::rng::rng();
        Ok(match spec {
            KeySpec::EccNistP256 => Self::P256(P256Key::new(
                p256::ecdsa::SigningKey::generate_from_rng(&mut rng),
            )?),
            KeySpec::EccNistP384 => {
                Self::P384(p384::ecdsa::SigningKey::generate_from_rng(&mut rng))
            }
            KeySpec::EccNistP521 => {
                Self::P521(p521::ecdsa::SigningKey::generate_from_rng(&mut rng))
            }
            _ => Self::K256(k256::ecdsa::SigningKey::generate_from_rng(&mut rng)),
        })
    }

    pub(crate) fn from_pkcs8(spec: KeySpec, der: &[u8]) -> Result<Self> {
        let bad =
            || Error::invalid_argument("key material", format!("not a PKCS#8 {spec} private key"));
        Ok(match spec {
            KeySpec::EccNistP256 => Self::P256(P256Key::new(
                p256::ecdsa::SigningKey::from_pkcs8_der(der).map_err(|_| bad())?,
            )?),
            KeySpec::EccNistP384 => {
                Self::P384(p384::ecdsa::SigningKey::from_pkcs8_der(der).map_err(|_| bad())?)
            }
            KeySpec::EccNistP521 => {
                Self::P521(p521::ecdsa::SigningKey::from_pkcs8_der(der).map_err(|_| bad())?)
            }
            KeySpec::EccSecgP256k1 => {
                Self::K256(k256::ecdsa::SigningKey::from_pkcs8_der(der).map_err(|_| bad())?)
            }
            _ => return Err(bad()),
        })
    }

    pub(crate) fn to_pkcs8(&self) -> Result<SecretBytes> {
        if let Self::P256(key) = self {
            return Ok(key.pkcs8.clone());
        }
        per_curve!(self, key, _m => {
            let doc = key
                .to_pkcs8_der()
                .map_err(|_| Error::invalid_argument("key material", "EC key cannot be encoded"))?;
            Ok(SecretBytes::from(doc.as_bytes()))
        })
    }

    pub(crate) fn public_key_der(&self) -> Vec<u8> {
        per_curve!(self, key, _m => key
            .verifying_key()
            .to_public_key_der()
            .expect("an EC public key always encodes")
            .into_vec())
    }

    /// Signs a digest; returns a DER signature (low-S on secp256k1).
    pub(crate) fn sign(&self, digest: &[u8]) -> Result<Vec<u8>> {
        per_curve!(self, key, m => {
            let sig: m::ecdsa::Signature = key
                .sign_prehash(digest)
                .map_err(|_| Error::invalid_argument("message", "digest cannot be signed"))?;
            Ok(sig.normalize_s().to_der().as_bytes().to_vec())
        })
    }

    /// Signs a message (message type RAW): ring for P-256, otherwise the
    /// curve's hash and [`sign`](Self::sign).
    pub(crate) fn sign_message(&self, message: &[u8]) -> Result<Vec<u8>> {
        if let Self::P256(key) = self {
            let sig = key
                .ring
                .sign(&ring::rand::SystemRandom::new(), message)
                .map_err(|_| Error::Rng)?;
            return Ok(sig.as_ref().to_vec());
        }
        self.sign(&self.hash(message))
    }

    /// ECDH with the peer's public key (the engine allows key agreement on
    /// P-256, P-384 and P-521).
    pub(crate) fn shared_secret(&self, spec: KeySpec, peer_der: &[u8]) -> Result<SecretBytes> {
        per_curve!(self, key, _m => super::ecdh::shared_secret(spec, key.as_nonzero_scalar(), peer_der))
    }

    /// The curve's hash of a message.
    fn hash(&self, message: &[u8]) -> Vec<u8> {
        use sha2::Digest;
        match self {
            Self::P256(_) | Self::K256(_) => sha2::Sha256::digest(message).to_vec(),
            Self::P384(_) => sha2::Sha384::digest(message).to_vec(),
            Self::P521(_) => sha2::Sha512::digest(message).to_vec(),
        }
    }
}
