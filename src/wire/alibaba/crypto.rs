//! The shapes of the cryptographic actions: `Encrypt`, `Decrypt`,
//! `ReEncrypt`, `AsymmetricEncrypt`, `AsymmetricDecrypt`, `AsymmetricSign`,
//! `AsymmetricVerify`, `GetPublicKey`, `GenerateMac`, `VerifyMac`.
//!
//! Binary values travel as base64 text and the shapes keep them so
//! (`Plaintext`, `CiphertextBlob`, `Digest`, `Value`, `Message`, `Mac`); an
//! encryption context is a JSON object string (read it with
//! [`parse_encryption_context`](super::parse_encryption_context), write it
//! with [`format_encryption_context`](super::format_encryption_context)).
//! The asymmetric actions name the material version by its `KeyVersionId`
//! ([`key_version_id`](super::key_version_id)); `AsymmetricSign` and
//! `AsymmetricVerify` take the message's digest, never the message.
//! `DryRun` (`true`/`false`) asks KMS to check the request without doing
//! it. `Recipient` (an attestation document, for answers encrypted to a
//! trusted execution environment) is sent in the form body, not the query.

use serde::{Deserialize, Serialize};

use super::parameters::lenient;
use super::values::format_encryption_context;
use crate::EncryptionContext;

/// The parameters of `Encrypt`.
///
/// ```
/// use polykms::EncryptionContext;
/// use polykms::wire::alibaba::{EncryptRequest, to_parameters};
///
/// let context: EncryptionContext = [("purpose".to_string(), "test".to_string())].into_iter().collect();
/// let request = EncryptRequest::new("alias/app", "aGVsbG8=").encryption_context(&context);
/// assert_eq!(to_parameters(&request)[0], ("EncryptionContext".to_string(), r#"{"purpose":"test"}"#.to_string()));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct EncryptRequest {
    /// Check the request without encrypting.
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
    /// The plaintext, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plaintext: Option<String>,
}

impl EncryptRequest {
    /// Encrypts `plaintext` (base64) under `key_id`.
    pub fn new(key_id: impl Into<String>, plaintext: impl Into<String>) -> Self {
        Self {
            key_id: Some(key_id.into()),
            plaintext: Some(plaintext.into()),
            ..Self::default()
        }
    }

    /// Binds the ciphertext to `context`.
    pub fn encryption_context(mut self, context: &EncryptionContext) -> Self {
        self.encryption_context = Some(format_encryption_context(context));
        self
    }
}

/// The parameters of `Decrypt` (no key: the ciphertext names it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DecryptRequest {
    /// The ciphertext, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ciphertext_blob: Option<String>,
    /// Check the request without decrypting.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub dry_run: Option<bool>,
    /// The encryption context, a JSON object string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_context: Option<String>,
    /// An attestation document to encrypt the plaintext to (form body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
}

impl DecryptRequest {
    /// Decrypts `ciphertext_blob` (base64).
    pub fn new(ciphertext_blob: impl Into<String>) -> Self {
        Self {
            ciphertext_blob: Some(ciphertext_blob.into()),
            ..Self::default()
        }
    }

    /// The context the ciphertext is bound to.
    pub fn encryption_context(mut self, context: &EncryptionContext) -> Self {
        self.encryption_context = Some(format_encryption_context(context));
        self
    }
}

/// The parameters of `ReEncrypt`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ReEncryptRequest {
    /// The ciphertext, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ciphertext_blob: Option<String>,
    /// The context to bind the new ciphertext to, a JSON object string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_encryption_context: Option<String>,
    /// The key to encrypt under: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_key_id: Option<String>,
    /// Check the request without re-encrypting.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub dry_run: Option<bool>,
    /// For a ciphertext made with a public key: the algorithm
    /// (`RSAES_OAEP_SHA_256`, `RSAES_OAEP_SHA_1`, `SM2PKE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_encryption_algorithm: Option<String>,
    /// The context the ciphertext is bound to, a JSON object string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_encryption_context: Option<String>,
    /// For a ciphertext made with a public key: the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_key_id: Option<String>,
    /// For a ciphertext made with a public key: the key's version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_key_version_id: Option<String>,
}

impl ReEncryptRequest {
    /// Decrypts `ciphertext_blob` (base64) and encrypts the plaintext again
    /// under `destination_key_id`.
    pub fn new(ciphertext_blob: impl Into<String>, destination_key_id: impl Into<String>) -> Self {
        Self {
            ciphertext_blob: Some(ciphertext_blob.into()),
            destination_key_id: Some(destination_key_id.into()),
            ..Self::default()
        }
    }

