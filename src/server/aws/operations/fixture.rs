//! A provider with a key of every kind the operations need, and one valid
//! request (or a few, to bring out optional response members) for every
//! operation served, in an order in which each succeeds.

use std::future::Future;
use std::sync::Arc;
use std::task::{Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::{CallError, call};
use crate::{
    CreateAliasRequest, CreateKeyRequest, EnableKeyRotationRequest, EncryptRequest,
    EncryptionAlgorithm, EncryptionContext, GenerateMacRequest, GetParametersForImportRequest,
    ImportKeyMaterialRequest, InMemory, KeyManager, KeySpec, KeyUsage, MacAlgorithm, MemoryOptions,
    Origin, ResourceNamespace, ScheduleKeyDeletionRequest, SignRequest, SigningAlgorithm,
    WrappingAlgorithm, WrappingKeySpec, wrap_key_material,
};

/// The account the fixture's keys belong to.
pub(super) const ACCOUNT: &str = "111122223333";
/// The region of their ARNs.
pub(super) const REGION: &str = "eu-west-1";

/// Standard base64.
pub(super) fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Runs `future` to its end on this thread, parking it while the future
/// waits (for work a local provider runs off the executor, on a thread of
/// its own when no tokio runtime is running).
pub(super) fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut cx = std::task::Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return output,
            Poll::Pending => thread::park(),
        }
    }
}

/// A provider and the namespace its keys are named in.
pub(super) struct Fixture {
    /// The provider.
    pub(super) kms: InMemory,
    /// Its namespace.
    pub(super) namespace: ResourceNamespace,
}

impl Fixture {
    /// An empty provider.
    pub(super) fn new() -> Self {
        let namespace = ResourceNamespace::new("aws", REGION, ACCOUNT);
        let kms = InMemory::with_options(MemoryOptions::default().namespace(namespace.clone()));
        Self { kms, namespace }
    }

    /// Calls `operation` (`Encrypt`, or a whole target such as
    /// `PolyKms.ImportPublicKey`) with `body`: the JSON answer, or the
    /// failure.
    pub(super) fn call(&self, operation: &str, body: &Value) -> Result<Value, CallError> {
        let target = match operation.contains('.') {
            true => operation.to_owned(),
            false => format!("TrentService.{operation}"),
        };
        let body = serde_json::to_vec(body).unwrap();
        let answer = block_on(call(&self.kms, &self.namespace, &target, &body)).result?;
        Ok(serde_json::from_slice(&answer).expect("a JSON answer"))
    }

    /// Creates a key.
    pub(super) fn key(&self, request: CreateKeyRequest) -> String {
        self.kms.create_key(request).unwrap().key_id.to_string()
    }

    /// The ARN of the key `id`.
    pub(super) fn arn(&self, id: &str) -> String {
        format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{id}")
    }
}

/// The keys the requests use, and what was made with them.
struct Keys {
    symmetric: String,
    other: String,
    rsa_encrypt: String,
    rsa_sign: String,
    ecc: String,
    agreement: String,
    hmac: String,
    deleting: String,
    external_to_import: String,
    external_imported: String,
    external_pending: String,
    public_only: String,
}

fn keys(f: &Fixture) -> Keys {
    let symmetric = CreateKeyRequest::new(KeySpec::SymmetricDefault)
        .description("fixture")
        .alias("alias/fixture")
        .tag("a", "1")
        .tag("b", "2");
    let rsa_encrypt = CreateKeyRequest::new(KeySpec::Rsa2048).usage(KeyUsage::EncryptDecrypt);
    let external = || CreateKeyRequest::new(KeySpec::SymmetricDefault).origin(Origin::External);
    let keys = Keys {
        symmetric: f.key(symmetric),
        other: f.key(CreateKeyRequest::new(KeySpec::SymmetricDefault)),
        rsa_encrypt: f.key(rsa_encrypt),
        rsa_sign: f.key(CreateKeyRequest::new(KeySpec::Rsa2048).usage(KeyUsage::SignVerify)),
        ecc: f.key(CreateKeyRequest::new(KeySpec::EccNistP256)),
        agreement: f.key(CreateKeyRequest::new(KeySpec::EccNistP256).usage(KeyUsage::KeyAgreement)),
        hmac: f.key(CreateKeyRequest::new(KeySpec::Hmac256)),
        deleting: f.key(CreateKeyRequest::new(KeySpec::SymmetricDefault)),
        external_to_import: f.key(external()),
        external_imported: f.key(external()),
        external_pending: f.key(external()),
        public_only: f.key(CreateKeyRequest::new(KeySpec::EccNistP256).origin(Origin::External)),
    };
    prepare(f, &keys);
    keys
}

