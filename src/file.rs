//! The file-backed provider: durable, encrypted at rest, safe across processes.
//!
//! # What is on disk
//!
//! A store is a directory (created with mode 0700; every file 0600):
//!
//! | file | contents |
//! |---|---|
//! | `store.json` | the header: format name and version, store id, how the root key is obtained (for a passphrase: the Argon2id parameters and salt), and a check value that tells a wrong root key from a damaged store |
//! | `keys.log` | the log: a 48-byte header, then one sealed record per write |
//! | `HEAD` | two slots naming the last committed record (sequence number and tag), each with a MAC |
//! | `LOCK` | the file whose OS lock serialises writers |
//!
//! Each record holds every change of one write (a key with its metadata and
//! the encoded material of each version, an alias, or their removal),
//! encoded with postcard and sealed with AES-256-GCM under a key derived from
//! the root key. Its associated data is the store id, the record's sequence
//! number and the previous record's tag, so the records form a hash chain:
//! an edited, reordered, swapped or replayed record fails to open. Nothing
//! in the log, key material or metadata, is in clear; the root key is never
//! written anywhere.
//!
//! # Durability
//!
//! A write appends its record and fsyncs the log, then writes the HEAD slot
//! for that record and fsyncs HEAD, and only then returns. Readers read only
//! the records HEAD commits. After a crash at any instant (a process killed,
//! or the power cut: unsynced pages lost or torn at sector boundaries,
//! unsynced names lost), the store opens with every acknowledged change:
//! bytes after the committed record belong to an unacknowledged write, are
//! never read, and are dropped by the next write, while any damage up to
//! the committed record is reported as [`StoreError::Corrupt`] (a log cut
//! short before it, too). Creating a store fsyncs the directories it
//! creates; a creation cut short is finished by the next open.
//!
//! When a key's deletion window has passed, the next write (or the next
//! open) removes it and rewrites the log without it (a new file, fsynced,
//! renamed over the old one, directory fsynced, then HEAD), so its material
//! leaves the log. The log is also compacted when it holds more than twice
//! as many records as there are keys and aliases (plus 1024). A compacted
//! log that HEAD does not name yet counts whole, having been fsynced before
//! it was renamed into place; the next write commits it in HEAD first.
//!
//! A write that fails before its record is fsynced (a full disk) leaves
//! only uncommitted bytes behind, which the next write drops: the store
//! works again once space is freed. If the fsync or any later step fails,
//! what reached the disk is unknown (after a failed fsync, the page cache
//! may show data the disk does not hold, and a later fsync will not write
//! it: PostgreSQL's "fsyncgate"), so the handle refuses every further write
//! with a [`StoreError::Io`] naming the file that failed, until the store is
//! reopened; meanwhile it serves reads from memory, which holds exactly the
//! acknowledged changes (a read that finds a deletion, expiry or rotation
//! due fails too, since applying it is a write). Reopening reads only what HEAD commits, and the
//! first write after it writes HEAD's page again.
//!
//! # Several processes
//!
//! Any number of processes may open the same store. Writers take the `LOCK`
//! file's exclusive lock, read what others appended, write, and release it;
//! a reader that sees the log change takes the shared lock and reads the new
//! records, so every process sees the others' changes. A lock held longer
//! than the timeout (10 s by default) gives [`StoreError::Locked`].
//!
//! # What it does not protect against
//!
//! Someone who can write the directory can delete it, or put back an older
//! copy of the whole store (log and HEAD together): that rollback is not
//! detectable without state kept elsewhere. Old copies of key material can
//! survive in free disk blocks after compaction, as with any file.

mod disk;
mod format;
mod storage;
mod usage;

#[cfg(test)]
mod faults;
#[cfg(test)]
mod powercut;
#[cfg(test)]
mod sim;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use zeroize::Zeroizing;

use self::disk::{Disk, io};
use self::format::{Header, KdfRecord, StoreKeys};
pub use self::storage::FileStorage;
use crate::clock::{Clock, SystemClock};
use crate::crypto::rng;
use crate::engine::{Engine, Table};
use crate::key::ResourceNamespace;
use crate::local::Local;
use crate::secret::SecretBytes;
use crate::spec::limits;
use crate::{Error, Result, StoreError};

