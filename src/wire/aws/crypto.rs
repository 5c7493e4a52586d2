//! The shapes of the encryption operations: `Encrypt`, `Decrypt`,
//! `GenerateDataKey`, `GenerateRandom`.
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

/// The response to `GenerateDataKey`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GenerateDataKeyResponse {
    /// The data key encrypted under the KMS key.
    #[serde(with = "blob")]
    pub ciphertext_blob: Vec<u8>,
    /// The data key.
    #[serde(with = "secret_blob")]
    pub plaintext: SecretBytes,
    /// The ARN of the KMS key that encrypted the data key.
    pub key_id: String,
}

impl GenerateDataKeyResponse {
    /// The response for `data_key`, encrypted under the key `key_arn`.
    pub fn from_data_key(data_key: &response::DataKey, key_arn: impl Into<String>) -> Self {
        Self {
            ciphertext_blob: data_key.ciphertext_blob.clone(),
            plaintext: data_key.plaintext.clone(),
            key_id: key_arn.into(),
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
