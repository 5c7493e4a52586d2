//! The official Rust SDK (`aws-sdk-kms`) against an in-process server: the
//! client and the helpers every SDK test uses, and the round trips of keys,
//! aliases, tags, rotation and imported material, and the typed errors the
//! SDK parses. The cryptographic operations are in `rust_sdk_crypto.rs`.

use std::collections::BTreeSet;

use aws_credential_types::Credentials;
use aws_sdk_kms::Client;
use aws_sdk_kms::config::Region;
use aws_sdk_kms::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_kms::operation::RequestId;
use aws_sdk_kms::operation::encrypt::EncryptOutput;
use aws_sdk_kms::operation::get_key_rotation_status::GetKeyRotationStatusOutput;
use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::types::{
    AlgorithmSpec, DataKeySpec, EncryptionAlgorithmSpec, ExpirationModelType, KeyMetadata, KeySpec,
    KeyState, KeyUsageType, OriginType, RotationType, Tag, WrappingKeySpec,
};

use crate::harness::{ACCOUNT_A, AKID_A, DataDir, InProcess, REGION, SECRET_A};

/// A Rust SDK client of `url`, signing with the given access key.
pub fn client_for(url: &str, akid: &str, secret: &str) -> Client {
    let config = aws_sdk_kms::Config::builder()
        .endpoint_url(url)
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new(akid, secret, None, None, "test"))
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .behavior_version_latest()
        .build();
    Client::from_conf(config)
}

/// A fresh store, a server over it, and account A's client.
pub struct Fixture {
    pub client: Client,
    pub url: String,
    // Dropped in this order: the server stops before its directory goes.
    _server: InProcess,
    _data: DataDir,
}

pub fn fixture() -> Fixture {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    Fixture {
        client: client_for(&server.url(), AKID_A, SECRET_A),
        url: server.url(),
        _server: server,
        _data: data,
    }
}

pub fn blob(bytes: &[u8]) -> Blob {
    Blob::new(bytes.to_vec())
}

/// The ARN of account A's key `key_id`.
pub fn key_arn(key_id: &str) -> String {
    format!("arn:aws:kms:{REGION}:{ACCOUNT_A}:key/{key_id}")
}

/// The service error of a failed call, or a panic naming what happened
/// instead.
pub fn service_error<E, R>(result: Result<impl std::fmt::Debug, SdkError<E, R>>) -> E
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
{
    match result {
        Ok(output) => panic!("expected a service error, got {output:?}"),
        Err(SdkError::ServiceError(e)) => e.into_err(),
        Err(other) => panic!("expected a service error, got {other:?}"),
    }
}

pub async fn create_key(client: &Client, spec: KeySpec, usage: KeyUsageType) -> String {
    let created = client
        .create_key()
        .key_spec(spec)
        .key_usage(usage)
        .send()
        .await
        .unwrap();
    created.key_metadata().unwrap().key_id().to_owned()
}

pub async fn symmetric_key(client: &Client) -> String {
    create_key(
        client,
        KeySpec::SymmetricDefault,
        KeyUsageType::EncryptDecrypt,
    )
    .await
}

/// `DescribeKey`'s metadata of `key`.
pub async fn describe(client: &Client, key: &str) -> KeyMetadata {
    let described = client.describe_key().key_id(key).send().await.unwrap();
    described.key_metadata().unwrap().clone()
}

/// The state `DescribeKey` gives `key`.
pub async fn key_state(client: &Client, key: &str) -> Option<KeyState> {
    describe(client, key).await.key_state().cloned()
}

/// `Encrypt` of `plaintext` under `key`, with nothing else set.
pub async fn encrypt(client: &Client, key: &str, plaintext: &[u8]) -> EncryptOutput {
    let request = client.encrypt().key_id(key).plaintext(blob(plaintext));
    request.send().await.unwrap()
}

/// The plaintext `Decrypt` gives of `ciphertext` (no key named, no
/// context).
pub async fn decrypt(client: &Client, ciphertext: &Blob) -> Vec<u8> {
    let request = client.decrypt().ciphertext_blob(ciphertext.clone());
    let opened = request.send().await.unwrap();
    opened.plaintext().unwrap().as_ref().to_vec()
}

