//! Rotation: versions, automatic and on-demand rotation, re-encryption to
//! the current version, retirement of old versions.

use super::walk_pages;
use crate::ListKeyRotationsRequest;
use crate::{
    EnableKeyRotationRequest, KeyManagerExt, ScheduleKeyDeletionRequest,
    SetMinimumDecryptionVersionRequest,
};
use std::time::Duration;

use crate::{
    Clock, CreateKeyRequest, DataKeySpec, DecryptRequest, EncryptRequest, Error, ErrorKind,
    GenerateDataKeyRequest, GenerateMacRequest, KeyManager, KeySpec, KeyState, KeyUsage,
    MacAlgorithm, ManualClock, Origin, ReEncryptRequest, RotationType, VerifyMacRequest,
};

use super::{create, local_error};
use crate::assert_err;

const DAY: Duration = Duration::from_secs(86_400);

/// Checks a material version a provider reported. Every local provider
/// reports versions (the `local` tier checks that it does); a remote one
/// may not (AWS KMS does not), and then reports none, ever: `reports` is
/// whether the provider reported a version for a fresh key
/// ([`KeyMetadata::current_key_version`](crate::KeyMetadata::current_key_version)).
#[track_caller]
fn check_version(reports: bool, reported: Option<u32>, expected: u32, what: &str) {
    assert_eq!(reported, reports.then_some(expected), "{what}");
}

/// Whether the provider reports material versions, from a fresh key.
fn reports_versions(key: &crate::KeyMetadata) -> bool {
    key.current_key_version.is_some()
}

fn encrypt<K: KeyManager + ?Sized>(kms: &K, key: &str, plaintext: &[u8]) -> (Vec<u8>, Option<u32>) {
    let out = kms.encrypt(EncryptRequest::new(key, plaintext)).unwrap();
    (out.ciphertext_blob, out.key_version)
}

fn decrypt<K: KeyManager + ?Sized>(kms: &K, blob: &[u8]) -> (Vec<u8>, Option<u32>) {
    let out = kms.decrypt(DecryptRequest::new(blob)).unwrap();
    (out.plaintext.expose_secret().to_vec(), out.key_version)
}

/// After rotation, new ciphertexts use the new version and old ones still decrypt.
pub fn rotation_keeps_old_ciphertexts_decrypting<K: KeyManager + ?Sized>(
    kms: &K,
    clock: &ManualClock,
) {
    for spec in [
        KeySpec::SymmetricDefault,
        KeySpec::Aes128,
        KeySpec::Aes192,
        KeySpec::Sm4,
    ] {
        let key = create(kms, spec, KeyUsage::EncryptDecrypt);
        let id = key.key_id.as_str();
        let reports = reports_versions(&key);
        let mut blobs = vec![encrypt(kms, id, b"version 1")];
        let data_key = kms
            .generate_data_key(GenerateDataKeyRequest::new(id, DataKeySpec::Aes256))
            .unwrap();
        for version in 2..=5u32 {
            clock.advance(DAY);
            let rotation = kms.rotate_key_on_demand(id).unwrap();
            check_version(reports, rotation.key_version, version, "rotation");
            assert_eq!(rotation.rotation_type, RotationType::OnDemand);
            assert_eq!(rotation.rotation_date, clock.now());
            let (blob, used) = encrypt(kms, id, format!("version {version}").as_bytes());
            check_version(reports, used, version, "encrypt uses the current version");
            blobs.push((blob, used));
        }
        for (i, (blob, version)) in blobs.iter().enumerate() {
            let (plaintext, used) = decrypt(kms, blob);
            assert_eq!(plaintext, format!("version {}", i + 1).as_bytes(), "{spec}");
            assert_eq!(used, *version, "{spec}: decrypt uses the blob's version");
            check_version(reports, used, i as u32 + 1, "decrypt");
        }
        let (plaintext, used) = decrypt(kms, &data_key.ciphertext_blob);
        assert_eq!(plaintext, data_key.plaintext.expose_secret());
        check_version(reports, used, 1, "a data key's version");
        let current = kms.describe_key(id).unwrap().current_key_version;
        check_version(reports, current, 5, "current version");
        let rotations = kms.list_all_key_rotations(id).unwrap();
        assert_eq!(rotations.len(), 4);
        for (rotation, version) in rotations.iter().zip(2..) {
            check_version(reports, rotation.key_version, version, "listed rotation");
        }
        assert!(
            rotations
                .windows(2)
                .all(|w| w[0].rotation_date < w[1].rotation_date)
        );
    }
}

