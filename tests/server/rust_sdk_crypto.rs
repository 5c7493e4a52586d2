//! The official Rust SDK (`aws-sdk-kms`) against an in-process server: the
//! cryptographic operations (encryption, data keys and pairs, signatures,
//! MACs, random bytes), their results checked outside the server too.

use aws_sdk_kms::Client;
use aws_sdk_kms::operation::decrypt::builders::DecryptFluentBuilder;
use aws_sdk_kms::operation::sign::builders::SignFluentBuilder;
use aws_sdk_kms::operation::verify::builders::VerifyFluentBuilder;
use aws_sdk_kms::operation::verify_mac::builders::VerifyMacFluentBuilder;
use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::types::{
    DataKeyPairSpec, DataKeySpec, EncryptionAlgorithmSpec, KeySpec, KeyUsageType, MacAlgorithmSpec,
    MessageType, SigningAlgorithmSpec,
};

use crate::rust_sdk::{
    blob, create_key, decrypt, describe, fixture, key_arn, service_error, symmetric_key,
};

/// The context `symmetric_crypto` encrypts under, as `Decrypt` names it.
fn in_context(request: DecryptFluentBuilder) -> DecryptFluentBuilder {
    request
        .encryption_context("order", "42")
        .encryption_context("purpose", "test")
}

#[tokio::test]
async fn symmetric_crypto() {
    let f = fixture();
    let c = &f.client;
    let id = symmetric_key(c).await;
    let other = symmetric_key(c).await;

    let sealed = c
        .encrypt()
        .key_id(&id)
        .plaintext(blob(b"attack at dawn"))
        .encryption_context("purpose", "test")
        .encryption_context("order", "42")
        .send()
        .await
        .unwrap();
    assert_eq!(sealed.key_id(), Some(key_arn(&id).as_str()));
    assert_eq!(
        sealed.encryption_algorithm(),
        Some(&EncryptionAlgorithmSpec::SymmetricDefault)
    );
    let ciphertext = sealed.ciphertext_blob().unwrap().clone();
    let decrypt_it = || c.decrypt().ciphertext_blob(ciphertext.clone());
    let opened = in_context(decrypt_it()).send().await.unwrap();
    assert_eq!(opened.plaintext().unwrap().as_ref(), b"attack at dawn");
    assert_eq!(opened.key_id(), Some(key_arn(&id).as_str()));
    // Naming the key is allowed too.
    in_context(decrypt_it().key_id(&id)).send().await.unwrap();

    // Wrong or missing context, or a changed ciphertext: InvalidCiphertext.
    let wrong_context = decrypt_it()
        .encryption_context("order", "43")
        .encryption_context("purpose", "test");
    let e = service_error(wrong_context.send().await);
    assert!(e.is_invalid_ciphertext_exception(), "{e:?}");
    let e = service_error(decrypt_it().send().await);
    assert!(e.is_invalid_ciphertext_exception(), "{e:?}");
    let mut flipped = ciphertext.clone().into_inner();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    let changed = c.decrypt().ciphertext_blob(Blob::new(flipped));
    let e = service_error(in_context(changed).send().await);
    assert!(e.is_invalid_ciphertext_exception(), "{e:?}");
    // The wrong key named: IncorrectKey.
    let e = service_error(in_context(decrypt_it().key_id(&other)).send().await);
    assert!(e.is_incorrect_key_exception(), "{e:?}");

    re_encrypt_under_another_key(c, ciphertext, &id, &other).await;
    data_keys(c, &id).await;
}

/// `ReEncrypt` of `ciphertext` (under `id`, in `symmetric_crypto`'s
/// context) to `other` with another context.
async fn re_encrypt_under_another_key(c: &Client, ciphertext: Blob, id: &str, other: &str) {
    let moved = c
        .re_encrypt()
        .ciphertext_blob(ciphertext)
        .source_encryption_context("order", "42")
        .source_encryption_context("purpose", "test")
        .destination_key_id(other)
        .destination_encryption_context("moved", "yes")
        .send()
        .await
        .unwrap();
    assert_eq!(moved.source_key_id(), Some(key_arn(id).as_str()));
    assert_eq!(moved.key_id(), Some(key_arn(other).as_str()));
    let opened = c
        .decrypt()
        .ciphertext_blob(moved.ciphertext_blob().unwrap().clone())
        .encryption_context("moved", "yes")
        .send()
        .await
        .unwrap();
    assert_eq!(opened.plaintext().unwrap().as_ref(), b"attack at dawn");
    assert_eq!(opened.key_id(), Some(key_arn(other).as_str()));
}

