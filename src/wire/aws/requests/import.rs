//! The requests of the import operations: `GetParametersForImport`,
//! `ImportKeyMaterial`, `DeleteImportedKeyMaterial`, and the extension
//! `PolyKms.ImportPublicKey`.

use std::time::SystemTime;

use serde::Deserialize;

use crate::wire::aws::encoding::{option_blob, option_epoch_seconds};

/// The request of `GetParametersForImport`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct GetParametersForImportRequest {
    /// The key, with origin `EXTERNAL`: key id or key ARN (required).
    pub key_id: Option<String>,
    /// How the material will be wrapped (`RSAES_OAEP_SHA_256`, …; required).
    pub wrapping_algorithm: Option<String>,
    /// The kind of wrapping key (`RSA_2048`, …; required).
    pub wrapping_key_spec: Option<String>,
}

/// The request of `ImportKeyMaterial`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct ImportKeyMaterialRequest {
    /// The key: key id or key ARN (required).
    pub key_id: Option<String>,
    /// The token from `GetParametersForImport`, 1–6144 bytes (required).
    #[serde(deserialize_with = "option_blob::deserialize")]
    pub import_token: Option<Vec<u8>>,
    /// The wrapped material, 1–6144 bytes (required).
    #[serde(deserialize_with = "option_blob::deserialize")]
    pub encrypted_key_material: Option<Vec<u8>>,
    /// When the material expires (with `KEY_MATERIAL_EXPIRES`).
    #[serde(deserialize_with = "option_epoch_seconds::deserialize")]
    pub valid_to: Option<SystemTime>,
    /// `KEY_MATERIAL_EXPIRES` or `KEY_MATERIAL_DOES_NOT_EXPIRE`.
    pub expiration_model: Option<String>,
    /// `NEW_KEY_MATERIAL` or `EXISTING_KEY_MATERIAL`.
    pub import_type: Option<String>,
    /// A description of the material (0–256 characters).
    pub key_material_description: Option<String>,
    /// The id of the material being imported again (64 hex digits).
    pub key_material_id: Option<String>,
}

/// The request of `DeleteImportedKeyMaterial`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct DeleteImportedKeyMaterialRequest {
    /// The key: key id or key ARN (required).
    pub key_id: Option<String>,
    /// Which material to delete (64 hex digits; the current one when absent).
    pub key_material_id: Option<String>,
}

/// The request of the extension `PolyKms.ImportPublicKey` (see
/// [`KeyManager::import_public_key`](crate::KeyManager::import_public_key)):
/// a public key alone, imported into an asymmetric key with origin
/// `EXTERNAL`, which then verifies (or encrypts) for a private key held
/// elsewhere.
///
/// ```
/// use polykms::wire::aws;
///
/// let body = r#"{"KeyId": "alias/partner", "PublicKey": "MFkw"}"#;
/// let request: aws::ImportPublicKeyRequest = serde_json::from_str(body).unwrap();
/// assert_eq!(request.public_key.unwrap(), [0x30, 0x59, 0x30]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct ImportPublicKeyRequest {
    /// The key: key id, key ARN, alias name or alias ARN (required).
    pub key_id: Option<String>,
    /// The public key, DER SubjectPublicKeyInfo (required).
    #[serde(deserialize_with = "option_blob::deserialize")]
    pub public_key: Option<Vec<u8>>,
}
