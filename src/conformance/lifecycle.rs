//! Lifecycle, deletion windows, listing, aliases, tags, descriptions.

use crate::{
    CreateAliasRequest, ScheduleKeyDeletionRequest, TagResourceRequest, UntagResourceRequest,
    UpdateAliasRequest, UpdateKeyDescriptionRequest,
};
use crate::{ListAliasesRequest, ListResourceTagsRequest};
use std::time::Duration;

use crate::{
    CreateKeyRequest, DecryptRequest, EncryptRequest, KeyManager, KeyManagerExt, KeySpec, KeyState,
    KeyUsage, ListKeysRequest, ManualClock, Origin, Tag,
};

use super::{create, walk_pages};
use crate::assert_err;

const DAY: Duration = Duration::from_secs(86_400);

/// Keys disable and enable again, and their state shows it.
pub fn enable_disable_cycle<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    let blob = kms
        .encrypt(EncryptRequest::new(id, b"x"))
        .unwrap()
        .ciphertext_blob;
    kms.disable_key(id).unwrap();
    assert_eq!(kms.describe_key(id).unwrap().key_state, KeyState::Disabled);
    assert!(!kms.describe_key(id).unwrap().enabled());
    assert_err!(
        kms.decrypt(DecryptRequest::new(&blob)),
        Error::Disabled { .. }
    );
    kms.disable_key(id).unwrap(); // idempotent
    kms.enable_key(id).unwrap();
    kms.enable_key(id).unwrap(); // idempotent
    assert_eq!(kms.describe_key(id).unwrap().key_state, KeyState::Enabled);
    assert_eq!(
        kms.decrypt(DecryptRequest::new(&blob))
            .unwrap()
            .plaintext
            .expose_secret(),
        b"x"
    );
}

/// Deletion waits for its window, which is checked, and can be cancelled.
pub fn deletion_window_and_cancel<K: KeyManager + ?Sized>(kms: &K, clock: &ManualClock) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    let blob = kms
        .encrypt(EncryptRequest::new(id, b"keep"))
        .unwrap()
        .ciphertext_blob;
    let now = crate::Clock::now(clock);
    let scheduled = kms
        .schedule_key_deletion(ScheduleKeyDeletionRequest::new(id))
        .unwrap();
    assert_eq!(scheduled.key_state, KeyState::PendingDeletion);
    assert_eq!(scheduled.pending_deletion_window_in_days, Some(30));
    assert_eq!(scheduled.deletion_date, Some(now + 30 * DAY));
    assert_err!(
        kms.decrypt(DecryptRequest::new(&blob)),
        Error::InvalidState { .. }
    );
    clock.advance(29 * DAY);
    let cancelled = kms.cancel_key_deletion(id).unwrap();
    assert_eq!(cancelled.key_state, KeyState::Disabled);
    assert_eq!(cancelled.deletion_date, None);
    assert_err!(kms.cancel_key_deletion(id), Error::InvalidState { .. });
    kms.enable_key(id).unwrap();
    assert_eq!(
        kms.decrypt(DecryptRequest::new(&blob))
            .unwrap()
            .plaintext
            .expose_secret(),
        b"keep"
    );
    // A disabled key can be scheduled too; the window bounds are inclusive.
    kms.disable_key(id).unwrap();
    for days in [7, 30] {
        let scheduled = kms
            .schedule_key_deletion(ScheduleKeyDeletionRequest::new(id).pending_window_in_days(days))
            .unwrap();
        assert_eq!(scheduled.pending_deletion_window_in_days, Some(days));
        kms.cancel_key_deletion(id).unwrap();
    }
}

