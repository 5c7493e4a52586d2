//! What `AwsKms` adds per call over the raw `aws-sdk-kms` call it makes,
//! against this crate's server over loopback: `Encrypt` (1 KiB plaintext),
//! `Decrypt` (that ciphertext), `Sign` (ECC_NIST_P256, ECDSA_SHA_256,
//! 32-byte RAW message), `GenerateDataKey` (AES_256) and `DescribeKey`,
//! each called sequentially through three interfaces:
//!
//! - raw: the provider's own SDK client (`AwsKms::client()`), with the
//!   fluent call and parameters `AwsKms` sends, awaited on a current-thread
//!   tokio runtime on the bench thread;
//! - AwsKms: the provider's `AsyncKeyManager` methods, on the same client
//!   (so the same keep-alive connection) and the same runtime;
//! - Blocking: `Blocking<AwsKms>` (`AwsKmsBuilder::build_blocking`, the same
//!   configuration, its own client and connection on its runtime thread),
//!   called from the bench thread: the hop to that thread and back is
//!   what it adds.
//!
//! The three interfaces' batches are interleaved (a round is one batch of
//! each, in an order that rotates from round to round), so that drift in
//! the machine's speed hits them alike. Each call is timed on the bench
//! thread; the report gives p50, p99 and mean per call, and the ratios to
//! raw measured in the same run.
//!
//! A plain `main` rather than criterion: criterion measures one function
//! at a time (its warm-up, then its samples), so the interfaces would be
//! measured seconds apart instead of batch after batch, and it reports
//! no per-call percentiles.
//!
//! Run with `cargo bench --features aws,server --bench aws` (or
//! `python3 benches/report.py --run --only aws`, which also puts the
//! section into `BENCHMARKS.md`). Options after `--`: `--calls N` (timed
//! calls per operation and interface, default 3000), `--batch N` (calls
//! per batch, default 50), `--warmup N` (untimed batches per operation and
//! interface, default 2), `--out FILE` (default `target/criterion/aws.md`;
//! the figures go beside it as `aws.json`).
//!
//! Nothing here asserts a time: the bench measures and reports.

#[path = "machine.rs"]
mod machine;
#[path = "../tests/server/server_thread.rs"]
mod server_thread;

use machine::{cpu_model, today};

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use aws_sdk_kms::Client;
use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::types as sdk;
use polykms::remote::aws::AwsKms;
use polykms::server::{Accounts, Credential, Server};
use polykms::{
    AsyncKeyManager, Blocking, CreateKeyRequest, DataKeySpec, DecryptRequest, EncryptRequest,
    FileKeyManager, FileOptions, GenerateDataKeyRequest, KeyManager, KeySpec, KeyUsage,
    ResourceNamespace, RootKey, SecretBytes, SignRequest, SigningAlgorithm,
};
use serde_json::{Value, json};
use server_thread::ServerThread;
use tokio::runtime::Runtime;

const REGION: &str = "eu-west-1";
const ACCOUNT: &str = "111122223333";
const AKID: &str = "AKIDBENCHAWSKMS";
const SECRET: &str = "bench/aws+secret";
const PLAINTEXT_BYTES: usize = 1024;
const MESSAGE_BYTES: usize = 32;

/// An operation measured.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Encrypt,
    Decrypt,
    Sign,
    GenerateDataKey,
    DescribeKey,
}

const OPS: [Op; 5] = [
    Op::Encrypt,
    Op::Decrypt,
    Op::Sign,
    Op::GenerateDataKey,
    Op::DescribeKey,
];

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Encrypt => "Encrypt",
            Op::Decrypt => "Decrypt",
            Op::Sign => "Sign",
            Op::GenerateDataKey => "GenerateDataKey",
            Op::DescribeKey => "DescribeKey",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Op::Encrypt => "Encrypt 1 KiB",
            Op::Decrypt => "Decrypt 1 KiB",
            Op::Sign => "Sign P-256 RAW 32 B",
            Op::GenerateDataKey => "GenerateDataKey AES_256",
            Op::DescribeKey => "DescribeKey",
        }
    }
}

/// An interface measured.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Interface {
    Raw,
    AwsKms,
    Blocking,
}

const INTERFACES: [Interface; 3] = [Interface::Raw, Interface::AwsKms, Interface::Blocking];

