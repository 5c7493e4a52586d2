//! The file-backed [`Persist`]: an authenticated, hash-chained append-only
//! log, a two-slot HEAD file, OS file locks, and compaction.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::disk::{Access, Disk, DiskFile, io};
use super::format::{
    self, HEAD_SLOT_LEN, LOG_HEADER_LEN, MAX_RECORD_LEN, StoreKeys, StoredChange, StoredImport,
    StoredKey,
};
use super::usage::{Flusher, Usage};
use crate::crypto::Material;
use crate::engine::usage::{PersistedUsage, UsageTracker};
use crate::engine::{AliasRecord, Change, KeyRecord, PendingImport, Persist, Table};
use crate::key::KeyId;
use crate::secret::SecretBytes;
use crate::{Error, Result};

/// Changes per record when a snapshot is written.
const SNAPSHOT_BATCH: usize = 256;

/// What this process has read of the log.
#[derive(Debug, Default)]
pub(crate) struct LogState {
    /// (device, inode) of the log file read; a compaction replaces the file.
    identity: Option<(u64, u64)>,
    /// The log's length when last looked at: more than `consumed` while
    /// bytes that HEAD does not commit follow the records.
    seen_len: u64,
    /// Bytes of header and committed records read.
    consumed: u64,
    /// The sequence number of the log's first record, and the MAC of its
    /// header, which starts the chain.
    first_seq: u64,
    start_tag: [u8; 16],
    /// The sequence number of the next record.
    next_seq: u64,
    /// The tag of the last record (the header MAC before any record).
    tag: [u8; 16],
    /// Records in the current log file.
    records: u64,
    /// The record HEAD commits, as last read or written. Behind
    /// `next_seq - 1` only while HEAD predates a compacted log.
    committed: u64,
    /// Why writes are refused: a write failed in a way that leaves the
    /// files' durable contents unknown.
    poisoned: Option<(PathBuf, String)>,
}

impl LogState {
    /// Refuses writes from now on, after an fsync (or a later step of a
    /// write) failed; returns that failure.
    fn poison(&mut self, error: Error) -> Error {
        if let Error::Store(crate::StoreError::Io { path, source }) = &error {
            self.poisoned = Some((path.clone(), source.to_string()));
        }
        error
    }

    fn check_poisoned(&self) -> Result<()> {
        match &self.poisoned {
            None => Ok(()),
            Some((path, detail)) => Err(Error::storage(
                path,
                io::Error::other(format!(
                    "an earlier write could not be made durable ({detail}); \
                     this handle refuses writes until the store is reopened"
                )),
            )),
        }
    }
}

/// The storage of [`FileKeyManager`](crate::FileKeyManager): the files of
/// a store and the keys that protect them (see the [module documentation](crate::file)).
#[derive(Debug)]
pub struct FileStorage {
    pub(crate) dir: PathBuf,
    pub(super) disk: Disk,
    log_path: PathBuf,
    tmp_path: PathBuf,
    head_path: PathBuf,
    lock_path: PathBuf,
    keys: Arc<StoreKeys>,
    lock_timeout: Duration,
    state: Mutex<LogState>,
    pub(super) usage: Arc<Usage>,
    /// Flushes `usage` in the background, when started.
    pub(super) flusher: Mutex<Option<Flusher>>,
}

/// Holds the store's exclusive lock while a write runs.
pub(crate) struct WriteGuard {
    _lock: DiskFile,
}

/// Changes read from the log, folded to the last word on each key and alias.
#[derive(Default)]
struct Fold {
    keys: BTreeMap<KeyId, Option<Box<StoredKey>>>,
    aliases: BTreeMap<String, Option<AliasRecord>>,
}

impl Fold {
    fn add(&mut self, changes: Vec<StoredChange>) {
        for change in changes {
            match change {
                StoredChange::PutKey(key) => {
                    self.keys.insert(key.meta.key_id.clone(), Some(key));
                }
                StoredChange::RemoveKey(id) => {
                    self.keys.insert(id, None);
                }
                StoredChange::PutAlias(alias) => {
                    self.aliases.insert(alias.name.clone(), Some(alias));
                }
                StoredChange::RemoveAlias(name) => {
                    self.aliases.insert(name, None);
                }
            }
        }
    }