/// Once the window passes, the key and its aliases are gone.
pub fn deleted_keys_are_gone_after_the_window<K: KeyManager + ?Sized>(
    kms: &K,
    clock: &ManualClock,
) {
    let doomed = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let kept = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = doomed.key_id.as_str();
    kms.create_alias(CreateAliasRequest::new("alias/doomed", id))
        .unwrap();
    let blob = kms
        .encrypt(EncryptRequest::new(id, b"gone"))
        .unwrap()
        .ciphertext_blob;
    kms.schedule_key_deletion(ScheduleKeyDeletionRequest::new(id).pending_window_in_days(7))
        .unwrap();
    clock.advance(7 * DAY - Duration::from_secs(1));
    assert_eq!(
        kms.describe_key(id).unwrap().key_state,
        KeyState::PendingDeletion
    );
    clock.advance(Duration::from_secs(1));
    assert_err!(kms.describe_key(id), Error::NotFound { .. });
    assert_err!(kms.describe_key("alias/doomed"), Error::NotFound { .. });
    assert_err!(kms.cancel_key_deletion(id), Error::NotFound { .. });
    assert_err!(
        kms.decrypt(DecryptRequest::new(&blob)),
        Error::NotFound { .. }
    );
    let listed = kms.list_all_keys().unwrap();
    assert!(listed.iter().all(|k| k.key_id != doomed.key_id));
    assert!(listed.iter().any(|k| k.key_id == kept.key_id));
    assert!(
        kms.list_all_aliases(None)
            .unwrap()
            .iter()
            .all(|a| a.alias_name != "alias/doomed")
    );
    // The alias name is free again, and a write purges the key for good.
    kms.create_alias(CreateAliasRequest::new(
        "alias/doomed",
        kept.key_id.as_str(),
    ))
    .unwrap();
    assert_eq!(
        kms.describe_key("alias/doomed").unwrap().key_id,
        kept.key_id
    );
    assert_err!(kms.describe_key(id), Error::NotFound { .. });
}

/// Keys list page by page, in order, each exactly once.
pub fn list_keys_pages<K: KeyManager + ?Sized>(kms: &K) {
    let mut created: Vec<String> = (0..5)
        .map(|_| {
            create(kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac)
                .key_id
                .to_string()
        })
        .collect();
    created.sort();
    let mut seen = Vec::new();
    let mut request = ListKeysRequest::new().limit(2);
    let mut pages = 0;
    loop {
        let page = kms.list_keys(request.clone()).unwrap();
        pages += 1;
        assert!(page.keys.len() <= 2);
        for entry in &page.keys {
            assert!(entry.key_arn.ends_with(entry.key_id.as_str()));
        }
        seen.extend(page.keys.iter().map(|k| k.key_id.to_string()));
        match page.next_marker {
            Some(marker) => request = request.marker(marker),
            None => break,
        }
    }
    assert_eq!(seen, created);
    assert_eq!(pages, 3);
    let all: Vec<String> = kms
        .list_all_keys()
        .unwrap()
        .into_iter()
        .map(|k| k.key_id.to_string())
        .collect();
    assert_eq!(all, created);
    let exact = kms.list_keys(ListKeysRequest::new().limit(5)).unwrap();
    assert_eq!(exact.keys.len(), 5);
    assert_eq!(exact.next_marker, None);
}

/// Aliases list page by page, in order, each exactly once, all of them or one key's.
pub fn list_aliases_pages<K: KeyManager + ?Sized>(kms: &K) {
    let a = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let b = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let mut names = Vec::new();
    for i in 0..5 {
        let (name, target) = (format!("alias/page-{i}"), if i % 2 == 0 { &a } else { &b });
        kms.create_alias(CreateAliasRequest::new(&name, &target.key_id))
            .unwrap();
        names.push(name);
    }
    let list = |key: Option<&str>| {
        walk_pages(2, |marker| {
            let mut request = ListAliasesRequest::new().limit(2);
            request.key_id = key.map(str::to_owned);
            request.marker = marker;
            let page = kms.list_aliases(request).unwrap();
            (page.aliases, page.next_marker)
        })
    };
    let (all, pages) = list(None);
    let listed: Vec<&str> = all.iter().map(|e| e.alias_name.as_str()).collect();
    assert_eq!(listed, names);
    assert_eq!(pages, 3);
    let (of_a, _) = list(Some(a.key_id.as_str()));
    let listed: Vec<&str> = of_a.iter().map(|e| e.alias_name.as_str()).collect();
    assert_eq!(listed, ["alias/page-0", "alias/page-2", "alias/page-4"]);
    assert!(of_a.iter().all(|e| e.target_key_id == a.key_id));
    assert_eq!(
        kms.list_all_aliases(Some(b.key_id.as_str())).unwrap().len(),
        2
    );
    assert_err!(
        kms.list_aliases(ListAliasesRequest::new().limit(0)),
        Error::InvalidArgument { name, .. } if name == "limit"
    );
    assert_err!(
        kms.list_aliases(ListAliasesRequest::new().limit(crate::limits::MAX_ALIASES_PAGE + 1)),
        Error::InvalidArgument { name, .. } if name == "limit"
    );
}