impl Interface {
    fn name(self) -> &'static str {
        match self {
            Interface::Raw => "raw SDK",
            Interface::AwsKms => "`AwsKms`",
            Interface::Blocking => "`Blocking<AwsKms>`",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Interface::Raw => "raw",
            Interface::AwsKms => "aws_kms",
            Interface::Blocking => "blocking",
        }
    }
}

/// The command line (after `--`).
struct Options {
    calls: usize,
    batch: usize,
    warmup: usize,
    out: PathBuf,
}

impl Options {
    fn parse() -> Self {
        let mut options = Options {
            calls: 3000,
            batch: 50,
            warmup: 2,
            out: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/criterion/aws.md"),
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--calls" => options.calls = count(args.next()),
                "--batch" => options.batch = count(args.next()).max(1),
                "--warmup" => options.warmup = count(args.next()),
                "--out" => options.out = PathBuf::from(args.next().expect("--out FILE")),
                _ => {} // `cargo bench` passes `--bench`; filters do not apply here.
            }
        }
        options
    }

    /// Rounds of one batch per interface.
    fn rounds(&self) -> usize {
        self.calls.div_ceil(self.batch).max(1)
    }
}

fn count(arg: Option<String>) -> usize {
    arg.and_then(|a| a.parse().ok()).expect("a number")
}

/// The keys and inputs of the calls.
struct Fixture {
    symmetric: String,
    p256: String,
    plaintext: Vec<u8>,
    ciphertext: Vec<u8>,
    message: Vec<u8>,
}

/// The three interfaces, over the same server.
struct Clients {
    /// The bench thread's runtime, for raw and AwsKms.
    runtime: Runtime,
    kms: AwsKms,
    blocking: Blocking<AwsKms>,
}

impl Clients {
    /// `n` calls of `op` through `interface`, each one's time (ns) pushed
    /// onto `times`.
    fn batch(&self, op: Op, interface: Interface, n: usize, f: &Fixture, times: &mut Vec<u64>) {
        match interface {
            Interface::Raw => {
                let client = self.kms.client();
                self.runtime.block_on(async {
                    for _ in 0..n {
                        let start = Instant::now();
                        raw(client, op, f).await;
                        times.push(start.elapsed().as_nanos() as u64);
                    }
                });
            }
            Interface::AwsKms => {
                self.runtime.block_on(async {
                    for _ in 0..n {
                        let start = Instant::now();
                        provider(&self.kms, op, f).await;
                        times.push(start.elapsed().as_nanos() as u64);
                    }
                });
            }
            Interface::Blocking => {
                for _ in 0..n {
                    let start = Instant::now();
                    blocking(&self.blocking, op, f);
                    times.push(start.elapsed().as_nanos() as u64);
                }
            }
        }
    }
}

/// The SDK's fluent call, with the parameters `AwsKms` sends for the same
/// request; the output kept as the SDK returns it.
async fn raw(client: &Client, op: Op, f: &Fixture) {
    match op {
        Op::Encrypt => {
            let out = client
                .encrypt()
                .key_id(&f.symmetric)
                .plaintext(Blob::new(f.plaintext.clone()))
                .encryption_algorithm(sdk::EncryptionAlgorithmSpec::SymmetricDefault)
                .send()
                .await
                .expect("Encrypt");
            black_box(out);
        }
        Op::Decrypt => {
            let out = client
                .decrypt()
                .ciphertext_blob(Blob::new(f.ciphertext.clone()))
                .encryption_algorithm(sdk::EncryptionAlgorithmSpec::SymmetricDefault)
                .send()
                .await
                .expect("Decrypt");
            black_box(out);
        }
        Op::Sign => {
            let out = client
                .sign()
                .key_id(&f.p256)
                .message(Blob::new(f.message.clone()))
                .message_type(sdk::MessageType::Raw)
                .signing_algorithm(sdk::SigningAlgorithmSpec::EcdsaSha256)
                .send()
                .await
                .expect("Sign");
            black_box(out);
        }
        Op::GenerateDataKey => {
            let out = client
                .generate_data_key()
                .key_id(&f.symmetric)
                .key_spec(sdk::DataKeySpec::Aes256)
                .send()
                .await
                .expect("GenerateDataKey");
            black_box(out);
        }
        Op::DescribeKey => {
            let out = client
                .describe_key()
                .key_id(&f.symmetric)
                .send()
                .await
                .expect("DescribeKey");
            black_box(out);
        }
    }
}

