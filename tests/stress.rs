//! Concurrency stress: threads mixing encrypt, decrypt, sign, verify,
//! rotation, disable/enable, alias retargeting and schedule/cancel deletion
//! on shared keys, on both providers (the file store also through two
//! handles on one directory, as two processes would use it).
//!
//! Every call is stamped with a logical time before and after it, and every
//! state change with its own. Afterwards each outcome is checked against
//! the key's state: where no state change overlaps a call, its outcome must
//! be the one that state gives (an operation that succeeded on a disabled
//! key is a bug, and so is `Disabled` from an enabled key). Each run is
//! bounded by a number of rounds and watched for deadlock.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use polykms::{
    CreateAliasRequest, CreateKeyRequest, DecryptRequest, EncryptRequest, Error, FileKeyManager,
    InMemory, KeyId, KeyManager, KeySpec, KeyUsage, RootKey, ScheduleKeyDeletionRequest,
    SecretBytes, SignRequest, SigningAlgorithm, UpdateAliasRequest, VerifyRequest,
};

/// The states a key goes through here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Enabled,
    Disabled,
    PendingDeletion,
}

/// What a call on a key gave, as far as the key's state is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    Disabled,
    PendingDeletion,
}

impl Outcome {
    fn of<T>(result: &polykms::Result<T>, what: &str) -> Self {
        match result {
            Ok(_) => Self::Ok,
            Err(Error::Disabled { .. }) => Self::Disabled,
            Err(Error::InvalidState {
                state: polykms::KeyState::PendingDeletion,
                ..
            }) => Self::PendingDeletion,
            Err(e) => panic!("{what}: unexpected error {e}"),
        }
    }

    fn allowed_in(self, state: State) -> bool {
        matches!(
            (self, state),
            (Self::Ok, State::Enabled)
                | (Self::Disabled, State::Disabled)
                | (Self::PendingDeletion, State::PendingDeletion)
        )
    }
}

/// A call or a state change, with the logical times around it.
#[derive(Debug, Clone)]
struct Stamp {
    key: KeyId,
    begin: u64,
    end: u64,
}

#[derive(Default)]
struct Log {
    /// State changes: stamp and the state after.
    changes: Vec<(Stamp, State)>,
    /// Calls: stamp, what, outcome.
    calls: Vec<(Stamp, &'static str, Outcome)>,
}

struct Run {
    time: AtomicU64,
    log: Mutex<Log>,
    stop: AtomicBool,
}

impl Run {
    fn tick(&self) -> u64 {
        self.time.fetch_add(1, Ordering::SeqCst)
    }

    /// Runs a call on `key` and logs it with its outcome.
    fn call<T>(
        &self,
        key: &KeyId,
        what: &'static str,
        f: impl FnOnce() -> polykms::Result<T>,
    ) -> polykms::Result<T> {
        let begin = self.tick();
        let result = f();
        let end = self.tick();
        let outcome = Outcome::of(&result, what);
        let stamp = Stamp {
            key: key.clone(),
            begin,
            end,
        };
        self.log.lock().unwrap().calls.push((stamp, what, outcome));
        result
    }