/// Tags list page by page, in order, each exactly once.
pub fn list_resource_tags_pages<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let tags: Vec<Tag> = (0..7)
        .map(|i| Tag::new(format!("k{i}"), format!("v{i}")))
        .collect();
    kms.tag_resource(TagResourceRequest::new(&key.key_id, tags.clone()))
        .unwrap();
    let (listed, pages) = walk_pages(3, |marker| {
        let mut request = ListResourceTagsRequest::new(&key.key_id).limit(3);
        request.marker = marker;
        let page = kms.list_resource_tags(request).unwrap();
        (page.tags, page.next_marker)
    });
    assert_eq!(listed, tags);
    assert_eq!(pages, 3);
    assert_eq!(
        kms.list_all_resource_tags(key.key_id.as_str()).unwrap(),
        tags
    );
    assert_err!(
        kms.list_resource_tags(ListResourceTagsRequest::new(&key.key_id).limit(crate::limits::MAX_TAGS_PAGE + 1)),
        Error::InvalidArgument { name, .. } if name == "limit"
    );
}

/// Descriptions are kept and replaced, up to 8192 characters (not bytes),
/// also on a disabled key.
pub fn descriptions<K: KeyManager + ?Sized>(kms: &K) {
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).description("first"))
        .unwrap();
    assert_eq!(key.description, "first");
    let id = key.key_id.as_str();
    kms.update_key_description(UpdateKeyDescriptionRequest::new(id, "second, with ünïcödé"))
        .unwrap();
    assert_eq!(
        kms.describe_key(id).unwrap().description,
        "second, with ünïcödé"
    );
    kms.update_key_description(UpdateKeyDescriptionRequest::new(
        id,
        "é".repeat(crate::limits::MAX_DESCRIPTION_CHARS),
    ))
    .unwrap();
    kms.update_key_description(UpdateKeyDescriptionRequest::new(id, ""))
        .unwrap();
    assert_eq!(kms.describe_key(id).unwrap().description, "");
    kms.disable_key(id).unwrap();
    kms.update_key_description(UpdateKeyDescriptionRequest::new(
        id,
        "disabled keys can be described",
    ))
    .unwrap();
}