    /// Parses the material of each key once, reusing the parsed material of
    /// `known` where the encoded bytes are unchanged.
    fn into_changes(self, known: &Table, path: &Path) -> Result<Vec<Change>> {
        let mut out = Vec::with_capacity(self.keys.len() + self.aliases.len());
        for (id, key) in self.keys {
            match key {
                Some(stored) => out.push(Change::PutKey(Arc::new(parse_key(
                    *stored,
                    known.keys.get(&id),
                    path,
                )?))),
                None => out.push(Change::RemoveKey(id)),
            }
        }
        for (name, alias) in self.aliases {
            out.push(match alias {
                Some(alias) => Change::PutAlias(alias),
                None => Change::RemoveAlias(name),
            });
        }
        Ok(out)
    }
}

fn parse_key(stored: StoredKey, known: Option<&Arc<KeyRecord>>, path: &Path) -> Result<KeyRecord> {
    let meta = stored.meta;
    let corrupt = || {
        Error::corrupt(
            path,
            format!("the material of key {} does not parse", meta.key_id),
        )
    };
    let mut versions = Vec::with_capacity(stored.versions.len());
    for (i, encoded) in stored.versions.into_iter().enumerate() {
        let reuse = known
            .and_then(|k| k.versions.get(i))
            .filter(|m| bool::from(m.encoded().expose_secret().ct_eq(encoded.as_slice())));
        let material = match reuse {
            Some(material) => Arc::clone(material),
            None if meta.public_key_only => {
                Arc::new(Material::from_public_der(meta.spec, &encoded).map_err(|_| corrupt())?)
            }
            None => Arc::new(
                Material::from_encoded(meta.spec, &SecretBytes::new(encoded.to_vec()))
                    .map_err(|_| corrupt())?,
            ),
        };
        versions.push(material);
    }
    let import = match stored.import {
        None => None,
        Some(stored) => {
            let reuse = known
                .and_then(|k| k.import.as_ref())
                .filter(|p| bool::from(p.token_id.ct_eq(&stored.token_id)));
            Some(match reuse {
                Some(pending) => Arc::clone(pending),
                None => Arc::new(PendingImport {
                    token_id: stored.token_id,
                    algorithm: stored.algorithm,
                    wrapping_key_spec: stored.wrapping_key_spec,
                    valid_to: stored.valid_to,
                    wrapping_key: Arc::new(
                        Material::from_encoded(
                            stored.wrapping_key_spec.key_spec(),
                            &SecretBytes::new(stored.wrapping_key.to_vec()),
                        )
                        .map_err(|_| corrupt())?,
                    ),
                }),
            })
        }
    };
    Ok(KeyRecord {
        meta,
        versions,
        import,
    })
}

pub(super) fn stored(change: &Change) -> StoredChange {
    match change {
        Change::PutKey(record) => StoredChange::PutKey(Box::new(StoredKey {
            meta: record.meta.clone(),
            versions: record
                .versions
                .iter()
                .map(|m| Zeroizing::new(m.encoded().expose_secret().to_vec()))
                .collect(),
            import: record.import.as_ref().map(|p| StoredImport {
                token_id: p.token_id,
                algorithm: p.algorithm,
                wrapping_key_spec: p.wrapping_key_spec,
                valid_to: p.valid_to,
                wrapping_key: Zeroizing::new(p.wrapping_key.encoded().expose_secret().to_vec()),
            }),
        })),
        Change::RemoveKey(id) => StoredChange::RemoveKey(id.clone()),
        Change::PutAlias(alias) => StoredChange::PutAlias(alias.clone()),
        Change::RemoveAlias(name) => StoredChange::RemoveAlias(name.clone()),
    }
}