    /// The context the ciphertext is bound to.
    pub fn source_encryption_context(mut self, context: &EncryptionContext) -> Self {
        self.source_encryption_context = Some(format_encryption_context(context));
        self
    }

    /// The context to bind the new ciphertext to.
    pub fn destination_encryption_context(mut self, context: &EncryptionContext) -> Self {
        self.destination_encryption_context = Some(format_encryption_context(context));
        self
    }
}

/// The parameters of `AsymmetricEncrypt`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AsymmetricEncryptRequest {
    /// `RSAES_OAEP_SHA_256`, `RSAES_OAEP_SHA_1` or `SM2PKE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// Check the request without encrypting.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub dry_run: Option<bool>,
    /// The key: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The material version's `KeyVersionId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_version_id: Option<String>,
    /// The plaintext, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plaintext: Option<String>,
}

impl AsymmetricEncryptRequest {
    /// Encrypts `plaintext` (base64) with version `key_version_id` of
    /// `key_id` and `algorithm`.
    pub fn new(
        key_id: impl Into<String>,
        key_version_id: impl Into<String>,
        algorithm: impl Into<String>,
        plaintext: impl Into<String>,
    ) -> Self {
        Self {
            algorithm: Some(algorithm.into()),
            dry_run: None,
            key_id: Some(key_id.into()),
            key_version_id: Some(key_version_id.into()),
            plaintext: Some(plaintext.into()),
        }
    }
}

/// The parameters of `AsymmetricDecrypt`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AsymmetricDecryptRequest {
    /// `RSAES_OAEP_SHA_256`, `RSAES_OAEP_SHA_1` or `SM2PKE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// The ciphertext, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ciphertext_blob: Option<String>,
    /// Check the request without decrypting.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub dry_run: Option<bool>,
    /// The key: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The material version's `KeyVersionId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_version_id: Option<String>,
    /// An attestation document to encrypt the plaintext to (form body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
}

impl AsymmetricDecryptRequest {
    /// Decrypts `ciphertext_blob` (base64) with version `key_version_id`
    /// of `key_id` and `algorithm`.
    pub fn new(
        key_id: impl Into<String>,
        key_version_id: impl Into<String>,
        algorithm: impl Into<String>,
        ciphertext_blob: impl Into<String>,
    ) -> Self {
        Self {
            algorithm: Some(algorithm.into()),
            ciphertext_blob: Some(ciphertext_blob.into()),
            key_id: Some(key_id.into()),
            key_version_id: Some(key_version_id.into()),
            ..Self::default()
        }
    }
}

/// The parameters of `AsymmetricSign`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AsymmetricSignRequest {
    /// `RSA_PSS_SHA_256`, `RSA_PKCS1_SHA_256`, `ECDSA_SHA_256`, `SM2DSA`, ….
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// The message's digest, base64 (for `SM2DSA`, SM3 over Z_A and the
    /// message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// Check the request without signing.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub dry_run: Option<bool>,
    /// The key: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The material version's `KeyVersionId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_version_id: Option<String>,
}

impl AsymmetricSignRequest {
    /// Signs `digest` (base64) with version `key_version_id` of `key_id`
    /// and `algorithm`.
    pub fn new(
        key_id: impl Into<String>,
        key_version_id: impl Into<String>,
        algorithm: impl Into<String>,
        digest: impl Into<String>,
    ) -> Self {
        Self {
            algorithm: Some(algorithm.into()),
            digest: Some(digest.into()),
            dry_run: None,
            key_id: Some(key_id.into()),
            key_version_id: Some(key_version_id.into()),
        }
    }
}

/// The parameters of `AsymmetricVerify`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AsymmetricVerifyRequest {
    /// The signing algorithm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// The message's digest, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// Check the request without verifying.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub dry_run: Option<bool>,
    /// The key: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The material version's `KeyVersionId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_version_id: Option<String>,
    /// The signature, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl AsymmetricVerifyRequest {
    /// Verifies the signature `value` (base64) of `digest` (base64) with
    /// version `key_version_id` of `key_id` and `algorithm`.
    pub fn new(
        key_id: impl Into<String>,
        key_version_id: impl Into<String>,
        algorithm: impl Into<String>,
        digest: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        Self {
            algorithm: Some(algorithm.into()),
            digest: Some(digest.into()),
            dry_run: None,
            key_id: Some(key_id.into()),
            key_version_id: Some(key_version_id.into()),
            value: Some(value.into()),
        }
    }
}

