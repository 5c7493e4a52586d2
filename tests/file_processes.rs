//! Several processes on one store: a writer killed with SIGKILL at random
//! moments loses no acknowledged change, and concurrent writers lose nothing.
//!
//! The child processes are this test binary, re-run on the ignored test
//! `child_writer`, which writes to the store named in its environment and
//! prints `ACK key|alias|tag …` after each call returns.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use polykms::{
    CreateAliasRequest, CreateKeyRequest, DecryptRequest, EncryptRequest, FileKeyManager,
    KeyManager, KeyManagerExt, KeySpec, RootKey, SecretBytes, Tag, TagResourceRequest,
};

const ROOT: [u8; 32] = [0x5c; 32];

fn root() -> RootKey {
    RootKey::Key(SecretBytes::from(ROOT.to_vec()))
}

/// Opens the existing store in `dir`.
fn open(dir: &Path) -> FileKeyManager {
    FileKeyManager::open(dir, root()).unwrap()
}

/// Creates the store the processes share.
fn create(dir: &Path) -> FileKeyManager {
    FileKeyManager::create(dir, root()).unwrap()
}

/// Run by the parent tests only, in a child process.
#[test]
#[ignore = "the entry point of the child processes of the other tests"]
fn child_writer() {
    let dir = std::env::var("POLYKMS_CHILD_STORE").expect("run by the process tests");
    let prefix = std::env::var("POLYKMS_CHILD_PREFIX").unwrap();
    let count: usize = std::env::var("POLYKMS_CHILD_COUNT")
        .unwrap()
        .parse()
        .unwrap();
    let kms = open(Path::new(&dir));
    for i in 0..count {
        let key = kms
            .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
            .unwrap();
        println!("ACK key {}", key.key_id);
        let alias = format!("alias/{prefix}-{i}");
        kms.create_alias(CreateAliasRequest::new(&alias, &key.key_id))
            .unwrap();
        println!("ACK alias {alias} {}", key.key_id);
        kms.tag_resource(TagResourceRequest::new(
            &key.key_id,
            [Tag::new("writer", &prefix)],
        ))
        .unwrap();
        println!("ACK tag {} {prefix}", key.key_id);
    }
}

fn spawn_child(dir: &Path, prefix: &str, count: usize) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_writer",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("POLYKMS_CHILD_STORE", dir)
        .env("POLYKMS_CHILD_PREFIX", prefix)
        .env("POLYKMS_CHILD_COUNT", count.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// What the children acknowledged.
#[derive(Default)]
struct Acked {
    keys: BTreeSet<String>,
    aliases: BTreeMap<String, String>,
    tags: BTreeMap<String, String>,
}

impl Acked {
    fn read(&mut self, child: &mut Child) {
        let out = BufReader::new(child.stdout.take().unwrap());
        for line in out.lines().map_while(Result::ok) {
            // libtest may print "test child_writer ... " before the first line.
            let Some(at) = line.find("ACK ") else {
                continue;
            };
            let words: Vec<&str> = line[at..].split_whitespace().collect();
            match words.as_slice() {
                ["ACK", "key", id] => {
                    self.keys.insert(id.to_string());
                }
                ["ACK", "alias", alias, id] => {
                    self.aliases.insert(alias.to_string(), id.to_string());
                }
                ["ACK", "tag", id, value] => {
                    self.tags.insert(id.to_string(), value.to_string());
                }
                _ => {}
            }
        }
    }

    /// Every acknowledged change is in the store, and every key works.
    fn check(&self, kms: &FileKeyManager) {
        let listed: BTreeSet<String> = kms
            .list_all_keys()
            .unwrap()
            .into_iter()
            .map(|k| k.key_id.to_string())
            .collect();
        for id in &self.keys {
            assert!(listed.contains(id), "acknowledged key {id} is missing");
            let sealed = kms
                .encrypt(EncryptRequest::new(id, b"still works"))
                .unwrap();
            let opened = kms
                .decrypt(DecryptRequest::new(&sealed.ciphertext_blob))
                .unwrap();
            assert_eq!(opened.plaintext.expose_secret(), b"still works");
        }
        for (alias, id) in &self.aliases {
            assert_eq!(
                kms.describe_key(alias).unwrap().key_id.as_str(),
                id,
                "{alias}"
            );
        }
        for (id, value) in &self.tags {
            assert!(
                kms.list_all_resource_tags(id)
                    .unwrap()
                    .contains(&Tag::new("writer", value)),
                "{id}"
            );
        }
    }
}

/// A small pseudo-random sequence (no dependency needed for kill timing).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn a_writer_killed_at_random_moments_loses_no_acknowledged_change() {
    let dir = tempfile::tempdir().unwrap();
    create(dir.path());
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut rng = Lcg(seed);
    let mut acked = Acked::default();
    let started = Instant::now();
    let mut iterations = 0;
    let mut killed_mid_run = 0;
    while iterations < 150 && started.elapsed() < Duration::from_secs(60) {
        let mut child = spawn_child(dir.path(), &format!("crash{iterations}"), 1000);
        std::thread::sleep(Duration::from_millis(5 + rng.next(60)));
        if child.try_wait().unwrap().is_none() {
            killed_mid_run += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        acked.read(&mut child);
        let kms = open(dir.path());
        acked.check(&kms);
        iterations += 1;
    }
    eprintln!(
        "crash test: {iterations} iterations (seed {seed}), {killed_mid_run} kills while writing, {} keys acknowledged",
        acked.keys.len()
    );
    assert!(iterations >= 50, "only {iterations} iterations ran");
    assert!(
        killed_mid_run >= iterations / 2,
        "most kills must land while the child writes"
    );
    assert!(!acked.keys.is_empty());
}

#[test]
fn concurrent_writer_processes_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    create(dir.path());
    let per_child = 25;
    let mut children: Vec<Child> = (0..4)
        .map(|i| spawn_child(dir.path(), &format!("proc{i}"), per_child))
        .collect();
    // This process writes at the same time.
    let kms = open(dir.path());
    let mut mine = Vec::new();
    for i in 0..per_child {
        let key = kms
            .create_key(CreateKeyRequest::new(KeySpec::Hmac256).alias(format!("alias/parent-{i}")))
            .unwrap();
        mine.push(key.key_id.to_string());
    }
    let mut acked = Acked::default();
    for child in &mut children {
        let status = child.wait().unwrap();
        assert!(status.success(), "a writer failed");
        acked.read(child);
    }
    assert_eq!(acked.keys.len(), 4 * per_child);
    assert_eq!(acked.aliases.len(), 4 * per_child);
    assert_eq!(acked.tags.len(), 4 * per_child);
    // Both the running handle and a fresh one see everything.
    acked.check(&kms);
    let fresh = open(dir.path());
    acked.check(&fresh);
    let total = fresh.list_all_keys().unwrap().len();
    assert_eq!(total, 5 * per_child);
    for (i, id) in mine.iter().enumerate() {
        assert_eq!(
            fresh
                .describe_key(&format!("alias/parent-{i}"))
                .unwrap()
                .key_id
                .as_str(),
            id
        );
    }
}
