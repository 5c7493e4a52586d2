//! Authenticated requests under a flood of badly signed ones: how much the
//! flood slows them. The server (in this process, on a multi-threaded tokio
//! runtime of its own with the default workers, as `kms serve`; over a
//! `FileKeyManager` in a temporary directory) serves 4 authenticated
//! clients, each on a keep-alive HTTP/1.1 connection sending `Encrypt`
//! (256 bytes, signed afresh with SigV4 each time) one at a time, while
//! flooders on connections of their own send a request signed with the
//! wrong secret (well formed, so each is refused only after the signature
//! is computed and compared) as fast as the server answers, reconnecting
//! at once whenever the server closes their connection (it holds a refusal
//! back by `ServerOptions::refusal_delay`, then closes).
//!
//! Phases alternate, baseline (no flood) then flood, for every flood size,
//! round after round, so that drift hits both alike; the ratios are of the
//! flood phase to the baseline phase of the same round, and the table shows
//! their median over the rounds. Nothing here asserts a time.
//!
//! Run with `cargo bench --features server --bench server_flood`; options
//! after `--`: `--seconds S` (per phase, default 2), `--rounds N` (default
//! 5), `--out FILE` (default `target/criterion/server_flood.md`).

#[path = "machine.rs"]
mod machine;
#[allow(dead_code)]
#[path = "../tests/server/raw_http.rs"]
mod raw_http;
#[path = "../tests/server/server_thread.rs"]
mod server_thread;

/// What `raw_http` signs for.
mod harness {
    pub const REGION: &str = "eu-west-1";
}

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use polykms::server::{Accounts, Credential, Server};
use polykms::{FileKeyManager, FileOptions, ResourceNamespace, RootKey, SecretBytes};
use serde_json::json;

use raw_http::RawRequest;
use server_thread::ServerThread;

const REGION: &str = harness::REGION;
const ACCOUNT: &str = "111122223333";
const AKID: &str = "AKIDBENCHFLOOD";
const SECRET: &str = "bench/flood+secret";
/// Authenticated clients.
const CLIENTS: usize = 4;
/// Flooders of each flood phase.
const FLOODS: [usize; 4] = [4, 16, 64, 256];

struct Options {
    seconds: f64,
    rounds: usize,
    out: PathBuf,
}

impl Options {
    fn parse() -> Self {
        let mut options = Options {
            seconds: 2.0,
            rounds: 5,
            out: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/criterion/server_flood.md"),
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--seconds" => {
                    options.seconds = args
                        .next()
                        .and_then(|s| s.parse().ok())
                        .expect("--seconds S")
                }
                "--rounds" => {
                    options.rounds = args
                        .next()
                        .and_then(|s| s.parse().ok())
                        .expect("--rounds N")
                }
                "--out" => options.out = PathBuf::from(args.next().expect("--out FILE")),
                // cargo bench passes --bench.
                _ => {}
            }
        }
        options
    }
}

/// A keep-alive connection reading `Content-Length` framed answers.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    fn connect(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).expect("connect");
        stream.set_nodelay(true).unwrap();
        Self {
            stream,
            buf: Vec::new(),
        }
    }

    /// Sends `request`, reads the answer: its status, and whether the
    /// server closes the connection after it.
    fn call(&mut self, request: &[u8]) -> (u16, bool) {
        self.stream.write_all(request).expect("send");
        let head_end = loop {
            if let Some(at) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let mut chunk = [0u8; 16 * 1024];
            let n = self.stream.read(&mut chunk).expect("read");
            assert!(n > 0, "connection closed");
            self.buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&self.buf[..head_end]).into_owned();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("a status");
        let length: usize = head
            .split("\r\n")
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse().ok())
            .unwrap_or(0);
        while self.buf.len() < head_end + length {
            let mut chunk = [0u8; 16 * 1024];
            let n = self.stream.read(&mut chunk).expect("read");
            assert!(n > 0, "connection closed");
            self.buf.extend_from_slice(&chunk[..n]);
        }
        self.buf.drain(..head_end + length);
        let closes = head
            .split("\r\n")
            .filter_map(|l| l.split_once(':'))
            .any(|(k, v)| {
                k.trim().eq_ignore_ascii_case("connection")
                    && v.trim().eq_ignore_ascii_case("close")
            });
        (status, closes)
    }
}

/// What the authenticated clients did in one phase.
struct Phase {
    requests: usize,
    seconds: f64,
    /// Sorted, ns.
    latencies: Vec<u64>,
    flood_requests: usize,
}

impl Phase {
    fn rps(&self) -> f64 {
        self.requests as f64 / self.seconds
    }

    fn quantile(&self, q: f64) -> f64 {
        let at = ((self.latencies.len() as f64 - 1.0) * q).round() as usize;
        self.latencies[at] as f64
    }
}