#[tokio::test]
async fn keys_round_trip() {
    let f = fixture();
    let c = &f.client;
    let team = Tag::builder()
        .tag_key("team")
        .tag_value("blue")
        .build()
        .unwrap();
    let created = c
        .create_key()
        .description("first")
        .tags(team)
        .send()
        .await
        .unwrap();
    let meta = created.key_metadata().unwrap();
    let id = meta.key_id().to_owned();
    assert_eq!(meta.aws_account_id(), Some(ACCOUNT_A));
    assert_eq!(meta.arn(), Some(key_arn(&id).as_str()));
    assert_eq!(meta.key_state(), Some(&KeyState::Enabled));
    assert!(meta.enabled());
    assert_eq!(meta.description(), Some("first"));
    assert_eq!(meta.key_spec(), Some(&KeySpec::SymmetricDefault));
    assert_eq!(meta.key_usage(), Some(&KeyUsageType::EncryptDecrypt));
    assert_eq!(meta.origin(), Some(&OriginType::AwsKms));
    assert!(meta.creation_date().is_some());
    assert_eq!(
        meta.encryption_algorithms(),
        &[EncryptionAlgorithmSpec::SymmetricDefault]
    );

    // Describe, by id and by ARN.
    let arn = meta.arn().unwrap().to_owned();
    for name in [&id, &arn] {
        assert_eq!(describe(c, name).await.key_id(), id);
    }

    // Update the description.
    c.update_key_description()
        .key_id(&id)
        .description("renamed")
        .send()
        .await
        .unwrap();
    assert_eq!(describe(c, &id).await.description(), Some("renamed"));

    // Disable, enable.
    c.disable_key().key_id(&id).send().await.unwrap();
    let m = describe(c, &id).await;
    assert_eq!(m.key_state(), Some(&KeyState::Disabled));
    assert!(!m.enabled());
    c.enable_key().key_id(&id).send().await.unwrap();
    assert_eq!(key_state(c, &id).await, Some(KeyState::Enabled));

    list_keys_in_pages(c, &id).await;
    schedule_and_cancel_deletion(c, &id, &arn).await;
}

/// `ListKeys` with paging: `first` and 4 more keys, in pages of 2, by hand
/// and by the paginator.
async fn list_keys_in_pages(c: &Client, first: &str) {
    let mut ids = BTreeSet::from([first.to_owned()]);
    for _ in 0..4 {
        ids.insert(symmetric_key(c).await);
    }
    let mut listed = Vec::new();
    let mut marker: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = c
            .list_keys()
            .limit(2)
            .set_marker(marker.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        assert!(page.keys().len() <= 2, "{page:?}");
        for entry in page.keys() {
            let key_id = entry.key_id().unwrap().to_owned();
            assert_eq!(entry.key_arn(), Some(key_arn(&key_id).as_str()));
            listed.push(key_id);
        }
        if !page.truncated() {
            assert_eq!(page.next_marker(), None);
            break;
        }
        marker = Some(
            page.next_marker()
                .expect("a marker when truncated")
                .to_owned(),
        );
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(pages, 3);
    assert_eq!(listed.len(), 5, "{listed:?}");
    assert_eq!(listed.iter().cloned().collect::<BTreeSet<_>>(), ids);
    // The paginator agrees.
    let all: Vec<_> = c
        .list_keys()
        .limit(2)
        .into_paginator()
        .items()
        .send()
        .collect::<Vec<_>>()
        .await;
    assert_eq!(all.len(), 5);
}

/// Schedules the deletion of `id` (ARN `arn`) and cancels it.
async fn schedule_and_cancel_deletion(c: &Client, id: &str, arn: &str) {
    let scheduled = c
        .schedule_key_deletion()
        .key_id(id)
        .pending_window_in_days(7)
        .send()
        .await
        .unwrap();
    assert_eq!(scheduled.key_id(), Some(arn));
    assert_eq!(scheduled.key_state(), Some(&KeyState::PendingDeletion));
    assert_eq!(scheduled.pending_window_in_days(), Some(7));
    let deletion = scheduled.deletion_date().unwrap().secs();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        (deletion - now - 7 * 86_400).abs() < 3_600,
        "{deletion} vs {now}"
    );
    let m = describe(c, id).await;
    assert_eq!(m.key_state(), Some(&KeyState::PendingDeletion));
    assert!(m.deletion_date().is_some());
    let e = service_error(c.encrypt().key_id(id).plaintext(blob(b"x")).send().await);
    assert!(e.is_kms_invalid_state_exception(), "{e:?}");
    let cancelled = c.cancel_key_deletion().key_id(id).send().await.unwrap();
    assert_eq!(cancelled.key_id(), Some(arn));
    let m = describe(c, id).await;
    // AWS leaves a key whose deletion was cancelled disabled.
    assert_eq!(m.key_state(), Some(&KeyState::Disabled));
    assert_eq!(m.deletion_date(), None);
}

