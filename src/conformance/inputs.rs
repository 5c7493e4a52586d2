//! Tampered, mismatched and out-of-range inputs: each is refused with its
//! own error before any work is done on it.

use crate::{
    CreateAliasRequest, GenerateRandomRequest, GetParametersForImportRequest,
    ImportPublicKeyRequest, ScheduleKeyDeletionRequest, TagResourceRequest, UpdateAliasRequest,
    UpdateKeyDescriptionRequest,
};
use crate::{
    CreateKeyRequest, DecryptRequest, EncryptRequest, EncryptionAlgorithm, EncryptionContext,
    Error, ErrorKind, GenerateDataKeyRequest, GenerateMacRequest, ImportKeyMaterialRequest,
    KeyManager, KeySpec, KeyUsage, ListKeysRequest, MacAlgorithm, MessageType, Origin, SignRequest,
    SigningAlgorithm, Tag, VerifyMacRequest, VerifyRequest, Vocabulary, WrappingAlgorithm,
    WrappingKeySpec, limits,
};

use super::{create, local_error};
use crate::assert_err;

/// No blob with a flipped byte decrypts, with the key named or not: each is
/// refused as an invalid ciphertext, as a ciphertext of another key or as
/// naming a key that is not found (which one depends on the blob's layout,
/// which the `local` tier checks).
pub fn tampered_blobs_never_decrypt<K: KeyManager + ?Sized>(kms: &K) {
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
        for index in 0..blob.len() {
            let mut tampered = blob.clone();
            // The lowest bit of one byte, the highest of the next.
            tampered[index] ^= if index % 2 == 0 { 0x01 } else { 0x80 };
            for (named, result) in [
                (
                    "",
                    kms.decrypt(DecryptRequest::new(&tampered).context(&ctx)),
                ),
                (
                    " with its key named",
                    kms.decrypt(DecryptRequest::new(&tampered).key_id(id).context(&ctx)),
                ),
            ] {
                match result {
                    Ok(out) => panic!(
                        "{spec}: byte {index} flipped{named}: decrypted to {:?}",
                        out.plaintext.expose_secret()
                    ),
                    Err(e) => assert!(
                        matches!(
                            e.kind(),
                            ErrorKind::InvalidCiphertext
                                | ErrorKind::IncorrectKey
                                | ErrorKind::NotFound
                        ),
                        "{spec}: byte {index} flipped{named}: {e:?}"
                    ),
                }
            }
        }
    }
}

/// Every truncation of a ciphertext blob is detected.
pub fn truncated_blobs_are_detected<K: KeyManager + ?Sized>(kms: &K) {
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

/// Tampered RSA and SM2 ciphertexts are refused.
pub fn tampered_asymmetric_ciphertexts_are_detected<K: KeyManager + ?Sized>(kms: &K) {
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

/// A missing, extra or changed context entry makes decryption fail; entry order does not matter.
pub fn encryption_context_must_match_exactly<K: KeyManager + ?Sized>(kms: &K) {
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
        kms.decrypt(DecryptRequest::new(&blob).context(EncryptionContext::new().with("a", "bc"))),
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
            name,
            ..
        } if name == "encryption context"
    );
}

/// A DIGEST of the wrong length for the algorithm is refused.
pub fn digest_lengths_must_match<K: KeyManager + ?Sized>(kms: &K) {
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
                        name,
                        ..
                    } if name == "message"
                );
                let verify = VerifyRequest::new(id, &digest, *alg, &[0x30; 8])
                    .message_type(MessageType::Digest);
                assert_err!(
                    kms.verify(verify),
                    Error::InvalidArgument {
                        name,
                        ..
                    } if name == "message"
                );
            }
        }
    }
}

/// Every size just outside its limit is refused.
pub fn sizes_out_of_range_are_refused<K: KeyManager + ?Sized>(kms: &K) {
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
                name,
                ..
            } if name == "plaintext"
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
                name,
                ..
            } if name == "plaintext"
        );
    }
    let sm2 = create(kms, KeySpec::Sm2, KeyUsage::EncryptDecrypt);
    let request = EncryptRequest::new(sm2.key_id.as_str(), &big[..limits::MAX_SM2_PLAINTEXT + 1])
        .algorithm(EncryptionAlgorithm::Sm2Pke);
    assert_err!(
        kms.encrypt(request),
        Error::InvalidArgument {
            name,
            ..
        } if name == "plaintext"
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
                name,
                ..
            } if name == "message"
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
            name,
            ..
        } if name == "signature"
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
        assert_err!(
            kms.generate_random(GenerateRandomRequest::new(n)),
            Error::InvalidArgument { .. }
        );
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
        Error::InvalidMarker { .. }
    );
    for days in [0, 6, 31, 365] {
        assert_err!(
            kms.schedule_key_deletion(
                ScheduleKeyDeletionRequest::new(id).pending_window_in_days(days)
            ),
            Error::InvalidArgument { .. }
        );
    }
    let long = "d".repeat(limits::MAX_DESCRIPTION_CHARS + 1);
    assert_err!(
        kms.update_key_description(UpdateKeyDescriptionRequest::new(id, &long)),
        Error::InvalidArgument { .. }
    );
    assert_err!(
        kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).description(long)),
        Error::InvalidArgument { .. }
    );
    let tags: Vec<Tag> = (0..=limits::MAX_TAGS_PER_KEY)
        .map(|i| Tag::new(format!("k{i}"), "v"))
        .collect();
    assert_err!(
        kms.tag_resource(TagResourceRequest::new(id, tags.clone())),
        Error::LimitExceeded { .. }
    );
    assert_err!(
        kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).tags(tags)),
        Error::LimitExceeded { .. }
    );
}

