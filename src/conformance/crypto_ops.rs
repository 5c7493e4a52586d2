//! Round trips: every spec × allowed usage × algorithm × message type.

use crate::MacAlgorithm;
use crate::{CreateAliasRequest, GenerateRandomRequest, KeyManagerExt};
use crate::{
    CreateKeyRequest, DataKeyPairSpec, DataKeySpec, DecryptRequest, EncryptRequest,
    EncryptionAlgorithm, EncryptionContext, GenerateDataKeyPairRequest, GenerateDataKeyRequest,
    GenerateMacRequest, KeyManager, KeySpec, KeyUsage, MessageType, ReEncryptRequest, SignRequest,
    SigningAlgorithm, VerifyMacRequest, VerifyRequest, Vocabulary,
};
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::{create, every_spec_and_usage, is_rsa};
use crate::assert_err;

fn context() -> EncryptionContext {
    EncryptionContext::new()
        .with("tenant", "acme")
        .with("purpose", "conformance")
}

/// Encrypts and decrypts with every algorithm of the key at the smallest and
/// the largest plaintext it takes.
fn encryption_round_trips<K: KeyManager + ?Sized>(kms: &K, spec: KeySpec) {
    let key = create(kms, spec, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    for alg in spec.encryption_algorithms() {
        let max = alg.max_plaintext_len(spec).unwrap();
        for len in [1, max / 2, max] {
            let plaintext: Vec<u8> = (0..len).map(|i| (i * 7 + len) as u8).collect();
            let ctx = context();
            let mut request = EncryptRequest::new(id, &plaintext).algorithm(*alg);
            let mut decrypt = DecryptRequest::new(b"").algorithm(*alg);
            if *alg == EncryptionAlgorithm::SymmetricDefault {
                request = request.context(&ctx);
                decrypt = decrypt.context(&ctx);
            } else {
                decrypt = decrypt.key_id(id);
            }
            let sealed = kms
                .encrypt(request.clone())
                .unwrap_or_else(|e| panic!("{spec} {alg} {len}: {e}"));
            assert_eq!(sealed.key_id, key.key_id);
            assert_eq!(sealed.encryption_algorithm, *alg);
            assert_ne!(sealed.ciphertext_blob, plaintext);
            decrypt.ciphertext_blob = sealed.ciphertext_blob.clone().into();
            let opened = kms
                .decrypt(decrypt)
                .unwrap_or_else(|e| panic!("{spec} {alg} {len}: {e}"));
            assert_eq!(
                opened.plaintext.expose_secret(),
                plaintext.as_slice(),
                "{spec} {alg}"
            );
            assert_eq!(opened.key_id, key.key_id);
            // Randomised: the same plaintext never encrypts to the same bytes.
            let again = kms.encrypt(request).unwrap();
            assert_ne!(
                again.ciphertext_blob, sealed.ciphertext_blob,
                "{spec} {alg}"
            );
        }
    }
}

fn digest(alg: SigningAlgorithm, message: &[u8]) -> Vec<u8> {
    match alg.digest_len() {
        32 if alg == SigningAlgorithm::Sm2Dsa => panic!("SM2 digests need Z_A"),
        32 => Sha256::digest(message).to_vec(),
        48 => Sha384::digest(message).to_vec(),
        _ => Sha512::digest(message).to_vec(),
    }
}

/// Signs and verifies with every algorithm and message type of the key.
fn signing_round_trips<K: KeyManager + ?Sized>(kms: &K, spec: KeySpec) {
    let key = create(kms, spec, KeyUsage::SignVerify);
    let id = key.key_id.as_str();
    let message = b"the message to sign".as_slice();
    for alg in spec.signing_algorithms() {
        for kind in alg.message_types() {
            let input = match kind {
                MessageType::Raw => message.to_vec(),
                // SM2's digest is SM3(Z_A || M); any 32 bytes are a valid input.
                _ if *alg == SigningAlgorithm::Sm2Dsa => vec![0x5a; 32],
                _ => digest(*alg, message),
            };
            let signed = kms
                .sign(SignRequest::new(id, &input, *alg).message_type(*kind))
                .unwrap_or_else(|e| panic!("{spec} {alg} {kind}: {e}"));
            assert_eq!(signed.signing_algorithm, *alg);
            let verify =
                VerifyRequest::new(id, &input, *alg, &signed.signature).message_type(*kind);
            kms.verify(verify)
                .unwrap_or_else(|e| panic!("{spec} {alg} {kind}: {e}"));
            let mut other = input.clone();
            other[0] ^= 1;
            let wrong = VerifyRequest::new(id, &other, *alg, &signed.signature).message_type(*kind);
            assert_err!(kms.verify(wrong), Error::InvalidSignature);
            let mut bad_sig = signed.signature.clone();
            let last = bad_sig.len() - 1;
            bad_sig[last] ^= 1;
            let tampered = VerifyRequest::new(id, &input, *alg, &bad_sig).message_type(*kind);
            assert_err!(kms.verify(tampered), Error::InvalidSignature);
        }
        // RAW and DIGEST may run on different libraries: a signature made
        // through one verifies through the other.
        if alg.message_types() == [MessageType::Raw, MessageType::Digest]
            && *alg != SigningAlgorithm::Sm2Dsa
        {
            let digest = digest(*alg, message);
            let raw = kms
                .sign(SignRequest::new(id, message, *alg))
                .unwrap()
                .signature;
            let as_digest =
                VerifyRequest::new(id, &digest, *alg, &raw).message_type(MessageType::Digest);
            kms.verify(as_digest)
                .unwrap_or_else(|e| panic!("{spec} {alg}: RAW signature, DIGEST verify: {e}"));
            let sign_digest = SignRequest::new(id, &digest, *alg).message_type(MessageType::Digest);
            let from_digest = kms.sign(sign_digest).unwrap().signature;
            kms.verify(VerifyRequest::new(id, message, *alg, &from_digest))
                .unwrap_or_else(|e| panic!("{spec} {alg}: DIGEST signature, RAW verify: {e}"));
        }
    }
}

/// Every symmetric spec encrypts and decrypts at the smallest, a middle and the largest plaintext, with a context, to a fresh ciphertext each time.
pub fn symmetric_round_trips<K: KeyManager + ?Sized>(kms: &K) {
    for spec in [
        KeySpec::SymmetricDefault,
        KeySpec::Aes128,
        KeySpec::Aes192,
        KeySpec::Sm4,
    ] {
        encryption_round_trips(kms, spec);
    }
}

/// Every RSA spec encrypts and decrypts with each OAEP algorithm, and signs and verifies with each RSA signing algorithm and message type.
pub fn rsa_round_trips<K: KeyManager + ?Sized>(kms: &K) {
    for spec in [KeySpec::Rsa2048, KeySpec::Rsa3072, KeySpec::Rsa4096] {
        encryption_round_trips(kms, spec);
        signing_round_trips(kms, spec);
    }
}

/// Every NIST, secp256k1 and Ed25519 spec signs and verifies with each of its algorithms and message types; a changed message fails.
pub fn ecc_and_ed25519_round_trips<K: KeyManager + ?Sized>(kms: &K) {
    for spec in [
        KeySpec::EccNistP256,
        KeySpec::EccNistP384,
        KeySpec::EccNistP521,
        KeySpec::EccSecgP256k1,
        KeySpec::Ed25519,
    ] {
        signing_round_trips(kms, spec);
    }
}

/// ML-DSA-44, -65 and -87 sign and verify RAW messages and 64-byte μ
/// (EXTERNAL_MU); signatures have FIPS 204's sizes and are hedged (two
/// signatures of one message differ); the public key is SubjectPublicKeyInfo
/// with the NIST OID and the encoded key of FIPS 204's size.
pub fn ml_dsa_round_trips<K: KeyManager + ?Sized>(kms: &K) {
    // OID 2.16.840.1.101.3.4.3.17 to .19; public key and signature sizes.
    for (spec, last_arc, public_len, signature_len) in [
        (KeySpec::MlDsa44, 0x11, 1312, 2420),
        (KeySpec::MlDsa65, 0x12, 1952, 3309),
        (KeySpec::MlDsa87, 0x13, 2592, 4627),
    ] {
        signing_round_trips(kms, spec);
        let key = create(kms, spec, KeyUsage::SignVerify);
        let id = key.key_id.as_str();
        assert_eq!(key.signing_algorithms, [SigningAlgorithm::MlDsaShake256]);
        let info = kms.get_public_key(id).unwrap();
        let oid = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, last_arc];
        assert!(
            info.public_key.windows(oid.len()).any(|w| w == oid),
            "{spec}: the NIST OID is in the SPKI"
        );
        // SEQUENCE, AlgorithmIdentifier (13 bytes), BIT STRING header, key.
        assert_eq!(info.public_key.len(), 4 + 13 + 5 + public_len, "{spec}");
        let alg = SigningAlgorithm::MlDsaShake256;
        let first = kms.sign(SignRequest::new(id, b"hedged", alg)).unwrap();
        let second = kms.sign(SignRequest::new(id, b"hedged", alg)).unwrap();
        assert_eq!(first.signature.len(), signature_len, "{spec}");
        assert_ne!(first.signature, second.signature, "{spec}: hedged signing");
        // A μ is 64 bytes; DIGEST is not an ML-DSA message type.
        let short_mu = SignRequest::new(id, &[1; 32], alg).message_type(MessageType::ExternalMu);
        assert_err!(kms.sign(short_mu), Error::InvalidArgument { .. });
        let digest = SignRequest::new(id, &[1; 64], alg).message_type(MessageType::Digest);
        assert_err!(kms.sign(digest), Error::AlgorithmNotAllowed { .. });
    }
}

