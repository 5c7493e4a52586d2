//! The KMS server under load over loopback: requests per second and
//! client-side p50/p99 latency for `Encrypt` (4 KiB), `Sign` (ECC_NIST_P256,
//! ECDSA_SHA_256, 32-byte RAW message) and `GenerateDataKey` (AES_256) at 1,
//! 8 and 64 keep-alive HTTP/1.1 connections, against
//!
//! - this crate's server, in this process on a tokio runtime of its own
//!   (configured as `kms serve` configures it), over a `FileKeyManager` in a
//!   temporary directory;
//! - `moto_server` (pip `moto[server]`), started as a subprocess on a free
//!   port (its column is skipped, and the output says so, if it cannot be
//!   started);
//! - the same file store called directly (1 and 8 threads), for the ratio
//!   server throughput / in-process throughput.
//!
//! The load generator is the same for both servers: hyper 1 client
//! connections, each sending one request at a time, every request signed
//! afresh with SigV4 by `aws-sigv4` as the SDKs sign them.
//!
//! Run with `cargo bench --features server --bench server` (or
//! `python3 benches/report.py --run --only server`, which also puts the
//! section into `BENCHMARKS.md`). Options after `--`: `--seconds S` (per
//! cell, default 3), `--warmup S` (default 0.5), `--no-moto`, `--out FILE`
//! (default `target/criterion/server.md`; the raw figures go beside it as
//! `server.json`). `MOTO_SERVER` names another `moto_server` executable.
//!
//! Nothing here asserts a time: the bench measures and reports.

use std::collections::HashMap;
use std::future::Future;
use std::net::{SocketAddr, TcpListener as StdListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use polykms::server::{Accounts, Credential, Server};
use polykms::{
    DataKeySpec, EncryptRequest, FileKeyManager, FileOptions, GenerateDataKeyRequest, KeyManager,
    ResourceNamespace, RootKey, SecretBytes, SignRequest, SigningAlgorithm,
};
use serde_json::{Value, json};

const REGION: &str = "eu-west-1";
const ACCOUNT: &str = "111122223333";
const AKID: &str = "AKIDBENCHSERVER";
const SECRET: &str = "bench/server+secret";
const CONNECTIONS: [usize; 3] = [1, 8, 64];
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

struct Options {
    seconds: f64,
    warmup: f64,
    moto: bool,
    out: PathBuf,
}

impl Options {
    fn parse() -> Self {
        let mut options = Options {
            seconds: 3.0,
            warmup: 0.5,
            moto: true,
            out: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/criterion/server.md"),
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--seconds" => options.seconds = number(args.next()),
                "--warmup" => options.warmup = number(args.next()),
                "--no-moto" => options.moto = false,
                "--out" => options.out = PathBuf::from(args.next().expect("--out FILE")),
                _ => {} // `cargo bench` passes `--bench`; filters do not apply here.
            }
        }
        options
    }

    fn duration(&self) -> Duration {
        Duration::from_secs_f64(self.seconds)
    }

    fn warmup(&self) -> Duration {
        Duration::from_secs_f64(self.warmup)
    }
}

fn number(arg: Option<String>) -> f64 {
    arg.and_then(|a| a.parse().ok())
        .expect("a number of seconds")
}

// ---------------------------------------------------------------------------
// The operations

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Encrypt,
    Sign,
    GenerateDataKey,
}

const OPS: [Op; 3] = [Op::Encrypt, Op::Sign, Op::GenerateDataKey];

impl Op {
    fn target(self) -> &'static str {
        match self {
            Op::Encrypt => "TrentService.Encrypt",
            Op::Sign => "TrentService.Sign",
            Op::GenerateDataKey => "TrentService.GenerateDataKey",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Op::Encrypt => "Encrypt",
            Op::Sign => "Sign",
            Op::GenerateDataKey => "GenerateDataKey",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Op::Encrypt => "Encrypt (4 KiB plaintext, SYMMETRIC_DEFAULT key)",
            Op::Sign => "Sign (ECC_NIST_P256, ECDSA_SHA_256, 32-byte RAW message)",
            Op::GenerateDataKey => "GenerateDataKey (AES_256, SYMMETRIC_DEFAULT key)",
        }
    }

    /// The field every successful response has.
    fn response_field(self) -> &'static str {
        match self {
            Op::Encrypt => "CiphertextBlob",
            Op::Sign => "Signature",
            Op::GenerateDataKey => "Plaintext",
        }
    }
}

fn plaintext() -> Vec<u8> {
    (0..4096u32).map(|i| (i * 7 + 3) as u8).collect()
}

fn message() -> Vec<u8> {
    (0..32u8).map(|i| i.wrapping_mul(13)).collect()
}

