//! `KeyManager` for `Arc<K>`, `Box<K>` and `&K`: every method forwards,
//! the provided ones included (`clippy::missing_trait_methods` is denied
//! here, so a method added to the trait cannot be left to its default), so
//! a wrapper around a provider behaves exactly as the provider.

use std::sync::Arc;

use super::KeyManager;

/// Calls `$callback!` with `$target` and every method of the trait: the
/// required ones, then the provided ones. The one list of the trait's
/// methods with their argument and result types, shared by the
/// implementations that forward.
macro_rules! with_key_manager_methods {
    ($callback:ident!($($mode:tt)*)) => {
        $crate::manager::$callback!(($($mode)*);
            required: [
            create_key(request: $crate::CreateKeyRequest) -> $crate::KeyMetadata;
            describe_key(key_id: &str) -> $crate::KeyMetadata;
            list_keys(request: $crate::ListKeysRequest) -> $crate::ListKeysPage;
            enable_key(key_id: &str) -> ();
            disable_key(key_id: &str) -> ();
            update_key_description(request: $crate::UpdateKeyDescriptionRequest) -> ();
            schedule_key_deletion(request: $crate::ScheduleKeyDeletionRequest) -> $crate::KeyMetadata;
            cancel_key_deletion(key_id: &str) -> $crate::KeyMetadata;
            create_alias(request: $crate::CreateAliasRequest) -> ();
            update_alias(request: $crate::UpdateAliasRequest) -> ();
            delete_alias(alias_name: &str) -> ();
            list_aliases(request: $crate::ListAliasesRequest) -> $crate::ListAliasesPage;
            tag_resource(request: $crate::TagResourceRequest) -> ();
            untag_resource(request: $crate::UntagResourceRequest) -> ();
            list_resource_tags(request: $crate::ListResourceTagsRequest) -> $crate::ListResourceTagsPage;
            encrypt(request: $crate::EncryptRequest<'_>) -> $crate::EncryptResponse;
            decrypt(request: $crate::DecryptRequest<'_>) -> $crate::DecryptResponse;
            re_encrypt(request: $crate::ReEncryptRequest<'_>) -> $crate::ReEncryptResponse;
            generate_data_key(request: $crate::GenerateDataKeyRequest<'_>) -> $crate::DataKey;
            generate_data_key_pair(request: $crate::GenerateDataKeyPairRequest<'_>) -> $crate::DataKeyPair;
            sign(request: $crate::SignRequest<'_>) -> $crate::SignResponse;
            verify(request: $crate::VerifyRequest<'_>) -> $crate::VerifyResponse;
            get_public_key(key_id: &str) -> $crate::PublicKeyInfo;
            generate_mac(request: $crate::GenerateMacRequest<'_>) -> $crate::MacResponse;
            verify_mac(request: $crate::VerifyMacRequest<'_>) -> $crate::VerifyMacResponse;
            generate_random(request: $crate::GenerateRandomRequest) -> $crate::SecretBytes;
            enable_key_rotation(request: $crate::EnableKeyRotationRequest) -> ();
            disable_key_rotation(key_id: &str) -> ();
            get_key_rotation_status(key_id: &str) -> $crate::KeyRotationStatus;
            list_key_rotations(request: $crate::ListKeyRotationsRequest) -> $crate::ListKeyRotationsPage;
            rotate_key_on_demand(key_id: &str) -> $crate::KeyRotation;
            set_minimum_decryption_version(request: $crate::SetMinimumDecryptionVersionRequest) -> ();
            get_parameters_for_import(request: $crate::GetParametersForImportRequest) -> $crate::ImportParameters;
            import_key_material(request: $crate::ImportKeyMaterialRequest) -> ();
            delete_imported_key_material(key_id: &str) -> ();
            import_public_key(request: $crate::ImportPublicKeyRequest) -> ();
            ]
            provided: [
            generate_data_key_without_plaintext(request: $crate::GenerateDataKeyRequest<'_>) -> $crate::EncryptedDataKey;
            generate_data_key_pair_without_plaintext(request: $crate::GenerateDataKeyPairRequest<'_>) -> $crate::EncryptedDataKeyPair;
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
    use crate::{CreateKeyRequest, InMemory, KeySpec};

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
