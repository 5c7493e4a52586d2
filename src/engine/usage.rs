//! Key last usage (`GetKeyLastUsage`): every successful cryptographic
//! operation notes its key, operation and time in memory, in a
//! [`UsageTracker`] its storage owns; a durable storage writes the notes out
//! in the background and reads back what other processes wrote, so that the
//! operation itself never waits for a disk.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::SystemTime;

use super::{Engine, Persist};
use crate::Result;
use crate::key::KeyId;
use crate::response::{CryptoOperation, KeyLastUsage, KeyUse};

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
    /// The last use of each key noted here.
    last: HashMap<KeyId, KeyUse>,
    /// Whether `last` holds uses not yet handed to the storage.
    dirty: bool,
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

    /// Notes a use.
    pub(crate) fn note(&self, key: &KeyId, operation: CryptoOperation, at: SystemTime) {
        let mut notes = self.notes();
        match notes.last.get_mut(key) {
            Some(known) => *known = KeyUse::new(operation, at.max(known.timestamp)),
            None => {
                notes.last.insert(key.clone(), KeyUse::new(operation, at));
            }
        }
        notes.dirty = true;
    }

    /// Forgets the uses of a purged key, here and, at the next hand-over,
    /// in the storage.
    pub(crate) fn forget(&self, key: &KeyId) {
        let mut notes = self.notes();
        notes.last.remove(key);
        notes.forgotten.insert(key.clone());
        notes.dirty = true;
    }

    /// The last use of `key` noted here.
    fn last_use(&self, key: &KeyId) -> Option<KeyUse> {
        self.notes().last.get(key).copied()
    }

    /// The uses noted here, if any is new since the last hand-over; the
    /// tracker counts them as handed over. On failure, give them back with
    /// [`UsageTracker::restore`].
    pub(crate) fn take_changes(&self) -> Option<UsageChanges> {
        let mut notes = self.notes();
        if !notes.dirty {
            return None;
        }
        notes.dirty = false;
        Some(UsageChanges {
            started: self.started,
            last: notes.last.clone(),
            forgotten: std::mem::take(&mut notes.forgotten),
        })
    }

    /// Marks changes that could not be persisted as pending again.
    pub(crate) fn restore(&self, changes: UsageChanges) {
        let mut notes = self.notes();
        notes.dirty = true;
        notes.forgotten.extend(changes.forgotten);
    }
}

impl<S: Persist> Engine<S> {
    /// Notes that `key` was used by `operation` just now.
    pub(super) fn used(&self, key: &KeyId, operation: CryptoOperation) {
        self.storage.usage().note(key, operation, self.clock.now());
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
