//! The shapes of the data key actions: `GenerateDataKey`,
//! `GenerateDataKeyWithoutPlaintext`, `GenerateAndExportDataKey`,
//! `ExportDataKey`.
//!
//! A data key's length is `KeySpec` (`AES_256`, `AES_128`) or
//! `NumberOfBytes` (1 to 1024; it wins when both are given; 32 bytes when
//! neither is). Plaintexts and ciphertexts are base64. The two export
//! actions encrypt the data key to a caller's public key: `PublicKeyBlob`
//! (base64 DER), of `WrappingKeySpec` (`RSA_2048`, `EC_SM2`), with
//! `WrappingAlgorithm` (`RSAES_OAEP_SHA_256`, `RSAES_OAEP_SHA_1`,
//! `SM2PKE`), and answer it as `ExportedDataKey`.

use serde::{Deserialize, Serialize};

use super::crypto::CiphertextResponse;
use super::parameters::lenient;
use super::values::format_encryption_context;
use crate::EncryptionContext;

/// The parameters of `GenerateDataKey`.
///
/// ```
/// use polykms::wire::alibaba::{GenerateDataKeyRequest, to_parameters};
///
/// let request = GenerateDataKeyRequest::new("alias/app").number_of_bytes(32);
/// assert_eq!(to_parameters(&request), [
///     ("KeyId".to_string(), "alias/app".to_string()),
///     ("NumberOfBytes".to_string(), "32".to_string()),
/// ]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GenerateDataKeyRequest {
    /// Check the request without generating.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub dry_run: Option<bool>,
    /// The encryption context, a JSON object string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_context: Option<String>,
    /// The key: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// `AES_256` or `AES_128`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<String>,
    /// The data key's length in bytes, 1 to 1024.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_int"
    )]
    pub number_of_bytes: Option<i64>,
    /// An attestation document to encrypt the plaintext to (form body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
}

impl GenerateDataKeyRequest {
    /// A data key under `key_id`, of Alibaba's default length.
    pub fn new(key_id: impl Into<String>) -> Self {
        Self {
            key_id: Some(key_id.into()),
            ..Self::default()
        }
    }

    /// Asks for `bytes` bytes.
    pub fn number_of_bytes(mut self, bytes: i64) -> Self {
        self.number_of_bytes = Some(bytes);
        self
    }

    /// Asks for the length of `key_spec` (`AES_256`, `AES_128`).
    pub fn key_spec(mut self, key_spec: impl Into<String>) -> Self {
        self.key_spec = Some(key_spec.into());
        self
    }

    /// Binds the ciphertext to `context`.
    pub fn encryption_context(mut self, context: &EncryptionContext) -> Self {
        self.encryption_context = Some(format_encryption_context(context));
        self
    }
}

/// The parameters of `GenerateDataKeyWithoutPlaintext`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GenerateDataKeyWithoutPlaintextRequest {
    /// Check the request without generating.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub dry_run: Option<bool>,
    /// The encryption context, a JSON object string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_context: Option<String>,
    /// The key: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// `AES_256` or `AES_128`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<String>,
    /// The data key's length in bytes, 1 to 1024.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_int"
    )]
    pub number_of_bytes: Option<i64>,
}

impl GenerateDataKeyWithoutPlaintextRequest {
    /// A data key under `key_id`, of Alibaba's default length.
    pub fn new(key_id: impl Into<String>) -> Self {
        Self {
            key_id: Some(key_id.into()),
            ..Self::default()
        }
    }

    /// Asks for `bytes` bytes.
    pub fn number_of_bytes(mut self, bytes: i64) -> Self {
        self.number_of_bytes = Some(bytes);
        self
    }

    /// Asks for the length of `key_spec` (`AES_256`, `AES_128`).
    pub fn key_spec(mut self, key_spec: impl Into<String>) -> Self {
        self.key_spec = Some(key_spec.into());
        self
    }

    /// Binds the ciphertext to `context`.
    pub fn encryption_context(mut self, context: &EncryptionContext) -> Self {
        self.encryption_context = Some(format_encryption_context(context));
        self
    }
}

/// The parameters of `GenerateAndExportDataKey`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GenerateAndExportDataKeyRequest {
    /// Check the request without generating.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub dry_run: Option<bool>,
    /// The encryption context, a JSON object string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_context: Option<String>,
    /// The key: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// `AES_256` or `AES_128`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<String>,
    /// The data key's length in bytes, 1 to 1024.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_int"
    )]
    pub number_of_bytes: Option<i64>,
    /// The public key to export the data key to, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_blob: Option<String>,
    /// `RSAES_OAEP_SHA_256`, `RSAES_OAEP_SHA_1` or `SM2PKE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapping_algorithm: Option<String>,
    /// The public key's spec: `RSA_2048` or `EC_SM2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapping_key_spec: Option<String>,
}

impl GenerateAndExportDataKeyRequest {
    /// A data key under `key_id`, also encrypted to `public_key_blob`
    /// (base64, of `wrapping_key_spec`) with `wrapping_algorithm`.
    pub fn new(
        key_id: impl Into<String>,
        public_key_blob: impl Into<String>,
        wrapping_key_spec: impl Into<String>,
        wrapping_algorithm: impl Into<String>,
    ) -> Self {
        Self {
            key_id: Some(key_id.into()),
            public_key_blob: Some(public_key_blob.into()),
            wrapping_algorithm: Some(wrapping_algorithm.into()),
            wrapping_key_spec: Some(wrapping_key_spec.into()),
            ..Self::default()
        }
    }

    /// Asks for `bytes` bytes.
    pub fn number_of_bytes(mut self, bytes: i64) -> Self {
        self.number_of_bytes = Some(bytes);
        self
    }

