//! [`Local`]: the one local provider, generic over where it keeps its keys.
//!
//! Every operation is written once, in the shared engine; a storage decides
//! only how changes are made durable and how changes made by other
//! processes are seen. [`InMemory`](crate::InMemory) is `Local` over
//! [`MemoryStorage`](crate::memory::MemoryStorage) and
//! [`FileKeyManager`](crate::FileKeyManager) is `Local` over
//! [`FileStorage`](crate::file::FileStorage).

mod asynchronous;
mod offload;

#[cfg(feature = "tokio")]
pub(crate) use asynchronous::Request;

use std::fmt;
use std::sync::Arc;

use crate::engine::Engine;
use crate::manager::{KeyManager, with_key_manager_methods};

/// Where a [`Local`] provider keeps its keys: [`MemoryStorage`] or
/// [`FileStorage`]. The trait is sealed; its methods are the engine's.
///
/// [`MemoryStorage`]: crate::memory::MemoryStorage
/// [`FileStorage`]: crate::file::FileStorage
pub trait Storage: sealed::Sealed + Send + Sync + fmt::Debug + 'static {}

pub(crate) mod sealed {
    /// Only the crate's storages implement [`Storage`](super::Storage): the
    /// engine's `Persist` is this crate's internal interface, reachable
    /// through the seal but never nameable outside the crate.
    #[allow(private_bounds)]
    pub trait Sealed: crate::engine::Persist {}
}

impl<S: sealed::Sealed + Send + Sync + fmt::Debug + 'static> Storage for S {}

/// The local provider: real keys and real cryptography in this process,
/// kept by its storage `S`. Use it through its two names,
/// [`InMemory`](crate::InMemory) and [`FileKeyManager`](crate::FileKeyManager),
/// which add their constructors; both behave identically in every respect
/// but durability, because every operation is the same code.
///
/// Both interfaces are implemented: the blocking [`KeyManager`] and the
/// async [`AsyncKeyManager`](crate::AsyncKeyManager), which runs slow work
/// (RSA key generation, RSA private-key operations, the file store's
/// writes) off the executor.
pub struct Local<S: Storage> {
    /// Shared, so that slow work can take it to another thread.
    pub(crate) engine: Arc<Engine<S>>,
}

impl<S: Storage> Local<S> {
    pub(crate) fn from_engine(engine: Engine<S>) -> Self {
        Self {
            engine: Arc::new(engine),
        }
    }
}

impl<S: Storage> fmt::Debug for Local<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.engine, f)
    }
}

/// Every method is the engine's, the provided ones too, so that a data key
/// made without its plaintext is recorded as such by `get_key_last_usage`.
impl<S: Storage> KeyManager for Local<S> {
    with_key_manager_methods!(crate::manager::forwarding_methods!(all engine));
}