/// Where the root key of a store comes from.
///
/// The root key is 32 bytes. Given directly, in a file or in an environment
/// variable it may be written as 64 hex digits or as base64; a file may also
/// hold the 32 raw bytes. A passphrase is stretched with Argon2id, whose
/// parameters and salt are kept in the store header.
#[derive(Clone)]
#[non_exhaustive]
pub enum RootKey {
    /// The 32 bytes themselves.
    Key(SecretBytes),
    /// A file holding the key.
    KeyFile(PathBuf),
    /// An environment variable holding the key (hex or base64).
    EnvVar(String),
    /// A passphrase, stretched with Argon2id.
    Passphrase(SecretBytes),
}

impl std::fmt::Debug for RootKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Key(_) => f.write_str("RootKey::Key(..)"),
            Self::KeyFile(path) => write!(f, "RootKey::KeyFile({})", path.display()),
            Self::EnvVar(var) => write!(f, "RootKey::EnvVar({var})"),
            Self::Passphrase(_) => f.write_str("RootKey::Passphrase(..)"),
        }
    }
}

/// Largest root key file read: 32 bytes as hex or base64 with whitespace
/// around fit easily.
const MAX_KEY_FILE: usize = 1024;

impl RootKey {
    /// A passphrase.
    pub fn passphrase(passphrase: impl Into<String>) -> Self {
        Self::Passphrase(SecretBytes::new(passphrase.into().into_bytes()))
    }

    /// A fresh random root key ([`RootKey::Key`] of 32 bytes), for a new
    /// store. Keep its bytes safe: without them the store cannot be opened.
    ///
    /// ```
    /// use polykms::RootKey;
    ///
    /// let root = RootKey::generate()?;
    /// let RootKey::Key(bytes) = &root else { unreachable!() };
    /// assert_eq!(bytes.len(), 32);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    pub fn generate() -> Result<Self> {
        Ok(Self::Key(SecretBytes::new(rng::bytes(32)?)))
    }

    /// The key's bytes from text (hex or base64) or raw bytes.
    fn decode(raw: &[u8], what: &str) -> Result<Zeroizing<[u8; 32]>> {
        let text = std::str::from_utf8(raw).map(str::trim).unwrap_or("");
        // 32 bytes are the key itself: hex or base64 of 32 bytes is longer.
        let bytes: Zeroizing<Vec<u8>> = if raw.len() == 32 {
            Zeroizing::new(raw.to_vec())
        } else if let Some(bytes) = format::from_hex(text) {
            Zeroizing::new(bytes)
        } else {
            let decoded = base64::engine::general_purpose::STANDARD.decode(text);
            Zeroizing::new(decoded.unwrap_or_default())
        };
        let key: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
            Error::invalid_argument(
                "root key",
                format!("{what} must hold 32 bytes, as 64 hex digits or base64"),
            )
        })?;
        Ok(Zeroizing::new(key))
    }

    /// The 32-byte key, for the sources that give it directly.
    fn direct_key(&self) -> Result<Option<Zeroizing<[u8; 32]>>> {
        Ok(Some(match self {
            Self::Key(bytes) => Self::decode(bytes.expose_secret(), "the key")?,
            Self::KeyFile(path) => {
                let raw = Zeroizing::new(
                    Disk::Os
                        .read_bounded(path, MAX_KEY_FILE)
                        .map_err(io(path))?,
                );
                if raw.len() > MAX_KEY_FILE {
                    return Err(Error::invalid_argument(
                        "root key",
                        format!(
                            "key file {} is larger than {MAX_KEY_FILE} bytes",
                            path.display()
                        ),
                    ));
                }
                Self::decode(&raw, &format!("key file {}", path.display()))?
            }
            Self::EnvVar(var) => {
                let value = Zeroizing::new(std::env::var(var).map_err(|_| {
                    Error::invalid_argument(
                        "root key",
                        format!("environment variable {var} is not set"),
                    )
                })?);
                Self::decode(value.as_bytes(), &format!("environment variable {var}"))?
            }
            Self::Passphrase(_) => return Ok(None),
        }))
    }
}

/// Argon2id cost parameters for passphrase-protected stores.
///
/// The default follows the OWASP recommendation for Argon2id: 19 MiB of
/// memory, 2 passes, 1 lane (about 25 ms on a current server core).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Params {
    /// Memory in KiB.
    pub m_cost_kib: u32,
    /// Passes.
    pub t_cost: u32,
    /// Lanes.
    pub p_cost: u32,
}

