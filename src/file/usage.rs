//! The store's record of key uses (`GetKeyLastUsage`): the file `usage`,
//! one sealed record holding the last use of each key and since when uses
//! are tracked.
//!
//! Operations only note their use in memory. A background thread (and the
//! handle's drop, and [`FileKeyManager::flush_usage`](crate::FileKeyManager::flush_usage))
//! merges the notes into the file under the store's write lock: read it,
//! keep each key's latest use, write `usage.tmp`, fsync it, rename it over
//! `usage`, fsync the directory. The file is therefore always whole (the old
//! one or the new one), and a crash loses at most the uses noted since the
//! last flush: the answer is then older than the true last use, never newer.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::disk::{Disk, io};
use super::format::{MAX_RECORD_LEN, StoreKeys};
use crate::engine::usage::{PersistedUsage, UsageTracker};
use crate::{Error, Result};

/// The sequence number that seals the usage record: never a log record's,
/// so neither can pass for the other.
const USAGE_SEQ: u64 = u64::MAX;
/// The "previous tag" that seals the usage record.
const USAGE_LABEL: &[u8; 16] = b"polykms usage v1";

/// The uses noted in this process and the file they go to.
#[derive(Debug)]
pub(crate) struct Usage {
    pub(crate) tracker: UsageTracker,
    disk: Disk,
    dir: PathBuf,
    path: PathBuf,
    tmp_path: PathBuf,
    lock_path: PathBuf,
    keys: Arc<StoreKeys>,
    lock_timeout: Duration,
}

impl Usage {
    pub(crate) fn new(
        tracker: UsageTracker,
        disk: Disk,
        dir: &Path,
        keys: Arc<StoreKeys>,
        lock_timeout: Duration,
    ) -> Self {
        Self {
            tracker,
            disk,
            dir: dir.to_owned(),
            path: dir.join("usage"),
            tmp_path: dir.join("usage.tmp"),
            lock_path: dir.join("LOCK"),
            keys,
            lock_timeout,
        }
    }

    /// What the file holds; nothing when there is no file yet.
    pub(crate) fn load(&self) -> Result<PersistedUsage> {
        let bytes = match self.disk.read_bounded(&self.path, MAX_RECORD_LEN) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(PersistedUsage::default());
            }
            Err(e) => return Err(Error::storage(&self.path, e)),
        };
        let corrupt = |detail: String| Error::corrupt(&self.path, detail);
        if bytes.len() > MAX_RECORD_LEN || bytes.len() < 4 {
            return Err(corrupt(format!(
                "{} bytes is not a usage record",
                bytes.len()
            )));
        }
        let len = u32::from_be_bytes(bytes[..4].try_into().expect("4 bytes")) as usize;
        if len != bytes.len() - 4 {
            return Err(corrupt("the record's length is not the file's".into()));
        }
        let (plain, _) = self
            .keys
            .open_record(USAGE_SEQ, USAGE_LABEL, &bytes[4..])
            .map_err(corrupt)?;
        postcard::from_bytes(&plain).map_err(|e| corrupt(format!("undecodable: {e}")))
    }

    /// Merges the uses noted since the last flush into the file. Nothing is
    /// written if there are none; on failure they stay pending.
    pub(crate) fn flush(&self) -> Result<()> {
        let Some(changes) = self.tracker.take_changes() else {
            return Ok(());
        };
        let result = self.write(&changes);
        if result.is_err() {
            self.tracker.restore(changes);
        }
        result
    }

    fn write(&self, changes: &crate::engine::usage::UsageChanges) -> Result<()> {
        let _lock = self.disk.lock(&self.lock_path, true, self.lock_timeout)?;
        // A file that cannot be read is replaced: uses are advisory, and the
        // fresh record heals it.
        let merged = self.load().unwrap_or_default().merged(changes);
        let plain = postcard::to_allocvec(&merged)
            .map_err(|e| Error::invalid_argument("usage record", e.to_string()))?;
        let (sealed, _) = self.keys.seal_record(USAGE_SEQ, USAGE_LABEL, &plain)?;
        self.disk.write_new_file(&self.tmp_path, &sealed)?;
        self.disk
            .rename(&self.tmp_path, &self.path)
            .map_err(io(&self.path))?;
        self.disk.sync_dir(&self.dir)
    }
}

/// The thread that flushes the uses every `interval` while the store is
/// open.
#[derive(Debug)]
pub(crate) struct Flusher {
    stop: Arc<(Mutex<bool>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Flusher {
    pub(crate) fn spawn(usage: Arc<Usage>, interval: Duration) -> Result<Self> {
        let usage_dir = usage.dir.clone();
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let signal = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("polykms-usage".into())
            .spawn(move || {
                let (stopped, wake) = &*signal;
                let mut guard = stopped.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    guard = wake
                        .wait_timeout_while(guard, interval, |stopped| !*stopped)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                    if *guard {
                        return;
                    }
                    drop(guard);
                    // A failure keeps the uses pending for the next round.
                    let _ = usage.flush();
                    guard = stopped.lock().unwrap_or_else(|e| e.into_inner());
                }
            })
            .map_err(|e| Error::storage(usage_dir, e))?;
        Ok(Self {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Flusher {
    fn drop(&mut self) {
        let (stopped, wake) = &*self.stop;
        *stopped.lock().unwrap_or_else(|e| e.into_inner()) = true;
        wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
