//! A simulated disk for the file store's tests: the store runs unchanged
//! over it (through [`Disk::Sim`](super::disk::Disk)), every operation that
//! changes it is recorded, and the power can be cut after any prefix of
//! them.
//!
//! What it models, as a real disk under a real kernel may behave:
//!
//! - Writes land in a page cache (what every read sees). A file's fsync
//!   makes its pages and its length durable; a directory's fsync makes the
//!   names created, renamed and removed in it durable.
//! - At a power cut, everything not covered by a completed fsync is lost or
//!   kept, each piece independently: every dirty 4 KiB page is dropped,
//!   written, or torn at 512-byte sector boundaries (sectors are atomic);
//!   a file's length is the old or the new one; every unsynced name change
//!   happens or not, in any combination. A file whose directory is lost is
//!   lost.
//! - Faults: a write, fsync, rename or directory fsync can be made to fail
//!   with EIO. A failed fsync behaves as Linux does (the "fsyncgate"
//!   lesson): some dirty pages reach the disk, the others are marked clean
//!   anyway and never written, while reads still see them in the cache.
//!
//! Locks are no-ops: the simulated store has one process.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use super::disk::{Access, Stat};

/// Page cache granularity.
pub(crate) const PAGE: usize = 4096;
/// What a disk writes atomically.
pub(crate) const SECTOR: usize = 512;
/// The simulated disk's one pre-existing directory.
pub(crate) const ROOT: &str = "/sim";

/// A small seeded generator (SplitMix64): every choice of the simulation
/// follows from one seed.
#[derive(Debug, Clone)]
pub(crate) struct Prng(u64);

impl Prng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub(crate) fn coin(&mut self) -> bool {
        self.next_u64() & 1 == 1
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    File(usize),
    Dir,
}

/// One file: what reads see, what is on the platter, and what differs.
#[derive(Debug, Clone, Default)]
struct Inode {
    cache: Vec<u8>,
    durable: Vec<u8>,
    dirty: BTreeSet<usize>,
    len_dirty: bool,
}

impl Inode {
    fn write(&mut self, offset: usize, data: &[u8]) {
        if data.is_empty() {
            return;
        }
        let end = offset + data.len();
        if end > self.cache.len() {
            self.cache.resize(end, 0);
            self.len_dirty = true;
        }
        self.cache[offset..end].copy_from_slice(data);
        self.dirty.extend(offset / PAGE..=(end - 1) / PAGE);
    }

    fn set_len(&mut self, len: usize) {
        if len < self.cache.len() {
            // The pages cut off change too: an fsync frees them on the
            // platter; the kernel zeroes the rest of the last page.
            self.dirty
                .extend(len / PAGE..=(self.cache.len() - 1) / PAGE);
            self.cache.truncate(len);
        } else {
            self.cache.resize(len, 0);
        }
        self.len_dirty = true;
    }

    /// An fsync: the length and the dirty pages reach the platter (pages
    /// marked clean by an earlier failure do not).
    fn sync(&mut self) {
        self.durable.resize(self.cache.len(), 0);
        for page in std::mem::take(&mut self.dirty) {
            let start = page * PAGE;
            let end = (start + PAGE).min(self.cache.len());
            if start < end {
                self.durable[start..end].copy_from_slice(&self.cache[start..end]);
            }
        }
        self.len_dirty = false;
    }

    /// What the platter holds after a power cut now.
    fn surviving(&self, rng: &mut Prng) -> Vec<u8> {
        let len = if self.len_dirty && rng.coin() {
            self.cache.len()
        } else {
            self.durable.len()
        };
        let mut out = self.durable.clone();
        out.resize(len, 0);
        let limit = len.min(self.cache.len());
        for &page in &self.dirty {
            let mode = rng.below(3);
            for sector in 0..PAGE / SECTOR {
                let keep = match mode {
                    0 => false,
                    1 => true,
                    _ => rng.coin(),
                };
                let start = page * PAGE + sector * SECTOR;
                let end = (start + SECTOR).min(limit);
                if keep && start < end {
                    out[start..end].copy_from_slice(&self.cache[start..end]);
                }
            }
        }
        out
    }

    /// A failed fsync: some of the dirty pages reach the platter, and all of
    /// them are marked clean; the cache keeps showing what was written.
    fn fail_sync(&mut self, rng: &mut Prng) {
        self.durable = self.surviving(rng);
        self.dirty.clear();
        self.len_dirty = false;
    }
}

