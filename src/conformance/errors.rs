//! Every forbidden combination, bad state, wrong key, tampered input and
//! out-of-range argument gives its own error.

use crate::{
    CreateAliasRequest, GenerateRandomRequest, KeyManagerExt, ScheduleKeyDeletionRequest,
    TagResourceRequest, UntagResourceRequest, UpdateAliasRequest, UpdateKeyDescriptionRequest,
};
use crate::{
    CreateKeyRequest, DataKeySpec, DecryptRequest, EncryptRequest, EncryptionAlgorithm, Error,
    ErrorKind, GenerateDataKeyPairRequest, GenerateDataKeyRequest, GenerateMacRequest, KeyManager,
    KeySpec, KeyState, KeyUsage, MacAlgorithm, MessageType, Origin, SignRequest, SigningAlgorithm,
    Tag, VerifyMacRequest, VerifyRequest, Vocabulary,
};

use super::{create, every_spec_and_usage, is_rsa, local_error, shows_bytes};
use crate::assert_err;

/// A usage the spec does not allow is refused at creation.
pub fn forbidden_usages_at_creation<K: KeyManager + ?Sized>(kms: &K) {
    for spec in KeySpec::all() {
        for usage in KeyUsage::all() {
            if spec.allowed_usages().contains(&usage) {
                continue;
            }
            assert_err!(
                kms.create_key(CreateKeyRequest::new(spec).usage(usage)),
                Error::InvalidArgument {
                    name,
                    ..
                } if name == "key usage"
            );
        }
    }
}

