//! The shapes of the encryption operations: `Encrypt`, `Decrypt`,
//! `ReEncrypt`, `GenerateRandom`.
//!
//! AWS answers with the key's ARN as the `KeyId`, while the crate's
//! responses carry the key id, so the constructors take the ARN (from
//! [`KeyManager::describe_key`](crate::KeyManager::describe_key)).

use serde::{Deserialize, Serialize};

use super::encoding::{blob, secret_blob, spelling};
use crate::response;
use crate::secret::SecretBytes;

/// The response to `Encrypt`.
///
/// ```
/// use polykms::{CreateKeyRequest, EncryptRequest, InMemory, KeyManager, KeySpec, wire::aws};
///
/// let kms = InMemory::new();
/// let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
/// let sealed = kms.encrypt(EncryptRequest::new(&key.key_id, b"secret"))?;
/// let json = serde_json::to_value(aws::EncryptResponse::from_response(&sealed, &key.arn)).unwrap();
/// assert_eq!(json["KeyId"], key.arn.as_str());
/// assert_eq!(json["EncryptionAlgorithm"], "SYMMETRIC_DEFAULT");
/// assert!(json["CiphertextBlob"].is_string());
/// # Ok::<(), polykms::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct EncryptResponse {
    /// The ciphertext.
    #[serde(with = "blob")]
    pub ciphertext_blob: Vec<u8>,
    /// The ARN of the key that encrypted.
    pub key_id: String,
    /// The algorithm used.
    pub encryption_algorithm: String,
}

impl EncryptResponse {
    /// The response for `response`, made by the key `key_arn`.
    pub fn from_response(response: &response::EncryptResponse, key_arn: impl Into<String>) -> Self {
        Self {
            ciphertext_blob: response.ciphertext_blob.clone(),
            key_id: key_arn.into(),
            encryption_algorithm: spelling(response.encryption_algorithm),
        }
    }
}

/// The response to `Decrypt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DecryptResponse {
    /// The ARN of the key that decrypted.
    pub key_id: String,
    /// The plaintext.
    #[serde(with = "secret_blob")]
    pub plaintext: SecretBytes,
    /// The algorithm used.
    pub encryption_algorithm: String,
}

impl DecryptResponse {
    /// The response for `response`, made by the key `key_arn`.
    pub fn from_response(response: &response::DecryptResponse, key_arn: impl Into<String>) -> Self {
        Self {
            key_id: key_arn.into(),
            plaintext: response.plaintext.clone(),
            encryption_algorithm: spelling(response.encryption_algorithm),
        }
    }
}

/// The response to `ReEncrypt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ReEncryptResponse {
    /// The new ciphertext.
    #[serde(with = "blob")]
    pub ciphertext_blob: Vec<u8>,
    /// The ARN of the key that decrypted the source ciphertext.
    pub source_key_id: String,
    /// The ARN of the key that made the new ciphertext.
    pub key_id: String,
    /// The algorithm that decrypted.
    pub source_encryption_algorithm: String,
    /// The algorithm that encrypted.
    pub destination_encryption_algorithm: String,
}

impl ReEncryptResponse {
    /// The response for `response`: the source ciphertext was decrypted by
    /// the key `source_key_arn`, the new one made by the key `key_arn`.
    pub fn from_response(
        response: &response::ReEncryptResponse,
        source_key_arn: impl Into<String>,
        key_arn: impl Into<String>,
    ) -> Self {
        Self {
            ciphertext_blob: response.ciphertext_blob.clone(),
            source_key_id: source_key_arn.into(),
            key_id: key_arn.into(),
            source_encryption_algorithm: spelling(response.source_encryption_algorithm),
            destination_encryption_algorithm: spelling(response.destination_encryption_algorithm),
        }
    }
}

/// The response to `GenerateRandom`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GenerateRandomResponse {
    /// The random bytes.
    #[serde(with = "secret_blob")]
    pub plaintext: SecretBytes,
}

impl GenerateRandomResponse {
    /// The response carrying `random`.
    pub fn new(random: SecretBytes) -> Self {
        Self { plaintext: random }
    }
}