/// A change of a directory's entries.
#[derive(Debug, Clone)]
enum DirOp {
    Link(PathBuf, Entry),
    Unlink(PathBuf),
    Rename(PathBuf, PathBuf, Entry),
}

impl DirOp {
    fn apply(&self, names: &mut BTreeMap<PathBuf, Entry>) {
        match self {
            Self::Link(path, entry) => {
                names.insert(path.clone(), *entry);
            }
            Self::Unlink(path) => {
                names.remove(path);
            }
            Self::Rename(from, to, entry) => {
                names.remove(from);
                names.insert(to.clone(), *entry);
            }
        }
    }
}

/// One recorded operation that changed the disk. Replaying a prefix of the
/// record rebuilds the disk as it was at that instant, page cache and all.
#[derive(Clone)]
pub(crate) enum Event {
    Create {
        path: PathBuf,
    },
    Mkdir {
        path: PathBuf,
    },
    Write {
        ino: usize,
        offset: usize,
        data: Vec<u8>,
    },
    SetLen {
        ino: usize,
        len: usize,
    },
    /// An fsync; `failed` holds the seed of a failure's choices.
    Fsync {
        ino: usize,
        failed: Option<u64>,
    },
    Rename {
        from: PathBuf,
        to: PathBuf,
    },
    Unlink {
        path: PathBuf,
    },
    SyncDir {
        dir: PathBuf,
        failed: Option<u64>,
    },
}

impl std::fmt::Debug for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Create { path } => write!(f, "create {}", path.display()),
            Self::Mkdir { path } => write!(f, "mkdir {}", path.display()),
            Self::Write { ino, offset, data } => {
                write!(f, "write #{ino} {offset}..{}", offset + data.len())
            }
            Self::SetLen { ino, len } => write!(f, "truncate #{ino} to {len}"),
            Self::Fsync { ino, failed } => write!(f, "fsync #{ino}{}", failure(failed)),
            Self::Rename { from, to } => write!(f, "rename {} {}", from.display(), to.display()),
            Self::Unlink { path } => write!(f, "unlink {}", path.display()),
            Self::SyncDir { dir, failed } => {
                write!(f, "fsync {}{}", dir.display(), failure(failed))
            }
        }
    }
}

fn failure(failed: &Option<u64>) -> &'static str {
    if failed.is_some() { " (EIO)" } else { "" }
}

/// The whole disk: files, the names as seen and as durable, and the name
/// changes not yet made durable.
#[derive(Debug, Clone)]
pub(crate) struct State {
    files: Vec<Inode>,
    names: BTreeMap<PathBuf, Entry>,
    durable: BTreeMap<PathBuf, Entry>,
    pending: Vec<(PathBuf, DirOp)>,
}

fn parent(path: &Path) -> PathBuf {
    path.parent().map(Path::to_owned).unwrap_or_default()
}

impl State {
    /// A disk holding only the root directory (and its parent).
    pub(crate) fn new() -> Self {
        let names: BTreeMap<PathBuf, Entry> = [("/", Entry::Dir), (ROOT, Entry::Dir)]
            .into_iter()
            .map(|(p, e)| (PathBuf::from(p), e))
            .collect();
        Self {
            files: Vec::new(),
            durable: names.clone(),
            names,
            pending: Vec::new(),
        }
    }

    fn name_change(&mut self, op: DirOp, dir: PathBuf) {
        op.apply(&mut self.names);
        self.pending.push((dir, op));
    }

    /// Applies one recorded operation.
    pub(crate) fn apply(&mut self, event: &Event) {
        match event {
            Event::Create { path } => {
                self.files.push(Inode::default());
                let entry = Entry::File(self.files.len() - 1);
                self.name_change(DirOp::Link(path.clone(), entry), parent(path));
            }
            Event::Mkdir { path } => {
                self.name_change(DirOp::Link(path.clone(), Entry::Dir), parent(path))
            }
            Event::Write { ino, offset, data } => self.files[*ino].write(*offset, data),
            Event::SetLen { ino, len } => self.files[*ino].set_len(*len),
            Event::Fsync { ino, failed: None } => self.files[*ino].sync(),
            Event::Fsync {
                ino,
                failed: Some(seed),
            } => self.files[*ino].fail_sync(&mut Prng::new(*seed)),
            Event::Rename { from, to } => {
                let entry = self.names[from];
                self.name_change(DirOp::Rename(from.clone(), to.clone(), entry), parent(to));
            }
            Event::Unlink { path } => self.name_change(DirOp::Unlink(path.clone()), parent(path)),
            Event::SyncDir { dir, failed } => self.sync_dir(dir, failed.map(Prng::new)),
        }
    }

