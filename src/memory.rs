//! The in-memory provider: keys live as long as the value does.

use std::sync::Arc;

use crate::clock::{Clock, SystemClock};
use crate::engine::{Engine, NoStorage, Table};
use crate::key::ResourceNamespace;
use crate::manager::delegate_to_engine;

/// A key manager that keeps its keys in memory: for tests, ephemeral
/// services and anything that must not touch the disk.
///
/// It is thread-safe (share it as `Arc<InMemory>` or `Arc<dyn KeyManager>`),
/// holds each key in parsed form, and runs the same engine as the file-backed
/// provider, so it behaves identically in every respect but durability.
///
/// ```
/// use polykms::{InMemory, KeyManager};
///
/// let kms = InMemory::new();
/// let random = kms.generate_random(32)?;
/// assert_eq!(random.len(), 32);
/// # Ok::<(), polykms::Error>(())
/// ```
#[derive(Debug)]
pub struct InMemory {
    engine: Engine<NoStorage>,
}

impl InMemory {
    /// An empty key manager on the system clock.
    pub fn new() -> Self {
        Self::with_clock(Arc::new(SystemClock))
    }

    /// An empty key manager on the given clock (e.g. a
    /// [`ManualClock`](crate::ManualClock), to test deletion windows).
    pub fn with_clock(clock: Arc<dyn Clock>) -> Self {
        Self::with_options(clock, ResourceNamespace::default())
    }

    /// An empty key manager with its own clock and resource namespace.
    pub fn with_options(clock: Arc<dyn Clock>, namespace: ResourceNamespace) -> Self {
        Self {
            engine: Engine::new(NoStorage, Table::default(), clock, namespace),
        }
    }
}

impl Default for InMemory {
    fn default() -> Self {
        Self::new()
    }
}

delegate_to_engine!(InMemory, engine);
