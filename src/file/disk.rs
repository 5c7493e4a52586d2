//! The file store's I/O seam: every file operation of the store goes through
//! [`Disk`] and [`DiskFile`], so that its tests can run the very same code
//! over a simulated disk that loses power at any instant (`sim`, test builds
//! only).
//!
//! A concrete enum rather than a trait object: outside tests it has a single
//! variant, so each call compiles down to the `std::fs` call it wraps.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::fs::{DirBuilderExt, FileExt, MetadataExt, OpenOptionsExt};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::{Error, Result};

/// Where the store's files live.
#[derive(Debug, Clone)]
pub(crate) enum Disk {
    /// The operating system's file system.
    Os,
    /// A simulated disk (tests).
    #[cfg(test)]
    Sim(std::sync::Arc<super::sim::SimDisk>),
}

/// An open file of a [`Disk`].
#[derive(Debug)]
pub(crate) enum DiskFile {
    Os(File),
    #[cfg(test)]
    Sim(super::sim::SimFile),
}

/// How a file is opened (always readable; created files get mode 0600).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Read only; the file must exist.
    Read,
    /// Read and write; the file must exist.
    Write,
    /// Read and write, created if missing.
    Create,
    /// Read and write, created if missing, emptied if not.
    Replace,
}

/// What the store needs to know of a file: which file it is (a compaction
/// renames a new one over the log) and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stat {
    pub(crate) identity: (u64, u64),
    pub(crate) len: u64,
}

/// The error of an operation on `path`.
pub(crate) fn io(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |e| Error::storage(path, e)
}

impl Disk {
    pub(crate) fn open(&self, path: &Path, access: Access) -> io::Result<DiskFile> {
        match self {
            Self::Os => {
                let mut options = OpenOptions::new();
                options.read(true).mode(0o600);
                match access {
                    Access::Read => &mut options,
                    Access::Write => options.write(true),
                    Access::Create => options.write(true).create(true),
                    Access::Replace => options.write(true).create(true).truncate(true),
                };
                options.open(path).map(DiskFile::Os)
            }
            #[cfg(test)]
            Self::Sim(sim) => sim.open(path, access).map(DiskFile::Sim),
        }
    }

    pub(crate) fn stat(&self, path: &Path) -> io::Result<Stat> {
        match self {
            Self::Os => fs::metadata(path).map(|m| Stat {
                identity: (m.dev(), m.ino()),
                len: m.len(),
            }),
            #[cfg(test)]
            Self::Sim(sim) => sim.stat(path),
        }
    }

