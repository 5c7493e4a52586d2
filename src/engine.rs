//! The shared local engine: the key table, the state machine, aliases, tags,
//! policy checks and the cryptographic operations. Providers differ only in
//! their [`Persist`]: how changes are made durable and how changes made by
//! other processes are seen.
//!
//! Writes are computed as a list of [`Change`]s against the current table,
//! handed to the storage (which makes them durable), and only then applied in
//! memory, so a failed write leaves the table as it was. Reads clone an
//! `Arc` of the key's record under a read lock and run the cryptography after
//! releasing it: no lock is held during cryptographic work.

mod agreement;
mod aliases;
mod import;
mod lifecycle;
mod operations;
mod paging;
mod rotation;
pub(crate) mod usage;
pub(crate) mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, SystemTime};

use crate::clock::Clock;
use crate::crypto::Material;
use crate::key::{KeyId, KeyMetadata, KeyRef, ResourceNamespace};
use crate::spec::{
    KeySpec, KeyState, KeyUsage, Origin, RotationType, WrappingAlgorithm, WrappingKeySpec,
};
use crate::{Error, Result};

/// One key: its metadata and its material versions (oldest first).
#[derive(Clone)]
pub(crate) struct KeyRecord {
    pub(crate) meta: KeyMeta,
    /// Version `n` is `versions[n - 1]`; empty while the key awaits import.
    pub(crate) versions: Vec<Arc<Material>>,
    /// The outstanding import parameters, for a key with origin EXTERNAL.
    pub(crate) import: Option<Arc<PendingImport>>,
}

impl fmt::Debug for KeyRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyRecord")
            .field("meta", &self.meta)
            .field("versions", &self.versions.len())
            .field("import", &self.import)
            .finish()
    }
}

/// Import parameters issued by `get_parameters_for_import`: the private
/// half of the wrapping key and the token that names it.
pub(crate) struct PendingImport {
    pub(crate) token_id: [u8; 16],
    pub(crate) algorithm: WrappingAlgorithm,
    pub(crate) wrapping_key_spec: WrappingKeySpec,
    pub(crate) valid_to: SystemTime,
    pub(crate) wrapping_key: Arc<Material>,
}

impl fmt::Debug for PendingImport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingImport")
            .field("algorithm", &self.algorithm)
            .field("wrapping_key_spec", &self.wrapping_key_spec)
            .field("valid_to", &self.valid_to)
            .finish_non_exhaustive()
    }
}

/// Automatic rotation, when enabled.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct RotationSchedule {
    pub(crate) period_days: u32,
    pub(crate) next_rotation: SystemTime,
}

/// How and when one version after the first came about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct RotationRecord {
    pub(crate) date: SystemTime,
    pub(crate) kind: RotationType,
}

/// A key's metadata as the engine keeps it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct KeyMeta {
    pub(crate) key_id: KeyId,
    pub(crate) creation_date: SystemTime,
    pub(crate) state: KeyState,
    pub(crate) spec: KeySpec,
    pub(crate) usage: KeyUsage,
    pub(crate) origin: Origin,
    pub(crate) description: String,
    pub(crate) tags: BTreeMap<String, String>,
    pub(crate) deletion_date: Option<SystemTime>,
    pub(crate) pending_window_days: Option<u32>,
    /// Automatic rotation, when enabled.
    pub(crate) rotation: Option<RotationSchedule>,
    /// Version `n` (n ≥ 2) came about by `rotations[n - 2]`.
    pub(crate) rotations: Vec<RotationRecord>,
    /// Ciphertexts (and MACs) of versions below this are refused; 1 accepts all.
    pub(crate) min_decryption_version: u32,
    /// When imported material expires (the key then awaits import again).
    pub(crate) valid_to: Option<SystemTime>,
    /// Identifies the first material imported: only the same may follow.
    pub(crate) material_fingerprint: Option<[u8; 32]>,
    /// The key holds an imported public key alone.
    pub(crate) public_key_only: bool,
    /// The key's last use in this process, shared by every version of the
    /// record (a clone of the metadata shares it); not persisted with the
    /// metadata (see [`usage`]).
    #[serde(skip)]
    pub(crate) used: usage::UseCell,
}