/// Aliases are created, updated, listed and deleted; a taken name is refused.
pub fn aliases<K: KeyManager + ?Sized>(kms: &K) {
    let a = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let b = create(kms, KeySpec::Sm4, KeyUsage::EncryptDecrypt);
    let signer = create(kms, KeySpec::EccNistP256, KeyUsage::SignVerify);
    let hmac = create(kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    kms.create_alias(CreateAliasRequest::new("alias/app", a.key_id.as_str()))
        .unwrap();
    kms.create_alias(CreateAliasRequest::new("alias/app-old", &a.arn))
        .unwrap();
    kms.create_alias(CreateAliasRequest::new(
        "alias/signer",
        signer.key_id.as_str(),
    ))
    .unwrap();
    assert_err!(
        kms.create_alias(CreateAliasRequest::new("alias/app", b.key_id.as_str())),
        Error::AlreadyExists { .. }
    );
    assert_err!(
        kms.create_alias(CreateAliasRequest::new("alias/other", "alias/app")),
        Error::InvalidArgument { .. }
    );

    let all = kms.list_all_aliases(None).unwrap();
    let names: Vec<&str> = all.iter().map(|a| a.alias_name.as_str()).collect();
    assert_eq!(names, ["alias/app", "alias/app-old", "alias/signer"]);
    assert!(all[0].alias_arn.ends_with(":alias/app"));
    let of_a: Vec<String> = kms
        .list_all_aliases(Some("alias/app"))
        .unwrap()
        .into_iter()
        .map(|a| a.alias_name)
        .collect();
    assert_eq!(of_a, ["alias/app", "alias/app-old"]);
    assert!(
        kms.list_all_aliases(Some(b.key_id.as_str()))
            .unwrap()
            .is_empty()
    );

    // Retarget: encryption follows the alias.
    kms.update_alias(UpdateAliasRequest::new("alias/app", b.key_id.as_str()))
        .unwrap();
    let sealed = kms.encrypt(EncryptRequest::new("alias/app", b"x")).unwrap();
    assert_eq!(sealed.key_id, b.key_id);
    let entry = &kms.list_all_aliases(Some(b.key_id.as_str())).unwrap()[0];
    assert!(entry.last_updated_date >= entry.creation_date);
    // The new target must have the same kind and usage.
    assert_err!(
        kms.update_alias(UpdateAliasRequest::new("alias/app", signer.key_id.as_str())),
        Error::InvalidArgument { .. }
    );
    assert_err!(
        kms.update_alias(UpdateAliasRequest::new("alias/app", hmac.key_id.as_str())),
        Error::InvalidArgument { .. }
    );
    let rsa_signer = create(kms, KeySpec::Rsa2048, KeyUsage::SignVerify);
    kms.update_alias(UpdateAliasRequest::new(
        "alias/signer",
        rsa_signer.key_id.as_str(),
    ))
    .unwrap();
    assert_err!(
        kms.update_alias(UpdateAliasRequest::new("alias/none", a.key_id.as_str())),
        Error::NotFound { .. }
    );

    kms.delete_alias("alias/app").unwrap();
    assert_err!(kms.delete_alias("alias/app"), Error::NotFound { .. });
    assert_err!(
        kms.encrypt(EncryptRequest::new("alias/app", b"x")),
        Error::NotFound { .. }
    );
    assert_eq!(
        kms.describe_key(b.key_id.as_str()).unwrap().key_state,
        KeyState::Enabled
    );
}

/// Alias names follow the rules (letters, digits, `/`, `_` and `-` after
/// `alias/`, as AWS and Alibaba take them), and reserved prefixes are
/// refused.
pub fn alias_rules<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    let too_long = format!("alias/{}", "x".repeat(251));
    for bad in [
        "app",
        "alias/",
        "alias/aws/mine",
        "alias/acs/mine",
        "alias/has space",
        "alias/ü",
        "alias/app:prod",
        too_long.as_str(),
    ] {
        assert_err!(
            kms.create_alias(CreateAliasRequest::new(bad, id)),
            Error::InvalidAliasName { .. }
        );
        assert_err!(
            kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias(bad)),
            Error::InvalidAliasName { .. }
        );
    }
    kms.create_alias(CreateAliasRequest::new(&too_long[..256], id))
        .unwrap();
    kms.create_alias(CreateAliasRequest::new("alias/Team_1/app-2/prod", id))
        .unwrap();
}

/// Tags are added, replaced, removed and bounded.
pub fn tags<K: KeyManager + ?Sized>(kms: &K) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    assert!(kms.list_all_resource_tags(id).unwrap().is_empty());
    kms.tag_resource(TagResourceRequest::new(
        id,
        [Tag::new("team", "pay"), Tag::new("env", "prod")],
    ))
    .unwrap();
    kms.tag_resource(TagResourceRequest::new(id, [Tag::new("env", "staging")]))
        .unwrap();
    assert_eq!(
        kms.list_all_resource_tags(id).unwrap(),
        [Tag::new("env", "staging"), Tag::new("team", "pay")]
    );
    kms.untag_resource(UntagResourceRequest::new(id, ["team", "absent"]))
        .unwrap();
    assert_eq!(
        kms.list_all_resource_tags(id).unwrap(),
        [Tag::new("env", "staging")]
    );
    assert_err!(
        kms.tag_resource(TagResourceRequest::new(id, [Tag::new("aws:reserved", "v")])),
        Error::InvalidArgument { .. }
    );
    assert_err!(
        kms.tag_resource(TagResourceRequest::new(id, [Tag::new("", "v")])),
        Error::InvalidArgument { .. }
    );
    assert_err!(
        kms.tag_resource(TagResourceRequest::new(
            id,
            [Tag::new("a", "1"), Tag::new("a", "2")]
        )),
        Error::InvalidArgument { .. }
    );
    let full: Vec<Tag> = (0..crate::limits::MAX_TAGS_PER_KEY - 1)
        .map(|i| Tag::new(format!("k{i}"), "v"))
        .collect();
    kms.tag_resource(TagResourceRequest::new(id, full.clone()))
        .unwrap();
    assert_eq!(
        kms.list_all_resource_tags(id).unwrap().len(),
        crate::limits::MAX_TAGS_PER_KEY
    );
    assert_err!(
        kms.tag_resource(TagResourceRequest::new(id, [Tag::new("one-more", "v")])),
        Error::LimitExceeded { .. }
    );
    kms.tag_resource(TagResourceRequest::new(id, [Tag::new("k0", "replaced")]))
        .unwrap();
    kms.disable_key(id).unwrap();
    kms.tag_resource(TagResourceRequest::new(
        id,
        [Tag::new("k1", "disabled keys take tags")],
    ))
    .unwrap();
}

