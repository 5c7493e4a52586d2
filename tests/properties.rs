//! Property tests (proptest): round trips over arbitrary sizes, messages and
//! encryption contexts, on both providers; the encryption context's order
//! does not matter and any change to it does; the vocabulary reads back what
//! it prints for every vendor.
//!
//! Keys are made once per test binary (RSA-4096 among them), so each case
//! costs one operation, not one key generation.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use polykms::{
    CreateKeyRequest, DataKeyPairSpec, DataKeySpec, DecryptRequest, EncryptRequest,
    EncryptionAlgorithm, EncryptionContext, Error, FileKeyManager, GenerateDataKeyPairRequest,
    GenerateDataKeyRequest, GetParametersForImportRequest, ImportKeyMaterialRequest, InMemory,
    KeyManager, KeySpec, KeyUsage, MessageType, Origin, RootKey, ScheduleKeyDeletionRequest,
    SecretBytes, SignRequest, SigningAlgorithm, Vendor, VerifyRequest, Vocabulary,
    WrappingAlgorithm, WrappingKeySpec, limits, wrap_key_material,
};
use proptest::prelude::*;
use proptest::sample::select;

/// The providers under test, each with a key of every spec and usage.
struct Provider {
    kms: Box<dyn KeyManager>,
    /// (spec, usage) → key id.
    keys: BTreeMap<(KeySpec, KeyUsage), String>,
}

struct Providers {
    all: Vec<Provider>,
    _dir: tempfile::TempDir,
}

static PROVIDERS: LazyLock<Providers> = LazyLock::new(|| {
    // Under target/tmp: a static is never dropped, so the directory stays.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let file = FileKeyManager::create(dir.path(), RootKey::Key(SecretBytes::new(vec![9; 32])))
        .expect("a file store");
    let kinds: [Box<dyn KeyManager>; 2] = [Box::new(InMemory::new()), Box::new(file)];
    let mut all = Vec::new();
    for kms in kinds {
        let mut keys = BTreeMap::new();
        for spec in KeySpec::all() {
            for &usage in spec.allowed_usages() {
                // The file store gets the symmetric keys only: they are what
                // its properties exercise, and generation costs writes.
                if all.len() == 1 && !spec.is_symmetric_encryption() {
                    continue;
                }
                let id = kms
                    .create_key(CreateKeyRequest::new(spec).usage(usage))
                    .unwrap()
                    .key_id
                    .to_string();
                keys.insert((spec, usage), id);
            }
        }
        all.push(Provider { kms, keys });
    }
    Providers { all, _dir: dir }
});

fn memory() -> &'static Provider {
    &PROVIDERS.all[0]
}

fn symmetric_specs() -> Vec<KeySpec> {
    KeySpec::all()
        .into_iter()
        .filter(|s| s.is_symmetric_encryption())
        .collect()
}

/// Up to 8 entries of short arbitrary (Unicode) keys and values.
fn contexts() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map(".{1,12}", ".{0,24}", 0..8)
}

