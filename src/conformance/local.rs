//! The `local` tier: what every local provider shares and a remote service
//! may not. The local ciphertext blob (`src/ciphertext.rs`): a version and
//! an algorithm byte, the key's UUID at bytes 2 to 18, then the key version,
//! the nonce, the ciphertext and the tag,
//! [`CIPHERTEXT_OVERHEAD`](crate::CIPHERTEXT_OVERHEAD) bytes in all beyond
//! the plaintext; UUID key ids, read in any case; resource names of the
//! default namespace (`arn:aws:kms:local:000000000000`, and Alibaba's
//! `acs:kms:local:000000000000`); material versions in every response that
//! carries one; every vendor's rotation periods (down to Alibaba's 7 days).
//!
//! The other tiers check what any provider must do with the same inputs
//! (tampered blobs never decrypt, unknown keys are not found, every
//! reference form the provider gives reaches the key); these cases check
//! how a local provider does it.

use crate::{
    CreateAliasRequest, DecryptRequest, EnableKeyRotationRequest, EncryptRequest,
    EncryptionContext, KeyId, KeyManager, KeyManagerExt, KeySpec, KeyUsage, ReEncryptRequest,
    WrappingAlgorithm, WrappingKeySpec,
};

use super::create;
use super::errors::assert_not_found_everywhere;
use super::import::{external, import};
use crate::assert_err;

/// The bytes of the blob's key id field (2 to 18) for `key_id`, a UUID.
fn key_id_field(key_id: &str) -> [u8; 16] {
    *uuid::Uuid::parse_str(key_id)
        .unwrap_or_else(|e| panic!("a local provider's key id is a UUID: {key_id}: {e}"))
        .as_bytes()
}

/// Every flipped byte of a ciphertext blob is refused with the error of its
/// field: in the key id field (bytes 2 to 18) the blob names a key that does
/// not exist (`NotFound`; `IncorrectKey` when the key is named), anywhere
/// else it fails authentication (`InvalidCiphertext`). The blob is
/// [`CIPHERTEXT_OVERHEAD`](crate::CIPHERTEXT_OVERHEAD) bytes longer than its
/// plaintext.
pub fn every_flipped_byte_of_a_blob_is_detected<K: KeyManager + ?Sized>(kms: &K) {
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
        assert_eq!(blob.len(), 16 + crate::CIPHERTEXT_OVERHEAD);
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

/// A blob whose key id field is rewritten fails: naming another existing
/// key, authentication fails (`InvalidCiphertext`); naming a key that does
/// not exist, the key is not found.
pub fn rewritten_key_ids_of_blobs_are_detected<K: KeyManager + ?Sized>(kms: &K) {
    let a = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let b = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let blob = kms
        .encrypt(EncryptRequest::new(a.key_id.as_str(), b"x"))
        .unwrap()
        .ciphertext_blob;
    assert_eq!(blob[2..18], key_id_field(a.key_id.as_str()));
    let mut swapped = blob.clone();
    swapped[2..18].copy_from_slice(&key_id_field(b.key_id.as_str()));
    assert_err!(
        kms.decrypt(DecryptRequest::new(&swapped)),
        Error::InvalidCiphertext
    );
    let mut missing = blob;
    missing[2..18].copy_from_slice(&key_id_field("1234abcd-12ab-34cd-56ef-1234567890ab"));
    assert_err!(
        kms.decrypt(DecryptRequest::new(&missing)),
        Error::NotFound { .. }
    );
}

/// Key ids are UUIDs, read in any case, and a key is reached by the
/// Alibaba-style resource name of the default namespace
/// (`acs:kms:local:000000000000:key/…`) as by its own resource name.
pub fn uppercase_ids_and_acs_names_reach_the_key<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    assert!(key.key_id.is_uuid(), "{}", key.key_id);
    kms.create_alias(CreateAliasRequest::new("alias/local-refs", &key.key_id))
        .unwrap();
    let upper = key.key_id.as_str().to_uppercase();
    assert_eq!(KeyId::parse(&upper).unwrap(), key.key_id);
    let acs = format!("acs:kms:local:000000000000:key/{}", key.key_id);
    let acs_alias = "acs:kms:local:000000000000:alias/local-refs";
    for reference in [upper.as_str(), acs.as_str(), acs_alias] {
        let sealed = kms
            .encrypt(EncryptRequest::new(reference, b"x"))
            .unwrap_or_else(|e| panic!("{reference}: {e}"));
        assert_eq!(sealed.key_id, key.key_id, "{reference}");
        let opened = kms
            .decrypt(DecryptRequest::new(&sealed.ciphertext_blob).key_id(reference))
            .unwrap_or_else(|e| panic!("{reference}: {e}"));
        assert_eq!(opened.plaintext.expose_secret(), b"x");
        assert_eq!(kms.describe_key(reference).unwrap().key_id, key.key_id);
    }
}

/// The provider's resource names are in the default namespace, and those
/// of this account and another, naming a key that does not exist, are not
/// found by any operation.
pub fn default_namespace_names_of_unknown_keys_are_not_found<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    assert_eq!(
        key.arn,
        format!("arn:aws:kms:local:000000000000:key/{}", key.key_id)
    );
    let missing = "1234abcd-12ab-34cd-56ef-1234567890ab";
    let arn = format!("arn:aws:kms:local:000000000000:key/{missing}");
    let other_account = format!("arn:aws:kms:local:111122223333:key/{missing}");
    for id in [arn.as_str(), other_account.as_str()] {
        assert_not_found_everywhere(kms, id);
    }
}

