//! The conformance suite as a remote provider sees it: every error of the
//! in-memory provider comes back as this crate's server sends it through
//! AWS KMS's error table (the exception name and the message) and as a
//! remote client reads it (`Error::Remote`, the kind of the exception's
//! first row). Every tier passes: the cases check remote errors by kind.

use std::fmt;
use std::sync::Arc;

use polykms::wire::{ErrorCode, aws};
use polykms::*;

/// A key manager whose errors are remote errors, as read from the wire.
struct OverTheWire<K>(K);

impl<K> fmt::Debug for OverTheWire<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OverTheWire").finish_non_exhaustive()
    }
}

/// What a remote client reads back from the server's answer to `error`.
fn over_the_wire(error: Error) -> Error {
    let row = ErrorCode::for_kind(aws::ERROR_CODES, error.kind()).unwrap();
    let kind = ErrorCode::kind_of(aws::ERROR_CODES, row.code).unwrap();
    RemoteError::new(kind, error.to_string())
        .with_code(row.code)
        .with_http_status(row.http_status)
        .into()
}

/// The wrapper's methods: forward, then turn errors into remote ones.
macro_rules! over_the_wire {
    ($($name:ident($arg:ident: $ty:ty) -> $out:ty;)+) => {
        $(
            fn $name(&self, $arg: $ty) -> Result<$out> {
                self.0.$name($arg).map_err(over_the_wire)
            }
        )+
    };
}

impl<K: KeyManager> KeyManager for OverTheWire<K> {
    over_the_wire! {
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

fn remote() -> (Box<OverTheWire<InMemory>>, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new());
    let kms = InMemory::with_clock(clock.clone());
    (Box::new(OverTheWire(kms)), clock)
}

polykms::conformance_suite!(remote(); contract, clock, import, extensions, local);

/// The wrapper does turn errors into remote ones, and a kind the table
/// shares with another comes back as the other.
#[test]
fn errors_come_back_remote() {
    let (kms, _) = remote();
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    let error = kms
        .encrypt(EncryptRequest::new(&key.key_id, b"x").algorithm(EncryptionAlgorithm::Sm2Pke))
        .unwrap_err();
    assert!(matches!(error, Error::Remote(_)), "{error:?}");
    assert_eq!(error.kind(), ErrorKind::InvalidKeyUsage);
    assert_eq!(error.vendor_code(), Some("InvalidKeyUsageException"));
}