    pub(crate) fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        match self {
            Self::Os => fs::rename(from, to),
            #[cfg(test)]
            Self::Sim(sim) => sim.rename(from, to),
        }
    }

    pub(crate) fn remove_file(&self, path: &Path) -> io::Result<()> {
        match self {
            Self::Os => fs::remove_file(path),
            #[cfg(test)]
            Self::Sim(sim) => sim.remove_file(path),
        }
    }

    /// Creates one directory, mode 0700.
    fn create_dir(&self, path: &Path) -> io::Result<()> {
        match self {
            Self::Os => fs::DirBuilder::new().mode(0o700).create(path),
            #[cfg(test)]
            Self::Sim(sim) => sim.create_dir(path),
        }
    }

    /// Fsyncs a directory, so that the names created, renamed or removed
    /// in it are durable.
    pub(crate) fn sync_dir(&self, dir: &Path) -> Result<()> {
        match self {
            Self::Os => File::open(dir).and_then(|d| d.sync_all()),
            #[cfg(test)]
            Self::Sim(sim) => sim.sync_dir(dir),
        }
        .map_err(io(dir))
    }

    /// Whether `path` exists.
    pub(crate) fn exists(&self, path: &Path) -> Result<bool> {
        match self.stat(path) {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(Error::storage(path, e)),
        }
    }

    /// Creates `dir` and its missing parents (mode 0700), then fsyncs the
    /// parent of each directory created, so that the store's directory
    /// itself survives a power cut.
    pub(crate) fn create_private_dir(&self, dir: &Path) -> Result<()> {
        let mut missing = Vec::new();
        let mut at = dir;
        while !self.exists(at)? {
            missing.push(at);
            match at.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => at = parent,
                _ => break,
            }
        }
        for path in missing.iter().rev() {
            match self.create_dir(path) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                    return Err(Error::storage(*path, e));
                }
                _ => {}
            }
        }
        for path in missing.iter().rev() {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
            self.sync_dir(parent.unwrap_or(Path::new(".")))?;
        }
        Ok(())
    }

    /// The bytes of a file from `offset` to its end.
    pub(crate) fn read_from(&self, path: &Path, offset: u64) -> io::Result<Vec<u8>> {
        self.open(path, Access::Read)?.read_from(offset, u64::MAX)
    }

    /// The bytes of a small file, reading at most `max + 1` of them: a result
    /// longer than `max` means the file is too large (the caller says how).
    pub(crate) fn read_bounded(&self, path: &Path, max: usize) -> io::Result<Vec<u8>> {
        self.open(path, Access::Read)?.read_from(0, max as u64 + 1)
    }

    /// Creates (or empties) a file with mode 0600, writes it and fsyncs it.
    pub(crate) fn write_new_file(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        let file = self.open(path, Access::Replace).map_err(io(path))?;
        file.write_all_at(bytes, 0).map_err(io(path))?;
        file.sync_all().map_err(io(path))
    }

    /// Whether this is the operating system's file system (not a simulation).
    pub(crate) fn is_os(&self) -> bool {
        match self {
            Self::Os => true,
            #[cfg(test)]
            Self::Sim(_) => false,
        }
    }

    /// Takes the lock file's lock, waiting up to `timeout`.
    pub(crate) fn lock(&self, path: &Path, exclusive: bool, timeout: Duration) -> Result<DiskFile> {
        // A fresh open file description per lock: flock locks of one description
        // are shared by every thread, so threads would not exclude each other.
        let file = self.open(path, Access::Create).map_err(io(path))?;
        let start = Instant::now();
        let mut pause = Duration::from_micros(200);
        loop {
            match file.try_lock(exclusive) {
                Ok(()) => return Ok(file),
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < timeout => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(crate::StoreError::Locked {
                        path: path.to_owned(),
                        waited: start.elapsed(),
                    }
                    .into());
                }
                Err(fs::TryLockError::Error(e)) => return Err(Error::storage(path, e)),
            }
        }
    }
}

impl DiskFile {
    /// At most `limit` bytes from `offset` on.
    pub(crate) fn read_from(self, offset: u64, limit: u64) -> io::Result<Vec<u8>> {
        match self {
            Self::Os(mut file) => {
                file.seek(SeekFrom::Start(offset))?;
                let mut bytes = Vec::new();
                file.take(limit).read_to_end(&mut bytes)?;
                Ok(bytes)
            }
            #[cfg(test)]
            Self::Sim(file) => file.read_from(offset, limit),
        }
    }

    pub(crate) fn write_all_at(&self, bytes: &[u8], offset: u64) -> io::Result<()> {
        match self {
            Self::Os(file) => file.write_all_at(bytes, offset),
            #[cfg(test)]
            Self::Sim(file) => file.write_all_at(bytes, offset),
        }
    }

    pub(crate) fn set_len(&self, len: u64) -> io::Result<()> {
        match self {
            Self::Os(file) => file.set_len(len),
            #[cfg(test)]
            Self::Sim(file) => file.set_len(len),
        }
    }

    /// Fsyncs the data (and the length, which fdatasync includes).
    pub(crate) fn sync_data(&self) -> io::Result<()> {
        match self {
            Self::Os(file) => file.sync_data(),
            #[cfg(test)]
            Self::Sim(file) => file.sync(),
        }
    }

    /// Fsyncs the data and all metadata.
    pub(crate) fn sync_all(&self) -> io::Result<()> {
        match self {
            Self::Os(file) => file.sync_all(),
            #[cfg(test)]
            Self::Sim(file) => file.sync(),
        }
    }

    fn try_lock(&self, exclusive: bool) -> std::result::Result<(), fs::TryLockError> {
        match self {
            Self::Os(file) if exclusive => file.try_lock(),
            Self::Os(file) => file.try_lock_shared(),
            // One process: nothing to exclude.
            #[cfg(test)]
            Self::Sim(_) => Ok(()),
        }
    }
}