/// The keys an operation uses on one server.
struct Keys {
    symmetric: String,
    p256: String,
}

impl Keys {
    fn body(&self, op: Op) -> Bytes {
        let body = match op {
            Op::Encrypt => json!({"KeyId": self.symmetric, "Plaintext": B64.encode(plaintext())}),
            Op::Sign => json!({
                "KeyId": self.p256,
                "Message": B64.encode(message()),
                "MessageType": "RAW",
                "SigningAlgorithm": "ECDSA_SHA_256",
            }),
            Op::GenerateDataKey => json!({"KeyId": self.symmetric, "KeySpec": "AES_256"}),
        };
        Bytes::from(serde_json::to_vec(&body).unwrap())
    }
}

// ---------------------------------------------------------------------------
// The client: SigV4-signed JSON 1.1 requests over hyper 1 connections

/// A server to send requests to.
#[derive(Clone)]
struct Endpoint {
    addr: SocketAddr,
    host: String,
    uri: String,
    identity: Arc<Identity>,
}

impl Endpoint {
    fn new(addr: SocketAddr) -> Self {
        let identity: Identity = Credentials::new(AKID, SECRET, None, None, "bench").into();
        Self {
            addr,
            host: addr.to_string(),
            uri: format!("http://{addr}/"),
            identity: Arc::new(identity),
        }
    }

    /// A request as the SDKs send it, signed now.
    fn request(&self, target: &str, body: &Bytes) -> http::Request<Full<Bytes>> {
        let mut request = http::Request::builder()
            .method("POST")
            .uri("/")
            .header("host", &self.host)
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-target", target)
            .header("content-length", body.len())
            .header("user-agent", "polykms-bench/0.1")
            .header("amz-sdk-invocation-id", uuid::Uuid::new_v4().to_string())
            .header("amz-sdk-request", "attempt=1; max=3")
            .body(Full::new(body.clone()))
            .unwrap();
        let params = v4::SigningParams::builder()
            .identity(&self.identity)
            .region(REGION)
            .name("kms")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let headers = request
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str(), value.to_str().unwrap()));
        let signable =
            SignableRequest::new("POST", &self.uri, headers, SignableBody::Bytes(body)).unwrap();
        let (instructions, _) = sign(signable, &params).unwrap().into_parts();
        instructions.apply_to_request_http1x(&mut request);
        request
    }

    async fn connect(&self) -> Result<http1::SendRequest<Full<Bytes>>, String> {
        let stream = tokio::net::TcpStream::connect(self.addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(sender)
    }

    /// Sends one request; the status and body.
    async fn send(
        sender: &mut http1::SendRequest<Full<Bytes>>,
        request: http::Request<Full<Bytes>>,
    ) -> Result<(u16, Bytes), String> {
        sender
            .ready()
            .await
            .map_err(|e| format!("connection: {e}"))?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| format!("request: {e}"))?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("body: {e}"))?
            .to_bytes();
        Ok((status, body))
    }

    /// One call on a fresh connection, its JSON answer (for setup).
    async fn call(&self, target: &str, body: Value) -> Result<Value, String> {
        let body = Bytes::from(serde_json::to_vec(&body).unwrap());
        let mut sender = self.connect().await?;
        let (status, answer) = Self::send(&mut sender, self.request(target, &body)).await?;
        let text = String::from_utf8_lossy(&answer);
        if status != 200 {
            return Err(format!("{target}: HTTP {status}: {text}"));
        }
        serde_json::from_slice(&answer).map_err(|e| format!("{target}: {e}: {text}"))
    }

    async fn create_keys(&self) -> Result<Keys, String> {
        let mut ids = Vec::new();
        for (spec, usage) in [
            ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT"),
            ("ECC_NIST_P256", "SIGN_VERIFY"),
        ] {
            let answer = self
                .call(
                    "TrentService.CreateKey",
                    json!({"KeySpec": spec, "KeyUsage": usage, "Description": "bench"}),
                )
                .await?;
            let id = answer["KeyMetadata"]["KeyId"]
                .as_str()
                .ok_or_else(|| format!("CreateKey answered {answer}"))?;
            ids.push(id.to_owned());
        }
        let p256 = ids.pop().unwrap();
        let symmetric = ids.pop().unwrap();
        Ok(Keys { symmetric, p256 })
    }

    /// Checks that `op` succeeds and answers what it should.
    async fn check(&self, keys: &Keys, op: Op) -> Result<(), String> {
        let body: Value = serde_json::from_slice(&keys.body(op)).unwrap();
        let answer = self.call(op.target(), body).await?;
        match answer[op.response_field()].as_str() {
            Some(b64) if B64.decode(b64).is_ok_and(|b| !b.is_empty()) => Ok(()),
            _ => Err(format!("{} answered {answer}", op.name())),
        }
    }
}