/// SM2 encrypts and decrypts, and signs and verifies, RAW and DIGEST.
pub fn sm2_round_trips<K: KeyManager + ?Sized>(kms: &K) {
    encryption_round_trips(kms, KeySpec::Sm2);
    signing_round_trips(kms, KeySpec::Sm2);
}

/// Every HMAC spec computes a MAC of the right length that verifies, and refuses a changed message or MAC.
pub fn hmac_round_trips<K: KeyManager + ?Sized>(kms: &K) {
    for spec in [
        KeySpec::Hmac224,
        KeySpec::Hmac256,
        KeySpec::Hmac384,
        KeySpec::Hmac512,
        KeySpec::HmacSm3,
    ] {
        let key = create(kms, spec, KeyUsage::GenerateVerifyMac);
        let id = key.key_id.as_str();
        for alg in spec.mac_algorithms() {
            for message in [b"m".as_slice(), &[7u8; 4096]] {
                let mac = kms
                    .generate_mac(GenerateMacRequest::new(id, message, *alg))
                    .unwrap();
                assert_eq!(mac.mac.len(), alg.mac_len(), "{spec}");
                assert_eq!(mac.mac_algorithm, *alg);
                let again = kms
                    .generate_mac(GenerateMacRequest::new(id, message, *alg))
                    .unwrap();
                assert_eq!(again.mac, mac.mac, "HMAC is deterministic");
                kms.verify_mac(VerifyMacRequest::new(id, message, *alg, &mac.mac))
                    .unwrap();
                let mut bad = mac.mac.clone();
                bad[0] ^= 0x80;
                assert_err!(
                    kms.verify_mac(VerifyMacRequest::new(id, message, *alg, &bad)),
                    Error::InvalidMac
                );
                assert_err!(
                    kms.verify_mac(VerifyMacRequest::new(
                        id,
                        message,
                        *alg,
                        &mac.mac[..mac.mac.len() - 1]
                    )),
                    Error::InvalidMac
                );
                assert_err!(
                    kms.verify_mac(VerifyMacRequest::new(id, b"other", *alg, &mac.mac)),
                    Error::InvalidMac
                );
            }
        }
        let other = create(kms, spec, KeyUsage::GenerateVerifyMac);
        let alg = spec.mac_algorithms()[0];
        let a = kms
            .generate_mac(GenerateMacRequest::new(id, b"x", alg))
            .unwrap();
        let b = kms
            .generate_mac(GenerateMacRequest::new(other.key_id.as_str(), b"x", alg))
            .unwrap();
        assert_ne!(
            a.mac, b.mac,
            "two HMAC keys of {spec} have different material"
        );
    }
}