fn context_of(entries: &[(String, String)]) -> EncryptionContext {
    entries
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Every (spec, signing algorithm, message type) a key can sign with.
fn signing_cases() -> Vec<(KeySpec, SigningAlgorithm, MessageType)> {
    let mut cases = Vec::new();
    for spec in KeySpec::all() {
        for &algorithm in spec.signing_algorithms() {
            for &message_type in algorithm.message_types() {
                cases.push((spec, algorithm, message_type));
            }
        }
    }
    cases
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any plaintext size from 1 byte to the limit and any context, with
    /// every symmetric spec on both providers: decrypt gives back the
    /// plaintext, with or without the key id.
    #[test]
    fn symmetric_round_trip(
        plaintext in prop::collection::vec(any::<u8>(), 1..=limits::MAX_SYMMETRIC_PLAINTEXT),
        entries in contexts(),
        name_the_key in any::<bool>(),
    ) {
        let entries: Vec<_> = entries.into_iter().collect();
        let ctx = context_of(&entries);
        for p in &PROVIDERS.all {
            for spec in symmetric_specs() {
                let id = &p.keys[&(spec, KeyUsage::EncryptDecrypt)];
                let blob = p.kms.encrypt(EncryptRequest::new(id, &plaintext).context(&ctx)).unwrap().ciphertext_blob;
                prop_assert_eq!(blob.len(), plaintext.len() + polykms::CIPHERTEXT_OVERHEAD);
                let mut request = DecryptRequest::new(&blob).context(&ctx);
                if name_the_key {
                    request = request.key_id(id);
                }
                let back = p.kms.decrypt(request).unwrap();
                prop_assert_eq!(back.plaintext.expose_secret(), &plaintext[..]);
            }
        }
    }

    /// The context's entries in any order decrypt; removing, adding or
    /// changing any one entry fails, as `InvalidCiphertext`.
    #[test]
    fn context_order_is_irrelevant_and_every_change_fails(
        spec in select(symmetric_specs()),
        entries in prop::collection::btree_map(".{1,12}", ".{0,24}", 1..8),
        shuffle_seed in any::<u64>(),
        which in any::<prop::sample::Index>(),
        extra in ("[a-z]{1,8}", ".{0,8}"),
        change in ".{1,4}",
    ) {
        let p = memory();
        let id = &p.keys[&(spec, KeyUsage::EncryptDecrypt)];
        let entries: Vec<(String, String)> = entries.into_iter().collect();
        let ctx = context_of(&entries);
        let blob = p.kms.encrypt(EncryptRequest::new(id, b"context bound").context(&ctx)).unwrap().ciphertext_blob;

        // Reordered: the same context.
        let mut reordered = entries.clone();
        let mut seed = shuffle_seed;
        for i in (1..reordered.len()).rev() {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            reordered.swap(i, (seed >> 33) as usize % (i + 1));
        }
        let back = p.kms.decrypt(DecryptRequest::new(&blob).context(context_of(&reordered))).unwrap();
        prop_assert_eq!(back.plaintext.expose_secret(), b"context bound");

        let i = which.index(entries.len());
        let mut variants: Vec<Vec<(String, String)>> = Vec::new();
        // One entry removed.
        let mut removed = entries.clone();
        removed.remove(i);
        variants.push(removed);
        // One entry added (under a key not already there).
        if !entries.iter().any(|(k, _)| *k == extra.0) {
            let mut added = entries.clone();
            added.push(extra.clone());
            variants.push(added);
        }
        // One value changed.
        let mut changed_value = entries.clone();
        changed_value[i].1.push_str(&change);
        variants.push(changed_value);
        // One key changed (to a key not already there).
        let new_key = format!("{}{}", entries[i].0, change);
        if !entries.iter().any(|(k, _)| *k == new_key) {
            let mut changed_key = entries.clone();
            changed_key[i].0 = new_key;
            variants.push(changed_key);
        }
        for variant in variants {
            let outcome = p.kms.decrypt(DecryptRequest::new(&blob).context(context_of(&variant)));
            prop_assert!(matches!(outcome, Err(Error::InvalidCiphertext)), "{:?} gave {:?}", variant, outcome);
        }
        // No context at all, when there was one.
        prop_assert!(matches!(p.kms.decrypt(DecryptRequest::new(&blob)), Err(Error::InvalidCiphertext)));
    }

    /// Data keys of every size and spec, with any context: the blob decrypts
    /// to the plaintext key, on both providers.
    #[test]
    fn data_key_round_trip(
        provider in 0..2usize,
        spec in select(symmetric_specs()),
        length in prop_oneof![
            select(DataKeySpec::all()).prop_map(Err),
            (1..=limits::MAX_RANDOM_BYTES).prop_map(Ok),
        ],
        entries in contexts(),
    ) {
        let p = &PROVIDERS.all[provider];
        let id = &p.keys[&(spec, KeyUsage::EncryptDecrypt)];
        let entries: Vec<_> = entries.into_iter().collect();
        let ctx = context_of(&entries);
        let request = match length {
            Ok(n) => GenerateDataKeyRequest::with_number_of_bytes(id, n),
            Err(data_key_spec) => GenerateDataKeyRequest::new(id, data_key_spec),
        };
        let key = p.kms.generate_data_key(request.context(&ctx)).unwrap();
        let expected = match length {
            Ok(n) => n,
            Err(data_key_spec) => data_key_spec.byte_len(),
        };
        prop_assert_eq!(key.plaintext.len(), expected);
        let back = p.kms.decrypt(DecryptRequest::new(&key.ciphertext_blob).context(&ctx)).unwrap();
        prop_assert_eq!(back.plaintext.expose_secret(), key.plaintext.expose_secret());
    }

    /// Every name of every table, for every vendor, reads back as the value
    /// that prints as it; and any string that parses is a spelling of what
    /// it parses to.
    #[test]
    fn vocabulary_reads_back_what_it_prints(
        noise in ".{0,24}",
        row in any::<prop::sample::Index>(),
    ) {
        check_table::<KeySpec>(&noise, row)?;
        check_table::<KeyUsage>(&noise, row)?;
        check_table::<EncryptionAlgorithm>(&noise, row)?;
        check_table::<SigningAlgorithm>(&noise, row)?;
        check_table::<polykms::MacAlgorithm>(&noise, row)?;
        check_table::<MessageType>(&noise, row)?;
        check_table::<polykms::KeyState>(&noise, row)?;
        check_table::<Origin>(&noise, row)?;
        check_table::<DataKeySpec>(&noise, row)?;
        check_table::<DataKeyPairSpec>(&noise, row)?;
        check_table::<WrappingAlgorithm>(&noise, row)?;
        check_table::<WrappingKeySpec>(&noise, row)?;
        check_table::<polykms::RotationType>(&noise, row)?;
    }
}

fn check_table<V: Vocabulary + std::fmt::Debug>(
    noise: &str,
    row: prop::sample::Index,
) -> Result<(), TestCaseError> {
    let values = V::all();
    let value = values[row.index(values.len())];
    prop_assert_eq!(V::parse_name(value.as_str()).unwrap(), value);
    for vendor in Vendor::ALL {
        if let Some(name) = value.spelling(vendor) {
            prop_assert_eq!(V::parse_vendor(vendor, name).unwrap(), value);
            prop_assert_eq!(V::parse_name(name).unwrap(), value);
            // The name with noise around it is some other name or none.
            for text in [format!("{name}{noise}"), format!("{noise}{name}")] {
                if let Ok(other) = V::parse_vendor(vendor, &text) {
                    prop_assert_eq!(other.spelling(vendor), Some(text.as_str()));
                }
            }
        }
        match V::parse_vendor(vendor, noise) {
            Ok(parsed) => prop_assert_eq!(parsed.spelling(vendor), Some(noise)),
            Err(e) => prop_assert!(matches!(e, Error::UnrecognizedName { .. }), "{}", e),
        }
    }
    match V::parse_name(noise) {
        Ok(parsed) => prop_assert!(
            parsed.as_str() == noise
                || Vendor::ALL
                    .iter()
                    .any(|&v| parsed.spelling(v) == Some(noise))
        ),
        Err(e) => prop_assert!(
            matches!(
                e,
                Error::UnrecognizedName { .. } | Error::NotImplemented { .. }
            ),
            "{}",
            e
        ),
    }
    Ok(())
}

proptest! {
    // Pair generation includes RSA: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Data key pairs of every spec, with any context: the private key's blob
    /// decrypts to the private key, and that private key, imported as key
    /// material, has the pair's public key.
    #[test]
    fn data_key_pair_round_trip(
        pair_spec in select(DataKeyPairSpec::all()),
        wrapping_key in select(symmetric_specs()),
        entries in contexts(),
    ) {
        let p = memory();
        let id = &p.keys[&(wrapping_key, KeyUsage::EncryptDecrypt)];
        let entries: Vec<_> = entries.into_iter().collect();
        let ctx = context_of(&entries);
        let pair = p.kms.generate_data_key_pair(GenerateDataKeyPairRequest::new(id, pair_spec).context(&ctx)).unwrap();
        let back = p.kms.decrypt(DecryptRequest::new(&pair.private_key_ciphertext_blob).context(&ctx)).unwrap();
        prop_assert_eq!(back.plaintext.expose_secret(), pair.private_key_plaintext.expose_secret());

        let spec = pair_spec.key_spec();
        let external = p.kms.create_key(
            CreateKeyRequest::new(spec).usage(KeyUsage::SignVerify).origin(Origin::External),
        ).unwrap().key_id.to_string();
        let (algorithm, wrapping) = if matches!(spec, KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::Rsa4096) {
            (WrappingAlgorithm::RsaAesKeyWrapSha256, WrappingKeySpec::Rsa2048)
        } else {
            (WrappingAlgorithm::Sm2Pke, WrappingKeySpec::Sm2)
        };
        let params = p.kms.get_parameters_for_import(GetParametersForImportRequest::new(&external, algorithm, wrapping)).unwrap();
        let wrapped = wrap_key_material(&params.public_key, algorithm, pair.private_key_plaintext.expose_secret()).unwrap();
        p.kms.import_key_material(ImportKeyMaterialRequest::new(&external, &params.import_token, &wrapped)).unwrap();
        prop_assert_eq!(p.kms.get_public_key(&external).unwrap().public_key, pair.public_key);
        p.kms.schedule_key_deletion(ScheduleKeyDeletionRequest::new(&external)).unwrap();
    }
}

proptest! {
    // Every signing spec, algorithm and message type in each case.
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Arbitrary messages (RAW) and digests (DIGEST) sign and verify with
    /// every signing spec, algorithm and message type; one flipped bit of the
    /// message or the signature fails as `InvalidSignature`.
    #[test]
    fn sign_verify_round_trip(
        message in prop::collection::vec(any::<u8>(), 1..=limits::MAX_SIGN_MESSAGE),
        flip in any::<prop::sample::Index>(),
        bit in 0..8u8,
    ) {
        let p = memory();
        for (spec, algorithm, message_type) in signing_cases() {
            let id = &p.keys[&(spec, KeyUsage::SignVerify)];
            let mut message = message.clone();
            if message_type != MessageType::Raw {
                // A digest, or ML-DSA's μ: of the algorithm's length.
                message.resize(algorithm.digest_len(), 0x33);
            }
            let signature = p.kms.sign(SignRequest::new(id, &message, algorithm).message_type(message_type)).unwrap().signature;
            p.kms.verify(VerifyRequest::new(id, &message, algorithm, &signature).message_type(message_type)).unwrap();

            let mut changed = message.clone();
            let i = flip.index(changed.len());
            changed[i] ^= 1 << bit;
            let outcome = p.kms.verify(VerifyRequest::new(id, &changed, algorithm, &signature).message_type(message_type));
            prop_assert!(matches!(outcome, Err(Error::InvalidSignature)), "{spec} {algorithm}: changed message gave {outcome:?}");

            let mut forged = signature.clone();
            let i = flip.index(forged.len());
            forged[i] ^= 1 << bit;
            let outcome = p.kms.verify(VerifyRequest::new(id, &message, algorithm, &forged).message_type(message_type));
            prop_assert!(matches!(outcome, Err(Error::InvalidSignature)), "{spec} {algorithm}: changed signature gave {outcome:?}");
        }
    }
}
