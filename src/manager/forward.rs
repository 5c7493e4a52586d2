//! `KeyManager` and `AsyncKeyManager` for `Arc<K>`, `Box<K>` and `&K`:
//! every method forwards, the provided ones included
//! (`clippy::missing_trait_methods` is denied here, so a method added to a
//! trait cannot be left to its default), so a wrapper around a provider
//! behaves exactly as the provider.

use std::sync::Arc;

use super::{AsyncKeyManager, KeyManager};

/// Calls `$callback!` (a macro path) with its mode and every method of the
/// trait: the required ones, then the provided ones. The one list of the
/// trait's methods with their argument and result types, shared by the
/// implementations that forward, the async twin
/// ([`AsyncKeyManager`](crate::AsyncKeyManager)) and its implementations.
///
/// Each method is marked `read` (it only reads the store) or `write` (it
/// changes it). The borrows of its arguments have the lifetime given after
/// the callback (`'_` when none is), so that an async method can tie its
/// future to them.
macro_rules! with_key_manager_methods {
    ($($callback:ident)::+ !($($mode:tt)*)) => {
        $crate::manager::with_key_manager_methods!($($callback)::+!($($mode)*) '_);
    };
    ($($callback:ident)::+ !($($mode:tt)*) $lt:lifetime) => {
        $($callback)::+!(($($mode)*) $lt;
            required: [
            write create_key(request: $crate::CreateKeyRequest) -> $crate::KeyMetadata;
            read describe_key(key_id: &$lt str) -> $crate::KeyMetadata;
            read list_keys(request: $crate::ListKeysRequest) -> $crate::ListKeysPage;
            write enable_key(key_id: &$lt str) -> ();
            write disable_key(key_id: &$lt str) -> ();
            write update_key_description(request: $crate::UpdateKeyDescriptionRequest) -> ();
            write schedule_key_deletion(request: $crate::ScheduleKeyDeletionRequest) -> $crate::KeyMetadata;
            write cancel_key_deletion(key_id: &$lt str) -> $crate::KeyMetadata;
            write create_alias(request: $crate::CreateAliasRequest) -> ();
            write update_alias(request: $crate::UpdateAliasRequest) -> ();
            write delete_alias(alias_name: &$lt str) -> ();
            read list_aliases(request: $crate::ListAliasesRequest) -> $crate::ListAliasesPage;
            write tag_resource(request: $crate::TagResourceRequest) -> ();
            write untag_resource(request: $crate::UntagResourceRequest) -> ();
            read list_resource_tags(request: $crate::ListResourceTagsRequest) -> $crate::ListResourceTagsPage;
            read encrypt(request: $crate::EncryptRequest<$lt>) -> $crate::EncryptResponse;
            read decrypt(request: $crate::DecryptRequest<$lt>) -> $crate::DecryptResponse;
            read re_encrypt(request: $crate::ReEncryptRequest<$lt>) -> $crate::ReEncryptResponse;
            read generate_data_key(request: $crate::GenerateDataKeyRequest<$lt>) -> $crate::DataKey;
            read generate_data_key_pair(request: $crate::GenerateDataKeyPairRequest<$lt>) -> $crate::DataKeyPair;
            read sign(request: $crate::SignRequest<$lt>) -> $crate::SignResponse;
            read verify(request: $crate::VerifyRequest<$lt>) -> $crate::VerifyResponse;
            read get_public_key(key_id: &$lt str) -> $crate::PublicKeyInfo;
            read generate_mac(request: $crate::GenerateMacRequest<$lt>) -> $crate::MacResponse;
            read verify_mac(request: $crate::VerifyMacRequest<$lt>) -> $crate::VerifyMacResponse;
            read generate_random(request: $crate::GenerateRandomRequest) -> $crate::SecretBytes;
            read derive_shared_secret(request: $crate::DeriveSharedSecretRequest<$lt>) -> $crate::DeriveSharedSecretResponse;
            read get_key_last_usage(key_id: &$lt str) -> $crate::KeyLastUsage;
            write enable_key_rotation(request: $crate::EnableKeyRotationRequest) -> ();
            write disable_key_rotation(key_id: &$lt str) -> ();
            read get_key_rotation_status(key_id: &$lt str) -> $crate::KeyRotationStatus;
            read list_key_rotations(request: $crate::ListKeyRotationsRequest) -> $crate::ListKeyRotationsPage;
            write rotate_key_on_demand(key_id: &$lt str) -> $crate::KeyRotation;
            write set_minimum_decryption_version(request: $crate::SetMinimumDecryptionVersionRequest) -> ();
            write get_parameters_for_import(request: $crate::GetParametersForImportRequest) -> $crate::ImportParameters;
            write import_key_material(request: $crate::ImportKeyMaterialRequest) -> ();
            write delete_imported_key_material(key_id: &$lt str) -> ();
            write import_public_key(request: $crate::ImportPublicKeyRequest) -> ();
            ]
            provided: [
            read generate_data_key_without_plaintext(request: $crate::GenerateDataKeyRequest<$lt>) -> $crate::EncryptedDataKey;
            read generate_data_key_pair_without_plaintext(request: $crate::GenerateDataKeyPairRequest<$lt>) -> $crate::EncryptedDataKeyPair;
            ]
        );
    };
}

pub(crate) use with_key_manager_methods;

/// Methods that forward to the same method of a target: `deref` (what
/// `self` points at) or `engine` (the local engine). `all` forwards the
/// provided methods too, `required` leaves them to their defaults.
macro_rules! forwarding_methods {
    (($which:ident $how:ident) $lt:lifetime;
     required: [$($kind:ident $name:ident($arg:ident: $ty:ty) -> $out:ty;)+]
     provided: [$($pkind:ident $pname:ident($parg:ident: $pty:ty) -> $pout:ty;)+]) => {
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

/// [`AsyncKeyManager`] methods that forward every method, the provided
/// ones included, to what `self` points at, returning its future as is.
macro_rules! async_forwarding_methods {
    (() $lt:lifetime; required: [$($required:tt)+] provided: [$($provided:tt)+]) => {
        async_forwarding_methods!(@each $lt; $($required)+ $($provided)+);
    };
    (@each $lt:lifetime; $($kind:ident $name:ident($arg:ident: $ty:ty) -> $out:ty;)+) => {$(
        fn $name<$lt>(&$lt self, $arg: $ty) -> $crate::BoxFuture<$lt, $crate::Result<$out>> {
            AsyncKeyManager::$name(::std::ops::Deref::deref(self), $arg)
        }
    )+};
}

/// Implements `KeyManager` and `AsyncKeyManager` for a pointer type by
/// forwarding every method to the key manager it points at.
macro_rules! forward_pointer {
    ($($pointer:ty),+) => {$(
        #[deny(clippy::missing_trait_methods)]
        impl<K: KeyManager + ?Sized> KeyManager for $pointer {
            with_key_manager_methods!(forwarding_methods!(all deref));
        }

        #[deny(clippy::missing_trait_methods)]
        impl<K: AsyncKeyManager + ?Sized> AsyncKeyManager for $pointer {
            with_key_manager_methods!(async_forwarding_methods!() 'a);
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