    /// Runs a state change (which must succeed) and logs the state after it.
    fn change(&self, key: &KeyId, state: State, f: impl FnOnce() -> polykms::Result<()>) {
        let begin = self.tick();
        f().unwrap_or_else(|e| panic!("state change to {state:?}: {e}"));
        let end = self.tick();
        let stamp = Stamp {
            key: key.clone(),
            begin,
            end,
        };
        self.log.lock().unwrap().changes.push((stamp, state));
        // Hold the state a moment, so that calls meet every state whole.
        thread::sleep(Duration::from_millis(2));
    }
}

/// Checks every logged call against the state changes of its key; returns
/// how many calls had a known state and how many overlapped a change.
fn check(log: &Log) -> (usize, usize) {
    let mut by_key: BTreeMap<&KeyId, Vec<&(Stamp, State)>> = BTreeMap::new();
    for change in &log.changes {
        by_key.entry(&change.0.key).or_default().push(change);
    }
    let (mut known, mut overlapping) = (0, 0);
    for (stamp, what, outcome) in &log.calls {
        let changes = by_key.get(&stamp.key).map(Vec::as_slice).unwrap_or(&[]);
        let overlaps: Vec<State> = changes
            .iter()
            .filter(|(c, _)| c.begin < stamp.end && c.end > stamp.begin)
            .map(|(_, s)| *s)
            .collect();
        // The state before the call: the last change that ended before it began.
        let before = changes
            .iter()
            .filter(|(c, _)| c.end < stamp.begin)
            .max_by_key(|(c, _)| c.end)
            .map_or(State::Enabled, |(_, s)| *s);
        if overlaps.is_empty() {
            known += 1;
            assert!(
                outcome.allowed_in(before),
                "{what} on {} gave {outcome:?} while the key was {before:?} (calls {}..{})",
                stamp.key,
                stamp.begin,
                stamp.end
            );
        } else {
            overlapping += 1;
            let possible = std::iter::once(before).chain(overlaps);
            assert!(
                possible.clone().any(|s| outcome.allowed_in(s)),
                "{what} on {} gave {outcome:?}, but the key was only ever {:?} meanwhile",
                stamp.key,
                possible.collect::<Vec<_>>()
            );
        }
    }
    (known, overlapping)
}

const ROUNDS: usize = 60;
const WORKERS: usize = 4;

/// The shared keys of one run.
struct Keys {
    /// Two AES keys the alias moves between; the first is also rotated.
    aes: [KeyId; 2],
    sm4: KeyId,
    signer: KeyId,
}

fn make_keys(kms: &dyn KeyManager) -> Keys {
    let create = |spec: KeySpec, usage: KeyUsage| {
        kms.create_key(CreateKeyRequest::new(spec).usage(usage))
            .unwrap()
            .key_id
    };
    let keys = Keys {
        aes: [
            create(KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt),
            create(KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt),
        ],
        sm4: create(KeySpec::Sm4, KeyUsage::EncryptDecrypt),
        signer: create(KeySpec::EccNistP256, KeyUsage::SignVerify),
    };
    kms.create_alias(CreateAliasRequest::new(
        "alias/stress",
        keys.aes[0].as_str(),
    ))
    .unwrap();
    keys
}

/// Runs the mixed workload. `workers` are the handles the worker threads
/// use (in turn); `admin` makes the state changes.
fn stress(admin: Arc<dyn KeyManager>, workers: Vec<Arc<dyn KeyManager>>) {
    let keys = Arc::new(make_keys(admin.as_ref()));
    let run = Arc::new(Run {
        time: AtomicU64::new(0),
        log: Mutex::new(Log::default()),
        stop: AtomicBool::new(false),
    });
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let mut handles = Vec::new();

    // Workers: encrypt (by id and by alias), decrypt what they made, sign
    // and verify; every outcome logged.
    for w in 0..WORKERS {
        let kms = Arc::clone(&workers[w % workers.len()]);
        let (keys, run, done) = (Arc::clone(&keys), Arc::clone(&run), done_tx.clone());
        handles.push(thread::spawn(move || {
            let mut made: Vec<(KeyId, Vec<u8>, Vec<u8>, u32)> = Vec::new();
            let mut last_version = 0u32;
            let mut round = 0usize;
            while !run.stop.load(Ordering::SeqCst) || round < ROUNDS {
                round += 1;
                let plaintext = format!("worker {w} round {round}").into_bytes();
                for key in [&keys.aes[0], &keys.aes[1], &keys.sm4] {
                    let result = run.call(key, "encrypt", || {
                        kms.encrypt(EncryptRequest::new(key.as_str(), &plaintext))
                    });
                    if let Ok(response) = result {
                        assert_eq!(&response.key_id, key);
                        let version = response.key_version.expect("a local version");
                        if key == &keys.aes[0] {
                            // Versions seen by one thread never go back.
                            assert!(version >= last_version);
                            last_version = version;
                        }
                        made.push((
                            key.clone(),
                            response.ciphertext_blob,
                            plaintext.clone(),
                            version,
                        ));
                    }
                }
                // Through the alias: whichever key it names at that moment.
                match kms.encrypt(EncryptRequest::new("alias/stress", &plaintext)) {
                    Ok(response) => {
                        assert!(keys.aes.contains(&response.key_id));
                        let version = response.key_version.expect("a local version");
                        made.push((
                            response.key_id,
                            response.ciphertext_blob,
                            plaintext.clone(),
                            version,
                        ));
                    }
                    Err(Error::Disabled { key_id }) | Err(Error::InvalidState { key_id, .. }) => {
                        assert!(keys.aes.contains(&key_id));
                    }
                    Err(e) => panic!("encrypt through the alias: {e}"),
                }
                if let Some((key, blob, expected, version)) = made.get(round % made.len().max(1)) {
                    let result =
                        run.call(key, "decrypt", || kms.decrypt(DecryptRequest::new(blob)));
                    if let Ok(response) = result {
                        assert_eq!(response.plaintext.expose_secret(), &expected[..]);
                        assert_eq!(response.key_version, Some(*version));
                    }
                }
                let signer = &keys.signer;
                let signed = run.call(signer, "sign", || {
                    kms.sign(SignRequest::new(
                        signer.as_str(),
                        &plaintext,
                        SigningAlgorithm::EcdsaSha256,
                    ))
                });
                if let Ok(signature) = signed {
                    let _ = run.call(signer, "verify", || {
                        kms.verify(VerifyRequest::new(
                            signer.as_str(),
                            &plaintext,
                            SigningAlgorithm::EcdsaSha256,
                            &signature.signature,
                        ))
                    });
                }
            }
            done.send(()).unwrap();
            made
        }));
    }

    // Admins: one cycles the AES keys and the signer through disable,
    // enable, schedule deletion, cancel; one rotates and retargets the alias.
    let admin_threads = {
        let shares = || {
            (
                Arc::clone(&admin),
                Arc::clone(&keys),
                Arc::clone(&run),
                done_tx.clone(),
            )
        };
        let mut v = Vec::new();
        let spawn_with = shares();
        v.push(thread::spawn(move || {
            let (kms, keys, run, done) = spawn_with;
            for round in 0..ROUNDS / 3 {
                let key = match round % 3 {
                    0 => &keys.aes[0],
                    1 => &keys.signer,
                    _ => &keys.aes[1],
                };
                let id = key.as_str();
                run.change(key, State::Disabled, || kms.disable_key(id));
                run.change(key, State::Enabled, || kms.enable_key(id));
                run.change(key, State::PendingDeletion, || {
                    kms.schedule_key_deletion(
                        ScheduleKeyDeletionRequest::new(id).pending_window_in_days(7),
                    )
                    .map(|_| ())
                });
                run.change(key, State::Disabled, || {
                    kms.cancel_key_deletion(id).map(|_| ())
                });
                run.change(key, State::Enabled, || kms.enable_key(id));
            }
            done.send(()).unwrap();
            Vec::new()
        }));
        let spawn_with = shares();
        v.push(thread::spawn(move || {
            let (kms, keys, run, done) = spawn_with;
            for round in 0..ROUNDS / 2 {
                let key = &keys.aes[0];
                let _ = run.call(key, "rotate", || kms.rotate_key_on_demand(key.as_str()));
                // The other admin may have the target pending deletion.
                let target = &keys.aes[round % 2];
                match kms.update_alias(UpdateAliasRequest::new("alias/stress", target.as_str())) {
                    Ok(()) | Err(Error::InvalidState { .. }) => {}
                    Err(e) => panic!("retarget the alias: {e}"),
                }
                // The SM4 key is only ever disabled and enabled here.
                run.change(&keys.sm4, State::Disabled, || {
                    kms.disable_key(keys.sm4.as_str())
                });
                run.change(&keys.sm4, State::Enabled, || {
                    kms.enable_key(keys.sm4.as_str())
                });
            }
            done.send(()).unwrap();
            Vec::new()
        }));
        v
    };
    drop(done_tx);

    // Deadlock watch: every thread must report within the bound. Workers
    // go on until both admins are done (they cannot report before), then
    // finish their round.
    let total = WORKERS + admin_threads.len();
    for i in 0..total {
        done_rx
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("{i} of {total} threads finished in 120 s: deadlock?"));
        if i + 1 == admin_threads.len() {
            run.stop.store(true, Ordering::SeqCst);
        }
    }
    let mut made = Vec::new();
    for handle in handles.into_iter().chain(admin_threads) {
        made.extend(handle.join().expect("no thread panicked"));
    }