/// `GenerateDataKey` (by spec, with a context; by length) and
/// `GenerateDataKeyWithoutPlaintext` under `id`.
async fn data_keys(c: &Client, id: &str) {
    let data_key = c
        .generate_data_key()
        .key_id(id)
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
    let by_length = c.generate_data_key().key_id(id).number_of_bytes(16);
    let data_key = by_length.send().await.unwrap();
    assert_eq!(data_key.plaintext().unwrap().as_ref().len(), 16);

    let bare = c
        .generate_data_key_without_plaintext()
        .key_id(id)
        .number_of_bytes(64)
        .send()
        .await
        .unwrap();
    assert_eq!(bare.key_id(), Some(key_arn(id).as_str()));
    let opened = decrypt(c, bare.ciphertext_blob().unwrap()).await;
    assert_eq!(opened.len(), 64);
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
    let opened = decrypt(c, bare.private_key_ciphertext_blob().unwrap()).await;
    {
        use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
        let private =
            rsa::RsaPrivateKey::from_pkcs8_der(&opened).expect("a PKCS#8 RSA private key");
        let public = rsa::RsaPublicKey::from_public_key_der(&public).expect("an RSA SPKI");
        assert_eq!(private.to_public_key(), public);
        assert_eq!(rsa::traits::PublicKeyParts::size(&public), 256);
    }
}

/// A `Sign` of `message` (`RAW` unless set otherwise) with `algorithm`.
fn sign(
    c: &Client,
    key: &str,
    message: &[u8],
    algorithm: &SigningAlgorithmSpec,
) -> SignFluentBuilder {
    let request = c.sign().key_id(key).message(blob(message));
    request.signing_algorithm(algorithm.clone())
}

/// A `Verify` of `signature` over `message` (`RAW` unless set otherwise)
/// with `algorithm`.
fn verify(
    c: &Client,
    key: &str,
    message: &[u8],
    signature: &Blob,
    algorithm: &SigningAlgorithmSpec,
) -> VerifyFluentBuilder {
    let request = c.verify().key_id(key).message(blob(message));
    request
        .signature(signature.clone())
        .signing_algorithm(algorithm.clone())
}

const MESSAGE: &[u8] = b"release 1.0";