#[tokio::test]
async fn aliases_round_trip() {
    let f = fixture();
    let c = &f.client;
    let first = symmetric_key(c).await;
    let second = symmetric_key(c).await;
    for (name, target) in [("alias/app", &first), ("alias/other", &second)] {
        let request = c.create_alias().alias_name(name).target_key_id(target);
        request.send().await.unwrap();
    }
    let taken = c.create_alias().alias_name("alias/app");
    let e = service_error(taken.target_key_id(&second).send().await);
    assert!(e.is_already_exists_exception(), "{e:?}");
    let reserved = c.create_alias().alias_name("alias/aws/reserved");
    let e = service_error(reserved.target_key_id(&second).send().await);
    assert!(
        e.is_invalid_alias_name_exception() || e.code() == Some("ValidationException"),
        "{e:?}"
    );

    assert_eq!(describe(c, "alias/app").await.key_id(), first);
    let alias_arn = format!("arn:aws:kms:{REGION}:{ACCOUNT_A}:alias/app");
    assert_eq!(describe(c, &alias_arn).await.key_id(), first);

    let listed = c.list_aliases().send().await.unwrap();
    let app = listed
        .aliases()
        .iter()
        .find(|a| a.alias_name() == Some("alias/app"))
        .expect("alias/app listed");
    assert_eq!(app.target_key_id(), Some(first.as_str()));
    assert_eq!(app.alias_arn(), Some(alias_arn.as_str()));
    let of_second = c.list_aliases().key_id(&second).send().await.unwrap();
    let names: Vec<_> = of_second
        .aliases()
        .iter()
        .filter_map(|a| a.alias_name())
        .collect();
    assert_eq!(names, ["alias/other"]);

    update_and_delete_alias(c, &second).await;
}

/// Points `alias/app` at `second` (which `alias/other` names too), then
/// deletes it.
async fn update_and_delete_alias(c: &Client, second: &str) {
    c.update_alias()
        .alias_name("alias/app")
        .target_key_id(second)
        .send()
        .await
        .unwrap();
    assert_eq!(describe(c, "alias/app").await.key_id(), second);
    let sealed = encrypt(c, "alias/app", b"via alias").await;
    assert_eq!(sealed.key_id(), Some(key_arn(second).as_str()));
    let of_second = c.list_aliases().key_id(second).send().await.unwrap();
    assert_eq!(of_second.aliases().len(), 2);

    // Delete.
    c.delete_alias()
        .alias_name("alias/app")
        .send()
        .await
        .unwrap();
    let e = service_error(c.describe_key().key_id("alias/app").send().await);
    assert!(e.is_not_found_exception(), "{e:?}");
    let e = service_error(c.delete_alias().alias_name("alias/app").send().await);
    assert!(e.is_not_found_exception(), "{e:?}");
    let listed = c.list_aliases().send().await.unwrap();
    assert!(
        listed
            .aliases()
            .iter()
            .all(|a| a.alias_name() != Some("alias/app")),
        "{listed:?}"
    );
}

#[tokio::test]
async fn tags_round_trip() {
    let f = fixture();
    let c = &f.client;
    let id = symmetric_key(c).await;
    let tag = |k: &str, v: &str| Tag::builder().tag_key(k).tag_value(v).build().unwrap();
    c.tag_resource()
        .key_id(&id)
        .tags(tag("env", "test"))
        .tags(tag("owner", "ops"))
        .send()
        .await
        .unwrap();
    // Tagging an existing key replaces its value.
    let retag = c.tag_resource().key_id(&id).tags(tag("env", "prod"));
    retag.send().await.unwrap();
    let listed = c.list_resource_tags().key_id(&id).send().await.unwrap();
    let mut tags: Vec<_> = listed
        .tags()
        .iter()
        .map(|t| (t.tag_key().to_owned(), t.tag_value().to_owned()))
        .collect();
    tags.sort();
    assert_eq!(
        tags,
        [
            ("env".into(), "prod".into()),
            ("owner".into(), "ops".into())
        ] as [(String, String); 2]
    );
    assert!(!listed.truncated());
    let untag = c.untag_resource().key_id(&id).tag_keys("env");
    untag.send().await.unwrap();
    let listed = c.list_resource_tags().key_id(&id).send().await.unwrap();
    let keys: Vec<_> = listed.tags().iter().map(|t| t.tag_key()).collect();
    assert_eq!(keys, ["owner"]);
    let unknown = c
        .list_resource_tags()
        .key_id("00000000-0000-0000-0000-000000000000");
    let e = service_error(unknown.send().await);
    assert!(e.is_not_found_exception(), "{e:?}");
}

