//! The file store's own guarantees: reopening, root keys, format versions,
//! tamper detection, file modes, locks, deletion from disk, and several
//! handles on one store.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use polykms::{
    Argon2Params, CreateAliasRequest, CreateKeyRequest, DecryptRequest, EnableKeyRotationRequest,
    EncryptRequest, EncryptionAlgorithm, EncryptionContext, Error, FileKeyManager, FileOptions,
    GenerateMacRequest, GetParametersForImportRequest, ImportPublicKeyRequest, KeyManager,
    KeyManagerExt, KeySpec, KeyState, KeyUsage, ManualClock, MessageType, RootKey,
    ScheduleKeyDeletionRequest, SecretBytes, SetMinimumDecryptionVersionRequest, SignRequest,
    StoreError, Tag, TagResourceRequest, VerifyMacRequest, VerifyRequest, Vocabulary, limits,
};

fn key(byte: u8) -> RootKey {
    RootKey::Key(SecretBytes::from(vec![byte; 32]))
}

fn fast_argon() -> FileOptions {
    FileOptions::default().argon2(Argon2Params {
        m_cost_kib: 64,
        t_cost: 1,
        p_cost: 1,
    })
}

/// Opens the existing store in `dir`.
fn open(dir: &Path) -> polykms::Result<FileKeyManager> {
    FileKeyManager::open(dir, key(1))
}

/// Creates a new store in `dir`.
fn create(dir: &Path) -> polykms::Result<FileKeyManager> {
    FileKeyManager::create(dir, key(1))
}

/// What was made with one key before closing, to check after reopening.
enum Made {
    Blob(Vec<u8>, EncryptionAlgorithm),
    Signature(Vec<u8>, polykms::SigningAlgorithm, MessageType, Vec<u8>),
    Mac(Vec<u8>, polykms::MacAlgorithm),
    /// The shared secret of the key and its own public key.
    Agreement(Vec<u8>, Vec<u8>),
}

#[test]
fn every_spec_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = EncryptionContext::new().with("reopen", "yes");
    let mut made = Vec::new();
    {
        let kms = create(dir.path()).unwrap();
        for spec in KeySpec::all() {
            for usage in spec.allowed_usages() {
                let key = kms
                    .create_key(
                        CreateKeyRequest::new(spec)
                            .usage(*usage)
                            .tag("spec", spec.as_str()),
                    )
                    .unwrap();
                let id = key.key_id.to_string();
                match usage {
                    KeyUsage::EncryptDecrypt => {
                        for alg in spec.encryption_algorithms() {
                            let mut request =
                                EncryptRequest::new(&id, b"kept across reopening").algorithm(*alg);
                            if *alg == EncryptionAlgorithm::SymmetricDefault {
                                request = request.context(&ctx);
                            }
                            made.push((
                                id.clone(),
                                Made::Blob(kms.encrypt(request).unwrap().ciphertext_blob, *alg),
                            ));
                        }
                    }
                    KeyUsage::SignVerify => {
                        for alg in spec.signing_algorithms() {
                            let kind = alg.message_types()[0];
                            let message = match kind {
                                MessageType::Raw => b"signed before closing".to_vec(),
                                _ => vec![7u8; alg.digest_len()],
                            };
                            let sig = kms
                                .sign(SignRequest::new(&id, &message, *alg).message_type(kind))
                                .unwrap()
                                .signature;
                            made.push((id.clone(), Made::Signature(sig, *alg, kind, message)));
                        }
                    }
                    KeyUsage::KeyAgreement => {
                        let public = kms.get_public_key(&id).unwrap().public_key;
                        let secret = kms
                            .derive_shared_secret(polykms::DeriveSharedSecretRequest::new(
                                &id, &public,
                            ))
                            .unwrap()
                            .shared_secret;
                        let secret = secret.expose_secret().to_vec();
                        made.push((id.clone(), Made::Agreement(public, secret)));
                    }
                    _ => {
                        let alg = spec.mac_algorithms()[0];
                        let mac = kms
                            .generate_mac(GenerateMacRequest::new(&id, b"mac", alg))
                            .unwrap()
                            .mac;
                        made.push((id.clone(), Made::Mac(mac, alg)));
                    }
                }
            }
        }
        let first = made[0].0.clone();
        kms.create_alias(CreateAliasRequest::new("alias/first", &first))
            .unwrap();
        kms.disable_key(&made[1].0).unwrap();
    }
    let kms = open(dir.path()).unwrap();
    assert_eq!(
        kms.describe_key(&made[1].0).unwrap().key_state,
        KeyState::Disabled
    );
    kms.enable_key(&made[1].0).unwrap();
    assert_eq!(
        kms.describe_key("alias/first").unwrap().key_id.as_str(),
        made[0].0
    );
    for (id, made) in &made {
        match made {
            Made::Blob(blob, alg) => {
                let mut request = DecryptRequest::new(blob).key_id(id).algorithm(*alg);
                if *alg == EncryptionAlgorithm::SymmetricDefault {
                    request = request.context(&ctx);
                }
                assert_eq!(
                    kms.decrypt(request).unwrap().plaintext.expose_secret(),
                    b"kept across reopening"
                );
            }
            Made::Signature(sig, alg, kind, message) => {
                kms.verify(VerifyRequest::new(id, message, *alg, sig).message_type(*kind))
                    .unwrap();
            }
            Made::Mac(mac, alg) => {
                kms.verify_mac(VerifyMacRequest::new(id, b"mac", *alg, mac))
                    .unwrap();
            }
            Made::Agreement(public, secret) => {
                let again = kms
                    .derive_shared_secret(polykms::DeriveSharedSecretRequest::new(id, public))
                    .unwrap()
                    .shared_secret;
                assert_eq!(again.expose_secret(), secret.as_slice());
            }
        }
        let spec = kms.describe_key(id).unwrap().key_spec;
        assert_eq!(
            kms.list_all_resource_tags(id).unwrap(),
            [Tag::new("spec", spec.as_str())]
        );
    }
}