impl FileStorage {
    pub(crate) fn new(
        disk: Disk,
        dir: &Path,
        keys: StoreKeys,
        lock_timeout: Duration,
        opened: SystemTime,
    ) -> Self {
        let keys = Arc::new(keys);
        let tracker = UsageTracker::new(opened);
        let usage = Usage::new(tracker, disk.clone(), dir, Arc::clone(&keys), lock_timeout);
        Self {
            usage: Arc::new(usage),
            flusher: Mutex::new(None),
            dir: dir.to_owned(),
            disk,
            log_path: dir.join("keys.log"),
            tmp_path: dir.join("keys.log.tmp"),
            head_path: dir.join("HEAD"),
            lock_path: dir.join("LOCK"),
            keys,
            lock_timeout,
            state: Mutex::new(LogState::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, LogState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes an empty log and its HEAD (a new store; the caller holds the lock).
    pub(crate) fn create_empty(&self) -> Result<()> {
        let (header, tag) = self.keys.log_header(1);
        self.disk.write_new_file(&self.log_path, &header)?;
        let mut head = vec![0u8; 2 * HEAD_SLOT_LEN];
        head[..HEAD_SLOT_LEN].copy_from_slice(&self.keys.head_slot(0, &tag));
        self.disk.write_new_file(&self.head_path, &head)?;
        self.disk.sync_dir(&self.dir)
    }

    /// Finishes the creation of a store that a crash interrupted: the header
    /// exists, but the log holds no record and HEAD commits none (either may
    /// be missing, empty or cut short, since a power cut keeps or loses each
    /// new name and each unsynced page independently), so no write can have
    /// been acknowledged (opening had not returned). Anything else, such as a
    /// missing HEAD beside a log that holds records, is left for `catch_up`
    /// to report.
    pub(crate) fn finish_interrupted_creation(&self) -> Result<()> {
        let log_len = match self.disk.stat(&self.log_path) {
            Ok(stat) => Some(stat.len),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::storage(&self.log_path, e)),
        };
        let head = match self.disk.read_from(&self.head_path, 0) {
            Ok(bytes) => self.keys.parse_head(&bytes).map(|(seq, _)| seq),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::storage(&self.head_path, e)),
        };
        let header_len = LOG_HEADER_LEN as u64;
        let finished = match (log_len, head) {
            (Some(len), _) if len > header_len => true,
            (_, Some(seq)) if seq > 0 => true,
            (Some(len), Some(0)) if len == header_len => true,
            _ => false,
        };
        if finished {
            Ok(())
        } else {
            self.create_empty()
        }
    }

    /// Reads what other writers committed (or a whole new log after a
    /// compaction) into `table`. The caller holds the lock, shared or exclusive.
    pub(crate) fn catch_up(&self, table: &mut Table) -> Result<()> {
        let mut state = self.state();
        let stat = self.disk.stat(&self.log_path).map_err(io(&self.log_path))?;
        if state.identity != Some(stat.identity) {
            let previous = std::mem::take(table);
            *state = LogState {
                poisoned: state.poisoned.take(),
                ..LogState::default()
            };
            let result = self.read_log(&mut state, table, Some(&previous), stat.identity);
            if result.is_err() {
                *table = previous;
                state.identity = None;
            }
            return result;
        }
        if stat.len < state.consumed {
            return Err(Error::corrupt(
                &self.log_path,
                "the log is shorter than what was already read",
            ));
        }
        state.seen_len = stat.len;
        if stat.len == state.consumed {
            return Ok(());
        }
        self.read_log(&mut state, table, None, stat.identity)
    }

    /// Reads the records HEAD commits from `state.consumed` on, checking the
    /// chain. `replaced` is the table a whole new log replaces (its keys'
    /// parsed material is reused); `None` when reading on in the same log.
    fn read_log(
        &self,
        state: &mut LogState,
        table: &mut Table,
        replaced: Option<&Table>,
        identity: (u64, u64),
    ) -> Result<()> {
        let path = &self.log_path;
        // Only the part not read yet (all of it for a new log file).
        let base = if state.identity.is_none() {
            0
        } else {
            state.consumed
        };
        let bytes = self.disk.read_from(path, base).map_err(io(path))?;
        let (head_seq, head_tag) = self.read_head()?;
        if state.identity.is_none() {
            let (first_seq, tag) = self.keys.parse_log_header(path, &bytes)?;
            state.consumed = LOG_HEADER_LEN as u64;
            state.first_seq = first_seq;
            state.start_tag = tag;
            state.next_seq = first_seq;
            state.tag = tag;
            state.records = 0;
            if head_seq + 1 < first_seq {
                return Err(Error::corrupt(
                    &self.head_path,
                    "HEAD is older than the log",
                ));
            }
        }
        let start = (state.consumed - base) as usize;
        let (fold, pos) = self.read_records(state, &bytes, start, (head_seq, head_tag))?;
        if state.next_seq <= head_seq {
            return Err(Error::corrupt(
                path,
                format!("truncated: HEAD committed record {head_seq}, the log ends before it"),
            ));
        }
        let changes = fold.into_changes(replaced.unwrap_or(table), path)?;
        table.apply(changes);
        state.consumed = base + pos as u64;
        state.seen_len = base + bytes.len() as u64;
        state.committed = head_seq;
        state.identity = Some(identity);
        Ok(())
    }

    /// Opens the records of `bytes` from `pos` on, following the chain in
    /// `state`; returns what they change and where the last one read ends.
    ///
    /// Records after HEAD's are never read: they were not acknowledged, and
    /// may not be durable (a writer crashed, or its fsync failed and the
    /// page cache shows bytes the disk does not hold); the next writer
    /// drops them. The exception is a compacted log installed since HEAD was
    /// last written (HEAD names a record older than its first one, rather
    /// than its header as a new store's HEAD does): such a log was fsynced
    /// whole before it was renamed into place, and every record of it
    /// counts. Any damage among the records read is corruption.
    fn read_records(
        &self,
        state: &mut LogState,
        bytes: &[u8],
        mut pos: usize,
        (head_seq, head_tag): (u64, [u8; 16]),
    ) -> Result<(Fold, usize)> {
        let path = &self.log_path;
        let snapshot = head_seq < state.first_seq && head_tag != state.start_tag;
        let mut fold = Fold::default();
        while pos < bytes.len() && (snapshot || state.next_seq <= head_seq) {
            let seq = state.next_seq;
            let Some((body, end)) = next_record(bytes, pos) else {
                break;
            };
            let (changes, tag) = self
                .keys
                .open_record(seq, &state.tag, body)
                .and_then(|(plain, tag)| {
                    format::decode_changes(&plain).map(|changes| (changes, tag))
                })
                .map_err(|detail| Error::corrupt(path, detail))?;
            if seq == head_seq && tag != head_tag {
                return Err(Error::corrupt(
                    path,
                    format!("record {seq} is not the one HEAD committed"),
                ));
            }
            fold.add(changes);
            state.next_seq += 1;
            state.tag = tag;
            state.records += 1;
            pos = end;
        }
        if snapshot && pos < bytes.len() {
            return Err(Error::corrupt(
                path,
                "a compacted log ends in a partial record",
            ));
        }
        Ok((fold, pos))
    }

    fn read_head(&self) -> Result<(u64, [u8; 16])> {
        let bytes = match self.disk.read_from(&self.head_path, 0) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(Error::corrupt(
                    &self.head_path,
                    "HEAD is missing beside a log with records",
                ));
            }
            Err(e) => return Err(Error::storage(&self.head_path, e)),
        };
        self.keys
            .parse_head(&bytes)
            .ok_or_else(|| Error::corrupt(&self.head_path, "no valid HEAD slot"))
    }

    /// Commits record `seq` in HEAD. Its failure poisons the handle: HEAD
    /// may or may not have reached the disk.
    fn write_head(&self, state: &mut LogState, seq: u64, tag: &[u8; 16]) -> Result<()> {
        let path = &self.head_path;
        let slot = self.keys.head_slot(seq, tag);
        let offset = (seq % 2) * HEAD_SLOT_LEN as u64;
        self.disk
            .open(path, Access::Write)
            .and_then(|file| {
                file.write_all_at(&slot, offset)?;
                file.sync_data()
            })
            .map_err(io(path))
            .map_err(|e| state.poison(e))?;
        state.committed = seq;
        Ok(())
    }

    /// Commits the records of a compacted log that HEAD predates, before
    /// anything is written after them. The directory is fsynced first: the
    /// rename that installed the log may be the last step that failed.
    fn commit_snapshot(&self, state: &mut LogState) -> Result<()> {
        if state.committed + 1 >= state.next_seq {
            return Ok(());
        }
        self.disk.sync_dir(&self.dir).map_err(|e| state.poison(e))?;
        let tag = state.tag;
        self.write_head(state, state.next_seq - 1, &tag)
    }

    /// Appends one record holding `changes`, then commits it in HEAD.
    fn append(&self, state: &mut LogState, changes: &[Change]) -> Result<()> {
        let stored: Vec<StoredChange> = changes.iter().map(stored).collect();
        let plain = format::encode_changes(&stored)?;
        let (record, tag) = self.keys.seal_record(state.next_seq, &state.tag, &plain)?;
        let path = &self.log_path;
        let file = self.disk.open(path, Access::Write).map_err(io(path))?;
        if state.seen_len > state.consumed {
            // Drop what HEAD does not commit (a crashed or failed write's
            // bytes) before appending. A failure up to the fsync leaves
            // only such bytes behind, for the next write to drop.
            file.set_len(state.consumed).map_err(io(path))?;
        }
        file.write_all_at(&record, state.consumed)
            .map_err(io(path))?;
        state.seen_len = state.seen_len.max(state.consumed + record.len() as u64);
        file.sync_data()
            .map_err(io(path))
            .map_err(|e| state.poison(e))?;
        self.write_head(state, state.next_seq, &tag)?;
        state.consumed += record.len() as u64;
        state.seen_len = state.consumed;
        state.next_seq += 1;
        state.tag = tag;
        state.records += 1;
        Ok(())
    }

    /// Writes the whole of `table` as a new log and replaces the old one, so
    /// that removed keys leave no material behind in the log.
    fn compact(&self, state: &mut LogState, table: &Table) -> Result<()> {
        let first_seq = state.next_seq;
        let (header, start_tag) = self.keys.log_header(first_seq);
        let mut tag = start_tag;
        let mut bytes = header.to_vec();
        let everything: Vec<Change> = table
            .keys
            .values()
            .map(|k| Change::PutKey(Arc::clone(k)))
            .chain(table.aliases.values().map(|a| Change::PutAlias(a.clone())))
            .collect();
        let mut seq = first_seq;
        for batch in everything.chunks(SNAPSHOT_BATCH) {
            let stored: Vec<StoredChange> = batch.iter().map(stored).collect();
            let (record, next) =
                self.keys
                    .seal_record(seq, &tag, &format::encode_changes(&stored)?)?;
            bytes.extend_from_slice(&record);
            tag = next;
            seq += 1;
        }
        let (tmp, log) = (&self.tmp_path, &self.log_path);
        if let Err(e) = self.disk.write_new_file(tmp, &bytes) {
            // Nothing reads the temporary file: drop it (and the space it holds).
            let _ = self.disk.remove_file(tmp);
            return Err(e);
        }
        self.disk
            .rename(tmp, log)
            .map_err(io(log))
            .map_err(|e| state.poison(e))?;
        // From here on the new log may be what readers see.
        state.identity = None;
        self.disk.sync_dir(&self.dir).map_err(|e| state.poison(e))?;
        self.write_head(state, seq - 1, &tag)?;
        let stat = self.disk.stat(log).map_err(io(log))?;
        *state = LogState {
            identity: Some(stat.identity),
            seen_len: bytes.len() as u64,
            consumed: bytes.len() as u64,
            first_seq,
            start_tag,
            next_seq: seq,
            tag,
            records: seq - first_seq,
            committed: seq - 1,
            poisoned: None,
        };
        Ok(())
    }
}