impl Default for Argon2Params {
    fn default() -> Self {
        Self {
            m_cost_kib: 19 * 1024,
            t_cost: 2,
            p_cost: 1,
        }
    }
}

/// Options for [`FileKeyManager::open_with`](Local::open_with) and its siblings.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FileOptions {
    /// The clock (deletion windows, rotation, expiry).
    pub clock: Arc<dyn Clock>,
    /// The resource namespace of key and alias resource names.
    pub namespace: ResourceNamespace,
    /// How long to wait for another process's lock (default 10 s).
    pub lock_timeout: Duration,
    /// Argon2id parameters for a new passphrase-protected store (an existing
    /// store keeps the parameters in its header).
    pub argon2: Argon2Params,
    /// How often key uses (`get_key_last_usage`) are written to the store in
    /// the background (default 5 s; `None`: only when the handle is dropped
    /// or [`flush_usage`](Local::flush_usage) is called). It bounds what a
    /// crash can lose of them.
    pub usage_flush_interval: Option<Duration>,
}

impl Default for FileOptions {
    fn default() -> Self {
        Self {
            clock: Arc::new(SystemClock),
            namespace: ResourceNamespace::default(),
            lock_timeout: Duration::from_secs(10),
            argon2: Argon2Params::default(),
            usage_flush_interval: Some(DEFAULT_USAGE_FLUSH_INTERVAL),
        }
    }
}

/// How often key uses are written out by default.
pub const DEFAULT_USAGE_FLUSH_INTERVAL: Duration = Duration::from_secs(5);

impl FileOptions {
    /// Sets the clock.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Sets the lock timeout.
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// Sets the Argon2id parameters for new stores.
    pub fn argon2(mut self, params: Argon2Params) -> Self {
        self.argon2 = params;
        self
    }

    /// Sets the resource namespace.
    pub fn namespace(mut self, namespace: ResourceNamespace) -> Self {
        self.namespace = namespace;
        self
    }

    /// Sets how often key uses are written out in the background (`None`:
    /// never in the background).
    pub fn usage_flush_interval(mut self, interval: Option<Duration>) -> Self {
        self.usage_flush_interval = interval;
        self
    }
}

/// How [`FileKeyManager`] treats the directory it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Open,
    Create,
    OpenOrCreate,
}

/// A key manager that keeps its keys in a directory: durable, encrypted at
/// rest under a root key, and safe to share between processes. See the
/// [module documentation](self) for the format and the guarantees.
///
/// [`create`](Local::create) makes a new store and refuses a directory that
/// has one; [`open`](Local::open) opens an existing store and refuses a
/// directory without one (so a mistyped path is an error, not an empty
/// store); [`open_or_create`](Local::open_or_create) does either.
///
/// ```
/// use polykms::{CreateKeyRequest, EncryptRequest, FileKeyManager, KeyManager, KeySpec, RootKey};
///
/// let dir = tempfile::tempdir()?;
/// let root = RootKey::generate()?;
/// let key_id = {
///     let kms = FileKeyManager::create(dir.path(), root.clone())?;
///     kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?.key_id
/// };
/// // Reopened (in this process or another), the key is there.
/// let kms = FileKeyManager::open(dir.path(), root)?;
/// kms.encrypt(EncryptRequest::new(&key_id, b"hello"))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type FileKeyManager = Local<FileStorage>;

impl Local<FileStorage> {
    /// Opens the store in `dir`; [`StoreError::NoStore`](crate::StoreError::NoStore)
    /// if there is none.
    pub fn open(dir: impl AsRef<Path>, root_key: RootKey) -> Result<Self> {
        Self::open_with(dir, root_key, FileOptions::default())
    }

    /// Creates a store in `dir` (and the directory, if missing);
    /// [`StoreError::StoreExists`](crate::StoreError::StoreExists) if it
    /// already holds one.
    pub fn create(dir: impl AsRef<Path>, root_key: RootKey) -> Result<Self> {
        Self::create_with(dir, root_key, FileOptions::default())
    }

