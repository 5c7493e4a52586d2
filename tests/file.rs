//! The conformance suite against the file-backed provider (in a temporary
//! directory), through both interfaces: directly, and as
//! `Arc<dyn KeyManager>` (every call through the forwarding
//! implementations); then through the async interface, directly on a
//! current-thread runtime and as `Arc<dyn AsyncKeyManager>` on a
//! multi-thread one.

use std::ops::Deref;
use std::sync::Arc;

use polykms::conformance::ThroughAsync;
use polykms::{
    AsyncKeyManager, FileKeyManager, FileOptions, KeyManager, ManualClock, RootKey, SecretBytes,
};
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
    polykms::conformance_suite!(provider(); contract, clock, import, extensions, local);
}

mod dyn_key_manager {
    use super::*;

    fn shared() -> (InDir<Arc<dyn KeyManager>>, Arc<ManualClock>) {
        let (InDir { kms, _dir }, clock) = provider();
        let kms: Arc<dyn KeyManager> = Arc::new(kms);
        (InDir { kms, _dir }, clock)
    }

    polykms::conformance_suite!(shared(); contract, clock, import, extensions, local);
}

mod through_async {
    use super::*;
    polykms::conformance_suite!(async: provider(); contract, clock, import, extensions, local);
}

mod dyn_async_key_manager {
    use super::*;

    fn shared() -> (
        InDir<ThroughAsync<Arc<dyn AsyncKeyManager>>>,
        Arc<ManualClock>,
    ) {
        let (InDir { kms, _dir }, clock) = provider();
        let kms: Arc<dyn AsyncKeyManager> = Arc::new(kms);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap();
        let kms = ThroughAsync::with_runtime(kms, runtime);
        (InDir { kms, _dir }, clock)
    }

    polykms::conformance_suite!(shared(); contract, clock, import, extensions, local);
}
