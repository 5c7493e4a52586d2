//! The cryptographic endpoints over an [`InMemory`] provider, called
//! directly with a hand-built [`Context`].

use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use super::super::{Context, Fail, asymmetric, random};
use super::b64;
use crate::wire::huawei::{self as wire, hex_decode, hex_encode};
use crate::{
    AsyncKeyManager, CreateAliasRequest, CreateKeyRequest, InMemory, KeyManager, KeySpec, KeyUsage,
    MessageType, SigningAlgorithm,
};

const PROJECT: &str = "0123456789abcdef0123456789abcdef";

/// Calls the endpoint `name` with `body`.
async fn call(kms: &dyn AsyncKeyManager, name: &str, body: Value) -> Result<Value, Fail> {
    let route = wire::route("POST", &format!("/v1.0/{PROJECT}/kms/{name}"))
        .unwrap_or_else(|| panic!("no route for {name}"));
    let body = serde_json::to_vec(&body).unwrap();
    let cx = Context {
        kms,
        region: "cn-north-4",
        project_id: PROJECT,
        account: "111122223333",
        request_id: "test-request",
        route: &route,
        query: &[],
        body: &body,
    };
    match name {
        "encrypt-data" => super::encrypt_data(&cx).await,
        "decrypt-data" => super::decrypt_data(&cx).await,
        "create-datakey" => super::create_datakey(&cx).await,
        "create-datakey-without-plaintext" => super::create_datakey_without_plaintext(&cx).await,
        "encrypt-datakey" => super::encrypt_datakey(&cx).await,
        "decrypt-datakey" => super::decrypt_datakey(&cx).await,
        "re-encrypt" => super::re_encrypt(&cx).await,
        "sign" => asymmetric::sign(&cx).await,
        "verify" => asymmetric::verify(&cx).await,
        "get-publickey" => asymmetric::get_publickey(&cx).await,
        "generate-mac" => asymmetric::generate_mac(&cx).await,
        "verify-mac" => asymmetric::verify_mac(&cx).await,
        "create-ec-datakey-pair" => asymmetric::create_ec_datakey_pair(&cx).await,
        "create-rsa-datakey-pair" => asymmetric::create_rsa_datakey_pair(&cx).await,
        "derive-shared-secret" => asymmetric::derive_shared_secret(&cx).await,
        "gen-random" => random::gen_random(&cx).await,
        other => panic!("not a cryptographic endpoint: {other}"),
    }
}

/// A field of an answer as text.
fn text(answer: &Value, field: &str) -> String {
    answer[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} is not text in {answer}"))
        .to_owned()
}

/// The parameter a refusal names as invalid (`KMS.0308`).
fn invalid(result: Result<Value, Fail>) -> &'static str {
    match result {
        Err(Fail::Invalid { parameter, .. }) => parameter,
        other => panic!("expected an invalid parameter, got {other:?}"),
    }
}

fn key(kms: &InMemory, spec: KeySpec, usage: KeyUsage) -> String {
    KeyManager::create_key(kms, CreateKeyRequest::new(spec).usage(usage))
        .unwrap()
        .key_id
        .to_string()
}

fn symmetric(kms: &InMemory) -> String {
    key(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt)
}