#[test]
fn wrong_root_keys_and_passphrases_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    create(dir.path())
        .unwrap()
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    assert!(matches!(
        FileKeyManager::open(dir.path(), key(2)),
        Err(Error::Store(StoreError::WrongRootKey { .. }))
    ));
    assert!(matches!(
        FileKeyManager::open(dir.path(), RootKey::passphrase("guess")),
        Err(Error::InvalidArgument { name, .. }) if name == "root key"
    ));
    open(dir.path()).unwrap();

    let pdir = tempfile::tempdir().unwrap();
    let with = |pass: &str| {
        FileKeyManager::open_with(pdir.path(), RootKey::passphrase(pass), fast_argon())
    };
    let id = FileKeyManager::create_with(
        pdir.path(),
        RootKey::passphrase("correct horse"),
        fast_argon(),
    )
    .unwrap()
    .create_key(CreateKeyRequest::new(KeySpec::Sm4))
    .unwrap()
    .key_id;
    assert!(matches!(
        with("correct horsE"),
        Err(Error::Store(StoreError::WrongRootKey { .. }))
    ));
    assert_eq!(
        with("correct horse")
            .unwrap()
            .describe_key(id.as_str())
            .unwrap()
            .key_id,
        id
    );
    assert!(matches!(
        FileKeyManager::open(pdir.path(), key(1)),
        Err(Error::InvalidArgument { .. })
    ));
    let header = std::fs::read_to_string(pdir.path().join("store.json")).unwrap();
    assert!(
        header.contains("\"argon2id\"") && header.contains("\"m_cost_kib\": 64"),
        "{header}"
    );
    assert!(!header.contains("correct horse"));
}