fn run_phase(addr: SocketAddr, key: &str, flooders: usize, seconds: f64) -> Phase {
    let stop = Arc::new(AtomicBool::new(false));
    let bad = RawRequest::new(addr, "ListKeys", "{}")
        .signed(AKID, "not the secret")
        .bytes();
    let flood: Vec<JoinHandle<usize>> = (0..flooders)
        .map(|_| {
            let (stop, bad) = (stop.clone(), bad.clone());
            std::thread::spawn(move || {
                let mut conn = Conn::connect(addr);
                let mut sent = 0;
                while !stop.load(Ordering::Relaxed) {
                    let (status, closes) = conn.call(&bad);
                    assert_eq!(status, 400, "a bad signature was not refused");
                    sent += 1;
                    // The server closes a connection after a refusal: a
                    // flooder comes straight back on a new one.
                    if closes {
                        conn = Conn::connect(addr);
                    }
                }
                sent
            })
        })
        .collect();
    let plaintext = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode([0x42u8; 256])
    };
    let body = json!({"KeyId": key, "Plaintext": plaintext}).to_string();
    let started = Instant::now();
    let clients: Vec<JoinHandle<Vec<u64>>> = (0..CLIENTS)
        .map(|_| {
            let (stop, body) = (stop.clone(), body.clone());
            std::thread::spawn(move || {
                let mut conn = Conn::connect(addr);
                let mut latencies = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let request = RawRequest::new(addr, "Encrypt", body.clone())
                        .signed(AKID, SECRET)
                        .bytes();
                    let sent = Instant::now();
                    assert_eq!(
                        conn.call(&request).0,
                        200,
                        "an authenticated request failed"
                    );
                    latencies.push(sent.elapsed().as_nanos() as u64);
                }
                latencies
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs_f64(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut latencies: Vec<u64> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let flood_requests = flood.into_iter().map(|f| f.join().unwrap()).sum();
    latencies.sort_unstable();
    Phase {
        requests: latencies.len(),
        seconds,
        latencies,
        flood_requests,
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let options = Options::parse();
    let dir = tempfile::tempdir().unwrap();
    let root = RootKey::Key(SecretBytes::from(vec![7u8; 32]));
    let namespace = ResourceNamespace::new("aws", REGION, ACCOUNT);
    let store = FileKeyManager::create_with(
        dir.path().join("store"),
        root,
        FileOptions::default().namespace(namespace),
    )
    .expect("a store");
    let accounts = Accounts::new(REGION)
        .with_account(ACCOUNT, store)
        .with_credential(Credential::new(AKID, SECRET, ACCOUNT));
    let server = Server::new(accounts).expect("a server");
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.thread_name("polykms-server");
    let running = ServerThread::start(server, runtime);
    let addr = running.addr;
    let created = raw_http::call(
        addr,
        &RawRequest::new(addr, "CreateKey", "{}").signed(AKID, SECRET),
    )
    .ok();
    let key = created["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
    // Warm up.
    run_phase(addr, &key, 0, 0.5);

    let mut rows = Vec::new();
    let mut baselines = Vec::new();
    let mut flooded: Vec<Vec<Phase>> = FLOODS.iter().map(|_| Vec::new()).collect();
    for round in 0..options.rounds {
        let baseline = run_phase(addr, &key, 0, options.seconds);
        for (i, &flooders) in FLOODS.iter().enumerate() {
            flooded[i].push(run_phase(addr, &key, flooders, options.seconds));
        }
        eprintln!(
            "round {}/{}: baseline {:.0} requests/s",
            round + 1,
            options.rounds,
            baseline.rps()
        );
        baselines.push(baseline);
    }
    let base_rps = median(baselines.iter().map(Phase::rps).collect());
    let base_p50 = median(baselines.iter().map(|p| p.quantile(0.5)).collect());
    let base_p99 = median(baselines.iter().map(|p| p.quantile(0.99)).collect());
    rows.push(format!(
        "| none | | {:.0} | {:.0} µs | {:.0} µs | | | |",
        base_rps,
        base_p50 / 1000.0,
        base_p99 / 1000.0
    ));
    for (i, &flooders) in FLOODS.iter().enumerate() {
        let phases = &flooded[i];
        let ratio = |f: &dyn Fn(&Phase) -> f64, inverse: bool| {
            median(
                phases
                    .iter()
                    .zip(&baselines)
                    .map(|(p, b)| if inverse { f(b) / f(p) } else { f(p) / f(b) })
                    .collect(),
            )
        };
        let flood_rps = median(
            phases
                .iter()
                .map(|p| p.flood_requests as f64 / p.seconds)
                .collect(),
        );
        rows.push(format!(
            "| {flooders} connections | {:.0} | {:.0} | {:.0} µs | {:.0} µs | {:.2} | {:.2} | {:.2} |",
            flood_rps,
            median(phases.iter().map(Phase::rps).collect()),
            median(phases.iter().map(|p| p.quantile(0.5)).collect()) / 1000.0,
            median(phases.iter().map(|p| p.quantile(0.99)).collect()) / 1000.0,
            ratio(&Phase::rps, true),
            ratio(&|p: &Phase| p.quantile(0.5), false),
            ratio(&|p: &Phase| p.quantile(0.99), false),
        ));
    }
    let mut out = String::new();
    out.push_str(&format!(
        "One run on this machine ({}; {}), by `cargo bench --features server --bench server_flood`: {} rounds of {} s phases; \
         {CLIENTS} authenticated connections (Encrypt, 256 bytes).\n\n",
        machine::cpu_model(),
        machine::today(),
        options.rounds,
        options.seconds
    ));
    out.push_str(
        "| flood | flood requests/s refused | authenticated requests/s | p50 | p99 | slowdown (throughput) | p50 ratio | p99 ratio |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        out.push_str(&row);
        out.push('\n');
    }
    print!("{out}");
    if let Some(parent) = options.out.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&options.out, out).unwrap();
    drop(running);
}
