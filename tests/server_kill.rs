//! `kms serve` killed with SIGKILL at random moments under load, 200 times
//! (set `POLYKMS_KILLS` for another count), and restarted on the same file
//! store each time: every write the server acknowledged before any kill
//! (keys, aliases, tags, rotations) must be in the store at the end. The
//! moments come from a seed the test prints; `POLYKMS_KILL_SEED` replays it.

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
use workload::{Client, Failure, Ledger, Rng};

/// Clients on connections of their own, reconnecting after each kill.
const CLIENTS: usize = 8;

fn kills() -> usize {
    match std::env::var("POLYKMS_KILLS") {
        Ok(s) => s.parse().unwrap_or_else(|_| panic!("POLYKMS_KILLS={s:?}")),
        Err(_) => 200,
    }
}

/// A connection that fails is the kill (or the restart not yet listening):
/// reconnect and go on. A refusal is a failure of the test.
fn through_kills(client: &mut Client, failure: Failure) -> bool {
    client.disconnect();
    match failure {
        Failure::Connection(_) => std::thread::sleep(Duration::from_millis(1)),
        Failure::Refused(answer) => client.failures.push(answer),
    }
    true
}

#[test]
fn acknowledged_writes_survive_sigkill_under_load() {
    let kills = kills();
    let seed = workload::seed("KILL");
    println!("server kill: seed {seed} (POLYKMS_KILL_SEED={seed} replays the kill moments)");
    let mut rng = Rng::new(seed);
    let data = DataDir::new();
    let mut server = Process::start(&data, &[]);
    let body = json!({"KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY"}).to_string();
    let created = call(
        server.addr,
        &RawRequest::new(server.addr, "CreateKey", body).signed(AKID_A, SECRET_A),
    )
    .ok();
    let signing_key = created["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();

    let clients: Vec<Client> = (0..CLIENTS)
        .map(|id| Client::new(id, seed, &signing_key))
        .collect();
    let addr = Arc::new(RwLock::new(server.addr));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let running = workload::run_clients(clients, addr.clone(), stop.clone(), through_kills);
    let mut restarts = Vec::with_capacity(kills);
    for _ in 0..kills {
        std::thread::sleep(Duration::from_millis(50 + rng.below(101)));
        server.child.kill().unwrap();
        server.child.wait().unwrap();
        let restarting = Instant::now();
        server = Process::start(&data, &[]);
        restarts.push(restarting.elapsed());
        *addr.write().unwrap() = server.addr;
    }
    // The last kill, with the clients still running.
    std::thread::sleep(Duration::from_millis(50 + rng.below(101)));
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    let clients: Vec<Client> = running.into_iter().map(|c| c.join().unwrap()).collect();
    let elapsed = started.elapsed();

    let requests: usize = clients.iter().map(|c| c.latencies.len()).sum();
    let failures: Vec<String> = clients.iter().flat_map(|c| c.failures.clone()).collect();
    let mut ledger = Ledger::default();
    for client in clients {
        ledger.merge(client.ledger);
    }
    restarts.sort();
    let mean = restarts.iter().sum::<Duration>() / restarts.len().max(1) as u32;
    println!(
        "server kill: {} SIGKILLs in {:.1} s; restart (to listening) mean {:.0} ms, max {:.0} ms; \
         {requests} requests answered, {} writes acknowledged ({} keys, {} aliases)",
        kills + 1,
        elapsed.as_secs_f64(),
        mean.as_secs_f64() * 1000.0,
        restarts.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        ledger.writes(),
        ledger.keys.len(),
        ledger.aliases.len(),
    );
    assert!(
        failures.is_empty(),
        "{} requests refused; the first: {:#?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert!(
        ledger.writes() > kills,
        "too little load to test anything: {} writes acknowledged",
        ledger.writes()
    );
    // Writes in flight at a kill may have been applied unacknowledged:
    // the store holds at least what was acknowledged.
    let store = data.store(ACCOUNT_A);
    if let Err(lost) = ledger.verify(&store, false) {
        panic!("{lost}");
    }
    println!("server kill: every acknowledged write survived");
}
