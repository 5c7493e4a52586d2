//! Key last usage in the file store: uses are written in the background,
//! seen by other handles and processes, kept across reopening, and a crash
//! loses at most the uses of the last flush interval.
//!
//! The crash test's child process is this test binary, re-run on the
//! ignored test `child_user`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use polykms::{
    CreateKeyRequest, CryptoOperation, DecryptRequest, EncryptRequest, FileKeyManager, FileOptions,
    KeyManager, KeySpec, RootKey, ScheduleKeyDeletionRequest, SecretBytes, SignRequest,
    SigningAlgorithm,
};

fn root() -> RootKey {
    RootKey::Key(SecretBytes::from(vec![0x3a; 32]))
}

fn options(interval: Option<Duration>) -> FileOptions {
    FileOptions::default().usage_flush_interval(interval)
}

fn open(dir: &Path, interval: Option<Duration>) -> FileKeyManager {
    FileKeyManager::open_or_create_with(dir, root(), options(interval)).unwrap()
}

fn last_operation(kms: &FileKeyManager, key: &str) -> Option<CryptoOperation> {
    kms.get_key_last_usage(key)
        .unwrap()
        .last_usage
        .map(|u| u.operation)
}

/// A handle's uses reach the store when it is dropped, and another handle
/// reads them; nothing is written before (no background flushing here).
#[test]
fn uses_are_written_on_drop_and_read_by_other_handles() {
    let dir = tempfile::tempdir().unwrap();
    let key = {
        let kms = open(dir.path(), None);
        let key = kms
            .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
            .unwrap()
            .key_id;
        kms.encrypt(EncryptRequest::new(&key, b"x")).unwrap();
        assert_eq!(
            last_operation(&kms, key.as_str()),
            Some(CryptoOperation::Encrypt)
        );
        // Not flushed yet: another handle does not see the use.
        let other = open(dir.path(), None);
        assert_eq!(last_operation(&other, key.as_str()), None);
        assert!(!dir.path().join("usage").exists());
        key
    };
    let reopened = open(dir.path(), None);
    assert_eq!(
        last_operation(&reopened, key.as_str()),
        Some(CryptoOperation::Encrypt)
    );
}

/// Two handles' uses merge: each key keeps its latest use, whoever noted it.
#[test]
fn handles_merge_their_uses() {
    let dir = tempfile::tempdir().unwrap();
    let a = open(dir.path(), None);
    let b = open(dir.path(), None);
    let key = a
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap()
        .key_id;
    let signer = a
        .create_key(CreateKeyRequest::new(KeySpec::EccNistP256))
        .unwrap()
        .key_id;
    let blob = a
        .encrypt(EncryptRequest::new(&key, b"x"))
        .unwrap()
        .ciphertext_blob;
    a.flush_usage().unwrap();
    std::thread::sleep(Duration::from_millis(5));
    b.decrypt(DecryptRequest::new(&blob)).unwrap();
    b.sign(SignRequest::new(
        &signer,
        b"m",
        SigningAlgorithm::EcdsaSha256,
    ))
    .unwrap();
    b.flush_usage().unwrap();
    // `a` flushes again, still holding its older use of `key`: the later
    // one stays.
    a.sign(SignRequest::new(
        &signer,
        b"m",
        SigningAlgorithm::EcdsaSha256,
    ))
    .unwrap();
    a.flush_usage().unwrap();
    let c = open(dir.path(), None);
    assert_eq!(
        last_operation(&c, key.as_str()),
        Some(CryptoOperation::Decrypt)
    );
    assert_eq!(
        last_operation(&c, signer.as_str()),
        Some(CryptoOperation::Sign)
    );
    // And `a` itself reads the merged view.
    assert_eq!(
        last_operation(&a, key.as_str()),
        Some(CryptoOperation::Decrypt)
    );
}

