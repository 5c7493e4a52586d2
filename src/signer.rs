//! A KMS signing key as a [`signature::Signer`], for the crates that sign
//! through the `signature` traits (certificate and token builders, …).
//!
//! [`KmsSigner`] signs through any [`KeyManager`] (so the private key never
//! leaves the provider) and is a [`Keypair`] whose [`KmsVerifyingKey`]
//! verifies locally, from the key's public key. Signatures are
//! [`Signature`]: the provider's bytes (DER for ECDSA and SM2, raw for RSA
//! and Ed25519), which any verifier of that algorithm takes.
//!
//! ```
//! use polykms::signer::{KmsSigner, Signature};
//! use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, SigningAlgorithm};
//! use signature::{Keypair, Signer, Verifier};
//!
//! let kms = InMemory::new();
//! let key = kms.create_key(CreateKeyRequest::new(KeySpec::EccNistP256).alias("alias/release"))?;
//! let signer = KmsSigner::new(&kms, "alias/release", SigningAlgorithm::EcdsaSha256)?;
//!
//! let signature: Signature = signer.try_sign(b"release 1.0").unwrap();
//! signer.verifying_key().verify(b"release 1.0", &signature).unwrap();
//! assert!(signer.verifying_key().verify(b"release 1.1", &signature).is_err());
//! assert_eq!(signer.key_id(), &key.key_id);
//! # Ok::<(), polykms::Error>(())
//! ```

use std::borrow::Cow;
use std::sync::Arc;

use sha2::Digest;
use signature::{Keypair, SignatureEncoding, Signer, Verifier};

use crate::crypto::public::PublicKey;
use crate::key::KeyId;
use crate::manager::KeyManager;
use crate::request::{SignRequest, VerifyRequest};
use crate::spec::{KeyUsage, MessageType, SigningAlgorithm, limits};
use crate::{Error, Result};

/// A signature made by a [`KmsSigner`]: the bytes the provider returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature(Vec<u8>);

impl Signature {
    /// The signature's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Signature {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl TryFrom<&[u8]> for Signature {
    type Error = signature::Error;

    fn try_from(bytes: &[u8]) -> std::result::Result<Self, signature::Error> {
        if bytes.is_empty() || bytes.len() > limits::MAX_SIGNATURE {
            return Err(signature::Error::new());
        }
        Ok(Self(bytes.to_vec()))
    }
}

impl From<Signature> for Vec<u8> {
    fn from(signature: Signature) -> Self {
        signature.0
    }
}

impl SignatureEncoding for Signature {
    type Repr = Vec<u8>;
}

/// A key of a [`KeyManager`] that signs as a [`signature::Signer`].
///
/// `K` is any key manager: a provider, a reference to one, or an
/// `Arc<dyn KeyManager>`. A message longer than the provider takes
/// ([`limits::MAX_SIGN_MESSAGE`]) is hashed here and signed as a digest, for
/// the algorithms whose digest is a SHA-2 hash of the message (RSA and
/// ECDSA); SM2 and Ed25519 messages go to the provider whole.
#[derive(Debug, Clone)]
pub struct KmsSigner<K> {
    kms: K,
    key_id: KeyId,
    algorithm: SigningAlgorithm,
    verifying_key: KmsVerifyingKey,
}

impl<K: KeyManager> KmsSigner<K> {
    /// The signer of the key `key_id` (any key reference; the key id is
    /// resolved once, so a later move of an alias does not change the key)
    /// with `algorithm`, which the key must offer.
    pub fn new(kms: K, key_id: &str, algorithm: SigningAlgorithm) -> Result<Self> {
        let info = kms.get_public_key(key_id)?;
        if info.key_usage != KeyUsage::SignVerify || !info.signing_algorithms.contains(&algorithm) {
            return Err(Error::AlgorithmNotAllowed {
                key_id: info.key_id,
                spec: info.key_spec,
                algorithm: algorithm.to_string(),
            });
        }
        let public = PublicKey::from_der(info.key_spec, &info.public_key).map_err(|problem| {
            Error::InvalidKeyMaterial {
                key_id: info.key_id.clone(),
                spec: info.key_spec,
                problem,
            }
        })?;
        Ok(Self {
            kms,
            key_id: info.key_id,
            algorithm,
            verifying_key: KmsVerifyingKey {
                public: Arc::new(public),
                algorithm,
            },
        })
    }

    /// The key that signs.
    pub fn key_id(&self) -> &KeyId {
        &self.key_id
    }

