//! The official Rust SDK (`aws-sdk-kms`) against an in-process server: a
//! round trip of every operation family, and the typed errors it parses.

use std::collections::BTreeSet;

use aws_credential_types::Credentials;
use aws_sdk_kms::Client;
use aws_sdk_kms::config::Region;
use aws_sdk_kms::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_kms::operation::RequestId;
use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::types::{
    AlgorithmSpec, DataKeyPairSpec, DataKeySpec, EncryptionAlgorithmSpec, ExpirationModelType,
    KeySpec, KeyState, KeyUsageType, MacAlgorithmSpec, MessageType, OriginType, RotationType,
    SigningAlgorithmSpec, Tag, WrappingKeySpec,
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
struct Fixture {
    client: Client,
    url: String,
    // Dropped in this order: the server stops before its directory goes.
    _server: InProcess,
    _data: DataDir,
}

fn fixture() -> Fixture {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    Fixture {
        client: client_for(&server.url(), AKID_A, SECRET_A),
        url: server.url(),
        _server: server,
        _data: data,
    }
}

fn blob(bytes: &[u8]) -> Blob {
    Blob::new(bytes.to_vec())
}

/// The service error of a failed call, or a panic naming what happened
/// instead.
fn service_error<E, R>(result: Result<impl std::fmt::Debug, SdkError<E, R>>) -> E
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

async fn create_key(client: &Client, spec: KeySpec, usage: KeyUsageType) -> String {
    let created = client
        .create_key()
        .key_spec(spec)
        .key_usage(usage)
        .send()
        .await
        .unwrap();
    created.key_metadata().unwrap().key_id().to_owned()
}

async fn symmetric_key(client: &Client) -> String {
    create_key(
        client,
        KeySpec::SymmetricDefault,
        KeyUsageType::EncryptDecrypt,
    )
    .await
}

#[tokio::test]
async fn keys_round_trip() {
    let f = fixture();
    let c = &f.client;
    let created = c
        .create_key()
        .description("first")
        .tags(
            Tag::builder()
                .tag_key("team")
                .tag_value("blue")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let meta = created.key_metadata().unwrap();
    let id = meta.key_id().to_owned();
    assert_eq!(meta.aws_account_id(), Some(ACCOUNT_A));
    assert_eq!(
        meta.arn(),
        Some(format!("arn:aws:kms:{REGION}:{ACCOUNT_A}:key/{id}").as_str())
    );
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
        let described = c.describe_key().key_id(name).send().await.unwrap();
        assert_eq!(described.key_metadata().unwrap().key_id(), id);
    }

    // Update the description.
    c.update_key_description()
        .key_id(&id)
        .description("renamed")
        .send()
        .await
        .unwrap();
    let described = c.describe_key().key_id(&id).send().await.unwrap();
    assert_eq!(
        described.key_metadata().unwrap().description(),
        Some("renamed")
    );

    // Disable, enable.
    c.disable_key().key_id(&id).send().await.unwrap();
    let m = c.describe_key().key_id(&id).send().await.unwrap();
    assert_eq!(
        m.key_metadata().unwrap().key_state(),
        Some(&KeyState::Disabled)
    );
    assert!(!m.key_metadata().unwrap().enabled());
    c.enable_key().key_id(&id).send().await.unwrap();
    let m = c.describe_key().key_id(&id).send().await.unwrap();
    assert_eq!(
        m.key_metadata().unwrap().key_state(),
        Some(&KeyState::Enabled)
    );

    // List with paging: 5 keys, pages of 2.
    let mut ids = BTreeSet::from([id.clone()]);
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
            assert_eq!(
                entry.key_arn(),
                Some(format!("arn:aws:kms:{REGION}:{ACCOUNT_A}:key/{key_id}").as_str())
            );
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

    // Schedule deletion, cancel it.
    let scheduled = c
        .schedule_key_deletion()
        .key_id(&id)
        .pending_window_in_days(7)
        .send()
        .await
        .unwrap();
    assert_eq!(scheduled.key_id(), Some(arn.as_str()));
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
    let m = c.describe_key().key_id(&id).send().await.unwrap();
    let m = m.key_metadata().unwrap();
    assert_eq!(m.key_state(), Some(&KeyState::PendingDeletion));
    assert!(m.deletion_date().is_some());
    let e = service_error(c.encrypt().key_id(&id).plaintext(blob(b"x")).send().await);
    assert!(e.is_kms_invalid_state_exception(), "{e:?}");
    let cancelled = c.cancel_key_deletion().key_id(&id).send().await.unwrap();
    assert_eq!(cancelled.key_id(), Some(arn.as_str()));
    let m = c.describe_key().key_id(&id).send().await.unwrap();
    // AWS leaves a key whose deletion was cancelled disabled.
    assert_eq!(
        m.key_metadata().unwrap().key_state(),
        Some(&KeyState::Disabled)
    );
    assert_eq!(m.key_metadata().unwrap().deletion_date(), None);
}

#[tokio::test]
async fn aliases_round_trip() {
    let f = fixture();
    let c = &f.client;
    let first = symmetric_key(c).await;
    let second = symmetric_key(c).await;
    c.create_alias()
        .alias_name("alias/app")
        .target_key_id(&first)
        .send()
        .await
        .unwrap();
    c.create_alias()
        .alias_name("alias/other")
        .target_key_id(&second)
        .send()
        .await
        .unwrap();
    let e = service_error(
        c.create_alias()
            .alias_name("alias/app")
            .target_key_id(&second)
            .send()
            .await,
    );
    assert!(e.is_already_exists_exception(), "{e:?}");
    let e = service_error(
        c.create_alias()
            .alias_name("alias/aws/reserved")
            .target_key_id(&second)
            .send()
            .await,
    );
    assert!(
        e.is_invalid_alias_name_exception() || e.code() == Some("ValidationException"),
        "{e:?}"
    );

    let described = c.describe_key().key_id("alias/app").send().await.unwrap();
    assert_eq!(described.key_metadata().unwrap().key_id(), first);
    let alias_arn = format!("arn:aws:kms:{REGION}:{ACCOUNT_A}:alias/app");
    let described = c.describe_key().key_id(&alias_arn).send().await.unwrap();
    assert_eq!(described.key_metadata().unwrap().key_id(), first);

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

    // Update: alias/app now names the second key.
    c.update_alias()
        .alias_name("alias/app")
        .target_key_id(&second)
        .send()
        .await
        .unwrap();
    let described = c.describe_key().key_id("alias/app").send().await.unwrap();
    assert_eq!(described.key_metadata().unwrap().key_id(), second);
    let sealed = c
        .encrypt()
        .key_id("alias/app")
        .plaintext(blob(b"via alias"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        sealed.key_id(),
        Some(format!("arn:aws:kms:{REGION}:{ACCOUNT_A}:key/{second}").as_str())
    );
    let of_second = c.list_aliases().key_id(&second).send().await.unwrap();
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
    c.tag_resource()
        .key_id(&id)
        .tags(tag("env", "prod"))
        .send()
        .await
        .unwrap();
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
    c.untag_resource()
        .key_id(&id)
        .tag_keys("env")
        .send()
        .await
        .unwrap();
    let listed = c.list_resource_tags().key_id(&id).send().await.unwrap();
    let keys: Vec<_> = listed.tags().iter().map(|t| t.tag_key()).collect();
    assert_eq!(keys, ["owner"]);
    let e = service_error(
        c.list_resource_tags()
            .key_id("00000000-0000-0000-0000-000000000000")
            .send()
            .await,
    );
    assert!(e.is_not_found_exception(), "{e:?}");
}

#[tokio::test]
async fn symmetric_crypto() {
    let f = fixture();
    let c = &f.client;
    let id = symmetric_key(c).await;
    let other = symmetric_key(c).await;
    let arn = |k: &str| format!("arn:aws:kms:{REGION}:{ACCOUNT_A}:key/{k}");

    let sealed = c
        .encrypt()
        .key_id(&id)
        .plaintext(blob(b"attack at dawn"))
        .encryption_context("purpose", "test")
        .encryption_context("order", "42")
        .send()
        .await
        .unwrap();
    assert_eq!(sealed.key_id(), Some(arn(&id).as_str()));
    assert_eq!(
        sealed.encryption_algorithm(),
        Some(&EncryptionAlgorithmSpec::SymmetricDefault)
    );
    let ciphertext = sealed.ciphertext_blob().unwrap().clone();
    let opened = c
        .decrypt()
        .ciphertext_blob(ciphertext.clone())
        .encryption_context("order", "42")
        .encryption_context("purpose", "test")
        .send()
        .await
        .unwrap();
    assert_eq!(opened.plaintext().unwrap().as_ref(), b"attack at dawn");
    assert_eq!(opened.key_id(), Some(arn(&id).as_str()));
    // Naming the key is allowed too.
    c.decrypt()
        .key_id(&id)
        .ciphertext_blob(ciphertext.clone())
        .encryption_context("order", "42")
        .encryption_context("purpose", "test")
        .send()
        .await
        .unwrap();

    // Wrong or missing context, or a changed ciphertext: InvalidCiphertext.
    let e = service_error(
        c.decrypt()
            .ciphertext_blob(ciphertext.clone())
            .encryption_context("order", "43")
            .encryption_context("purpose", "test")
            .send()
            .await,
    );
    assert!(e.is_invalid_ciphertext_exception(), "{e:?}");
    let e = service_error(c.decrypt().ciphertext_blob(ciphertext.clone()).send().await);
    assert!(e.is_invalid_ciphertext_exception(), "{e:?}");
    let mut flipped = ciphertext.clone().into_inner();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    let e = service_error(
        c.decrypt()
            .ciphertext_blob(Blob::new(flipped))
            .encryption_context("order", "42")
            .encryption_context("purpose", "test")
            .send()
            .await,
    );
    assert!(e.is_invalid_ciphertext_exception(), "{e:?}");
    // The wrong key named: IncorrectKey.
    let e = service_error(
        c.decrypt()
            .key_id(&other)
            .ciphertext_blob(ciphertext.clone())
            .encryption_context("order", "42")
            .encryption_context("purpose", "test")
            .send()
            .await,
    );
    assert!(e.is_incorrect_key_exception(), "{e:?}");

    // Re-encrypt under the other key with another context.
    let moved = c
        .re_encrypt()
        .ciphertext_blob(ciphertext)
        .source_encryption_context("order", "42")
        .source_encryption_context("purpose", "test")
        .destination_key_id(&other)
        .destination_encryption_context("moved", "yes")
        .send()
        .await
        .unwrap();
    assert_eq!(moved.source_key_id(), Some(arn(&id).as_str()));
    assert_eq!(moved.key_id(), Some(arn(&other).as_str()));
    let opened = c
        .decrypt()
        .ciphertext_blob(moved.ciphertext_blob().unwrap().clone())
        .encryption_context("moved", "yes")
        .send()
        .await
        .unwrap();
    assert_eq!(opened.plaintext().unwrap().as_ref(), b"attack at dawn");
    assert_eq!(opened.key_id(), Some(arn(&other).as_str()));

    // Data keys.
    let data_key = c
        .generate_data_key()
        .key_id(&id)
        .key_spec(DataKeySpec::Aes256)
        .encryption_context("dk", "1")
        .send()
        .await
        .unwrap();
    let plaintext = data_key.plaintext().unwrap().as_ref().to_vec();
    assert_eq!(plaintext.len(), 32);
    let opened = c
        .decrypt()
        .ciphertext_blob(data_key.ciphertext_blob().unwrap().clone())
        .encryption_context("dk", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(opened.plaintext().unwrap().as_ref(), plaintext.as_slice());
    let data_key = c
        .generate_data_key()
        .key_id(&id)
        .number_of_bytes(16)
        .send()
        .await
        .unwrap();
    assert_eq!(data_key.plaintext().unwrap().as_ref().len(), 16);

    let bare = c
        .generate_data_key_without_plaintext()
        .key_id(&id)
        .number_of_bytes(64)
        .send()
        .await
        .unwrap();
    assert_eq!(bare.key_id(), Some(arn(&id).as_str()));
    let opened = c
        .decrypt()
        .ciphertext_blob(bare.ciphertext_blob().unwrap().clone())
        .send()
        .await
        .unwrap();
    assert_eq!(opened.plaintext().unwrap().as_ref().len(), 64);
}

#[tokio::test]
async fn data_key_pairs() {
    let f = fixture();
    let c = &f.client;
    let id = symmetric_key(c).await;
    let pair = c
        .generate_data_key_pair()
        .key_id(&id)
        .key_pair_spec(DataKeyPairSpec::EccNistP256)
        .encryption_context("pair", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(pair.key_pair_spec(), Some(&DataKeyPairSpec::EccNistP256));
    let private = pair.private_key_plaintext().unwrap().as_ref().to_vec();
    let public = pair.public_key().unwrap().as_ref().to_vec();
    {
        use p256::pkcs8::{DecodePrivateKey, DecodePublicKey};
        let secret = p256::SecretKey::from_pkcs8_der(&private).expect("a PKCS#8 P-256 private key");
        let public_key = p256::PublicKey::from_public_key_der(&public).expect("a P-256 SPKI");
        assert_eq!(secret.public_key(), public_key);
    }
    let opened = c
        .decrypt()
        .ciphertext_blob(pair.private_key_ciphertext_blob().unwrap().clone())
        .encryption_context("pair", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(opened.plaintext().unwrap().as_ref(), private.as_slice());

    let bare = c
        .generate_data_key_pair_without_plaintext()
        .key_id(&id)
        .key_pair_spec(DataKeyPairSpec::Rsa2048)
        .send()
        .await
        .unwrap();
    assert_eq!(bare.key_pair_spec(), Some(&DataKeyPairSpec::Rsa2048));
    let public = bare.public_key().unwrap().as_ref().to_vec();
    let opened = c
        .decrypt()
        .ciphertext_blob(bare.private_key_ciphertext_blob().unwrap().clone())
        .send()
        .await
        .unwrap();
    {
        use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
        let private = rsa::RsaPrivateKey::from_pkcs8_der(opened.plaintext().unwrap().as_ref())
            .expect("a PKCS#8 RSA private key");
        let public = rsa::RsaPublicKey::from_public_key_der(&public).expect("an RSA SPKI");
        assert_eq!(private.to_public_key(), public);
        assert_eq!(rsa::traits::PublicKeyParts::size(&public), 256);
    }
}

#[tokio::test]
async fn asymmetric_sign_verify_and_encrypt() {
    use sha2::Digest;

    let f = fixture();
    let c = &f.client;
    let message = b"release 1.0";

    // ECC_NIST_P256.
    let ecc = create_key(c, KeySpec::EccNistP256, KeyUsageType::SignVerify).await;
    let signed = c
        .sign()
        .key_id(&ecc)
        .message(blob(message))
        .message_type(MessageType::Raw)
        .signing_algorithm(SigningAlgorithmSpec::EcdsaSha256)
        .send()
        .await
        .unwrap();
    assert_eq!(
        signed.signing_algorithm(),
        Some(&SigningAlgorithmSpec::EcdsaSha256)
    );
    let signature = signed.signature().unwrap().clone();
    let verified = c
        .verify()
        .key_id(&ecc)
        .message(blob(message))
        .signature(signature.clone())
        .signing_algorithm(SigningAlgorithmSpec::EcdsaSha256)
        .send()
        .await
        .unwrap();
    assert!(verified.signature_valid());
    // Over the digest, as DIGEST.
    let digest = sha2::Sha256::digest(message).to_vec();
    let verified = c
        .verify()
        .key_id(&ecc)
        .message(blob(&digest))
        .message_type(MessageType::Digest)
        .signature(signature.clone())
        .signing_algorithm(SigningAlgorithmSpec::EcdsaSha256)
        .send()
        .await
        .unwrap();
    assert!(verified.signature_valid());
    let e = service_error(
        c.verify()
            .key_id(&ecc)
            .message(blob(b"release 1.1"))
            .signature(signature.clone())
            .signing_algorithm(SigningAlgorithmSpec::EcdsaSha256)
            .send()
            .await,
    );
    assert!(e.is_kms_invalid_signature_exception(), "{e:?}");
    let public = c.get_public_key().key_id(&ecc).send().await.unwrap();
    assert_eq!(public.key_spec(), Some(&KeySpec::EccNistP256));
    assert_eq!(public.key_usage(), Some(&KeyUsageType::SignVerify));
    assert_eq!(
        public.signing_algorithms(),
        &[SigningAlgorithmSpec::EcdsaSha256]
    );
    {
        // The signature verifies outside the server too (DER, as AWS).
        use p256::ecdsa::signature::Verifier;
        use p256::pkcs8::DecodePublicKey;
        let key =
            p256::ecdsa::VerifyingKey::from_public_key_der(public.public_key().unwrap().as_ref())
                .unwrap();
        let sig = p256::ecdsa::Signature::from_der(signature.as_ref()).unwrap();
        key.verify(message, &sig).unwrap();
    }
    // A signing key does not encrypt.
    let e = service_error(c.encrypt().key_id(&ecc).plaintext(blob(b"x")).send().await);
    assert!(e.is_invalid_key_usage_exception(), "{e:?}");

    // RSA_2048: PSS and PKCS#1 v1.5.
    let rsa_key = create_key(c, KeySpec::Rsa2048, KeyUsageType::SignVerify).await;
    let public = c.get_public_key().key_id(&rsa_key).send().await.unwrap();
    assert_eq!(public.key_spec(), Some(&KeySpec::Rsa2048));
    assert!(
        public
            .signing_algorithms()
            .contains(&SigningAlgorithmSpec::RsassaPssSha256)
    );
    let public_der = public.public_key().unwrap().as_ref().to_vec();
    for algorithm in [
        SigningAlgorithmSpec::RsassaPssSha256,
        SigningAlgorithmSpec::RsassaPkcs1V15Sha256,
    ] {
        let signed = c
            .sign()
            .key_id(&rsa_key)
            .message(blob(message))
            .signing_algorithm(algorithm.clone())
            .send()
            .await
            .unwrap();
        let signature = signed.signature().unwrap().clone();
        assert_eq!(signature.as_ref().len(), 256);
        let verified = c
            .verify()
            .key_id(&rsa_key)
            .message(blob(message))
            .signature(signature.clone())
            .signing_algorithm(algorithm.clone())
            .send()
            .await
            .unwrap();
        assert!(verified.signature_valid(), "{algorithm:?}");
        if algorithm == SigningAlgorithmSpec::RsassaPkcs1V15Sha256 {
            use rsa::pkcs8::DecodePublicKey;
            let key = rsa::RsaPublicKey::from_public_key_der(&public_der).unwrap();
            key.verify(
                rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                &digest,
                signature.as_ref(),
            )
            .unwrap();
        }
        let e = service_error(
            c.verify()
                .key_id(&rsa_key)
                .message(blob(b"tampered"))
                .signature(signature)
                .signing_algorithm(algorithm)
                .send()
                .await,
        );
        assert!(e.is_kms_invalid_signature_exception(), "{e:?}");
    }
    // An algorithm of another key type.
    let e = service_error(
        c.sign()
            .key_id(&rsa_key)
            .message(blob(message))
            .signing_algorithm(SigningAlgorithmSpec::EcdsaSha256)
            .send()
            .await,
    );
    assert!(e.is_invalid_key_usage_exception(), "{e:?}");

    // RSA_2048 for encryption.
    let rsa_enc = create_key(c, KeySpec::Rsa2048, KeyUsageType::EncryptDecrypt).await;
    let sealed = c
        .encrypt()
        .key_id(&rsa_enc)
        .plaintext(blob(b"short secret"))
        .encryption_algorithm(EncryptionAlgorithmSpec::RsaesOaepSha256)
        .send()
        .await
        .unwrap();
    assert_eq!(sealed.ciphertext_blob().unwrap().as_ref().len(), 256);
    let opened = c
        .decrypt()
        .key_id(&rsa_enc)
        .ciphertext_blob(sealed.ciphertext_blob().unwrap().clone())
        .encryption_algorithm(EncryptionAlgorithmSpec::RsaesOaepSha256)
        .send()
        .await
        .unwrap();
    assert_eq!(opened.plaintext().unwrap().as_ref(), b"short secret");
}

#[tokio::test]
async fn mac_and_random() {
    let f = fixture();
    let c = &f.client;
    let id = create_key(c, KeySpec::Hmac256, KeyUsageType::GenerateVerifyMac).await;
    let described = c.describe_key().key_id(&id).send().await.unwrap();
    assert_eq!(
        described.key_metadata().unwrap().mac_algorithms(),
        &[MacAlgorithmSpec::HmacSha256]
    );
    let mac = c
        .generate_mac()
        .key_id(&id)
        .message(blob(b"payload"))
        .mac_algorithm(MacAlgorithmSpec::HmacSha256)
        .send()
        .await
        .unwrap();
    assert_eq!(mac.mac_algorithm(), Some(&MacAlgorithmSpec::HmacSha256));
    let tag = mac.mac().unwrap().clone();
    assert_eq!(tag.as_ref().len(), 32);
    let verified = c
        .verify_mac()
        .key_id(&id)
        .message(blob(b"payload"))
        .mac(tag.clone())
        .mac_algorithm(MacAlgorithmSpec::HmacSha256)
        .send()
        .await
        .unwrap();
    assert!(verified.mac_valid());
    let e = service_error(
        c.verify_mac()
            .key_id(&id)
            .message(blob(b"payload!"))
            .mac(tag)
            .mac_algorithm(MacAlgorithmSpec::HmacSha256)
            .send()
            .await,
    );
    assert!(e.is_kms_invalid_mac_exception(), "{e:?}");

    let a = c
        .generate_random()
        .number_of_bytes(32)
        .send()
        .await
        .unwrap();
    let b = c
        .generate_random()
        .number_of_bytes(32)
        .send()
        .await
        .unwrap();
    let (a, b) = (
        a.plaintext().unwrap().as_ref(),
        b.plaintext().unwrap().as_ref(),
    );
    assert_eq!((a.len(), b.len()), (32, 32));
    assert_ne!(a, b);
    let big = c
        .generate_random()
        .number_of_bytes(1024)
        .send()
        .await
        .unwrap();
    assert_eq!(big.plaintext().unwrap().as_ref().len(), 1024);
}

#[tokio::test]
async fn rotation() {
    let f = fixture();
    let c = &f.client;
    let id = symmetric_key(c).await;
    let status = c
        .get_key_rotation_status()
        .key_id(&id)
        .send()
        .await
        .unwrap();
    assert!(!status.key_rotation_enabled());
    let before = c
        .encrypt()
        .key_id(&id)
        .plaintext(blob(b"before rotation"))
        .send()
        .await
        .unwrap();

    c.enable_key_rotation()
        .key_id(&id)
        .rotation_period_in_days(90)
        .send()
        .await
        .unwrap();
    let status = c
        .get_key_rotation_status()
        .key_id(&id)
        .send()
        .await
        .unwrap();
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
    let opened = c
        .decrypt()
        .ciphertext_blob(before.ciphertext_blob().unwrap().clone())
        .send()
        .await
        .unwrap();
    assert_eq!(opened.plaintext().unwrap().as_ref(), b"before rotation");
    let after = c
        .encrypt()
        .key_id(&id)
        .plaintext(blob(b"after rotation"))
        .send()
        .await
        .unwrap();
    let opened = c
        .decrypt()
        .ciphertext_blob(after.ciphertext_blob().unwrap().clone())
        .send()
        .await
        .unwrap();
    assert_eq!(opened.plaintext().unwrap().as_ref(), b"after rotation");

    c.disable_key_rotation().key_id(&id).send().await.unwrap();
    let status = c
        .get_key_rotation_status()
        .key_id(&id)
        .send()
        .await
        .unwrap();
    assert!(!status.key_rotation_enabled());

    // Rotation is for symmetric keys.
    let ecc = create_key(c, KeySpec::EccNistP256, KeyUsageType::SignVerify).await;
    let e = service_error(c.enable_key_rotation().key_id(&ecc).send().await);
    assert!(e.is_unsupported_operation_exception(), "{e:?}");
}

#[tokio::test]
async fn import_key_material() {
    use rsa::pkcs8::DecodePublicKey;

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
    let wrapping =
        rsa::RsaPublicKey::from_public_key_der(params.public_key().unwrap().as_ref()).unwrap();
    assert_eq!(rsa::traits::PublicKeyParts::size(&wrapping), 256);
    let mut material = [0u8; 32];
    getrandom::fill(&mut material).unwrap();
    let wrapped = wrapping
        .encrypt(
            &mut rand_core::UnwrapErr(getrandom::SysRng),
            rsa::Oaep::<sha2::Sha256>::new(),
            &material,
        )
        .unwrap();
    c.import_key_material()
        .key_id(&id)
        .import_token(params.import_token().unwrap().clone())
        .encrypted_key_material(Blob::new(wrapped))
        .expiration_model(ExpirationModelType::KeyMaterialDoesNotExpire)
        .send()
        .await
        .unwrap();
    let m = c.describe_key().key_id(&id).send().await.unwrap();
    assert_eq!(
        m.key_metadata().unwrap().key_state(),
        Some(&KeyState::Enabled)
    );
    let sealed = c
        .encrypt()
        .key_id(&id)
        .plaintext(blob(b"under imported material"))
        .send()
        .await
        .unwrap();
    let opened = c
        .decrypt()
        .ciphertext_blob(sealed.ciphertext_blob().unwrap().clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        opened.plaintext().unwrap().as_ref(),
        b"under imported material"
    );

    // A token reused with other material is refused.
    let e = service_error(
        c.import_key_material()
            .key_id(&id)
            .import_token(params.import_token().unwrap().clone())
            .encrypted_key_material(Blob::new(vec![0u8; 256]))
            .expiration_model(ExpirationModelType::KeyMaterialDoesNotExpire)
            .send()
            .await,
    );
    assert!(e.code().is_some(), "{e:?}");

    c.delete_imported_key_material()
        .key_id(&id)
        .send()
        .await
        .unwrap();
    let m = c.describe_key().key_id(&id).send().await.unwrap();
    assert_eq!(
        m.key_metadata().unwrap().key_state(),
        Some(&KeyState::PendingImport)
    );
    let e = service_error(
        c.decrypt()
            .ciphertext_blob(sealed.ciphertext_blob().unwrap().clone())
            .send()
            .await,
    );
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
    let e = service_error(
        c.encrypt()
            .key_id("alias/nothing")
            .plaintext(blob(b"x"))
            .send()
            .await,
    );
    assert!(e.is_not_found_exception(), "{e:?}");

    let id = symmetric_key(c).await;
    c.disable_key().key_id(&id).send().await.unwrap();
    let e = service_error(c.encrypt().key_id(&id).plaintext(blob(b"x")).send().await);
    assert!(e.is_disabled_exception(), "{e:?}");
    let e = service_error(
        c.generate_data_key()
            .key_id(&id)
            .key_spec(DataKeySpec::Aes256)
            .send()
            .await,
    );
    assert!(e.is_disabled_exception(), "{e:?}");

    let e = service_error(
        c.decrypt()
            .ciphertext_blob(blob(b"definitely not a ciphertext of this server"))
            .send()
            .await,
    );
    assert!(e.is_invalid_ciphertext_exception(), "{e:?}");

    // Operations the server does not serve.
    let e = service_error(
        c.put_key_policy()
            .key_id(&id)
            .policy_name("default")
            .policy("{}")
            .send()
            .await,
    );
    assert!(e.is_unsupported_operation_exception(), "{e:?}");
    let e = service_error(
        c.create_grant()
            .key_id(&id)
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

    // Out-of-range input: a ValidationException.
    let e = service_error(c.generate_random().number_of_bytes(0).send().await);
    assert_eq!(e.code(), Some("ValidationException"), "{e:?}");

    // DryRun: the request would succeed, and nothing happens.
    let live = symmetric_key(c).await;
    let e = service_error(
        c.encrypt()
            .key_id(&live)
            .plaintext(blob(b"x"))
            .dry_run(true)
            .send()
            .await,
    );
    assert!(e.is_dry_run_operation_exception(), "{e:?}");
    // More than 4096 bytes of plaintext; a pending window under 7 days.
    let e = service_error(
        c.encrypt()
            .key_id(&live)
            .plaintext(Blob::new(vec![0u8; 4097]))
            .send()
            .await,
    );
    assert_eq!(e.code(), Some("ValidationException"), "{e:?}");
    let e = service_error(
        c.schedule_key_deletion()
            .key_id(&live)
            .pending_window_in_days(6)
            .send()
            .await,
    );
    assert_eq!(e.code(), Some("ValidationException"), "{e:?}");
    let m = c.describe_key().key_id(&live).send().await.unwrap();
    assert_eq!(
        m.key_metadata().unwrap().key_state(),
        Some(&KeyState::Enabled)
    );

    // A wrong secret: the SDK sees InvalidSignatureException.
    let bad = client_for(&f.url, AKID_A, "wrong secret");
    let e = service_error(bad.list_keys().send().await);
    assert_eq!(e.code(), Some("InvalidSignatureException"), "{e:?}");
    let stranger = client_for(&f.url, "AKIDNOBODY", "x");
    let e = service_error(stranger.list_keys().send().await);
    assert_eq!(e.code(), Some("UnrecognizedClientException"), "{e:?}");
}
