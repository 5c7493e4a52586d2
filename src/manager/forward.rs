//! `KeyManager` for `Arc<K>`, `Box<K>` and `&K`: every method forwards,
//! the provided ones included (`clippy::missing_trait_methods` is denied
//! here, so a method added to the trait cannot be left to its default), so
//! a wrapper around a provider behaves exactly as the provider.

use std::sync::Arc;

use super::KeyManager;
use crate::key::{KeyMetadata, ListAliasesPage, ListKeysPage, ListResourceTagsPage};
use crate::request::{
    CreateAliasRequest, CreateKeyRequest, DecryptRequest, EnableKeyRotationRequest, EncryptRequest,
    GenerateDataKeyPairRequest, GenerateDataKeyRequest, GenerateMacRequest, GenerateRandomRequest,
    GetParametersForImportRequest, ImportKeyMaterialRequest, ImportPublicKeyRequest,
    ListAliasesRequest, ListKeyRotationsRequest, ListKeysRequest, ListResourceTagsRequest,
    ReEncryptRequest, ScheduleKeyDeletionRequest, SetMinimumDecryptionVersionRequest, SignRequest,
    TagResourceRequest, UntagResourceRequest, UpdateAliasRequest, UpdateKeyDescriptionRequest,
    VerifyMacRequest, VerifyRequest,
};
use crate::response::{
    DataKey, DataKeyPair, DecryptResponse, EncryptResponse, EncryptedDataKey, EncryptedDataKeyPair,
    ImportParameters, KeyRotation, KeyRotationStatus, ListKeyRotationsPage, MacResponse,
    PublicKeyInfo, ReEncryptResponse, SignResponse, VerifyMacResponse, VerifyResponse,
};
use crate::secret::SecretBytes;

/// Calls `$callback!` with `$target` and every method of the trait: the
/// required ones, then the provided ones. The one list of the trait's
/// methods with their argument and result types, shared by the
/// implementations that forward.
macro_rules! with_key_manager_methods {
    ($callback:ident!($($mode:tt)*)) => {
        $crate::manager::$callback!(($($mode)*);
            required: [
            create_key(request: CreateKeyRequest) -> KeyMetadata;
            describe_key(key_id: &str) -> KeyMetadata;
            list_keys(request: ListKeysRequest) -> ListKeysPage;
            enable_key(key_id: &str) -> ();
            disable_key(key_id: &str) -> ();
            update_key_description(request: UpdateKeyDescriptionRequest) -> ();
            schedule_key_deletion(request: ScheduleKeyDeletionRequest) -> KeyMetadata;
            cancel_key_deletion(key_id: &str) -> KeyMetadata;
            create_alias(request: CreateAliasRequest) -> ();
            update_alias(request: UpdateAliasRequest) -> ();
            delete_alias(alias_name: &str) -> ();
            list_aliases(request: ListAliasesRequest) -> ListAliasesPage;
            tag_resource(request: TagResourceRequest) -> ();
            untag_resource(request: UntagResourceRequest) -> ();
            list_resource_tags(request: ListResourceTagsRequest) -> ListResourceTagsPage;
            encrypt(request: EncryptRequest) -> EncryptResponse;
            decrypt(request: DecryptRequest) -> DecryptResponse;
            re_encrypt(request: ReEncryptRequest) -> ReEncryptResponse;
            generate_data_key(request: GenerateDataKeyRequest) -> DataKey;
            generate_data_key_pair(request: GenerateDataKeyPairRequest) -> DataKeyPair;
            sign(request: SignRequest) -> SignResponse;
            verify(request: VerifyRequest) -> VerifyResponse;
            get_public_key(key_id: &str) -> PublicKeyInfo;
            generate_mac(request: GenerateMacRequest) -> MacResponse;
            verify_mac(request: VerifyMacRequest) -> VerifyMacResponse;
            generate_random(request: GenerateRandomRequest) -> SecretBytes;
            enable_key_rotation(request: EnableKeyRotationRequest) -> ();
            disable_key_rotation(key_id: &str) -> ();
            get_key_rotation_status(key_id: &str) -> KeyRotationStatus;
            list_key_rotations(request: ListKeyRotationsRequest) -> ListKeyRotationsPage;
            rotate_key_on_demand(key_id: &str) -> KeyRotation;
            set_minimum_decryption_version(request: SetMinimumDecryptionVersionRequest) -> ();
            get_parameters_for_import(request: GetParametersForImportRequest) -> ImportParameters;
            import_key_material(request: ImportKeyMaterialRequest) -> ();
            delete_imported_key_material(key_id: &str) -> ();
            import_public_key(request: ImportPublicKeyRequest) -> ();
            ]
            provided: [
            generate_data_key_without_plaintext(request: GenerateDataKeyRequest) -> EncryptedDataKey;
            generate_data_key_pair_without_plaintext(request: GenerateDataKeyPairRequest) -> EncryptedDataKeyPair;
            ]
        );
    };
}

pub(crate) use with_key_manager_methods;

/// Methods that forward to the same method of a target: `deref` (what
/// `self` points at) or `engine` (the local engine). `all` forwards the
/// provided methods too, `required` leaves them to their defaults.
macro_rules! forwarding_methods {
    (($which:ident $how:ident); required: [$($name:ident($arg:ident: $ty:ty) -> $out:ty;)+]
     provided: [$($pname:ident($parg:ident: $pty:ty) -> $pout:ty;)+]) => {
        $crate::manager::forwarding_methods!(@each $how; $($name($arg: $ty) -> $out;)+);
        $crate::manager::forwarding_methods!(@provided $which $how; $($pname($parg: $pty) -> $pout;)+);
    };
    (@provided all $how:ident; $($methods:tt)+) => {
        $crate::manager::forwarding_methods!(@each $how; $($methods)+);
    };
    (@provided required $how:ident; $($methods:tt)+) => {};
    (@each $how:ident; $($name:ident($arg:ident: $ty:ty) -> $out:ty;)+) => {$(
        fn $name(&self, $arg: $ty) -> $crate::Result<$out> {
            $crate::manager::forwarding_methods!(@target self $how).$name($arg)
        }
    )+};
    (@target $self:ident deref) => { ::std::ops::Deref::deref($self) };
    (@target $self:ident engine) => { $self.engine };
}

pub(crate) use forwarding_methods;

/// Implements `KeyManager` for a pointer type by forwarding every method
/// to the key manager it points at.
macro_rules! forward_pointer {
    ($($pointer:ty),+) => {$(
        #[deny(clippy::missing_trait_methods)]
        impl<K: KeyManager + ?Sized> KeyManager for $pointer {
            with_key_manager_methods!(forwarding_methods!(all deref));
        }
    )+};
}

forward_pointer!(Arc<K>, Box<K>, &K);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{InMemory, KeySpec};

    /// A key created through one pointer is seen through the others.
    #[test]
    fn every_pointer_reaches_the_same_provider() {
        let kms = Arc::new(InMemory::new());
        let boxed: Box<dyn KeyManager> = Box::new(Arc::clone(&kms));
        let key = boxed
            .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
            .unwrap();
        let by_ref: &dyn KeyManager = &&*kms;
        assert_eq!(by_ref.describe_key(key.key_id.as_str()).unwrap(), key);
    }
}
