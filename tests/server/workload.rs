//! A mixed workload over the server, for the load and kill tests: clients
//! on keep-alive connections create keys, aliases and tags, rotate keys,
//! encrypt and decrypt, and sign; each keeps a ledger of every write the
//! server acknowledged, checked against the store afterwards.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use polykms::{FileKeyManager, KeyManager, KeyManagerExt};
use serde_json::{Value, json};

use crate::harness::{AKID_A, SECRET_A};
use crate::raw_http::RawRequest;

/// Tags and on-demand rotations are limited per key; the workload stays
/// under these.
const MAX_TAGS: usize = 40;
const MAX_ROTATIONS: u32 = 5;

/// A small deterministic generator (xorshift64*), seeded per client.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A seed from the clock, unless `POLYKMS_<NAME>_SEED` gives one.
pub fn seed(name: &str) -> u64 {
    let variable = format!("POLYKMS_{name}_SEED");
    match std::env::var(&variable) {
        Ok(seed) => seed
            .parse()
            .unwrap_or_else(|_| panic!("{variable}={seed:?}")),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
    }
}

/// What the server acknowledged to one client.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Key id: its acknowledged tags (unique keys) and on-demand rotations.
    pub keys: BTreeMap<String, KeyRecord>,
    /// Alias name: its key.
    pub aliases: BTreeMap<String, String>,
}

#[derive(Debug, Default)]
pub struct KeyRecord {
    pub tags: BTreeMap<String, String>,
    pub rotations: u32,
}

impl Ledger {
    pub fn merge(&mut self, other: Ledger) {
        self.keys.extend(other.keys);
        self.aliases.extend(other.aliases);
    }

    pub fn writes(&self) -> usize {
        let per_key: usize = self
            .keys
            .values()
            .map(|k| 1 + k.tags.len() + k.rotations as usize)
            .sum();
        per_key + self.aliases.len()
    }

    /// Checks every acknowledged write against `store` (account A's).
    /// With `exact`, the store must hold nothing more for these keys (no
    /// request failed, so none can have been applied unacknowledged); else
    /// more is allowed (rotations applied just before a crash).
    pub fn verify(&self, store: &FileKeyManager, exact: bool) -> Result<(), String> {
        let aliases: HashMap<String, String> = store
            .list_all_aliases(None)
            .map_err(|e| format!("list aliases: {e}"))?
            .into_iter()
            .map(|a| (a.alias_name, a.target_key_id.to_string()))
            .collect();
        let mut lost = Vec::new();
        for (name, key) in &self.aliases {
            match aliases.get(name) {
                Some(target) if target == key => {}
                other => lost.push(format!("alias {name} -> {key}: found {other:?}")),
            }
        }
        for (id, record) in &self.keys {
            if let Err(e) = store.describe_key(id) {
                lost.push(format!("key {id}: {e}"));
                continue;
            }
            let tags: HashMap<String, String> = store
                .list_all_resource_tags(id)
                .map_err(|e| format!("tags of {id}: {e}"))?
                .into_iter()
                .map(|t| (t.key, t.value))
                .collect();
            for (k, v) in &record.tags {
                if tags.get(k) != Some(v) {
                    lost.push(format!("tag {k}={v} of {id}: found {:?}", tags.get(k)));
                }
            }
            if exact && tags.len() != record.tags.len() {
                lost.push(format!(
                    "key {id}: {} tags, {} acknowledged",
                    tags.len(),
                    record.tags.len()
                ));
            }
            let rotations = store
                .list_all_key_rotations(id)
                .map_err(|e| format!("rotations of {id}: {e}"))?
                .len() as u32;
            let held = if exact {
                rotations == record.rotations
            } else {
                rotations >= record.rotations
            };
            if !held {
                lost.push(format!(
                    "key {id}: {rotations} rotations, {} acknowledged",
                    record.rotations
                ));
            }
        }
        if lost.is_empty() {
            Ok(())
        } else {
            let shown: Vec<_> = lost.iter().take(20).cloned().collect();
            Err(format!(
                "{} acknowledged writes lost:\n{}",
                lost.len(),
                shown.join("\n")
            ))
        }
    }
}

/// The operations of the mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    CreateKey,
    CreateAlias,
    Tag,
    EncryptDecrypt,
    Sign,
    Rotate,
}

