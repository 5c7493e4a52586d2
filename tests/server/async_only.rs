//! The server fronts any provider through the async interface: a provider
//! that implements only `AsyncKeyManager` (as a remote one does), whose
//! futures really wait (each yields to the executor once before it
//! forwards to an `InMemory`), is served; a panic in one of its futures is
//! a `KMSInternalException` answer, and the connection goes on.

use std::net::SocketAddr;
use std::sync::Arc;

use polykms::server::{Accounts, Credential, Server};
use polykms::{AsyncKeyManager, BoxFuture, InMemory, KeyManager, MemoryOptions, ResourceNamespace};
use serde_json::{Value, json};

use crate::harness::{ACCOUNT_A, AKID_A, InProcess, REGION, SECRET_A};
use crate::raw_http::{Conn, RawRequest, RawResponse};

/// A provider with only the async interface: every method yields once,
/// then panics if it is `panic_on`, else forwards to `inner`.
#[derive(Debug)]
struct AsyncOnly {
    inner: Arc<dyn AsyncKeyManager>,
    panic_on: Option<&'static str>,
}

/// The methods of `AsyncOnly`, each as the type says.
macro_rules! forward {
    ($lt:lifetime; $($name:ident($arg:ident: $ty:ty) -> $out:ty;)+) => {$(
        fn $name<$lt>(&$lt self, $arg: $ty) -> BoxFuture<$lt, polykms::Result<$out>> {
            Box::pin(async move {
                tokio::task::yield_now().await;
                if self.panic_on == Some(stringify!($name)) {
                    panic!("{} panicked", stringify!($name));
                }
                self.inner.$name($arg).await
            })
        }
    )+};
}

