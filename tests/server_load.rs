//! The server under load: 64 keep-alive connections for 30 s (set
//! `POLYKMS_LOAD_SECONDS` for another length) of mixed operations (create
//! key, alias, tag, encrypt and decrypt, sign, rotate) against `kms serve`
//! over the file store, on loopback. Prints throughput and p50/p99/p99.9
//! latency; passes only with no failed request and every acknowledged
//! write in the store afterwards. `POLYKMS_LOAD_SEED` replays a mix.

#![cfg(feature = "cli")]

#[path = "server/harness.rs"]
mod harness;
#[allow(dead_code)]
#[path = "server/raw_http.rs"]
mod raw_http;
#[allow(dead_code)]
#[path = "server/server_thread.rs"]
mod server_thread;
#[path = "server/workload.rs"]
mod workload;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use serde_json::json;

use harness::{ACCOUNT_A, AKID_A, DataDir, Process, SECRET_A};
use raw_http::{RawRequest, call};
use workload::{Client, Failure, Ledger, Op, quantile};

const CONNECTIONS: usize = 64;

fn seconds() -> f64 {
    match std::env::var("POLYKMS_LOAD_SECONDS") {
        Ok(s) => s
            .parse()
            .unwrap_or_else(|_| panic!("POLYKMS_LOAD_SECONDS={s:?}")),
        Err(_) => 30.0,
    }
}

/// Every failure is kept; the client reconnects and goes on.
fn keep_going(client: &mut Client, failure: Failure) -> bool {
    client.failures.push(format!("{failure:?}"));
    client.disconnect();
    true
}

#[test]
fn sixty_four_connections_of_mixed_operations() {
    let seconds = seconds();
    let seed = workload::seed("LOAD");
    println!("server load: seed {seed} (POLYKMS_LOAD_SEED={seed} replays the mix)");
    let data = DataDir::new();
    let server = Process::start(&data, &[]);
    let addr = server.addr;
    let body = json!({"KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY"}).to_string();
    let created = call(
        addr,
        &RawRequest::new(addr, "CreateKey", body).signed(AKID_A, SECRET_A),
    )
    .ok();
    let signing_key = created["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();

    let clients: Vec<Client> = (0..CONNECTIONS)
        .map(|id| Client::new(id, seed, &signing_key))
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let running = workload::run_clients(
        clients,
        Arc::new(RwLock::new(addr)),
        stop.clone(),
        keep_going,
    );
    std::thread::sleep(Duration::from_secs_f64(seconds));
    stop.store(true, Ordering::Relaxed);
    let clients: Vec<Client> = running.into_iter().map(|c| c.join().unwrap()).collect();
    let elapsed = started.elapsed().as_secs_f64();
    let status = server.terminate();
    assert!(status.success(), "kms serve exited {status}");

    let mut latencies: Vec<u32> = clients.iter().flat_map(|c| c.latencies.clone()).collect();
    latencies.sort_unstable();
    let failures: Vec<String> = clients.iter().flat_map(|c| c.failures.clone()).collect();
    let mut by_op = [0u64; 6];
    let mut ledger = Ledger::default();
    for client in clients {
        for (total, n) in by_op.iter_mut().zip(client.by_op) {
            *total += n;
        }
        ledger.merge(client.ledger);
    }
    let requests = latencies.len();
    let mix: Vec<String> = Op::ALL
        .iter()
        .zip(by_op)
        .map(|(op, n)| format!("{} {n}", op.name()))
        .collect();
    println!(
        "server load: {CONNECTIONS} connections, {elapsed:.1} s: {requests} requests, \
         {:.0} requests/s; latency p50 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms, max {:.2} ms",
        requests as f64 / elapsed,
        f64::from(quantile(&latencies, 0.5)) / 1000.0,
        f64::from(quantile(&latencies, 0.99)) / 1000.0,
        f64::from(quantile(&latencies, 0.999)) / 1000.0,
        f64::from(latencies.last().copied().unwrap_or(0)) / 1000.0,
    );
    println!("server load: operations: {}", mix.join(", "));
    println!(
        "server load: {} failed requests; {} acknowledged writes ({} keys, {} aliases)",
        failures.len(),
        ledger.writes(),
        ledger.keys.len(),
        ledger.aliases.len()
    );
    assert!(
        failures.is_empty(),
        "{} requests failed; the first: {:#?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert!(requests > 0, "no request was answered");
    // Nothing failed, so the store holds exactly what was acknowledged.
    let store = data.store(ACCOUNT_A);
    if let Err(lost) = ledger.verify(&store, true) {
        panic!("{lost}");
    }
    println!("server load: every acknowledged write is in the store");
}
