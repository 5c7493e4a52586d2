//! Power-cut tests: long random workloads run the real store over the
//! simulated disk (`sim`), which records every operation; the power is then
//! cut after randomly chosen prefixes of that record, each time losing or
//! tearing what no completed fsync covered in a different random way, and
//! the store is reopened over what survived. It must open, with every
//! acknowledged change and the change in flight either wholly there or
//! wholly absent — never a `Corrupt` error, since a power cut alone damages
//! nothing that the format relies on.
//!
//! `POLYKMS_POWERCUT_SEED` replays a run (the seed is printed on failure);
//! `POLYKMS_POWERCUT_CUTS` sets how many cuts a run makes (10,240 by default).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::FileOptions;
use super::disk::Disk;
use super::sim::{Prng, ROOT, SimDisk, State};
use super::storage::stored;
use crate::engine::{Change, Table};
use crate::{
    CreateAliasRequest, CreateKeyRequest, EnableKeyRotationRequest, Error, FileKeyManager,
    GetParametersForImportRequest, ImportKeyMaterialRequest, KeyManager, KeySpec, KeyUsage,
    ManualClock, Origin, RootKey, ScheduleKeyDeletionRequest, SecretBytes, StoreError, Tag,
    TagResourceRequest, UntagResourceRequest, UpdateAliasRequest, WrappingAlgorithm,
    WrappingKeySpec, wrap_key_material,
};

pub(super) const DAY: Duration = Duration::from_secs(86_400);

/// The workloads' starting time. Stores reopened after a cut run at this
/// time too, so that opening applies no due event and what they hold is
/// exactly what survived on disk.
pub(super) fn t0() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_900_000_000)
}

pub(super) fn store_dir() -> PathBuf {
    Path::new(ROOT).join("store")
}

/// What a table holds, hashed: its keys (metadata, every material version,
/// pending import) and aliases, encoded as a compaction writes them.
pub(super) type Digest = [u8; 32];

pub(super) fn digest(table: &Table) -> Digest {
    let changes: Vec<_> = table
        .keys
        .values()
        .map(|k| stored(&Change::PutKey(Arc::clone(k))))
        .chain(
            table
                .aliases
                .values()
                .map(|a| stored(&Change::PutAlias(a.clone()))),
        )
        .collect();
    let bytes = super::format::encode_changes(&changes).expect("a table encodes");
    let hash = ring::digest::digest(&ring::digest::SHA256, &bytes);
    hash.as_ref().try_into().expect("32 bytes")
}

pub(super) fn state_of(kms: &FileKeyManager) -> Digest {
    digest(&kms.engine.raw_table())
}

/// Opens (or creates) the store on a simulated disk, its clock at `clock`.
pub(super) fn open_on(
    disk: &Arc<SimDisk>,
    clock: &Arc<ManualClock>,
    create: bool,
) -> crate::Result<FileKeyManager> {
    let root = RootKey::Key(SecretBytes::new(vec![7; 32]));
    let options = FileOptions::default().clock(clock.clone());
    FileKeyManager::on_disk(
        &Disk::Sim(disk.clone()),
        &store_dir(),
        root,
        options,
        create,
    )
}

/// Opens the store on `state` after a reboot.
pub(super) fn reopen(state: State) -> (Arc<SimDisk>, crate::Result<FileKeyManager>) {
    let disk = SimDisk::with_state(state);
    let opened = open_on(&disk, &Arc::new(ManualClock::starting_at(t0())), false);
    (disk, opened)
}

/// One step of a workload: where it began and ended in the disk's record,
/// and what the store held once it returned (`None`: no store yet).
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) state: Option<Digest>,
}

/// A random workload over one store.
pub(super) struct Workload {
    pub(super) rng: Prng,
    pub(super) clock: Arc<ManualClock>,
    pub(super) disk: Arc<SimDisk>,
    pub(super) kms: Option<FileKeyManager>,
    keys: Vec<String>,
    /// Keys with import parameters: each holds an SM2 wrapping key, costly
    /// to parse on every reopening (milliseconds), so one at a time.
    imported: Vec<String>,
    aliases: Vec<String>,
    made: usize,
    pub(super) marks: Vec<Mark>,
}

