//! The [`KeyManager`] trait, its async twin [`AsyncKeyManager`], their
//! extension traits, and the forwarding implementations that let wrappers
//! and smart pointers stand in for a provider.

mod asynchronous;
mod ext;
mod forward;

pub use asynchronous::{AsyncKeyManager, AsyncKeyManagerExt, BoxFuture};
pub use ext::KeyManagerExt;
pub(crate) use forward::{forwarding_methods, with_key_manager_methods};

use std::fmt::Debug;

use crate::Result;
use crate::key::{KeyMetadata, ListAliasesPage, ListKeysPage, ListResourceTagsPage};
use crate::request::{
    CreateAliasRequest, CreateKeyRequest, DecryptRequest, DeriveSharedSecretRequest,
    EnableKeyRotationRequest, EncryptRequest, GenerateDataKeyPairRequest, GenerateDataKeyRequest,
    GenerateMacRequest, GenerateRandomRequest, GetParametersForImportRequest,
    ImportKeyMaterialRequest, ImportPublicKeyRequest, ListAliasesRequest, ListKeyRotationsRequest,
    ListKeysRequest, ListResourceTagsRequest, ReEncryptRequest, ScheduleKeyDeletionRequest,
    SetMinimumDecryptionVersionRequest, SignRequest, TagResourceRequest, UntagResourceRequest,
    UpdateAliasRequest, UpdateKeyDescriptionRequest, VerifyMacRequest, VerifyRequest,
};
use crate::response::{
    DataKey, DataKeyPair, DecryptResponse, DeriveSharedSecretResponse, EncryptResponse,
    EncryptedDataKey, EncryptedDataKeyPair, ImportParameters, KeyLastUsage, KeyRotation,
    KeyRotationStatus, ListKeyRotationsPage, MacResponse, PublicKeyInfo, ReEncryptResponse,
    SignResponse, VerifyMacResponse, VerifyResponse,
};
use crate::secret::SecretBytes;