#[test]
fn root_keys_come_from_files_and_environment_variables() {
    let dir = tempfile::tempdir().unwrap();
    let hex: String = (0..32).map(|i| format!("{:02x}", i * 7)).collect();
    let key_file = dir.path().join("root.key");
    std::fs::write(&key_file, format!("{hex}\n")).unwrap();
    let store = dir.path().join("store");
    let id = FileKeyManager::create(&store, RootKey::KeyFile(key_file.clone()))
        .unwrap()
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap()
        .key_id;
    // The same key as raw bytes, as base64 in a variable.
    let raw: Vec<u8> = (0..32).map(|i| (i * 7) as u8).collect();
    FileKeyManager::open(&store, RootKey::Key(SecretBytes::from(raw.clone()))).unwrap();
    let b64 = "AAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tk=";
    set_test_env("POLYKMS_TEST_ROOT_KEY", b64);
    let kms =
        FileKeyManager::open(&store, RootKey::EnvVar("POLYKMS_TEST_ROOT_KEY".into())).unwrap();
    assert_eq!(kms.describe_key(id.as_str()).unwrap().key_id, id);
    assert!(matches!(
        FileKeyManager::open(
            &store,
            RootKey::EnvVar("POLYKMS_TEST_UNSET_VARIABLE".into())
        ),
        Err(Error::InvalidArgument { .. })
    ));
    std::fs::write(&key_file, "too short").unwrap();
    assert!(matches!(
        FileKeyManager::open(&store, RootKey::KeyFile(key_file)),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(matches!(
        FileKeyManager::open(&store, RootKey::KeyFile(dir.path().join("missing.key"))),
        Err(Error::Store(StoreError::Io { ref path, .. })) if path.ends_with("missing.key")
    ));
}

/// Sets a variable that no other test reads or writes.
fn set_test_env(name: &str, value: &str) {
    // SAFETY: `set_var` is unsafe because another thread may read the
    // environment at the same time; no other test touches this variable, and
    // none calls into libc functions that read the environment meanwhile.
    unsafe { std::env::set_var(name, value) };
}

#[test]
fn an_unknown_format_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    create(dir.path()).unwrap();
    let path = dir.path().join("store.json");
    let header = std::fs::read_to_string(&path).unwrap();
    assert!(header.contains("\"version\": 2"), "{header}");
    // Version 1 (before key versions and import) and a future version 3.
    for other in [1, 3] {
        let changed = header.replace("\"version\": 2", &format!("\"version\": {other}"));
        std::fs::write(&path, changed).unwrap();
        match open(dir.path()) {
            Err(Error::Store(StoreError::UnknownFormat { found, .. })) => {
                assert!(found.contains(&format!("version {other}")), "{found}")
            }
            other => panic!("{other:?}"),
        }
    }
    std::fs::write(&path, "not json").unwrap();
    assert!(matches!(
        open(dir.path()),
        Err(Error::Store(StoreError::Corrupt { .. }))
    ));
}

/// A header is a file anyone with write access may have shaped: Argon2
/// costs beyond the documented limits are refused before any memory is
/// taken, and an oversized header or key file is refused unread.
#[test]
fn hostile_headers_and_key_files_are_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    FileKeyManager::create_with(dir.path(), RootKey::passphrase("p"), fast_argon()).unwrap();
    let path = dir.path().join("store.json");
    let header = std::fs::read_to_string(&path).unwrap();
    for (field, value, limit) in [
        (
            "\"m_cost_kib\": 64",
            "\"m_cost_kib\": 4294967295",
            limits::MAX_ARGON2_M_COST_KIB,
        ),
        (
            "\"t_cost\": 1",
            "\"t_cost\": 4294967295",
            limits::MAX_ARGON2_T_COST,
        ),
        (
            "\"p_cost\": 1",
            "\"p_cost\": 16777215",
            limits::MAX_ARGON2_P_COST,
        ),
    ] {
        assert!(header.contains(field), "{header}");
        std::fs::write(&path, header.replace(field, value)).unwrap();
        match FileKeyManager::open(dir.path(), RootKey::passphrase("p")) {
            Err(e @ Error::InvalidArgument { .. }) => {
                assert!(e.to_string().contains(&limit.to_string()), "{e}")
            }
            other => panic!("{value}: {other:?}"),
        }
    }
    // Oversized: a header padded past the limit (still valid JSON).
    let padded = format!("{}{}", header, " ".repeat(limits::MAX_STORE_HEADER));
    std::fs::write(&path, padded).unwrap();
    assert!(matches!(
        FileKeyManager::open(dir.path(), RootKey::passphrase("p")),
        Err(Error::Store(StoreError::Corrupt { .. }))
    ));
    std::fs::write(&path, &header).unwrap();
    FileKeyManager::open_with(dir.path(), RootKey::passphrase("p"), fast_argon()).unwrap();

    let other = tempfile::tempdir().unwrap();
    let key_file = other.path().join("root.key");
    std::fs::write(&key_file, vec![b'0'; 10 * 1024 * 1024]).unwrap();
    match FileKeyManager::create(other.path().join("store"), RootKey::KeyFile(key_file)) {
        Err(e @ Error::InvalidArgument { .. }) => assert!(e.to_string().contains("1024"), "{e}"),
        other => panic!("{other:?}"),
    }
}

