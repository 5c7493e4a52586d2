//! The shapes of the import operations: `GetParametersForImport`,
//! `ImportKeyMaterial`, `DeleteImportedKeyMaterial`; and of the extensions
//! `PolyKms.ImportPublicKey` and `PolyKms.SetMinimumDecryptionVersion`.

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

/// Declares a response whose only member is the key's ARN (`KeyId`).
macro_rules! key_arn_response {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "PascalCase")]
        #[non_exhaustive]
        pub struct $name {
            /// The key's ARN.
            pub key_id: String,
        }

        impl $name {
            /// The response naming the key `key_arn`.
            pub fn new(key_arn: impl Into<String>) -> Self {
                Self {
                    key_id: key_arn.into(),
                }
            }
        }
    };
}

key_arn_response! {
    /// The response to `ImportKeyMaterial`. (AWS also returns the
    /// `KeyMaterialId` it assigns; key material has no ids here.)
    ImportKeyMaterialResponse
}

key_arn_response! {
    /// The response to `DeleteImportedKeyMaterial`. (AWS also returns the
    /// `KeyMaterialId` of the deleted material; key material has no ids
    /// here.)
    DeleteImportedKeyMaterialResponse
}

key_arn_response! {
    /// The response to the extension `PolyKms.ImportPublicKey`.
    ImportPublicKeyResponse
}

key_arn_response! {
    /// The response to the extension `PolyKms.SetMinimumDecryptionVersion`.
    SetMinimumDecryptionVersionResponse
}