    /// Makes the directory's pending name changes durable: all of them, or
    /// (a failed fsync) some of them, the others staying pending.
    fn sync_dir(&mut self, dir: &Path, mut failed: Option<Prng>) {
        let mut kept = Vec::new();
        for (at, op) in std::mem::take(&mut self.pending) {
            let done = at == dir && failed.as_mut().is_none_or(Prng::coin);
            if done {
                op.apply(&mut self.durable);
            } else {
                kept.push((at, op));
            }
        }
        self.pending = kept;
    }

    /// The disk after a power cut now (and a reboot: the cache is what the
    /// platter holds).
    pub(crate) fn crash(&self, rng: &mut Prng) -> State {
        let mut names = self.durable.clone();
        for (_, op) in &self.pending {
            if rng.coin() {
                op.apply(&mut names);
            }
        }
        let reachable: BTreeMap<PathBuf, Entry> = names
            .iter()
            .filter(|(path, _)| {
                path.ancestors()
                    .skip(1)
                    .all(|a| a.as_os_str().is_empty() || names.get(a) == Some(&Entry::Dir))
            })
            .map(|(p, e)| (p.clone(), *e))
            .collect();
        let live: BTreeSet<usize> = reachable
            .values()
            .filter_map(|e| match e {
                Entry::File(ino) => Some(*ino),
                Entry::Dir => None,
            })
            .collect();
        let files = (0..self.files.len())
            .map(|ino| {
                // Files no name reaches are gone: not worth rebuilding.
                if !live.contains(&ino) {
                    return Inode::default();
                }
                let bytes = self.files[ino].surviving(rng);
                Inode {
                    cache: bytes.clone(),
                    durable: bytes,
                    ..Inode::default()
                }
            })
            .collect();
        State {
            files,
            names: reachable.clone(),
            durable: reachable,
            pending: Vec::new(),
        }
    }
}

/// Which operation a [`Fault`] makes fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultOp {
    Write,
    Fsync,
    Rename,
    SyncDir,
}

/// An injected EIO: the `skip + 1`-th operation `op` on a file (or
/// directory) named `name` fails.
#[derive(Debug, Clone)]
pub(crate) struct Fault {
    pub(crate) op: FaultOp,
    pub(crate) name: &'static str,
    pub(crate) skip: usize,
    /// Seeds the failure's choices (which pages reach the platter).
    pub(crate) seed: u64,
}

#[derive(Debug)]
struct Inner {
    state: State,
    trace: Vec<Event>,
    fault: Option<Fault>,
    fired: bool,
}

/// A simulated disk, shared by the store's handles on it.
#[derive(Debug)]
pub(crate) struct SimDisk {
    inner: Mutex<Inner>,
}

fn eio() -> io::Error {
    io::Error::from_raw_os_error(5)
}

fn not_found() -> io::Error {
    io::Error::from(io::ErrorKind::NotFound)
}

impl SimDisk {
    /// An empty disk, as after a reboot into `state`.
    pub(crate) fn with_state(state: State) -> Arc<Self> {
        Arc::new(Self {
            inner: Mutex::new(Inner {
                state,
                trace: Vec::new(),
                fault: None,
                fired: false,
            }),
        })
    }