/// The usage file is sealed like the log: nothing in it is in clear, and a
/// damaged one is reported as corrupt, naming it, then replaced by the next
/// flush.
#[test]
fn the_usage_file_is_sealed_and_heals() {
    let dir = tempfile::tempdir().unwrap();
    let kms = open(dir.path(), None);
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap()
        .key_id;
    kms.encrypt(EncryptRequest::new(&key, b"x")).unwrap();
    kms.flush_usage().unwrap();
    let path = dir.path().join("usage");
    let mut bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains(key.as_str()) && !text.contains("Encrypt"));
    let end = bytes.len() - 1;
    bytes[end] ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    let error = kms.get_key_last_usage(key.as_str()).unwrap_err();
    assert!(error.to_string().contains("usage"), "{error}");
    assert!(matches!(
        error,
        polykms::Error::Store(polykms::StoreError::Corrupt { .. })
    ));
    kms.encrypt(EncryptRequest::new(&key, b"y")).unwrap();
    kms.flush_usage().unwrap();
    let other = open(dir.path(), None);
    assert_eq!(
        last_operation(&other, key.as_str()),
        Some(CryptoOperation::Encrypt)
    );
}

/// A purged key's uses leave the file.
#[test]
fn purged_keys_are_forgotten() {
    let dir = tempfile::tempdir().unwrap();
    let clock = std::sync::Arc::new(polykms::ManualClock::new());
    let opts = options(None).clock(clock.clone());
    let kms = FileKeyManager::open_or_create_with(dir.path(), root(), opts.clone()).unwrap();
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap()
        .key_id;
    kms.encrypt(EncryptRequest::new(&key, b"x")).unwrap();
    kms.flush_usage().unwrap();
    let size = std::fs::metadata(dir.path().join("usage")).unwrap().len();
    kms.schedule_key_deletion(ScheduleKeyDeletionRequest::new(&key).pending_window_in_days(7))
        .unwrap();
    clock.advance(Duration::from_secs(8 * 86_400));
    assert!(kms.describe_key(key.as_str()).is_err());
    kms.flush_usage().unwrap();
    let after = std::fs::metadata(dir.path().join("usage")).unwrap().len();
    assert!(after < size, "{after} bytes after the purge, {size} before");
}

/// Run by `a_crash_loses_at_most_the_last_interval` only, in a child
/// process: uses a key, waits for the background flush, uses it again and
/// dies without dropping anything.
#[test]
#[ignore = "the entry point of the child process of the crash test"]
fn child_user() {
    let dir = std::env::var("POLYKMS_USAGE_STORE").expect("run by the crash test");
    let key = std::env::var("POLYKMS_USAGE_KEY").unwrap();
    let kms = open(Path::new(&dir), Some(Duration::from_millis(50)));
    kms.sign(SignRequest::new(&key, b"m", SigningAlgorithm::EcdsaSha256))
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !Path::new(&dir).join("usage").exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    // Flushed by the background thread; this later use is not, yet.
    let signature = kms
        .sign(SignRequest::new(&key, b"m", SigningAlgorithm::EcdsaSha256))
        .unwrap()
        .signature;
    kms.verify(polykms::VerifyRequest::new(
        &key,
        b"m",
        SigningAlgorithm::EcdsaSha256,
        &signature,
    ))
    .unwrap();
    std::process::abort();
}

/// A process that dies without closing the store has still written its
/// uses up to the last background flush.
#[test]
fn a_crash_loses_at_most_the_last_interval() {
    let dir = tempfile::tempdir().unwrap();
    let key = {
        let kms = open(dir.path(), None);
        kms.create_key(CreateKeyRequest::new(KeySpec::EccNistP256))
            .unwrap()
            .key_id
    };
    let status = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_user", "--ignored", "--nocapture"])
        .env("POLYKMS_USAGE_STORE", dir.path())
        .env("POLYKMS_USAGE_KEY", key.as_str())
        .status()
        .unwrap();
    assert!(!status.success(), "the child aborts");
    let kms = open(dir.path(), None);
    let used = kms.get_key_last_usage(key.as_str()).unwrap().last_usage;
    // The first Sign was flushed before the child went on; the Verify after
    // it may or may not have been.
    let operation = used.expect("the flushed use survives the crash").operation;
    assert!(
        matches!(operation, CryptoOperation::Sign | CryptoOperation::Verify),
        "{operation}"
    );
}