impl KeyMeta {
    /// Metadata of a new key.
    pub(crate) fn new(
        key_id: KeyId,
        now: SystemTime,
        spec: KeySpec,
        usage: KeyUsage,
        origin: Origin,
    ) -> Self {
        Self {
            key_id,
            creation_date: now,
            state: match origin {
                Origin::Kms => KeyState::Enabled,
                Origin::External => KeyState::PendingImport,
            },
            spec,
            usage,
            origin,
            description: String::new(),
            tags: BTreeMap::new(),
            deletion_date: None,
            pending_window_days: None,
            rotation: None,
            rotations: Vec::new(),
            min_decryption_version: 1,
            valid_to: None,
            material_fingerprint: None,
            public_key_only: false,
            used: usage::UseCell::default(),
        }
    }

    /// The earliest time at which the key changes by itself: its deletion,
    /// the expiry of imported material, or (while enabled) its next
    /// automatic rotation.
    pub(crate) fn next_event(&self) -> Option<SystemTime> {
        let rotation = self
            .rotation
            .as_ref()
            .filter(|_| self.state == KeyState::Enabled)
            .map(|r| r.next_rotation);
        [self.deletion_date, self.valid_to, rotation]
            .into_iter()
            .flatten()
            .min()
    }

    /// The 16 bytes of the key's UUID, as a local ciphertext blob or import
    /// token names the key. Every key a local provider mints has a UUID id,
    /// so this refuses nothing in practice; it keeps `what` from being made
    /// for a key that could not be named in it.
    pub(crate) fn uuid_bytes(&self, what: &str) -> Result<[u8; 16]> {
        self.key_id
            .uuid_bytes()
            .ok_or_else(|| Error::UnsupportedOperation {
                key_id: self.key_id.clone(),
                spec: self.spec,
                operation: format!("{what} (its key id is not a UUID)"),
            })
    }

    /// Whether the key's deletion window has passed: it no longer exists.
    /// The clock is read only for a key that has a deletion date.
    pub(crate) fn is_deleted(&self, now: impl FnOnce() -> SystemTime) -> bool {
        self.deletion_date.is_some_and(|date| date <= now())
    }
}

impl KeyRecord {
    /// The current material version number; `None` without material.
    pub(crate) fn current_version(&self) -> Option<u32> {
        u32::try_from(self.versions.len()).ok().filter(|v| *v > 0)
    }

    /// The current material version number and material.
    pub(crate) fn current(&self) -> Result<(u32, &Arc<Material>)> {
        let material = self.versions.last().ok_or_else(|| Error::InvalidState {
            key_id: self.meta.key_id.clone(),
            state: KeyState::PendingImport,
            operation: "use without key material".into(),
        })?;
        Ok((self.versions.len() as u32, material))
    }

    /// A material version by number.
    pub(crate) fn version(&self, version: u32) -> Option<&Arc<Material>> {
        self.versions.get((version as usize).checked_sub(1)?)
    }
}

/// An alias as the engine keeps it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct AliasRecord {
    pub(crate) name: String,
    pub(crate) target: KeyId,
    pub(crate) creation_date: SystemTime,
    pub(crate) last_updated_date: SystemTime,
}

/// The whole state of a store.
#[derive(Debug, Default, Clone)]
pub(crate) struct Table {
    pub(crate) keys: BTreeMap<KeyId, Arc<KeyRecord>>,
    pub(crate) aliases: BTreeMap<String, AliasRecord>,
    /// Every key's next event ([`KeyMeta::next_event`]), ordered by time,
    /// so that due events are found without a scan.
    timeline: BTreeSet<(SystemTime, KeyId)>,
}

/// One change to the table.
#[derive(Debug, Clone)]
pub(crate) enum Change {
    PutKey(Arc<KeyRecord>),
    RemoveKey(KeyId),
    PutAlias(AliasRecord),
    RemoveAlias(String),
}

impl Table {
    pub(crate) fn apply(&mut self, changes: Vec<Change>) {
        for change in changes {
            match change {
                Change::PutKey(record) => {
                    let id = record.meta.key_id.clone();
                    if let Some(at) = record.meta.next_event() {
                        self.timeline.insert((at, id.clone()));
                    }
                    if let Some(old) = self.keys.insert(id, record) {
                        self.forget_event(&old);
                    }
                }
                Change::RemoveKey(id) => {
                    if let Some(old) = self.keys.remove(&id) {
                        self.forget_event(&old);
                    }
                }
                Change::PutAlias(alias) => {
                    self.aliases.insert(alias.name.clone(), alias);
                }
                Change::RemoveAlias(name) => {
                    self.aliases.remove(&name);
                }
            }
        }
    }