/// The state the requests expect: rotations, an alias to delete, a key
/// pending deletion, imported material.
fn prepare(f: &Fixture, k: &Keys) {
    let kms = &f.kms;
    let rotation = EnableKeyRotationRequest::new(&k.symmetric).rotation_period_in_days(90);
    kms.enable_key_rotation(rotation).unwrap();
    kms.rotate_key_on_demand(&k.symmetric).unwrap();
    kms.rotate_key_on_demand(&k.symmetric).unwrap();
    kms.create_alias(CreateAliasRequest::new("alias/doomed", &k.other))
        .unwrap();
    let deletion = ScheduleKeyDeletionRequest::new(&k.deleting).pending_window_in_days(7);
    kms.schedule_key_deletion(deletion).unwrap();
    let (token, wrapped) = import_parameters(f, &k.external_imported);
    let request = ImportKeyMaterialRequest::new(&k.external_imported, token, wrapped);
    kms.import_key_material(request).unwrap();
}

/// An import token for `key` and 32 bytes of material wrapped for it.
fn import_parameters(f: &Fixture, key: &str) -> (Vec<u8>, Vec<u8>) {
    let request = GetParametersForImportRequest::new(
        key,
        WrappingAlgorithm::RsaesOaepSha256,
        WrappingKeySpec::Rsa2048,
    );
    let params = f.kms.get_parameters_for_import(request).unwrap();
    let wrapped = wrap_key_material(&params.public_key, params.wrapping_algorithm, &[7; 32]);
    (params.import_token, wrapped.unwrap())
}

/// Valid requests for every operation served (and the extensions), in an
/// order in which each succeeds against a fresh fixture.
pub(super) fn requests(f: &Fixture) -> Vec<(&'static str, Value)> {
    let k = keys(f);
    [
        key_requests(f, &k),
        alias_requests(f, &k),
        crypto_requests(f, &k),
        signing_requests(f, &k),
        rotation_requests(&k),
        import_requests(f, &k),
    ]
    .concat()
}

fn key_requests(f: &Fixture, k: &Keys) -> Vec<(&'static str, Value)> {
    let tags = json!([{"TagKey": "team", "TagValue": "blue"}]);
    vec![
        ("CreateKey", json!({})),
        (
            "CreateKey",
            json!({"KeySpec": "ECC_NIST_P384", "KeyUsage": "SIGN_VERIFY",
            "Description": "signing", "Tags": tags, "MultiRegion": false}),
        ),
        (
            "CreateKey",
            json!({"CustomerMasterKeySpec": "HMAC_512", "KeyUsage": "GENERATE_VERIFY_MAC"}),
        ),
        (
            "CreateKey",
            json!({"Origin": "EXTERNAL", "BypassPolicyLockoutSafetyCheck": true}),
        ),
        (
            "DescribeKey",
            json!({"KeyId": "alias/fixture", "GrantTokens": ["token"]}),
        ),
        ("DescribeKey", json!({"KeyId": f.arn(&k.deleting)})),
        ("DescribeKey", json!({"KeyId": k.hmac})),
        ("DescribeKey", json!({"KeyId": k.ecc})),
        ("DescribeKey", json!({"KeyId": k.external_imported})),
        ("ListKeys", json!({"Limit": 1})),
        ("ListKeys", json!({})),
        ("DisableKey", json!({"KeyId": k.other})),
        ("EnableKey", json!({"KeyId": k.other})),
        (
            "UpdateKeyDescription",
            json!({"KeyId": k.other, "Description": "other"}),
        ),
        ("CancelKeyDeletion", json!({"KeyId": k.deleting})),
        (
            "ScheduleKeyDeletion",
            json!({"KeyId": k.deleting, "PendingWindowInDays": 7}),
        ),
    ]
}