/// Key metadata lists the algorithms of the key's usage and no others.
pub fn metadata_lists_the_algorithms_of_the_usage<K: KeyManager + ?Sized>(kms: &K) {
    for (spec, usage) in every_spec_and_usage() {
        if is_rsa(spec) && spec != KeySpec::Rsa2048 {
            continue; // same rules as RSA 2048; spare the key generation
        }
        let key = create(kms, spec, usage);
        assert_eq!(key.key_spec, spec);
        assert_eq!(key.key_usage, usage);
        assert!(key.enabled());
        assert!(key.arn.ends_with(&format!(":key/{}", key.key_id)));
        let (enc, sign, mac, agree) = match usage {
            KeyUsage::EncryptDecrypt => (spec.encryption_algorithms(), &[][..], &[][..], &[][..]),
            KeyUsage::SignVerify => (&[][..], spec.signing_algorithms(), &[][..], &[][..]),
            KeyUsage::KeyAgreement => (&[][..], &[][..], &[][..], spec.key_agreement_algorithms()),
            _ => (&[][..], &[][..], spec.mac_algorithms(), &[][..]),
        };
        assert_eq!(key.encryption_algorithms, enc, "{spec} {usage}");
        assert_eq!(key.signing_algorithms, sign, "{spec} {usage}");
        assert_eq!(key.mac_algorithms, mac, "{spec} {usage}");
        assert_eq!(key.key_agreement_algorithms, agree, "{spec} {usage}");
        assert_eq!(kms.describe_key(key.key_id.as_str()).unwrap(), key);
    }
    // Without a usage, the spec's default is taken.
    let default = kms
        .create_key(CreateKeyRequest::new(KeySpec::EccNistP256))
        .unwrap();
    assert_eq!(default.key_usage, KeyUsage::SignVerify);
    let default = kms
        .create_key(CreateKeyRequest::new(KeySpec::HmacSm3))
        .unwrap();
    assert_eq!(default.key_usage, KeyUsage::GenerateVerifyMac);
}

