//! A third party's view of the crate: an auditing wrapper, written outside
//! the crate, implements `KeyManager` over any key manager (here
//! `Arc<InMemory>`, through the forwarding implementation for `Arc`) and
//! passes the exported conformance suite.

use std::fmt;
use std::sync::{Arc, Mutex};

use polykms::*;

/// Records the name of every operation, then lets the wrapped key manager
/// answer it.
struct Audited<K> {
    inner: K,
    calls: Mutex<Vec<&'static str>>,
}

impl<K> Audited<K> {
    fn new(inner: K) -> Self {
        Self {
            inner,
            calls: Mutex::new(Vec::new()),
        }
    }

    fn record(&self, operation: &'static str) {
        self.calls.lock().unwrap().push(operation);
    }

    fn calls(&self) -> Vec<&'static str> {
        self.calls.lock().unwrap().clone()
    }
}

impl<K> fmt::Debug for Audited<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Audited").finish_non_exhaustive()
    }
}

/// The wrapper's methods: record, then forward.
macro_rules! audited {
    ($($name:ident($arg:ident: $ty:ty) -> $out:ty;)+) => {$(
        fn $name(&self, $arg: $ty) -> Result<$out> {
            self.record(stringify!($name));
            self.inner.$name($arg)
        }
    )+};
}

impl<K: KeyManager> KeyManager for Audited<K> {
    audited! {
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
        encrypt(request: EncryptRequest<'_>) -> EncryptResponse;
        decrypt(request: DecryptRequest<'_>) -> DecryptResponse;
        re_encrypt(request: ReEncryptRequest<'_>) -> ReEncryptResponse;
        generate_data_key(request: GenerateDataKeyRequest<'_>) -> DataKey;
        generate_data_key_pair(request: GenerateDataKeyPairRequest<'_>) -> DataKeyPair;
        generate_data_key_without_plaintext(request: GenerateDataKeyRequest<'_>) -> EncryptedDataKey;
        generate_data_key_pair_without_plaintext(request: GenerateDataKeyPairRequest<'_>) -> EncryptedDataKeyPair;
        sign(request: SignRequest<'_>) -> SignResponse;
        verify(request: VerifyRequest<'_>) -> VerifyResponse;
        get_public_key(key_id: &str) -> PublicKeyInfo;
        derive_shared_secret(request: DeriveSharedSecretRequest<'_>) -> DeriveSharedSecretResponse;
        get_key_last_usage(key_id: &str) -> KeyLastUsage;
        generate_mac(request: GenerateMacRequest<'_>) -> MacResponse;
        verify_mac(request: VerifyMacRequest<'_>) -> VerifyMacResponse;
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
    }
}

fn audited() -> (Box<Audited<Arc<InMemory>>>, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new());
    let inner = Arc::new(InMemory::with_clock(clock.clone()));
    (Box::new(Audited::new(inner)), clock)
}

polykms::conformance_suite!(audited(); contract, clock, import, extensions, local);

/// The wrapper sees every call, the provided methods' calls included (it
/// forwards them by name, so that the provider records a data key made
/// without its plaintext as such), and the key it shares through the `Arc`
/// is the inner provider's.
#[test]
fn the_wrapper_sees_every_call() {
    let inner = Arc::new(InMemory::new());
    let kms = Audited::new(Arc::clone(&inner));
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    kms.generate_data_key_without_plaintext(GenerateDataKeyRequest::new(
        &key.key_id,
        DataKeySpec::Aes256,
    ))
    .unwrap();
    assert_eq!(
        kms.calls(),
        ["create_key", "generate_data_key_without_plaintext"]
    );
    assert_eq!(
        KeyManager::describe_key(&inner, key.key_id.as_str()).unwrap(),
        key
    );
}

/// A third party builds every response with its constructor, as a mock
/// must (the types are `#[non_exhaustive]`).
#[test]
fn responses_are_constructible_outside_the_crate() {
    let id = KeyId::parse("key-hzz630494463ejqjx1234").unwrap();
    let meta = KeyMetadata::new(
        id.clone(),
        format!("acs:kms:cn-hangzhou:123456789:key/{id}"),
        std::time::SystemTime::UNIX_EPOCH,
        KeySpec::Sm4,
        KeyUsage::EncryptDecrypt,
    );
    assert_eq!(
        meta.encryption_algorithms,
        [EncryptionAlgorithm::SymmetricDefault]
    );
    let sealed = EncryptResponse::new(
        vec![1, 2, 3],
        id.clone(),
        Some(1),
        EncryptionAlgorithm::SymmetricDefault,
    );
    assert_eq!(sealed.key_id, id);
    let page = ListKeysPage::new(vec![KeyListEntry::new(id.clone(), meta.arn.clone())], None);
    assert_eq!(page.keys[0].key_id.as_str(), "key-hzz630494463ejqjx1234");
    let verified = VerifyResponse::new(id.clone(), SigningAlgorithm::Sm2Dsa);
    assert_eq!(verified.key_id, id);
    let error: Error = RemoteError::new(ErrorKind::Disabled, "the key is disabled")
        .with_code("Rejected.Disabled")
        .with_http_status(409)
        .into();
    assert_eq!(error.kind(), ErrorKind::Disabled);
}