/// `GetKeyRotationStatus` of `key`.
async fn rotation_status(c: &Client, key: &str) -> GetKeyRotationStatusOutput {
    let request = c.get_key_rotation_status().key_id(key);
    request.send().await.unwrap()
}

#[tokio::test]
async fn rotation() {
    let f = fixture();
    let c = &f.client;
    let id = symmetric_key(c).await;
    assert!(!rotation_status(c, &id).await.key_rotation_enabled());
    let before = encrypt(c, &id, b"before rotation").await;

    c.enable_key_rotation()
        .key_id(&id)
        .rotation_period_in_days(90)
        .send()
        .await
        .unwrap();
    let status = rotation_status(c, &id).await;
    assert!(status.key_rotation_enabled());
    assert_eq!(status.rotation_period_in_days(), Some(90));
    assert!(status.next_rotation_date().is_some());

    let none = c.list_key_rotations().key_id(&id).send().await.unwrap();
    assert!(none.rotations().is_empty(), "{none:?}");
    let rotated = c.rotate_key_on_demand().key_id(&id).send().await.unwrap();
    assert!(
        rotated.key_id().is_some_and(|k| k.ends_with(&id)),
        "{rotated:?}"
    );
    let rotations = c.list_key_rotations().key_id(&id).send().await.unwrap();
    assert_eq!(rotations.rotations().len(), 1, "{rotations:?}");
    let entry = &rotations.rotations()[0];
    assert_eq!(entry.rotation_type(), Some(&RotationType::OnDemand));
    assert!(entry.rotation_date().is_some());

    // The old ciphertext still decrypts; new ones too.
    let before = before.ciphertext_blob().unwrap();
    assert_eq!(decrypt(c, before).await, b"before rotation");
    let after = encrypt(c, &id, b"after rotation").await;
    let after = after.ciphertext_blob().unwrap();
    assert_eq!(decrypt(c, after).await, b"after rotation");

    c.disable_key_rotation().key_id(&id).send().await.unwrap();
    assert!(!rotation_status(c, &id).await.key_rotation_enabled());

    // Rotation is for symmetric keys.
    let ecc = create_key(c, KeySpec::EccNistP256, KeyUsageType::SignVerify).await;
    let e = service_error(c.enable_key_rotation().key_id(&ecc).send().await);
    assert!(e.is_unsupported_operation_exception(), "{e:?}");
}

/// `material` wrapped with RSAES_OAEP_SHA_256 under the DER public key
/// `GetParametersForImport` gave.
fn wrap(public_key: &Blob, material: &[u8]) -> Vec<u8> {
    use rsa::pkcs8::DecodePublicKey;
    let wrapping = rsa::RsaPublicKey::from_public_key_der(public_key.as_ref()).unwrap();
    assert_eq!(rsa::traits::PublicKeyParts::size(&wrapping), 256);
    let oaep = rsa::Oaep::<sha2::Sha256>::new();
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    wrapping.encrypt(&mut rng, oaep, material).unwrap()
}

#[tokio::test]
async fn import_key_material() {
    let f = fixture();
    let c = &f.client;
    let created = c
        .create_key()
        .origin(OriginType::External)
        .send()
        .await
        .unwrap();
    let meta = created.key_metadata().unwrap();
    assert_eq!(meta.origin(), Some(&OriginType::External));
    assert_eq!(meta.key_state(), Some(&KeyState::PendingImport));
    let id = meta.key_id().to_owned();

    let params = c
        .get_parameters_for_import()
        .key_id(&id)
        .wrapping_algorithm(AlgorithmSpec::RsaesOaepSha256)
        .wrapping_key_spec(WrappingKeySpec::Rsa2048)
        .send()
        .await
        .unwrap();
    assert!(params.parameters_valid_to().is_some());
    let mut material = [0u8; 32];
    getrandom::fill(&mut material).unwrap();
    let wrapped = wrap(params.public_key().unwrap(), &material);
    let import = |encrypted_key_material: Vec<u8>| {
        c.import_key_material()
            .key_id(&id)
            .import_token(params.import_token().unwrap().clone())
            .encrypted_key_material(Blob::new(encrypted_key_material))
            .expiration_model(ExpirationModelType::KeyMaterialDoesNotExpire)
    };
    import(wrapped).send().await.unwrap();
    assert_eq!(key_state(c, &id).await, Some(KeyState::Enabled));
    let sealed = encrypt(c, &id, b"under imported material").await;
    let sealed = sealed.ciphertext_blob().unwrap();
    assert_eq!(decrypt(c, sealed).await, b"under imported material");

    // A token reused with other material is refused.
    let e = service_error(import(vec![0u8; 256]).send().await);
    assert!(e.code().is_some(), "{e:?}");

    c.delete_imported_key_material()
        .key_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(key_state(c, &id).await, Some(KeyState::PendingImport));
    let e = service_error(c.decrypt().ciphertext_blob(sealed.clone()).send().await);
    assert!(e.is_kms_invalid_state_exception(), "{e:?}");
}