/// After rotation, MACs of every version verify.
pub fn hmac_rotation_verifies_old_macs<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    let id = key.key_id.as_str();
    let mac = |message: &[u8]| {
        kms.generate_mac(GenerateMacRequest::new(
            id,
            message,
            MacAlgorithm::HmacSha256,
        ))
        .unwrap()
        .mac
    };
    let verify = |message: &[u8], mac: &[u8]| {
        kms.verify_mac(VerifyMacRequest::new(
            id,
            message,
            MacAlgorithm::HmacSha256,
            mac,
        ))
    };
    let old = mac(b"message");
    assert_eq!(
        mac(b"message"),
        old,
        "HMAC is deterministic within a version"
    );
    kms.rotate_key_on_demand(id).unwrap();
    let new = mac(b"message");
    assert_ne!(new, old, "the current version MACs after a rotation");
    verify(b"message", &old).unwrap();
    verify(b"message", &new).unwrap();
    assert_err!(verify(b"other", &old), Error::InvalidMac);
    let mut tampered = new.clone();
    tampered[0] ^= 1;
    assert_err!(verify(b"message", &tampered), Error::InvalidMac);
}

/// Automatic rotation happens when the clock reaches its date, not before, and not while the key is disabled.
pub fn automatic_rotation_applies_when_due_by_the_clock<K: KeyManager + ?Sized>(
    kms: &K,
    clock: &ManualClock,
) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    let reports = reports_versions(&key);
    let status = kms.get_key_rotation_status(id).unwrap();
    assert!(!status.rotation_enabled);
    assert_eq!(status.next_rotation_date, None);

    kms.enable_key_rotation(EnableKeyRotationRequest::new(id).rotation_period_in_days(90))
        .unwrap();
    let enabled_at = clock.now();
    let status = kms.get_key_rotation_status(id).unwrap();
    assert!(status.rotation_enabled);
    assert_eq!(status.rotation_period_in_days, Some(90));
    assert_eq!(status.next_rotation_date, Some(enabled_at + 90 * DAY));
    check_version(reports, status.current_key_version, 1, "status");

    clock.advance(90 * DAY - Duration::from_secs(1));
    check_version(reports, encrypt(kms, id, b"x").1, 1, "not due yet");
    assert!(kms.list_all_key_rotations(id).unwrap().is_empty());
    clock.advance(Duration::from_secs(1));
    let (blob, version) = encrypt(kms, id, b"after");
    check_version(reports, version, 2, "due: the first use rotates");
    let rotations = kms.list_all_key_rotations(id).unwrap();
    assert_eq!(rotations.len(), 1);
    assert_eq!(rotations[0].rotation_type, RotationType::Automatic);
    assert_eq!(rotations[0].rotation_date, enabled_at + 90 * DAY);
    let status = kms.get_key_rotation_status(id).unwrap();
    assert_eq!(status.next_rotation_date, Some(clock.now() + 90 * DAY));
    check_version(reports, status.current_key_version, 2, "status");

    // Reading the status alone applies a due rotation too.
    clock.advance(90 * DAY);
    let status = kms.get_key_rotation_status(id).unwrap();
    check_version(reports, status.current_key_version, 3, "status");
    assert_eq!(status.next_rotation_date, Some(clock.now() + 90 * DAY));

    // A disabled key does not rotate; once enabled, the overdue rotation
    // happens at its next use, and only once however late.
    kms.disable_key(id).unwrap();
    clock.advance(400 * DAY);
    assert_eq!(kms.list_all_key_rotations(id).unwrap().len(), 2);
    kms.enable_key(id).unwrap();
    check_version(reports, encrypt(kms, id, b"x").1, 4, "the overdue rotation");
    assert_eq!(kms.list_all_key_rotations(id).unwrap().len(), 3);

    // Disabled rotation stays off.
    kms.disable_key_rotation(id).unwrap();
    assert!(!kms.get_key_rotation_status(id).unwrap().rotation_enabled);
    clock.advance(3000 * DAY);
    check_version(reports, encrypt(kms, id, b"x").1, 4, "rotation off");
    assert_eq!(kms.list_all_key_rotations(id).unwrap().len(), 3);
    assert_eq!(decrypt(kms, &blob).0, b"after");

    // HMAC keys rotate automatically as well.
    let mac_key = create(kms, KeySpec::Hmac512, KeyUsage::GenerateVerifyMac);
    kms.enable_key_rotation(EnableKeyRotationRequest::new(mac_key.key_id.as_str()))
        .unwrap();
    let status = kms
        .get_key_rotation_status(mac_key.key_id.as_str())
        .unwrap();
    assert_eq!(status.rotation_period_in_days, Some(365));
    clock.advance(365 * DAY);
    let current = kms
        .describe_key(mac_key.key_id.as_str())
        .unwrap()
        .current_key_version;
    check_version(reports, current, 2, "HMAC rotation");
    assert_eq!(
        kms.list_all_key_rotations(mac_key.key_id.as_str())
            .unwrap()
            .len(),
        1
    );
}