/// Runs every operation that needs a usage other than the key's and expects
/// `InvalidKeyUsage` (or, for data keys on asymmetric ENCRYPT_DECRYPT keys,
/// `UnsupportedOperation`).
pub fn wrong_usage_for_each_operation<K: KeyManager + ?Sized>(kms: &K) {
    let aes = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let signer = create(kms, KeySpec::EccNistP256, KeyUsage::SignVerify);
    let mac = create(kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    let sm2_enc = create(kms, KeySpec::Sm2, KeyUsage::EncryptDecrypt);
    let digest = [0u8; 32];
    for key in [&signer, &mac] {
        let id = key.key_id.as_str();
        assert_err!(
            kms.encrypt(EncryptRequest::new(id, b"x")),
            Error::InvalidKeyUsage { .. }
        );
        assert_err!(
            kms.generate_data_key(GenerateDataKeyRequest::new(id, DataKeySpec::Aes256)),
            Error::InvalidKeyUsage { .. }
        );
        assert_err!(
            kms.generate_data_key_pair(GenerateDataKeyPairRequest::new(
                id,
                crate::DataKeyPairSpec::EccNistP256
            )),
            Error::InvalidKeyUsage { .. }
        );
        let blob = kms
            .encrypt(EncryptRequest::new(aes.key_id.as_str(), b"x"))
            .unwrap()
            .ciphertext_blob;
        assert_err!(
            kms.decrypt(DecryptRequest::new(&blob).key_id(id)),
            Error::InvalidKeyUsage { .. }
        );
    }
    for key in [&aes, &mac, &sm2_enc] {
        let id = key.key_id.as_str();
        let sign = SignRequest::new(id, &digest, SigningAlgorithm::EcdsaSha256);
        assert_err!(kms.sign(sign), Error::InvalidKeyUsage { .. });
        assert_err!(
            kms.verify(VerifyRequest::new(
                id,
                &digest,
                SigningAlgorithm::EcdsaSha256,
                &[0x30]
            )),
            Error::InvalidKeyUsage { .. }
        );
    }
    for key in [&aes, &signer, &sm2_enc] {
        let id = key.key_id.as_str();
        assert_err!(
            kms.generate_mac(GenerateMacRequest::new(id, b"m", MacAlgorithm::HmacSha256)),
            Error::InvalidKeyUsage { .. }
        );
        assert_err!(
            kms.verify_mac(VerifyMacRequest::new(
                id,
                b"m",
                MacAlgorithm::HmacSha256,
                &[0; 32]
            )),
            Error::InvalidKeyUsage { .. }
        );
    }
    let sm2 = sm2_enc.key_id.as_str();
    assert_err!(
        kms.generate_data_key(GenerateDataKeyRequest::new(sm2, DataKeySpec::Aes256)),
        Error::UnsupportedOperation { .. }
    );
    for key in [&aes, &mac] {
        assert_err!(
            kms.get_public_key(key.key_id.as_str()),
            Error::UnsupportedOperation { .. }
        );
    }
}

/// An algorithm or message type the key's spec does not offer is refused for every operation.
pub fn algorithms_outside_the_spec_are_refused<K: KeyManager + ?Sized>(kms: &K) {
    for (spec, usage) in every_spec_and_usage() {
        if is_rsa(spec) && spec != KeySpec::Rsa2048 {
            continue;
        }
        let key = create(kms, spec, usage);
        let id = key.key_id.as_str();
        match usage {
            KeyUsage::EncryptDecrypt => {
                for alg in EncryptionAlgorithm::all() {
                    if spec.encryption_algorithms().contains(&alg) {
                        continue;
                    }
                    assert_err!(
                        kms.encrypt(EncryptRequest::new(id, b"x").algorithm(alg)),
                        Error::AlgorithmNotAllowed { .. }
                    );
                    let decrypt = DecryptRequest::new(&[1; 64]).key_id(id).algorithm(alg);
                    assert_err!(kms.decrypt(decrypt), Error::AlgorithmNotAllowed { .. });
                }
            }
            // ECDH, the one key agreement algorithm, is every such spec's.
            KeyUsage::KeyAgreement => {}
            KeyUsage::SignVerify => {
                for alg in SigningAlgorithm::all() {
                    if spec.signing_algorithms().contains(&alg) {
                        continue;
                    }
                    let digest = vec![0u8; alg.digest_len()];
                    let sign = SignRequest::new(id, &digest, alg).message_type(MessageType::Digest);
                    assert_err!(kms.sign(sign), Error::AlgorithmNotAllowed { .. });
                    let verify = VerifyRequest::new(id, b"m", alg, &[0x30]);
                    assert_err!(kms.verify(verify), Error::AlgorithmNotAllowed { .. });
                }
            }
            _ => {
                for alg in MacAlgorithm::all() {
                    if spec.mac_algorithms().contains(&alg) {
                        continue;
                    }
                    assert_err!(
                        kms.generate_mac(GenerateMacRequest::new(id, b"m", alg)),
                        Error::AlgorithmNotAllowed { .. }
                    );
                    assert_err!(
                        kms.verify_mac(VerifyMacRequest::new(id, b"m", alg, &[0; 32])),
                        Error::AlgorithmNotAllowed { .. }
                    );
                }
            }
        }
    }
    // Message types: Ed25519 is RAW only, Ed25519ph DIGEST only.
    let ed = create(kms, KeySpec::Ed25519, KeyUsage::SignVerify);
    let id = ed.key_id.as_str();
    let digest = [0u8; 64];
    let raw_ph = SignRequest::new(id, b"m", SigningAlgorithm::Ed25519PhSha512);
    assert_err!(kms.sign(raw_ph), Error::AlgorithmNotAllowed { .. });
    let digest_pure = SignRequest::new(id, &digest, SigningAlgorithm::Ed25519Sha512)
        .message_type(MessageType::Digest);
    assert_err!(kms.sign(digest_pure), Error::AlgorithmNotAllowed { .. });
    // ML-DSA takes RAW and EXTERNAL_MU, not DIGEST; ECDSA not EXTERNAL_MU.
    let ml_dsa = create(kms, KeySpec::MlDsa44, KeyUsage::SignVerify);
    let sign = SignRequest::new(
        ml_dsa.key_id.as_str(),
        &digest,
        SigningAlgorithm::MlDsaShake256,
    )
    .message_type(MessageType::Digest);
    assert_err!(kms.sign(sign), Error::AlgorithmNotAllowed { .. });
    let ecdsa = create(kms, KeySpec::EccNistP521, KeyUsage::SignVerify);
    let sign = SignRequest::new(
        ecdsa.key_id.as_str(),
        &digest,
        SigningAlgorithm::EcdsaSha512,
    )
    .message_type(MessageType::ExternalMu);
    assert_err!(kms.sign(sign), Error::AlgorithmNotAllowed { .. });
}

/// One call of every operation against `id`; returns the errors.
fn every_operation<K: KeyManager + ?Sized>(
    kms: &K,
    id: &str,
    blob: &[u8],
) -> Vec<(&'static str, crate::Result<()>)> {
    let digest = [0u8; 32];
    vec![
        (
            "encrypt",
            kms.encrypt(EncryptRequest::new(id, b"x")).map(drop),
        ),
        ("decrypt", kms.decrypt(DecryptRequest::new(blob)).map(drop)),
        (
            "decrypt with id",
            kms.decrypt(DecryptRequest::new(blob).key_id(id)).map(drop),
        ),
        (
            "data key",
            kms.generate_data_key(GenerateDataKeyRequest::new(id, DataKeySpec::Aes256))
                .map(drop),
        ),
        (
            "data key pair",
            kms.generate_data_key_pair(GenerateDataKeyPairRequest::new(
                id,
                crate::DataKeyPairSpec::EccNistP256,
            ))
            .map(drop),
        ),
        (
            "sign",
            kms.sign(SignRequest::new(id, &digest, SigningAlgorithm::EcdsaSha256))
                .map(drop),
        ),
        (
            "verify",
            kms.verify(VerifyRequest::new(
                id,
                &digest,
                SigningAlgorithm::EcdsaSha256,
                &[0x30],
            ))
            .map(drop),
        ),
        (
            "mac",
            kms.generate_mac(GenerateMacRequest::new(id, b"m", MacAlgorithm::HmacSha256))
                .map(drop),
        ),
        (
            "verify mac",
            kms.verify_mac(VerifyMacRequest::new(
                id,
                b"m",
                MacAlgorithm::HmacSha256,
                &[0; 32],
            ))
            .map(drop),
        ),
        ("public key", kms.get_public_key(id).map(drop)),
        (
            "derive shared secret",
            kms.derive_shared_secret(crate::DeriveSharedSecretRequest::new(id, b"peer"))
                .map(drop),
        ),
    ]
}

/// Keys of the three usages, one of each, with a blob the symmetric one
/// made while enabled, and whether the blob is the key's own.
fn three_keys<K: KeyManager + ?Sized>(kms: &K) -> Vec<(String, Vec<u8>, bool)> {
    let aes = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let blob = kms
        .encrypt(EncryptRequest::new(aes.key_id.as_str(), b"x"))
        .unwrap()
        .ciphertext_blob;
    let signer = create(kms, KeySpec::EccNistP256, KeyUsage::SignVerify);
    let mac = create(kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    vec![
        (aes.key_id.to_string(), blob.clone(), true),
        (signer.key_id.to_string(), blob.clone(), false),
        (mac.key_id.to_string(), blob, false),
    ]
}

/// A disabled key refuses every cryptographic operation and `get_public_key`
/// with `Disabled` naming the key, and works again once enabled.
pub fn disabled_keys_refuse_every_operation<K: KeyManager + ?Sized>(kms: &K) {
    for (id, blob, own) in three_keys(kms) {
        kms.disable_key(&id).unwrap();
        for (op, result) in every_operation(kms, &id, &blob) {
            if op == "decrypt" && !own {
                continue; // the blob is another key's
            }
            let what = format!("{op} on a disabled key");
            match local_error(result, ErrorKind::Disabled, &what) {
                None => {}
                Some(Error::Disabled { key_id }) => assert_eq!(key_id.as_str(), id, "{what}"),
                Some(other) => panic!("{what}: {other:?}"),
            }
        }
        kms.enable_key(&id).unwrap();
    }
}

/// A key pending deletion refuses cryptographic operations, enable and
/// disable, rescheduling, description and tag changes and new aliases with
/// `InvalidState`, and can still be described.
pub fn pending_deletion_keys_refuse_every_operation<K: KeyManager + ?Sized>(kms: &K) {
    for (id, blob, own) in three_keys(kms) {
        kms.schedule_key_deletion(ScheduleKeyDeletionRequest::new(&id).pending_window_in_days(7))
            .unwrap();
        for (op, result) in every_operation(kms, &id, &blob) {
            if op == "decrypt" && !own {
                continue;
            }
            let what = format!("{op} on a key pending deletion");
            match local_error(result, ErrorKind::InvalidState, &what) {
                None
                | Some(Error::InvalidState {
                    state: KeyState::PendingDeletion,
                    ..
                }) => {}
                Some(other) => panic!("{what}: {other:?}"),
            }
        }
        assert_err!(kms.enable_key(&id), Error::InvalidState { .. });
        assert_err!(kms.disable_key(&id), Error::InvalidState { .. });
        assert_err!(
            kms.schedule_key_deletion(ScheduleKeyDeletionRequest::new(&id)),
            Error::InvalidState { .. }
        );
        assert_err!(
            kms.update_key_description(UpdateKeyDescriptionRequest::new(&id, "d")),
            Error::InvalidState { .. }
        );
        assert_err!(
            kms.tag_resource(TagResourceRequest::new(&id, [Tag::new("k", "v")])),
            Error::InvalidState { .. }
        );
        assert_err!(
            kms.untag_resource(UntagResourceRequest::new(&id, ["k"])),
            Error::InvalidState { .. }
        );
        assert_err!(
            kms.create_alias(CreateAliasRequest::new("alias/pending", &id)),
            Error::InvalidState { .. }
        );
        assert_eq!(
            kms.describe_key(&id).unwrap().key_state,
            KeyState::PendingDeletion
        );
    }
}

/// A key awaiting import refuses every cryptographic operation.
pub fn pending_import_keys_refuse_every_operation<K: KeyManager + ?Sized>(kms: &K) {
    let blob = {
        let aes = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
        kms.encrypt(EncryptRequest::new(aes.key_id.as_str(), b"x"))
            .unwrap()
            .ciphertext_blob
    };
    for (spec, usage) in [
        (KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt),
        (KeySpec::EccNistP256, KeyUsage::SignVerify),
        (KeySpec::Hmac256, KeyUsage::GenerateVerifyMac),
    ] {
        let key = kms
            .create_key(
                CreateKeyRequest::new(spec)
                    .usage(usage)
                    .origin(Origin::External),
            )
            .unwrap();
        let id = key.key_id.as_str();
        for (op, result) in every_operation(kms, id, &blob) {
            if op == "decrypt" {
                continue;
            }
            let what = format!("{op} on a key pending import");
            match local_error(result, ErrorKind::InvalidState, &what) {
                None
                | Some(Error::InvalidState {
                    state: KeyState::PendingImport,
                    ..
                }) => {}
                Some(other) => panic!("{what}: {other:?}"),
            }
        }
        assert_err!(kms.enable_key(id), Error::InvalidState { .. });
    }
}

/// A ciphertext decrypted under another key than the one named is refused, and so is a signature under another key.
pub fn wrong_key_is_detected<K: KeyManager + ?Sized>(kms: &K) {
    let a = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let b = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let blob = kms
        .encrypt(EncryptRequest::new(a.key_id.as_str(), b"x"))
        .unwrap()
        .ciphertext_blob;
    assert_err!(
        kms.decrypt(DecryptRequest::new(&blob).key_id(b.key_id.as_str())),
        Error::IncorrectKey { key_id } if *key_id == b.key_id
    );

    let r1 = create(kms, KeySpec::Rsa2048, KeyUsage::EncryptDecrypt);
    let r2 = create(kms, KeySpec::Rsa2048, KeyUsage::EncryptDecrypt);
    let oaep = EncryptionAlgorithm::RsaesOaepSha256;
    let ct = kms
        .encrypt(EncryptRequest::new(r1.key_id.as_str(), b"x").algorithm(oaep))
        .unwrap()
        .ciphertext_blob;
    assert_err!(
        kms.decrypt(
            DecryptRequest::new(&ct)
                .key_id(r2.key_id.as_str())
                .algorithm(oaep)
        ),
        Error::InvalidCiphertext
    );
    // The right key with the other OAEP hash fails too.
    assert_err!(
        kms.decrypt(
            DecryptRequest::new(&ct)
                .key_id(r1.key_id.as_str())
                .algorithm(EncryptionAlgorithm::RsaesOaepSha1)
        ),
        Error::InvalidCiphertext
    );
    assert_err!(
        kms.decrypt(DecryptRequest::new(&ct).algorithm(oaep)),
        Error::InvalidArgument { name, .. } if name == "key id"
    );

    let s1 = create(kms, KeySpec::EccNistP256, KeyUsage::SignVerify);
    let s2 = create(kms, KeySpec::EccNistP256, KeyUsage::SignVerify);
    let alg = SigningAlgorithm::EcdsaSha256;
    let sig = kms
        .sign(SignRequest::new(s1.key_id.as_str(), b"m", alg))
        .unwrap()
        .signature;
    assert_err!(
        kms.verify(VerifyRequest::new(s2.key_id.as_str(), b"m", alg, &sig)),
        Error::InvalidSignature
    );

    let m1 = create(kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    let m2 = create(kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    let mac = kms
        .generate_mac(GenerateMacRequest::new(
            m1.key_id.as_str(),
            b"m",
            MacAlgorithm::HmacSha256,
        ))
        .unwrap()
        .mac;
    assert_err!(
        kms.verify_mac(VerifyMacRequest::new(
            m2.key_id.as_str(),
            b"m",
            MacAlgorithm::HmacSha256,
            &mac
        )),
        Error::InvalidMac
    );
}

/// Unknown keys and aliases, named by id, alias, resource name or
/// nonsense, are not found by any operation. (The `local` tier adds the
/// default namespace's resource names and blobs naming unknown keys.)
pub fn unknown_keys_and_aliases_are_not_found<K: KeyManager + ?Sized>(kms: &K) {
    let missing = "1234abcd-12ab-34cd-56ef-1234567890ab";
    let alias = "alias/missing";
    // A resource name of the provider's own namespace, for a key it lacks.
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let arn = match key.arn.strip_suffix(key.key_id.as_str()) {
        Some(prefix) => format!("{prefix}{missing}"),
        None => panic!("a key's resource name ends with its id: {}", key.arn),
    };
    for id in [missing, alias, arn.as_str(), "nonsense"] {
        assert_not_found_everywhere(kms, id);
    }
    assert_err!(
        kms.create_alias(CreateAliasRequest::new("alias/x", missing)),
        Error::NotFound { .. }
    );
    assert_err!(
        kms.update_alias(UpdateAliasRequest::new(alias, missing)),
        Error::NotFound { .. }
    );
    assert_err!(kms.delete_alias(alias), Error::NotFound { .. });
}

/// Every operation on the key reference `id`, which names no key, fails
/// with `NotFound`.
pub(super) fn assert_not_found_everywhere<K: KeyManager + ?Sized>(kms: &K, id: &str) {
    for (op, result) in every_operation(kms, id, &[1u8; 60]) {
        if op == "decrypt" {
            continue;
        }
        let what = format!("{op} on {id}");
        if let Some(e) = local_error(result, ErrorKind::NotFound, &what) {
            assert!(matches!(e, Error::NotFound { .. }), "{what}: {e:?}");
        }
    }
    assert_err!(kms.describe_key(id), Error::NotFound { .. });
    assert_err!(kms.enable_key(id), Error::NotFound { .. });
    assert_err!(kms.disable_key(id), Error::NotFound { .. });
    assert_err!(
        kms.schedule_key_deletion(ScheduleKeyDeletionRequest::new(id)),
        Error::NotFound { .. }
    );
    assert_err!(kms.cancel_key_deletion(id), Error::NotFound { .. });
    assert_err!(
        kms.update_key_description(UpdateKeyDescriptionRequest::new(id, "d")),
        Error::NotFound { .. }
    );
    assert_err!(
        kms.tag_resource(TagResourceRequest::new(id, [Tag::new("k", "v")])),
        Error::NotFound { .. }
    );
    assert_err!(
        kms.untag_resource(UntagResourceRequest::new(id, ["k"])),
        Error::NotFound { .. }
    );
    assert_err!(kms.list_all_resource_tags(id), Error::NotFound { .. });
    assert_err!(kms.list_all_aliases(Some(id)), Error::NotFound { .. });
}

/// No `Debug` output of a response shows a secret.
pub fn debug_output_never_shows_secrets<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    let dk = kms
        .generate_data_key(GenerateDataKeyRequest::new(id, DataKeySpec::Aes256))
        .unwrap();
    let secret = dk.plaintext.expose_secret().to_vec();
    assert!(
        shows_bytes(&format!("{secret:?}"), &secret),
        "the detector itself works"
    );
    assert!(!shows_bytes(&format!("{dk:?}"), &secret));
    assert!(!shows_bytes(&format!("{dk:#?}"), &secret));
    let opened = kms
        .decrypt(DecryptRequest::new(&dk.ciphertext_blob))
        .unwrap();
    assert!(!shows_bytes(&format!("{opened:?}"), &secret));
    let pair = kms
        .generate_data_key_pair(GenerateDataKeyPairRequest::new(
            id,
            crate::DataKeyPairSpec::EccNistP256,
        ))
        .unwrap();
    // The PKCS#8 document embeds the public key and the curve OID, which may
    // be shown; the private scalar (ECPrivateKey: version 1, OCTET STRING of
    // 32 bytes) may not.
    let pkcs8 = pair.private_key_plaintext.expose_secret();
    let at = pkcs8
        .windows(5)
        .position(|w| w == [0x02, 0x01, 0x01, 0x04, 0x20])
        .expect("an ECPrivateKey inside the PKCS#8");
    let private = pkcs8[at + 5..at + 37].to_vec();
    assert!(
        shows_bytes(&format!("{:?}", pkcs8), &private),
        "the scalar is where we think"
    );
    assert!(!shows_bytes(&format!("{pair:?}"), &private));
    let random = kms.generate_random(GenerateRandomRequest::new(64)).unwrap();
    assert!(!shows_bytes(&format!("{random:?}"), random.expose_secret()));
    // The provider's own Debug shows no key material either: encrypt the data
    // key's bytes and make sure neither they nor the provider's view leak.
    for spec in [KeySpec::Hmac256, KeySpec::Ed25519, KeySpec::Sm2] {
        create(kms, spec, spec.default_usage());
    }
    let debug = format!("{kms:?} {kms:#?}");
    assert!(!shows_bytes(&debug, &secret));
    assert!(!shows_bytes(&debug, &private));
}