/// A store with a few writes; returns its directory and the byte ranges of
/// the log's records.
fn store_with_records() -> (tempfile::TempDir, Vec<std::ops::Range<usize>>) {
    let dir = tempfile::tempdir().unwrap();
    {
        let kms = create(dir.path()).unwrap();
        for i in 0..4 {
            let key = kms
                .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
                .unwrap();
            kms.create_alias(CreateAliasRequest::new(format!("alias/k{i}"), &key.key_id))
                .unwrap();
        }
    }
    let log = std::fs::read(dir.path().join("keys.log")).unwrap();
    let mut ranges = Vec::new();
    let mut pos = 48;
    while pos < log.len() {
        let len = u32::from_be_bytes(log[pos..pos + 4].try_into().unwrap()) as usize;
        ranges.push(pos..pos + 4 + len);
        pos += 4 + len;
    }
    assert_eq!(ranges.len(), 8);
    (dir, ranges)
}

fn expect_corrupt(dir: &Path, file: &str) {
    match open(dir) {
        Err(Error::Store(StoreError::Corrupt { path, detail })) => {
            assert!(path.ends_with(file), "{path:?}: {detail}")
        }
        other => panic!("expected a corrupt {file}, got {other:?}"),
    }
}

fn log_path(dir: &Path) -> PathBuf {
    dir.join("keys.log")
}

#[test]
fn flipped_bytes_anywhere_in_the_log_are_detected() {
    let (dir, ranges) = store_with_records();
    let path = log_path(dir.path());
    let original = std::fs::read(&path).unwrap();
    let last = ranges.last().unwrap().end;
    assert_eq!(last, original.len());
    // Every byte of the header and of the first two records, then a sample.
    let positions: Vec<usize> = (0..ranges[2].start)
        .chain((ranges[2].start..last).step_by(7))
        .collect();
    for i in positions {
        let mut bytes = original.clone();
        bytes[i] ^= 0x20;
        std::fs::write(&path, &bytes).unwrap();
        expect_corrupt(dir.path(), "keys.log");
    }
    std::fs::write(&path, &original).unwrap();
    open(dir.path()).unwrap();
}

#[test]
fn truncated_logs_are_detected() {
    let (dir, ranges) = store_with_records();
    let path = log_path(dir.path());
    let original = std::fs::read(&path).unwrap();
    // Cut inside the last record, at its start (a whole committed record
    // gone), and deep inside the log.
    for len in [
        original.len() - 1,
        ranges[7].start,
        ranges[3].start + 10,
        48,
        20,
        0,
    ] {
        std::fs::write(&path, &original[..len]).unwrap();
        expect_corrupt(dir.path(), "keys.log");
    }
}

#[test]
fn swapped_and_replayed_records_are_detected() {
    let (dir, ranges) = store_with_records();
    let path = log_path(dir.path());
    let original = std::fs::read(&path).unwrap();
    let piece = |r: &std::ops::Range<usize>| original[r.clone()].to_vec();
    // Swap two records (key 2 under key 1's position and back).
    let mut swapped = original[..ranges[2].start].to_vec();
    swapped.extend(piece(&ranges[4]));
    swapped.extend(piece(&ranges[3]));
    swapped.extend(piece(&ranges[2]));
    swapped.extend(original[ranges[5].start..].to_vec());
    std::fs::write(&path, &swapped).unwrap();
    expect_corrupt(dir.path(), "keys.log");
    // Replace the last record with an older copy of a record.
    let mut replayed = original[..ranges[7].start].to_vec();
    replayed.extend(piece(&ranges[5]));
    std::fs::write(&path, &replayed).unwrap();
    expect_corrupt(dir.path(), "keys.log");
    // Append an old record again.
    let mut appended = original.clone();
    appended.extend(piece(&ranges[0]));
    std::fs::write(&path, &appended).unwrap();
    // Past HEAD, an unopenable record is an unacknowledged torn write: dropped.
    let kms = open(dir.path()).unwrap();
    assert_eq!(kms.list_all_keys().unwrap().len(), 4);
    drop(kms);
    // Put back an older copy of the whole log: HEAD names a later record.
    std::fs::write(&path, &original[..ranges[6].end]).unwrap();
    expect_corrupt(dir.path(), "keys.log");
}