impl Op {
    pub const ALL: [Op; 6] = [
        Op::CreateKey,
        Op::CreateAlias,
        Op::Tag,
        Op::EncryptDecrypt,
        Op::Sign,
        Op::Rotate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Op::CreateKey => "CreateKey",
            Op::CreateAlias => "CreateAlias",
            Op::Tag => "TagResource",
            Op::EncryptDecrypt => "Encrypt+Decrypt",
            Op::Sign => "Sign",
            Op::Rotate => "RotateKeyOnDemand",
        }
    }

    /// Percent of the mix: reads and writes about even.
    fn pick(rng: &mut Rng) -> Op {
        match rng.below(100) {
            0..10 => Op::CreateKey,
            10..20 => Op::CreateAlias,
            20..35 => Op::Tag,
            35..70 => Op::EncryptDecrypt,
            70..90 => Op::Sign,
            _ => Op::Rotate,
        }
    }
}

/// Why a request got no success answer.
#[derive(Debug)]
pub enum Failure {
    /// The connection failed (the server may or may not have applied it).
    Connection(std::io::Error),
    /// An answer other than success.
    Refused(String),
}

/// One client: its connection, its keys, its ledger.
pub struct Client {
    pub id: usize,
    conn: Option<Conn>,
    rng: Rng,
    /// A P-256 signing key every client shares.
    signing_key: String,
    counter: u64,
    pub ledger: Ledger,
    /// Latency of every request answered, µs.
    pub latencies: Vec<u32>,
    /// Operations completed, by [`Op::ALL`]'s order.
    pub by_op: [u64; 6],
    /// Requests that got no success answer (what the caller's policy kept).
    pub failures: Vec<String>,
}

impl Client {
    pub fn new(id: usize, seed: u64, signing_key: &str) -> Self {
        Self {
            id,
            conn: None,
            rng: Rng::new(seed ^ (id as u64).wrapping_mul(0xA24B_AED4_963E_E407)),
            signing_key: signing_key.to_owned(),
            counter: 0,
            ledger: Ledger::default(),
            latencies: Vec::new(),
            by_op: [0; 6],
            failures: Vec::new(),
        }
    }

    /// Drops the connection (after a failure, or a server restart).
    pub fn disconnect(&mut self) {
        self.conn = None;
    }

    fn call(&mut self, addr: SocketAddr, operation: &str, body: Value) -> Result<Value, Failure> {
        let request = RawRequest::new(addr, operation, body.to_string()).signed(AKID_A, SECRET_A);
        if self.conn.is_none() {
            self.conn = Some(Conn::connect(addr).map_err(Failure::Connection)?);
        }
        let conn = self.conn.as_mut().unwrap();
        let started = Instant::now();
        let answer = conn.call(&request.bytes());
        if answer.is_ok() {
            let micros = started.elapsed().as_micros();
            self.latencies
                .push(u32::try_from(micros).unwrap_or(u32::MAX));
        }
        match answer {
            Err(e) => {
                self.conn = None;
                Err(Failure::Connection(e))
            }
            Ok((200, body)) => serde_json::from_slice(&body)
                .map_err(|e| Failure::Refused(format!("{operation}: {e}"))),
            Ok((status, body)) => Err(Failure::Refused(format!(
                "{operation}: {status} {}",
                String::from_utf8_lossy(&body)
            ))),
        }
    }

    /// A key of this client's (acknowledged) chosen by `fits`, if any.
    fn own_key(&mut self, fits: impl Fn(&KeyRecord) -> bool) -> Option<String> {
        let candidates: Vec<&String> = self
            .ledger
            .keys
            .iter()
            .filter(|(_, r)| fits(r))
            .map(|(id, _)| id)
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let at = self.rng.below(candidates.len() as u64) as usize;
        Some(candidates[at].clone())
    }

