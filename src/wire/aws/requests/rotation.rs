//! The requests of the rotation operations: `EnableKeyRotation`,
//! `DisableKeyRotation`, `GetKeyRotationStatus`, `ListKeyRotations`,
//! `RotateKeyOnDemand`, and the extension
//! `PolyKms.SetMinimumDecryptionVersion`.

use serde::Deserialize;

/// The request of `EnableKeyRotation`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct EnableKeyRotationRequest {
    /// The key: key id or key ARN (required).
    pub key_id: Option<String>,
    /// The rotation period in days, 90–2560 (365 when absent).
    pub rotation_period_in_days: Option<i32>,
}

key_request! {
    /// The request of `DisableKeyRotation`.
    DisableKeyRotationRequest
}

key_request! {
    /// The request of `GetKeyRotationStatus`.
    GetKeyRotationStatusRequest
}

/// The request of `ListKeyRotations`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct ListKeyRotationsRequest {
    /// The key: key id or key ARN (required).
    pub key_id: Option<String>,
    /// Which materials to list: `ROTATIONS_ONLY` (when absent) or
    /// `ALL_KEY_MATERIAL`.
    pub include_key_material: Option<String>,
    /// Rotations per page (1–1000).
    pub limit: Option<i32>,
    /// The `NextMarker` of the previous page.
    pub marker: Option<String>,
}

key_request! {
    /// The request of `RotateKeyOnDemand`.
    RotateKeyOnDemandRequest
}

/// The request of the extension `PolyKms.SetMinimumDecryptionVersion` (see
/// [`KeyManager::set_minimum_decryption_version`](crate::KeyManager::set_minimum_decryption_version)):
/// material versions below `MinimumVersion` no longer decrypt or verify.
///
/// ```
/// use polykms::wire::aws;
///
/// let body = r#"{"KeyId": "alias/app", "MinimumVersion": 2}"#;
/// let request: aws::SetMinimumDecryptionVersionRequest = serde_json::from_str(body).unwrap();
/// assert_eq!(request.minimum_version, Some(2));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct SetMinimumDecryptionVersionRequest {
    /// The key: key id, key ARN, alias name or alias ARN (required).
    pub key_id: Option<String>,
    /// The oldest material version that still decrypts, 1 to the key's
    /// current version (required).
    pub minimum_version: Option<i32>,
}