/// The parameters of `GetPublicKey`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetPublicKeyRequest {
    /// Check the request without answering the key.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub dry_run: Option<bool>,
    /// The key: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The material version's `KeyVersionId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_version_id: Option<String>,
}

impl GetPublicKeyRequest {
    /// The public key of version `key_version_id` of `key_id`.
    pub fn new(key_id: impl Into<String>, key_version_id: impl Into<String>) -> Self {
        Self {
            dry_run: None,
            key_id: Some(key_id.into()),
            key_version_id: Some(key_version_id.into()),
        }
    }
}

/// The parameters of `GenerateMac`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GenerateMacRequest {
    /// `HMAC_SHA_256`, `HMAC_SHA_384`, `HMAC_SHA_512`, `HMAC_SHA_224` or
    /// `HMAC_SM3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// Check the request without computing.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub dry_run: Option<bool>,
    /// The key: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The message, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl GenerateMacRequest {
    /// The MAC of `message` (base64) with `key_id` and `algorithm`.
    pub fn new(
        key_id: impl Into<String>,
        algorithm: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            algorithm: Some(algorithm.into()),
            dry_run: None,
            key_id: Some(key_id.into()),
            message: Some(message.into()),
        }
    }
}

/// The parameters of `VerifyMac`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct VerifyMacRequest {
    /// The MAC algorithm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// Check the request without verifying.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub dry_run: Option<bool>,
    /// The key: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The MAC, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<String>,
    /// The message, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl VerifyMacRequest {
    /// Checks `mac` (base64) against `message` (base64) with `key_id` and
    /// `algorithm`.
    pub fn new(
        key_id: impl Into<String>,
        algorithm: impl Into<String>,
        message: impl Into<String>,
        mac: impl Into<String>,
    ) -> Self {
        Self {
            algorithm: Some(algorithm.into()),
            dry_run: None,
            key_id: Some(key_id.into()),
            mac: Some(mac.into()),
            message: Some(message.into()),
        }
    }
}

/// An answer carrying a ciphertext: `Encrypt`, `ReEncrypt`,
/// `AsymmetricEncrypt`, `GenerateDataKeyWithoutPlaintext`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct CiphertextResponse {
    /// The ciphertext, base64.
    #[serde(default)]
    pub ciphertext_blob: String,
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

impl CiphertextResponse {
    /// `ciphertext_blob` (base64), made by version `key_version_id` of
    /// `key_id`, answering the request `request_id`.
    pub fn new(
        ciphertext_blob: impl Into<String>,
        key_id: impl Into<String>,
        key_version_id: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            ciphertext_blob: ciphertext_blob.into(),
            key_id: key_id.into(),
            key_version_id: key_version_id.into(),
            request_id: request_id.into(),
        }
    }
}

/// The answer to `Encrypt`.
pub type EncryptResponse = CiphertextResponse;
/// The answer to `ReEncrypt`.
pub type ReEncryptResponse = CiphertextResponse;
/// The answer to `AsymmetricEncrypt`.
pub type AsymmetricEncryptResponse = CiphertextResponse;

/// An answer carrying a plaintext: `Decrypt`, `AsymmetricDecrypt`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct PlaintextResponse {
    /// The plaintext encrypted to the request's `Recipient`, base64 (only
    /// when one was given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ciphertext_for_recipient: Option<String>,
    /// The key's id.
    #[serde(default)]
    pub key_id: String,
    /// The `KeyVersionId` of the material version that decrypted.
    #[serde(default)]
    pub key_version_id: String,
    /// The plaintext, base64.
    #[serde(default)]
    pub plaintext: String,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
}

impl PlaintextResponse {
    /// `plaintext` (base64), decrypted by version `key_version_id` of
    /// `key_id`, answering the request `request_id`.
    pub fn new(
        plaintext: impl Into<String>,
        key_id: impl Into<String>,
        key_version_id: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            ciphertext_for_recipient: None,
            key_id: key_id.into(),
            key_version_id: key_version_id.into(),
            plaintext: plaintext.into(),
            request_id: request_id.into(),
        }
    }
}

