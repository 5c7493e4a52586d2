//! A full disk, for real: the store lives on a small tmpfs mounted for the
//! test, which a filler file then fills. A write or a compaction that runs
//! out of space fails with `StoreError::Io` naming the file, is not applied,
//! leaves the store readable with everything acknowledged before, and the
//! store works again once space is freed.
//!
//! Mounting needs root (or CAP_SYS_ADMIN); where it is refused, the tests
//! print why and return.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use polykms::{
    CreateKeyRequest, EncryptRequest, Error, ErrorKind, FileKeyManager, FileOptions, KeyManager,
    KeyManagerExt, KeySpec, ManualClock, RootKey, ScheduleKeyDeletionRequest, SecretBytes,
    StoreError, Tag, TagResourceRequest,
};

const ENOSPC: i32 = 28;

/// A tmpfs mounted on a fresh directory, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// Mounts a tmpfs of `size` (e.g. "4m"), or says why it cannot.
    fn mount(size: &str) -> Result<Self, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700")])
            .arg("tmpfs")
            .arg(dir.path())
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "mount -t tmpfs failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(Self { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let status = Command::new("umount").arg(self.dir.path()).status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("could not unmount {}", self.dir.path().display());
        }
    }
}

/// Mounts a tmpfs, or prints why the test is skipped.
fn tmpfs(size: &str) -> Option<Tmpfs> {
    match Tmpfs::mount(size) {
        Ok(fs) => Some(fs),
        Err(reason) => {
            eprintln!("skipped: {reason}");
            None
        }
    }
}

/// Fills the file system holding `dir` with a file, until a write fails
/// with ENOSPC; returns the file.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    for chunk in [1 << 16, 4096, 512, 1] {
        loop {
            match file.write_all(&vec![0xa5; chunk]) {
                Ok(()) => {}
                Err(e) if e.raw_os_error() == Some(ENOSPC) => break,
                Err(e) => panic!("filling: {e}"),
            }
        }
    }
    file.sync_all().unwrap();
    path
}

fn root() -> RootKey {
    RootKey::Key(SecretBytes::from(vec![3; 32]))
}

/// Tags `key` with 40 long tags: every later record of it is about 10 KiB,
/// more than the free part of the log's last page.
fn widen(kms: &FileKeyManager, key: &str) {
    let tags = (0..40).map(|i| Tag::new(format!("wide{i}"), "w".repeat(250)));
    kms.tag_resource(TagResourceRequest::new(key, tags))
        .unwrap();
}

fn tag(kms: &FileKeyManager, key: &str, value: &str) -> polykms::Result<()> {
    kms.tag_resource(TagResourceRequest::new(key, [Tag::new("v", value)]))
}

/// The error of a write that ran out of space, naming `file`.
fn expect_enospc(result: polykms::Result<()>, file: &str) {
    match result {
        Err(e @ Error::Store(StoreError::Io { .. })) => {
            assert_eq!(e.kind(), ErrorKind::Storage);
            let Error::Store(StoreError::Io { path, source }) = &e else {
                unreachable!()
            };
            assert!(path.ends_with(file), "{path:?}");
            assert_eq!(source.raw_os_error(), Some(ENOSPC), "{source}");
        }
        other => panic!("expected ENOSPC on {file}, got {other:?}"),
    }
}