/// RSA, ECC, Ed25519 and SM2 public keys are DER SubjectPublicKeyInfo with
/// the right algorithm, convert to PEM, and are the same on every call.
pub fn public_keys_are_subject_public_key_info<K: KeyManager + ?Sized>(kms: &K) {
    // DER SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier { OID, params }, BIT STRING }.
    let cases: &[(KeySpec, KeyUsage, &[u8])] = &[
        (
            KeySpec::Rsa2048,
            KeyUsage::EncryptDecrypt,
            &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
        ),
        (
            KeySpec::EccNistP256,
            KeyUsage::SignVerify,
            &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
        ),
        (
            KeySpec::EccNistP384,
            KeyUsage::SignVerify,
            &[0x2b, 0x81, 0x04, 0x00, 0x22],
        ),
        (
            KeySpec::EccNistP521,
            KeyUsage::SignVerify,
            &[0x2b, 0x81, 0x04, 0x00, 0x23],
        ),
        (
            KeySpec::EccSecgP256k1,
            KeyUsage::SignVerify,
            &[0x2b, 0x81, 0x04, 0x00, 0x0a],
        ),
        (KeySpec::Ed25519, KeyUsage::SignVerify, &[0x2b, 0x65, 0x70]),
        (
            KeySpec::Sm2,
            KeyUsage::EncryptDecrypt,
            &[0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d],
        ),
        (
            KeySpec::EccNistP384,
            KeyUsage::KeyAgreement,
            &[0x2b, 0x81, 0x04, 0x00, 0x22],
        ),
        (
            KeySpec::MlDsa65,
            KeyUsage::SignVerify,
            &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x12],
        ),
    ];
    for (spec, usage, oid) in cases {
        let key = create(kms, *spec, *usage);
        let info = kms.get_public_key(key.key_id.as_str()).unwrap();
        assert_eq!(info.key_spec, *spec);
        assert_eq!(info.key_usage, *usage);
        assert_eq!(info.public_key[0], 0x30, "{spec}: a DER SEQUENCE");
        assert!(
            info.public_key.windows(oid.len()).any(|w| w == *oid),
            "{spec}: the curve or algorithm OID is in the SPKI"
        );
        match usage {
            KeyUsage::EncryptDecrypt => {
                assert_eq!(info.encryption_algorithms, spec.encryption_algorithms())
            }
            KeyUsage::KeyAgreement => {
                assert_eq!(
                    info.key_agreement_algorithms,
                    spec.key_agreement_algorithms()
                )
            }
            _ => assert_eq!(info.signing_algorithms, spec.signing_algorithms()),
        }
        let pem = info.public_key_pem();
        assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"), "{pem}");
        // The same key always exports the same public key.
        assert_eq!(
            kms.get_public_key(key.key_id.as_str()).unwrap().public_key,
            info.public_key
        );
    }
}