impl AsyncKeyManager for AsyncOnly {
    forward! { 'a;
        create_key(request: polykms::CreateKeyRequest) -> polykms::KeyMetadata;
        describe_key(key_id: &'a str) -> polykms::KeyMetadata;
        list_keys(request: polykms::ListKeysRequest) -> polykms::ListKeysPage;
        enable_key(key_id: &'a str) -> ();
        disable_key(key_id: &'a str) -> ();
        update_key_description(request: polykms::UpdateKeyDescriptionRequest) -> ();
        schedule_key_deletion(request: polykms::ScheduleKeyDeletionRequest) -> polykms::KeyMetadata;
        cancel_key_deletion(key_id: &'a str) -> polykms::KeyMetadata;
        create_alias(request: polykms::CreateAliasRequest) -> ();
        update_alias(request: polykms::UpdateAliasRequest) -> ();
        delete_alias(alias_name: &'a str) -> ();
        list_aliases(request: polykms::ListAliasesRequest) -> polykms::ListAliasesPage;
        tag_resource(request: polykms::TagResourceRequest) -> ();
        untag_resource(request: polykms::UntagResourceRequest) -> ();
        list_resource_tags(request: polykms::ListResourceTagsRequest) -> polykms::ListResourceTagsPage;
        encrypt(request: polykms::EncryptRequest<'a>) -> polykms::EncryptResponse;
        decrypt(request: polykms::DecryptRequest<'a>) -> polykms::DecryptResponse;
        re_encrypt(request: polykms::ReEncryptRequest<'a>) -> polykms::ReEncryptResponse;
        generate_data_key(request: polykms::GenerateDataKeyRequest<'a>) -> polykms::DataKey;
        generate_data_key_pair(request: polykms::GenerateDataKeyPairRequest<'a>) -> polykms::DataKeyPair;
        sign(request: polykms::SignRequest<'a>) -> polykms::SignResponse;
        verify(request: polykms::VerifyRequest<'a>) -> polykms::VerifyResponse;
        get_public_key(key_id: &'a str) -> polykms::PublicKeyInfo;
        derive_shared_secret(request: polykms::DeriveSharedSecretRequest<'a>) -> polykms::DeriveSharedSecretResponse;
        get_key_last_usage(key_id: &'a str) -> polykms::KeyLastUsage;
        generate_mac(request: polykms::GenerateMacRequest<'a>) -> polykms::MacResponse;
        verify_mac(request: polykms::VerifyMacRequest<'a>) -> polykms::VerifyMacResponse;
        generate_random(request: polykms::GenerateRandomRequest) -> polykms::SecretBytes;
        enable_key_rotation(request: polykms::EnableKeyRotationRequest) -> ();
        disable_key_rotation(key_id: &'a str) -> ();
        get_key_rotation_status(key_id: &'a str) -> polykms::KeyRotationStatus;
        list_key_rotations(request: polykms::ListKeyRotationsRequest) -> polykms::ListKeyRotationsPage;
        rotate_key_on_demand(key_id: &'a str) -> polykms::KeyRotation;
        set_minimum_decryption_version(request: polykms::SetMinimumDecryptionVersionRequest) -> ();
        get_parameters_for_import(request: polykms::GetParametersForImportRequest) -> polykms::ImportParameters;
        import_key_material(request: polykms::ImportKeyMaterialRequest) -> ();
        delete_imported_key_material(key_id: &'a str) -> ();
        import_public_key(request: polykms::ImportPublicKeyRequest) -> ();
    }
}

/// Account A's store, and a server whose account A is `AsyncOnly` over it.
fn serve_async_only(panic_on: Option<&'static str>) -> (Arc<InMemory>, InProcess) {
    let namespace = ResourceNamespace::new("aws", REGION, ACCOUNT_A);
    let store = Arc::new(InMemory::with_options(
        MemoryOptions::default().namespace(namespace),
    ));
    let inner: Arc<dyn AsyncKeyManager> = store.clone();
    let accounts = Accounts::new(REGION)
        .with_account(ACCOUNT_A, AsyncOnly { inner, panic_on })
        .with_credential(Credential::new(AKID_A, SECRET_A, ACCOUNT_A));
    (store, InProcess::serve(Server::new(accounts).unwrap()))
}

/// A signed call of account A on `conn`.
fn call_a(conn: &mut Conn, addr: SocketAddr, operation: &str, body: Value) -> RawResponse {
    let request = RawRequest::new(addr, operation, body.to_string()).signed(AKID_A, SECRET_A);
    conn.call(&request)
}

#[test]
fn an_async_only_provider_is_served() {
    let (store, server) = serve_async_only(None);
    let addr = server.addr;
    let mut conn = Conn::connect(addr);
    let created = call_a(&mut conn, addr, "CreateKey", json!({})).ok();
    let id = created["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
    let sealed = json!({"KeyId": id, "Plaintext": "c2VjcmV0"});
    let sealed = call_a(&mut conn, addr, "Encrypt", sealed).ok();
    let blob = sealed["CiphertextBlob"].clone();
    let opened = call_a(&mut conn, addr, "Decrypt", json!({"CiphertextBlob": blob})).ok();
    assert_eq!(opened["Plaintext"], "c2VjcmV0");
    assert_eq!(opened["KeyId"], sealed["KeyId"]);
    // A provided method (the trait's default, through `generate_data_key`).
    let data_key = json!({"KeyId": id, "KeySpec": "AES_256"});
    call_a(&mut conn, addr, "GenerateDataKeyWithoutPlaintext", data_key).ok();
    // RSA work, which the inner `InMemory` runs off the executor.
    let rsa = json!({"KeySpec": "RSA_2048", "KeyUsage": "SIGN_VERIFY"});
    let rsa = call_a(&mut conn, addr, "CreateKey", rsa).ok();
    let rsa = rsa["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
    let sign = json!({"KeyId": rsa, "Message": "bQ==", "SigningAlgorithm": "RSASSA_PSS_SHA_256"});
    call_a(&mut conn, addr, "Sign", sign).ok();
    let missing = json!({"KeyId": "alias/missing"});
    call_a(&mut conn, addr, "DescribeKey", missing).assert_error(400, "NotFoundException");
    let listed = call_a(&mut conn, addr, "ListKeys", json!({})).ok();
    assert_eq!(listed["Keys"].as_array().unwrap().len(), 2, "{listed}");
    server.stop();
    // The keys are the inner provider's.
    KeyManager::describe_key(&*store, &id).unwrap();
    KeyManager::describe_key(&*store, &rsa).unwrap();
}

#[test]
fn a_panic_in_a_provider_future_is_an_internal_error() {
    let (_store, server) = serve_async_only(Some("generate_random"));
    let addr = server.addr;
    let mut conn = Conn::connect(addr);
    let random = json!({"NumberOfBytes": 16});
    call_a(&mut conn, addr, "GenerateRandom", random).assert_error(500, "KMSInternalException");
    // The same connection, and the server, go on.
    let listed = call_a(&mut conn, addr, "ListKeys", json!({})).ok();
    assert_eq!(listed["Keys"], json!([]), "{listed}");
    server.stop();
}