/// The same call through `AwsKms`'s async interface.
async fn provider(kms: &AwsKms, op: Op, f: &Fixture) {
    match op {
        Op::Encrypt => {
            let request = EncryptRequest::new(&f.symmetric, &f.plaintext);
            black_box(kms.encrypt(request).await.expect("Encrypt"));
        }
        Op::Decrypt => {
            let request = DecryptRequest::new(&f.ciphertext);
            black_box(kms.decrypt(request).await.expect("Decrypt"));
        }
        Op::Sign => {
            let request = SignRequest::new(&f.p256, &f.message, SigningAlgorithm::EcdsaSha256);
            black_box(kms.sign(request).await.expect("Sign"));
        }
        Op::GenerateDataKey => {
            let request = GenerateDataKeyRequest::new(&f.symmetric, DataKeySpec::Aes256);
            black_box(
                kms.generate_data_key(request)
                    .await
                    .expect("GenerateDataKey"),
            );
        }
        Op::DescribeKey => {
            black_box(kms.describe_key(&f.symmetric).await.expect("DescribeKey"));
        }
    }
}

/// The same call through the blocking interface.
fn blocking(kms: &Blocking<AwsKms>, op: Op, f: &Fixture) {
    match op {
        Op::Encrypt => {
            let request = EncryptRequest::new(&f.symmetric, &f.plaintext);
            black_box(kms.encrypt(request).expect("Encrypt"));
        }
        Op::Decrypt => {
            let request = DecryptRequest::new(&f.ciphertext);
            black_box(kms.decrypt(request).expect("Decrypt"));
        }
        Op::Sign => {
            let request = SignRequest::new(&f.p256, &f.message, SigningAlgorithm::EcdsaSha256);
            black_box(kms.sign(request).expect("Sign"));
        }
        Op::GenerateDataKey => {
            let request = GenerateDataKeyRequest::new(&f.symmetric, DataKeySpec::Aes256);
            black_box(kms.generate_data_key(request).expect("GenerateDataKey"));
        }
        Op::DescribeKey => {
            black_box(kms.describe_key(&f.symmetric).expect("DescribeKey"));
        }
    }
}

/// Per-call times of one operation through one interface.
struct Sample {
    /// Every timed call's time (ns), sorted.
    times: Vec<u64>,
    /// Each round's batch median (ns), in round order.
    batch_medians: Vec<u64>,
}

impl Sample {
    fn percentile(&self, q: f64) -> f64 {
        percentile(&self.times, q)
    }

    fn mean(&self) -> f64 {
        self.times.iter().sum::<u64>() as f64 / self.times.len() as f64
    }
}

/// The `q` quantile of sorted `times` (nearest rank).
fn percentile(sorted: &[u64], q: f64) -> f64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1] as f64
}

fn median_of(values: &mut [u64]) -> u64 {
    values.sort_unstable();
    percentile(values, 0.5) as u64
}

fn median_f64(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[(values.len() - 1) / 2]
}

/// One operation's figures: a sample per interface, in `INTERFACES`' order.
struct Row {
    op: Op,
    samples: Vec<Sample>,
}

impl Row {
    fn sample(&self, interface: Interface) -> &Sample {
        let i = INTERFACES.iter().position(|&x| x == interface).unwrap();
        &self.samples[i]
    }

    /// The median over rounds of `interface`'s batch median over raw's in
    /// the same round.
    fn paired_ratio(&self, interface: Interface) -> f64 {
        let raw = &self.sample(Interface::Raw).batch_medians;
        let other = &self.sample(interface).batch_medians;
        median_f64(
            raw.iter()
                .zip(other)
                .map(|(&r, &o)| o as f64 / r as f64)
                .collect(),
        )
    }
}

