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

#[path = "server/cpu.rs"]
mod cpu;
#[path = "server/direct.rs"]
mod direct;
#[path = "server/load.rs"]
mod load;
#[path = "machine.rs"]
mod machine;
#[path = "server/moto.rs"]
mod moto;
#[path = "server/report.rs"]
mod report;
#[path = "../tests/server/server_thread.rs"]
mod server_thread;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use polykms::server::{Accounts, Credential, Server};
use polykms::{FileKeyManager, FileOptions, ResourceNamespace, RootKey, SecretBytes};

use cpu::{clock_ticks, measured};
use direct::in_process;
use load::{Cell, Endpoint, Keys, OPS, Op, Target, run_cell, signing_cost};
use moto::Moto;
use report::{Results, fmt_latency, fmt_rps, json_results, markdown};
use server_thread::ServerThread;

/// The region, account and credential of both servers.
const REGION: &str = "eu-west-1";
const ACCOUNT: &str = "111122223333";
const AKID: &str = "AKIDBENCHSERVER";
const SECRET: &str = "bench/server+secret";
/// The numbers of connections of each operation's cells.
const CONNECTIONS: [usize; 3] = [1, 8, 64];

/// The command line (after `--`).
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

fn main() {
    let options = Options::parse();
    let wall = Instant::now();

    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(file_store(dir.path()));
    let server = start_our_server(store.clone());

    // The load generator's runtime: as many workers as cores.
    let client = tokio::runtime::Builder::new_multi_thread()
        .thread_name(cpu::CLIENT_THREADS)
        .enable_all()
        .build()
        .unwrap();

    let ours = client
        .block_on(Target::prepare(Endpoint::new(server.addr)))
        .expect("polykms answers");
    let (moto, moto_skipped) = match options.moto {
        true => match client.block_on(start_moto()) {
            Ok(moto) => (Some(moto), None),
            Err(e) => (None, Some(e)),
        },
        false => (None, Some("`--no-moto` given".to_owned())),
    };
    if let Some(reason) = &moto_skipped {
        eprintln!("server bench: {reason}");
    }
    let moto_version = moto.as_ref().and_then(|_| Moto::version());

    let mut results = Results {
        ours: Vec::new(),
        moto: Vec::new(),
        direct: Vec::new(),
        moto_skipped,
        moto_version,
        signing_us: signing_cost(&ours),
        options_seconds: options.seconds,
        options_warmup: options.warmup,
        wall_seconds: 0.0,
    };
    let bench = Bench {
        client: &client,
        tick: clock_ticks(),
        warmup: options.warmup(),
        duration: options.duration(),
    };
    for op in OPS {
        bench.servers(op, &ours, moto.as_ref(), &mut results);
        bench.in_process(op, &store, &ours.keys, &mut results);
    }
    drop(moto);
    drop(client);
    drop(server);
    results.wall_seconds = wall.elapsed().as_secs_f64();
    write_report(&options.out, &results);
}

/// A new file store in `dir`, in the account's namespace.
fn file_store(dir: &Path) -> FileKeyManager {
    FileKeyManager::create_with(
        dir.join("store"),
        RootKey::Key(SecretBytes::from(vec![0x42; 32])),
        FileOptions::default().namespace(ResourceNamespace::new("aws", REGION, ACCOUNT)),
    )
    .unwrap()
}

/// This crate's server over `store`, on a runtime thread of its own, as
/// `kms serve` runs it (a multi-threaded runtime with the default number
/// of workers).
fn start_our_server(store: Arc<FileKeyManager>) -> ServerThread {
    let accounts = Accounts::new(REGION)
        .with_account(ACCOUNT, store)
        .with_credential(Credential::new(AKID, SECRET, ACCOUNT));
    let server = Server::new(accounts).unwrap();
    // As `kms serve`'s runtime; named only to count its CPU time.
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.thread_name(cpu::SERVER_THREADS);
    ServerThread::start(server, runtime)
}

/// A `moto_server` answering, with its keys; or why the moto columns are
/// skipped.
async fn start_moto() -> Result<(Moto, Target), String> {
    let mut process = Moto::start()?;
    let endpoint = Endpoint::new(process.addr);
    process.wait(&endpoint).await?;
    Ok((process, Target::prepare(endpoint).await?))
}

/// What every cell is measured with.
struct Bench<'a> {
    /// The load generator's runtime.
    client: &'a tokio::runtime::Runtime,
    /// Clock ticks per second of `/proc`'s CPU times.
    tick: f64,
    warmup: Duration,
    duration: Duration,
}

impl Bench<'_> {
    /// `op` against our server, and moto's if it runs, at each number of
    /// connections.
    fn servers(&self, op: Op, ours: &Target, moto: Option<&(Moto, Target)>, results: &mut Results) {
        for connections in CONNECTIONS {
            let cell = self.cell(None, ours, op, connections);
            log_cell("polykms", op, connections, &cell);
            results.ours.push((op, connections, cell));
            if let Some((process, target)) = moto {
                let cell = self.cell(Some(process.child.id()), target, op, connections);
                log_cell("moto", op, connections, &cell);
                results.moto.push((op, connections, cell));
            }
        }
    }

    /// One cell against `target` (its server in process `server_pid`, or in
    /// this one).
    fn cell(&self, server_pid: Option<u32>, target: &Target, op: Op, connections: usize) -> Cell {
        let cell = run_cell(target, op, connections, self.warmup, self.duration);
        measured(self.client, server_pid, self.tick, cell)
    }

    /// `op` on `store` called directly, from 1 and from 8 threads.
    fn in_process(&self, op: Op, store: &Arc<FileKeyManager>, keys: &Keys, results: &mut Results) {
        for threads in [1, 8] {
            let rps = in_process(store, keys, op, threads, self.warmup, self.duration);
            eprintln!(
                "server bench: direct  {:<15} {threads:>2} thr.: {:>9} ops/s",
                op.name(),
                fmt_rps(rps)
            );
            results.direct.push((op, threads, rps));
        }
    }
}

/// What one cell measured, on stderr as the run goes.
fn log_cell(server: &str, op: Op, connections: usize, cell: &Cell) {
    eprintln!(
        "server bench: {server:<7} {:<15} {connections:>2} conn: {:>9} req/s, p50 {}, p99 {}, {} errors, cores server {:.2} client {:.2}",
        op.name(),
        fmt_rps(cell.rps()),
        fmt_latency(cell.percentile(0.5)),
        fmt_latency(cell.percentile(0.99)),
        cell.errors,
        cell.server_cores,
        cell.client_cores
    );
}

/// Prints the Markdown report and writes it to `out`, the raw figures
/// beside it (`.json`).
fn write_report(out: &Path, results: &Results) {
    let text = markdown(results);
    println!("{text}");
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(out, format!("{text}\n")).unwrap();
    std::fs::write(
        out.with_extension("json"),
        serde_json::to_string_pretty(&json_results(results)).unwrap(),
    )
    .unwrap();
    eprintln!("server bench: wrote {}", out.display());
}