fn alias_requests(f: &Fixture, k: &Keys) -> Vec<(&'static str, Value)> {
    vec![
        (
            "CreateAlias",
            json!({"AliasName": "alias/created", "TargetKeyId": k.symmetric}),
        ),
        (
            "UpdateAlias",
            json!({"AliasName": "alias/created", "TargetKeyId": f.arn(&k.other)}),
        ),
        ("DeleteAlias", json!({"AliasName": "alias/doomed"})),
        ("ListAliases", json!({"Limit": 1})),
        ("ListAliases", json!({"KeyId": k.other})),
        (
            "TagResource",
            json!({"KeyId": k.other, "Tags": [{"TagKey": "c", "TagValue": ""}]}),
        ),
        (
            "ListResourceTags",
            json!({"KeyId": k.symmetric, "Limit": 1}),
        ),
        (
            "UntagResource",
            json!({"KeyId": k.symmetric, "TagKeys": ["a"]}),
        ),
        ("ListResourceTags", json!({"KeyId": k.symmetric})),
    ]
}

fn crypto_requests(f: &Fixture, k: &Keys) -> Vec<(&'static str, Value)> {
    let context = EncryptionContext::new().with("purpose", "fixture");
    let request = EncryptRequest::new(&k.symmetric, b"secret").context(&context);
    let sealed = f.kms.encrypt(request).unwrap().ciphertext_blob;
    let oaep = EncryptionAlgorithm::RsaesOaepSha256;
    let request = EncryptRequest::new(&k.rsa_encrypt, b"secret").algorithm(oaep);
    let rsa_sealed = f.kms.encrypt(request).unwrap().ciphertext_blob;
    let plaintext = b64(b"secret");
    vec![
        (
            "Encrypt",
            json!({"KeyId": "alias/fixture", "Plaintext": plaintext,
            "EncryptionContext": {"purpose": "fixture"}, "GrantTokens": []}),
        ),
        (
            "Encrypt",
            json!({"KeyId": k.rsa_encrypt, "Plaintext": plaintext,
            "EncryptionAlgorithm": "RSAES_OAEP_SHA_256"}),
        ),
        (
            "Decrypt",
            json!({"CiphertextBlob": b64(&sealed), "EncryptionContext": {"purpose": "fixture"}}),
        ),
        (
            "Decrypt",
            json!({"CiphertextBlob": b64(&rsa_sealed), "KeyId": k.rsa_encrypt,
            "EncryptionAlgorithm": "RSAES_OAEP_SHA_256"}),
        ),
        (
            "ReEncrypt",
            json!({"CiphertextBlob": b64(&sealed), "DestinationKeyId": k.other,
            "SourceEncryptionContext": {"purpose": "fixture"},
            "DestinationEncryptionContext": {"purpose": "moved"}}),
        ),
        (
            "GenerateDataKey",
            json!({"KeyId": k.symmetric, "KeySpec": "AES_256"}),
        ),
        (
            "GenerateDataKey",
            json!({"KeyId": k.symmetric, "NumberOfBytes": 64,
            "EncryptionContext": {"purpose": "fixture"}}),
        ),
        (
            "GenerateDataKeyWithoutPlaintext",
            json!({"KeyId": k.symmetric, "KeySpec": "AES_128"}),
        ),
        (
            "GenerateDataKeyPair",
            json!({"KeyId": k.symmetric, "KeyPairSpec": "ECC_NIST_P256"}),
        ),
        (
            "GenerateDataKeyPairWithoutPlaintext",
            json!({"KeyId": k.symmetric, "KeyPairSpec": "SM2"}),
        ),
        ("GenerateRandom", json!({"NumberOfBytes": 16})),
    ]
}