#[tokio::test]
async fn typed_errors() {
    let f = fixture();
    let c = &f.client;
    let missing = "11111111-2222-3333-4444-555555555555";
    let e = service_error(c.describe_key().key_id(missing).send().await);
    assert!(e.is_not_found_exception(), "{e:?}");
    assert!(e.message().is_some_and(|m| !m.is_empty()), "{e:?}");
    assert!(e.request_id().is_some(), "{e:?}");
    let by_alias = c.encrypt().key_id("alias/nothing").plaintext(blob(b"x"));
    let e = service_error(by_alias.send().await);
    assert!(e.is_not_found_exception(), "{e:?}");

    let id = symmetric_key(c).await;
    c.disable_key().key_id(&id).send().await.unwrap();
    let e = service_error(c.encrypt().key_id(&id).plaintext(blob(b"x")).send().await);
    assert!(e.is_disabled_exception(), "{e:?}");
    let data_key = c
        .generate_data_key()
        .key_id(&id)
        .key_spec(DataKeySpec::Aes256);
    let e = service_error(data_key.send().await);
    assert!(e.is_disabled_exception(), "{e:?}");

    let garbage = blob(b"definitely not a ciphertext of this server");
    let e = service_error(c.decrypt().ciphertext_blob(garbage).send().await);
    assert!(e.is_invalid_ciphertext_exception(), "{e:?}");

    unserved_operations_are_unsupported(c, &id).await;
    invalid_input_is_refused(c).await;

    // A wrong secret: the SDK sees InvalidSignatureException.
    let bad = client_for(&f.url, AKID_A, "wrong secret");
    let e = service_error(bad.list_keys().send().await);
    assert_eq!(e.code(), Some("InvalidSignatureException"), "{e:?}");
    let stranger = client_for(&f.url, "AKIDNOBODY", "x");
    let e = service_error(stranger.list_keys().send().await);
    assert_eq!(e.code(), Some("UnrecognizedClientException"), "{e:?}");
}

/// Operations the server does not serve, on the key `id`.
async fn unserved_operations_are_unsupported(c: &Client, id: &str) {
    let e = service_error(
        c.put_key_policy()
            .key_id(id)
            .policy_name("default")
            .policy("{}")
            .send()
            .await,
    );
    assert!(e.is_unsupported_operation_exception(), "{e:?}");
    let e = service_error(
        c.create_grant()
            .key_id(id)
            .grantee_principal(format!("arn:aws:iam::{ACCOUNT_A}:role/app"))
            .operations(aws_sdk_kms::types::GrantOperation::Decrypt)
            .send()
            .await,
    );
    assert_eq!(e.code(), Some("UnsupportedOperationException"), "{e:?}");
    assert!(
        e.message().is_some_and(|m| m.contains("CreateGrant")),
        "{e:?}"
    );
}

/// Out-of-range input is a ValidationException; a DryRun of what would
/// succeed is a DryRunOperationException, and nothing happens.
async fn invalid_input_is_refused(c: &Client) {
    let e = service_error(c.generate_random().number_of_bytes(0).send().await);
    assert_eq!(e.code(), Some("ValidationException"), "{e:?}");

    let live = symmetric_key(c).await;
    let dry_run = c
        .encrypt()
        .key_id(&live)
        .plaintext(blob(b"x"))
        .dry_run(true);
    let e = service_error(dry_run.send().await);
    assert!(e.is_dry_run_operation_exception(), "{e:?}");
    // More than 4096 bytes of plaintext; a pending window under 7 days.
    let too_long = c.encrypt().key_id(&live).plaintext(blob(&[0u8; 4097]));
    let e = service_error(too_long.send().await);
    assert_eq!(e.code(), Some("ValidationException"), "{e:?}");
    let too_soon = c
        .schedule_key_deletion()
        .key_id(&live)
        .pending_window_in_days(6);
    let e = service_error(too_soon.send().await);
    assert_eq!(e.code(), Some("ValidationException"), "{e:?}");
    assert_eq!(key_state(c, &live).await, Some(KeyState::Enabled));
}
