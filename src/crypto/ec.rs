//! ECDSA on P-256, P-384, P-521 and secp256k1 (RustCrypto), DER signatures.

use p256::elliptic_curve::Generate;
use pkcs8::{DecodePrivateKey, EncodePrivateKey};
use signature::hazmat::{PrehashSigner, PrehashVerifier};
use spki::EncodePublicKey;

use crate::secret::SecretBytes;
use crate::spec::KeySpec;
use crate::{Error, Result};

/// An ECDSA private key in parsed form.
pub(crate) enum EcdsaKey {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
    K256(k256::ecdsa::SigningKey),
}

/// Runs the same code for each curve; `$m` names the curve's crate.
macro_rules! per_curve {
    ($self:expr, $key:ident, $m:ident => $body:expr) => {
        match $self {
            EcdsaKey::P256($key) => {
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
            KeySpec::EccNistP256 => {
                Self::P256(p256::ecdsa::SigningKey::generate_from_rng(&mut rng))
            }
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
            KeySpec::EccNistP256 => {
                Self::P256(p256::ecdsa::SigningKey::from_pkcs8_der(der).map_err(|_| bad())?)
            }
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

    /// Verifies a DER signature over a digest. High-S signatures are accepted
    /// (they are valid ECDSA; secp256k1 verification normalises them first).
    pub(crate) fn verify(&self, digest: &[u8], signature: &[u8]) -> Result<()> {
        per_curve!(self, key, m => {
            let sig = m::ecdsa::Signature::from_der(signature).map_err(|_| Error::InvalidSignature)?;
            key.verifying_key()
                .verify_prehash(digest, &sig.normalize_s())
                .map_err(|_| Error::InvalidSignature)
        })
    }
}