/// Data keys of every named spec and of 1, 17 and 1024 bytes decrypt to
/// their plaintext, with and without plaintext in the response.
pub fn data_keys_round_trip<K: KeyManager + ?Sized>(kms: &K) {
    for spec in [KeySpec::SymmetricDefault, KeySpec::Sm4] {
        let key = create(kms, spec, KeyUsage::EncryptDecrypt);
        let id = key.key_id.as_str();
        let ctx = context();
        for data_spec in DataKeySpec::all() {
            let dk = kms
                .generate_data_key(GenerateDataKeyRequest::new(id, data_spec).context(&ctx))
                .unwrap();
            assert_eq!(dk.plaintext.len(), data_spec.byte_len());
            assert_eq!(dk.key_id, key.key_id);
            let opened = kms
                .decrypt(DecryptRequest::new(&dk.ciphertext_blob).context(&ctx))
                .unwrap();
            assert_eq!(opened.plaintext, dk.plaintext);
        }
        for n in [1, 17, 1024] {
            let dk = kms
                .generate_data_key(GenerateDataKeyRequest::with_number_of_bytes(id, n))
                .unwrap();
            assert_eq!(dk.plaintext.len(), n);
            let opened = kms
                .decrypt(DecryptRequest::new(&dk.ciphertext_blob))
                .unwrap();
            assert_eq!(opened.plaintext, dk.plaintext);
        }
        let a = kms
            .generate_data_key(GenerateDataKeyRequest::new(id, DataKeySpec::Aes256))
            .unwrap();
        let b = kms
            .generate_data_key(GenerateDataKeyRequest::new(id, DataKeySpec::Aes256))
            .unwrap();
        assert_ne!(a.plaintext, b.plaintext);
        let sealed = kms
            .generate_data_key_without_plaintext(
                GenerateDataKeyRequest::new(id, DataKeySpec::Aes128).context(&ctx),
            )
            .unwrap();
        let opened = kms
            .decrypt(DecryptRequest::new(&sealed.ciphertext_blob).context(&ctx))
            .unwrap();
        assert_eq!(opened.plaintext.len(), 16);
    }
}

