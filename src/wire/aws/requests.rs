//! The request shapes, one per operation (see the [module](super) docs).

/// Declares a request whose only member is the key (`KeyId`).
macro_rules! key_request {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
        #[serde(rename_all = "PascalCase", default)]
        #[non_exhaustive]
        pub struct $name {
            /// The key: key id, key ARN, alias name or alias ARN (required).
            pub key_id: Option<String>,
        }
    };
}

mod aliases;
mod crypto;
mod import;
mod keys;
mod rotation;
mod signing;

pub use aliases::{
    CreateAliasRequest, DeleteAliasRequest, ListAliasesRequest, ListResourceTagsRequest,
    TagResourceRequest, UntagResourceRequest, UpdateAliasRequest,
};
pub use crypto::{
    DecryptRequest, EncryptRequest, GenerateDataKeyPairRequest,
    GenerateDataKeyPairWithoutPlaintextRequest, GenerateDataKeyRequest,
    GenerateDataKeyWithoutPlaintextRequest, GenerateRandomRequest, ReEncryptRequest, RecipientInfo,
};
pub use import::{
    DeleteImportedKeyMaterialRequest, GetParametersForImportRequest, ImportKeyMaterialRequest,
    ImportPublicKeyRequest,
};
pub use keys::{
    CancelKeyDeletionRequest, CreateKeyRequest, DescribeKeyRequest, DisableKeyRequest,
    EnableKeyRequest, GetKeyLastUsageRequest, ListKeysRequest, ScheduleKeyDeletionRequest,
    UpdateKeyDescriptionRequest,
};
pub use rotation::{
    DisableKeyRotationRequest, EnableKeyRotationRequest, GetKeyRotationStatusRequest,
    ListKeyRotationsRequest, RotateKeyOnDemandRequest, SetMinimumDecryptionVersionRequest,
};
pub use signing::{
    DeriveSharedSecretRequest, GenerateMacRequest, GetPublicKeyRequest, SignRequest,
    VerifyMacRequest, VerifyRequest,
};