/// What a handle holds: every key with its tags, and the aliases.
fn snapshot(kms: &FileKeyManager) -> Vec<String> {
    let mut out: Vec<String> = kms
        .list_all_keys()
        .unwrap()
        .into_iter()
        .map(|k| {
            let id = k.key_id.to_string();
            let state = kms.describe_key(&id).unwrap().key_state;
            let tags = kms.list_all_resource_tags(&id).unwrap();
            format!("{id} {state:?} {tags:?}")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_write_that_runs_out_of_space_is_refused_and_the_store_recovers() {
    let Some(fs) = tmpfs("2m") else { return };
    let dir = fs.path().join("store");
    let kms = FileKeyManager::create(&dir, root()).unwrap();
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap()
        .key_id
        .to_string();
    widen(&kms, &key);
    tag(&kms, &key, "acknowledged").unwrap();
    let before = snapshot(&kms);
    let blob = kms
        .encrypt(EncryptRequest::new(&key, b"x"))
        .unwrap()
        .ciphertext_blob;

    let filler = fill(fs.path());
    expect_enospc(tag(&kms, &key, "refused"), "keys.log");
    expect_enospc(tag(&kms, &key, "refused again"), "keys.log");
    // Readable, with everything acknowledged and nothing refused, by this
    // handle and by a new one.
    assert_eq!(snapshot(&kms), before);
    kms.decrypt(polykms::DecryptRequest::new(&blob)).unwrap();
    assert_eq!(
        snapshot(&FileKeyManager::open(&dir, root()).unwrap()),
        before
    );

    std::fs::remove_file(filler).unwrap();
    tag(&kms, &key, "after").unwrap();
    let after = snapshot(&kms);
    assert_ne!(after, before);
    drop(kms);
    assert_eq!(
        snapshot(&FileKeyManager::open(&dir, root()).unwrap()),
        after
    );
}

#[test]
fn a_compaction_that_runs_out_of_space_is_refused_and_the_store_recovers() {
    let Some(fs) = tmpfs("4m") else { return };
    let dir = fs.path().join("store");
    let kms = FileKeyManager::create(&dir, root()).unwrap();
    let create = || {
        kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
            .unwrap()
            .key_id
            .to_string()
    };
    let (wide, busy) = (create(), create());
    widen(&kms, &wide);
    // The log is compacted when it holds more than 2 × live + 1024 records:
    // 2 keys, 3 records so far.
    for i in 3..2 * 2 + 1024 + 1 {
        tag(&kms, &busy, &i.to_string()).unwrap();
    }
    let before = snapshot(&kms);
    let log = dir.join("keys.log");
    let log_len = std::fs::metadata(&log).unwrap().len();

    let filler = fill(fs.path());
    expect_enospc(tag(&kms, &busy, "refused"), "keys.log.tmp");
    assert!(
        !dir.join("keys.log.tmp").exists(),
        "the temporary log is removed"
    );
    assert_eq!(std::fs::metadata(&log).unwrap().len(), log_len);
    assert_eq!(snapshot(&kms), before);
    assert_eq!(
        snapshot(&FileKeyManager::open(&dir, root()).unwrap()),
        before
    );

    std::fs::remove_file(filler).unwrap();
    tag(&kms, &busy, "compacted").unwrap();
    assert!(std::fs::metadata(&log).unwrap().len() < log_len / 10);
    let after = snapshot(&kms);
    drop(kms);
    assert_eq!(
        snapshot(&FileKeyManager::open(&dir, root()).unwrap()),
        after
    );
}

/// A purge compacts the log too; out of space, the purge fails and is
/// retried by the next write once space is freed. (Reads also try to apply
/// a due purge, and fail with the same error while the disk is full.)
#[test]
fn a_purge_that_runs_out_of_space_happens_once_space_is_freed() {
    let Some(fs) = tmpfs("2m") else { return };
    let dir = fs.path().join("store");
    let clock = Arc::new(ManualClock::new());
    let options = FileOptions::default().clock(clock.clone());
    let kms = FileKeyManager::create_with(&dir, root(), options).unwrap();
    let create = || {
        kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
            .unwrap()
            .key_id
            .to_string()
    };
    let (doomed, kept) = (create(), create());
    widen(&kms, &kept);
    kms.schedule_key_deletion(ScheduleKeyDeletionRequest::new(&doomed).pending_window_in_days(7))
        .unwrap();
    clock.advance(Duration::from_secs(8 * 86_400));

    let filler = fill(fs.path());
    expect_enospc(tag(&kms, &kept, "refused"), "keys.log.tmp");
    assert!(!dir.join("keys.log.tmp").exists());

    std::fs::remove_file(filler).unwrap();
    tag(&kms, &kept, "after").unwrap();
    let keys: Vec<String> = kms
        .list_all_keys()
        .unwrap()
        .into_iter()
        .map(|k| k.key_id.to_string())
        .collect();
    assert_eq!(keys, [kept]);
}