    /// Opens the store in `dir`, creating it if there is none.
    pub fn open_or_create(dir: impl AsRef<Path>, root_key: RootKey) -> Result<Self> {
        Self::open_or_create_with(dir, root_key, FileOptions::default())
    }

    /// [`open`](Self::open) with options.
    pub fn open_with(
        dir: impl AsRef<Path>,
        root_key: RootKey,
        options: FileOptions,
    ) -> Result<Self> {
        Self::start(&Disk::Os, dir.as_ref(), root_key, options, Mode::Open)
    }

    /// [`create`](Self::create) with options.
    pub fn create_with(
        dir: impl AsRef<Path>,
        root_key: RootKey,
        options: FileOptions,
    ) -> Result<Self> {
        Self::start(&Disk::Os, dir.as_ref(), root_key, options, Mode::Create)
    }

    /// [`open_or_create`](Self::open_or_create) with options.
    pub fn open_or_create_with(
        dir: impl AsRef<Path>,
        root_key: RootKey,
        options: FileOptions,
    ) -> Result<Self> {
        Self::start(
            &Disk::Os,
            dir.as_ref(),
            root_key,
            options,
            Mode::OpenOrCreate,
        )
    }

    /// Opens (`create`: creates) the store in `dir` on a simulated disk.
    #[cfg(test)]
    pub(crate) fn on_disk(
        disk: &Disk,
        dir: &Path,
        root_key: RootKey,
        options: FileOptions,
        create: bool,
    ) -> Result<Self> {
        let mode = if create { Mode::Create } else { Mode::Open };
        Self::start(disk, dir, root_key, options, mode)
    }

    fn start(
        disk: &Disk,
        dir: &Path,
        root_key: RootKey,
        options: FileOptions,
        mode: Mode,
    ) -> Result<Self> {
        let header_path = dir.join("store.json");
        if mode == Mode::Open && !disk.exists(&header_path)? {
            return Err(StoreError::NoStore {
                path: dir.to_owned(),
            }
            .into());
        }
        // A creation that fails (a wrong root key source, a full disk) may
        // leave the directory and its LOCK file: removing them could race
        // with another process creating the store there at the same time.
        disk.create_private_dir(dir)?;
        let lock = disk.lock(&dir.join("LOCK"), true, options.lock_timeout)?;
        let (keys, new) = match disk.read_bounded(&header_path, limits::MAX_STORE_HEADER) {
            Ok(_) if mode == Mode::Create => {
                return Err(StoreError::StoreExists {
                    path: dir.to_owned(),
                }
                .into());
            }
            Ok(text) if text.len() > limits::MAX_STORE_HEADER => {
                return Err(Error::corrupt(
                    &header_path,
                    format!(
                        "larger than {} bytes; not a store header",
                        limits::MAX_STORE_HEADER
                    ),
                ));
            }
            Ok(text) => (open_keys(dir, &header_path, &text, &root_key)?, false),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && mode != Mode::Open => (
                create_header(disk, dir, &header_path, &root_key, options.argon2)?,
                true,
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::NoStore {
                    path: dir.to_owned(),
                }
                .into());
            }
            Err(e) => return Err(Error::storage(&header_path, e)),
        };
        let opened = options.clock.now();
        let mut storage = FileStorage::new(disk.clone(), dir, keys, options.lock_timeout, opened);
        if new {
            storage.create_empty()?;
        } else {
            storage.finish_interrupted_creation()?;
        }
        let mut table = Table::default();
        storage.catch_up(&mut table)?;
        drop(lock);
        if let (Some(interval), true) = (options.usage_flush_interval, disk.is_os()) {
            let flusher = usage::Flusher::spawn(Arc::clone(&storage.usage), interval)?;
            *storage.flusher.get_mut().unwrap_or_else(|e| e.into_inner()) = Some(flusher);
        }
        let engine = Engine::new(storage, table, options.clock, options.namespace);
        // Purge keys whose deletion window passed while the store was closed.
        engine.write(|_, _| Ok(((), Vec::new())))?;
        Ok(Self::from_engine(engine))
    }

    /// The store's directory.
    pub fn path(&self) -> &Path {
        &self.engine.storage().dir
    }

    /// Writes the key uses noted by this handle to the store now (it also
    /// happens in the background, every
    /// [`usage_flush_interval`](FileOptions::usage_flush_interval), and when
    /// the handle is dropped).
    ///
    /// ```
    /// use polykms::{CreateKeyRequest, CryptoOperation, EncryptRequest, FileKeyManager, KeyManager, KeySpec, RootKey};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let root = RootKey::generate()?;
    /// let kms = FileKeyManager::create(dir.path(), root.clone())?;
    /// let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
    /// kms.encrypt(EncryptRequest::new(&key.key_id, b"hello"))?;
    /// kms.flush_usage()?;
    /// // Another handle (or process) sees the use.
    /// let other = FileKeyManager::open(dir.path(), root)?;
    /// let used = other.get_key_last_usage(key.key_id.as_str())?.last_usage.unwrap();
    /// assert_eq!(used.operation, CryptoOperation::Encrypt);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn flush_usage(&self) -> Result<()> {
        self.engine.storage().usage.flush()
    }
}

