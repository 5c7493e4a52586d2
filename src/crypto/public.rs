//! Public keys: signature verification and asymmetric encryption.
//!
//! Every asymmetric [`Material`](super::Material) verifies and encrypts
//! through its [`PublicKey`], whether the private key is held too or only
//! the public key was imported. Signatures over messages on P-256 and RSA go
//! through ring (faster here); digests through RustCrypto, since ring only
//! takes messages.

use std::borrow::Cow;

use der::Decode;
use der::asn1::ObjectIdentifier as Oid;
use rsa::{Oaep, Pkcs1v15Sign, Pss, RsaPublicKey};
use sha1::Sha1;
use sha2::{Sha256, Sha384, Sha512};
use signature::hazmat::PrehashVerifier;
use spki::{AlgorithmIdentifierRef, DecodePublicKey, SubjectPublicKeyInfoRef};

use super::mldsa::MlDsaPublicKey;
use super::rng::rng;
use crate::error::MaterialProblem;
use crate::spec::{EncryptionAlgorithm, KeySpec, MessageType, SigningAlgorithm};
use crate::{Error, Result};

const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
const SM2_CURVE: Oid = Oid::new_unwrap("1.2.156.10197.1.301");
const ML_DSA: [(Oid, KeySpec); 3] = [
    (Oid::new_unwrap("2.16.840.1.101.3.4.3.17"), KeySpec::MlDsa44),
    (Oid::new_unwrap("2.16.840.1.101.3.4.3.18"), KeySpec::MlDsa65),
    (Oid::new_unwrap("2.16.840.1.101.3.4.3.19"), KeySpec::MlDsa87),
];
const CURVES: [(Oid, KeySpec); 5] = [
    (Oid::new_unwrap("1.2.840.10045.3.1.7"), KeySpec::EccNistP256),
    (Oid::new_unwrap("1.3.132.0.34"), KeySpec::EccNistP384),
    (Oid::new_unwrap("1.3.132.0.35"), KeySpec::EccNistP521),
    (Oid::new_unwrap("1.3.132.0.10"), KeySpec::EccSecgP256k1),
    (SM2_CURVE, KeySpec::Sm2),
];

/// What an algorithm identifier (of a PKCS#8 or SPKI structure) says the key
/// is: a spec, RSA of some size (checked once the key is parsed), or a
/// description of something this crate does not hold.
pub(crate) enum KeyType {
    Spec(KeySpec),
    Rsa,
    Other(String),
}

impl KeyType {
    pub(crate) fn of(algorithm: &AlgorithmIdentifierRef<'_>) -> Self {
        let Ok((oid, parameters)) = algorithm.oids() else {
            return Self::Other(format!("{} (unreadable parameters)", algorithm.oid));
        };
        match (oid, parameters) {
            (RSA_ENCRYPTION, _) => Self::Rsa,
            (ED25519, _) => Self::Spec(KeySpec::Ed25519),
            (SM2_CURVE, _) => Self::Spec(KeySpec::Sm2),
            (EC_PUBLIC_KEY, Some(curve)) => CURVES
                .iter()
                .find(|(known, _)| *known == curve)
                .map(|(_, spec)| Self::Spec(*spec))
                .unwrap_or_else(|| Self::Other(format!("EC key on curve {curve}"))),
            (oid, _) => ML_DSA
                .iter()
                .find(|(known, _)| *known == oid)
                .map(|(_, spec)| Self::Spec(*spec))
                .unwrap_or_else(|| Self::Other(format!("algorithm {oid}"))),
        }
    }

    /// Checks the type against `spec` (RSA sizes are checked later).
    pub(crate) fn expect(self, spec: KeySpec) -> std::result::Result<(), MaterialProblem> {
        let found = match self {
            Self::Spec(found) if found == spec => return Ok(()),
            Self::Rsa if spec.rsa_modulus_bytes().is_some() => return Ok(()),
            Self::Spec(found) => found.to_string(),
            Self::Rsa => "RSA".to_owned(),
            Self::Other(what) => what,
        };
        Err(MaterialProblem::WrongKeyType { found })
    }
}

/// The problem of an RSA key whose modulus is not `spec`'s size.
pub(crate) fn check_rsa_size(
    spec: KeySpec,
    bytes: usize,
) -> std::result::Result<(), MaterialProblem> {
    if spec.rsa_modulus_bytes() == Some(bytes) {
        return Ok(());
    }
    let found = match bytes {
        256 => "RSA_2048".to_owned(),
        384 => "RSA_3072".to_owned(),
        512 => "RSA_4096".to_owned(),
        _ => format!("RSA with a {}-bit modulus", bytes * 8),
    };
    Err(MaterialProblem::WrongKeyType { found })
}

