//! Tampered, mismatched and out-of-range inputs: each is refused with its
//! own error before any work is done on it.

use polykms::{
    CreateKeyRequest, DecryptRequest, EncryptRequest, EncryptionAlgorithm, EncryptionContext,
    Error, GenerateDataKeyRequest, GenerateMacRequest, KeyManager, KeySpec, KeyUsage,
    ListKeysRequest, MacAlgorithm, ManualClock, MessageType, SignRequest, SigningAlgorithm, Tag,
    VerifyMacRequest, VerifyRequest, limits,
};

use super::create;
use crate::assert_err;

pub fn every_flipped_byte_of_a_blob_is_detected<K: KeyManager + ?Sized>(
    kms: &K,
    _clock: &ManualClock,
) {
    for spec in [
        KeySpec::SymmetricDefault,
        KeySpec::Aes128,
        KeySpec::Aes192,
        KeySpec::Sm4,
    ] {
        let key = create(kms, spec, KeyUsage::EncryptDecrypt);
        let id = key.key_id.as_str();
        let ctx = EncryptionContext::new().with("k", "v");
        let blob = kms
            .encrypt(EncryptRequest::new(id, b"sixteen byte msg").context(&ctx))
            .unwrap()
            .ciphertext_blob;
        assert_eq!(blob.len(), 16 + polykms::CIPHERTEXT_OVERHEAD);
        for index in 0..blob.len() {
            for bit in [0x01u8, 0x80] {
                let mut tampered = blob.clone();
                tampered[index] ^= bit;
                let without_id = kms.decrypt(DecryptRequest::new(&tampered).context(&ctx));
                let with_id = kms.decrypt(DecryptRequest::new(&tampered).key_id(id).context(&ctx));
                if (2..18).contains(&index) {
                    // The key id field now names a key that does not exist.
                    assert_err!(without_id, Error::NotFound { .. });
                    assert_err!(with_id, Error::IncorrectKey { .. });
                } else {
                    assert_err!(without_id, Error::InvalidCiphertext);
                    assert_err!(with_id, Error::InvalidCiphertext);
                }
            }
        }
    }
}

pub fn truncated_blobs_are_detected<K: KeyManager + ?Sized>(kms: &K, _clock: &ManualClock) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let blob = kms
        .encrypt(EncryptRequest::new(key.key_id.as_str(), b"truncate me"))
        .unwrap()
        .ciphertext_blob;
    assert_err!(
        kms.decrypt(DecryptRequest::new(&[])),
        Error::InvalidArgument { .. }
    );
    for len in 1..blob.len() {
        assert_err!(
            kms.decrypt(DecryptRequest::new(&blob[..len])),
            Error::InvalidCiphertext
        );
    }
    let mut longer = blob.clone();
    longer.push(0);
    assert_err!(
        kms.decrypt(DecryptRequest::new(&longer)),
        Error::InvalidCiphertext
    );
}

pub fn tampered_asymmetric_ciphertexts_are_detected<K: KeyManager + ?Sized>(
    kms: &K,
    _clock: &ManualClock,
) {
    for (spec, alg) in [
        (KeySpec::Rsa2048, EncryptionAlgorithm::RsaesOaepSha256),
        (KeySpec::Rsa2048, EncryptionAlgorithm::RsaesOaepSha1),
        (KeySpec::Sm2, EncryptionAlgorithm::Sm2Pke),
    ] {
        let key = create(kms, spec, KeyUsage::EncryptDecrypt);
        let id = key.key_id.as_str();
        let ct = kms
            .encrypt(EncryptRequest::new(id, b"asymmetric secret").algorithm(alg))
            .unwrap()
            .ciphertext_blob;
        for index in 0..ct.len() {
            let mut tampered = ct.clone();
            tampered[index] ^= 0x01;
            assert_err!(
                kms.decrypt(DecryptRequest::new(&tampered).key_id(id).algorithm(alg)),
                Error::InvalidCiphertext
            );
        }
        assert_err!(
            kms.decrypt(
                DecryptRequest::new(&ct[..ct.len() - 1])
                    .key_id(id)
                    .algorithm(alg)
            ),
            Error::InvalidCiphertext
        );
    }
}