    /// Asks for the length of `key_spec` (`AES_256`, `AES_128`).
    pub fn key_spec(mut self, key_spec: impl Into<String>) -> Self {
        self.key_spec = Some(key_spec.into());
        self
    }

    /// Binds the ciphertext to `context`.
    pub fn encryption_context(mut self, context: &EncryptionContext) -> Self {
        self.encryption_context = Some(format_encryption_context(context));
        self
    }
}

/// The parameters of `ExportDataKey`: a data key's ciphertext, decrypted
/// and encrypted again to a caller's public key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ExportDataKeyRequest {
    /// The data key's ciphertext, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ciphertext_blob: Option<String>,
    /// Check the request without exporting.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub dry_run: Option<bool>,
    /// The encryption context the ciphertext is bound to, a JSON object
    /// string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_context: Option<String>,
    /// The public key to export the data key to, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_blob: Option<String>,
    /// `RSAES_OAEP_SHA_256`, `RSAES_OAEP_SHA_1` or `SM2PKE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapping_algorithm: Option<String>,
    /// The public key's spec: `RSA_2048` or `EC_SM2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapping_key_spec: Option<String>,
}

impl ExportDataKeyRequest {
    /// Exports the data key of `ciphertext_blob` (base64) to
    /// `public_key_blob` (base64, of `wrapping_key_spec`) with
    /// `wrapping_algorithm`.
    pub fn new(
        ciphertext_blob: impl Into<String>,
        public_key_blob: impl Into<String>,
        wrapping_key_spec: impl Into<String>,
        wrapping_algorithm: impl Into<String>,
    ) -> Self {
        Self {
            ciphertext_blob: Some(ciphertext_blob.into()),
            dry_run: None,
            encryption_context: None,
            public_key_blob: Some(public_key_blob.into()),
            wrapping_algorithm: Some(wrapping_algorithm.into()),
            wrapping_key_spec: Some(wrapping_key_spec.into()),
        }
    }

    /// The context the ciphertext is bound to.
    pub fn encryption_context(mut self, context: &EncryptionContext) -> Self {
        self.encryption_context = Some(format_encryption_context(context));
        self
    }
}

/// The answer to `GenerateDataKey`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GenerateDataKeyResponse {
    /// The data key encrypted under the key, base64.
    #[serde(default)]
    pub ciphertext_blob: String,
    /// The data key encrypted to the request's `Recipient`, base64 (only
    /// when one was given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ciphertext_for_recipient: Option<String>,
    /// The key's id.
    #[serde(default)]
    pub key_id: String,
    /// The `KeyVersionId` of the material version that encrypted.
    #[serde(default)]
    pub key_version_id: String,
    /// The data key, base64.
    #[serde(default)]
    pub plaintext: String,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
}

impl GenerateDataKeyResponse {
    /// The data key `plaintext` (base64) and its `ciphertext_blob`
    /// (base64) under version `key_version_id` of `key_id`, answering the
    /// request `request_id`.
    pub fn new(
        plaintext: impl Into<String>,
        ciphertext_blob: impl Into<String>,
        key_id: impl Into<String>,
        key_version_id: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            ciphertext_blob: ciphertext_blob.into(),
            ciphertext_for_recipient: None,
            key_id: key_id.into(),
            key_version_id: key_version_id.into(),
            plaintext: plaintext.into(),
            request_id: request_id.into(),
        }
    }
}

/// The answer to `GenerateDataKeyWithoutPlaintext`: the ciphertext only.
pub type GenerateDataKeyWithoutPlaintextResponse = CiphertextResponse;

/// The answer to `GenerateAndExportDataKey`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GenerateAndExportDataKeyResponse {
    /// The data key encrypted under the key, base64.
    #[serde(default)]
    pub ciphertext_blob: String,
    /// The data key encrypted to the request's public key, base64.
    #[serde(default)]
    pub exported_data_key: String,
    /// The key's id.
    #[serde(default)]
    pub key_id: String,
    /// The `KeyVersionId` of the material version that encrypted.
    #[serde(default)]
    pub key_version_id: String,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
}

impl GenerateAndExportDataKeyResponse {
    /// The data key as `ciphertext_blob` (base64, under version
    /// `key_version_id` of `key_id`) and as `exported_data_key` (base64),
    /// answering the request `request_id`.
    pub fn new(
        ciphertext_blob: impl Into<String>,
        exported_data_key: impl Into<String>,
        key_id: impl Into<String>,
        key_version_id: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            ciphertext_blob: ciphertext_blob.into(),
            exported_data_key: exported_data_key.into(),
            key_id: key_id.into(),
            key_version_id: key_version_id.into(),
            request_id: request_id.into(),
        }
    }
}

/// The answer to `ExportDataKey`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ExportDataKeyResponse {
    /// The data key encrypted to the request's public key, base64.
    #[serde(default)]
    pub exported_data_key: String,
    /// The id of the key that had encrypted the data key.
    #[serde(default)]
    pub key_id: String,
    /// The `KeyVersionId` of the material version that had encrypted it.
    #[serde(default)]
    pub key_version_id: String,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
}

impl ExportDataKeyResponse {
    /// The data key as `exported_data_key` (base64), from a ciphertext of
    /// version `key_version_id` of `key_id`, answering the request
    /// `request_id`.
    pub fn new(
        exported_data_key: impl Into<String>,
        key_id: impl Into<String>,
        key_version_id: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            exported_data_key: exported_data_key.into(),
            key_id: key_id.into(),
            key_version_id: key_version_id.into(),
            request_id: request_id.into(),
        }
    }
}

#[cfg(test)]
mod tests;