/// Rotation periods outside AWS's 90 to 2560 days are refused
/// (`rotation period in days`); inside, they are kept. (The local
/// providers also take Alibaba's and Huawei's shorter periods, down to 7
/// days: the `local` tier.)
pub fn rotation_period_bounds<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    for bad in [0, 6, 2561, u32::MAX] {
        assert_err!(
            kms.enable_key_rotation(EnableKeyRotationRequest::new(id).rotation_period_in_days(bad)),
            Error::InvalidArgument {
                name,
                ..
            } if name == "rotation period in days"
        );
    }
    for good in [90, 365, 730, 2560] {
        kms.enable_key_rotation(EnableKeyRotationRequest::new(id).rotation_period_in_days(good))
            .unwrap();
        let status = kms.get_key_rotation_status(id).unwrap();
        assert_eq!(status.rotation_period_in_days, Some(good));
    }
}

/// Asymmetric keys and keys with imported material cannot rotate.
pub fn asymmetric_and_imported_keys_refuse_rotation<K: KeyManager + ?Sized>(kms: &K) {
    for (spec, usage) in [
        (KeySpec::Rsa2048, KeyUsage::EncryptDecrypt),
        (KeySpec::EccNistP256, KeyUsage::SignVerify),
        (KeySpec::EccSecgP256k1, KeyUsage::SignVerify),
        (KeySpec::Ed25519, KeyUsage::SignVerify),
        (KeySpec::Sm2, KeyUsage::EncryptDecrypt),
    ] {
        let key = create(kms, spec, usage);
        let id = key.key_id.as_str();
        assert_err!(
            kms.rotate_key_on_demand(id),
            Error::UnsupportedOperation {
                operation,
                ..
            } if operation == "RotateKeyOnDemand"
        );
        assert_err!(
            kms.enable_key_rotation(EnableKeyRotationRequest::new(id)),
            Error::UnsupportedOperation { .. }
        );
        assert_err!(
            kms.set_minimum_decryption_version(SetMinimumDecryptionVersionRequest::new(id, 1)),
            Error::UnsupportedOperation { .. }
        );
        let status = kms.get_key_rotation_status(id).unwrap();
        assert!(!status.rotation_enabled, "{spec}");
        check_version(
            reports_versions(&key),
            status.current_key_version,
            1,
            "status",
        );
    }
    let imported = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).origin(Origin::External))
        .unwrap();
    let rotated = kms.rotate_key_on_demand(imported.key_id.as_str());
    let what = "rotating a key with imported material";
    if let Some(err) = local_error(rotated, ErrorKind::UnsupportedOperation, what) {
        assert!(matches!(err, Error::UnsupportedOperation { .. }), "{err:?}");
        assert!(err.to_string().contains("imported key material"), "{err}");
    }
    assert_err!(
        kms.enable_key_rotation(EnableKeyRotationRequest::new(imported.key_id.as_str())),
        Error::UnsupportedOperation { .. }
    );
    // A key pending deletion does not rotate either.
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    kms.schedule_key_deletion(ScheduleKeyDeletionRequest::new(key.key_id.as_str()))
        .unwrap();
    assert_err!(
        kms.rotate_key_on_demand(key.key_id.as_str()),
        Error::InvalidState {
            state: KeyState::PendingDeletion,
            ..
        }
    );
}

