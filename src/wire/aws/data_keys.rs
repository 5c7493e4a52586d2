//! The shapes of the data key operations: `GenerateDataKey`,
//! `GenerateDataKeyWithoutPlaintext`, `GenerateDataKeyPair`,
//! `GenerateDataKeyPairWithoutPlaintext`.
//!
//! As with the encryption shapes, the constructors take the ARN of the KMS
//! key that encrypted the data key, which AWS returns as the `KeyId`.

use serde::{Deserialize, Serialize};

use super::encoding::{blob, secret_blob, spelling};
use crate::response;
use crate::secret::SecretBytes;

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

/// The response to `GenerateDataKeyWithoutPlaintext`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GenerateDataKeyWithoutPlaintextResponse {
    /// The data key encrypted under the KMS key.
    #[serde(with = "blob")]
    pub ciphertext_blob: Vec<u8>,
    /// The ARN of the KMS key that encrypted the data key.
    pub key_id: String,
}

impl GenerateDataKeyWithoutPlaintextResponse {
    /// The response for `data_key`, encrypted under the key `key_arn`.
    pub fn from_data_key(
        data_key: &response::EncryptedDataKey,
        key_arn: impl Into<String>,
    ) -> Self {
        Self {
            ciphertext_blob: data_key.ciphertext_blob.clone(),
            key_id: key_arn.into(),
        }
    }
}

/// The response to `GenerateDataKeyPair`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GenerateDataKeyPairResponse {
    /// The private key (PKCS#8 DER) encrypted under the KMS key.
    #[serde(with = "blob")]
    pub private_key_ciphertext_blob: Vec<u8>,
    /// The private key, PKCS#8 DER.
    #[serde(with = "secret_blob")]
    pub private_key_plaintext: SecretBytes,
    /// The public key, DER SubjectPublicKeyInfo.
    #[serde(with = "blob")]
    pub public_key: Vec<u8>,
    /// The ARN of the KMS key that encrypted the private key.
    pub key_id: String,
    /// The kind of pair.
    pub key_pair_spec: String,
}

impl GenerateDataKeyPairResponse {
    /// The response for `pair`, whose private key is encrypted under the
    /// key `key_arn`.
    pub fn from_pair(pair: &response::DataKeyPair, key_arn: impl Into<String>) -> Self {
        Self {
            private_key_ciphertext_blob: pair.private_key_ciphertext_blob.clone(),
            private_key_plaintext: pair.private_key_plaintext.clone(),
            public_key: pair.public_key.clone(),
            key_id: key_arn.into(),
            key_pair_spec: spelling(pair.key_pair_spec),
        }
    }
}

/// The response to `GenerateDataKeyPairWithoutPlaintext`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GenerateDataKeyPairWithoutPlaintextResponse {
    /// The private key (PKCS#8 DER) encrypted under the KMS key.
    #[serde(with = "blob")]
    pub private_key_ciphertext_blob: Vec<u8>,
    /// The public key, DER SubjectPublicKeyInfo.
    #[serde(with = "blob")]
    pub public_key: Vec<u8>,
    /// The ARN of the KMS key that encrypted the private key.
    pub key_id: String,
    /// The kind of pair.
    pub key_pair_spec: String,
}

impl GenerateDataKeyPairWithoutPlaintextResponse {
    /// The response for `pair`, whose private key is encrypted under the
    /// key `key_arn`.
    pub fn from_pair(pair: &response::EncryptedDataKeyPair, key_arn: impl Into<String>) -> Self {
        Self {
            private_key_ciphertext_blob: pair.private_key_ciphertext_blob.clone(),
            public_key: pair.public_key.clone(),
            key_id: key_arn.into(),
            key_pair_spec: spelling(pair.key_pair_spec),
        }
    }
}