const SPECS: [(KeySpec, KeyUsage); 5] = [
    (KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt),
    (KeySpec::Sm4, KeyUsage::EncryptDecrypt),
    (KeySpec::Hmac256, KeyUsage::GenerateVerifyMac),
    (KeySpec::EccNistP256, KeyUsage::SignVerify),
    (KeySpec::Ed25519, KeyUsage::SignVerify),
];

impl Workload {
    /// A new store on a new disk (its creation is the first step).
    pub(super) fn new(seed: u64) -> Self {
        let mut work = Self {
            rng: Prng::new(seed),
            clock: Arc::new(ManualClock::starting_at(t0())),
            disk: SimDisk::new(),
            kms: None,
            keys: Vec::new(),
            imported: Vec::new(),
            aliases: Vec::new(),
            made: 0,
            marks: Vec::new(),
        };
        work.step(|w| {
            w.kms = Some(open_on(&w.disk, &w.clock, true).expect("a new store"));
        });
        work
    }

    pub(super) fn kms(&self) -> &FileKeyManager {
        self.kms.as_ref().expect("an open store")
    }

    /// Runs `f` as one step, marking where it began and ended.
    pub(super) fn step(&mut self, f: impl FnOnce(&mut Self)) {
        let start = self.disk.trace_len();
        f(self);
        let state = self.kms.as_ref().map(state_of);
        let end = self.disk.trace_len();
        self.marks.push(Mark { start, end, state });
    }

    fn pick<'a>(&mut self, list: &'a [String]) -> Option<&'a str> {
        if list.is_empty() {
            return None;
        }
        Some(&list[self.rng.below(list.len() as u64) as usize])
    }

    fn key(&mut self) -> String {
        let keys = std::mem::take(&mut self.keys);
        let key = self.pick(&keys).unwrap_or("missing").to_owned();
        self.keys = keys;
        key
    }

    /// One random operation (a step); errors such as a wrong key state are
    /// part of the workload.
    pub(super) fn random_step(&mut self) {
        match self.rng.below(100) {
            0..=21 => self.step(Self::create_key),
            22..=29 => self.step(Self::alias),
            30..=41 => self.step(Self::tag),
            42..=49 => self.step(|w| {
                let key = w.key();
                let _ = w.kms().rotate_key_on_demand(&key);
            }),
            50..=55 => self.step(|w| {
                let key = w.key();
                let _ = if w.rng.coin() {
                    w.kms().disable_key(&key)
                } else {
                    w.kms().enable_key(&key)
                };
            }),
            56..=66 => self.step(Self::deletion),
            // Due events (purges, expiries, automatic rotations) are applied
            // by the read that follows, so that no other step makes two writes.
            67..=72 => self.step(|w| {
                w.clock.advance(DAY * (1 + w.rng.below(9) as u32));
                let _ = w.kms().list_keys(crate::ListKeysRequest::new());
            }),
            73..=75 => self.import(),
            76..=83 => self.step(|w| {
                drop(w.kms.take());
                w.kms = Some(open_on(&w.disk, &w.clock, false).expect("reopened"));
            }),
            84..=87 => self.step(|w| {
                let key = w.key();
                let _ = w.kms().enable_key_rotation(
                    EnableKeyRotationRequest::new(key).rotation_period_in_days(7),
                );
            }),
            _ => self.step(|w| {
                let key = w.key();
                let _ = w.kms().describe_key(&key);
            }),
        }
    }

    fn create_key(&mut self) {
        if self.keys.len() >= 12 {
            return self.deletion();
        }
        let (spec, usage) = SPECS[self.rng.below(SPECS.len() as u64) as usize];
        let mut request = CreateKeyRequest::new(spec).usage(usage);
        if self.rng.below(4) == 0 {
            request = request.tag("team", format!("t{}", self.made));
        }
        self.made += 1;
        if let Ok(made) = self.kms().create_key(request) {
            self.keys.push(made.key_id.to_string());
        }
    }

    fn alias(&mut self) {
        let key = self.key();
        let aliases = std::mem::take(&mut self.aliases);
        let existing = self.pick(&aliases).map(str::to_owned);
        self.aliases = aliases;
        match (self.rng.below(3), existing) {
            (0, Some(alias)) => {
                let _ = self.kms().update_alias(UpdateAliasRequest::new(alias, key));
            }
            (1, Some(alias)) => {
                let _ = self.kms().delete_alias(&alias);
                self.aliases.retain(|a| *a != alias);
            }
            _ => {
                let alias = format!("alias/a{}", self.made);
                self.made += 1;
                if self
                    .kms()
                    .create_alias(CreateAliasRequest::new(&alias, key))
                    .is_ok()
                {
                    self.aliases.push(alias);
                }
            }
        }
    }

    fn tag(&mut self) {
        let key = self.key();
        let name = format!("k{}", self.rng.below(4));
        let _ = if self.rng.below(3) == 0 {
            self.kms()
                .untag_resource(UntagResourceRequest::new(key, [name]))
        } else {
            let value = format!("v{}", self.rng.below(1000));
            self.kms()
                .tag_resource(TagResourceRequest::new(key, [Tag::new(name, value)]))
        };
    }

    fn deletion(&mut self) {
        let key = self.key();
        if self.rng.below(4) == 0 {
            let _ = self.kms().cancel_key_deletion(&key);
        } else if self
            .kms()
            .schedule_key_deletion(ScheduleKeyDeletionRequest::new(&key).pending_window_in_days(7))
            .is_ok()
        {
            // Purged once the clock passes the window; forgotten here now.
            self.keys.retain(|k| *k != key);
        }
    }

    /// Creates a key for external material, takes import parameters and
    /// imports it, with an expiry half the time: three writes, three steps.
    fn import(&mut self) {
        self.imported.retain(|k| self.keys.contains(k));
        if !self.imported.is_empty() {
            return self.step(Self::create_key);
        }
        let mut key = None;
        self.step(|w| {
            let request = CreateKeyRequest::new(KeySpec::SymmetricDefault).origin(Origin::External);
            key = w
                .kms()
                .create_key(request)
                .ok()
                .map(|m| m.key_id.to_string());
        });
        let Some(key) = key else { return };
        self.keys.push(key.clone());
        self.imported.push(key.clone());
        let mut params = None;
        self.step(|w| {
            params = w
                .kms()
                .get_parameters_for_import(GetParametersForImportRequest::new(
                    &key,
                    WrappingAlgorithm::Sm2Pke,
                    WrappingKeySpec::Sm2,
                ))
                .ok();
        });
        let Some(params) = params else { return };
        let material = [self.rng.below(256) as u8; 32];
        let wrapped = wrap_key_material(&params.public_key, WrappingAlgorithm::Sm2Pke, &material)
            .expect("wrapped");
        let mut request = ImportKeyMaterialRequest::new(&key, &params.import_token, &wrapped);
        if self.rng.coin() {
            request = request.valid_to(crate::Clock::now(&*self.clock) + 3 * DAY);
        }
        self.step(|w| {
            let _ = w.kms().import_key_material(request);
        });
        if self.rng.coin() {
            self.step(|w| {
                let request = ScheduleKeyDeletionRequest::new(&key).pending_window_in_days(7);
                let _ = w.kms().schedule_key_deletion(request);
            });
            self.keys.retain(|k| *k != key);
        }
    }
}