/// The next complete record at `pos`: its body and where it ends.
fn next_record(bytes: &[u8], pos: usize) -> Option<(&[u8], usize)> {
    let len_bytes = bytes.get(pos..pos + 4)?;
    let len = u32::from_be_bytes(len_bytes.try_into().expect("4 bytes")) as usize;
    if len > MAX_RECORD_LEN {
        // A length no writer produces: treat like a record that fails to open.
        return Some((&bytes[pos + 4..], bytes.len()));
    }
    let body = bytes.get(pos + 4..pos + 4 + len)?;
    Some((body, pos + 4 + len))
}

impl crate::local::sealed::Sealed for FileStorage {}

impl Persist for FileStorage {
    /// A write fsyncs (milliseconds on most disks) and may wait for another
    /// process's lock.
    const SLOW_WRITES: bool = true;

    type Guard<'a> = WriteGuard;

    /// A handle whose writes are refused (see `LogState::poisoned`) serves
    /// what it holds: everything acknowledged before the failure.
    fn refresh(&self, table: &RwLock<Table>) -> Result<()> {
        let stat = self.disk.stat(&self.log_path).map_err(io(&self.log_path))?;
        {
            let state = self.state();
            let read = state.identity == Some(stat.identity) && state.consumed == stat.len;
            if read || state.poisoned.is_some() {
                return Ok(());
            }
        }
        let mut table = table.write().unwrap_or_else(|e| e.into_inner());
        let _lock = self.disk.lock(&self.lock_path, false, self.lock_timeout)?;
        self.catch_up(&mut table)
    }