pub fn encryption_context_must_match_exactly<K: KeyManager + ?Sized>(
    kms: &K,
    _clock: &ManualClock,
) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    let ctx = EncryptionContext::new()
        .with("tenant", "acme")
        .with("purpose", "test");
    let blob = kms
        .encrypt(EncryptRequest::new(id, b"bound").context(&ctx))
        .unwrap()
        .ciphertext_blob;
    let reordered: EncryptionContext = [("purpose", "test"), ("tenant", "acme")]
        .into_iter()
        .collect();
    assert_eq!(
        kms.decrypt(DecryptRequest::new(&blob).context(&reordered))
            .unwrap()
            .plaintext
            .expose_secret(),
        b"bound"
    );
    let changed_value = EncryptionContext::new()
        .with("tenant", "acme")
        .with("purpose", "tesT");
    let changed_key = EncryptionContext::new()
        .with("tenant", "acme")
        .with("purpose ", "test");
    let missing = EncryptionContext::new().with("tenant", "acme");
    let extra = ctx.clone().with("x", "");
    let swapped = EncryptionContext::new()
        .with("tenant", "test")
        .with("purpose", "acme");
    for wrong in [
        changed_value,
        changed_key,
        missing,
        extra,
        swapped,
        EncryptionContext::new(),
    ] {
        assert_err!(
            kms.decrypt(DecryptRequest::new(&blob).context(&wrong)),
            Error::InvalidCiphertext
        );
    }
    assert_err!(
        kms.decrypt(DecryptRequest::new(&blob)),
        Error::InvalidCiphertext
    );
    // Length-prefixing: moving bytes between key and value changes the context.
    let a = EncryptionContext::new().with("ab", "c");
    let blob = kms
        .encrypt(EncryptRequest::new(id, b"x").context(&a))
        .unwrap()
        .ciphertext_blob;
    assert_err!(
        kms.decrypt(DecryptRequest::new(&blob).context(&EncryptionContext::new().with("a", "bc"))),
        Error::InvalidCiphertext
    );
    // Limits on the context, and no context for asymmetric keys.
    let too_many: EncryptionContext = (0..=limits::MAX_CONTEXT_ENTRIES)
        .map(|i| (format!("k{i}"), "v"))
        .collect();
    assert_err!(
        kms.encrypt(EncryptRequest::new(id, b"x").context(&too_many)),
        Error::InvalidArgument { .. }
    );
    let too_big = EncryptionContext::new().with("k", "v".repeat(limits::MAX_CONTEXT_BYTES));
    assert_err!(
        kms.encrypt(EncryptRequest::new(id, b"x").context(&too_big)),
        Error::InvalidArgument { .. }
    );
    let empty_key = EncryptionContext::new().with("", "v");
    assert_err!(
        kms.encrypt(EncryptRequest::new(id, b"x").context(&empty_key)),
        Error::InvalidArgument { .. }
    );
    let sm2 = create(kms, KeySpec::Sm2, KeyUsage::EncryptDecrypt);
    let request = EncryptRequest::new(sm2.key_id.as_str(), b"x")
        .algorithm(EncryptionAlgorithm::Sm2Pke)
        .context(&ctx);
    assert_err!(
        kms.encrypt(request),
        Error::InvalidArgument {
            name: "encryption context",
            ..
        }
    );
}

pub fn digest_lengths_must_match<K: KeyManager + ?Sized>(kms: &K, _clock: &ManualClock) {
    for spec in [
        KeySpec::Rsa2048,
        KeySpec::EccNistP256,
        KeySpec::EccNistP384,
        KeySpec::EccNistP521,
        KeySpec::EccSecgP256k1,
        KeySpec::Ed25519,
        KeySpec::Sm2,
    ] {
        let key = create(kms, spec, KeyUsage::SignVerify);
        let id = key.key_id.as_str();
        for alg in spec.signing_algorithms() {
            if !alg.message_types().contains(&MessageType::Digest) {
                continue;
            }
            let n = alg.digest_len();
            for len in [0, n - 1, n + 1, 2 * n] {
                let digest = vec![1u8; len];
                let sign = SignRequest::new(id, &digest, *alg).message_type(MessageType::Digest);
                assert_err!(
                    kms.sign(sign),
                    Error::InvalidArgument {
                        name: "message",
                        ..
                    }
                );
                let verify = VerifyRequest::new(id, &digest, *alg, &[0x30; 8])
                    .message_type(MessageType::Digest);
                assert_err!(
                    kms.verify(verify),
                    Error::InvalidArgument {
                        name: "message",
                        ..
                    }
                );
            }
        }
    }
}