    /// Removes a replaced record's event from the timeline (unless the new
    /// record has the same one, just inserted).
    fn forget_event(&mut self, old: &KeyRecord) {
        let id = old.meta.key_id.clone();
        let Some(at) = old.meta.next_event() else {
            return;
        };
        let kept = self.keys.get(&id).and_then(|r| r.meta.next_event()) == Some(at);
        if !kept {
            self.timeline.remove(&(at, id));
        }
    }

    /// The earliest event of any key.
    pub(crate) fn earliest_event(&self) -> Option<SystemTime> {
        self.timeline.first().map(|(at, _)| *at)
    }

    /// The changes of every event due at `now`: keys past their deletion
    /// date are removed with their aliases, expired imported material is
    /// removed, and due automatic rotations add a version.
    fn due_changes(&self, now: SystemTime) -> Result<Vec<Change>> {
        let mut deleted = Vec::new();
        let mut changes = Vec::new();
        for (_, id) in self.timeline.iter().take_while(|(at, _)| *at <= now) {
            let record = &self.keys[id];
            if record.meta.is_deleted(|| now) {
                deleted.push(id.clone());
            } else if record.meta.valid_to.is_some_and(|t| t <= now) {
                changes.push(Change::PutKey(Arc::new(record.without_material())));
            } else {
                changes.push(Change::PutKey(Arc::new(
                    record.rotated(now, RotationType::Automatic)?,
                )));
            }
        }
        changes.extend(
            self.aliases
                .values()
                .filter(|a| deleted.contains(&a.target))
                .map(|a| Change::RemoveAlias(a.name.clone())),
        );
        changes.extend(deleted.into_iter().map(Change::RemoveKey));
        Ok(changes)
    }
}

impl KeyRecord {
    /// The key after its imported material was deleted or expired: no
    /// material, awaiting import. The fingerprint stays, so that only the
    /// same material can be imported again.
    pub(crate) fn without_material(&self) -> Self {
        let mut meta = self.meta.clone();
        if meta.state != KeyState::PendingDeletion {
            meta.state = KeyState::PendingImport;
        }
        meta.valid_to = None;
        Self {
            meta,
            versions: Vec::new(),
            import: self.import.clone(),
        }
    }

    /// The key with a new material version.
    pub(crate) fn rotated(&self, now: SystemTime, kind: RotationType) -> Result<Self> {
        let mut meta = self.meta.clone();
        meta.rotations.push(RotationRecord { date: now, kind });
        if let Some(schedule) = &mut meta.rotation {
            schedule.next_rotation = now + days(schedule.period_days);
        }
        let mut versions = self.versions.clone();
        versions.push(Arc::new(Material::generate(meta.spec)?));
        Ok(Self {
            meta,
            versions,
            import: self.import.clone(),
        })
    }
}

/// How a provider keeps its table (the engine's side of [`Storage`](crate::Storage)).
pub(crate) trait Persist: Send + Sync + fmt::Debug + 'static {
    /// Whether a write may block for long (an fsync, a lock shared with
    /// other processes): the async interface then runs writes off the
    /// executor.
    const SLOW_WRITES: bool;

    /// Held while a write is computed, persisted and applied (e.g. a lock
    /// file shared with other processes).
    type Guard<'a>
    where
        Self: 'a;

    /// Brings `table` up to date with changes other processes committed, if
    /// any. Called before every read.
    fn refresh(&self, table: &RwLock<Table>) -> Result<()>;

    /// Takes exclusive write access and brings `table` fully up to date.
    fn begin_write(&self, table: &mut Table) -> Result<Self::Guard<'_>>;

    /// Makes `changes` (to be applied to `table`) durable; returns only once they are.
    fn persist(&self, guard: &mut Self::Guard<'_>, table: &Table, changes: &[Change])
    -> Result<()>;

    /// The uses of keys noted in this process.
    fn usage(&self) -> &usage::UsageTracker;

    /// The uses of keys persisted so far, by this process and others.
    fn persisted_usage(&self) -> Result<usage::PersistedUsage> {
        Ok(usage::PersistedUsage::default())
    }
}

/// The engine every local provider runs.
pub(crate) struct Engine<S: Persist> {
    table: RwLock<Table>,
    clock: Arc<dyn Clock>,
    namespace: ResourceNamespace,
    storage: S,
}

