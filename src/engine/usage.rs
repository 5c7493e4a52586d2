//! Key last usage (`GetKeyLastUsage`): every successful cryptographic
//! operation notes its operation and time in its key's [`UseCell`] (one
//! atomic maximum: no lock, no lookup), which the [`UsageTracker`] its
//! storage owns knows by key id; a durable storage writes the notes out in
//! the background and reads back what other processes wrote, so that the
//! operation itself never waits for a disk.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{Engine, KeyRecord, Persist};
use crate::Result;
use crate::key::KeyId;
use crate::response::{CryptoOperation, KeyLastUsage, KeyUse};

/// A key's last use in this process: the time in microseconds since the
/// epoch, shifted left 4 bits, or'ed with the operation's index (0: never
/// used), so that the latest use is the largest value.
#[derive(Clone, Default)]
pub(crate) struct UseCell(Arc<UseSlot>);

#[derive(Default)]
struct UseSlot {
    packed: AtomicU64,
    /// Whether the tracker knows this cell.
    registered: AtomicBool,
}

/// Metadata compare equal whatever their uses.
impl PartialEq for UseCell {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for UseCell {}

impl fmt::Debug for UseCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("UseCell").field(&self.last()).finish()
    }
}

impl UseCell {
    fn value(&self) -> u64 {
        self.0.packed.load(Ordering::Relaxed)
    }

    fn raise(&self, packed: u64) {
        self.0.packed.fetch_max(packed, Ordering::Relaxed);
    }

    fn last(&self) -> Option<KeyUse> {
        unpack(self.value())
    }
}

fn pack(operation: CryptoOperation, at: SystemTime) -> u64 {
    let micros = at
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX >> 4));
    let index = CryptoOperation::ALL
        .iter()
        .position(|op| *op == operation)
        .expect("every operation is in ALL") as u64;
    (micros.min(u64::MAX >> 4) << 4) | index
}

fn unpack(packed: u64) -> Option<KeyUse> {
    if packed == 0 {
        return None;
    }
    let operation = *CryptoOperation::ALL.get((packed & 0xf) as usize)?;
    let at = UNIX_EPOCH + Duration::from_micros(packed >> 4);
    Some(KeyUse::new(operation, at))
}

/// The uses noted in this process since the storage was opened.
#[derive(Debug)]
pub(crate) struct UsageTracker {
    notes: Mutex<Notes>,
    /// When this tracker started: uses before it are known only from what
    /// the storage persisted.
    started: SystemTime,
}

#[derive(Debug, Default)]
struct Notes {
    /// The cell of each key used here.
    cells: HashMap<KeyId, UseCell>,
    /// The value of each cell last handed to the storage.
    handed: HashMap<KeyId, u64>,
    /// Keys purged since the last hand-over: their uses are to be forgotten.
    forgotten: HashSet<KeyId>,
}

/// What a storage keeps of the uses: the last use of each key, and since
/// when uses are tracked.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct PersistedUsage {
    /// When the first tracker to persist anything started; `None` before.
    pub(crate) tracking_since: Option<SystemTime>,
    /// The last use of each key.
    pub(crate) last: Vec<(KeyId, CryptoOperation, SystemTime)>,
}

impl PersistedUsage {
    /// The last use of `key`, if any.
    fn of(&self, key: &KeyId) -> Option<KeyUse> {
        self.last
            .iter()
            .filter(|(id, _, _)| id == key)
            .map(|&(_, op, at)| KeyUse::new(op, at))
            .max_by_key(|u| u.timestamp)
    }

    /// These uses with `changes` merged in: each key keeps its latest use;
    /// `forgotten` keys lose theirs.
    pub(crate) fn merged(mut self, changes: &UsageChanges) -> Self {
        let mut last: HashMap<KeyId, KeyUse> = HashMap::with_capacity(self.last.len());
        let entries = self
            .last
            .drain(..)
            .map(|(id, op, at)| (id, KeyUse::new(op, at)));
        for (id, used) in entries.chain(changes.last.iter().map(|(id, u)| (id.clone(), *u))) {
            keep_latest(&mut last, id, used);
        }
        for id in &changes.forgotten {
            last.remove(id);
        }
        let mut last: Vec<_> = last
            .into_iter()
            .map(|(id, u)| (id, u.operation, u.timestamp))
            .collect();
        last.sort_by(|a, b| a.0.cmp(&b.0));
        Self {
            tracking_since: Some(match self.tracking_since {
                Some(since) => since.min(changes.started),
                None => changes.started,
            }),
            last,
        }
    }
}