/// What one cell (server, operation, connections) measured.
#[derive(Default)]
struct Cell {
    /// Latencies of the requests started and finished in the timed window.
    samples: Vec<u64>,
    seconds: f64,
    errors: u64,
    reconnects: u64,
    first_error: Option<String>,
    /// Cores used over the cell (warm-up included) by the server and by the
    /// load generator.
    server_cores: f64,
    client_cores: f64,
}

impl Cell {
    fn rps(&self) -> f64 {
        self.samples.len() as f64 / self.seconds
    }

    /// Nearest-rank percentile, in nanoseconds (samples sorted).
    fn percentile(&self, q: f64) -> Option<u64> {
        if self.samples.is_empty() {
            return None;
        }
        let rank = (q * self.samples.len() as f64).ceil() as usize;
        Some(self.samples[rank.clamp(1, self.samples.len()) - 1])
    }

    fn json(&self) -> Value {
        json!({
            "rps": self.rps(),
            "requests": self.samples.len(),
            "p50_us": self.percentile(0.50).map(|n| n as f64 / 1e3),
            "p99_us": self.percentile(0.99).map(|n| n as f64 / 1e3),
            "errors": self.errors,
            "reconnects": self.reconnects,
            "first_error": self.first_error,
            "server_cores": self.server_cores,
            "client_cores": self.client_cores,
        })
    }
}

/// `connections` connections sending `op` one request at a time for
/// `warmup` then `duration`; latencies of the timed window.
async fn run_cell(
    endpoint: &Endpoint,
    keys: &Keys,
    op: Op,
    connections: usize,
    warmup: Duration,
    duration: Duration,
) -> Cell {
    let body = keys.body(op);
    let begin = Instant::now() + warmup;
    let end = begin + duration;
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let endpoint = endpoint.clone();
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            let mut cell = Cell::default();
            let mut sender: Option<http1::SendRequest<Full<Bytes>>> = None;
            while Instant::now() < end {
                // A request that needs a new connection (the server closed
                // the last one) pays for connecting in its latency, as an
                // SDK's request would; signing is not counted.
                let started = Instant::now();
                if let Some(s) = sender.as_mut()
                    && s.ready().await.is_err()
                {
                    cell.reconnects += 1;
                    sender = None;
                }
                if sender.is_none() {
                    match endpoint.connect().await {
                        Ok(s) => sender = Some(s),
                        Err(e) => {
                            cell.errors += 1;
                            cell.first_error.get_or_insert(e);
                            tokio::time::sleep(Duration::from_millis(10)).await;
                            continue;
                        }
                    }
                }
                let connecting = started.elapsed();
                let request = endpoint.request(op.target(), &body);
                let start = Instant::now();
                let sent = tokio::time::timeout(
                    REQUEST_TIMEOUT,
                    Endpoint::send(sender.as_mut().unwrap(), request),
                )
                .await;
                let finish = Instant::now();
                match sent {
                    Ok(Ok((200, _))) => {
                        if started >= begin && finish <= end {
                            cell.samples
                                .push((finish - start + connecting).as_nanos() as u64);
                        }
                    }
                    Ok(Ok((status, answer))) => {
                        cell.errors += 1;
                        cell.first_error.get_or_insert_with(|| {
                            format!("HTTP {status}: {}", String::from_utf8_lossy(&answer))
                        });
                    }
                    Ok(Err(e)) => {
                        cell.errors += 1;
                        cell.reconnects += 1;
                        cell.first_error.get_or_insert(e);
                        sender = None;
                    }
                    Err(_) => {
                        cell.errors += 1;
                        cell.reconnects += 1;
                        cell.first_error.get_or_insert("timeout".into());
                        sender = None;
                    }
                }
                // A server that closes the connection after a response (no
                // keep-alive) costs a reconnection, counted as such.
                if sender.as_ref().is_some_and(|s| s.is_closed()) {
                    cell.reconnects += 1;
                    sender = None;
                }
            }
            cell
        }));
    }
    let mut total = Cell {
        seconds: duration.as_secs_f64(),
        ..Cell::default()
    };
    for task in tasks {
        let cell = task.await.unwrap();
        total.samples.extend(cell.samples);
        total.errors += cell.errors;
        total.reconnects += cell.reconnects;
        if total.first_error.is_none() {
            total.first_error = cell.first_error;
        }
    }
    total.samples.sort_unstable();
    total
}

// ---------------------------------------------------------------------------
// The servers