impl<S: Persist> fmt::Debug for Engine<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = self.read_table().keys.len();
        f.debug_struct("Engine")
            .field("keys", &keys)
            .field("namespace", &self.namespace)
            .field("storage", &self.storage)
            .finish()
    }
}

/// What an operation needs from a key, for the state and usage checks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Operation {
    pub(crate) name: &'static str,
    pub(crate) usage: Option<KeyUsage>,
}

impl<S: Persist> Engine<S> {
    pub(crate) fn new(
        storage: S,
        table: Table,
        clock: Arc<dyn Clock>,
        namespace: ResourceNamespace,
    ) -> Self {
        Self {
            table: RwLock::new(table),
            clock,
            namespace,
            storage,
        }
    }

    pub(crate) fn storage(&self) -> &S {
        &self.storage
    }

    /// The table as it is, without catching up or applying due events.
    #[cfg(test)]
    pub(crate) fn raw_table(&self) -> RwLockReadGuard<'_, Table> {
        self.read_table()
    }

    fn read_table(&self) -> RwLockReadGuard<'_, Table> {
        self.table.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write_table(&self) -> RwLockWriteGuard<'_, Table> {
        self.table.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` against an up-to-date table.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Table, SystemTime) -> Result<T>) -> Result<T> {
        let table = self.current_table()?;
        f(&table, self.clock.now())
    }

    /// The table, brought up to date with other processes' writes and with
    /// every event that is due (applied and persisted by a write with no
    /// changes of its own). The clock is read only when some key has an
    /// event at all.
    fn current_table(&self) -> Result<RwLockReadGuard<'_, Table>> {
        self.storage.refresh(&self.table)?;
        let table = self.read_table();
        if table
            .earliest_event()
            .is_some_and(|at| at <= self.clock.now())
        {
            drop(table);
            self.write(|_, _| Ok(((), Vec::new())))?;
            return Ok(self.read_table());
        }
        Ok(table)
    }

    /// Computes changes with `f`, makes them durable, then applies them.
    /// Keys whose deletion window has passed are purged in the same write.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&Table, SystemTime) -> Result<(T, Vec<Change>)>,
    ) -> Result<T> {
        let mut table = self.write_table();
        let mut guard = self.storage.begin_write(&mut table)?;
        let now = self.clock.now();
        let mut changes = table.due_changes(now)?;
        let (out, more) = f(&table, now)?;
        changes.extend(more);
        if !changes.is_empty() {
            self.storage.persist(&mut guard, &table, &changes)?;
            for change in &changes {
                if let Change::RemoveKey(id) = change {
                    self.storage.usage().forget(id);
                }
            }
            table.apply(changes);
        }
        Ok(out)
    }

    /// Finds a key by any reference; deleted keys are not found.
    pub(crate) fn resolve<'t>(
        &self,
        table: &'t Table,
        reference: &str,
        now: SystemTime,
    ) -> Result<&'t Arc<KeyRecord>> {
        self.resolve_lazily(table, reference, || now)
    }

    /// Like [`resolve`](Self::resolve), reading the clock only for a key with
    /// a deletion date, and looking a canonical key id up without parsing it.
    fn resolve_lazily<'t>(
        &self,
        table: &'t Table,
        reference: &str,
        now: impl FnOnce() -> SystemTime,
    ) -> Result<&'t Arc<KeyRecord>> {
        let not_found = || Error::key_not_found(reference);
        let live = |record: &&Arc<KeyRecord>| !record.meta.is_deleted(now);
        if let Some(found) = KeyId::probe(reference).and_then(|probe| table.keys.get(&probe)) {
            return Some(found).filter(live).ok_or_else(not_found);
        }
        match self.namespace.parse_reference(reference)? {
            KeyRef::Id(id) => table.keys.get(&id).filter(live).ok_or_else(not_found),
            KeyRef::Alias(name) => {
                let alias = table.aliases.get(&name).ok_or_else(|| Error::NotFound {
                    resource: format!("alias {name}"),
                })?;
                table
                    .keys
                    .get(&alias.target)
                    .filter(live)
                    .ok_or_else(not_found)
            }
        }
    }

    /// Finds a key that `op` may use now: enabled, and of the right usage.
    /// No lock is held once the key's record is in hand.
    pub(crate) fn usable_key(&self, reference: &str, op: Operation) -> Result<Arc<KeyRecord>> {
        self.usable(op, |table| {
            self.resolve_lazily(table, reference, || self.clock.now())
        })
    }

    /// [`usable_key`](Self::usable_key) for a key id already in hand (the
    /// one a ciphertext blob names).
    pub(crate) fn usable_key_by_id(&self, id: &KeyId, op: Operation) -> Result<Arc<KeyRecord>> {
        self.usable(op, |table| {
            table
                .keys
                .get(id)
                .filter(|r| !r.meta.is_deleted(|| self.clock.now()))
                .ok_or_else(|| Error::key_not_found(id))
        })
    }

    /// Finds a record with `find` in an up-to-date table and checks it for `op`.
    fn usable<'s>(
        &'s self,
        op: Operation,
        find: impl for<'t> FnOnce(&'t Table) -> Result<&'t Arc<KeyRecord>>,
    ) -> Result<Arc<KeyRecord>> {
        let table = self.current_table()?;
        let record = find(&table)?;
        check_usable(record, op)?;
        Ok(Arc::clone(record))
    }

    /// The public metadata of a key's record.
    pub(crate) fn metadata(&self, record: &KeyRecord) -> KeyMetadata {
        let meta = &record.meta;
        KeyMetadata {
            current_key_version: record.current_version(),
            minimum_decryption_version: meta.min_decryption_version,
            valid_to: meta.valid_to,
            public_key_only: meta.public_key_only,
            key_state: meta.state,
            origin: meta.origin,
            description: meta.description.clone(),
            deletion_date: meta.deletion_date,
            pending_deletion_window_in_days: meta.pending_window_days,
            ..KeyMetadata::new(
                meta.key_id.clone(),
                self.namespace.key_arn(&meta.key_id),
                meta.creation_date,
                meta.spec,
                meta.usage,
            )
        }
    }

    pub(crate) fn namespace(&self) -> &ResourceNamespace {
        &self.namespace
    }
}

/// The state and usage checks every operation runs first.
pub(crate) fn check_usable(record: &KeyRecord, op: Operation) -> Result<()> {
    let meta = &record.meta;
    match meta.state {
        KeyState::Enabled => {}
        KeyState::Disabled => {
            return Err(Error::Disabled {
                key_id: meta.key_id.clone(),
            });
        }
        state => {
            return Err(Error::InvalidState {
                key_id: meta.key_id.clone(),
                state,
                operation: op.name.into(),
            });
        }
    }
    match op.usage {
        Some(usage) if usage != meta.usage => Err(Error::InvalidKeyUsage {
            key_id: meta.key_id.clone(),
            usage: meta.usage,
            operation: op.name.into(),
        }),
        _ => Ok(()),
    }
}

/// Days as a duration.
pub(crate) fn days(n: u32) -> Duration {
    Duration::from_secs(u64::from(n) * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Vocabulary;

    /// `Debug` of records, tables and materials names keys but never shows
    /// their material, for every spec.
    #[test]
    fn debug_output_never_contains_key_material() {
        for spec in KeySpec::all() {
            if matches!(spec, KeySpec::Rsa3072 | KeySpec::Rsa4096) {
                continue; // same code path as RSA 2048
            }
            let material = Arc::new(Material::generate(spec).unwrap());
            let secret = material.encoded().expose_secret().to_vec();
            let record = KeyRecord {
                meta: KeyMeta::new(
                    KeyId::random(),
                    SystemTime::now(),
                    spec,
                    spec.default_usage(),
                    Origin::Kms,
                ),
                versions: vec![material.clone()],
                import: Some(Arc::new(PendingImport {
                    token_id: [7; 16],
                    algorithm: WrappingAlgorithm::RsaAesKeyWrapSha256,
                    wrapping_key_spec: WrappingKeySpec::Rsa2048,
                    valid_to: SystemTime::now(),
                    wrapping_key: material.clone(),
                })),
            };
            let mut table = Table::default();
            table
                .keys
                .insert(record.meta.key_id.clone(), Arc::new(record.clone()));
            let text = format!(
                "{record:?} {record:#?} {table:?} {material:?} {:?}",
                material.encoded()
            );
            // Any 8 consecutive bytes of the material, in decimal or hex.
            for window in secret.windows(8) {
                let decimal = window
                    .iter()
                    .map(u8::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                let hex: String = window.iter().map(|b| format!("{b:02x}")).collect();
                assert!(
                    !text.contains(&decimal) && !text.contains(&hex),
                    "{spec}: {text}"
                );
            }
        }
    }
}