/// Data key pairs of every spec: the encrypted private key decrypts to the
/// returned PKCS#8 key, both halves are DER, and the form without plaintext
/// gives a fresh pair.
pub fn data_key_pairs_round_trip<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    let ctx = context();
    for pair_spec in DataKeyPairSpec::all() {
        let pair = kms
            .generate_data_key_pair(GenerateDataKeyPairRequest::new(id, pair_spec).context(&ctx))
            .unwrap_or_else(|e| panic!("{pair_spec}: {e}"));
        assert_eq!(pair.key_pair_spec, pair_spec);
        assert_eq!(pair.public_key[0], 0x30, "{pair_spec}: SPKI is DER");
        assert_eq!(
            pair.private_key_plaintext.expose_secret()[0],
            0x30,
            "{pair_spec}: PKCS#8 is DER"
        );
        let opened = kms
            .decrypt(DecryptRequest::new(&pair.private_key_ciphertext_blob).context(&ctx))
            .unwrap();
        assert_eq!(opened.plaintext, pair.private_key_plaintext);
        if pair_spec == DataKeyPairSpec::EccNistP256 {
            let sealed = kms
                .generate_data_key_pair_without_plaintext(
                    GenerateDataKeyPairRequest::new(id, pair_spec).context(&ctx),
                )
                .unwrap();
            let opened = kms
                .decrypt(DecryptRequest::new(&sealed.private_key_ciphertext_blob).context(&ctx))
                .unwrap();
            assert_eq!(opened.plaintext.expose_secret()[0], 0x30);
            assert_ne!(sealed.public_key, pair.public_key);
        }
    }
}

/// Re-encryption moves ciphertexts between symmetric and asymmetric keys, with contexts, and refuses keys that cannot encrypt.
pub fn re_encrypt_moves_ciphertexts_between_keys<K: KeyManager + ?Sized>(kms: &K) {
    let aes = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let sm4 = create(kms, KeySpec::Sm4, KeyUsage::EncryptDecrypt);
    let rsa = create(kms, KeySpec::Rsa2048, KeyUsage::EncryptDecrypt);
    let (from_ctx, to_ctx) = (context(), EncryptionContext::new().with("stage", "two"));
    let sealed = kms
        .encrypt(EncryptRequest::new(aes.key_id.as_str(), b"move me").context(&from_ctx))
        .unwrap();

    // Symmetric to symmetric, with both contexts checked.
    let source = DecryptRequest::new(&sealed.ciphertext_blob).context(&from_ctx);
    let moved = kms
        .re_encrypt(
            ReEncryptRequest::new(source.clone(), sm4.key_id.as_str()).destination_context(&to_ctx),
        )
        .unwrap();
    assert_eq!(moved.source_key_id, aes.key_id);
    assert_eq!(moved.key_id, sm4.key_id);
    let opened = kms
        .decrypt(DecryptRequest::new(&moved.ciphertext_blob).context(&to_ctx))
        .unwrap();
    assert_eq!(opened.plaintext.expose_secret(), b"move me");
    assert_err!(
        kms.decrypt(DecryptRequest::new(&moved.ciphertext_blob).context(&from_ctx)),
        Error::InvalidCiphertext
    );
    let wrong_source = DecryptRequest::new(&sealed.ciphertext_blob).context(&to_ctx);
    assert_err!(
        kms.re_encrypt(ReEncryptRequest::new(wrong_source, sm4.key_id.as_str())),
        Error::InvalidCiphertext
    );

    // Symmetric to RSA, and back.
    let to_rsa = ReEncryptRequest::new(source.clone(), rsa.key_id.as_str())
        .destination_algorithm(EncryptionAlgorithm::RsaesOaepSha256);
    let on_rsa = kms.re_encrypt(to_rsa).unwrap();
    assert_eq!(
        on_rsa.destination_encryption_algorithm,
        EncryptionAlgorithm::RsaesOaepSha256
    );
    let rsa_source = DecryptRequest::new(&on_rsa.ciphertext_blob)
        .key_id(rsa.key_id.as_str())
        .algorithm(EncryptionAlgorithm::RsaesOaepSha256);
    let back = kms
        .re_encrypt(ReEncryptRequest::new(rsa_source, aes.key_id.as_str()))
        .unwrap();
    assert_eq!(
        back.source_encryption_algorithm,
        EncryptionAlgorithm::RsaesOaepSha256
    );
    let opened = kms
        .decrypt(DecryptRequest::new(&back.ciphertext_blob))
        .unwrap();
    assert_eq!(opened.plaintext.expose_secret(), b"move me");

    // The destination is checked before anything is decrypted.
    let signer = create(kms, KeySpec::EccNistP256, KeyUsage::SignVerify);
    assert_err!(
        kms.re_encrypt(ReEncryptRequest::new(
            source.clone(),
            signer.key_id.as_str()
        )),
        Error::InvalidKeyUsage { .. }
    );
    assert_err!(
        kms.re_encrypt(
            ReEncryptRequest::new(source.clone(), aes.key_id.as_str())
                .destination_algorithm(EncryptionAlgorithm::Sm2Pke)
        ),
        Error::AlgorithmNotAllowed { .. }
    );
}