    pub(crate) fn new() -> Arc<Self> {
        Self::with_state(State::new())
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Arms a fault.
    pub(crate) fn inject(&self, fault: Fault) {
        let mut inner = self.inner();
        inner.fault = Some(fault);
        inner.fired = false;
    }

    /// Whether the armed fault fired.
    pub(crate) fn fired(&self) -> bool {
        self.inner().fired
    }

    /// How many changing operations were recorded.
    pub(crate) fn trace_len(&self) -> usize {
        self.inner().trace.len()
    }

    /// The recorded operations.
    pub(crate) fn trace(&self) -> Vec<Event> {
        self.inner().trace.clone()
    }

    /// The disk now, page cache and all.
    pub(crate) fn state(&self) -> State {
        self.inner().state.clone()
    }

    pub(crate) fn open(self: &Arc<Self>, path: &Path, access: Access) -> io::Result<SimFile> {
        let mut inner = self.inner();
        let ino = match (inner.state.names.get(path), access) {
            (Some(Entry::File(ino)), _) => *ino,
            (Some(Entry::Dir), _) => return Err(io::Error::from(io::ErrorKind::IsADirectory)),
            (None, Access::Read | Access::Write) => return Err(not_found()),
            (None, Access::Create | Access::Replace) => {
                if inner.state.names.get(&parent(path)) != Some(&Entry::Dir) {
                    return Err(not_found());
                }
                inner.record(Event::Create {
                    path: path.to_owned(),
                });
                inner.state.files.len() - 1
            }
        };
        if access == Access::Replace && !inner.state.files[ino].cache.is_empty() {
            inner.record(Event::SetLen { ino, len: 0 });
        }
        Ok(SimFile {
            disk: Arc::clone(self),
            ino,
            name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
        })
    }

    pub(crate) fn stat(&self, path: &Path) -> io::Result<Stat> {
        let inner = self.inner();
        match inner.state.names.get(path) {
            Some(Entry::File(ino)) => Ok(Stat {
                identity: (0, *ino as u64),
                len: inner.state.files[*ino].cache.len() as u64,
            }),
            Some(Entry::Dir) => Ok(Stat {
                identity: (1, 0),
                len: 0,
            }),
            None => Err(not_found()),
        }
    }

    pub(crate) fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let mut inner = self.inner();
        if !matches!(inner.state.names.get(from), Some(Entry::File(_))) {
            return Err(not_found());
        }
        let event = Event::Rename {
            from: from.to_owned(),
            to: to.to_owned(),
        };
        if let Some(seed) = inner.fault_for(FaultOp::Rename, to) {
            // A failed rename may or may not have happened.
            if Prng::new(seed).coin() {
                inner.record(event);
            }
            return Err(eio());
        }
        inner.record(event);
        Ok(())
    }

    pub(crate) fn remove_file(&self, path: &Path) -> io::Result<()> {
        let mut inner = self.inner();
        if !matches!(inner.state.names.get(path), Some(Entry::File(_))) {
            return Err(not_found());
        }
        inner.record(Event::Unlink {
            path: path.to_owned(),
        });
        Ok(())
    }

    pub(crate) fn create_dir(&self, path: &Path) -> io::Result<()> {
        let mut inner = self.inner();
        if inner.state.names.contains_key(path) {
            return Err(io::Error::from(io::ErrorKind::AlreadyExists));
        }
        if inner.state.names.get(&parent(path)) != Some(&Entry::Dir) {
            return Err(not_found());
        }
        inner.record(Event::Mkdir {
            path: path.to_owned(),
        });
        Ok(())
    }

    pub(crate) fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        let mut inner = self.inner();
        if inner.state.names.get(dir) != Some(&Entry::Dir) {
            return Err(not_found());
        }
        let failed = inner.fault_for(FaultOp::SyncDir, dir);
        inner.record(Event::SyncDir {
            dir: dir.to_owned(),
            failed,
        });
        failed.map_or(Ok(()), |_| Err(eio()))
    }
}

impl Inner {
    fn record(&mut self, event: Event) {
        self.state.apply(&event);
        self.trace.push(event);
    }

    /// The seed of the failure if the armed fault fires now.
    fn fault_for(&mut self, op: FaultOp, path: &Path) -> Option<u64> {
        let fault = self.fault.as_mut()?;
        let name = path.file_name().map(|n| n.to_string_lossy());
        if fault.op != op || name.as_deref() != Some(fault.name) {
            return None;
        }
        if fault.skip > 0 {
            fault.skip -= 1;
            return None;
        }
        let seed = fault.seed;
        self.fault = None;
        self.fired = true;
        Some(seed)
    }
}

/// An open file of a [`SimDisk`].
#[derive(Debug)]
pub(crate) struct SimFile {
    disk: Arc<SimDisk>,
    ino: usize,
    name: Option<String>,
}

impl SimFile {
    fn path(&self) -> PathBuf {
        PathBuf::from(self.name.as_deref().unwrap_or(""))
    }