/// This crate's server on a runtime thread of its own, as `kms serve` runs
/// it (a multi-threaded runtime with the default number of workers).
struct OurServer {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl OurServer {
    fn start(store: Arc<FileKeyManager>) -> Self {
        let accounts = Accounts::new(REGION)
            .with_account(ACCOUNT, store)
            .with_credential(Credential::new(AKID, SECRET, ACCOUNT));
        let server = Server::new(accounts).unwrap();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            // As `kms serve`'s runtime; named only to count its CPU time.
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .thread_name(SERVER_THREADS)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                addr_tx.send(listener.local_addr().unwrap()).unwrap();
                server
                    .serve(listener, async {
                        let _ = stopped.await;
                    })
                    .await
                    .unwrap();
            });
        });
        let addr = addr_rx.recv().unwrap();
        Self {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for OurServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A `moto_server` subprocess; killed on drop.
struct Moto {
    child: Child,
    addr: SocketAddr,
}

impl Moto {
    fn program() -> String {
        std::env::var("MOTO_SERVER").unwrap_or_else(|_| "moto_server".into())
    }

    fn start() -> Result<Self, String> {
        let port = {
            let probe = StdListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
            probe.local_addr().unwrap().port()
        };
        let program = Self::program();
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => format!(
                    "`{program}` is not installed (pip install 'moto[server]'); the moto columns are skipped"
                ),
                _ => format!("cannot start `{program}`: {e}; the moto columns are skipped"),
            })?;
        Ok(Self {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        })
    }

    /// Waits until moto answers a signed request (up to 60 s).
    async fn wait(&mut self, endpoint: &Endpoint) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "moto_server exited ({status}); the moto columns are skipped"
                ));
            }
            if endpoint
                .call("TrentService.ListKeys", json!({}))
                .await
                .is_ok()
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(
                    "moto_server did not answer within 60 s; the moto columns are skipped".into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn version() -> Option<String> {
        let out = Command::new("python3")
            .args(["-c", "import moto; print(moto.__version__)"])
            .output()
            .ok()?;
        let version = String::from_utf8(out.stdout).ok()?.trim().to_owned();
        (!version.is_empty()).then_some(version)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------
// The provider called directly

/// Operations per second from `threads` threads calling `op` on `store`.
fn in_process(
    store: &Arc<FileKeyManager>,
    keys: &Keys,
    op: Op,
    threads: usize,
    warmup: Duration,
    duration: Duration,
) -> f64 {
    let counting = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let plaintext = plaintext();
    let message = message();
    let elapsed = std::thread::scope(|scope| {
        for _ in 0..threads {
            let (counting, stop, count) = (counting.clone(), stop.clone(), count.clone());
            let (plaintext, message) = (&plaintext, &message);
            scope.spawn(move || {
                let mut done = 0u64;
                let mut was_counting = false;
                while !stop.load(Ordering::Relaxed) {
                    let now_counting = counting.load(Ordering::Relaxed);
                    if now_counting && !was_counting {
                        done = 0;
                        was_counting = true;
                    }
                    match op {
                        Op::Encrypt => {
                            std::hint::black_box(
                                store
                                    .encrypt(EncryptRequest::new(&keys.symmetric, plaintext))
                                    .unwrap(),
                            );
                        }
                        Op::Sign => {
                            std::hint::black_box(
                                store
                                    .sign(SignRequest::new(
                                        &keys.p256,
                                        message,
                                        SigningAlgorithm::EcdsaSha256,
                                    ))
                                    .unwrap(),
                            );
                        }
                        Op::GenerateDataKey => {
                            std::hint::black_box(
                                store
                                    .generate_data_key(GenerateDataKeyRequest::new(
                                        &keys.symmetric,
                                        DataKeySpec::Aes256,
                                    ))
                                    .unwrap(),
                            );
                        }
                    }
                    done += 1;
                }
                if was_counting {
                    count.fetch_add(done, Ordering::Relaxed);
                }
            });
        }
        std::thread::sleep(warmup);
        counting.store(true, Ordering::Relaxed);
        let start = Instant::now();
        std::thread::sleep(duration);
        stop.store(true, Ordering::Relaxed);
        // Each thread finishes its call in flight, which is counted: within
        // one call's time of the window.
        start.elapsed()
    });
    count.load(Ordering::Relaxed) as f64 / elapsed.as_secs_f64()
}

/// Microseconds to sign one Encrypt request (4 KiB body) with SigV4.
fn signing_cost(endpoint: &Endpoint, keys: &Keys) -> f64 {
    let body = keys.body(Op::Encrypt);
    for _ in 0..200 {
        std::hint::black_box(endpoint.request(Op::Encrypt.target(), &body));
    }
    let n = 5_000;
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(endpoint.request(Op::Encrypt.target(), &body));
    }
    start.elapsed().as_secs_f64() * 1e6 / n as f64
}

// ---------------------------------------------------------------------------
// CPU time, to show how the cores were shared between server and client

/// Clock ticks per second of `/proc`'s CPU times.
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(100.0)
}

