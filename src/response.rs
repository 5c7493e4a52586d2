//! What the operations return.

use serde::Serialize;

use crate::key::KeyId;
use crate::secret::SecretBytes;
use crate::spec::{
    DataKeyPairSpec, EncryptionAlgorithm, KeySpec, KeyUsage, MacAlgorithm, SigningAlgorithm,
};

/// The result of an encryption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct EncryptResponse {
    /// The ciphertext blob.
    pub ciphertext_blob: Vec<u8>,
    /// The key that encrypted (its id, whatever reference was given).
    pub key_id: KeyId,
    /// The algorithm used.
    pub encryption_algorithm: EncryptionAlgorithm,
}

/// The result of a decryption.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecryptResponse {
    /// The plaintext.
    pub plaintext: SecretBytes,
    /// The key that decrypted.
    pub key_id: KeyId,
    /// The algorithm used.
    pub encryption_algorithm: EncryptionAlgorithm,
}

/// The result of a re-encryption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ReEncryptResponse {
    /// The new ciphertext blob.
    pub ciphertext_blob: Vec<u8>,
    /// The key that decrypted the source.
    pub source_key_id: KeyId,
    /// The key that encrypted the result.
    pub key_id: KeyId,
    /// The source algorithm.
    pub source_encryption_algorithm: EncryptionAlgorithm,
    /// The destination algorithm.
    pub destination_encryption_algorithm: EncryptionAlgorithm,
}

/// A data key: the plaintext to use now and the ciphertext to store.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DataKey {
    /// The data key; use it, then drop it.
    pub plaintext: SecretBytes,
    /// The data key encrypted under the KMS key; store it beside the data.
    pub ciphertext_blob: Vec<u8>,
    /// The KMS key that encrypted it.
    pub key_id: KeyId,
}

/// A data key without its plaintext.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct EncryptedDataKey {
    /// The data key encrypted under the KMS key.
    pub ciphertext_blob: Vec<u8>,
    /// The KMS key that encrypted it.
    pub key_id: KeyId,
}

/// A data key pair.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DataKeyPair {
    /// The private key, PKCS#8 DER.
    pub private_key_plaintext: SecretBytes,
    /// The private key (PKCS#8 DER) encrypted under the KMS key.
    pub private_key_ciphertext_blob: Vec<u8>,
    /// The public key, DER SubjectPublicKeyInfo.
    pub public_key: Vec<u8>,
    /// The KMS key that encrypted the private key.
    pub key_id: KeyId,
    /// The kind of pair.
    pub key_pair_spec: DataKeyPairSpec,
}

/// A data key pair without the private key's plaintext.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct EncryptedDataKeyPair {
    /// The private key (PKCS#8 DER) encrypted under the KMS key.
    pub private_key_ciphertext_blob: Vec<u8>,
    /// The public key, DER SubjectPublicKeyInfo.
    pub public_key: Vec<u8>,
    /// The KMS key that encrypted the private key.
    pub key_id: KeyId,
    /// The kind of pair.
    pub key_pair_spec: DataKeyPairSpec,
}

/// A signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SignResponse {
    /// The signature (DER for ECDSA and SM2; raw for RSA and Ed25519).
    pub signature: Vec<u8>,
    /// The key that signed.
    pub key_id: KeyId,
    /// The algorithm used.
    pub signing_algorithm: SigningAlgorithm,
}

/// A MAC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MacResponse {
    /// The MAC.
    pub mac: Vec<u8>,
    /// The key that computed it.
    pub key_id: KeyId,
    /// The algorithm used.
    pub mac_algorithm: MacAlgorithm,
}

/// A public key and what it may be used for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PublicKeyInfo {
    /// The key.
    pub key_id: KeyId,
    /// DER SubjectPublicKeyInfo.
    pub public_key: Vec<u8>,
    /// The key's spec.
    pub key_spec: KeySpec,
    /// The key's usage.
    pub key_usage: KeyUsage,
    /// The encryption algorithms (for ENCRYPT_DECRYPT keys).
    pub encryption_algorithms: Vec<EncryptionAlgorithm>,
    /// The signing algorithms (for SIGN_VERIFY keys).
    pub signing_algorithms: Vec<SigningAlgorithm>,
}

impl PublicKeyInfo {
    /// The public key as PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn public_key_pem(&self) -> String {
        spki::Document::try_from(self.public_key.as_slice())
            .and_then(|doc| doc.to_pem("PUBLIC KEY", spki::der::pem::LineEnding::LF))
            .expect("the provider's SubjectPublicKeyInfo is valid DER")
    }
}