    fn begin_write(&self, table: &mut Table) -> Result<WriteGuard> {
        self.state().check_poisoned()?;
        let lock = self.disk.lock(&self.lock_path, true, self.lock_timeout)?;
        self.catch_up(table)?;
        Ok(WriteGuard { _lock: lock })
    }

    fn persist(&self, _guard: &mut WriteGuard, table: &Table, changes: &[Change]) -> Result<()> {
        let mut state = self.state();
        state.check_poisoned()?;
        self.commit_snapshot(&mut state)?;
        let removes_a_key = changes.iter().any(|c| matches!(c, Change::RemoveKey(_)));
        let live = (table.keys.len() + table.aliases.len()) as u64;
        if removes_a_key || state.records > 2 * live + 1024 {
            let mut next = table.clone();
            next.apply(changes.to_vec());
            self.compact(&mut state, &next)
        } else {
            self.append(&mut state, changes)
        }
    }

    fn usage(&self) -> &UsageTracker {
        &self.usage.tracker
    }

    fn persisted_usage(&self) -> Result<PersistedUsage> {
        self.usage.load()
    }
}

/// Closing a store stops its usage flusher and flushes what it holds (a
/// failure there is not reported: uses are advisory).
impl Drop for FileStorage {
    fn drop(&mut self) {
        drop(
            self.flusher
                .get_mut()
                .unwrap_or_else(|e| e.into_inner())
                .take(),
        );
        let _ = self.usage.flush();
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use proptest::prelude::*;

    use super::*;
    use crate::engine::KeyMeta;
    use crate::spec::{KeySpec, Origin, WrappingAlgorithm, WrappingKeySpec};

    /// The encoded body of one record: an SM4 key with an SM2 wrapping key
    /// pending, a P-256 key, an alias and a removal.
    fn valid_body() -> Vec<u8> {
        let record = |spec: KeySpec, import| KeyRecord {
            meta: KeyMeta::new(
                KeyId::random(),
                SystemTime::UNIX_EPOCH,
                spec,
                spec.default_usage(),
                Origin::Kms,
            ),
            versions: vec![Arc::new(Material::generate(spec).unwrap())],
            import,
        };
        let pending = Arc::new(PendingImport {
            token_id: [7; 16],
            algorithm: WrappingAlgorithm::Sm2Pke,
            wrapping_key_spec: WrappingKeySpec::Sm2,
            valid_to: SystemTime::UNIX_EPOCH,
            wrapping_key: Arc::new(Material::generate(KeySpec::Sm2).unwrap()),
        });
        let sm4 = record(KeySpec::Sm4, Some(pending));
        let alias = AliasRecord {
            name: "alias/x".into(),
            target: sm4.meta.key_id.clone(),
            creation_date: SystemTime::UNIX_EPOCH,
            last_updated_date: SystemTime::UNIX_EPOCH,
        };
        let changes = [
            Change::PutKey(Arc::new(sm4)),
            Change::PutKey(Arc::new(record(KeySpec::EccNistP256, None))),
            Change::PutAlias(alias),
            Change::RemoveKey(KeyId::random()),
        ];
        let stored: Vec<StoredChange> = changes.iter().map(stored).collect();
        format::encode_changes(&stored).unwrap().to_vec()
    }

    /// Reads a record body as the log reader does, after its seal opened.
    fn read_body(body: &[u8]) -> Result<Vec<Change>> {
        let changes =
            format::decode_changes(body).map_err(|e| Error::corrupt(Path::new("keys.log"), e))?;
        let mut fold = Fold::default();
        fold.add(changes);
        fold.into_changes(&Table::default(), Path::new("keys.log"))
    }

    #[test]
    fn the_valid_body_reads_back() {
        let changes = read_body(&valid_body()).unwrap();
        assert_eq!(changes.len(), 4);
    }

    static VALID: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(valid_body);

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// A record body passes its seal only if the root key made it, but
        /// the reader must not trust even that: an authentic body with any
        /// bytes changed, cut or added, or arbitrary bytes, is an error or
        /// some changes, never a panic.
        #[test]
        fn malformed_bodies_never_panic(
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            cut in any::<prop::sample::Index>(),
            tail in prop::collection::vec(any::<u8>(), 0..64),
            arbitrary in prop::collection::vec(any::<u8>(), 0..512),
        ) {
            let valid = &*VALID;
            let mut changed = valid.clone();
            for (at, byte) in &edits {
                let i = at.index(changed.len());
                changed[i] ^= byte;
            }
            let _ = read_body(&changed);
            let mut cut_short = valid[..cut.index(valid.len())].to_vec();
            let _ = read_body(&cut_short);
            cut_short.extend_from_slice(&tail);
            let _ = read_body(&cut_short);
            let _ = read_body(&arbitrary);
        }
    }
}