#[test]
fn a_creation_cut_short_is_finished_on_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    create(dir.path()).unwrap();
    // As if the process died after writing the header (with or without the
    // log's header): no write was acknowledged, so the store is usable.
    std::fs::remove_file(dir.path().join("HEAD")).unwrap();
    let kms = open(dir.path()).unwrap();
    kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    drop(kms);
    // But a missing HEAD beside a log with records is damage.
    std::fs::remove_file(dir.path().join("HEAD")).unwrap();
    expect_corrupt(dir.path(), "HEAD");
    let fresh = tempfile::tempdir().unwrap();
    create(fresh.path()).unwrap();
    std::fs::remove_file(fresh.path().join("HEAD")).unwrap();
    std::fs::remove_file(fresh.path().join("keys.log")).unwrap();
    assert_eq!(
        open(fresh.path()).unwrap().list_all_keys().unwrap().len(),
        0
    );
}

#[test]
fn a_damaged_head_or_a_foreign_log_is_detected() {
    let (dir, _) = store_with_records();
    let head = dir.path().join("HEAD");
    let original = std::fs::read(&head).unwrap();
    std::fs::write(&head, vec![0u8; original.len()]).unwrap();
    expect_corrupt(dir.path(), "HEAD");
    std::fs::write(&head, &original).unwrap();
    // Another store with the same root key: its log does not belong here.
    let (other, _) = store_with_records();
    std::fs::copy(log_path(other.path()), log_path(dir.path())).unwrap();
    expect_corrupt(dir.path(), "keys.log");
}

#[test]
fn files_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("nested").join("store");
    create(&store)
        .unwrap()
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&store), 0o700);
    for file in ["store.json", "keys.log", "HEAD", "LOCK"] {
        assert_eq!(mode(&store.join(file)), 0o600, "{file}");
    }
}

#[test]
fn a_lock_held_too_long_gives_locked() {
    let dir = tempfile::tempdir().unwrap();
    create(dir.path()).unwrap();
    let holder = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.path().join("LOCK"))
        .unwrap();
    holder.lock().unwrap();
    let options = FileOptions::default().lock_timeout(Duration::from_millis(100));
    match FileKeyManager::open_with(dir.path(), key(1), options) {
        Err(Error::Store(StoreError::Locked { path, waited })) => {
            assert!(path.ends_with("LOCK"));
            assert!(waited >= Duration::from_millis(100));
        }
        other => panic!("{other:?}"),
    }
    holder.unlock().unwrap();
    open(dir.path()).unwrap();
}

#[test]
fn storage_errors_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    match create(&file.join("store")) {
        Err(e @ Error::Store(StoreError::Io { .. })) => {
            let Error::Store(StoreError::Io { path, .. }) = &e else {
                unreachable!()
            };
            assert!(path.starts_with(&file), "{path:?}");
            assert!(std::error::Error::source(&e).is_some());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn deletion_removes_the_material_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new());
    let options = FileOptions::default().clock(clock.clone());
    let kms = FileKeyManager::create_with(dir.path(), key(1), options.clone()).unwrap();
    let kept = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    let before = std::fs::read(log_path(dir.path())).unwrap();
    let doomed = kms
        .create_key(CreateKeyRequest::new(KeySpec::Hmac512))
        .unwrap();
    let after = std::fs::read(log_path(dir.path())).unwrap();
    let record = after[before.len()..].to_vec();
    let id = doomed.key_id.as_str();
    kms.schedule_key_deletion(ScheduleKeyDeletionRequest::new(id).pending_window_in_days(7))
        .unwrap();
    drop(kms);
    clock.advance(Duration::from_secs(7 * 86_400));
    // Opening after the window purges the key and rewrites the log.
    let kms = FileKeyManager::open_with(dir.path(), key(1), options).unwrap();
    assert!(matches!(kms.describe_key(id), Err(Error::NotFound { .. })));
    let log = std::fs::read(log_path(dir.path())).unwrap();
    assert!(
        !log.windows(record.len()).any(|w| w == record.as_slice()),
        "the key's record is gone"
    );
    assert_eq!(
        kms.describe_key(kept.key_id.as_str()).unwrap().key_id,
        kept.key_id
    );
    drop(kms);
    assert_eq!(open(dir.path()).unwrap().list_all_keys().unwrap().len(), 1);
}