/// Measures `op`: warm-up batches of each interface, then rounds of one
/// batch each, in an order that rotates by one every round.
fn measure(clients: &Clients, op: Op, f: &Fixture, options: &Options) -> Row {
    let mut discard = Vec::new();
    for _ in 0..options.warmup {
        for interface in INTERFACES {
            clients.batch(op, interface, options.batch, f, &mut discard);
        }
    }
    let rounds = options.rounds();
    let mut times: Vec<Vec<u64>> = INTERFACES
        .iter()
        .map(|_| Vec::with_capacity(rounds * options.batch))
        .collect();
    let mut batch_medians: Vec<Vec<u64>> = INTERFACES.iter().map(|_| Vec::new()).collect();
    for round in 0..rounds {
        for k in 0..INTERFACES.len() {
            let i = (round + k) % INTERFACES.len();
            let mut batch = Vec::with_capacity(options.batch);
            clients.batch(op, INTERFACES[i], options.batch, f, &mut batch);
            times[i].extend_from_slice(&batch);
            batch_medians[i].push(median_of(&mut batch));
        }
    }
    let samples = times
        .into_iter()
        .zip(batch_medians)
        .map(|(mut times, batch_medians)| {
            times.sort_unstable();
            Sample {
                times,
                batch_medians,
            }
        })
        .collect();
    let row = Row { op, samples };
    let raw = row.sample(Interface::Raw);
    eprintln!(
        "aws bench: {:<16} raw p50 {}, AwsKms p50 {} ({:.3}×), Blocking p50 {} ({:.3}×)",
        op.name(),
        fmt_us(raw.percentile(0.5)),
        fmt_us(row.sample(Interface::AwsKms).percentile(0.5)),
        row.sample(Interface::AwsKms).percentile(0.5) / raw.percentile(0.5),
        fmt_us(row.sample(Interface::Blocking).percentile(0.5)),
        row.sample(Interface::Blocking).percentile(0.5) / raw.percentile(0.5),
    );
    row
}

fn main() {
    let options = Options::parse();
    let wall = Instant::now();

    let dir = tempfile::tempdir().unwrap();
    let server = start_server(&dir.path().join("store"));
    let url = format!("http://{}", server.addr);
    let builder = || {
        AwsKms::builder()
            .region(REGION)
            .endpoint_url(url.clone())
            .credentials(AKID, SECRET, None)
    };

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let kms = runtime.block_on(builder().build()).expect("AwsKms");
    let fixture = runtime.block_on(fixture(&kms));
    let blocking = builder().build_blocking().expect("Blocking<AwsKms>");
    let clients = Clients {
        runtime,
        kms,
        blocking,
    };

    let rows: Vec<Row> = OPS
        .into_iter()
        .map(|op| measure(&clients, op, &fixture, &options))
        .collect();
    let connections = connections_to(server.addr.port());
    drop(clients);
    drop(server);
    let wall_seconds = wall.elapsed().as_secs_f64();
    write_report(&options, &rows, connections, wall_seconds);
}

/// This crate's server over a new file store at `path`, on a runtime
/// thread of its own, as `kms serve` runs it (a multi-threaded runtime
/// with the default number of workers).
fn start_server(path: &Path) -> ServerThread {
    let store = FileKeyManager::create_with(
        path,
        RootKey::Key(SecretBytes::from(vec![0x42; 32])),
        FileOptions::default().namespace(ResourceNamespace::new("aws", REGION, ACCOUNT)),
    )
    .unwrap();
    let accounts = Accounts::new(REGION)
        .with_account(ACCOUNT, store)
        .with_credential(Credential::new(AKID, SECRET, ACCOUNT));
    let server = Server::new(accounts).unwrap();
    ServerThread::start(server, tokio::runtime::Builder::new_multi_thread())
}

/// The keys, created through `kms`, and the ciphertext to decrypt.
async fn fixture(kms: &AwsKms) -> Fixture {
    let symmetric = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .await
        .expect("a SYMMETRIC_DEFAULT key")
        .key_id
        .to_string();
    let p256 = kms
        .create_key(CreateKeyRequest::new(KeySpec::EccNistP256).usage(KeyUsage::SignVerify))
        .await
        .expect("an ECC_NIST_P256 key")
        .key_id
        .to_string();
    let plaintext: Vec<u8> = (0..PLAINTEXT_BYTES as u32)
        .map(|i| (i * 7 + 3) as u8)
        .collect();
    let ciphertext = kms
        .encrypt(EncryptRequest::new(&symmetric, &plaintext))
        .await
        .expect("Encrypt")
        .ciphertext_blob;
    let message = (0..MESSAGE_BYTES as u8)
        .map(|i| i.wrapping_mul(13))
        .collect();
    Fixture {
        symmetric,
        p256,
        plaintext,
        ciphertext,
        message,
    }
}