/// Re-encryption under the same key moves a ciphertext to the current version.
pub fn re_encrypt_moves_ciphertexts_to_the_current_version<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::Sm4, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    let reports = reports_versions(&key);
    let (old, _) = encrypt(kms, id, b"secret");
    kms.rotate_key_on_demand(id).unwrap();
    kms.rotate_key_on_demand(id).unwrap();
    let moved = kms
        .re_encrypt(ReEncryptRequest::new(DecryptRequest::new(&old), id))
        .unwrap();
    check_version(reports, moved.source_key_version, 1, "source version");
    check_version(reports, moved.key_version, 3, "destination version");
    let (plaintext, version) = decrypt(kms, &moved.ciphertext_blob);
    assert_eq!(plaintext, b"secret");
    check_version(reports, version, 3, "decrypt");
    // Once moved, retiring the old versions loses nothing.
    kms.set_minimum_decryption_version(SetMinimumDecryptionVersionRequest::new(id, 3))
        .unwrap();
    assert_eq!(decrypt(kms, &moved.ciphertext_blob).0, b"secret");
    assert_err!(
        kms.decrypt(DecryptRequest::new(&old)),
        Error::VersionRetired {
            version: 1,
            minimum: 3,
            ..
        }
    );
}

/// Versions below the minimum decryption version refuse to decrypt and verify, until it is lowered again.
pub fn retired_versions_refuse_to_decrypt<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    let (v1, _) = encrypt(kms, id, b"one");
    kms.rotate_key_on_demand(id).unwrap();
    let (v2, _) = encrypt(kms, id, b"two");
    for bad in [0, 3, u32::MAX] {
        assert_err!(
            kms.set_minimum_decryption_version(SetMinimumDecryptionVersionRequest::new(id, bad)),
            Error::InvalidArgument {
                name,
                ..
            } if name == "minimum decryption version"
        );
    }
    kms.set_minimum_decryption_version(SetMinimumDecryptionVersionRequest::new(id, 2))
        .unwrap();
    assert_eq!(kms.describe_key(id).unwrap().minimum_decryption_version, 2);
    assert_eq!(
        kms.get_key_rotation_status(id)
            .unwrap()
            .minimum_decryption_version,
        2
    );
    let retired = kms.decrypt(DecryptRequest::new(&v1));
    if let Some(err) = local_error(retired, ErrorKind::VersionRetired, "a retired version") {
        assert!(
            matches!(
                err,
                Error::VersionRetired {
                    version: 1,
                    minimum: 2,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("retired"), "{err}");
    }
    assert_err!(
        kms.re_encrypt(ReEncryptRequest::new(DecryptRequest::new(&v1), id)),
        Error::VersionRetired { .. }
    );
    assert_eq!(decrypt(kms, &v2).0, b"two");
    // Reversible: the material was kept.
    kms.set_minimum_decryption_version(SetMinimumDecryptionVersionRequest::new(id, 1))
        .unwrap();
    assert_eq!(decrypt(kms, &v1).0, b"one");

    // MACs of retired versions no longer verify.
    let mac_key = create(kms, KeySpec::Hmac384, KeyUsage::GenerateVerifyMac);
    let mid = mac_key.key_id.as_str();
    let alg = MacAlgorithm::HmacSha384;
    let old = kms
        .generate_mac(GenerateMacRequest::new(mid, b"m", alg))
        .unwrap()
        .mac;
    kms.rotate_key_on_demand(mid).unwrap();
    kms.set_minimum_decryption_version(SetMinimumDecryptionVersionRequest::new(mid, 2))
        .unwrap();
    assert_err!(
        kms.verify_mac(VerifyMacRequest::new(mid, b"m", alg, &old)),
        Error::InvalidMac
    );
    let new = kms
        .generate_mac(GenerateMacRequest::new(mid, b"m", alg))
        .unwrap()
        .mac;
    kms.verify_mac(VerifyMacRequest::new(mid, b"m", alg, &new))
        .unwrap();
}

/// Rotating and turning automatic rotation on make material the key will
/// use: a disabled key refuses (`Disabled`), a key pending deletion too
/// (`InvalidState`); turning rotation off and reading the status work on a
/// disabled key. (Found by the concurrency stress test: rotation used to
/// succeed on a disabled key.)
pub fn rotating_needs_an_enabled_key<K: KeyManager + ?Sized>(kms: &K) {
    for spec in [KeySpec::SymmetricDefault, KeySpec::Hmac256] {
        let key = create(kms, spec, spec.default_usage());
        let id = key.key_id.as_str();
        kms.enable_key_rotation(EnableKeyRotationRequest::new(id))
            .unwrap();
        kms.disable_key(id).unwrap();
        assert_err!(kms.rotate_key_on_demand(id), Error::Disabled { .. });
        assert_err!(
            kms.enable_key_rotation(EnableKeyRotationRequest::new(id).rotation_period_in_days(90)),
            Error::Disabled { .. }
        );
        kms.disable_key_rotation(id).unwrap();
        let status = kms.get_key_rotation_status(id).unwrap();
        assert!(!status.rotation_enabled);
        let reports = reports_versions(&key);
        check_version(reports, status.current_key_version, 1, "status");
        kms.schedule_key_deletion(ScheduleKeyDeletionRequest::new(id))
            .unwrap();
        assert_err!(
            kms.rotate_key_on_demand(id),
            Error::InvalidState {
                state: KeyState::PendingDeletion,
                ..
            }
        );
        assert_err!(
            kms.enable_key_rotation(EnableKeyRotationRequest::new(id)),
            Error::InvalidState {
                state: KeyState::PendingDeletion,
                ..
            }
        );
        kms.cancel_key_deletion(id).unwrap();
        kms.enable_key(id).unwrap();
        let rotation = kms.rotate_key_on_demand(id).unwrap();
        check_version(reports, rotation.key_version, 2, "rotation");
        assert_eq!(kms.list_all_key_rotations(id).unwrap().len(), 1);
    }
}

/// Rotations list page by page, oldest first, each exactly once.
pub fn list_key_rotations_pages<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    assert!(
        kms.list_all_key_rotations(key.key_id.as_str())
            .unwrap()
            .is_empty()
    );
    for _ in 0..5 {
        kms.rotate_key_on_demand(key.key_id.as_str()).unwrap();
    }
    let (rotations, pages) = walk_pages(2, |marker| {
        let mut request = ListKeyRotationsRequest::new(&key.key_id).limit(2);
        request.marker = marker;
        let page = kms.list_key_rotations(request).unwrap();
        (page.rotations, page.next_marker)
    });
    assert_eq!(rotations.len(), 5);
    for (rotation, version) in rotations.iter().zip(2..) {
        check_version(
            reports_versions(&key),
            rotation.key_version,
            version,
            "rotation",
        );
    }
    assert_eq!(pages, 3);
    assert!(rotations.iter().all(|r| r.key_id == key.key_id));
    assert_eq!(
        kms.list_all_key_rotations(key.key_id.as_str()).unwrap(),
        rotations
    );
    assert_err!(
        kms.list_key_rotations(ListKeyRotationsRequest::new(&key.key_id).marker("not a marker")),
        Error::InvalidMarker { .. }
    );
}