#[test]
fn two_handles_on_one_store_see_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let a = create(dir.path()).unwrap();
    let b = open(dir.path()).unwrap();
    let key = a
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/shared"))
        .unwrap();
    let blob = b
        .encrypt(EncryptRequest::new("alias/shared", b"from b"))
        .unwrap()
        .ciphertext_blob;
    assert_eq!(
        a.decrypt(DecryptRequest::new(&blob))
            .unwrap()
            .plaintext
            .expose_secret(),
        b"from b"
    );
    b.disable_key(key.key_id.as_str()).unwrap();
    assert!(matches!(
        a.decrypt(DecryptRequest::new(&blob)),
        Err(Error::Disabled { .. })
    ));
    a.enable_key(key.key_id.as_str()).unwrap();
    b.tag_resource(TagResourceRequest::new(
        "alias/shared",
        [Tag::new("by", "b")],
    ))
    .unwrap();
    a.tag_resource(TagResourceRequest::new(
        "alias/shared",
        [Tag::new("also", "a")],
    ))
    .unwrap();
    assert_eq!(b.list_all_resource_tags("alias/shared").unwrap().len(), 2);
    // Interleaved creation from both handles loses nothing.
    for i in 0..20 {
        let kms = if i % 2 == 0 { &a } else { &b };
        kms.create_key(CreateKeyRequest::new(KeySpec::Hmac256))
            .unwrap();
    }
    assert_eq!(a.list_all_keys().unwrap().len(), 21);
    assert_eq!(b.list_all_keys().unwrap().len(), 21);
}

#[test]
fn rotation_and_import_survive_reopening() {
    use polykms::{
        ImportKeyMaterialRequest, MacAlgorithm, Origin, WrappingAlgorithm, WrappingKeySpec,
        wrap_key_material,
    };
    const DAY: Duration = Duration::from_secs(86_400);
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new());
    let options = FileOptions::default().clock(clock.clone());
    let reopen = || FileKeyManager::open_with(dir.path(), key(1), options.clone()).unwrap();
    let mac = |kms: &FileKeyManager, id: &str| {
        kms.generate_mac(GenerateMacRequest::new(id, b"m", MacAlgorithm::HmacSha256))
            .map(|r| r.mac)
    };

    let (sym, blobs, hmac, params, verifier, public) = {
        let kms = FileKeyManager::create_with(dir.path(), key(1), options.clone()).unwrap();
        let sym = kms
            .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
            .unwrap()
            .key_id
            .to_string();
        let mut blobs = Vec::new();
        for _ in 0..3 {
            blobs.push(
                kms.encrypt(EncryptRequest::new(&sym, b"v"))
                    .unwrap()
                    .ciphertext_blob,
            );
            kms.rotate_key_on_demand(&sym).unwrap();
        }
        kms.enable_key_rotation(EnableKeyRotationRequest::new(&sym).rotation_period_in_days(30))
            .unwrap();
        kms.set_minimum_decryption_version(SetMinimumDecryptionVersionRequest::new(&sym, 2))
            .unwrap();
        // Import parameters issued by one handle, used by the next.
        let external = |spec, usage| {
            kms.create_key(
                CreateKeyRequest::new(spec)
                    .usage(usage)
                    .origin(Origin::External),
            )
            .unwrap()
            .key_id
            .to_string()
        };
        let hmac = external(KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
        let params = kms
            .get_parameters_for_import(GetParametersForImportRequest::new(
                &hmac,
                WrappingAlgorithm::RsaAesKeyWrapSha256,
                WrappingKeySpec::Rsa2048,
            ))
            .unwrap();
        let verifier = external(KeySpec::EccNistP256, KeyUsage::SignVerify);
        let signer = kms
            .create_key(CreateKeyRequest::new(KeySpec::EccNistP256))
            .unwrap()
            .key_id
            .to_string();
        let public = kms.get_public_key(&signer).unwrap().public_key;
        kms.import_public_key(ImportPublicKeyRequest::new(&verifier, &public))
            .unwrap();
        let signature = kms
            .sign(SignRequest::new(
                &signer,
                b"m",
                polykms::SigningAlgorithm::EcdsaSha256,
            ))
            .unwrap()
            .signature;
        (sym, blobs, hmac, params, verifier, signature)
    };

    let kms = reopen();
    let described = kms.describe_key(&sym).unwrap();
    assert_eq!(described.current_key_version, Some(4));
    assert_eq!(described.minimum_decryption_version, 2);
    let status = kms.get_key_rotation_status(&sym).unwrap();
    assert_eq!(status.rotation_period_in_days, Some(30));
    assert_eq!(kms.list_all_key_rotations(&sym).unwrap().len(), 3);
    assert!(matches!(
        kms.decrypt(DecryptRequest::new(&blobs[0])),
        Err(Error::VersionRetired { version: 1, .. })
    ));
    for blob in &blobs[1..] {
        kms.decrypt(DecryptRequest::new(blob)).unwrap();
    }
    let wrapped =
        wrap_key_material(&params.public_key, params.wrapping_algorithm, &[8; 40]).unwrap();
    let request = ImportKeyMaterialRequest::new(&hmac, &params.import_token, &wrapped)
        .valid_to(polykms::Clock::now(&*clock) + 10 * DAY);
    kms.import_key_material(request).unwrap();
    let first = mac(&kms, &hmac).unwrap();
    kms.verify(VerifyRequest::new(
        &verifier,
        b"m",
        polykms::SigningAlgorithm::EcdsaSha256,
        &public,
    ))
    .unwrap();
    assert!(matches!(
        kms.sign(SignRequest::new(
            &verifier,
            b"m",
            polykms::SigningAlgorithm::EcdsaSha256
        )),
        Err(Error::PublicKeyOnly { .. })
    ));
    drop(kms);

    // The automatic rotation falls due while no process has the store open.
    clock.advance(30 * DAY);
    let kms = reopen();
    assert!(matches!(
        mac(&kms, &hmac),
        Err(Error::InvalidState {
            state: KeyState::PendingImport,
            ..
        })
    ));
    let (_, version) = {
        let out = kms.encrypt(EncryptRequest::new(&sym, b"x")).unwrap();
        (out.ciphertext_blob, out.key_version)
    };
    assert_eq!(version, Some(5));
    drop(kms);
    let kms = reopen();
    assert_eq!(kms.describe_key(&sym).unwrap().current_key_version, Some(5));
    assert_eq!(
        kms.describe_key(&hmac).unwrap().key_state,
        KeyState::PendingImport
    );
    assert!(kms.describe_key(&verifier).unwrap().public_key_only);
    // The expired material comes back with a re-import of the same bytes.
    let params = kms
        .get_parameters_for_import(GetParametersForImportRequest::new(
            &hmac,
            WrappingAlgorithm::Sm2Pke,
            WrappingKeySpec::Sm2,
        ))
        .unwrap();
    let wrapped =
        wrap_key_material(&params.public_key, WrappingAlgorithm::Sm2Pke, &[8; 40]).unwrap();
    kms.import_key_material(ImportKeyMaterialRequest::new(
        &hmac,
        &params.import_token,
        &wrapped,
    ))
    .unwrap();
    drop(kms);
    assert_eq!(mac(&reopen(), &hmac).unwrap(), first);
}