pub fn sizes_out_of_range_are_refused<K: KeyManager + ?Sized>(kms: &K, _clock: &ManualClock) {
    let aes = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = aes.key_id.as_str();
    let big = vec![0u8; 100 * 1024 * 1024];
    for plaintext in [
        &[][..],
        &big[..limits::MAX_SYMMETRIC_PLAINTEXT + 1],
        &big[..],
    ] {
        assert_err!(
            kms.encrypt(EncryptRequest::new(id, plaintext)),
            Error::InvalidArgument {
                name: "plaintext",
                ..
            }
        );
    }
    assert_err!(
        kms.decrypt(DecryptRequest::new(&big[..limits::MAX_CIPHERTEXT + 1])),
        Error::InvalidArgument { .. }
    );
    assert_err!(
        kms.decrypt(DecryptRequest::new(&big)),
        Error::InvalidArgument { .. }
    );
    let rsa = create(kms, KeySpec::Rsa2048, KeyUsage::EncryptDecrypt);
    for alg in [
        EncryptionAlgorithm::RsaesOaepSha1,
        EncryptionAlgorithm::RsaesOaepSha256,
    ] {
        let max = alg.max_plaintext_len(KeySpec::Rsa2048).unwrap();
        let request = EncryptRequest::new(rsa.key_id.as_str(), &big[..max + 1]).algorithm(alg);
        assert_err!(
            kms.encrypt(request),
            Error::InvalidArgument {
                name: "plaintext",
                ..
            }
        );
    }
    let sm2 = create(kms, KeySpec::Sm2, KeyUsage::EncryptDecrypt);
    let request = EncryptRequest::new(sm2.key_id.as_str(), &big[..limits::MAX_SM2_PLAINTEXT + 1])
        .algorithm(EncryptionAlgorithm::Sm2Pke);
    assert_err!(
        kms.encrypt(request),
        Error::InvalidArgument {
            name: "plaintext",
            ..
        }
    );

    let signer = create(kms, KeySpec::EccNistP256, KeyUsage::SignVerify);
    let sid = signer.key_id.as_str();
    for message in [&[][..], &big[..limits::MAX_SIGN_MESSAGE + 1], &big[..]] {
        assert_err!(
            kms.sign(SignRequest::new(
                sid,
                message,
                SigningAlgorithm::EcdsaSha256
            )),
            Error::InvalidArgument {
                name: "message",
                ..
            }
        );
    }
    assert_err!(
        kms.verify(VerifyRequest::new(
            sid,
            b"m",
            SigningAlgorithm::EcdsaSha256,
            &big[..limits::MAX_SIGNATURE + 1]
        )),
        Error::InvalidArgument {
            name: "signature",
            ..
        }
    );
    assert_err!(
        kms.verify(VerifyRequest::new(
            sid,
            b"m",
            SigningAlgorithm::EcdsaSha256,
            &[]
        )),
        Error::InvalidArgument { .. }
    );

    let mac = create(kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    let mid = mac.key_id.as_str();
    for message in [&[][..], &big[..limits::MAX_MAC_MESSAGE + 1]] {
        assert_err!(
            kms.generate_mac(GenerateMacRequest::new(
                mid,
                message,
                MacAlgorithm::HmacSha256
            )),
            Error::InvalidArgument { .. }
        );
    }
    assert_err!(
        kms.verify_mac(VerifyMacRequest::new(
            mid,
            b"m",
            MacAlgorithm::HmacSha256,
            &big[..limits::MAX_MAC + 1]
        )),
        Error::InvalidArgument { .. }
    );

    for n in [0, limits::MAX_RANDOM_BYTES + 1, usize::MAX] {
        assert_err!(kms.generate_random(n), Error::InvalidArgument { .. });
        assert_err!(
            kms.generate_data_key(GenerateDataKeyRequest::with_number_of_bytes(id, n)),
            Error::InvalidArgument { .. }
        );
    }
    for limit in [0, limits::MAX_LIST_LIMIT + 1] {
        assert_err!(
            kms.list_keys(ListKeysRequest::new().limit(limit)),
            Error::InvalidArgument { .. }
        );
    }
    assert_err!(
        kms.list_keys(ListKeysRequest::new().marker("not a marker")),
        Error::InvalidArgument { .. }
    );
    for days in [0, 6, 31, 365] {
        assert_err!(
            kms.schedule_key_deletion(id, Some(days)),
            Error::InvalidArgument { .. }
        );
    }
    let long = "d".repeat(limits::MAX_DESCRIPTION_CHARS + 1);
    assert_err!(
        kms.update_key_description(id, &long),
        Error::InvalidArgument { .. }
    );
    assert_err!(
        kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).description(long)),
        Error::InvalidArgument { .. }
    );
    let tags: Vec<Tag> = (0..=limits::MAX_TAGS_PER_KEY)
        .map(|i| Tag::new(format!("k{i}"), "v"))
        .collect();
    assert_err!(kms.tag_resource(id, &tags), Error::LimitExceeded { .. });
    assert_err!(
        kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).tags(tags)),
        Error::LimitExceeded { .. }
    );
}
