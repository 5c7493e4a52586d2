//! The [`KeyManager`] trait and its extension trait.

use std::fmt::Debug;

use crate::Result;
use crate::key::{AliasEntry, KeyListEntry, KeyMetadata, ListKeysPage, Tag};
use crate::request::{
    CreateKeyRequest, DecryptRequest, EncryptRequest, GenerateDataKeyPairRequest,
    GenerateDataKeyRequest, GenerateMacRequest, ImportKeyMaterialRequest, ListKeysRequest,
    ReEncryptRequest, SignRequest, VerifyMacRequest, VerifyRequest,
};
use crate::response::{
    DataKey, DataKeyPair, DecryptResponse, EncryptResponse, EncryptedDataKey, EncryptedDataKeyPair,
    ImportParameters, KeyRotation, KeyRotationStatus, MacResponse, PublicKeyInfo,
    ReEncryptResponse, SignResponse,
};
use crate::secret::SecretBytes;
use crate::spec::{WrappingAlgorithm, WrappingKeySpec};

/// A key management service: the operations of a cloud KMS, behind one trait.
///
/// The trait is synchronous and object-safe, so `Arc<dyn KeyManager>` can be
/// shared across threads and providers swapped. Wherever an operation takes a
/// key (`key_id`), any key reference works: the key id, an alias name
/// (`alias/…`), the key's resource name or an alias resource name.
///
/// Every operation checks, before doing any work, that the key exists, that
/// its state allows the operation (enabled; see [`Error::Disabled`] and
/// [`Error::InvalidState`]), that its usage does ([`Error::InvalidKeyUsage`]),
/// that the algorithm and message type fit the key's spec
/// ([`Error::UnsupportedAlgorithm`]) and that every size is within the limits
/// of [`limits`](crate::limits) ([`Error::InvalidArgument`]).
///
/// [`Error::Disabled`]: crate::Error::Disabled
/// [`Error::InvalidState`]: crate::Error::InvalidState
/// [`Error::InvalidKeyUsage`]: crate::Error::InvalidKeyUsage
/// [`Error::UnsupportedAlgorithm`]: crate::Error::UnsupportedAlgorithm
/// [`Error::InvalidArgument`]: crate::Error::InvalidArgument
pub trait KeyManager: Send + Sync + Debug + 'static {
    /// Creates a key (`CreateKey`), generating its material unless the
    /// origin is EXTERNAL, and optionally an alias for it.
    fn create_key(&self, request: CreateKeyRequest) -> Result<KeyMetadata>;

    /// Describes a key in any state (`DescribeKey`).
    fn describe_key(&self, key_id: &str) -> Result<KeyMetadata>;

    /// Lists keys a page at a time, ordered by key id (`ListKeys`).
    fn list_keys(&self, request: ListKeysRequest) -> Result<ListKeysPage>;

    /// Enables a disabled key (`EnableKey`).
    fn enable_key(&self, key_id: &str) -> Result<()>;

    /// Disables a key (`DisableKey`); it can be described but not used.
    fn disable_key(&self, key_id: &str) -> Result<()>;

    /// Replaces a key's description (`UpdateKeyDescription`).
    fn update_key_description(&self, key_id: &str, description: &str) -> Result<()>;

    /// Schedules deletion after a window of 7–30 days, 30 by default
    /// (`ScheduleKeyDeletion`). The key is unusable while pending and is gone,
    /// with its material and aliases, once the window has passed.
    fn schedule_key_deletion(
        &self,
        key_id: &str,
        pending_window_in_days: Option<u32>,
    ) -> Result<KeyMetadata>;

    /// Cancels a scheduled deletion; the key becomes disabled (`CancelKeyDeletion`).
    fn cancel_key_deletion(&self, key_id: &str) -> Result<KeyMetadata>;

    /// Creates an alias for a key named by id or resource name (`CreateAlias`).
    fn create_alias(&self, alias_name: &str, target_key_id: &str) -> Result<()>;

    /// Points an alias at another key of the same kind and usage (`UpdateAlias`).
    fn update_alias(&self, alias_name: &str, target_key_id: &str) -> Result<()>;

    /// Deletes an alias; the key is unaffected (`DeleteAlias`).
    fn delete_alias(&self, alias_name: &str) -> Result<()>;

    /// Lists every alias, or those of one key (`ListAliases`), ordered by name.
    fn list_aliases(&self, key_id: Option<&str>) -> Result<Vec<AliasEntry>>;

    /// Adds tags or replaces their values (`TagResource`).
    fn tag_resource(&self, key_id: &str, tags: &[Tag]) -> Result<()>;

    /// Removes tags by key (`UntagResource`).
    fn untag_resource(&self, key_id: &str, tag_keys: &[&str]) -> Result<()>;

    /// A key's tags, ordered by tag key (`ListResourceTags`).
    fn list_resource_tags(&self, key_id: &str) -> Result<Vec<Tag>>;

    /// Encrypts up to 4096 bytes with a symmetric key, or a small plaintext
    /// with an RSA (OAEP) or SM2 key (`Encrypt`).
    fn encrypt(&self, request: EncryptRequest<'_>) -> Result<EncryptResponse>;

    /// Decrypts (`Decrypt`). Symmetric blobs name their key; asymmetric
    /// ciphertexts need the key and algorithm.
    fn decrypt(&self, request: DecryptRequest<'_>) -> Result<DecryptResponse>;

    /// Decrypts and encrypts again under another key, without returning the
    /// plaintext (`ReEncrypt`).
    fn re_encrypt(&self, request: ReEncryptRequest<'_>) -> Result<ReEncryptResponse>;

    /// Generates a data key and its copy encrypted under a symmetric key
    /// (`GenerateDataKey`).
    fn generate_data_key(&self, request: GenerateDataKeyRequest<'_>) -> Result<DataKey>;

    /// Generates a data key returning only its encrypted copy
    /// (`GenerateDataKeyWithoutPlaintext`).
    fn generate_data_key_without_plaintext(
        &self,
        request: GenerateDataKeyRequest<'_>,
    ) -> Result<EncryptedDataKey> {
        let key = self.generate_data_key(request)?;
        Ok(EncryptedDataKey {
            ciphertext_blob: key.ciphertext_blob,
            key_id: key.key_id,
        })
    }

    /// Generates a key pair whose private key is also returned encrypted under
    /// a symmetric key (`GenerateDataKeyPair`).
    fn generate_data_key_pair(
        &self,
        request: GenerateDataKeyPairRequest<'_>,
    ) -> Result<DataKeyPair>;

    /// Generates a key pair returning the public key and the encrypted private
    /// key only (`GenerateDataKeyPairWithoutPlaintext`).
    fn generate_data_key_pair_without_plaintext(
        &self,
        request: GenerateDataKeyPairRequest<'_>,
    ) -> Result<EncryptedDataKeyPair> {
        let pair = self.generate_data_key_pair(request)?;
        Ok(EncryptedDataKeyPair {
            private_key_ciphertext_blob: pair.private_key_ciphertext_blob,
            public_key: pair.public_key,
            key_id: pair.key_id,
            key_pair_spec: pair.key_pair_spec,
        })
    }

    /// Signs a message or digest (`Sign`).
    fn sign(&self, request: SignRequest<'_>) -> Result<SignResponse>;

    /// Verifies a signature; a bad signature is [`Error::InvalidSignature`](crate::Error::InvalidSignature) (`Verify`).
    fn verify(&self, request: VerifyRequest<'_>) -> Result<()>;

    /// The public key of an asymmetric key, as DER SubjectPublicKeyInfo (`GetPublicKey`).
    fn get_public_key(&self, key_id: &str) -> Result<PublicKeyInfo>;

    /// Computes an HMAC (`GenerateMac`).
    fn generate_mac(&self, request: GenerateMacRequest<'_>) -> Result<MacResponse>;

    /// Verifies an HMAC in constant time; a bad MAC is [`Error::InvalidMac`](crate::Error::InvalidMac) (`VerifyMac`).
    fn verify_mac(&self, request: VerifyMacRequest<'_>) -> Result<()>;

    /// 1–1024 random bytes from the operating system (`GenerateRandom`).
    fn generate_random(&self, number_of_bytes: usize) -> Result<SecretBytes>;

    /// Turns on automatic rotation every `rotation_period_in_days` (7–2560,
    /// the union of the clouds' ranges; 365 by default), the first one that
    /// many days from now (`EnableKeyRotation`). Symmetric and HMAC keys
    /// generated here only: asymmetric keys and keys with imported material
    /// give [`Error::UnsupportedOperation`](crate::Error::UnsupportedOperation).
    /// The key must be enabled; turning rotation off
    /// ([`disable_key_rotation`](Self::disable_key_rotation)) works on a
    /// disabled key too.
    fn enable_key_rotation(&self, key_id: &str, rotation_period_in_days: Option<u32>)
    -> Result<()>;

    /// Turns automatic rotation off (`DisableKeyRotation`).
    fn disable_key_rotation(&self, key_id: &str) -> Result<()>;

    /// Whether the key rotates automatically, its period, next rotation date
    /// and current material version (`GetKeyRotationStatus`). Any key may
    /// be asked; keys that cannot rotate report rotation as disabled.
    fn get_key_rotation_status(&self, key_id: &str) -> Result<KeyRotationStatus>;

    /// Every rotation of the key, oldest first: the version it made, when,
    /// and whether automatic or on demand (`ListKeyRotations`).
    fn list_key_rotations(&self, key_id: &str) -> Result<Vec<KeyRotation>>;

    /// Rotates now: new material becomes the current version, which
    /// encrypts and MACs from now on; older versions still decrypt and
    /// verify (`RotateKeyOnDemand`). Same keys as
    /// [`enable_key_rotation`](Self::enable_key_rotation); the key must be
    /// enabled (a disabled key gives [`Error::Disabled`](crate::Error::Disabled)).
    fn rotate_key_on_demand(&self, key_id: &str) -> Result<KeyRotation>;

    /// Retires every material version below `version` (1 to the current
    /// version; 1 retires none): ciphertexts they made no longer decrypt
    /// ([`Error::VersionRetired`](crate::Error::VersionRetired)) and MACs
    /// they made no longer verify. Reversible by setting a lower version; the
    /// material is kept. Use it to cut off a compromised version after
    /// rotating and re-encrypting what matters (an extension; the clouds
    /// have no equivalent).
    fn set_minimum_decryption_version(&self, key_id: &str, version: u32) -> Result<()>;

    /// Issues a fresh wrapping public key and an import token, valid for 24
    /// hours, for importing material into a key with origin EXTERNAL
    /// (`GetParametersForImport`). A new call supersedes the previous
    /// parameters of the key. RSA wrapping keys take the RSA wrapping
    /// algorithms; an SM2 wrapping key takes `SM2PKE`.
    fn get_parameters_for_import(
        &self,
        key_id: &str,
        wrapping_algorithm: WrappingAlgorithm,
        wrapping_key_spec: WrappingKeySpec,
    ) -> Result<ImportParameters>;

    /// Imports wrapped key material (`ImportKeyMaterial`): the raw key for
    /// symmetric and HMAC specs, a PKCS#8 DER private key for asymmetric
    /// ones. A key awaiting import becomes enabled. A key takes one material
    /// for life: re-importing the same material (after it expired or was
    /// deleted, or to change its expiry) is allowed, different material is
    /// [`Error::IncorrectKeyMaterial`](crate::Error::IncorrectKeyMaterial).
    /// Token problems are [`Error::InvalidImportToken`](crate::Error::InvalidImportToken),
    /// [`Error::ExpiredImportToken`](crate::Error::ExpiredImportToken) and
    /// [`Error::ImportTokenForAnotherKey`](crate::Error::ImportTokenForAnotherKey);
    /// material problems are [`Error::InvalidKeyMaterial`](crate::Error::InvalidKeyMaterial).
    fn import_key_material(&self, request: ImportKeyMaterialRequest<'_>) -> Result<()>;

    /// Deletes imported key material; the key awaits import again and
    /// nothing it encrypted decrypts until the same material is imported
    /// (`DeleteImportedKeyMaterial`).
    fn delete_imported_key_material(&self, key_id: &str) -> Result<()>;

    /// Imports a public key alone (DER SubjectPublicKeyInfo) into an
    /// asymmetric key with origin EXTERNAL: the key then verifies signatures
    /// (or encrypts) for a private key held elsewhere, and refuses to sign or
    /// decrypt ([`Error::PublicKeyOnly`](crate::Error::PublicKeyOnly)). An
    /// extension: the clouds import private keys only. Public keys are not
    /// secret, so no wrapping or token is involved.
    fn import_public_key(&self, key_id: &str, public_key: &[u8]) -> Result<()>;
}

/// Conveniences built from [`KeyManager`]'s methods, for every key manager
/// (including `dyn KeyManager`).
pub trait KeyManagerExt: KeyManager {
    /// Every key, following the list markers page by page.
    fn list_all_keys(&self) -> Result<Vec<KeyListEntry>> {
        let mut all = Vec::new();
        let mut request = ListKeysRequest::new().limit(crate::limits::MAX_LIST_LIMIT);
        loop {
            let page = self.list_keys(request.clone())?;
            all.extend(page.keys);
            match page.next_marker {
                Some(marker) => request = request.marker(marker),
                None => return Ok(all),
            }
        }
    }
}

impl<T: KeyManager + ?Sized> KeyManagerExt for T {}

/// Implements [`KeyManager`] for a provider by delegating to its engine.
macro_rules! delegate_to_engine {
    ($provider:ty, $($engine:tt)+) => {
        impl $crate::KeyManager for $provider {
            fn create_key(&self, r: $crate::CreateKeyRequest) -> $crate::Result<$crate::KeyMetadata> { self.$($engine)+.create_key(r) }
            fn describe_key(&self, k: &str) -> $crate::Result<$crate::KeyMetadata> { self.$($engine)+.describe_key(k) }
            fn list_keys(&self, r: $crate::ListKeysRequest) -> $crate::Result<$crate::ListKeysPage> { self.$($engine)+.list_keys(r) }
            fn enable_key(&self, k: &str) -> $crate::Result<()> { self.$($engine)+.enable_key(k) }
            fn disable_key(&self, k: &str) -> $crate::Result<()> { self.$($engine)+.disable_key(k) }
            fn update_key_description(&self, k: &str, d: &str) -> $crate::Result<()> { self.$($engine)+.update_key_description(k, d) }
            fn schedule_key_deletion(&self, k: &str, w: Option<u32>) -> $crate::Result<$crate::KeyMetadata> { self.$($engine)+.schedule_key_deletion(k, w) }
            fn cancel_key_deletion(&self, k: &str) -> $crate::Result<$crate::KeyMetadata> { self.$($engine)+.cancel_key_deletion(k) }
            fn create_alias(&self, a: &str, k: &str) -> $crate::Result<()> { self.$($engine)+.create_alias(a, k) }
            fn update_alias(&self, a: &str, k: &str) -> $crate::Result<()> { self.$($engine)+.update_alias(a, k) }
            fn delete_alias(&self, a: &str) -> $crate::Result<()> { self.$($engine)+.delete_alias(a) }
            fn list_aliases(&self, k: Option<&str>) -> $crate::Result<Vec<$crate::AliasEntry>> { self.$($engine)+.list_aliases(k) }
            fn tag_resource(&self, k: &str, t: &[$crate::Tag]) -> $crate::Result<()> { self.$($engine)+.tag_resource(k, t) }
            fn untag_resource(&self, k: &str, t: &[&str]) -> $crate::Result<()> { self.$($engine)+.untag_resource(k, t) }
            fn list_resource_tags(&self, k: &str) -> $crate::Result<Vec<$crate::Tag>> { self.$($engine)+.list_resource_tags(k) }
            fn encrypt(&self, r: $crate::EncryptRequest<'_>) -> $crate::Result<$crate::EncryptResponse> { self.$($engine)+.encrypt(r) }
            fn decrypt(&self, r: $crate::DecryptRequest<'_>) -> $crate::Result<$crate::DecryptResponse> { self.$($engine)+.decrypt(r) }
            fn re_encrypt(&self, r: $crate::ReEncryptRequest<'_>) -> $crate::Result<$crate::ReEncryptResponse> { self.$($engine)+.re_encrypt(r) }
            fn generate_data_key(&self, r: $crate::GenerateDataKeyRequest<'_>) -> $crate::Result<$crate::DataKey> { self.$($engine)+.generate_data_key(r) }
            fn generate_data_key_pair(&self, r: $crate::GenerateDataKeyPairRequest<'_>) -> $crate::Result<$crate::DataKeyPair> { self.$($engine)+.generate_data_key_pair(r) }
            fn sign(&self, r: $crate::SignRequest<'_>) -> $crate::Result<$crate::SignResponse> { self.$($engine)+.sign(r) }
            fn verify(&self, r: $crate::VerifyRequest<'_>) -> $crate::Result<()> { self.$($engine)+.verify(r) }
            fn get_public_key(&self, k: &str) -> $crate::Result<$crate::PublicKeyInfo> { self.$($engine)+.get_public_key(k) }
            fn generate_mac(&self, r: $crate::GenerateMacRequest<'_>) -> $crate::Result<$crate::MacResponse> { self.$($engine)+.generate_mac(r) }
            fn verify_mac(&self, r: $crate::VerifyMacRequest<'_>) -> $crate::Result<()> { self.$($engine)+.verify_mac(r) }
            fn generate_random(&self, n: usize) -> $crate::Result<$crate::SecretBytes> { self.$($engine)+.generate_random(n) }
            fn enable_key_rotation(&self, k: &str, p: Option<u32>) -> $crate::Result<()> { self.$($engine)+.enable_key_rotation(k, p) }
            fn disable_key_rotation(&self, k: &str) -> $crate::Result<()> { self.$($engine)+.disable_key_rotation(k) }
            fn get_key_rotation_status(&self, k: &str) -> $crate::Result<$crate::KeyRotationStatus> { self.$($engine)+.get_key_rotation_status(k) }
            fn list_key_rotations(&self, k: &str) -> $crate::Result<Vec<$crate::KeyRotation>> { self.$($engine)+.list_key_rotations(k) }
            fn rotate_key_on_demand(&self, k: &str) -> $crate::Result<$crate::KeyRotation> { self.$($engine)+.rotate_key_on_demand(k) }
            fn set_minimum_decryption_version(&self, k: &str, v: u32) -> $crate::Result<()> { self.$($engine)+.set_minimum_decryption_version(k, v) }
            fn get_parameters_for_import(&self, k: &str, a: $crate::WrappingAlgorithm, s: $crate::WrappingKeySpec) -> $crate::Result<$crate::ImportParameters> { self.$($engine)+.get_parameters_for_import(k, a, s) }
            fn import_key_material(&self, r: $crate::ImportKeyMaterialRequest<'_>) -> $crate::Result<()> { self.$($engine)+.import_key_material(r) }
            fn delete_imported_key_material(&self, k: &str) -> $crate::Result<()> { self.$($engine)+.delete_imported_key_material(k) }
            fn import_public_key(&self, k: &str, p: &[u8]) -> $crate::Result<()> { self.$($engine)+.import_public_key(k, p) }
        }
    };
}

pub(crate) use delegate_to_engine;