/// The names of the entries of `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The bytes of every file of a store, to check that it was left alone.
fn store_files(dir: &Path) -> Vec<(&'static str, Vec<u8>)> {
    ["store.json", "keys.log", "HEAD"]
        .into_iter()
        .map(|file| (file, std::fs::read(dir.join(file)).unwrap()))
        .collect()
}

#[test]
fn open_refuses_a_directory_without_a_store_and_creates_nothing() {
    let parent = tempfile::tempdir().unwrap();
    let fast_passphrase = || {
        FileKeyManager::open_with(
            parent.path().join("missing"),
            RootKey::passphrase("p"),
            fast_argon(),
        )
    };
    // A missing directory (and a missing parent): the error names it, and
    // nothing is created.
    for dir in [
        parent.path().join("missing"),
        parent.path().join("absent").join("store"),
    ] {
        match FileKeyManager::open(&dir, key(1)) {
            Err(e @ Error::Store(StoreError::NoStore { .. })) => {
                let Error::Store(StoreError::NoStore { path }) = &e else {
                    unreachable!()
                };
                assert_eq!(path, &dir);
                assert!(e.to_string().contains(&dir.display().to_string()), "{e}");
            }
            other => panic!("{}: {other:?}", dir.display()),
        }
        assert!(!dir.exists(), "{} was created", dir.display());
    }
    assert!(matches!(
        fast_passphrase(),
        Err(Error::Store(StoreError::NoStore { ref path })) if *path == parent.path().join("missing")
    ));
    assert_eq!(entries(parent.path()), Vec::<String>::new());

    // An empty directory stays empty, whatever the root key.
    let empty = tempfile::tempdir().unwrap();
    for root in [key(1), RootKey::passphrase("p")] {
        match FileKeyManager::open_with(empty.path(), root, fast_argon()) {
            Err(Error::Store(StoreError::NoStore { path })) => assert_eq!(path, empty.path()),
            other => panic!("{other:?}"),
        }
        assert_eq!(entries(empty.path()), Vec::<String>::new());
    }
    // And it is still free for a new store.
    create(empty.path()).unwrap();
    open(empty.path()).unwrap();
}