    /// The signing algorithm.
    pub fn algorithm(&self) -> SigningAlgorithm {
        self.algorithm
    }
}

/// What `algorithm` signs for `message`: the message itself, or its digest
/// for Ed25519ph (which signs only digests) and for an RSA or ECDSA message
/// longer than a provider takes.
fn signed_form(algorithm: SigningAlgorithm, message: &[u8]) -> (Cow<'_, [u8]>, MessageType) {
    if !algorithm.message_types().contains(&MessageType::Raw) {
        return (
            sha2::Sha512::digest(message).to_vec().into(),
            MessageType::Digest,
        );
    }
    if message.len() > limits::MAX_SIGN_MESSAGE
        && let Some(digest) = sha2_digest(algorithm, message)
    {
        return (digest.into(), MessageType::Digest);
    }
    (Cow::Borrowed(message), MessageType::Raw)
}

/// The SHA-2 digest an RSA or ECDSA algorithm signs; `None` for the
/// algorithms whose digest is not a plain hash of the message (SM2's covers
/// the signer's identity, Ed25519 signs the message itself).
fn sha2_digest(algorithm: SigningAlgorithm, message: &[u8]) -> Option<Vec<u8>> {
    use SigningAlgorithm as A;
    Some(match algorithm {
        A::RsassaPssSha256 | A::RsassaPkcs1V15Sha256 | A::EcdsaSha256 => {
            sha2::Sha256::digest(message).to_vec()
        }
        A::RsassaPssSha384 | A::RsassaPkcs1V15Sha384 | A::EcdsaSha384 => {
            sha2::Sha384::digest(message).to_vec()
        }
        A::RsassaPssSha512 | A::RsassaPkcs1V15Sha512 | A::EcdsaSha512 => {
            sha2::Sha512::digest(message).to_vec()
        }
        _ => return None,
    })
}

impl<K: KeyManager> Signer<Signature> for KmsSigner<K> {
    /// Signs through the provider; a provider error (a disabled key, a
    /// transport failure) is the [`signature::Error`]'s source.
    fn try_sign(&self, message: &[u8]) -> std::result::Result<Signature, signature::Error> {
        let (message, message_type) = signed_form(self.algorithm, message);
        let request =
            SignRequest::new(&self.key_id, &*message, self.algorithm).message_type(message_type);
        self.kms
            .sign(request)
            .map(|signed| Signature(signed.signature))
            .map_err(signature::Error::from_source)
    }
}

impl<K: KeyManager> Verifier<Signature> for KmsSigner<K> {
    /// Verifies through the provider (as KMS `Verify` does).
    fn verify(
        &self,
        message: &[u8],
        signature: &Signature,
    ) -> std::result::Result<(), signature::Error> {
        let (message, message_type) = signed_form(self.algorithm, message);
        let request = VerifyRequest::new(&self.key_id, &*message, self.algorithm, &signature.0)
            .message_type(message_type);
        match self.kms.verify(request) {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == crate::ErrorKind::InvalidSignature => {
                Err(signature::Error::new())
            }
            Err(e) => Err(signature::Error::from_source(e)),
        }
    }
}

impl<K: KeyManager> Keypair for KmsSigner<K> {
    type VerifyingKey = KmsVerifyingKey;

    fn verifying_key(&self) -> KmsVerifyingKey {
        self.verifying_key.clone()
    }
}

/// The public half of a [`KmsSigner`]: verifies its signatures locally,
/// without the provider.
#[derive(Clone)]
pub struct KmsVerifyingKey {
    public: Arc<PublicKey>,
    algorithm: SigningAlgorithm,
}

impl std::fmt::Debug for KmsVerifyingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KmsVerifyingKey")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl KmsVerifyingKey {
    /// The public key, DER SubjectPublicKeyInfo.
    pub fn public_key_der(&self) -> &[u8] {
        self.public.der()
    }

    /// The algorithm it verifies.
    pub fn algorithm(&self) -> SigningAlgorithm {
        self.algorithm
    }
}

impl Verifier<Signature> for KmsVerifyingKey {
    fn verify(
        &self,
        message: &[u8],
        signature: &Signature,
    ) -> std::result::Result<(), signature::Error> {
        let (message, message_type) = signed_form(self.algorithm, message);
        self.public
            .verify(self.algorithm, message_type, &message, &signature.0)
            .map_err(|_| signature::Error::new())
    }
}

impl spki::EncodePublicKey for KmsVerifyingKey {
    fn to_public_key_der(&self) -> spki::Result<spki::Document> {
        spki::Document::try_from(self.public.der()).map_err(Into::into)
    }
}
