//! What the operations return.

use serde::Serialize;

use crate::key::KeyId;
use crate::secret::SecretBytes;
use std::time::SystemTime;

use crate::spec::{
    DataKeyPairSpec, EncryptionAlgorithm, KeySpec, KeyUsage, MacAlgorithm, RotationType,
    SigningAlgorithm, WrappingAlgorithm, WrappingKeySpec,
};

/// The result of an encryption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct EncryptResponse {
    /// The ciphertext blob.
    pub ciphertext_blob: Vec<u8>,
    /// The key that encrypted (its id, whatever reference was given).
    pub key_id: KeyId,
    /// The key material version that encrypted (the current one).
    pub key_version: u32,
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
    /// The key material version the ciphertext was made with: lower than
    /// the key's current version means the ciphertext predates a rotation
    /// (and [`re_encrypt`](crate::KeyManager::re_encrypt) would move it to
    /// the current one).
    pub key_version: u32,
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
    /// The material version that made the source ciphertext.
    pub source_key_version: u32,
    /// The key that encrypted the result.
    pub key_id: KeyId,
    /// The material version that made the result (the destination key's current one).
    pub key_version: u32,
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
        public_key_pem(&self.public_key)
    }
}

fn public_key_pem(der: &[u8]) -> String {
    spki::Document::try_from(der)
        .and_then(|doc| doc.to_pem("PUBLIC KEY", spki::der::pem::LineEnding::LF))
        .expect("the provider's SubjectPublicKeyInfo is valid DER")
}

/// A key's rotation settings (`GetKeyRotationStatus`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct KeyRotationStatus {
    /// The key.
    pub key_id: KeyId,
    /// Whether automatic rotation is enabled.
    pub rotation_enabled: bool,
    /// The automatic rotation period, when enabled.
    pub rotation_period_in_days: Option<u32>,
    /// When the key next rotates automatically, when enabled. A disabled
    /// key does not rotate; an overdue rotation happens at its next use
    /// once it is enabled again.
    pub next_rotation_date: Option<SystemTime>,
    /// The current material version (`None` while the key awaits import).
    pub current_key_version: Option<u32>,
    /// The oldest material version whose ciphertexts still decrypt.
    pub minimum_decryption_version: u32,
}

/// One rotation of a key: how its material version `key_version` came about
/// (`ListKeyRotations`, `RotateKeyOnDemand`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct KeyRotation {
    /// The key.
    pub key_id: KeyId,
    /// The material version the rotation made (2 for the first rotation).
    pub key_version: u32,
    /// When the rotation happened.
    pub rotation_date: SystemTime,
    /// Automatic or on demand.
    pub rotation_type: RotationType,
}

/// What a client needs to wrap key material for import
/// (`GetParametersForImport`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ImportParameters {
    /// The key the material is for.
    pub key_id: KeyId,
    /// The token to hand back with the wrapped material.
    pub import_token: Vec<u8>,
    /// The wrapping public key, DER SubjectPublicKeyInfo.
    pub public_key: Vec<u8>,
    /// The wrapping algorithm the material must be wrapped with.
    pub wrapping_algorithm: WrappingAlgorithm,
    /// The kind of wrapping key.
    pub wrapping_key_spec: WrappingKeySpec,
    /// When the token and wrapping key expire (24 hours after issue).
    pub parameters_valid_to: SystemTime,
}

impl ImportParameters {
    /// The wrapping public key as PEM (`-----BEGIN PUBLIC KEY-----`), for
    /// `openssl pkeyutl -encrypt -pubin`.
    pub fn public_key_pem(&self) -> String {
        public_key_pem(&self.public_key)
    }
}
