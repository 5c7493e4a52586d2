//! The in-memory provider: keys live as long as the value does.

use std::sync::{Arc, RwLock};

use crate::Result;
use crate::clock::{Clock, SystemClock};
use crate::engine::usage::UsageTracker;
use crate::engine::{Change, Engine, Persist, Table};
use crate::key::ResourceNamespace;
use crate::local::{Local, sealed};

/// A key manager that keeps its keys in memory: for tests, ephemeral
/// services and anything that must not touch the disk.
///
/// It is thread-safe (share it as `Arc<InMemory>` or `Arc<dyn KeyManager>`),
/// holds each key in parsed form, and runs the same engine as the file-backed
/// provider, so it behaves identically in every respect but durability.
///
/// ```
/// use polykms::{GenerateRandomRequest, InMemory, KeyManager};
///
/// let kms = InMemory::new();
/// let random = kms.generate_random(GenerateRandomRequest::new(32))?;
/// assert_eq!(random.len(), 32);
/// # Ok::<(), polykms::Error>(())
/// ```
pub type InMemory = Local<MemoryStorage>;

/// The storage of [`InMemory`]: it keeps nothing beyond the process.
#[derive(Debug)]
pub struct MemoryStorage {
    usage: UsageTracker,
}

impl sealed::Sealed for MemoryStorage {}

impl Persist for MemoryStorage {
    /// A write takes microseconds.
    const SLOW_WRITES: bool = false;

    type Guard<'a> = ();

    fn refresh(&self, _table: &RwLock<Table>) -> Result<()> {
        Ok(())
    }

    fn begin_write(&self, _table: &mut Table) -> Result<()> {
        Ok(())
    }

    fn persist(&self, _guard: &mut (), _table: &Table, _changes: &[Change]) -> Result<()> {
        Ok(())
    }

    fn usage(&self) -> &UsageTracker {
        &self.usage
    }
}

/// Options for [`InMemory::with_options`](Local::with_options).
///
/// ```
/// use std::sync::Arc;
/// use polykms::{InMemory, ManualClock, MemoryOptions, ResourceNamespace};
///
/// let clock = Arc::new(ManualClock::new());
/// let kms = InMemory::with_options(
///     MemoryOptions::default()
///         .clock(clock.clone())
///         .namespace(ResourceNamespace::new("aws", "eu-west-1", "111122223333")),
/// );
/// # let _ = kms;
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct MemoryOptions {
    /// The clock (deletion windows, rotation, expiry).
    pub clock: Arc<dyn Clock>,
    /// The resource namespace of key and alias resource names.
    pub namespace: ResourceNamespace,
}

impl Default for MemoryOptions {
    fn default() -> Self {
        Self {
            clock: Arc::new(SystemClock),
            namespace: ResourceNamespace::default(),
        }
    }
}

impl MemoryOptions {
    /// Sets the clock.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Sets the resource namespace.
    pub fn namespace(mut self, namespace: ResourceNamespace) -> Self {
        self.namespace = namespace;
        self
    }
}

impl Local<MemoryStorage> {
    /// An empty key manager on the system clock.
    pub fn new() -> Self {
        Self::with_options(MemoryOptions::default())
    }

    /// An empty key manager on the given clock (e.g. a
    /// [`ManualClock`](crate::ManualClock), to test deletion windows).
    pub fn with_clock(clock: Arc<dyn Clock>) -> Self {
        Self::with_options(MemoryOptions::default().clock(clock))
    }

    /// An empty key manager with options.
    pub fn with_options(options: MemoryOptions) -> Self {
        let usage = UsageTracker::new(options.clock.now());
        Self::from_engine(Engine::new(
            MemoryStorage { usage },
            Table::default(),
            options.clock,
            options.namespace,
        ))
    }
}

impl Default for Local<MemoryStorage> {
    fn default() -> Self {
        Self::new()
    }
}