/// User plus system CPU ticks from a `/proc/…/stat` line, and the name.
fn stat_ticks(stat: &str) -> Option<(String, u64)> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat[open + 1..close].to_owned();
    let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((name, utime + stime))
}

/// CPU ticks of this process's threads whose name starts with `prefix`,
/// by thread id.
fn thread_ticks(prefix: &str) -> HashMap<String, u64> {
    let mut ticks = HashMap::new();
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return ticks;
    };
    for task in tasks.flatten() {
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        if let Some((name, t)) = stat_ticks(&stat)
            && name.starts_with(prefix)
        {
            ticks.insert(task.file_name().to_string_lossy().into_owned(), t);
        }
    }
    ticks
}

/// Ticks spent between two snapshots by the threads of the second (a
/// thread that ended in between is lost; a new one counts from zero).
fn ticks_between(before: &HashMap<String, u64>, after: &HashMap<String, u64>) -> u64 {
    after
        .iter()
        .map(|(tid, t)| t.saturating_sub(before.get(tid).copied().unwrap_or(0)))
        .sum()
}

fn process_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    Some(stat_ticks(&stat)?.1)
}

const SERVER_THREADS: &str = "polykms-server";
const CLIENT_THREADS: &str = "bench-client";

/// Runs a cell and records the cores its server and the load generator
/// used (`server_pid`: a server in another process; else this process's
/// server threads).
fn measured(
    client: &tokio::runtime::Runtime,
    server_pid: Option<u32>,
    tick: f64,
    cell: impl Future<Output = Cell>,
) -> Cell {
    let process_before = server_pid.and_then(process_ticks).unwrap_or(0);
    let threads_before = thread_ticks(SERVER_THREADS);
    let client_before = thread_ticks(CLIENT_THREADS);
    let wall = Instant::now();
    let mut cell = client.block_on(cell);
    let wall = wall.elapsed().as_secs_f64();
    let client_ticks = ticks_between(&client_before, &thread_ticks(CLIENT_THREADS));
    let server_ticks = match server_pid {
        Some(pid) => process_ticks(pid)
            .unwrap_or(0)
            .saturating_sub(process_before),
        None => ticks_between(&threads_before, &thread_ticks(SERVER_THREADS)),
    };
    cell.client_cores = client_ticks as f64 / tick / wall;
    cell.server_cores = server_ticks as f64 / tick / wall;
    cell
}

// ---------------------------------------------------------------------------
// The report

fn fmt_rps(x: f64) -> String {
    if x >= 1e6 {
        format!("{:.2} M", x / 1e6)
    } else if x >= 1e3 {
        format!("{:.1} k", x / 1e3)
    } else {
        format!("{x:.0}")
    }
}

fn fmt_latency(ns: Option<u64>) -> String {
    match ns {
        None => "–".into(),
        Some(ns) if ns < 1_000_000 => format!("{} µs", (ns + 500) / 1000),
        Some(ns) if ns < 10_000_000_000 => format!("{:.1} ms", ns as f64 / 1e6),
        Some(ns) => format!("{:.1} s", ns as f64 / 1e9),
    }
}