    let log = run.log.lock().unwrap();
    let (known, overlapping) = check(&log);
    assert!(
        known > 100,
        "too few calls with a known state ({known}) to mean anything"
    );
    let oks = log.calls.iter().filter(|c| c.2 == Outcome::Ok).count();
    let refused = log.calls.len() - oks;
    assert!(
        oks > 0 && refused > 0,
        "the workload never met both states ({oks} ok, {refused} refused)"
    );
    println!(
        "{} calls ({known} with a known state, {overlapping} overlapping a change; \
         {oks} succeeded, {refused} refused), {} state changes, {} blobs",
        log.calls.len(),
        log.changes.len(),
        made.len()
    );

    // Afterwards every key is enabled again and every blob still opens, at
    // the version it was made with.
    for (key, blob, plaintext, version) in &made {
        let response = admin.decrypt(DecryptRequest::new(blob)).unwrap();
        assert_eq!(&response.key_id, key);
        assert_eq!(response.plaintext.expose_secret(), &plaintext[..]);
        assert_eq!(response.key_version, Some(*version));
    }
    let status = admin.get_key_rotation_status(keys.aes[0].as_str()).unwrap();
    assert!(status.current_key_version > Some(1));
}

#[test]
fn in_memory() {
    let kms: Arc<dyn KeyManager> = Arc::new(InMemory::new());
    stress(Arc::clone(&kms), vec![kms]);
}

#[test]
fn file_store_one_handle() {
    let dir = tempfile::tempdir().unwrap();
    let kms: Arc<dyn KeyManager> = Arc::new(
        FileKeyManager::create(dir.path(), RootKey::Key(SecretBytes::new(vec![3; 32]))).unwrap(),
    );
    stress(Arc::clone(&kms), vec![kms]);
}

#[test]
fn file_store_two_handles() {
    let dir = tempfile::tempdir().unwrap();
    let root = || RootKey::Key(SecretBytes::new(vec![4; 32]));
    // The admin's handle makes the store; the worker's opens it.
    let admin: Arc<dyn KeyManager> = Arc::new(FileKeyManager::create(dir.path(), root()).unwrap());
    let worker: Arc<dyn KeyManager> = Arc::new(FileKeyManager::open(dir.path(), root()).unwrap());
    stress(admin, vec![worker]);
}