/// ECDSA verification of a DER signature over a digest, on the curve of
/// crate `$m`. High-S signatures are accepted: they are valid ECDSA
/// (secp256k1 verification normalises them first).
macro_rules! ecdsa_verify {
    ($m:ident, $key:expr, $digest:expr, $signature:expr) => {
        $m::ecdsa::Signature::from_der($signature)
            .is_ok_and(|sig| $key.verify_prehash($digest, &sig.normalize_s()).is_ok())
    };
}

/// A parsed public key and its DER SubjectPublicKeyInfo.
pub(crate) struct PublicKey {
    der: Vec<u8>,
    kind: Kind,
}

enum Kind {
    Rsa {
        rsa: Box<RsaPublicKey>,
        /// The PKCS#1 RSAPublicKey, as ring takes it.
        pkcs1: Vec<u8>,
    },
    P256 {
        rustcrypto: p256::ecdsa::VerifyingKey,
        /// The uncompressed point, as ring takes it.
        point: Vec<u8>,
    },
    P384(p384::ecdsa::VerifyingKey),
    P521(p521::ecdsa::VerifyingKey),
    K256(k256::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
    Sm2 {
        verifying: Box<sm2::dsa::VerifyingKey>,
        encrypting: Box<sm2::pke::EncryptingKey>,
    },
    MlDsa(MlDsaPublicKey),
}

fn malformed(detail: impl ToString) -> MaterialProblem {
    MaterialProblem::Malformed {
        format: "SubjectPublicKeyInfo".into(),
        detail: detail.to_string(),
    }
}

impl PublicKey {
    /// Parses a DER SubjectPublicKeyInfo that must be a public key of `spec`.
    pub(crate) fn from_der(
        spec: KeySpec,
        der: &[u8],
    ) -> std::result::Result<Self, MaterialProblem> {
        let info = SubjectPublicKeyInfoRef::from_der(der).map_err(malformed)?;
        KeyType::of(&info.algorithm).expect(spec)?;
        let raw = info
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| malformed("the key's bit string has unused bits"))?;
        let kind = match spec {
            KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::Rsa4096 => {
                let rsa = RsaPublicKey::from_public_key_der(der).map_err(malformed)?;
                check_rsa_size(spec, rsa::traits::PublicKeyParts::size(&rsa))?;
                Kind::Rsa {
                    rsa: Box::new(rsa),
                    pkcs1: raw.to_vec(),
                }
            }
            KeySpec::EccNistP256 => Kind::P256 {
                rustcrypto: p256::ecdsa::VerifyingKey::from_public_key_der(der)
                    .map_err(malformed)?,
                point: raw.to_vec(),
            },
            KeySpec::EccNistP384 => {
                Kind::P384(p384::ecdsa::VerifyingKey::from_public_key_der(der).map_err(malformed)?)
            }
            KeySpec::EccNistP521 => {
                Kind::P521(p521::ecdsa::VerifyingKey::from_public_key_der(der).map_err(malformed)?)
            }
            KeySpec::EccSecgP256k1 => {
                Kind::K256(k256::ecdsa::VerifyingKey::from_public_key_der(der).map_err(malformed)?)
            }
            KeySpec::Ed25519 => Kind::Ed25519(
                ed25519_dalek::VerifyingKey::from_public_key_der(der).map_err(malformed)?,
            ),
            KeySpec::Sm2 => {
                let public = sm2::PublicKey::from_public_key_der(der).map_err(malformed)?;
                let verifying = sm2::dsa::VerifyingKey::new(super::sm2::SM2_DEFAULT_DISTID, public)
                    .map_err(malformed)?;
                let encrypting =
                    sm2::pke::EncryptingKey::new_with_mode(public, sm2::pke::Mode::C1C3C2);
                Kind::Sm2 {
                    verifying: Box::new(verifying),
                    encrypting: Box::new(encrypting),
                }
            }
            KeySpec::MlDsa44 | KeySpec::MlDsa65 | KeySpec::MlDsa87 => {
                Kind::MlDsa(MlDsaPublicKey::from_der(spec, der).map_err(malformed)?)
            }
            _ => {
                return Err(MaterialProblem::WrongKeyType {
                    found: "public key".to_owned(),
                });
            }
        };
        Ok(Self {
            der: der.to_vec(),
            kind,
        })
    }

    /// The DER SubjectPublicKeyInfo.
    pub(crate) fn der(&self) -> &[u8] {
        &self.der
    }

