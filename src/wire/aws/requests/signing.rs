//! The requests of the signing, MAC and key agreement operations: `Sign`,
//! `Verify`, `GetPublicKey`, `GenerateMac`, `VerifyMac`, `DeriveSharedSecret`.

use serde::Deserialize;

use crate::secret::SecretBytes;
use crate::wire::aws::encoding::{option_blob, option_secret_blob};

/// The request of `Sign`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct SignRequest {
    /// The key: key id, key ARN, alias name or alias ARN (required).
    pub key_id: Option<String>,
    /// The message or digest, 1–4096 bytes (required).
    #[serde(deserialize_with = "option_secret_blob::deserialize")]
    pub message: Option<SecretBytes>,
    /// `RAW` (when absent) or `DIGEST`.
    pub message_type: Option<String>,
    /// Grant tokens (0–10).
    pub grant_tokens: Option<Vec<String>>,
    /// The signing algorithm (required).
    pub signing_algorithm: Option<String>,
    /// Only check that the request would succeed.
    pub dry_run: Option<bool>,
}

/// The request of `Verify`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct VerifyRequest {
    /// The key: key id, key ARN, alias name or alias ARN (required).
    pub key_id: Option<String>,
    /// The message or digest as signed, 1–4096 bytes (required).
    #[serde(deserialize_with = "option_secret_blob::deserialize")]
    pub message: Option<SecretBytes>,
    /// `RAW` (when absent) or `DIGEST`.
    pub message_type: Option<String>,
    /// The signature, 1–6144 bytes (required).
    #[serde(deserialize_with = "option_blob::deserialize")]
    pub signature: Option<Vec<u8>>,
    /// The signing algorithm (required).
    pub signing_algorithm: Option<String>,
    /// Grant tokens (0–10).
    pub grant_tokens: Option<Vec<String>>,
    /// Only check that the request would succeed.
    pub dry_run: Option<bool>,
}

/// The request of `DeriveSharedSecret`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct DeriveSharedSecretRequest {
    /// The KEY_AGREEMENT key: key id, key ARN, alias name or alias ARN (required).
    pub key_id: Option<String>,
    /// `ECDH` (required).
    pub key_agreement_algorithm: Option<String>,
    /// The peer's public key, DER SubjectPublicKeyInfo, 1–8192 bytes (required).
    #[serde(deserialize_with = "option_blob::deserialize")]
    pub public_key: Option<Vec<u8>>,
    /// Grant tokens (0–10).
    pub grant_tokens: Option<Vec<String>>,
    /// Only check that the request would succeed.
    pub dry_run: Option<bool>,
    /// Where to encrypt the secret to (a Nitro enclave).
    pub recipient: Option<super::RecipientInfo>,
}

/// The request of `GetPublicKey`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct GetPublicKeyRequest {
    /// The key: key id, key ARN, alias name or alias ARN (required).
    pub key_id: Option<String>,
    /// Grant tokens (0–10).
    pub grant_tokens: Option<Vec<String>>,
}

/// The request of `GenerateMac`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct GenerateMacRequest {
    /// The message, 1–4096 bytes (required).
    #[serde(deserialize_with = "option_secret_blob::deserialize")]
    pub message: Option<SecretBytes>,
    /// The key: key id, key ARN, alias name or alias ARN (required).
    pub key_id: Option<String>,
    /// The MAC algorithm (required).
    pub mac_algorithm: Option<String>,
    /// Grant tokens (0–10).
    pub grant_tokens: Option<Vec<String>>,
    /// Only check that the request would succeed.
    pub dry_run: Option<bool>,
}

/// The request of `VerifyMac`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct VerifyMacRequest {
    /// The message, 1–4096 bytes (required).
    #[serde(deserialize_with = "option_secret_blob::deserialize")]
    pub message: Option<SecretBytes>,
    /// The key: key id, key ARN, alias name or alias ARN (required).
    pub key_id: Option<String>,
    /// The MAC algorithm (required).
    pub mac_algorithm: Option<String>,
    /// The MAC to check, 1–6144 bytes (required).
    #[serde(deserialize_with = "option_blob::deserialize")]
    pub mac: Option<Vec<u8>>,
    /// Grant tokens (0–10).
    pub grant_tokens: Option<Vec<String>>,
    /// Only check that the request would succeed.
    pub dry_run: Option<bool>,
}