#[test]
fn create_refuses_a_directory_holding_a_store_and_leaves_it_intact() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = EncryptionContext::new().with("kept", "yes");
    let (id, blob) = {
        let kms = create(dir.path()).unwrap();
        let id = kms
            .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/kept"))
            .unwrap()
            .key_id;
        let blob = kms
            .encrypt(EncryptRequest::new(&id, b"still here").context(&ctx))
            .unwrap()
            .ciphertext_blob;
        (id, blob)
    };
    let before = store_files(dir.path());
    let names = entries(dir.path());
    // The same root key, another root key, a passphrase: all refused alike,
    // before the root key is even checked.
    for root in [key(1), key(2), RootKey::passphrase("p")] {
        let shown = format!("{root:?}");
        match FileKeyManager::create_with(dir.path(), root, fast_argon()) {
            Err(e @ Error::Store(StoreError::StoreExists { .. })) => {
                let Error::Store(StoreError::StoreExists { path }) = &e else {
                    unreachable!()
                };
                assert_eq!(path, dir.path());
                assert!(
                    e.to_string().contains(&dir.path().display().to_string()),
                    "{e}"
                );
            }
            other => panic!("{shown}: {other:?}"),
        }
        assert!(
            store_files(dir.path()) == before,
            "{shown}: the store changed"
        );
        assert_eq!(entries(dir.path()), names);
    }
    assert!(matches!(
        create(dir.path()),
        Err(Error::Store(StoreError::StoreExists { .. }))
    ));
    // The store still opens, with its keys.
    let kms = open(dir.path()).unwrap();
    assert_eq!(kms.describe_key("alias/kept").unwrap().key_id, id);
    assert_eq!(
        kms.decrypt(DecryptRequest::new(&blob).context(&ctx))
            .unwrap()
            .plaintext
            .expose_secret(),
        b"still here"
    );
    assert_eq!(kms.list_all_keys().unwrap().len(), 1);
}

#[test]
fn open_or_create_creates_a_missing_store_and_opens_an_existing_one() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("nested").join("store");
    // Missing: created (directory included).
    let id = {
        let kms = FileKeyManager::open_or_create(&dir, key(1)).unwrap();
        assert_eq!(kms.path(), dir);
        assert_eq!(kms.list_all_keys().unwrap().len(), 0);
        kms.create_key(CreateKeyRequest::new(KeySpec::Hmac256).alias("alias/either"))
            .unwrap()
            .key_id
    };
    assert!(dir.join("store.json").exists());
    // Existing: opened, not replaced, by both forms; `open` sees the same store.
    let before = store_files(&dir);
    for kms in [
        FileKeyManager::open_or_create(&dir, key(1)).unwrap(),
        FileKeyManager::open_or_create_with(&dir, key(1), fast_argon()).unwrap(),
        FileKeyManager::open(&dir, key(1)).unwrap(),
    ] {
        assert_eq!(kms.describe_key("alias/either").unwrap().key_id, id);
        assert_eq!(kms.list_all_keys().unwrap().len(), 1);
    }
    assert!(store_files(&dir) == before, "opening changed the store");
    // An existing store is opened with its own root key: another one is
    // refused, not taken as a reason to start over.
    assert!(matches!(
        FileKeyManager::open_or_create(&dir, key(2)),
        Err(Error::Store(StoreError::WrongRootKey { .. }))
    ));
    assert!(store_files(&dir) == before, "a wrong key changed the store");

    // An empty directory: a new passphrase store, which reopens.
    let empty = tempfile::tempdir().unwrap();
    let id =
        FileKeyManager::open_or_create_with(empty.path(), RootKey::passphrase("p"), fast_argon())
            .unwrap()
            .create_key(CreateKeyRequest::new(KeySpec::Sm4))
            .unwrap()
            .key_id;
    let kms =
        FileKeyManager::open_or_create_with(empty.path(), RootKey::passphrase("p"), fast_argon())
            .unwrap();
    assert_eq!(kms.describe_key(id.as_str()).unwrap().key_id, id);
    assert_eq!(kms.list_all_keys().unwrap().len(), 1);
}
