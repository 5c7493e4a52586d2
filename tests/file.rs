//! The conformance suite against the file-backed provider (in a temporary
//! directory): directly, and as `Arc<dyn KeyManager>` (every call through
//! the forwarding implementations).

use std::ops::Deref;
use std::sync::Arc;

use polykms::{FileKeyManager, FileOptions, KeyManager, ManualClock, RootKey, SecretBytes};
use tempfile::TempDir;

/// A provider together with the directory it lives in.
pub struct InDir<K> {
    kms: K,
    _dir: TempDir,
}

impl<K> Deref for InDir<K> {
    type Target = K;

    fn deref(&self) -> &K {
        &self.kms
    }
}

fn root_key() -> RootKey {
    RootKey::Key(SecretBytes::from(vec![0x24; 32]))
}

fn provider() -> (InDir<FileKeyManager>, Arc<ManualClock>) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new());
    let options = FileOptions::default().clock(clock.clone());
    let kms = FileKeyManager::create_with(dir.path().join("store"), root_key(), options).unwrap();
    (InDir { kms, _dir: dir }, clock)
}

mod direct {
    use super::*;
    polykms::conformance_suite!(provider(); contract, clock, import, extensions);
}

mod dyn_key_manager {
    use super::*;

    fn shared() -> (InDir<Arc<dyn KeyManager>>, Arc<ManualClock>) {
        let (InDir { kms, _dir }, clock) = provider();
        let kms: Arc<dyn KeyManager> = Arc::new(kms);
        (InDir { kms, _dir }, clock)
    }

    polykms::conformance_suite!(shared(); contract, clock, import, extensions);
}