/// The TCP connections to `port` on 127.0.0.1 over the run (open or in
/// TIME_WAIT: distinct client ports), from `/proc/net/tcp`; `None` where
/// that file cannot be read.
fn connections_to(port: u16) -> Option<usize> {
    let table = std::fs::read_to_string("/proc/net/tcp").ok()?;
    let port_of = |address: &str| {
        address
            .rsplit(':')
            .next()
            .and_then(|p| u16::from_str_radix(p, 16).ok())
    };
    let mut clients = BTreeSet::new();
    for line in table.lines().skip(1) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (Some(local), Some(remote)) = (fields.get(1), fields.get(2)) else {
            continue;
        };
        let (Some(local), Some(remote)) = (port_of(local), port_of(remote)) else {
            continue;
        };
        if remote == port {
            clients.insert(local);
        } else if local == port && remote != 0 {
            clients.insert(remote);
        }
    }
    Some(clients.len())
}

/// The least and the greatest of `values`.
fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), x| {
        (low.min(x), high.max(x))
    })
}

fn fmt_us(ns: f64) -> String {
    format!("{:.1} µs", ns / 1e3)
}

/// The Markdown section of `BENCHMARKS.md`.
fn markdown(
    options: &Options,
    rows: &[Row],
    connections: Option<usize>,
    wall_seconds: f64,
) -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let calls = options.rounds() * options.batch;
    let mut lines = vec![
        "## AwsKms over the raw SDK (per-call overhead over loopback)".to_owned(),
        String::new(),
        format!(
            "One run on this machine ({cores} cores, {}; {}), by `python3 benches/report.py --run --only aws` \
             (`cargo bench --features aws,server --bench aws`); every figure below, ratios included, comes \
             from this one run ({wall_seconds:.0} s). {calls} timed calls per operation and interface, one at a \
             time, in batches of {}; a round is one batch of each interface, in an order that rotates every \
             round, so that drift hits the three alike; {} untimed batches of each first.",
            cpu_model(),
            today(),
            options.batch,
            options.warmup,
        ),
        String::new(),
        "- Server: `polykms::server::Server` in the bench process on its own multi-threaded tokio runtime \
         (default workers, as `kms serve`), on `127.0.0.1:0` over plain HTTP, over a `FileKeyManager` in a \
         temporary directory. Every call goes over one keep-alive HTTP/1.1 connection per client and is \
         signed with SigV4 by the SDK."
            .to_owned(),
        "- raw SDK: the provider's own `aws-sdk-kms` client (`AwsKms::client()`), the fluent call with the \
         parameters `AwsKms` sends (`Encrypt`/`Decrypt` with `EncryptionAlgorithm` SYMMETRIC_DEFAULT, `Sign` \
         with `MessageType` RAW and ECDSA_SHA_256, `GenerateDataKey` with `KeySpec` AES_256, `DescribeKey` by \
         key id), awaited on a current-thread tokio runtime on the bench thread; the output kept as the SDK \
         returns it."
            .to_owned(),
        "- `AwsKms`: the provider's `AsyncKeyManager` methods, on the same client (the same connection) and \
         the same runtime: what it adds is checking the request, converting it to the SDK's types and the \
         answer back to the crate's (copying the blobs, parsing the key id and algorithm; `DescribeKey`: the \
         whole key metadata)."
            .to_owned(),
        "- `Blocking<AwsKms>`: `AwsKmsBuilder::build_blocking` with the same settings (its own client and \
         connection, on its runtime thread), called from the bench thread: each call also makes its request \
         `'static` (copying it), hands it to the runtime thread and waits for the answer on a channel."
            .to_owned(),
        "- Latency is the time of one call on the bench thread (around the `.await`, or the blocking call), \
         over every timed call; the ratios are of p50 and of mean to raw's in this run. \"paired\" is the \
         median over rounds of the interface's batch median over raw's in the same round."
            .to_owned(),
    ];
    match connections {
        Some(2) => lines.push(
            "- TCP connections to the server over the run: 2, one per client (the one raw and `AwsKms` \
             share, and `Blocking<AwsKms>`'s): no timed call opened a connection."
                .to_owned(),
        ),
        Some(n) => lines.push(format!(
            "- TCP connections to the server over the run: {n}, where one per client would be 2: the calls \
             that reconnected paid for it in their latency."
        )),
        None => {}
    }
    lines.push(
        "- The bench thread, the server's runtime and `Blocking`'s runtime thread share the same cores. \
         Noise: this is a shared virtual machine; the latencies move by tens of percent between runs, the \
         ratios (measured batch after batch) by a few percent."
            .to_owned(),
    );
    lines.push(String::new());
    lines.push(
        "| operation | interface | p50 | p99 | mean | p50 / raw | mean / raw | paired | p50 − raw |"
            .to_owned(),
    );
    lines.push("|---|---|---:|---:|---:|---:|---:|---:|---:|".to_owned());
    for row in rows {
        let raw = row.sample(Interface::Raw);
        for interface in INTERFACES {
            let s = row.sample(interface);
            let (ratio_p50, ratio_mean, paired, delta) = if interface == Interface::Raw {
                (String::new(), String::new(), String::new(), String::new())
            } else {
                (
                    format!("{:.3}", s.percentile(0.5) / raw.percentile(0.5)),
                    format!("{:.3}", s.mean() / raw.mean()),
                    format!("{:.3}", row.paired_ratio(interface)),
                    format!("{:+.1} µs", (s.percentile(0.5) - raw.percentile(0.5)) / 1e3),
                )
            };
            lines.push(format!(
                "| {} | {} | {} | {} | {} | {ratio_p50} | {ratio_mean} | {paired} | {delta} |",
                if interface == Interface::Raw {
                    row.op.title()
                } else {
                    ""
                },
                interface.name(),
                fmt_us(s.percentile(0.5)),
                fmt_us(s.percentile(0.99)),
                fmt_us(s.mean()),
            ));
        }
    }
    lines.push(String::new());
    for interface in [Interface::AwsKms, Interface::Blocking] {
        let p50 = |row: &Row, interface| row.sample(interface).percentile(0.5);
        let (low, high) = range(
            rows.iter()
                .map(|r| p50(r, interface) / p50(r, Interface::Raw)),
        );
        let (least, most) = range(
            rows.iter()
                .map(|r| p50(r, interface) - p50(r, Interface::Raw)),
        );
        lines.push(format!(
            "- {}: p50 / raw from {low:.3} to {high:.3} over the five operations \
             ({:+.1} to {:+.1} µs per call).",
            interface.name(),
            least / 1e3,
            most / 1e3,
        ));
    }
    lines.join("\n")
}