/// A key management service: the operations of a cloud KMS, behind one trait.
///
/// The trait is synchronous and object-safe, so `Arc<dyn KeyManager>` can be
/// shared across threads and providers swapped. Its async twin, with the
/// same methods and types, is [`AsyncKeyManager`]. Wherever an operation
/// takes a key (`key_id`), any key reference works: the key id, an alias
/// name (`alias/…`), the key's resource name or an alias resource name.
/// Operations that take more than a key reference take a request struct, so
/// that a new option is a new field.
///
/// Every operation checks, before doing any work, that the key exists, that
/// its state allows the operation (enabled; see [`Error::Disabled`] and
/// [`Error::InvalidState`]), that its usage does ([`Error::InvalidKeyUsage`]),
/// that the algorithm and message type fit the key's spec
/// ([`Error::AlgorithmNotAllowed`]) and that every size is within the limits
/// of [`limits`](crate::limits) ([`Error::InvalidArgument`]).
///
/// `Arc<K>`, `Box<K>` and `&K` are key managers when `K` is, so a function
/// can take `&dyn KeyManager`, `impl KeyManager` or an `Arc` alike, and a
/// wrapper (auditing, metrics) holds any of them:
///
/// ```
/// use std::sync::Arc;
/// use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec};
///
/// fn key_count(kms: impl KeyManager) -> polykms::Result<usize> {
///     use polykms::KeyManagerExt;
///     Ok(kms.list_all_keys()?.len())
/// }
///
/// let kms: Arc<dyn KeyManager> = Arc::new(InMemory::new());
/// kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
/// assert_eq!(key_count(&*kms)?, 1);
/// assert_eq!(key_count(Arc::clone(&kms))?, 1);
/// # Ok::<(), polykms::Error>(())
/// ```
///
/// [`Error::Disabled`]: crate::Error::Disabled
/// [`Error::InvalidState`]: crate::Error::InvalidState
/// [`Error::InvalidKeyUsage`]: crate::Error::InvalidKeyUsage
/// [`Error::AlgorithmNotAllowed`]: crate::Error::AlgorithmNotAllowed
/// [`Error::InvalidArgument`]: crate::Error::InvalidArgument
pub trait KeyManager: Send + Sync + Debug {
    /// Creates a key (`CreateKey`), generating its material unless the
    /// origin is EXTERNAL, and optionally an alias for it.
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, KeyUsage};
    /// # let kms = InMemory::new();
    /// let key = kms.create_key(
    ///     CreateKeyRequest::new(KeySpec::EccNistP256)
    ///         .description("release signing")
    ///         .alias("alias/release"),
    /// )?;
    /// assert_eq!(key.key_usage, KeyUsage::SignVerify);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn create_key(&self, request: CreateKeyRequest) -> Result<KeyMetadata>;

    /// Describes a key in any state (`DescribeKey`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, KeyState};
    /// # let kms = InMemory::new();
    /// # kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/app"))?;
    /// let meta = kms.describe_key("alias/app")?;
    /// assert_eq!(meta.key_state, KeyState::Enabled);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn describe_key(&self, key_id: &str) -> Result<KeyMetadata>;

    /// Lists keys a page at a time, ordered by key id (`ListKeys`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, ListKeysRequest};
    /// # let kms = InMemory::new();
    /// # for _ in 0..3 { kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?; }
    /// let first = kms.list_keys(ListKeysRequest::new().limit(2))?;
    /// assert_eq!(first.keys.len(), 2);
    /// let rest = kms.list_keys(ListKeysRequest::new().marker(first.next_marker.unwrap()))?;
    /// assert_eq!((rest.keys.len(), rest.next_marker), (1, None));
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn list_keys(&self, request: ListKeysRequest) -> Result<ListKeysPage>;

    /// Enables a disabled key (`EnableKey`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// kms.disable_key(key.key_id.as_str())?;
    /// kms.enable_key(key.key_id.as_str())?;
    /// assert!(kms.describe_key(key.key_id.as_str())?.enabled());
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn enable_key(&self, key_id: &str) -> Result<()>;

    /// Disables a key (`DisableKey`); it can be described but not used.
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, EncryptRequest, ErrorKind, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// kms.disable_key(key.key_id.as_str())?;
    /// let refused = kms.encrypt(EncryptRequest::new(&key.key_id, b"x")).unwrap_err();
    /// assert_eq!(refused.kind(), ErrorKind::Disabled);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn disable_key(&self, key_id: &str) -> Result<()>;

    /// Replaces a key's description (`UpdateKeyDescription`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, UpdateKeyDescriptionRequest};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// kms.update_key_description(UpdateKeyDescriptionRequest::new(&key.key_id, "invoices"))?;
    /// assert_eq!(kms.describe_key(key.key_id.as_str())?.description, "invoices");
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn update_key_description(&self, request: UpdateKeyDescriptionRequest) -> Result<()>;

    /// Schedules deletion after a window of 7–30 days, 30 by default
    /// (`ScheduleKeyDeletion`). The key is unusable while pending and is gone,
    /// with its material and aliases, once the window has passed.
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, KeyState, ScheduleKeyDeletionRequest};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// let meta = kms.schedule_key_deletion(
    ///     ScheduleKeyDeletionRequest::new(&key.key_id).pending_window_in_days(7),
    /// )?;
    /// assert_eq!(meta.key_state, KeyState::PendingDeletion);
    /// assert_eq!(meta.pending_deletion_window_in_days, Some(7));
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn schedule_key_deletion(&self, request: ScheduleKeyDeletionRequest) -> Result<KeyMetadata>;

    /// Cancels a scheduled deletion; the key becomes disabled, or awaits
    /// import again if it has no key material (`CancelKeyDeletion`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, KeyState, ScheduleKeyDeletionRequest};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// kms.schedule_key_deletion(ScheduleKeyDeletionRequest::new(&key.key_id))?;
    /// let meta = kms.cancel_key_deletion(key.key_id.as_str())?;
    /// assert_eq!(meta.key_state, KeyState::Disabled);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn cancel_key_deletion(&self, key_id: &str) -> Result<KeyMetadata>;

    /// Creates an alias for a key named by id or resource name (`CreateAlias`).
    ///
    /// ```
    /// # use polykms::{CreateAliasRequest, CreateKeyRequest, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// kms.create_alias(CreateAliasRequest::new("alias/orders", &key.key_id))?;
    /// assert_eq!(kms.describe_key("alias/orders")?.key_id, key.key_id);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn create_alias(&self, request: CreateAliasRequest) -> Result<()>;

    /// Points an alias at another key of the same kind and usage (`UpdateAlias`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, UpdateAliasRequest};
    /// # let kms = InMemory::new();
    /// # kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/orders"))?;
    /// let next = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// kms.update_alias(UpdateAliasRequest::new("alias/orders", &next.key_id))?;
    /// assert_eq!(kms.describe_key("alias/orders")?.key_id, next.key_id);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn update_alias(&self, request: UpdateAliasRequest) -> Result<()>;

    /// Deletes an alias; the key is unaffected (`DeleteAlias`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, ErrorKind, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// # kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/old"))?;
    /// kms.delete_alias("alias/old")?;
    /// assert_eq!(kms.describe_key("alias/old").unwrap_err().kind(), ErrorKind::NotFound);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn delete_alias(&self, alias_name: &str) -> Result<()>;

    /// Lists aliases, all of them or one key's, a page at a time, ordered
    /// by name (`ListAliases`).
    ///
    /// ```
    /// # use polykms::{CreateAliasRequest, CreateKeyRequest, InMemory, KeyManager, KeySpec, ListAliasesRequest};
    /// # let kms = InMemory::new();
    /// let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/a"))?;
    /// kms.create_alias(CreateAliasRequest::new("alias/b", &key.key_id))?;
    /// let page = kms.list_aliases(ListAliasesRequest::new().key_id(&key.key_id))?;
    /// let names: Vec<_> = page.aliases.iter().map(|a| a.alias_name.as_str()).collect();
    /// assert_eq!(names, ["alias/a", "alias/b"]);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn list_aliases(&self, request: ListAliasesRequest) -> Result<ListAliasesPage>;

    /// Adds tags or replaces their values (`TagResource`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, Tag, TagResourceRequest};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// kms.tag_resource(TagResourceRequest::new(&key.key_id, [Tag::new("team", "billing")]))?;
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn tag_resource(&self, request: TagResourceRequest) -> Result<()>;

    /// Removes tags by key (`UntagResource`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, ListResourceTagsRequest, UntagResourceRequest};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).tag("team", "billing"))?;
    /// kms.untag_resource(UntagResourceRequest::new(&key.key_id, ["team"]))?;
    /// assert!(kms.list_resource_tags(ListResourceTagsRequest::new(&key.key_id))?.tags.is_empty());
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn untag_resource(&self, request: UntagResourceRequest) -> Result<()>;

    /// A key's tags, a page at a time, ordered by tag key (`ListResourceTags`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, ListResourceTagsRequest, Tag};
    /// # let kms = InMemory::new();
    /// let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).tag("team", "billing"))?;
    /// let page = kms.list_resource_tags(ListResourceTagsRequest::new(&key.key_id))?;
    /// assert_eq!(page.tags, [Tag::new("team", "billing")]);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn list_resource_tags(&self, request: ListResourceTagsRequest) -> Result<ListResourceTagsPage>;

    /// Encrypts up to 4096 bytes with a symmetric key, or a small plaintext
    /// with an RSA (OAEP) or SM2 key (`Encrypt`).
    ///
    /// ```
    /// # use polykms::{CIPHERTEXT_OVERHEAD, CreateKeyRequest, EncryptRequest, EncryptionContext, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// # kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/app"))?;
    /// let context = EncryptionContext::new().with("tenant", "acme");
    /// let sealed = kms.encrypt(EncryptRequest::new("alias/app", b"secret").context(&context))?;
    /// assert_eq!(sealed.ciphertext_blob.len(), 6 + CIPHERTEXT_OVERHEAD);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn encrypt(&self, request: EncryptRequest<'_>) -> Result<EncryptResponse>;

    /// Decrypts (`Decrypt`). Symmetric blobs name their key; asymmetric
    /// ciphertexts need the key and algorithm (see [`DecryptRequest`]).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, DecryptRequest, EncryptRequest, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// # kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/app"))?;
    /// let sealed = kms.encrypt(EncryptRequest::new("alias/app", b"secret"))?;
    /// let opened = kms.decrypt(DecryptRequest::new(&sealed.ciphertext_blob))?;
    /// assert_eq!(opened.plaintext.expose_secret(), b"secret");
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn decrypt(&self, request: DecryptRequest<'_>) -> Result<DecryptResponse>;

    /// Decrypts and encrypts again under another key, without returning the
    /// plaintext (`ReEncrypt`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, DecryptRequest, EncryptRequest, InMemory, KeyManager, KeySpec, ReEncryptRequest};
    /// # let kms = InMemory::new();
    /// # let old = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// # let new = kms.create_key(CreateKeyRequest::new(KeySpec::Sm4))?;
    /// let sealed = kms.encrypt(EncryptRequest::new(&old.key_id, b"secret"))?;
    /// let moved = kms.re_encrypt(ReEncryptRequest::new(
    ///     DecryptRequest::new(&sealed.ciphertext_blob),
    ///     &new.key_id,
    /// ))?;
    /// assert_eq!(moved.key_id, new.key_id);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn re_encrypt(&self, request: ReEncryptRequest<'_>) -> Result<ReEncryptResponse>;

    /// Generates a data key and its copy encrypted under a symmetric key
    /// (`GenerateDataKey`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, DataKeySpec, DecryptRequest, GenerateDataKeyRequest, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// # kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/app"))?;
    /// let data_key = kms.generate_data_key(GenerateDataKeyRequest::new("alias/app", DataKeySpec::Aes256))?;
    /// assert_eq!(data_key.plaintext.len(), 32);
    /// let again = kms.decrypt(DecryptRequest::new(&data_key.ciphertext_blob))?;
    /// assert_eq!(again.plaintext, data_key.plaintext);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn generate_data_key(&self, request: GenerateDataKeyRequest<'_>) -> Result<DataKey>;

    /// Generates a data key returning only its encrypted copy
    /// (`GenerateDataKeyWithoutPlaintext`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, DecryptRequest, GenerateDataKeyRequest, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// # kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/app"))?;
    /// let sealed = kms.generate_data_key_without_plaintext(
    ///     GenerateDataKeyRequest::with_number_of_bytes("alias/app", 64),
    /// )?;
    /// assert_eq!(kms.decrypt(DecryptRequest::new(&sealed.ciphertext_blob))?.plaintext.len(), 64);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn generate_data_key_without_plaintext(
        &self,
        request: GenerateDataKeyRequest<'_>,
    ) -> Result<EncryptedDataKey> {
        let key = self.generate_data_key(request)?;
        Ok(EncryptedDataKey::new(key.ciphertext_blob, key.key_id))
    }

    /// Generates a key pair whose private key is also returned encrypted under
    /// a symmetric key (`GenerateDataKeyPair`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, DataKeyPairSpec, GenerateDataKeyPairRequest, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// # kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/app"))?;
    /// let pair = kms.generate_data_key_pair(
    ///     GenerateDataKeyPairRequest::new("alias/app", DataKeyPairSpec::EccNistP256),
    /// )?;
    /// assert!(!pair.public_key.is_empty());
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn generate_data_key_pair(
        &self,
        request: GenerateDataKeyPairRequest<'_>,
    ) -> Result<DataKeyPair>;

    /// Generates a key pair returning the public key and the encrypted private
    /// key only (`GenerateDataKeyPairWithoutPlaintext`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, DataKeyPairSpec, GenerateDataKeyPairRequest, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// # kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/app"))?;
    /// let pair = kms.generate_data_key_pair_without_plaintext(
    ///     GenerateDataKeyPairRequest::new("alias/app", DataKeyPairSpec::Sm2),
    /// )?;
    /// assert_eq!(pair.key_pair_spec, DataKeyPairSpec::Sm2);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn generate_data_key_pair_without_plaintext(
        &self,
        request: GenerateDataKeyPairRequest<'_>,
    ) -> Result<EncryptedDataKeyPair> {
        let pair = self.generate_data_key_pair(request)?;
        Ok(EncryptedDataKeyPair::new(
            pair.private_key_ciphertext_blob,
            pair.public_key,
            pair.key_id,
            pair.key_pair_spec,
        ))
    }

    /// Signs a message or digest (`Sign`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, SignRequest, SigningAlgorithm};
    /// # let kms = InMemory::new();
    /// # kms.create_key(CreateKeyRequest::new(KeySpec::EccNistP256).alias("alias/release"))?;
    /// let signed = kms.sign(SignRequest::new("alias/release", b"v1.0", SigningAlgorithm::EcdsaSha256))?;
    /// assert!(!signed.signature.is_empty());
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn sign(&self, request: SignRequest<'_>) -> Result<SignResponse>;

    /// Verifies a signature (`Verify`), returning the key that verified it;
    /// a bad signature is [`Error::InvalidSignature`](crate::Error::InvalidSignature).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, ErrorKind, InMemory, KeyManager, KeySpec, SignRequest, SigningAlgorithm, VerifyRequest};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::EccNistP256).alias("alias/release"))?;
    /// # let alg = SigningAlgorithm::EcdsaSha256;
    /// let signed = kms.sign(SignRequest::new("alias/release", b"v1.0", alg))?;
    /// let verified = kms.verify(VerifyRequest::new("alias/release", b"v1.0", alg, &signed.signature))?;
    /// assert_eq!(verified.key_id, key.key_id);
    /// let forged = kms.verify(VerifyRequest::new("alias/release", b"v1.1", alg, &signed.signature));
    /// assert_eq!(forged.unwrap_err().kind(), ErrorKind::InvalidSignature);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn verify(&self, request: VerifyRequest<'_>) -> Result<VerifyResponse>;

    /// The public key of an asymmetric key, as DER SubjectPublicKeyInfo (`GetPublicKey`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::Ed25519))?;
    /// let public = kms.get_public_key(key.key_id.as_str())?;
    /// assert!(public.public_key_pem().starts_with("-----BEGIN PUBLIC KEY-----"));
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn get_public_key(&self, key_id: &str) -> Result<PublicKeyInfo>;

    /// Derives the raw shared secret of a KEY_AGREEMENT key and a peer's
    /// public key (`DeriveSharedSecret`): ECDH, the x-coordinate of the
    /// shared point. The public key is DER SubjectPublicKeyInfo on the key's
    /// own curve; another curve, a malformed key or a point off the curve
    /// is [`Error::InvalidArgument`](crate::Error::InvalidArgument). Feed the
    /// secret to a KDF before using it as a key.
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, DeriveSharedSecretRequest, InMemory, KeyManager, KeySpec, KeyUsage};
    /// # let kms = InMemory::new();
    /// let usage = KeyUsage::KeyAgreement;
    /// let alice = kms.create_key(CreateKeyRequest::new(KeySpec::EccNistP256).usage(usage))?;
    /// let bob = kms.create_key(CreateKeyRequest::new(KeySpec::EccNistP256).usage(usage))?;
    /// let alice_public = kms.get_public_key(alice.key_id.as_str())?.public_key;
    /// let bob_public = kms.get_public_key(bob.key_id.as_str())?.public_key;
    /// let at_alice = kms.derive_shared_secret(DeriveSharedSecretRequest::new(&alice.key_id, &bob_public))?;
    /// let at_bob = kms.derive_shared_secret(DeriveSharedSecretRequest::new(&bob.key_id, &alice_public))?;
    /// assert_eq!(at_alice.shared_secret, at_bob.shared_secret);
    /// assert_eq!(at_alice.shared_secret.len(), 32);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn derive_shared_secret(
        &self,
        request: DeriveSharedSecretRequest<'_>,
    ) -> Result<DeriveSharedSecretResponse>;

    /// When the key was last used for a cryptographic operation, and by
    /// which (`GetKeyLastUsage`): encryption, decryption, re-encryption
    /// (recorded on both keys), data keys and data key pairs, signing and
    /// verification, MACs and key agreement. Failed operations are not
    /// uses. (A wrapper that leaves `generate_data_key_without_plaintext`
    /// and `generate_data_key_pair_without_plaintext` to their defaults
    /// reaches the provider through the plaintext operations, which are
    /// recorded as such: forward them too.) The file store persists uses in
    /// the background, without an
    /// fsync on the operation's path: a crash can lose the uses of the last
    /// few seconds (see [`FileKeyManager`](crate::FileKeyManager)), so the
    /// answer may be older than the true last use, never newer.
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, CryptoOperation, EncryptRequest, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// assert_eq!(kms.get_key_last_usage(key.key_id.as_str())?.last_usage, None);
    /// kms.encrypt(EncryptRequest::new(&key.key_id, b"hello"))?;
    /// let used = kms.get_key_last_usage(key.key_id.as_str())?.last_usage.unwrap();
    /// assert_eq!(used.operation, CryptoOperation::Encrypt);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn get_key_last_usage(&self, key_id: &str) -> Result<KeyLastUsage>;

    /// Computes an HMAC (`GenerateMac`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, GenerateMacRequest, InMemory, KeyManager, KeySpec, MacAlgorithm};
    /// # let kms = InMemory::new();
    /// # kms.create_key(CreateKeyRequest::new(KeySpec::Hmac256).alias("alias/mac"))?;
    /// let mac = kms.generate_mac(GenerateMacRequest::new("alias/mac", b"msg", MacAlgorithm::HmacSha256))?;
    /// assert_eq!(mac.mac.len(), 32);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn generate_mac(&self, request: GenerateMacRequest<'_>) -> Result<MacResponse>;

    /// Verifies an HMAC in constant time (`VerifyMac`), returning the key
    /// that verified it; a bad MAC is [`Error::InvalidMac`](crate::Error::InvalidMac).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, ErrorKind, GenerateMacRequest, InMemory, KeyManager, KeySpec, MacAlgorithm, VerifyMacRequest};
    /// # let kms = InMemory::new();
    /// # kms.create_key(CreateKeyRequest::new(KeySpec::Hmac256).alias("alias/mac"))?;
    /// # let alg = MacAlgorithm::HmacSha256;
    /// let mac = kms.generate_mac(GenerateMacRequest::new("alias/mac", b"msg", alg))?;
    /// kms.verify_mac(VerifyMacRequest::new("alias/mac", b"msg", alg, &mac.mac))?;
    /// let bad = kms.verify_mac(VerifyMacRequest::new("alias/mac", b"msh", alg, &mac.mac));
    /// assert_eq!(bad.unwrap_err().kind(), ErrorKind::InvalidMac);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn verify_mac(&self, request: VerifyMacRequest<'_>) -> Result<VerifyMacResponse>;

    /// 1–1024 random bytes from the operating system (`GenerateRandom`).
    ///
    /// ```
    /// # use polykms::{GenerateRandomRequest, InMemory, KeyManager};
    /// # let kms = InMemory::new();
    /// let nonce = kms.generate_random(GenerateRandomRequest::new(24))?;
    /// assert_eq!(nonce.len(), 24);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn generate_random(&self, request: GenerateRandomRequest) -> Result<SecretBytes>;

    /// Turns on automatic rotation every `rotation_period_in_days` (7–2560,
    /// the union of the clouds' ranges; 365 by default), the first one that
    /// many days from now (`EnableKeyRotation`). Symmetric and HMAC keys
    /// generated here only: asymmetric keys and keys with imported material
    /// give [`Error::UnsupportedOperation`](crate::Error::UnsupportedOperation).
    /// The key must be enabled; turning rotation off
    /// ([`disable_key_rotation`](Self::disable_key_rotation)) works on a
    /// disabled key too.
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, EnableKeyRotationRequest, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// kms.enable_key_rotation(EnableKeyRotationRequest::new(&key.key_id).rotation_period_in_days(90))?;
    /// let status = kms.get_key_rotation_status(key.key_id.as_str())?;
    /// assert_eq!(status.rotation_period_in_days, Some(90));
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn enable_key_rotation(&self, request: EnableKeyRotationRequest) -> Result<()>;

    /// Turns automatic rotation off (`DisableKeyRotation`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, EnableKeyRotationRequest, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// # kms.enable_key_rotation(EnableKeyRotationRequest::new(&key.key_id))?;
    /// kms.disable_key_rotation(key.key_id.as_str())?;
    /// assert!(!kms.get_key_rotation_status(key.key_id.as_str())?.rotation_enabled);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn disable_key_rotation(&self, key_id: &str) -> Result<()>;

    /// Whether the key rotates automatically, its period, next rotation date
    /// and current material version (`GetKeyRotationStatus`). Any key may
    /// be asked; keys that cannot rotate report rotation as disabled.
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::EccNistP256))?;
    /// let status = kms.get_key_rotation_status(key.key_id.as_str())?;
    /// assert!(!status.rotation_enabled);
    /// assert_eq!(status.current_key_version, Some(1));
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn get_key_rotation_status(&self, key_id: &str) -> Result<KeyRotationStatus>;

    /// The rotations of the key, a page at a time, oldest first: the
    /// version each made, when, and whether automatic or on demand
    /// (`ListKeyRotations`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, ListKeyRotationsRequest};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// kms.rotate_key_on_demand(key.key_id.as_str())?;
    /// let page = kms.list_key_rotations(ListKeyRotationsRequest::new(&key.key_id))?;
    /// assert_eq!(page.rotations[0].key_version, Some(2));
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn list_key_rotations(&self, request: ListKeyRotationsRequest) -> Result<ListKeyRotationsPage>;

    /// Rotates now: new material becomes the current version, which
    /// encrypts and MACs from now on; older versions still decrypt and
    /// verify (`RotateKeyOnDemand`). Same keys as
    /// [`enable_key_rotation`](Self::enable_key_rotation); the key must be
    /// enabled (a disabled key gives [`Error::Disabled`](crate::Error::Disabled)).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, DecryptRequest, EncryptRequest, InMemory, KeyManager, KeySpec, RotationType};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// let old = kms.encrypt(EncryptRequest::new(&key.key_id, b"x"))?;
    /// let rotation = kms.rotate_key_on_demand(key.key_id.as_str())?;
    /// assert_eq!(rotation.rotation_type, RotationType::OnDemand);
    /// assert_eq!(kms.decrypt(DecryptRequest::new(&old.ciphertext_blob))?.key_version, Some(1));
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn rotate_key_on_demand(&self, key_id: &str) -> Result<KeyRotation>;

    /// Retires every material version below `minimum_version` (1 to the
    /// current version; 1 retires none): ciphertexts they made no longer
    /// decrypt ([`Error::VersionRetired`](crate::Error::VersionRetired)) and
    /// MACs they made no longer verify. Reversible by setting a lower
    /// version; the material is kept. Use it to cut off a compromised
    /// version after rotating and re-encrypting what matters (an extension;
    /// the clouds have no equivalent).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, DecryptRequest, EncryptRequest, ErrorKind, InMemory, KeyManager, KeySpec, SetMinimumDecryptionVersionRequest};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// let old = kms.encrypt(EncryptRequest::new(&key.key_id, b"x"))?;
    /// kms.rotate_key_on_demand(key.key_id.as_str())?;
    /// kms.set_minimum_decryption_version(SetMinimumDecryptionVersionRequest::new(&key.key_id, 2))?;
    /// let refused = kms.decrypt(DecryptRequest::new(&old.ciphertext_blob)).unwrap_err();
    /// assert_eq!(refused.kind(), ErrorKind::VersionRetired);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn set_minimum_decryption_version(
        &self,
        request: SetMinimumDecryptionVersionRequest,
    ) -> Result<()>;

    /// Issues a fresh wrapping public key and an import token, valid for 24
    /// hours, for importing material into a key with origin EXTERNAL
    /// (`GetParametersForImport`). A new call supersedes the previous
    /// parameters of the key. RSA wrapping keys take the RSA wrapping
    /// algorithms; an SM2 wrapping key takes `SM2PKE`.
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, GetParametersForImportRequest, InMemory, KeyManager, KeySpec, Origin, WrappingAlgorithm, WrappingKeySpec};
    /// # let kms = InMemory::new();
    /// let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).origin(Origin::External))?;
    /// let params = kms.get_parameters_for_import(GetParametersForImportRequest::new(
    ///     &key.key_id,
    ///     WrappingAlgorithm::RsaesOaepSha256,
    ///     WrappingKeySpec::Rsa2048,
    /// ))?;
    /// assert!(params.public_key_pem().starts_with("-----BEGIN PUBLIC KEY-----"));
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn get_parameters_for_import(
        &self,
        request: GetParametersForImportRequest,
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
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, GetParametersForImportRequest, ImportKeyMaterialRequest, InMemory, KeyManager, KeySpec, Origin, WrappingAlgorithm, WrappingKeySpec, wrap_key_material};
    /// # let kms = InMemory::new();
    /// let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).origin(Origin::External))?;
    /// let params = kms.get_parameters_for_import(GetParametersForImportRequest::new(
    ///     &key.key_id,
    ///     WrappingAlgorithm::RsaesOaepSha256,
    ///     WrappingKeySpec::Rsa2048,
    /// ))?;
    /// let wrapped = wrap_key_material(&params.public_key, params.wrapping_algorithm, &[7; 32])?;
    /// kms.import_key_material(ImportKeyMaterialRequest::new(&key.key_id, &params.import_token, &wrapped))?;
    /// assert!(kms.describe_key(key.key_id.as_str())?.enabled());
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn import_key_material(&self, request: ImportKeyMaterialRequest) -> Result<()>;

    /// Deletes imported key material; the key awaits import again and
    /// nothing it encrypted decrypts until the same material is imported
    /// (`DeleteImportedKeyMaterial`).
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, GetParametersForImportRequest, ImportKeyMaterialRequest, InMemory, KeyManager, KeySpec, KeyState, Origin, WrappingAlgorithm, WrappingKeySpec, wrap_key_material};
    /// # let kms = InMemory::new();
    /// # let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).origin(Origin::External))?;
    /// # let p = kms.get_parameters_for_import(GetParametersForImportRequest::new(&key.key_id, WrappingAlgorithm::RsaesOaepSha256, WrappingKeySpec::Rsa2048))?;
    /// # let wrapped = wrap_key_material(&p.public_key, p.wrapping_algorithm, &[7; 32])?;
    /// # kms.import_key_material(ImportKeyMaterialRequest::new(&key.key_id, &p.import_token, &wrapped))?;
    /// kms.delete_imported_key_material(key.key_id.as_str())?;
    /// assert_eq!(kms.describe_key(key.key_id.as_str())?.key_state, KeyState::PendingImport);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn delete_imported_key_material(&self, key_id: &str) -> Result<()>;

    /// Imports a public key alone (DER SubjectPublicKeyInfo) into an
    /// asymmetric key with origin EXTERNAL: the key then verifies signatures
    /// (or encrypts) for a private key held elsewhere, and refuses to sign or
    /// decrypt ([`Error::PublicKeyOnly`](crate::Error::PublicKeyOnly)). An
    /// extension: the clouds import private keys only. Public keys are not
    /// secret, so no wrapping or token is involved.
    ///
    /// ```
    /// # use polykms::{CreateKeyRequest, ImportPublicKeyRequest, InMemory, KeyManager, KeySpec, Origin};
    /// # let kms = InMemory::new();
    /// # let elsewhere = kms.create_key(CreateKeyRequest::new(KeySpec::EccNistP256))?;
    /// let spki = kms.get_public_key(elsewhere.key_id.as_str())?.public_key;
    /// let key = kms.create_key(CreateKeyRequest::new(KeySpec::EccNistP256).origin(Origin::External))?;
    /// kms.import_public_key(ImportPublicKeyRequest::new(&key.key_id, &spki))?;
    /// assert!(kms.describe_key(key.key_id.as_str())?.public_key_only);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    fn import_public_key(&self, request: ImportPublicKeyRequest) -> Result<()>;
}
