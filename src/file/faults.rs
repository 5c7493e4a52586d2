//! Injected I/O errors: the simulated disk (`sim`) fails one write, fsync,
//! rename or directory fsync of an append or of a compaction with EIO.
//!
//! The write must fail with [`StoreError::Io`] naming the file, not be
//! applied, and leave the store readable with everything acknowledged
//! before. A failure before the log's fsync leaves only bytes that HEAD does
//! not commit, which the next write drops: the handle keeps working. From
//! the log's fsync on, what is on disk is unknown (a failed fsync may have
//! written some pages and dropped the others, while the page cache still
//! shows them), so the handle refuses writes until the store is reopened;
//! reopening reads only what HEAD commits, and the first write after it
//! makes HEAD durable again. Power cuts after the failure, after reopening
//! and after the next write check each of these.

use std::sync::{Arc, OnceLock};

use super::powercut::{Digest, open_on, reopen, state_of, t0};
use super::sim::{Fault, FaultOp, Prng, SimDisk, State};
use crate::{
    CreateKeyRequest, Error, ErrorKind, FileKeyManager, KeyManager, KeyManagerExt, KeySpec,
    ManualClock, StoreError, Tag, TagResourceRequest,
};

/// A store on a simulated disk with two keys, whose next write appends
/// (`compacts` false) or compacts (the log holds as many records as it may
/// before a compaction: 2 × 2 keys + 1024, plus one).
struct Base {
    state: State,
    key: String,
}

/// `wide`: the key carries 40 long tags, so that each record spans pages
/// (a page written back with a later record would hide a lost one).
fn build(records: usize, wide: bool) -> Base {
    let disk = SimDisk::new();
    let clock = Arc::new(ManualClock::starting_at(t0()));
    let kms = open_on(&disk, &clock, true).expect("a new store");
    let create = || {
        kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
            .expect("a key")
            .key_id
            .to_string()
    };
    let (key, _) = (create(), create());
    if wide {
        let tags = (0..40).map(|i| Tag::new(format!("wide{i}"), "w".repeat(250)));
        kms.tag_resource(TagResourceRequest::new(&key, tags))
            .expect("tagged");
    }
    for i in 2 + usize::from(wide)..records {
        let tag = Tag::new("n", (i % 7).to_string());
        kms.tag_resource(TagResourceRequest::new(&key, [tag]))
            .expect("tagged");
    }
    Base {
        state: disk.state(),
        key,
    }
}

fn base(compacts: bool) -> &'static Base {
    static SMALL: OnceLock<Base> = OnceLock::new();
    static LARGE: OnceLock<Base> = OnceLock::new();
    if compacts {
        LARGE.get_or_init(|| build(2 * 2 + 1024 + 1, false))
    } else {
        SMALL.get_or_init(|| build(5, true))
    }
}

/// One kind of failure.
#[derive(Debug, Clone, Copy)]
struct Case {
    op: FaultOp,
    /// The file (or directory) whose operation fails, and which the error names.
    name: &'static str,
    compacts: bool,
    /// Whether later writes are refused until the store is reopened.
    poisons: bool,
    /// Whether the failed write may nevertheless have been committed.
    may_apply: bool,
}

const fn case(
    op: FaultOp,
    name: &'static str,
    compacts: bool,
    poisons: bool,
    may_apply: bool,
) -> Case {
    Case {
        op,
        name,
        compacts,
        poisons,
        may_apply,
    }
}

/// A failed write of HEAD may have written enough of its slot to commit
/// the record; a failed fsync of the log never lets HEAD be written.
const CASES: [Case; 10] = [
    case(FaultOp::Write, "keys.log", false, false, false),
    case(FaultOp::Fsync, "keys.log", false, true, false),
    case(FaultOp::Write, "HEAD", false, true, true),
    case(FaultOp::Fsync, "HEAD", false, true, true),
    case(FaultOp::Write, "keys.log.tmp", true, false, false),
    case(FaultOp::Fsync, "keys.log.tmp", true, false, false),
    case(FaultOp::Rename, "keys.log", true, true, true),
    case(FaultOp::SyncDir, "store", true, true, true),
    case(FaultOp::Write, "HEAD", true, true, true),
    case(FaultOp::Fsync, "HEAD", true, true, true),
];

/// The write under test: a tag on the base's key.
fn write(kms: &FileKeyManager, key: &str, value: &str) -> crate::Result<()> {
    kms.tag_resource(TagResourceRequest::new(key, [Tag::new("fault", value)]))
}

fn short(digest: &Digest) -> String {
    super::format::to_hex(&digest[..6])
}