/// The figures as JSON.
fn json_results(
    options: &Options,
    rows: &[Row],
    connections: Option<usize>,
    wall_seconds: f64,
) -> Value {
    let operations: Vec<Value> = rows
        .iter()
        .map(|row| {
            let raw = row.sample(Interface::Raw);
            let mut interfaces = serde_json::Map::new();
            for interface in INTERFACES {
                let s = row.sample(interface);
                let mut figures = json!({
                    "calls": s.times.len(),
                    "p50_ns": s.percentile(0.5),
                    "p99_ns": s.percentile(0.99),
                    "mean_ns": s.mean(),
                    "min_ns": s.times[0],
                    "max_ns": s.times[s.times.len() - 1],
                });
                if interface != Interface::Raw {
                    figures["p50_over_raw"] = json!(s.percentile(0.5) / raw.percentile(0.5));
                    figures["mean_over_raw"] = json!(s.mean() / raw.mean());
                    figures["paired_over_raw"] = json!(row.paired_ratio(interface));
                }
                interfaces.insert(interface.key().to_owned(), figures);
            }
            json!({ "operation": row.op.name(), "title": row.op.title(), "interfaces": interfaces })
        })
        .collect();
    json!({
        "date": today(),
        "cpu": cpu_model(),
        "calls": options.rounds() * options.batch,
        "batch": options.batch,
        "warmup_batches": options.warmup,
        "connections": connections,
        "wall_seconds": wall_seconds,
        "operations": operations,
    })
}

/// Prints the Markdown report and writes it to `options.out`, the figures
/// beside it (`.json`).
fn write_report(options: &Options, rows: &[Row], connections: Option<usize>, wall_seconds: f64) {
    let text = markdown(options, rows, connections, wall_seconds);
    println!("{text}");
    let out = &options.out;
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(out, format!("{text}\n")).unwrap();
    let figures = json_results(options, rows, connections, wall_seconds);
    std::fs::write(
        out.with_extension("json"),
        serde_json::to_string_pretty(&figures).unwrap(),
    )
    .unwrap();
    eprintln!("aws bench: wrote {}", out.display());
}
