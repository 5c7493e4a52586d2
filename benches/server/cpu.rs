//! CPU time, to show how the cores were shared between server and client.

use std::collections::HashMap;
use std::future::Future;
use std::process::Command;
use std::time::Instant;

use crate::load::Cell;

/// Clock ticks per second of `/proc`'s CPU times.
pub fn clock_ticks() -> f64 {
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

/// The names of our server's runtime threads and of the load generator's.
pub const SERVER_THREADS: &str = "polykms-server";
pub const CLIENT_THREADS: &str = "bench-client";

/// Runs a cell and records the cores its server and the load generator
/// used (`server_pid`: a server in another process; else this process's
/// server threads).
pub fn measured(
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