/// Reopens `state` after a power cut: it must open and hold one of `allowed`.
fn expect_after_cut(state: State, allowed: &[Digest], when: &str) -> Result<Digest, String> {
    let kms = reopen(state)
        .1
        .map_err(|e| format!("after a cut {when}, reopening gives {e:?}"))?;
    let found = state_of(&kms);
    if allowed.contains(&found) {
        Ok(found)
    } else {
        let allowed: Vec<_> = allowed.iter().map(short).collect();
        Err(format!(
            "after a cut {when}, the store holds {} instead of {}",
            short(&found),
            allowed.join(" or ")
        ))
    }
}

/// The failed write's error must be a storage error naming the file.
fn check_error(case: Case, error: &Error) -> Result<(), String> {
    let named = match error {
        Error::Store(StoreError::Io { path, .. }) => path.file_name().and_then(|n| n.to_str()),
        _ => None,
    };
    if error.kind() == ErrorKind::Storage && named == Some(case.name) {
        Ok(())
    } else {
        Err(format!("the failed write gives {error:?}"))
    }
}

fn run(case: Case, seed: u64) -> Result<(), String> {
    let base = base(case.compacts);
    let mut rng = Prng::new(seed);
    let clock = Arc::new(ManualClock::starting_at(t0()));
    let disk = SimDisk::with_state(base.state.clone());
    let kms = open_on(&disk, &clock, false).map_err(|e| format!("opening: {e}"))?;
    let before = state_of(&kms);
    let applied = {
        let twin = SimDisk::with_state(base.state.clone());
        let kms = open_on(&twin, &clock, false).expect("the twin opens");
        write(&kms, &base.key, "1").expect("the write works without a fault");
        state_of(&kms)
    };
    disk.inject(Fault {
        op: case.op,
        name: case.name,
        skip: 0,
        seed: rng.next_u64(),
    });
    let error = write(&kms, &base.key, "1").expect_err("the write fails");
    if !disk.fired() {
        return Err("the fault did not fire".into());
    }
    check_error(case, &error)?;
    // Not applied, and readable with everything acknowledged before.
    kms.describe_key(&base.key)
        .map_err(|e| format!("a read after the failure gives {e}"))?;
    kms.list_all_keys()
        .map_err(|e| format!("a listing after the failure gives {e}"))?;
    if state_of(&kms) != before {
        return Err("the failed write shows in the handle".into());
    }
    let outcomes: &[Digest] = if case.may_apply {
        &[before, applied]
    } else {
        &[before]
    };
    for _ in 0..3 {
        expect_after_cut(disk.state().crash(&mut rng), outcomes, "after the failure")?;
    }
    let next = write(&kms, &base.key, "2");
    match (case.poisons, next) {
        (true, Err(e)) if e.kind() == ErrorKind::Storage => {}
        (false, Ok(())) => {
            let acknowledged = state_of(&kms);
            return expect_after_cut(disk.state().crash(&mut rng), &[acknowledged], "").map(drop);
        }
        (_, next) => return Err(format!("the next write gives {next:?}")),
    }
    if state_of(&kms) != before {
        return Err("a refused write shows in the handle".into());
    }
    drop(kms);
    after_reopening(&disk, &clock, outcomes, &base.key, &mut rng)
}

/// Reopens the store on the same disk (same boot: the page cache is what
/// reads see), cuts the power, then writes and cuts again.
fn after_reopening(
    disk: &Arc<SimDisk>,
    clock: &Arc<ManualClock>,
    outcomes: &[Digest],
    key: &str,
    rng: &mut Prng,
) -> Result<(), String> {
    let kms = open_on(disk, clock, false).map_err(|e| format!("reopening gives {e:?}"))?;
    let reopened = state_of(&kms);
    if !outcomes.contains(&reopened) {
        return Err(format!("reopened, the store holds {}", short(&reopened)));
    }
    expect_after_cut(disk.state().crash(rng), outcomes, "after reopening")?;
    write(&kms, key, "3").map_err(|e| format!("a write after reopening gives {e}"))?;
    let acknowledged = state_of(&kms);
    for _ in 0..3 {
        expect_after_cut(
            disk.state().crash(rng),
            &[acknowledged],
            "after a write after reopening",
        )?;
    }
    Ok(())
}

fn run_cases(compacts: bool) {
    let seed = super::powercut::seed();
    let mut rng = Prng::new(seed ^ u64::from(compacts));
    for case in CASES.iter().filter(|c| c.compacts == compacts) {
        for round in 0..12 {
            let run_seed = rng.next_u64();
            if let Err(failure) = run(*case, run_seed) {
                panic!(
                    "{case:?}, round {round}: {failure}\n\
                     replay with POLYKMS_POWERCUT_SEED={seed}"
                );
            }
        }
    }
}

#[test]
fn io_errors_in_appends() {
    run_cases(false);
}

#[test]
fn io_errors_in_compactions() {
    run_cases(true);
}
