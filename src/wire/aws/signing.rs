//! The shapes of the signing, MAC and key agreement operations: `Sign`,
//! `Verify`, `GetPublicKey`, `GenerateMac`, `VerifyMac`, `DeriveSharedSecret`.
//!
//! As with the encryption shapes, the constructors take the key's ARN,
//! which AWS returns as the `KeyId`.

use serde::{Deserialize, Serialize};

use super::encoding::{blob, spelling, spellings};
use crate::response;

/// The response to `Sign`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SignResponse {
    /// The ARN of the key that signed.
    pub key_id: String,
    /// The signature.
    #[serde(with = "blob")]
    pub signature: Vec<u8>,
    /// The algorithm used.
    pub signing_algorithm: String,
}

impl SignResponse {
    /// The response for `response`, made by the key `key_arn`.
    pub fn from_response(response: &response::SignResponse, key_arn: impl Into<String>) -> Self {
        Self {
            key_id: key_arn.into(),
            signature: response.signature.clone(),
            signing_algorithm: spelling(response.signing_algorithm),
        }
    }
}

/// The response to `Verify` for a signature that verified (one that does
/// not is an error, `KMSInvalidSignatureException`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct VerifyResponse {
    /// The ARN of the key that verified.
    pub key_id: String,
    /// Whether the signature verified.
    pub signature_valid: bool,
    /// The algorithm used.
    pub signing_algorithm: String,
}

impl VerifyResponse {
    /// The response for `response`, made by the key `key_arn`.
    pub fn from_response(response: &response::VerifyResponse, key_arn: impl Into<String>) -> Self {
        Self {
            key_id: key_arn.into(),
            signature_valid: true,
            signing_algorithm: spelling(response.signing_algorithm),
        }
    }
}

/// The response to `GetPublicKey`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetPublicKeyResponse {
    /// The key's ARN.
    pub key_id: String,
    /// The public key, DER SubjectPublicKeyInfo.
    #[serde(with = "blob")]
    pub public_key: Vec<u8>,
    /// The deprecated twin of `KeySpec`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_master_key_spec: Option<String>,
    /// The key spec.
    pub key_spec: String,
    /// The key usage.
    pub key_usage: String,
    /// The encryption algorithms (absent unless `ENCRYPT_DECRYPT`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub encryption_algorithms: Vec<String>,
    /// The signing algorithms (absent unless `SIGN_VERIFY`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signing_algorithms: Vec<String>,
    /// The key agreement algorithms (absent unless `KEY_AGREEMENT`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_agreement_algorithms: Vec<String>,
}

impl GetPublicKeyResponse {
    /// The response for `info`, the public key of the key `key_arn`.
    /// `CustomerMasterKeySpec` is the key spec where that deprecated member
    /// has a name for it.
    pub fn from_public_key(info: &response::PublicKeyInfo, key_arn: impl Into<String>) -> Self {
        Self {
            key_id: key_arn.into(),
            public_key: info.public_key.clone(),
            customer_master_key_spec: super::keys::customer_master_key_spec(info.key_spec),
            key_spec: spelling(info.key_spec),
            key_usage: spelling(info.key_usage),
            encryption_algorithms: spellings(&info.encryption_algorithms),
            signing_algorithms: spellings(&info.signing_algorithms),
            key_agreement_algorithms: spellings(&info.key_agreement_algorithms),
        }
    }
}

/// The response to `DeriveSharedSecret`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DeriveSharedSecretResponse {
    /// The ARN of the key whose private key took part.
    pub key_id: String,
    /// The raw shared secret.
    #[serde(with = "blob")]
    pub shared_secret: Vec<u8>,
    /// The algorithm used.
    pub key_agreement_algorithm: String,
    /// Where the key's material came from.
    pub key_origin: String,
}

impl DeriveSharedSecretResponse {
    /// The response for `response`, made with the key `key_arn`.
    pub fn from_response(
        response: &response::DeriveSharedSecretResponse,
        key_arn: impl Into<String>,
    ) -> Self {
        Self {
            key_id: key_arn.into(),
            shared_secret: response.shared_secret.expose_secret().to_vec(),
            key_agreement_algorithm: spelling(response.key_agreement_algorithm),
            key_origin: spelling(response.key_origin),
        }
    }
}

/// The response to `GenerateMac`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GenerateMacResponse {
    /// The MAC.
    #[serde(with = "blob")]
    pub mac: Vec<u8>,
    /// The algorithm used.
    pub mac_algorithm: String,
    /// The ARN of the key that computed it.
    pub key_id: String,
}

impl GenerateMacResponse {
    /// The response for `response`, made by the key `key_arn`.
    pub fn from_response(response: &response::MacResponse, key_arn: impl Into<String>) -> Self {
        Self {
            mac: response.mac.clone(),
            mac_algorithm: spelling(response.mac_algorithm),
            key_id: key_arn.into(),
        }
    }
}

/// The response to `VerifyMac` for a MAC that verified (one that does not
/// is an error, `KMSInvalidMacException`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct VerifyMacResponse {
    /// The ARN of the key that verified.
    pub key_id: String,
    /// Whether the MAC verified.
    pub mac_valid: bool,
    /// The algorithm used.
    pub mac_algorithm: String,
}

impl VerifyMacResponse {
    /// The response for `response`, made by the key `key_arn`.
    pub fn from_response(
        response: &response::VerifyMacResponse,
        key_arn: impl Into<String>,
    ) -> Self {
        Self {
            key_id: key_arn.into(),
            mac_valid: true,
            mac_algorithm: spelling(response.mac_algorithm),
        }
    }
}