/// The answer to `Decrypt`.
pub type DecryptResponse = PlaintextResponse;
/// The answer to `AsymmetricDecrypt`.
pub type AsymmetricDecryptResponse = PlaintextResponse;

/// The answer to `AsymmetricSign`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AsymmetricSignResponse {
    /// The key's id.
    #[serde(default)]
    pub key_id: String,
    /// The `KeyVersionId` of the material version that signed.
    #[serde(default)]
    pub key_version_id: String,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
    /// The signature, base64 (DER for ECDSA and SM2DSA).
    #[serde(default)]
    pub value: String,
}

impl AsymmetricSignResponse {
    /// The signature `value` (base64) by version `key_version_id` of
    /// `key_id`, answering the request `request_id`.
    pub fn new(
        value: impl Into<String>,
        key_id: impl Into<String>,
        key_version_id: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            key_id: key_id.into(),
            key_version_id: key_version_id.into(),
            request_id: request_id.into(),
            value: value.into(),
        }
    }
}

/// The answer to `AsymmetricVerify`: `Value` is a JSON boolean.
///
/// ```
/// use polykms::wire::alibaba::AsymmetricVerifyResponse;
///
/// let answer = AsymmetricVerifyResponse::new(true, "k1", "v1", "r-1");
/// assert_eq!(serde_json::to_value(&answer).unwrap()["Value"], true);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AsymmetricVerifyResponse {
    /// The key's id.
    #[serde(default)]
    pub key_id: String,
    /// The `KeyVersionId` of the material version that verified.
    #[serde(default)]
    pub key_version_id: String,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
    /// Whether the signature is valid.
    #[serde(default)]
    pub value: bool,
}

impl AsymmetricVerifyResponse {
    /// Whether the signature is valid (`value`) for version
    /// `key_version_id` of `key_id`, answering the request `request_id`.
    pub fn new(
        value: bool,
        key_id: impl Into<String>,
        key_version_id: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            key_id: key_id.into(),
            key_version_id: key_version_id.into(),
            request_id: request_id.into(),
            value,
        }
    }
}

/// The answer to `GetPublicKey`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetPublicKeyResponse {
    /// The key's id.
    #[serde(default)]
    pub key_id: String,
    /// The material version's `KeyVersionId`.
    #[serde(default)]
    pub key_version_id: String,
    /// The public key, PEM (`-----BEGIN PUBLIC KEY-----`, X.509
    /// SubjectPublicKeyInfo).
    #[serde(default)]
    pub public_key: String,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
}

impl GetPublicKeyResponse {
    /// The PEM `public_key` of version `key_version_id` of `key_id`,
    /// answering the request `request_id`.
    pub fn new(
        public_key: impl Into<String>,
        key_id: impl Into<String>,
        key_version_id: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            key_id: key_id.into(),
            key_version_id: key_version_id.into(),
            public_key: public_key.into(),
            request_id: request_id.into(),
        }
    }
}

/// The answer to `GenerateMac`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GenerateMacResponse {
    /// The MAC algorithm.
    #[serde(default)]
    pub algorithm: String,
    /// The key's id.
    #[serde(default)]
    pub key_id: String,
    /// The MAC, base64.
    #[serde(default)]
    pub mac: String,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
}

impl GenerateMacResponse {
    /// The `mac` (base64) made with `key_id` and `algorithm`, answering the
    /// request `request_id`.
    pub fn new(
        mac: impl Into<String>,
        key_id: impl Into<String>,
        algorithm: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            algorithm: algorithm.into(),
            key_id: key_id.into(),
            mac: mac.into(),
            request_id: request_id.into(),
        }
    }
}

/// The answer to `VerifyMac`: `Value` is a JSON boolean.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct VerifyMacResponse {
    /// The MAC algorithm.
    #[serde(default)]
    pub algorithm: String,
    /// The key's id.
    #[serde(default)]
    pub key_id: String,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
    /// Whether the MAC is valid.
    #[serde(default)]
    pub value: bool,
}

impl VerifyMacResponse {
    /// Whether the MAC is valid (`value`) for `key_id` and `algorithm`,
    /// answering the request `request_id`.
    pub fn new(
        value: bool,
        key_id: impl Into<String>,
        algorithm: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            algorithm: algorithm.into(),
            key_id: key_id.into(),
            request_id: request_id.into(),
            value,
        }
    }
}

#[cfg(test)]
mod tests;
