//! Lifecycle, deletion windows, listing, aliases, tags, descriptions.

use std::time::Duration;

use polykms::{
    CreateKeyRequest, DecryptRequest, EncryptRequest, Error, KeyManager, KeyManagerExt, KeySpec,
    KeyState, KeyUsage, ListKeysRequest, ManualClock, Origin, Tag,
};

use super::create;
use crate::assert_err;

const DAY: Duration = Duration::from_secs(86_400);

pub fn enable_disable_cycle<K: KeyManager + ?Sized>(kms: &K, _clock: &ManualClock) {
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

pub fn deletion_window_and_cancel<K: KeyManager + ?Sized>(kms: &K, clock: &ManualClock) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    let blob = kms
        .encrypt(EncryptRequest::new(id, b"keep"))
        .unwrap()
        .ciphertext_blob;
    let now = polykms::Clock::now(clock);
    let scheduled = kms.schedule_key_deletion(id, None).unwrap();
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
        let scheduled = kms.schedule_key_deletion(id, Some(days)).unwrap();
        assert_eq!(scheduled.pending_deletion_window_in_days, Some(days));
        kms.cancel_key_deletion(id).unwrap();
    }
}

pub fn deleted_keys_are_gone_after_the_window<K: KeyManager + ?Sized>(
    kms: &K,
    clock: &ManualClock,
) {
    let doomed = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let kept = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = doomed.key_id.as_str();
    kms.create_alias("alias/doomed", id).unwrap();
    let blob = kms
        .encrypt(EncryptRequest::new(id, b"gone"))
        .unwrap()
        .ciphertext_blob;
    kms.schedule_key_deletion(id, Some(7)).unwrap();
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
        kms.list_aliases(None)
            .unwrap()
            .iter()
            .all(|a| a.alias_name != "alias/doomed")
    );
    // The alias name is free again, and a write purges the key for good.
    kms.create_alias("alias/doomed", kept.key_id.as_str())
        .unwrap();
    assert_eq!(
        kms.describe_key("alias/doomed").unwrap().key_id,
        kept.key_id
    );
    assert_err!(kms.describe_key(id), Error::NotFound { .. });
}

pub fn list_keys_pages<K: KeyManager + ?Sized>(kms: &K, _clock: &ManualClock) {
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

pub fn descriptions<K: KeyManager + ?Sized>(kms: &K, _clock: &ManualClock) {
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).description("first"))
        .unwrap();
    assert_eq!(key.description, "first");
    let id = key.key_id.as_str();
    kms.update_key_description(id, "second, with ünïcödé")
        .unwrap();
    assert_eq!(
        kms.describe_key(id).unwrap().description,
        "second, with ünïcödé"
    );
    kms.update_key_description(id, &"é".repeat(polykms::limits::MAX_DESCRIPTION_CHARS))
        .unwrap();
    kms.update_key_description(id, "").unwrap();
    assert_eq!(kms.describe_key(id).unwrap().description, "");
    kms.disable_key(id).unwrap();
    kms.update_key_description(id, "disabled keys can be described")
        .unwrap();
}