/// Derives the root key for an existing store and checks it.
fn open_keys(dir: &Path, header_path: &Path, text: &[u8], root_key: &RootKey) -> Result<StoreKeys> {
    let header = Header::parse(header_path, text)?;
    let store_id = header.store_id(header_path)?;
    let root = match (&header.root_key, root_key) {
        (KdfRecord::Key, RootKey::Passphrase(_)) => {
            return Err(Error::invalid_argument(
                "root key",
                format!(
                    "the store at {} takes a 32-byte root key, not a passphrase",
                    dir.display()
                ),
            ));
        }
        (KdfRecord::Passphrase { .. }, key) if !matches!(key, RootKey::Passphrase(_)) => {
            return Err(Error::invalid_argument(
                "root key",
                format!("the store at {} takes a passphrase", dir.display()),
            ));
        }
        (
            KdfRecord::Passphrase {
                kdf,
                m_cost_kib,
                t_cost,
                p_cost,
                salt,
            },
            RootKey::Passphrase(pass),
        ) => {
            if kdf != "argon2id" {
                return Err(StoreError::UnknownFormat {
                    path: header_path.to_owned(),
                    found: format!("key derivation {kdf}"),
                }
                .into());
            }
            let salt = format::from_hex(salt)
                .ok_or_else(|| Error::corrupt(header_path, "malformed salt"))?;
            format::argon2id(pass.expose_secret(), &salt, *m_cost_kib, *t_cost, *p_cost)?
        }
        (_, key) => key.direct_key()?.expect("a direct key source"),
    };
    let keys = StoreKeys::derive(&root, store_id);
    if !keys.matches(&header) {
        return Err(StoreError::WrongRootKey {
            path: dir.to_owned(),
        }
        .into());
    }
    Ok(keys)
}

/// Writes the header of a new store.
fn create_header(
    disk: &Disk,
    dir: &Path,
    header_path: &Path,
    root_key: &RootKey,
    argon: Argon2Params,
) -> Result<StoreKeys> {
    let store_id: [u8; 16] = rng::bytes(16)?.try_into().expect("16 bytes");
    let (root, kdf) = match root_key {
        RootKey::Passphrase(pass) => {
            let salt = rng::bytes(16)?;
            let root = format::argon2id(
                pass.expose_secret(),
                &salt,
                argon.m_cost_kib,
                argon.t_cost,
                argon.p_cost,
            )?;
            let kdf = KdfRecord::Passphrase {
                kdf: "argon2id".into(),
                m_cost_kib: argon.m_cost_kib,
                t_cost: argon.t_cost,
                p_cost: argon.p_cost,
                salt: format::to_hex(&salt),
            };
            (root, kdf)
        }
        key => (
            key.direct_key()?.expect("a direct key source"),
            KdfRecord::Key,
        ),
    };
    let keys = StoreKeys::derive(&root, store_id);
    let header = Header {
        format: format::FORMAT.into(),
        version: format::VERSION,
        store_id: format::to_hex(&store_id),
        root_key: kdf,
        check: keys.check_value(),
    };
    let text = serde_json::to_vec_pretty(&header).expect("a header serialises");
    let tmp = dir.join("store.json.tmp");
    disk.write_new_file(&tmp, &text)?;
    disk.rename(&tmp, header_path).map_err(io(header_path))?;
    disk.sync_dir(dir)?;
    Ok(keys)
}