fn unb64(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

#[tokio::test]
async fn encrypt_data_round_trips_text_by_id_and_alias() {
    let kms = InMemory::new();
    let id = symmetric(&kms);
    KeyManager::create_alias(&kms, CreateAliasRequest::new("alias/files", &id)).unwrap();
    for reference in [id.as_str(), "alias/files"] {
        let sealed = call(
            &kms,
            "encrypt-data",
            json!({"key_id": reference, "plain_text": "héllo, 世界"}),
        )
        .await
        .unwrap();
        assert_eq!(text(&sealed, "key_id"), id);
        let blob = unb64(&text(&sealed, "cipher_text"));
        assert!(blob.len() > "héllo, 世界".len());
        let opened = call(
            &kms,
            "decrypt-data",
            json!({"cipher_text": text(&sealed, "cipher_text")}),
        )
        .await
        .unwrap();
        assert_eq!(text(&opened, "key_id"), id);
        assert_eq!(text(&opened, "plain_text"), "héllo, 世界");
        assert_eq!(
            unb64(&text(&opened, "plain_text_base64")),
            "héllo, 世界".as_bytes()
        );
    }
}

#[tokio::test]
async fn additional_authenticated_data_binds_as_a_context() {
    let kms = InMemory::new();
    let id = symmetric(&kms);
    for aad in [r#"{"b":"2","a":"1"}"#, "any text at all"] {
        let sealed = call(
            &kms,
            "encrypt-data",
            json!({"key_id": id, "plain_text": "secret", "additional_authenticated_data": aad}),
        )
        .await
        .unwrap();
        let cipher_text = text(&sealed, "cipher_text");
        let opened = call(
            &kms,
            "decrypt-data",
            json!({"cipher_text": cipher_text, "additional_authenticated_data": aad}),
        )
        .await
        .unwrap();
        assert_eq!(text(&opened, "plain_text"), "secret");
        for wrong in [None, Some("other text"), Some(r#"{"a":"1"}"#)] {
            let result = call(
                &kms,
                "decrypt-data",
                json!({"cipher_text": cipher_text, "additional_authenticated_data": wrong}),
            )
            .await;
            assert!(matches!(result, Err(Fail::Kms(_))), "{aad} vs {wrong:?}");
        }
    }
    // The same object in another order binds the same way.
    let sealed = call(
        &kms,
        "encrypt-data",
        json!({"key_id": id, "plain_text": "x", "additional_authenticated_data": r#"{"a":"1","b":"2"}"#}),
    )
    .await
    .unwrap();
    call(
        &kms,
        "decrypt-data",
        json!({"cipher_text": text(&sealed, "cipher_text"), "additional_authenticated_data": r#"{"b":"2","a":"1"}"#}),
    )
    .await
    .unwrap();
    for refused in [
        r#"{"a":1}"#,
        r#"{"a":{"b":"c"}}"#,
        r#"{"additional_authenticated_data":"x"}"#,
    ] {
        let result = call(
            &kms,
            "encrypt-data",
            json!({"key_id": id, "plain_text": "x", "additional_authenticated_data": refused}),
        )
        .await;
        assert_eq!(
            invalid(result),
            "additional_authenticated_data",
            "{refused}"
        );
    }
}

#[tokio::test]
async fn encrypt_data_limits_and_missing_parameters() {
    let kms = InMemory::new();
    let id = symmetric(&kms);
    let longest = "a".repeat(4096);
    call(
        &kms,
        "encrypt-data",
        json!({"key_id": id, "plain_text": longest}),
    )
    .await
    .unwrap();
    let result = call(
        &kms,
        "encrypt-data",
        json!({"key_id": id, "plain_text": "a".repeat(4097)}),
    )
    .await;
    assert_eq!(invalid(result), "plain_text");
    let result = call(&kms, "encrypt-data", json!({"plain_text": "a"})).await;
    assert!(matches!(result, Err(Fail::Missing("key_id"))));
    let result = call(
        &kms,
        "encrypt-data",
        json!({"key_id": id, "plain_text": ""}),
    )
    .await;
    assert!(matches!(result, Err(Fail::Missing("plain_text"))));
    let result = call(&kms, "decrypt-data", json!({"cipher_text": "not base64!"})).await;
    assert_eq!(invalid(result), "cipher_text");
}

#[tokio::test]
async fn data_keys_are_hex_in_bits_and_decrypt_through_both_endpoints() {
    let kms = InMemory::new();
    let id = symmetric(&kms);
    for (body, bytes) in [
        (json!({"key_id": id}), 32),
        (json!({"key_id": id, "datakey_length": "128"}), 16),
        (json!({"key_id": id, "key_spec": "AES_128"}), 16),
        (json!({"key_id": id, "key_spec": "HMAC_512"}), 64),
        (
            json!({"key_id": id, "key_spec": "AES_128", "datakey_length": "512"}),
            64,
        ),
        (json!({"key_id": id, "datakey_length": "8"}), 1),
        (json!({"key_id": id, "datakey_length": "8192"}), 1024),
    ] {
        let made = call(&kms, "create-datakey", body.clone()).await.unwrap();
        assert_eq!(text(&made, "key_id"), id);
        let plain = hex_decode(&text(&made, "plain_text")).unwrap();
        assert_eq!(plain.len(), bytes, "{body}");
        let cipher_text = text(&made, "cipher_text");
        let opened = call(
            &kms,
            "decrypt-datakey",
            json!({"key_id": id, "cipher_text": cipher_text, "datakey_cipher_length": bytes.to_string()}),
        )
        .await
        .unwrap();
        assert_eq!(text(&opened, "data_key"), text(&made, "plain_text"));
        assert_eq!(text(&opened, "datakey_length"), bytes.to_string());
        assert_eq!(
            text(&opened, "datakey_dgst"),
            hex_encode(&Sha256::digest(&plain))
        );
        let blob = hex_decode(&cipher_text).unwrap();
        let opened = call(&kms, "decrypt-data", json!({"cipher_text": b64(&blob)}))
            .await
            .unwrap();
        assert_eq!(unb64(&text(&opened, "plain_text_base64")), plain);
    }
    let bare = call(
        &kms,
        "create-datakey-without-plaintext",
        json!({"key_id": id}),
    )
    .await
    .unwrap();
    assert!(bare.get("plain_text").is_none());
    let opened = call(
        &kms,
        "decrypt-datakey",
        json!({"key_id": id, "cipher_text": text(&bare, "cipher_text")}),
    )
    .await
    .unwrap();
    assert_eq!(text(&opened, "datakey_length"), "32");
}

#[tokio::test]
async fn data_key_lengths_out_of_range_are_refused() {
    let kms = InMemory::new();
    let id = symmetric(&kms);
    for bits in ["0", "12", "8200", "-8", "abc", "1e3"] {
        for endpoint in ["create-datakey", "create-datakey-without-plaintext"] {
            let result = call(
                &kms,
                endpoint,
                json!({"key_id": id, "datakey_length": bits}),
            )
            .await;
            assert_eq!(invalid(result), "datakey_length", "{bits}");
        }
    }
    let result = call(
        &kms,
        "create-datakey",
        json!({"key_id": id, "key_spec": "AES_512"}),
    )
    .await;
    assert_eq!(invalid(result), "key_spec");
    let result = call(&kms, "create-datakey", json!({"key_id": id, "pin": "1234"})).await;
    assert!(matches!(result, Err(Fail::Unsupported(_))));
}

/// hex(key ‖ SHA-256(key)), as `encrypt-datakey` takes it.
fn with_digest(key: &[u8]) -> String {
    let mut both = key.to_vec();
    both.extend_from_slice(&Sha256::digest(key));
    hex_encode(&both)
}

#[tokio::test]
async fn encrypt_datakey_checks_the_digest_and_round_trips() {
    let kms = InMemory::new();
    let id = symmetric(&kms);
    let data_key: Vec<u8> = (0..32u8).collect();
    for stated in ["32", "64"] {
        let sealed = call(
            &kms,
            "encrypt-datakey",
            json!({
                "key_id": id,
                "plain_text": with_digest(&data_key),
                "datakey_plain_length": stated,
                "additional_authenticated_data": "envelope",
            }),
        )
        .await
        .unwrap();
        assert_eq!(text(&sealed, "key_id"), id);
        assert_eq!(text(&sealed, "datakey_length"), "32");
        let opened = call(
            &kms,
            "decrypt-datakey",
            json!({
                "key_id": id,
                "cipher_text": text(&sealed, "cipher_text"),
                "datakey_cipher_length": stated,
                "additional_authenticated_data": "envelope",
            }),
        )
        .await
        .unwrap();
        assert_eq!(hex_decode(&text(&opened, "data_key")).unwrap(), data_key);
        let wrong_aad = call(
            &kms,
            "decrypt-datakey",
            json!({"key_id": id, "cipher_text": text(&sealed, "cipher_text")}),
        )
        .await;
        assert!(matches!(wrong_aad, Err(Fail::Kms(_))));
    }
    let mut tampered = hex_decode(&with_digest(&data_key)).unwrap();
    tampered[40] ^= 1;
    let result = call(
        &kms,
        "encrypt-datakey",
        json!({"key_id": id, "plain_text": hex_encode(&tampered), "datakey_plain_length": "32"}),
    )
    .await;
    assert!(
        matches!(
            result,
            Err(Fail::Coded {
                code: "KMS.2103",
                ..
            })
        ),
        "{result:?}"
    );
    let result = call(
        &kms,
        "encrypt-datakey",
        json!({"key_id": id, "plain_text": with_digest(&data_key), "datakey_plain_length": "48"}),
    )
    .await;
    assert_eq!(invalid(result), "datakey_plain_length");
    let result = call(
        &kms,
        "encrypt-datakey",
        json!({"key_id": id, "plain_text": "xyz", "datakey_plain_length": "32"}),
    )
    .await;
    assert_eq!(invalid(result), "plain_text");
    // A digest alone holds no data key.
    let result = call(
        &kms,
        "encrypt-datakey",
        json!({"key_id": id, "plain_text": hex_encode(&Sha256::digest(b"")), "datakey_plain_length": "32"}),
    )
    .await;
    assert_eq!(invalid(result), "plain_text");
    let result = call(
        &kms,
        "encrypt-datakey",
        json!({"key_id": id, "plain_text": with_digest(&data_key)}),
    )
    .await;
    assert!(matches!(result, Err(Fail::Missing("datakey_plain_length"))));
}

#[tokio::test]
async fn decrypt_datakey_names_the_key_and_checks_the_stated_length() {
    let kms = InMemory::new();
    let id = symmetric(&kms);
    let other = symmetric(&kms);
    let made = call(&kms, "create-datakey", json!({"key_id": id}))
        .await
        .unwrap();
    let cipher_text = text(&made, "cipher_text");
    let result = call(
        &kms,
        "decrypt-datakey",
        json!({"key_id": other, "cipher_text": cipher_text}),
    )
    .await;
    assert!(matches!(result, Err(Fail::Kms(_))), "{result:?}");
    let result = call(
        &kms,
        "decrypt-datakey",
        json!({"key_id": id, "cipher_text": cipher_text, "datakey_cipher_length": "16"}),
    )
    .await;
    assert_eq!(invalid(result), "datakey_cipher_length");
    let result = call(&kms, "decrypt-datakey", json!({"cipher_text": cipher_text})).await;
    assert!(matches!(result, Err(Fail::Missing("key_id"))));
}

#[tokio::test]
async fn re_encrypt_moves_a_ciphertext_between_keys_and_contexts() {
    let kms = InMemory::new();
    let from = symmetric(&kms);
    let to = symmetric(&kms);
    let sealed = call(
        &kms,
        "encrypt-data",
        json!({"key_id": from, "plain_text": "moving", "additional_authenticated_data": "old"}),
    )
    .await
    .unwrap();
    let moved = call(
        &kms,
        "re-encrypt",
        json!({
            "cipher_text": text(&sealed, "cipher_text"),
            "source_additional_authenticated_data": "old",
            "destination_key_id": to,
            "destination_additional_authenticated_data": "new",
        }),
    )
    .await
    .unwrap();
    assert_eq!(text(&moved, "key_id"), to);
    assert_eq!(text(&moved, "source_key_id"), from);
    assert_eq!(
        text(&moved, "source_encryption_algorithm"),
        "SYMMETRIC_DEFAULT"
    );
    assert_eq!(
        text(&moved, "destination_encryption_algorithm"),
        "SYMMETRIC_DEFAULT"
    );
    let opened = call(
        &kms,
        "decrypt-data",
        json!({"cipher_text": text(&moved, "cipher_text"), "additional_authenticated_data": "new"}),
    )
    .await
    .unwrap();
    assert_eq!(text(&opened, "plain_text"), "moving");
    assert_eq!(text(&opened, "key_id"), to);
    let result = call(
        &kms,
        "re-encrypt",
        json!({"cipher_text": text(&sealed, "cipher_text"), "destination_key_id": to}),
    )
    .await;
    assert!(matches!(result, Err(Fail::Kms(_))));
}

/// The DER of a PEM public key.
fn pem_der(pem: &str) -> Vec<u8> {
    let (label, der) = der::pem::decode_vec(pem.as_bytes()).unwrap();
    assert_eq!(label, "PUBLIC KEY");
    der
}

#[tokio::test]
async fn sign_and_verify_digest_by_default_and_raw() {
    let kms = InMemory::new();
    let id = key(&kms, KeySpec::EccNistP256, KeyUsage::SignVerify);
    let message = b"the message".as_slice();
    let digest = Sha256::digest(message).to_vec();
    let public = call(&kms, "get-publickey", json!({"key_id": id}))
        .await
        .unwrap();
    assert_eq!(text(&public, "key_id"), id);
    let der = pem_der(&text(&public, "public_key"));
    assert_eq!(
        der,
        KeyManager::get_public_key(&kms, &id).unwrap().public_key
    );
    let verifier = crate::crypto::public::PublicKey::from_der(KeySpec::EccNistP256, &der).unwrap();
    for (message_type, signed, kind) in [
        (None, digest.as_slice(), MessageType::Digest),
        (Some("DIGEST"), digest.as_slice(), MessageType::Digest),
        (Some("RAW"), message, MessageType::Raw),
    ] {
        let sig = call(
            &kms,
            "sign",
            json!({"key_id": id, "message": b64(signed), "signing_algorithm": "ECDSA_SHA_256", "message_type": message_type}),
        )
        .await
        .unwrap();
        assert_eq!(text(&sig, "key_id"), id);
        let signature = unb64(&text(&sig, "signature"));
        verifier
            .verify(SigningAlgorithm::EcdsaSha256, kind, signed, &signature)
            .unwrap();
        let checked = call(
            &kms,
            "verify",
            json!({"key_id": id, "message": b64(signed), "signature": b64(&signature), "signing_algorithm": "ECDSA_SHA_256", "message_type": message_type}),
        )
        .await
        .unwrap();
        assert_eq!(checked["signature_valid"], json!("true"));
        assert_eq!(text(&checked, "key_id"), id);
        let mut other = signed.to_vec();
        other[0] ^= 1;
        let checked = call(
            &kms,
            "verify",
            json!({"key_id": id, "message": b64(&other), "signature": b64(&signature), "signing_algorithm": "ECDSA_SHA_256", "message_type": message_type}),
        )
        .await
        .unwrap();
        assert_eq!(checked["signature_valid"], json!("false"));
        assert_eq!(text(&checked, "key_id"), id);
    }
    // A whole message given as a digest is the wrong length.
    let result = call(
        &kms,
        "sign",
        json!({"key_id": id, "message": b64(message), "signing_algorithm": "ECDSA_SHA_256"}),
    )
    .await;
    assert!(matches!(result, Err(Fail::Kms(_))), "{result:?}");
    let result = call(&kms, "sign", json!({"key_id": id, "message": b64(&digest)})).await;
    assert!(matches!(result, Err(Fail::Missing("signing_algorithm"))));
    let result = call(
        &kms,
        "sign",
        json!({"key_id": id, "message": b64(&[0; 4097]), "signing_algorithm": "ECDSA_SHA_256", "message_type": "RAW"}),
    )
    .await;
    assert_eq!(invalid(result), "message");
    let result = call(
        &kms,
        "sign",
        json!({"key_id": id, "message": b64(&digest), "signing_algorithm": "ECDSA_SHA_256", "message_type": "TEXT"}),
    )
    .await;
    assert_eq!(invalid(result), "message_type");
}

#[tokio::test]
async fn sm2_signing_takes_huaweis_spelling() {
    let kms = InMemory::new();
    let id = key(&kms, KeySpec::Sm2, KeyUsage::SignVerify);
    let sig = call(
        &kms,
        "sign",
        json!({"key_id": id, "message": b64(b"raw message"), "signing_algorithm": "SM2DSA_SM3", "message_type": "RAW"}),
    )
    .await
    .unwrap();
    let checked = call(
        &kms,
        "verify",
        json!({"key_id": id, "message": b64(b"raw message"), "signature": text(&sig, "signature"), "signing_algorithm": "SM2DSA_SM3", "message_type": "RAW"}),
    )
    .await
    .unwrap();
    assert_eq!(checked["signature_valid"], json!("true"));
}

#[tokio::test]
async fn macs_generate_and_verify_as_answers() {
    let kms = InMemory::new();
    let id = key(&kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    let made = call(
        &kms,
        "generate-mac",
        json!({"key_id": id, "mac_algorithm": "HMAC_SHA_256", "message": b64(b"data")}),
    )
    .await
    .unwrap();
    assert_eq!(text(&made, "key_id"), id);
    assert_eq!(text(&made, "mac_algorithm"), "HMAC_SHA_256");
    let mac = unb64(&text(&made, "mac"));
    assert_eq!(mac.len(), 32);
    // Without an algorithm, the key's only one.
    let again = call(
        &kms,
        "generate-mac",
        json!({"key_id": id, "message": b64(b"data")}),
    )
    .await
    .unwrap();
    assert_eq!(unb64(&text(&again, "mac")), mac);
    let checked = call(
        &kms,
        "verify-mac",
        json!({"key_id": id, "mac_algorithm": "HMAC_SHA_256", "message": b64(b"data"), "mac": b64(&mac)}),
    )
    .await
    .unwrap();
    assert_eq!(checked["mac_valid"], json!(true));
    assert_eq!(text(&checked, "key_id"), id);
    let checked = call(
        &kms,
        "verify-mac",
        json!({"key_id": id, "mac_algorithm": "HMAC_SHA_256", "message": b64(b"datb"), "mac": b64(&mac)}),
    )
    .await
    .unwrap();
    assert_eq!(checked["mac_valid"], json!(false));
    assert_eq!(text(&checked, "key_id"), id);
    let result = call(&kms, "generate-mac", json!({"key_id": id, "message": ""})).await;
    assert!(matches!(result, Err(Fail::Missing("message"))));
    let result = call(
        &kms,
        "generate-mac",
        json!({"key_id": id, "message": b64(&[7; 4097])}),
    )
    .await;
    assert_eq!(invalid(result), "message");
}

#[tokio::test]
async fn random_lengths_are_bits_and_the_answer_hex() {
    let kms = InMemory::new();
    for (bits, bytes) in [("8", 1), ("256", 32), ("8192", 1024)] {
        let made = call(&kms, "gen-random", json!({"random_data_length": bits}))
            .await
            .unwrap();
        let random = hex_decode(&text(&made, "random_data")).unwrap();
        assert_eq!(random.len(), bytes);
    }
    let a = call(&kms, "gen-random", json!({"random_data_length": "512"}))
        .await
        .unwrap();
    let b = call(&kms, "gen-random", json!({"random_data_length": "512"}))
        .await
        .unwrap();
    assert_ne!(a["random_data"], b["random_data"]);
    for bits in ["0", "7", "12", "8200", "abc", "-8"] {
        let result = call(&kms, "gen-random", json!({"random_data_length": bits})).await;
        assert_eq!(invalid(result), "random_data_length", "{bits}");
    }
    let result = call(&kms, "gen-random", json!({})).await;
    assert!(matches!(result, Err(Fail::Missing("random_data_length"))));
}

#[tokio::test]
async fn ec_data_key_pairs_with_and_without_plaintext() {
    let kms = InMemory::new();
    let id = symmetric(&kms);
    let pair = call(
        &kms,
        "create-ec-datakey-pair",
        json!({"key_id": id, "key_spec": "ECC_NIST_P256", "additional_authenticated_data": "pair"}),
    )
    .await
    .unwrap();
    assert_eq!(text(&pair, "key_id"), id);
    assert_eq!(text(&pair, "key_spec"), "ECC_NIST_P256");
    let public = pem_der(&text(&pair, "public_key"));
    crate::crypto::public::PublicKey::from_der(KeySpec::EccNistP256, &public).unwrap();
    let private = unb64(&text(&pair, "private_key_plain_text"));
    {
        use p256::pkcs8::{DecodePrivateKey as _, EncodePublicKey as _};
        let key = p256::SecretKey::from_pkcs8_der(&private).unwrap();
        let derived = key.public_key().to_public_key_der().unwrap();
        assert_eq!(derived.as_bytes(), public.as_slice());
    }
    let opened = call(
        &kms,
        "decrypt-data",
        json!({"cipher_text": text(&pair, "private_key_cipher_text"), "additional_authenticated_data": "pair"}),
    )
    .await
    .unwrap();
    assert_eq!(unb64(&text(&opened, "plain_text_base64")), private);
    let bare = call(
        &kms,
        "create-ec-datakey-pair",
        json!({"key_id": id, "key_spec": "ECC_NIST_P256", "with_plain_text": false}),
    )
    .await
    .unwrap();
    assert!(bare.get("private_key_plain_text").is_none());
    assert!(bare.get("private_key_cipher_text").is_some());
    let result = call(
        &kms,
        "create-ec-datakey-pair",
        json!({"key_id": id, "key_spec": "RSA_2048"}),
    )
    .await;
    assert_eq!(invalid(result), "key_spec");
    let result = call(
        &kms,
        "create-rsa-datakey-pair",
        json!({"key_id": id, "key_spec": "ECC_NIST_P256"}),
    )
    .await;
    assert_eq!(invalid(result), "key_spec");
    let result = call(&kms, "create-ec-datakey-pair", json!({"key_id": id})).await;
    assert!(matches!(result, Err(Fail::Missing("key_spec"))));
}

#[tokio::test]
async fn derived_secrets_agree_between_two_keys() {
    let kms = InMemory::new();
    let a = key(&kms, KeySpec::EccNistP256, KeyUsage::KeyAgreement);
    let b = key(&kms, KeySpec::EccNistP256, KeyUsage::KeyAgreement);
    let public_a = KeyManager::get_public_key(&kms, &a).unwrap().public_key;
    let public_b = KeyManager::get_public_key(&kms, &b).unwrap().public_key;
    let ab = call(
        &kms,
        "derive-shared-secret",
        json!({"key_id": a, "key_agreement_algorithm": "ECDH", "public_key": b64(&public_b)}),
    )
    .await
    .unwrap();
    let ba = call(
        &kms,
        "derive-shared-secret",
        json!({"key_id": b, "public_key": b64(&public_a)}),
    )
    .await
    .unwrap();
    assert_eq!(text(&ab, "key_id"), a);
    assert_eq!(text(&ab, "key_agreement_algorithm"), "ECDH");
    let secret = unb64(&text(&ab, "shared_secret"));
    assert_eq!(secret.len(), 32);
    assert_eq!(secret, unb64(&text(&ba, "shared_secret")));
    let result = call(
        &kms,
        "derive-shared-secret",
        json!({"key_id": a, "public_key": b64(&public_b), "recipient": {"attestation_document": "AA=="}}),
    )
    .await;
    assert!(matches!(result, Err(Fail::Unsupported(_))));
    let result = call(
        &kms,
        "derive-shared-secret",
        json!({"key_id": a, "public_key": b64(b"not a key")}),
    )
    .await;
    assert!(matches!(result, Err(Fail::Kms(_))), "{result:?}");
}

#[tokio::test]
async fn asymmetric_encryption_names_its_key_to_decrypt() {
    let kms = InMemory::new();
    let id = key(&kms, KeySpec::Sm2, KeyUsage::EncryptDecrypt);
    let sealed = call(
        &kms,
        "encrypt-data",
        json!({"key_id": id, "plain_text": "国密", "encryption_algorithm": "SM2_ENCRYPT"}),
    )
    .await
    .unwrap();
    let cipher_text = text(&sealed, "cipher_text");
    let result = call(
        &kms,
        "decrypt-data",
        json!({"cipher_text": cipher_text, "encryption_algorithm": "SM2_ENCRYPT"}),
    )
    .await;
    assert!(matches!(result, Err(Fail::Missing("key_id"))));
    let opened = call(
        &kms,
        "decrypt-data",
        json!({"key_id": id, "cipher_text": cipher_text, "encryption_algorithm": "SM2_ENCRYPT"}),
    )
    .await
    .unwrap();
    assert_eq!(text(&opened, "plain_text"), "国密");
    assert_eq!(text(&opened, "key_id"), id);
}

#[tokio::test]
async fn rsa_data_key_pairs_answer_a_matching_private_key() {
    let kms = InMemory::new();
    let id = symmetric(&kms);
    let pair = call(
        &kms,
        "create-rsa-datakey-pair",
        json!({"key_id": id, "key_spec": "RSA_2048"}),
    )
    .await
    .unwrap();
    assert_eq!(text(&pair, "key_spec"), "RSA_2048");
    let public = pem_der(&text(&pair, "public_key"));
    crate::crypto::public::PublicKey::from_der(KeySpec::Rsa2048, &public).unwrap();
    let private = unb64(&text(&pair, "private_key_plain_text"));
    {
        use rsa::pkcs8::{DecodePrivateKey as _, EncodePublicKey as _};
        let key = rsa::RsaPrivateKey::from_pkcs8_der(&private).unwrap();
        let derived = key.to_public_key().to_public_key_der().unwrap();
        assert_eq!(derived.as_bytes(), public.as_slice());
    }
    let opened = call(
        &kms,
        "decrypt-data",
        json!({"cipher_text": text(&pair, "private_key_cipher_text")}),
    )
    .await
    .unwrap();
    assert_eq!(unb64(&text(&opened, "plain_text_base64")), private);
}
