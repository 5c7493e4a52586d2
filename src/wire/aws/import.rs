//! The shapes of the import operations: `GetParametersForImport`.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::encoding::{blob, epoch_seconds};
use crate::response;

/// The response to `GetParametersForImport`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetParametersForImportResponse {
    /// The ARN of the key the material is for.
    pub key_id: String,
    /// The token to hand back with the wrapped material.
    #[serde(with = "blob")]
    pub import_token: Vec<u8>,
    /// The wrapping public key, DER SubjectPublicKeyInfo.
    #[serde(with = "blob")]
    pub public_key: Vec<u8>,
    /// When the token and wrapping key expire.
    #[serde(with = "epoch_seconds")]
    pub parameters_valid_to: SystemTime,
}

impl GetParametersForImportResponse {
    /// The response for `params`, issued for the key `key_arn`.
    pub fn from_parameters(
        params: &response::ImportParameters,
        key_arn: impl Into<String>,
    ) -> Self {
        Self {
            key_id: key_arn.into(),
            import_token: params.import_token.clone(),
            public_key: params.public_key.clone(),
            parameters_valid_to: params.parameters_valid_to,
        }
    }
}