    /// Verifies a signature over a message (RAW) or a digest (DIGEST); the
    /// engine has checked the algorithm, message type and digest length.
    pub(crate) fn verify(
        &self,
        alg: SigningAlgorithm,
        kind: MessageType,
        message: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        let raw = kind == MessageType::Raw;
        let ok = match &self.kind {
            Kind::Rsa { pkcs1, .. } if raw => {
                ring::signature::UnparsedPublicKey::new(ring_parameters(alg), pkcs1)
                    .verify(message, signature)
                    .is_ok()
            }
            Kind::Rsa { rsa, .. } => verify_rsa_digest(rsa, alg, message, signature),
            Kind::P256 { point, .. } if raw => ring::signature::UnparsedPublicKey::new(
                &ring::signature::ECDSA_P256_SHA256_ASN1,
                point,
            )
            .verify(message, signature)
            .is_ok(),
            Kind::P256 { rustcrypto, .. } => {
                ecdsa_verify!(p256, rustcrypto, &hashed::<Sha256>(raw, message), signature)
            }
            Kind::P384(key) => ecdsa_verify!(p384, key, &hashed::<Sha384>(raw, message), signature),
            Kind::P521(key) => ecdsa_verify!(p521, key, &hashed::<Sha512>(raw, message), signature),
            Kind::K256(key) => ecdsa_verify!(k256, key, &hashed::<Sha256>(raw, message), signature),
            Kind::Ed25519(key) if raw => super::ed25519::verify(key, message, signature),
            Kind::Ed25519(key) => super::ed25519::verify_prehashed(key, message, signature)?,
            Kind::Sm2 { verifying, .. } => super::sm2::verify(verifying, raw, message, signature),
            Kind::MlDsa(key) => key.verify(kind, message, signature),
        };
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    /// Asymmetric encryption (the engine has checked the algorithm and length).
    pub(crate) fn encrypt(&self, alg: EncryptionAlgorithm, plaintext: &[u8]) -> Result<Vec<u8>> {
        let too_long = |_| Error::invalid_argument("plaintext", "too long for this key");
        match &self.kind {
            Kind::Rsa { rsa, .. } if alg == EncryptionAlgorithm::RsaesOaepSha1 => rsa
                .encrypt(&mut rng(), Oaep::<Sha1>::new(), plaintext)
                .map_err(too_long),
            Kind::Rsa { rsa, .. } => rsa
                .encrypt(&mut rng(), Oaep::<Sha256>::new(), plaintext)
                .map_err(too_long),
            Kind::Sm2 { encrypting, .. } => encrypting
                .encrypt_der(&mut rng(), plaintext)
                .map_err(|_| Error::invalid_argument("plaintext", "cannot be SM2-encrypted")),
            _ => unreachable!("the engine checks the algorithm against the spec"),
        }
    }
}

/// The message's hash (RAW) or the digest as given (DIGEST, not copied).
fn hashed<D: sha2::Digest>(raw: bool, message: &[u8]) -> Cow<'_, [u8]> {
    if raw {
        Cow::Owned(D::digest(message).to_vec())
    } else {
        Cow::Borrowed(message)
    }
}

fn ring_parameters(alg: SigningAlgorithm) -> &'static ring::signature::RsaParameters {
    use SigningAlgorithm as S;
    use ring::signature as rs;
    match alg {
        S::RsassaPssSha256 => &rs::RSA_PSS_2048_8192_SHA256,
        S::RsassaPssSha384 => &rs::RSA_PSS_2048_8192_SHA384,
        S::RsassaPssSha512 => &rs::RSA_PSS_2048_8192_SHA512,
        S::RsassaPkcs1V15Sha256 => &rs::RSA_PKCS1_2048_8192_SHA256,
        S::RsassaPkcs1V15Sha384 => &rs::RSA_PKCS1_2048_8192_SHA384,
        S::RsassaPkcs1V15Sha512 => &rs::RSA_PKCS1_2048_8192_SHA512,
        _ => unreachable!("the engine checks the algorithm against the spec"),
    }
}

fn verify_rsa_digest(key: &RsaPublicKey, alg: SigningAlgorithm, digest: &[u8], sig: &[u8]) -> bool {
    use SigningAlgorithm as S;
    let result = match alg {
        S::RsassaPssSha256 => key.verify(Pss::<Sha256>::new(), digest, sig),
        S::RsassaPssSha384 => key.verify(Pss::<Sha384>::new(), digest, sig),
        S::RsassaPssSha512 => key.verify(Pss::<Sha512>::new(), digest, sig),
        S::RsassaPkcs1V15Sha256 => key.verify(Pkcs1v15Sign::new::<Sha256>(), digest, sig),
        S::RsassaPkcs1V15Sha384 => key.verify(Pkcs1v15Sign::new::<Sha384>(), digest, sig),
        S::RsassaPkcs1V15Sha512 => key.verify(Pkcs1v15Sign::new::<Sha512>(), digest, sig),
        _ => unreachable!("the engine checks the algorithm against the spec"),
    };
    result.is_ok()
}