fn signing_requests(f: &Fixture, k: &Keys) -> Vec<(&'static str, Value)> {
    let request = SignRequest::new(&k.ecc, b"message", SigningAlgorithm::EcdsaSha256);
    let signature = f.kms.sign(request).unwrap().signature;
    let request = GenerateMacRequest::new(&k.hmac, b"message", MacAlgorithm::HmacSha256);
    let mac = f.kms.generate_mac(request).unwrap().mac;
    let message = b64(b"message");
    vec![
        (
            "Sign",
            json!({"KeyId": k.ecc, "Message": message, "SigningAlgorithm": "ECDSA_SHA_256"}),
        ),
        (
            "Sign",
            json!({"KeyId": k.rsa_sign, "Message": b64(&[1; 32]), "MessageType": "DIGEST",
            "SigningAlgorithm": "RSASSA_PSS_SHA_256"}),
        ),
        (
            "Verify",
            json!({"KeyId": k.ecc, "Message": message, "Signature": b64(&signature),
            "SigningAlgorithm": "ECDSA_SHA_256", "MessageType": "RAW"}),
        ),
        ("GetPublicKey", json!({"KeyId": k.ecc})),
        ("GetPublicKey", json!({"KeyId": k.rsa_encrypt})),
        ("GetPublicKey", json!({"KeyId": k.agreement})),
        ("DescribeKey", json!({"KeyId": k.agreement})),
        ("GetKeyLastUsage", json!({"KeyId": k.ecc})),
        ("GetKeyLastUsage", json!({"KeyId": k.agreement})),
        (
            "DeriveSharedSecret",
            json!({"KeyId": k.agreement, "KeyAgreementAlgorithm": "ECDH",
            "PublicKey": b64(&f.kms.get_public_key(&k.ecc).unwrap().public_key)}),
        ),
        (
            "GenerateMac",
            json!({"KeyId": k.hmac, "Message": message, "MacAlgorithm": "HMAC_SHA_256"}),
        ),
        (
            "VerifyMac",
            json!({"KeyId": k.hmac, "Message": message, "Mac": b64(&mac),
            "MacAlgorithm": "HMAC_SHA_256"}),
        ),
    ]
}

fn rotation_requests(k: &Keys) -> Vec<(&'static str, Value)> {
    vec![
        ("GetKeyRotationStatus", json!({"KeyId": k.symmetric})),
        ("GetKeyRotationStatus", json!({"KeyId": k.ecc})),
        (
            "EnableKeyRotation",
            json!({"KeyId": k.other, "RotationPeriodInDays": 90}),
        ),
        ("DisableKeyRotation", json!({"KeyId": k.other})),
        ("RotateKeyOnDemand", json!({"KeyId": k.other})),
        (
            "ListKeyRotations",
            json!({"KeyId": k.symmetric, "Limit": 1,
            "IncludeKeyMaterial": "ROTATIONS_ONLY"}),
        ),
        ("ListKeyRotations", json!({"KeyId": "alias/fixture"})),
        (
            "PolyKms.SetMinimumDecryptionVersion",
            json!({"KeyId": k.symmetric, "MinimumVersion": 1}),
        ),
    ]
}

fn import_requests(f: &Fixture, k: &Keys) -> Vec<(&'static str, Value)> {
    let (token, wrapped) = import_parameters(f, &k.external_to_import);
    let valid_to = SystemTime::now() + Duration::from_secs(86_400);
    let valid_to = valid_to.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let spki = f.kms.get_public_key(&k.ecc).unwrap().public_key;
    vec![
        (
            "GetParametersForImport",
            json!({"KeyId": k.external_pending,
            "WrappingAlgorithm": "RSA_AES_KEY_WRAP_SHA_256", "WrappingKeySpec": "RSA_3072"}),
        ),
        (
            "ImportKeyMaterial",
            json!({"KeyId": k.external_to_import, "ImportToken": b64(&token),
            "EncryptedKeyMaterial": b64(&wrapped), "ValidTo": valid_to,
            "ExpirationModel": "KEY_MATERIAL_EXPIRES", "ImportType": "NEW_KEY_MATERIAL"}),
        ),
        ("DescribeKey", json!({"KeyId": k.external_to_import})),
        (
            "DeleteImportedKeyMaterial",
            json!({"KeyId": k.external_imported}),
        ),
        (
            "PolyKms.ImportPublicKey",
            json!({"KeyId": k.public_only, "PublicKey": b64(&spki)}),
        ),
    ]
}