#[tokio::test]
async fn asymmetric_sign_verify_and_encrypt() {
    let f = fixture();
    let c = &f.client;
    ecdsa_p256(c).await;
    rsa_2048_signatures(c).await;

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

/// ECC_NIST_P256 signatures, over the message and over its digest, checked
/// by the server and outside it.
async fn ecdsa_p256(c: &Client) {
    use sha2::Digest;
    let es256 = SigningAlgorithmSpec::EcdsaSha256;
    let ecc = create_key(c, KeySpec::EccNistP256, KeyUsageType::SignVerify).await;
    let signed = sign(c, &ecc, MESSAGE, &es256).message_type(MessageType::Raw);
    let signed = signed.send().await.unwrap();
    assert_eq!(signed.signing_algorithm(), Some(&es256));
    let signature = signed.signature().unwrap().clone();
    let verified = verify(c, &ecc, MESSAGE, &signature, &es256);
    assert!(verified.send().await.unwrap().signature_valid());
    // Over the digest, as DIGEST.
    let digest = sha2::Sha256::digest(MESSAGE).to_vec();
    let verified = verify(c, &ecc, &digest, &signature, &es256).message_type(MessageType::Digest);
    assert!(verified.send().await.unwrap().signature_valid());
    let other_message = verify(c, &ecc, b"release 1.1", &signature, &es256);
    let e = service_error(other_message.send().await);
    assert!(e.is_kms_invalid_signature_exception(), "{e:?}");
    let public = c.get_public_key().key_id(&ecc).send().await.unwrap();
    assert_eq!(public.key_spec(), Some(&KeySpec::EccNistP256));
    assert_eq!(public.key_usage(), Some(&KeyUsageType::SignVerify));
    assert_eq!(public.signing_algorithms(), &[es256]);
    {
        // The signature verifies outside the server too (DER, as AWS).
        use p256::ecdsa::signature::Verifier;
        use p256::pkcs8::DecodePublicKey;
        let key =
            p256::ecdsa::VerifyingKey::from_public_key_der(public.public_key().unwrap().as_ref())
                .unwrap();
        let sig = p256::ecdsa::Signature::from_der(signature.as_ref()).unwrap();
        key.verify(MESSAGE, &sig).unwrap();
    }
    // A signing key does not encrypt.
    let e = service_error(c.encrypt().key_id(&ecc).plaintext(blob(b"x")).send().await);
    assert!(e.is_invalid_key_usage_exception(), "{e:?}");
}

/// RSA_2048 signatures, PSS and PKCS#1 v1.5; an algorithm of another key
/// type is refused.
async fn rsa_2048_signatures(c: &Client) {
    use sha2::Digest;
    let rsa_key = create_key(c, KeySpec::Rsa2048, KeyUsageType::SignVerify).await;
    let public = c.get_public_key().key_id(&rsa_key).send().await.unwrap();
    assert_eq!(public.key_spec(), Some(&KeySpec::Rsa2048));
    assert!(
        public
            .signing_algorithms()
            .contains(&SigningAlgorithmSpec::RsassaPssSha256)
    );
    let public_der = public.public_key().unwrap().as_ref().to_vec();
    let digest = sha2::Sha256::digest(MESSAGE).to_vec();
    for algorithm in [
        SigningAlgorithmSpec::RsassaPssSha256,
        SigningAlgorithmSpec::RsassaPkcs1V15Sha256,
    ] {
        let signed = sign(c, &rsa_key, MESSAGE, &algorithm).send().await.unwrap();
        let signature = signed.signature().unwrap().clone();
        assert_eq!(signature.as_ref().len(), 256);
        let verified = verify(c, &rsa_key, MESSAGE, &signature, &algorithm);
        let verified = verified.send().await.unwrap();
        assert!(verified.signature_valid(), "{algorithm:?}");
        if algorithm == SigningAlgorithmSpec::RsassaPkcs1V15Sha256 {
            use rsa::pkcs8::DecodePublicKey;
            let key = rsa::RsaPublicKey::from_public_key_der(&public_der).unwrap();
            let scheme = rsa::Pkcs1v15Sign::new::<sha2::Sha256>();
            key.verify(scheme, &digest, signature.as_ref()).unwrap();
        }
        let tampered = verify(c, &rsa_key, b"tampered", &signature, &algorithm);
        let e = service_error(tampered.send().await);
        assert!(e.is_kms_invalid_signature_exception(), "{e:?}");
    }
    // An algorithm of another key type.
    let es256 = SigningAlgorithmSpec::EcdsaSha256;
    let e = service_error(sign(c, &rsa_key, MESSAGE, &es256).send().await);
    assert!(e.is_invalid_key_usage_exception(), "{e:?}");
}

/// A `VerifyMac` of `mac` over `message` with HMAC_SHA_256.
fn verify_mac(c: &Client, key: &str, message: &[u8], mac: Blob) -> VerifyMacFluentBuilder {
    let request = c.verify_mac().key_id(key).message(blob(message)).mac(mac);
    request.mac_algorithm(MacAlgorithmSpec::HmacSha256)
}

/// `GenerateRandom` of `count` bytes.
async fn random(c: &Client, count: i32) -> Vec<u8> {
    let random = c.generate_random().number_of_bytes(count);
    let random = random.send().await.unwrap();
    random.plaintext().unwrap().as_ref().to_vec()
}

#[tokio::test]
async fn mac_and_random() {
    let f = fixture();
    let c = &f.client;
    let id = create_key(c, KeySpec::Hmac256, KeyUsageType::GenerateVerifyMac).await;
    assert_eq!(
        describe(c, &id).await.mac_algorithms(),
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
    let verified = verify_mac(c, &id, b"payload", tag.clone()).send().await;
    assert!(verified.unwrap().mac_valid());
    let e = service_error(verify_mac(c, &id, b"payload!", tag).send().await);
    assert!(e.is_kms_invalid_mac_exception(), "{e:?}");

    let (a, b) = (random(c, 32).await, random(c, 32).await);
    assert_eq!((a.len(), b.len()), (32, 32));
    assert_ne!(a, b);
    assert_eq!(random(c, 1024).await.len(), 1024);
}