/// What a cut after the first `n` operations may leave: the state after the
/// last step that had ended, and the state after the step under way, if
/// any (`None`: no store).
fn allowed(marks: &[Mark], n: usize) -> Vec<Option<Digest>> {
    let mut out = vec![None];
    for mark in marks {
        if mark.end <= n {
            out = vec![mark.state];
        } else {
            if mark.start < n {
                out.push(mark.state);
            }
            break;
        }
    }
    out
}

fn short(state: &Option<Digest>) -> String {
    state.map_or("no store".into(), |d| super::format::to_hex(&d[..6]))
}

/// What the store holds when reopened over `state` (`None`: no store).
fn recover(state: State) -> Result<(Option<Digest>, Option<FileKeyManager>), Error> {
    match reopen(state).1 {
        Ok(kms) => Ok((Some(state_of(&kms)), Some(kms))),
        Err(Error::Store(StoreError::NoStore { .. })) => Ok((None, None)),
        Err(e) => Err(e),
    }
}

/// After a recovery, a write must work and survive the next cut.
fn write_after_recovery(kms: FileKeyManager, rng: &mut Prng) -> Result<(), String> {
    let keys = kms
        .engine
        .raw_table()
        .keys
        .keys()
        .cloned()
        .collect::<Vec<_>>();
    let written = match keys.first() {
        Some(key) if rng.coin() => kms.tag_resource(TagResourceRequest::new(
            key.to_string(),
            [Tag::new("after", "cut")],
        )),
        _ => kms
            .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
            .map(drop),
    };
    if let Err(e) = written {
        // A key pending deletion refuses tags: the store still works.
        if !matches!(e, Error::InvalidState { .. }) {
            return Err(format!("a write after recovery failed: {e}"));
        }
    }
    let expected = state_of(&kms);
    let Disk::Sim(disk) = kms.engine.storage().disk.clone() else {
        unreachable!("a simulated store")
    };
    drop(kms);
    match recover(disk.state().crash(rng)) {
        Ok((Some(state), _)) if state == expected => Ok(()),
        Ok((state, _)) => Err(format!(
            "a write after recovery was lost: expected {}, found {}",
            short(&Some(expected)),
            short(&state)
        )),
        Err(e) => Err(format!("after a write after recovery, a cut gives {e}")),
    }
}