    /// Runs one operation of the mix, recording what the server
    /// acknowledged; the operation run.
    pub fn step(&mut self, addr: SocketAddr) -> Result<Op, Failure> {
        let mut op = Op::pick(&mut self.rng);
        let key = match op {
            Op::CreateKey | Op::Sign => None,
            Op::Tag => self.own_key(|r| r.tags.len() < MAX_TAGS),
            Op::Rotate => self.own_key(|r| r.rotations < MAX_ROTATIONS),
            _ => self.own_key(|_| true),
        };
        if key.is_none() && !matches!(op, Op::Sign) {
            op = Op::CreateKey;
        }
        self.counter += 1;
        let n = self.counter;
        match op {
            Op::CreateKey => {
                let body = json!({"Description": format!("load {} {n}", self.id)});
                let answer = self.call(addr, "CreateKey", body)?;
                let id = answer["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
                self.ledger.keys.insert(id, KeyRecord::default());
            }
            Op::CreateAlias => {
                let key = key.unwrap();
                let name = format!("alias/load-{}-{n}", self.id);
                self.call(
                    addr,
                    "CreateAlias",
                    json!({"AliasName": name, "TargetKeyId": key}),
                )?;
                self.ledger.aliases.insert(name, key);
            }
            Op::Tag => {
                let key = key.unwrap();
                let (k, v) = (format!("t{n}"), format!("v{}-{n}", self.id));
                let body = json!({"KeyId": key, "Tags": [{"TagKey": k, "TagValue": v}]});
                self.call(addr, "TagResource", body)?;
                self.ledger.keys.get_mut(&key).unwrap().tags.insert(k, v);
            }
            Op::Rotate => {
                let key = key.unwrap();
                self.call(addr, "RotateKeyOnDemand", json!({"KeyId": key}))?;
                self.ledger.keys.get_mut(&key).unwrap().rotations += 1;
            }
            Op::EncryptDecrypt => {
                let key = key.unwrap();
                let plaintext = base64(format!("message {} {n}", self.id).as_bytes());
                let context = json!({"client": self.id.to_string()});
                let encrypted = self.call(
                    addr,
                    "Encrypt",
                    json!({"KeyId": key, "Plaintext": plaintext, "EncryptionContext": context}),
                )?;
                let blob = encrypted["CiphertextBlob"].clone();
                let decrypted = self.call(
                    addr,
                    "Decrypt",
                    json!({"CiphertextBlob": blob, "EncryptionContext": context}),
                )?;
                if decrypted["Plaintext"].as_str() != Some(plaintext.as_str()) {
                    return Err(Failure::Refused(format!("decrypted {decrypted}")));
                }
            }
            Op::Sign => {
                let body = json!({"KeyId": self.signing_key, "Message": base64(b"load message"),
                                  "MessageType": "RAW", "SigningAlgorithm": "ECDSA_SHA_256"});
                self.call(addr, "Sign", body)?;
            }
        }
        self.by_op[Op::ALL.iter().position(|o| *o == op).unwrap()] += 1;
        Ok(op)
    }
}

/// A keep-alive connection whose failures are errors, not panics.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    fn connect(addr: SocketAddr) -> std::io::Result<Self> {
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        stream.set_nodelay(true)?;
        Ok(Self {
            stream,
            buf: Vec::new(),
        })
    }

    /// Sends a request; its answer's status and body (`Content-Length`
    /// framed, as the server answers).
    fn call(&mut self, request: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
        self.stream.write_all(request)?;
        let head_end = loop {
            if let Some(at) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            self.fill()?;
        };
        let head = String::from_utf8_lossy(&self.buf[..head_end]).into_owned();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad head {head:?}")))?;
        let length = head
            .split("\r\n")
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse::<usize>().ok())
            .unwrap_or(0);
        while self.buf.len() < head_end + length {
            self.fill()?;
        }
        let body = self.buf[head_end..head_end + length].to_vec();
        self.buf.drain(..head_end + length);
        Ok((status, body))
    }

    fn fill(&mut self) -> std::io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        let n = self.stream.read(&mut chunk)?;
        if n == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed",
            ));
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}

pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Runs `clients` against the address in `addr` until `stop` is set,
/// each on a thread of its own; a failed request is passed to `failed`
/// (with the client), which says whether to go on.
pub fn run_clients(
    clients: Vec<Client>,
    addr: Arc<RwLock<SocketAddr>>,
    stop: Arc<AtomicBool>,
    failed: fn(&mut Client, Failure) -> bool,
) -> Vec<std::thread::JoinHandle<Client>> {
    clients
        .into_iter()
        .map(|mut client| {
            let (addr, stop) = (addr.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let at = *addr.read().unwrap();
                    if let Err(failure) = client.step(at)
                        && !failed(&mut client, failure)
                    {
                        break;
                    }
                }
                client
            })
        })
        .collect()
}

/// The `q` quantile (0..=1) of sorted latencies, µs.
pub fn quantile(sorted: &[u32], q: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let at = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}