pub fn aliases<K: KeyManager + ?Sized>(kms: &K, _clock: &ManualClock) {
    let a = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let b = create(kms, KeySpec::Sm4, KeyUsage::EncryptDecrypt);
    let signer = create(kms, KeySpec::EccNistP256, KeyUsage::SignVerify);
    let hmac = create(kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    kms.create_alias("alias/app", a.key_id.as_str()).unwrap();
    kms.create_alias("alias/app-old", &a.arn).unwrap();
    kms.create_alias("alias/signer", signer.key_id.as_str())
        .unwrap();
    assert_err!(
        kms.create_alias("alias/app", b.key_id.as_str()),
        Error::AlreadyExists { .. }
    );
    assert_err!(
        kms.create_alias("alias/other", "alias/app"),
        Error::InvalidArgument { .. }
    );

    let all = kms.list_aliases(None).unwrap();
    let names: Vec<&str> = all.iter().map(|a| a.alias_name.as_str()).collect();
    assert_eq!(names, ["alias/app", "alias/app-old", "alias/signer"]);
    assert!(all[0].alias_arn.ends_with(":alias/app"));
    let of_a: Vec<String> = kms
        .list_aliases(Some("alias/app"))
        .unwrap()
        .into_iter()
        .map(|a| a.alias_name)
        .collect();
    assert_eq!(of_a, ["alias/app", "alias/app-old"]);
    assert!(
        kms.list_aliases(Some(b.key_id.as_str()))
            .unwrap()
            .is_empty()
    );

    // Retarget: encryption follows the alias.
    kms.update_alias("alias/app", b.key_id.as_str()).unwrap();
    let sealed = kms.encrypt(EncryptRequest::new("alias/app", b"x")).unwrap();
    assert_eq!(sealed.key_id, b.key_id);
    let entry = &kms.list_aliases(Some(b.key_id.as_str())).unwrap()[0];
    assert!(entry.last_updated_date >= entry.creation_date);
    // The new target must have the same kind and usage.
    assert_err!(
        kms.update_alias("alias/app", signer.key_id.as_str()),
        Error::InvalidArgument { .. }
    );
    assert_err!(
        kms.update_alias("alias/app", hmac.key_id.as_str()),
        Error::InvalidArgument { .. }
    );
    let rsa_signer = create(kms, KeySpec::Rsa2048, KeyUsage::SignVerify);
    kms.update_alias("alias/signer", rsa_signer.key_id.as_str())
        .unwrap();
    assert_err!(
        kms.update_alias("alias/none", a.key_id.as_str()),
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

pub fn alias_rules<K: KeyManager + ?Sized>(kms: &K, _clock: &ManualClock) {
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
        too_long.as_str(),
    ] {
        assert_err!(kms.create_alias(bad, id), Error::InvalidAliasName { .. });
        assert_err!(
            kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias(bad)),
            Error::InvalidAliasName { .. }
        );
    }
    kms.create_alias(&too_long[..256], id).unwrap();
    kms.create_alias("alias/Team_1/app-2:prod", id).unwrap();
}

pub fn tags<K: KeyManager + ?Sized>(kms: &K, _clock: &ManualClock) {
    let key = create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let id = key.key_id.as_str();
    assert!(kms.list_resource_tags(id).unwrap().is_empty());
    kms.tag_resource(id, &[Tag::new("team", "pay"), Tag::new("env", "prod")])
        .unwrap();
    kms.tag_resource(id, &[Tag::new("env", "staging")]).unwrap();
    assert_eq!(
        kms.list_resource_tags(id).unwrap(),
        [Tag::new("env", "staging"), Tag::new("team", "pay")]
    );
    kms.untag_resource(id, &["team", "absent"]).unwrap();
    assert_eq!(
        kms.list_resource_tags(id).unwrap(),
        [Tag::new("env", "staging")]
    );
    assert_err!(
        kms.tag_resource(id, &[Tag::new("aws:reserved", "v")]),
        Error::InvalidArgument { .. }
    );
    assert_err!(
        kms.tag_resource(id, &[Tag::new("", "v")]),
        Error::InvalidArgument { .. }
    );
    assert_err!(
        kms.tag_resource(id, &[Tag::new("a", "1"), Tag::new("a", "2")]),
        Error::InvalidArgument { .. }
    );
    let full: Vec<Tag> = (0..polykms::limits::MAX_TAGS_PER_KEY - 1)
        .map(|i| Tag::new(format!("k{i}"), "v"))
        .collect();
    kms.tag_resource(id, &full).unwrap();
    assert_eq!(
        kms.list_resource_tags(id).unwrap().len(),
        polykms::limits::MAX_TAGS_PER_KEY
    );
    assert_err!(
        kms.tag_resource(id, &[Tag::new("one-more", "v")]),
        Error::LimitExceeded { .. }
    );
    kms.tag_resource(id, &[Tag::new("k0", "replaced")]).unwrap();
    kms.disable_key(id).unwrap();
    kms.tag_resource(id, &[Tag::new("k1", "disabled keys take tags")])
        .unwrap();
}

pub fn create_with_alias_and_tags<K: KeyManager + ?Sized>(kms: &K, _clock: &ManualClock) {
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
        kms.list_resource_tags("alias/wallet").unwrap(),
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

pub fn external_origin_awaits_import<K: KeyManager + ?Sized>(kms: &K, _clock: &ManualClock) {
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
    kms.tag_resource(id, &[Tag::new("k", "v")]).unwrap();
    kms.create_alias("alias/byok", id).unwrap();
    let scheduled = kms.schedule_key_deletion(id, Some(7)).unwrap();
    assert_eq!(scheduled.key_state, KeyState::PendingDeletion);
}