fn fmt_ratio(x: f64) -> String {
    if x >= 10.0 {
        format!("{x:.0}×")
    } else {
        format!("{x:.2}×")
    }
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// Today's date (UTC), `YYYY-MM-DD`.
fn today() -> String {
    let days = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        / 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

struct Results {
    /// (op, connections) -> cell, for each server.
    ours: Vec<(Op, usize, Cell)>,
    moto: Vec<(Op, usize, Cell)>,
    /// (op, threads) -> ops/s.
    direct: Vec<(Op, usize, f64)>,
    moto_skipped: Option<String>,
    moto_version: Option<String>,
    signing_us: f64,
    options_seconds: f64,
    options_warmup: f64,
    wall_seconds: f64,
}

fn find(cells: &[(Op, usize, Cell)], op: Op, connections: usize) -> Option<&Cell> {
    cells
        .iter()
        .find(|(o, c, _)| *o == op && *c == connections)
        .map(|(_, _, cell)| cell)
}

fn direct_for(results: &Results, op: Op, connections: usize) -> Option<(usize, f64)> {
    let threads = if connections == 1 { 1 } else { 8 };
    results
        .direct
        .iter()
        .find(|(o, t, _)| *o == op && *t == threads)
        .map(|(_, t, rps)| (*t, *rps))
}

fn cell_note(name: &str, op: Op, connections: usize, cell: &Cell, notes: &mut Vec<String>) {
    if cell.errors > 0 {
        notes.push(format!(
            "{name} {} at {connections} connection(s): {} failed request(s){}",
            op.name(),
            cell.errors,
            cell.first_error
                .as_deref()
                .map(|e| format!("; first: `{}`", e.chars().take(160).collect::<String>()))
                .unwrap_or_default()
        ));
    }
}

/// What a server's reconnections were, over the whole run.
fn reconnection_note(name: &str, cells: &[(Op, usize, Cell)]) -> Option<String> {
    let reconnects: u64 = cells.iter().map(|(_, _, c)| c.reconnects).sum();
    let requests: u64 = cells.iter().map(|(_, _, c)| c.samples.len() as u64).sum();
    if reconnects == 0 {
        None
    } else if reconnects as f64 >= 0.9 * requests as f64 {
        Some(format!(
            "- {name} closes the connection after every response (`Connection: close`), so each of its \
             requests opens a new TCP connection ({reconnects} reconnections); connecting is counted in \
             that request's latency and in req/s, as an SDK would pay it."
        ))
    } else {
        Some(format!(
            "- {name}: {reconnects} reconnection(s) over {requests} requests (connecting is counted in the \
             latency of the request that needed it)."
        ))
    }
}

fn cores_line(results: &Results, op: Op) -> String {
    let mut parts = Vec::new();
    for (name, cells) in [("polykms", &results.ours), ("moto", &results.moto)] {
        let per: Vec<String> = CONNECTIONS
            .iter()
            .filter_map(|&c| find(cells, op, c).map(|cell| (c, cell)))
            .map(|(c, cell)| format!("{c}: {:.2} / {:.2}", cell.server_cores, cell.client_cores))
            .collect();
        if !per.is_empty() {
            parts.push(format!("{name} {}", per.join(", ")));
        }
    }
    format!(
        "Cores used, server / load generator, by connections: {}.",
        parts.join("; ")
    )
}

fn markdown(results: &Results) -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mut out = Vec::new();
    out.push("## Server (AWS KMS JSON 1.1 over loopback)".to_owned());
    out.push(String::new());
    out.push(format!(
        "One run on this machine ({cores} cores, {}; {}), by `python3 benches/report.py --run --only server` \
         (`cargo bench --features server --bench server`); every figure below, ratios included, comes from this one run ({:.0} s), polykms and moto \
         measured cell after cell. {} s per cell after {} s of warm-up.",
        cpu_model(),
        today(),
        results.wall_seconds,
        results.options_seconds,
        results.options_warmup,
    ));
    out.push(String::new());
    let moto_label = match (&results.moto_skipped, &results.moto_version) {
        (Some(_), _) => "moto: skipped (see below)".to_owned(),
        (None, Some(v)) => format!("moto {v} (`moto_server`, Werkzeug, threaded)"),
        (None, None) => "moto (`moto_server`)".to_owned(),
    };
    out.push(format!(
        "- polykms: `polykms::server::Server` in the bench process on its own multi-threaded tokio runtime \
         (default workers, as `kms serve`), over a `FileKeyManager` in a temporary directory with namespace \
         `aws/{REGION}/{ACCOUNT}`; {moto_label}."
    ));
    out.push(
        "- Client: the same Rust load generator for both servers, in the bench process: hyper 1 HTTP/1.1 \
         keep-alive connections, each sending one request at a time; every request is signed afresh with SigV4 \
         (`aws-sigv4`) and carries the SDK's headers (`POST /`, `X-Amz-Target`, \
         `Content-Type: application/x-amz-json-1.1`, base64 blobs in JSON)."
            .to_owned(),
    );
    out.push(format!(
        "- Client, server and signing share the same {cores} cores: the load generator's work (SigV4 signing \
         costs {:.1} µs per 4 KiB Encrypt request here, plus HTTP) is taken from the server's CPU, so requests \
         per second are lower than a server alone on these cores would reach.",
        results.signing_us
    ));
    out.push(
        "- Latency is measured by the client, from handing the signed request to the connection to receiving the \
         whole response body (signing excluded); p50/p99 are over every request of the cell's timed window; \
         req/s counts requests started and finished in that window."
            .to_owned(),
    );
    out.push(
        "- In-process: the same file store called directly (`KeyManager` methods, no HTTP), 1 thread for the \
         1-connection row and 8 threads for the 8- and 64-connection rows; server/in-process is polykms req/s \
         over that figure."
            .to_owned(),
    );
    if let Some(reason) = &results.moto_skipped {
        out.push(format!("- **moto skipped**: {reason}."));
    }
    out.extend(reconnection_note("polykms", &results.ours));
    out.extend(reconnection_note("moto", &results.moto));
    out.push(
        "- Cores used: CPU time of the server (its runtime's threads; for moto, its process) and of the load \
         generator over each cell, divided by the cell's wall time, given under each table."
            .to_owned(),
    );
    out.push(
        "- Noise: this is a shared virtual machine; figures move by tens of percent between runs."
            .to_owned(),
    );
    out.push(String::new());

    let mut notes = Vec::new();
    for op in OPS {
        out.push(format!("### {}", op.title()));
        out.push(String::new());
        out.push(
            "| connections | polykms req/s | p50 | p99 | moto req/s | p50 | p99 | polykms/moto | in-process ops/s | server/in-process |"
                .to_owned(),
        );
        out.push("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|".to_owned());
        for connections in CONNECTIONS {
            let ours = find(&results.ours, op, connections);
            let moto = find(&results.moto, op, connections);
            let mut cells = vec![connections.to_string()];
            match ours {
                Some(c) => {
                    cells.push(fmt_rps(c.rps()));
                    cells.push(fmt_latency(c.percentile(0.50)));
                    cells.push(fmt_latency(c.percentile(0.99)));
                    cell_note("polykms", op, connections, c, &mut notes);
                }
                None => cells.extend(["–".into(), "–".into(), "–".into()]),
            }
            match moto {
                Some(c) => {
                    cells.push(fmt_rps(c.rps()));
                    cells.push(fmt_latency(c.percentile(0.50)));
                    cells.push(fmt_latency(c.percentile(0.99)));
                    cell_note("moto", op, connections, c, &mut notes);
                }
                None => cells.extend(["–".into(), "–".into(), "–".into()]),
            }
            cells.push(match (ours, moto) {
                (Some(o), Some(m)) if m.rps() > 0.0 => fmt_ratio(o.rps() / m.rps()),
                _ => "–".into(),
            });
            match direct_for(results, op, connections) {
                Some((threads, rps)) => {
                    cells.push(format!("{} ({threads} thr.)", fmt_rps(rps)));
                    cells.push(match ours {
                        Some(o) if rps > 0.0 => format!("{:.2}", o.rps() / rps),
                        _ => "–".into(),
                    });
                }
                None => cells.extend(["–".into(), "–".into()]),
            }
            out.push(format!("| {} |", cells.join(" | ")));
        }
        out.push(String::new());
        out.push(cores_line(results, op));
        out.push(String::new());
    }

    out.push("### Targets".to_owned());
    out.push(String::new());
    let mut at8 = Vec::new();
    for op in OPS {
        match (find(&results.ours, op, 8), find(&results.moto, op, 8)) {
            (Some(o), Some(m)) if m.rps() > 0.0 => {
                let ratio = o.rps() / m.rps();
                let verdict = if ratio >= 50.0 {
                    "met"
                } else {
                    "**below 50×**"
                };
                at8.push(format!("{} {} ({verdict})", op.name(), fmt_ratio(ratio)));
            }
            _ => at8.push(format!("{} not measured", op.name())),
        }
    }
    out.push(format!(
        "- polykms throughput / moto's at 8 connections (target ≥ 50×): {}.",
        at8.join("; ")
    ));
    let encrypt: Vec<String> = CONNECTIONS
        .iter()
        .filter_map(|&c| find(&results.ours, Op::Encrypt, c).map(|cell| (c, cell)))
        .map(|(c, cell)| format!("{} at {c}", fmt_latency(cell.percentile(0.50))))
        .collect();
    let verdict = match find(&results.ours, Op::Encrypt, 1).and_then(|c| c.percentile(0.50)) {
        Some(ns) if ns < 150_000 => "met at 1 connection",
        Some(_) => "**above 150 µs at 1 connection**",
        None => "not measured",
    };
    out.push(format!(
        "- polykms p50 for Encrypt 4 KiB over loopback (target < 150 µs): {} connection(s) ({verdict}).",
        encrypt.join(", ")
    ));
    out.push(String::new());
    if !notes.is_empty() {
        out.push("Errors and reconnections during the run:".to_owned());
        out.push(String::new());
        for note in notes {
            out.push(format!("- {note}"));
        }
        out.push(String::new());
    }
    out.join("\n")
}

fn json_results(results: &Results) -> Value {
    let cells = |cells: &[(Op, usize, Cell)]| -> Value {
        cells
            .iter()
            .map(|(op, c, cell)| {
                let mut v = cell.json();
                v["op"] = json!(op.name());
                v["connections"] = json!(c);
                v
            })
            .collect()
    };
    json!({
        "date": today(),
        "cores": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "cpu": cpu_model(),
        "seconds_per_cell": results.options_seconds,
        "warmup_seconds": results.options_warmup,
        "polykms": cells(&results.ours),
        "moto": cells(&results.moto),
        "moto_skipped": results.moto_skipped,
        "moto_version": results.moto_version,
        "in_process": results.direct.iter().map(|(op, t, rps)| json!({"op": op.name(), "threads": t, "ops": rps})).collect::<Value>(),
        "sigv4_sign_us": results.signing_us,
    })
}

// ---------------------------------------------------------------------------

fn main() {
    let options = Options::parse();
    let wall = Instant::now();
    let (warmup, duration) = (options.warmup(), options.duration());

    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(
        FileKeyManager::create_with(
            dir.path().join("store"),
            RootKey::Key(SecretBytes::from(vec![0x42; 32])),
            FileOptions::default().namespace(ResourceNamespace::new("aws", REGION, ACCOUNT)),
        )
        .unwrap(),
    );
    let server = OurServer::start(store.clone());

    // The load generator's runtime: as many workers as cores.
    let client = tokio::runtime::Builder::new_multi_thread()
        .thread_name(CLIENT_THREADS)
        .enable_all()
        .build()
        .unwrap();

    let ours_endpoint = Endpoint::new(server.addr);
    let ours_keys = client
        .block_on(ours_endpoint.create_keys())
        .expect("polykms CreateKey");
    for op in OPS {
        client
            .block_on(ours_endpoint.check(&ours_keys, op))
            .expect("polykms answers");
    }

    let mut moto_skipped = None;
    let mut moto = None;
    if options.moto {
        match Moto::start() {
            Ok(mut process) => {
                let endpoint = Endpoint::new(process.addr);
                match client.block_on(async {
                    process.wait(&endpoint).await?;
                    let keys = endpoint.create_keys().await?;
                    for op in OPS {
                        endpoint.check(&keys, op).await?;
                    }
                    Ok::<_, String>(keys)
                }) {
                    Ok(keys) => moto = Some((process, endpoint, keys)),
                    Err(e) => moto_skipped = Some(e),
                }
            }
            Err(e) => moto_skipped = Some(e),
        }
    } else {
        moto_skipped = Some("`--no-moto` given".into());
    }
    if let Some(reason) = &moto_skipped {
        eprintln!("server bench: {reason}");
    }
    let moto_version = moto.as_ref().and_then(|_| Moto::version());

    let signing_us = signing_cost(&ours_endpoint, &ours_keys);
    let tick = clock_ticks();

    let mut results = Results {
        ours: Vec::new(),
        moto: Vec::new(),
        direct: Vec::new(),
        moto_skipped,
        moto_version,
        signing_us,
        options_seconds: options.seconds,
        options_warmup: options.warmup,
        wall_seconds: 0.0,
    };
    for op in OPS {
        for connections in CONNECTIONS {
            let cell = measured(
                &client,
                None,
                tick,
                run_cell(
                    &ours_endpoint,
                    &ours_keys,
                    op,
                    connections,
                    warmup,
                    duration,
                ),
            );
            eprintln!(
                "server bench: polykms {:<15} {connections:>2} conn: {:>9} req/s, p50 {}, p99 {}, {} errors, cores server {:.2} client {:.2}",
                op.name(),
                fmt_rps(cell.rps()),
                fmt_latency(cell.percentile(0.5)),
                fmt_latency(cell.percentile(0.99)),
                cell.errors,
                cell.server_cores,
                cell.client_cores
            );
            results.ours.push((op, connections, cell));
            if let Some((process, endpoint, keys)) = &moto {
                let cell = measured(
                    &client,
                    Some(process.child.id()),
                    tick,
                    run_cell(endpoint, keys, op, connections, warmup, duration),
                );
                eprintln!(
                    "server bench: moto    {:<15} {connections:>2} conn: {:>9} req/s, p50 {}, p99 {}, {} errors, cores server {:.2} client {:.2}",
                    op.name(),
                    fmt_rps(cell.rps()),
                    fmt_latency(cell.percentile(0.5)),
                    fmt_latency(cell.percentile(0.99)),
                    cell.errors,
                    cell.server_cores,
                    cell.client_cores
                );
                results.moto.push((op, connections, cell));
            }
        }
        for threads in [1, 8] {
            let rps = in_process(&store, &ours_keys, op, threads, warmup, duration);
            eprintln!(
                "server bench: direct  {:<15} {threads:>2} thr.: {:>9} ops/s",
                op.name(),
                fmt_rps(rps)
            );
            results.direct.push((op, threads, rps));
        }
    }
    drop(moto);
    drop(client);
    drop(server);
    results.wall_seconds = wall.elapsed().as_secs_f64();

    let text = markdown(&results);
    println!("{text}");
    if let Some(parent) = options.out.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&options.out, format!("{text}\n")).unwrap();
    std::fs::write(
        options.out.with_extension("json"),
        serde_json::to_string_pretty(&json_results(&results)).unwrap(),
    )
    .unwrap();
    eprintln!("server bench: wrote {}", options.out.display());
}