    pub(crate) fn read_from(&self, offset: u64, limit: u64) -> io::Result<Vec<u8>> {
        let inner = self.disk.inner();
        let bytes = &inner.state.files[self.ino].cache;
        let start = (offset as usize).min(bytes.len());
        let end = bytes
            .len()
            .min(start.saturating_add(limit.min(usize::MAX as u64) as usize));
        Ok(bytes[start..end].to_vec())
    }

    pub(crate) fn write_all_at(&self, data: &[u8], offset: u64) -> io::Result<()> {
        let mut inner = self.disk.inner();
        if let Some(seed) = inner.fault_for(FaultOp::Write, &self.path()) {
            // A failed write may have written a part of its bytes first.
            let written = Prng::new(seed).below(data.len() as u64 + 1) as usize;
            inner.record(Event::Write {
                ino: self.ino,
                offset: offset as usize,
                data: data[..written].to_vec(),
            });
            return Err(eio());
        }
        inner.record(Event::Write {
            ino: self.ino,
            offset: offset as usize,
            data: data.to_vec(),
        });
        Ok(())
    }

    pub(crate) fn set_len(&self, len: u64) -> io::Result<()> {
        self.disk.inner().record(Event::SetLen {
            ino: self.ino,
            len: len as usize,
        });
        Ok(())
    }

    pub(crate) fn sync(&self) -> io::Result<()> {
        let mut inner = self.disk.inner();
        let failed = inner.fault_for(FaultOp::Fsync, &self.path());
        inner.record(Event::Fsync {
            ino: self.ino,
            failed,
        });
        failed.map_or(Ok(()), |_| Err(eio()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(disk: &Arc<SimDisk>, path: &Path) -> Option<Vec<u8>> {
        let file = disk.open(path, Access::Read).ok()?;
        Some(file.read_from(0, u64::MAX).expect("readable"))
    }

    #[test]
    fn only_what_fsyncs_cover_is_sure_to_survive() {
        let disk = SimDisk::new();
        let dir = Path::new(ROOT).join("d");
        disk.create_dir(&dir).unwrap();
        disk.sync_dir(Path::new(ROOT)).unwrap();
        let file = disk.open(&dir.join("a"), Access::Create).unwrap();
        file.write_all_at(&[1; 5000], 0).unwrap();
        file.sync().unwrap();
        disk.sync_dir(&dir).unwrap();
        file.write_all_at(&[2; 100], 6000).unwrap();
        disk.open(&dir.join("b"), Access::Create).unwrap();
        let mut rng = Prng::new(1);
        let mut seen = BTreeSet::new();
        for _ in 0..200 {
            let after = SimDisk::with_state(disk.state().crash(&mut rng));
            let a = read(&after, &dir.join("a")).expect("a synced name survives");
            assert_eq!(a[..5000], [1; 5000]);
            assert!(a.len() == 5000 || a.len() == 6100, "{}", a.len());
            seen.insert((a.len(), read(&after, &dir.join("b")).is_some()));
        }
        assert_eq!(seen.len(), 4, "each unsynced change is kept or lost");
    }

    #[test]
    fn a_failed_fsync_marks_its_pages_clean() {
        let mut lost = 0;
        for seed in 0..20 {
            let disk = SimDisk::new();
            let path = Path::new(ROOT).join("f");
            let file = disk.open(&path, Access::Create).unwrap();
            disk.sync_dir(Path::new(ROOT)).unwrap();
            file.write_all_at(&[1; 3 * PAGE], 0).unwrap();
            file.sync().unwrap();
            file.write_all_at(&[2; 3 * PAGE], 0).unwrap();
            let fault = Fault {
                op: FaultOp::Fsync,
                name: "f",
                skip: 0,
                seed,
            };
            disk.inject(fault);
            assert_eq!(file.sync().unwrap_err().raw_os_error(), Some(5));
            // A later write and fsync elsewhere in the file.
            file.write_all_at(&[3; 10], 3 * PAGE as u64).unwrap();
            file.sync().unwrap();
            assert_eq!(read(&disk, &path).unwrap()[..3 * PAGE], [2; 3 * PAGE]);
            let after = SimDisk::with_state(disk.state().crash(&mut Prng::new(seed)));
            let platter = read(&after, &path).unwrap();
            assert!(platter[..3 * PAGE].iter().all(|b| *b == 1 || *b == 2));
            assert_eq!(platter[3 * PAGE..], [3; 10]);
            lost += usize::from(platter.contains(&1));
        }
        assert!(lost > 0, "a failed fsync loses pages that reads still show");
    }
}