/// A key created with an alias and tags has them.
pub fn create_with_alias_and_tags<K: KeyManager + ?Sized>(kms: &K) {
    let key = kms
        .create_key(
            CreateKeyRequest::new("EC_P256K".parse().unwrap())
                .description("wallet")
                .tag("owner", "ops")
                .alias("alias/wallet"),
        )
        .unwrap();
    assert_eq!(key.key_spec, KeySpec::EccSecgP256k1);
    assert_eq!(key.key_usage, KeyUsage::SignVerify);
    assert_eq!(key.origin, Origin::Kms);
    assert_eq!(kms.describe_key("alias/wallet").unwrap(), key);
    assert_eq!(
        kms.list_all_resource_tags("alias/wallet").unwrap(),
        [Tag::new("owner", "ops")]
    );
    // The alias is checked before anything is created.
    let before = kms.list_all_keys().unwrap().len();
    assert_err!(
        kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/wallet")),
        Error::AlreadyExists { .. }
    );
    assert_eq!(kms.list_all_keys().unwrap().len(), before);
}

/// A key with origin EXTERNAL awaits import and has no material.
pub fn external_origin_awaits_import<K: KeyManager + ?Sized>(kms: &K) {
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).origin(Origin::External))
        .unwrap();
    assert_eq!(key.origin, Origin::External);
    assert_eq!(key.key_state, KeyState::PendingImport);
    let id = key.key_id.as_str();
    assert_err!(
        kms.encrypt(EncryptRequest::new(id, b"x")),
        Error::InvalidState {
            state: KeyState::PendingImport,
            ..
        }
    );
    // It can still be tagged, aliased, described and deleted.
    kms.tag_resource(TagResourceRequest::new(id, [Tag::new("k", "v")]))
        .unwrap();
    kms.create_alias(CreateAliasRequest::new("alias/byok", id))
        .unwrap();
    let scheduled = kms
        .schedule_key_deletion(ScheduleKeyDeletionRequest::new(id).pending_window_in_days(7))
        .unwrap();
    assert_eq!(scheduled.key_state, KeyState::PendingDeletion);
}