/// A blob sealed outside the provider with key material imported into it
/// (the version-1 layout `src/ciphertext.rs` documents) decrypts.
pub fn blobs_sealed_outside_decrypt_with_imported_material<K: KeyManager + ?Sized>(kms: &K) {
    for (spec, alg_byte, len) in [
        (KeySpec::SymmetricDefault, 1u8, 32),
        (KeySpec::Aes128, 2, 16),
        (KeySpec::Sm4, 4, 16),
    ] {
        let key = external(kms, spec, KeyUsage::EncryptDecrypt);
        let material: Vec<u8> = (100..100 + len as u8).collect();
        import(
            kms,
            &key,
            &material,
            WrappingAlgorithm::RsaesOaepSha1,
            WrappingKeySpec::Rsa2048,
        )
        .unwrap();
        let blob = seal_v1(alg_byte, &material, &key_id_field(&key), b"imported");
        let out = kms.decrypt(DecryptRequest::new(&blob)).unwrap();
        assert_eq!(out.plaintext.expose_secret(), b"imported", "{spec}");
        // And one sealed with other material fails authentication.
        let other: Vec<u8> = vec![0x42; len];
        let forged = seal_v1(alg_byte, &other, &key_id_field(&key), b"imported");
        assert_err!(
            kms.decrypt(DecryptRequest::new(&forged)),
            Error::InvalidCiphertext
        );
    }
}

/// A version-1 ciphertext blob made outside the provider, as
/// `src/ciphertext.rs` documents it, with an empty encryption context.
fn seal_v1(alg: u8, key: &[u8], key_id: &[u8; 16], plaintext: &[u8]) -> Vec<u8> {
    use aes_gcm::aead::{AeadInOut, KeyInit};
    let nonce = [7u8; 12];
    let mut header = vec![1, alg];
    header.extend_from_slice(key_id);
    header.extend_from_slice(&1u32.to_be_bytes());
    header.extend_from_slice(&nonce);
    let mut aad = header.clone();
    aad.extend_from_slice(&0u32.to_be_bytes());
    let mut buf = plaintext.to_vec();
    let tag = match alg {
        1 => aes_gcm::Aes256Gcm::new_from_slice(key)
            .unwrap()
            .encrypt_inout_detached(&nonce.into(), &aad, buf.as_mut_slice().into()),
        2 => aes_gcm::Aes128Gcm::new_from_slice(key)
            .unwrap()
            .encrypt_inout_detached(&nonce.into(), &aad, buf.as_mut_slice().into()),
        _ => aes_gcm::AesGcm::<sm4::Sm4, aes_gcm::aead::consts::U12>::new_from_slice(key)
            .unwrap()
            .encrypt_inout_detached(&nonce.into(), &aad, buf.as_mut_slice().into()),
    }
    .unwrap();
    header.extend_from_slice(&buf);
    header.extend_from_slice(&tag);
    header
}

/// Rotation periods from 7 days (Alibaba's shortest) up: the local
/// providers take every vendor's range, AWS's starting at 90.
pub fn rotation_periods_down_to_a_week<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    for good in [7, 30, 89] {
        kms.enable_key_rotation(EnableKeyRotationRequest::new(id).rotation_period_in_days(good))
            .unwrap();
        let status = kms.get_key_rotation_status(id).unwrap();
        assert_eq!(status.rotation_period_in_days, Some(good));
    }
}

/// Every response that carries a material version has one: the local
/// providers number their material (1, then one more per rotation), where
/// a remote service may not say (AWS KMS does not; the other tiers accept
/// either, consistently).
pub fn material_versions_are_reported<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    assert_eq!(key.current_key_version, Some(1));
    let old = kms.encrypt(EncryptRequest::new(id, b"v1")).unwrap();
    assert_eq!(old.key_version, Some(1));
    let rotation = kms.rotate_key_on_demand(id).unwrap();
    assert_eq!(rotation.key_version, Some(2));
    let listed = kms.list_all_key_rotations(id).unwrap();
    assert_eq!(
        listed.iter().map(|r| r.key_version).collect::<Vec<_>>(),
        [Some(2)]
    );
    let new = kms.encrypt(EncryptRequest::new(id, b"v2")).unwrap();
    assert_eq!(new.key_version, Some(2));
    let opened = kms
        .decrypt(DecryptRequest::new(&old.ciphertext_blob))
        .unwrap();
    assert_eq!(opened.key_version, Some(1));
    let moved = kms
        .re_encrypt(ReEncryptRequest::new(
            DecryptRequest::new(&old.ciphertext_blob),
            id,
        ))
        .unwrap();
    assert_eq!(
        (moved.source_key_version, moved.key_version),
        (Some(1), Some(2))
    );
    assert_eq!(kms.describe_key(id).unwrap().current_key_version, Some(2));
    let status = kms.get_key_rotation_status(id).unwrap();
    assert_eq!(status.current_key_version, Some(2));
}