/// Random bytes come in the lengths asked (1, 32 and 1024) and differ
/// between calls.
pub fn random_bytes<K: KeyManager + ?Sized>(kms: &K) {
    for n in [1, 32, 1024] {
        assert_eq!(
            kms.generate_random(GenerateRandomRequest::new(n))
                .unwrap()
                .len(),
            n
        );
    }
    assert_ne!(
        kms.generate_random(GenerateRandomRequest::new(32)).unwrap(),
        kms.generate_random(GenerateRandomRequest::new(32)).unwrap()
    );
}

/// Every form of key reference the provider gives (id, alias, key and alias
/// resource names) reaches the same key. (The `local` tier adds upper-case
/// UUIDs and Alibaba-style names.)
pub fn every_key_reference_form_works<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    kms.create_alias(CreateAliasRequest::new("alias/refs", key.key_id.as_str()))
        .unwrap();
    let alias_arn = kms.list_all_aliases(Some(key.key_id.as_str())).unwrap()[0]
        .alias_arn
        .clone();
    for reference in [
        key.key_id.as_str(),
        key.arn.as_str(),
        "alias/refs",
        alias_arn.as_str(),
    ] {
        let sealed = kms
            .encrypt(EncryptRequest::new(reference, b"x"))
            .unwrap_or_else(|e| panic!("{reference}: {e}"));
        assert_eq!(sealed.key_id, key.key_id, "{reference}");
        let opened = kms
            .decrypt(DecryptRequest::new(&sealed.ciphertext_blob).key_id(reference))
            .unwrap();
        assert_eq!(opened.plaintext.expose_secret(), b"x");
        assert_eq!(kms.describe_key(reference).unwrap().key_id, key.key_id);
    }
}

/// Verify and VerifyMac answer with the key that verified, whichever reference named it.
pub fn verification_names_the_key<K: KeyManager + ?Sized>(kms: &K) {
    let signer = create(kms, KeySpec::EccNistP256, KeyUsage::SignVerify);
    kms.create_alias(CreateAliasRequest::new("alias/signer", &signer.key_id))
        .unwrap();
    let alg = SigningAlgorithm::EcdsaSha256;
    let signed = kms
        .sign(SignRequest::new("alias/signer", b"m", alg))
        .unwrap();
    for reference in ["alias/signer", signer.arn.as_str(), signer.key_id.as_str()] {
        let verified = kms
            .verify(VerifyRequest::new(reference, b"m", alg, &signed.signature))
            .unwrap_or_else(|e| panic!("{reference}: {e}"));
        assert_eq!(verified.key_id, signer.key_id, "{reference}");
        assert_eq!(verified.signing_algorithm, alg);
    }
    let mac_key = create(kms, KeySpec::Hmac384, KeyUsage::GenerateVerifyMac);
    kms.create_alias(CreateAliasRequest::new("alias/mac", &mac_key.key_id))
        .unwrap();
    let mac_alg = MacAlgorithm::HmacSha384;
    let mac = kms
        .generate_mac(GenerateMacRequest::new("alias/mac", b"m", mac_alg))
        .unwrap();
    let verified = kms
        .verify_mac(VerifyMacRequest::new("alias/mac", b"m", mac_alg, &mac.mac))
        .unwrap();
    assert_eq!(verified.key_id, mac_key.key_id);
    assert_eq!(verified.mac_algorithm, mac_alg);
}
