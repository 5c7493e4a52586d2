//! The shapes of the key material import actions: `GetParametersForImport`,
//! `ImportKeyMaterial`, `DeleteKeyMaterial`.
//!
//! `GetParametersForImport` answers a wrapping public key (base64 DER,
//! unlike `GetPublicKey`'s PEM), an import token, and when the token
//! expires (ISO 8601 UTC, 24 hours on). `ImportKeyMaterial` takes the
//! material encrypted to that key (base64) and when the material expires
//! (`KeyMaterialExpireUnix`, seconds since the epoch; 0 or absent for
//! never).

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::encoding::format_timestamp;
use super::keys::{KeyIdRequest, RequestIdResponse};
use super::parameters::lenient;
use super::values::InvalidParameter;

/// The parameters of `GetParametersForImport`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetParametersForImportRequest {
    /// The key (of origin `EXTERNAL`): its id or ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// How the material will be wrapped: `RSAES_OAEP_SHA_256`,
    /// `RSAES_OAEP_SHA_1`, `RSAES_PKCS1_V1_5`, `SM2PKE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapping_algorithm: Option<String>,
    /// The wrapping key's spec: `RSA_2048` or `EC_SM2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapping_key_spec: Option<String>,
}

impl GetParametersForImportRequest {
    /// The parameters to import material into `key_id`, wrapped with a
    /// `wrapping_key_spec` key and `wrapping_algorithm`.
    pub fn new(
        key_id: impl Into<String>,
        wrapping_key_spec: impl Into<String>,
        wrapping_algorithm: impl Into<String>,
    ) -> Self {
        Self {
            key_id: Some(key_id.into()),
            wrapping_algorithm: Some(wrapping_algorithm.into()),
            wrapping_key_spec: Some(wrapping_key_spec.into()),
        }
    }
}

/// The answer to `GetParametersForImport`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetParametersForImportResponse {
    /// The token to give `ImportKeyMaterial`.
    #[serde(default)]
    pub import_token: String,
    /// The key's id.
    #[serde(default)]
    pub key_id: String,
    /// The wrapping public key, base64 DER (SubjectPublicKeyInfo).
    #[serde(default)]
    pub public_key: String,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
    /// When the token expires, ISO 8601 UTC.
    #[serde(default)]
    pub token_expire_time: String,
}

impl GetParametersForImportResponse {
    /// The wrapping `public_key` (base64 DER) and `import_token` for
    /// `key_id`, valid until `token_expires`, answering the request
    /// `request_id`.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use polykms::wire::alibaba::GetParametersForImportResponse;
    ///
    /// let expires = UNIX_EPOCH + Duration::from_secs(1_714_651_200);
    /// let answer = GetParametersForImportResponse::new("k1", "TUZrd0V3", "token", expires, "r-1");
    /// assert_eq!(answer.token_expire_time, "2024-05-02T12:00:00Z");
    /// ```
    pub fn new(
        key_id: impl Into<String>,
        public_key: impl Into<String>,
        import_token: impl Into<String>,
        token_expires: SystemTime,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            import_token: import_token.into(),
            key_id: key_id.into(),
            public_key: public_key.into(),
            request_id: request_id.into(),
            token_expire_time: format_timestamp(token_expires),
        }
    }
}

/// The parameters of `ImportKeyMaterial`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ImportKeyMaterialRequest {
    /// The material, encrypted to the wrapping public key, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted_key_material: Option<String>,
    /// The token from `GetParametersForImport`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_token: Option<String>,
    /// The key: its id or ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// When the material expires, seconds since the epoch (0: never).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_int"
    )]
    pub key_material_expire_unix: Option<i64>,
}

impl ImportKeyMaterialRequest {
    /// Imports `encrypted_key_material` (base64) into `key_id` with
    /// `import_token`; the material never expires.
    pub fn new(
        key_id: impl Into<String>,
        import_token: impl Into<String>,
        encrypted_key_material: impl Into<String>,
    ) -> Self {
        Self {
            encrypted_key_material: Some(encrypted_key_material.into()),
            import_token: Some(import_token.into()),
            key_id: Some(key_id.into()),
            key_material_expire_unix: Some(0),
        }
    }

    /// The material expires at `expires` (whole seconds).
    pub fn expires(mut self, expires: SystemTime) -> Self {
        let seconds = expires
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        self.key_material_expire_unix = Some(i64::try_from(seconds).unwrap_or(i64::MAX));
        self
    }

    /// When the material expires: `None` for never (absent or 0); a
    /// negative number is refused.
    pub fn expiry(&self) -> Result<Option<SystemTime>, InvalidParameter> {
        match self.key_material_expire_unix {
            None | Some(0) => Ok(None),
            Some(seconds) => u64::try_from(seconds)
                .map(|s| Some(SystemTime::UNIX_EPOCH + Duration::from_secs(s)))
                .map_err(|_| InvalidParameter {
                    parameter: "KeyMaterialExpireUnix",
                    reason: format!("{seconds} is before 1970"),
                }),
        }
    }
}

/// The parameters of `DeleteKeyMaterial`: the key.
pub type DeleteKeyMaterialRequest = KeyIdRequest;

/// The answer to `ImportKeyMaterial`.
pub type ImportKeyMaterialResponse = RequestIdResponse;
/// The answer to `DeleteKeyMaterial`.
pub type DeleteKeyMaterialResponse = RequestIdResponse;

#[cfg(test)]
mod tests;
