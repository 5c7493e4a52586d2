//! The file-backed provider: the conformance suite (in a temporary
//! directory, directly and through `Arc<dyn KeyManager>`), and reopening.

mod conformance;

use std::ops::Deref;
use std::sync::Arc;

use polykms::{FileKeyManager, FileOptions, KeyManager, ManualClock, RootKey, SecretBytes};
use tempfile::TempDir;

/// A provider together with the directory it lives in.
pub struct InDir<K> {
    kms: Box<K>,
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
    let kms = FileKeyManager::open_with(dir.path().join("store"), root_key(), options).unwrap();
    (
        InDir {
            kms: Box::new(kms),
            _dir: dir,
        },
        clock,
    )
}

mod direct {
    use super::*;
    conformance_suite!(provider());
}

mod dyn_key_manager {
    use super::*;

    /// The provider shared as `Arc<dyn KeyManager>`, with its directory.
    struct Shared(Arc<dyn KeyManager>, #[allow(dead_code)] TempDir);

    impl Deref for Shared {
        type Target = dyn KeyManager;

        fn deref(&self) -> &(dyn KeyManager + 'static) {
            &*self.0
        }
    }

    fn make() -> (Shared, Arc<ManualClock>) {
        let (InDir { kms, _dir }, clock) = provider();
        (Shared(Arc::new(*kms), _dir), clock)
    }

    conformance_suite!(make());
}