/// `get_key_last_usage` reports the last successful cryptographic operation
/// on each key, and when it ran; failures and reads of metadata are not uses.
pub fn last_usage_follows_operations<K: KeyManager + ?Sized>(kms: &K, clock: &ManualClock) {
    use crate::{
        CryptoOperation, DataKeySpec, GenerateDataKeyRequest, GenerateMacRequest, MacAlgorithm,
        ReEncryptRequest, SignRequest, SigningAlgorithm, VerifyMacRequest, VerifyRequest,
    };
    use std::time::SystemTime;
    const HOUR: Duration = Duration::from_secs(3600);
    // Wire protocols carry times to the millisecond or the second.
    let near = |a: SystemTime, b: SystemTime| {
        a.duration_since(b).unwrap_or_else(|e| e.duration()) < Duration::from_secs(1)
    };
    let last = |id: &str| kms.get_key_last_usage(id).unwrap().last_usage;
    let expect = |id: &str, operation: CryptoOperation| {
        let used = last(id).unwrap_or_else(|| panic!("no use of {id} after {operation}"));
        assert_eq!(used.operation, operation);
        assert!(
            near(used.timestamp, crate::Clock::now(clock)),
            "{operation} at {:?}, now {:?}",
            used.timestamp,
            crate::Clock::now(clock)
        );
    };

    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    let fresh = kms.get_key_last_usage(id).unwrap();
    assert_eq!(fresh.key_id, key.key_id);
    assert_eq!(fresh.last_usage, None);
    assert!(near(fresh.key_creation_date, key.creation_date));
    assert!(fresh.tracking_start_date + Duration::from_secs(1) >= fresh.key_creation_date);

    clock.advance(HOUR);
    let blob = kms
        .encrypt(EncryptRequest::new(id, b"x"))
        .unwrap()
        .ciphertext_blob;
    expect(id, CryptoOperation::Encrypt);
    clock.advance(HOUR);
    kms.decrypt(DecryptRequest::new(&blob)).unwrap();
    expect(id, CryptoOperation::Decrypt);
    clock.advance(HOUR);
    kms.generate_data_key(GenerateDataKeyRequest::new(id, DataKeySpec::Aes256))
        .unwrap();
    expect(id, CryptoOperation::GenerateDataKey);
    clock.advance(HOUR);
    kms.generate_data_key_without_plaintext(GenerateDataKeyRequest::new(id, DataKeySpec::Aes256))
        .unwrap();
    expect(id, CryptoOperation::GenerateDataKeyWithoutPlaintext);
    let before = last(id);
    // A failed decryption and a description are not uses.
    clock.advance(HOUR);
    let mut tampered = blob.clone();
    let end = tampered.len() - 1;
    tampered[end] ^= 1;
    assert!(kms.decrypt(DecryptRequest::new(&tampered)).is_err());
    kms.describe_key(id).unwrap();
    assert_eq!(last(id), before);

    // Re-encryption is a use of both keys.
    let other = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    clock.advance(HOUR);
    kms.re_encrypt(ReEncryptRequest::new(
        DecryptRequest::new(&blob),
        &other.key_id,
    ))
    .unwrap();
    expect(id, CryptoOperation::ReEncrypt);
    expect(other.key_id.as_str(), CryptoOperation::ReEncrypt);

    let signer = create(kms, KeySpec::EccNistP256, KeyUsage::SignVerify);
    let sid = signer.key_id.as_str();
    assert_eq!(last(sid), None);
    let alg = SigningAlgorithm::EcdsaSha256;
    clock.advance(HOUR);
    let signature = kms
        .sign(SignRequest::new(sid, b"message", alg))
        .unwrap()
        .signature;
    expect(sid, CryptoOperation::Sign);
    clock.advance(HOUR);
    kms.verify(VerifyRequest::new(sid, b"message", alg, &signature))
        .unwrap();
    expect(sid, CryptoOperation::Verify);

    let mac_key = create(kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    let mid = mac_key.key_id.as_str();
    let mac_alg = MacAlgorithm::HmacSha256;
    clock.advance(HOUR);
    let mac = kms
        .generate_mac(GenerateMacRequest::new(mid, b"m", mac_alg))
        .unwrap()
        .mac;
    expect(mid, CryptoOperation::GenerateMac);
    clock.advance(HOUR);
    kms.verify_mac(VerifyMacRequest::new(mid, b"m", mac_alg, &mac))
        .unwrap();
    expect(mid, CryptoOperation::VerifyMac);

    // Uses are the key's, whatever reference named it.
    let alias = format!("alias/last-usage-{}", &sid[..8]);
    kms.create_alias(CreateAliasRequest::new(&alias, sid))
        .unwrap();
    assert_eq!(
        kms.get_key_last_usage(&alias).unwrap().key_id,
        signer.key_id
    );
    assert_err!(
        kms.get_key_last_usage("6f1b1b44-5c1a-4c47-9d55-0d2f6c9b8a01"),
        Error::NotFound { .. }
    );
}