/// A refusal of `kind` that does not quote the huge input back and, from a
/// local provider, states the limit that was broken (a remote service words
/// its refusals its own way: their kind is all there is to check of them).
fn refused_with_limit<T: std::fmt::Debug>(
    outcome: crate::Result<T>,
    limit: usize,
    kind: ErrorKind,
    what: &str,
) {
    if let Err(e) = &outcome {
        let message = e.to_string();
        assert!(
            message.len() < 1024,
            "{what}: the error quotes the input back ({} bytes)",
            message.len()
        );
    }
    if let Some(e) = local_error(outcome, kind, what) {
        assert_eq!(e.kind(), kind, "{what}: {e}");
        let message = e.to_string();
        assert!(
            message.contains(&limit.to_string()),
            "{what}: the error does not state the limit {limit}: {message}"
        );
    }
}

/// Every input with a documented maximum, given 100 MB (or 100 000 entries):
/// each is refused by its limit, which the error states, and nothing quotes
/// the input back.
pub fn huge_inputs_are_refused_with_their_limit<K: KeyManager + ?Sized>(kms: &K) {
    const HUGE: usize = 100 * 1024 * 1024;
    let bytes = vec![b'a'; HUGE];
    let text = String::from_utf8(bytes.clone()).unwrap();
    let aes = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = aes.key_id.as_str();
    let blob = kms
        .encrypt(EncryptRequest::new(id, b"x"))
        .unwrap()
        .ciphertext_blob;
    let rsa = create(kms, KeySpec::Rsa2048, KeyUsage::SignVerify);
    let mac = create(kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);

    refused_with_limit(
        kms.encrypt(EncryptRequest::new(id, &bytes)),
        limits::MAX_SYMMETRIC_PLAINTEXT,
        ErrorKind::InvalidArgument,
        "plaintext",
    );
    refused_with_limit(
        kms.decrypt(DecryptRequest::new(&bytes)),
        limits::MAX_CIPHERTEXT,
        ErrorKind::InvalidArgument,
        "ciphertext",
    );
    refused_with_limit(
        kms.sign(SignRequest::new(
            rsa.key_id.as_str(),
            &bytes,
            SigningAlgorithm::RsassaPssSha256,
        )),
        limits::MAX_SIGN_MESSAGE,
        ErrorKind::InvalidArgument,
        "message to sign",
    );
    refused_with_limit(
        kms.verify(VerifyRequest::new(
            rsa.key_id.as_str(),
            &bytes,
            SigningAlgorithm::RsassaPssSha256,
            b"s",
        )),
        limits::MAX_SIGN_MESSAGE,
        ErrorKind::InvalidArgument,
        "message to verify",
    );
    refused_with_limit(
        kms.verify(VerifyRequest::new(
            rsa.key_id.as_str(),
            b"m",
            SigningAlgorithm::RsassaPssSha256,
            &bytes,
        )),
        limits::MAX_SIGNATURE,
        ErrorKind::InvalidArgument,
        "signature",
    );
    refused_with_limit(
        kms.generate_mac(GenerateMacRequest::new(
            mac.key_id.as_str(),
            &bytes,
            MacAlgorithm::HmacSha256,
        )),
        limits::MAX_MAC_MESSAGE,
        ErrorKind::InvalidArgument,
        "message to MAC",
    );
    refused_with_limit(
        kms.verify_mac(VerifyMacRequest::new(
            mac.key_id.as_str(),
            b"m",
            MacAlgorithm::HmacSha256,
            &bytes,
        )),
        limits::MAX_MAC,
        ErrorKind::InvalidArgument,
        "MAC",
    );

    // Encryption context: one huge value, and too many entries.
    let big_value = EncryptionContext::new().with("k", text.clone());
    let many: EncryptionContext = (0..100_000).map(|i| (format!("k{i}"), "v")).collect();
    for (ctx, limit) in [
        (&big_value, limits::MAX_CONTEXT_BYTES),
        (&many, limits::MAX_CONTEXT_ENTRIES),
    ] {
        refused_with_limit(
            kms.encrypt(EncryptRequest::new(id, b"x").context(ctx)),
            limit,
            ErrorKind::InvalidArgument,
            "context of encrypt",
        );
        refused_with_limit(
            kms.decrypt(DecryptRequest::new(&blob).context(ctx)),
            limit,
            ErrorKind::InvalidArgument,
            "context of decrypt",
        );
        refused_with_limit(
            kms.generate_data_key(
                GenerateDataKeyRequest::new(id, crate::DataKeySpec::Aes256).context(ctx),
            ),
            limit,
            ErrorKind::InvalidArgument,
            "context of a data key",
        );
    }

    // Names and text.
    let alias = format!("alias/{text}");
    refused_with_limit(
        kms.create_alias(CreateAliasRequest::new(&alias, id)),
        limits::MAX_ALIAS_CHARS,
        ErrorKind::InvalidAliasName,
        "alias",
    );
    refused_with_limit(
        kms.update_alias(UpdateAliasRequest::new(&alias, id)),
        limits::MAX_ALIAS_CHARS,
        ErrorKind::InvalidAliasName,
        "alias",
    );
    refused_with_limit(
        kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias(alias.clone())),
        limits::MAX_ALIAS_CHARS,
        ErrorKind::InvalidAliasName,
        "alias at creation",
    );
    refused_with_limit(
        kms.update_key_description(UpdateKeyDescriptionRequest::new(id, &text)),
        limits::MAX_DESCRIPTION_CHARS,
        ErrorKind::InvalidArgument,
        "description",
    );
    refused_with_limit(
        kms.describe_key(&text),
        limits::MAX_KEY_REFERENCE,
        ErrorKind::InvalidArgument,
        "key reference",
    );
    refused_with_limit(
        kms.encrypt(EncryptRequest::new(&alias, b"x")),
        limits::MAX_KEY_REFERENCE,
        ErrorKind::InvalidArgument,
        "key reference by alias",
    );
    refused_with_limit(
        kms.tag_resource(TagResourceRequest::new(id, [Tag::new(text.clone(), "v")])),
        limits::MAX_TAG_KEY_CHARS,
        ErrorKind::InvalidArgument,
        "tag key",
    );
    refused_with_limit(
        kms.tag_resource(TagResourceRequest::new(id, [Tag::new("k", text.clone())])),
        limits::MAX_TAG_VALUE_CHARS,
        ErrorKind::InvalidArgument,
        "tag value",
    );
    let tags: Vec<Tag> = (0..100_000)
        .map(|i| Tag::new(format!("k{i}"), "v"))
        .collect();
    refused_with_limit(
        kms.tag_resource(TagResourceRequest::new(id, tags.clone())),
        limits::MAX_TAGS_PER_KEY,
        ErrorKind::LimitExceeded,
        "tags",
    );
    refused_with_limit(
        kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).tags(tags)),
        limits::MAX_TAGS_PER_KEY,
        ErrorKind::LimitExceeded,
        "tags at creation",
    );
    assert!(matches!(
        KeySpec::parse_name(&text),
        Err(Error::UnrecognizedName { ref name, .. }) if name.len() < 200
    ));
    assert!(crate::KeyId::parse(&text).unwrap_err().to_string().len() < 1024);
    // A marker is a key id: anything else is refused without being quoted.
    let huge_marker = kms.list_keys(ListKeysRequest::new().marker(text.clone()));
    if let Err(e) = &huge_marker {
        assert!(e.to_string().len() < 1024, "a huge marker is quoted back");
    }
    if let Some(e) = local_error(huge_marker, ErrorKind::InvalidMarker, "a huge marker") {
        assert!(
            matches!(e, Error::InvalidMarker { .. }),
            "a huge marker gave {e:?}"
        );
    }

    // Import.
    let external = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).origin(Origin::External))
        .unwrap();
    let eid = external.key_id.as_str();
    let params = kms
        .get_parameters_for_import(GetParametersForImportRequest::new(
            eid,
            WrappingAlgorithm::Sm2Pke,
            WrappingKeySpec::Sm2,
        ))
        .unwrap();
    refused_with_limit(
        kms.import_key_material(ImportKeyMaterialRequest::new(
            eid,
            &params.import_token,
            &bytes,
        )),
        limits::MAX_WRAPPED_KEY_MATERIAL,
        ErrorKind::InvalidArgument,
        "wrapped key material",
    );
    refused_with_limit(
        crate::wrap_key_material(&params.public_key, WrappingAlgorithm::Sm2Pke, &bytes),
        limits::MAX_KEY_MATERIAL,
        ErrorKind::InvalidArgument,
        "key material to wrap",
    );
    assert_err!(
        kms.import_key_material(ImportKeyMaterialRequest::new(eid, &bytes, b"m")),
        Error::InvalidImportToken { .. }
    );
}

/// A huge public key to import alone is refused with its limit.
pub fn huge_public_keys_are_refused<K: KeyManager + ?Sized>(kms: &K) {
    let bytes = vec![b'a'; 100 * 1024 * 1024];
    let public_only = kms
        .create_key(
            CreateKeyRequest::new(KeySpec::EccNistP256)
                .usage(KeyUsage::SignVerify)
                .origin(Origin::External),
        )
        .unwrap();
    refused_with_limit(
        kms.import_public_key(ImportPublicKeyRequest::new(
            public_only.key_id.as_str(),
            &bytes,
        )),
        limits::MAX_PUBLIC_KEY,
        ErrorKind::InvalidArgument,
        "public key",
    );
}