/// Cuts the power after `cuts` random prefixes of the workload's record and
/// checks what reopening finds.
fn check_cuts(work: &Workload, cuts: usize, rng: &mut Prng) -> Result<(), String> {
    let trace = work.disk.trace();
    let mut points: Vec<usize> = (0..cuts)
        .map(|_| rng.below(trace.len() as u64 + 1) as usize)
        .collect();
    points.sort_unstable();
    let mut state = State::new();
    let mut applied = 0;
    for n in points {
        for event in &trace[applied..n] {
            state.apply(event);
        }
        applied = n;
        let allowed = allowed(&work.marks, n);
        let context = || {
            let near: Vec<_> = trace[n.saturating_sub(3)..n].iter().collect();
            format!(
                "cut after {n} of {} operations (the last ones: {near:?}); may hold {}",
                trace.len(),
                allowed.iter().map(short).collect::<Vec<_>>().join(" or ")
            )
        };
        let (found, kms) = recover(state.crash(rng))
            .map_err(|e| format!("{}: reopening gives {e:?}", context()))?;
        if !allowed.contains(&found) {
            return Err(format!("{}: it holds {}", context(), short(&found)));
        }
        if let Some(kms) = kms.filter(|_| rng.below(8) == 0) {
            write_after_recovery(kms, rng).map_err(|e| format!("{}: {e}", context()))?;
        }
    }
    Ok(())
}

fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let text = text.trim();
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={text} is not a number")))
}

/// The run's seed: `POLYKMS_POWERCUT_SEED`, or a fresh one.
pub(super) fn seed() -> u64 {
    env_number("POLYKMS_POWERCUT_SEED").unwrap_or_else(|| {
        let bytes = crate::crypto::rng::bytes(8).expect("randomness");
        u64::from_be_bytes(bytes.try_into().expect("8 bytes"))
    })
}

/// The tests run in this many shards, in parallel.
const SHARDS: u64 = 4;

fn run_shard(shard: u64) {
    let seed = seed();
    let cuts = env_number("POLYKMS_POWERCUT_CUTS").unwrap_or(10_240);
    let cuts = cuts.div_ceil(SHARDS) as usize;
    let started = Instant::now();
    let mut rng = Prng::new(seed ^ shard.wrapping_mul(0xa076_1d64_78bd_642f));
    let (mut done, mut workloads, mut operations) = (0, 0, 0);
    while done < cuts {
        let mut work = Workload::new(rng.next_u64());
        for _ in 0..100 + rng.below(150) {
            work.random_step();
        }
        let trace_len = work.disk.trace_len();
        let here = (cuts - done).min(trace_len);
        if let Err(failure) = check_cuts(&work, here, &mut rng) {
            panic!(
                "power-cut shard {shard}, workload {workloads}: {failure}\n\
                 replay with POLYKMS_POWERCUT_SEED={seed}"
            );
        }
        done += here;
        workloads += 1;
        operations += trace_len;
    }
    eprintln!(
        "power-cut shard {shard}: {done} cuts over {workloads} workloads \
         ({operations} disk operations) in {:.1?}, seed {seed}",
        started.elapsed()
    );
}

#[test]
fn power_cuts_0() {
    run_shard(0);
}

#[test]
fn power_cuts_1() {
    run_shard(1);
}

#[test]
fn power_cuts_2() {
    run_shard(2);
}

#[test]
fn power_cuts_3() {
    run_shard(3);
}