/// What a tracker hands to its storage: its uses and the keys to forget.
#[derive(Debug)]
pub(crate) struct UsageChanges {
    pub(crate) started: SystemTime,
    pub(crate) last: HashMap<KeyId, KeyUse>,
    pub(crate) forgotten: HashSet<KeyId>,
}

fn keep_latest(map: &mut HashMap<KeyId, KeyUse>, id: KeyId, used: KeyUse) {
    match map.get_mut(&id) {
        Some(known) if known.timestamp > used.timestamp => {}
        Some(known) => *known = used,
        None => {
            map.insert(id, used);
        }
    }
}

impl UsageTracker {
    pub(crate) fn new(started: SystemTime) -> Self {
        Self {
            notes: Mutex::new(Notes::default()),
            started,
        }
    }

    fn notes(&self) -> std::sync::MutexGuard<'_, Notes> {
        self.notes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes `cell` the cell of `key`; a cell it replaces (a record read
    /// again from the storage has a fresh one) hands over its use.
    fn register(&self, key: &KeyId, cell: &UseCell) {
        let mut notes = self.notes();
        if let Some(old) = notes.cells.insert(key.clone(), cell.clone()) {
            cell.raise(old.value());
        }
    }

    /// Forgets the uses of a purged key, here and, at the next hand-over,
    /// in the storage.
    pub(crate) fn forget(&self, key: &KeyId) {
        let mut notes = self.notes();
        notes.cells.remove(key);
        notes.handed.remove(key);
        notes.forgotten.insert(key.clone());
    }

    /// The last use of `key` noted here.
    fn last_use(&self, key: &KeyId) -> Option<KeyUse> {
        self.notes().cells.get(key).and_then(UseCell::last)
    }

    /// The uses noted here since the last hand-over, if any; the tracker
    /// counts them as handed over. On failure, give them back with
    /// [`UsageTracker::restore`].
    pub(crate) fn take_changes(&self) -> Option<UsageChanges> {
        let mut notes = self.notes();
        let Notes {
            cells,
            handed,
            forgotten,
        } = &mut *notes;
        let mut last = HashMap::new();
        for (id, cell) in cells.iter() {
            let value = cell.value();
            if value != 0 && handed.get(id) != Some(&value) {
                handed.insert(id.clone(), value);
                last.extend(unpack(value).map(|used| (id.clone(), used)));
            }
        }
        if last.is_empty() && forgotten.is_empty() {
            return None;
        }
        Some(UsageChanges {
            started: self.started,
            last,
            forgotten: std::mem::take(forgotten),
        })
    }

    /// Marks changes that could not be persisted as pending again.
    pub(crate) fn restore(&self, changes: UsageChanges) {
        let mut notes = self.notes();
        for id in changes.last.keys() {
            notes.handed.remove(id);
        }
        notes.forgotten.extend(changes.forgotten);
    }
}

impl<S: Persist> Engine<S> {
    /// Notes that `record`'s key was used by `operation` just now.
    pub(super) fn used(&self, record: &KeyRecord, operation: CryptoOperation) {
        let cell = &record.meta.used;
        cell.raise(pack(operation, self.clock.now()));
        if !cell.0.registered.load(Ordering::Relaxed)
            && !cell.0.registered.swap(true, Ordering::AcqRel)
        {
            self.storage.usage().register(&record.meta.key_id, cell);
        }
    }

    pub(crate) fn get_key_last_usage(&self, key_id: &str) -> Result<KeyLastUsage> {
        let (id, created) = self.read(|table, now| {
            let record = self.resolve(table, key_id, now)?;
            Ok((record.meta.key_id.clone(), record.meta.creation_date))
        })?;
        let tracker = self.storage.usage();
        let persisted = self.storage.persisted_usage()?;
        let last_usage = [tracker.last_use(&id), persisted.of(&id)]
            .into_iter()
            .flatten()
            .max_by_key(|u| u.timestamp);
        let since = persisted
            .tracking_since
            .map_or(tracker.started, |s| s.min(tracker.started));
        Ok(KeyLastUsage::new(
            id,
            last_usage,
            since.max(created),
            created,
        ))
    }
}
