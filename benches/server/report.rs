//! The report: the Markdown section of `BENCHMARKS.md` and the raw
//! figures as JSON.

use crate::machine::{cpu_model, today};

use serde_json::{Value, json};

use crate::load::{Cell, OPS, Op};
use crate::{ACCOUNT, CONNECTIONS, REGION};

pub fn fmt_rps(x: f64) -> String {
    if x >= 1e6 {
        format!("{:.2} M", x / 1e6)
    } else if x >= 1e3 {
        format!("{:.1} k", x / 1e3)
    } else {
        format!("{x:.0}")
    }
}

pub fn fmt_latency(ns: Option<u64>) -> String {
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

/// Every figure of the run.
pub struct Results {
    /// (op, connections) -> cell, for each server.
    pub ours: Vec<(Op, usize, Cell)>,
    pub moto: Vec<(Op, usize, Cell)>,
    /// (op, threads) -> ops/s.
    pub direct: Vec<(Op, usize, f64)>,
    pub moto_skipped: Option<String>,
    pub moto_version: Option<String>,
    /// Microseconds to sign one Encrypt request.
    pub signing_us: f64,
    pub options_seconds: f64,
    pub options_warmup: f64,
    pub wall_seconds: f64,
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

/// The report's section of `BENCHMARKS.md`.
pub fn markdown(results: &Results) -> String {
    let mut out = setup(results);
    let mut notes = Vec::new();
    for op in OPS {
        out.extend(table(results, op, &mut notes));
    }
    out.extend(targets(results));
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

/// The section's title and how the figures were made.
fn setup(results: &Results) -> Vec<String> {
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
    let moto_label = moto_label(results);
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
    out
}

/// What the report calls moto: its version, or that it was skipped.
fn moto_label(results: &Results) -> String {
    match (&results.moto_skipped, &results.moto_version) {
        (Some(_), _) => "moto: skipped (see below)".to_owned(),
        (None, Some(v)) => format!("moto {v} (`moto_server`, Werkzeug, threaded)"),
        (None, None) => "moto (`moto_server`)".to_owned(),
    }
}

/// The table of `op`, a row a number of connections, and the cores used;
/// errors go to `notes`.
fn table(results: &Results, op: Op, notes: &mut Vec<String>) -> Vec<String> {
    let mut out = vec![format!("### {}", op.title()), String::new()];
    out.push(
        "| connections | polykms req/s | p50 | p99 | moto req/s | p50 | p99 | polykms/moto | in-process ops/s | server/in-process |"
            .to_owned(),
    );
    out.push("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|".to_owned());
    for connections in CONNECTIONS {
        out.push(row(results, op, connections, notes));
    }
    out.push(String::new());
    out.push(cores_line(results, op));
    out.push(String::new());
    out
}

/// The row of `op` at `connections`; errors go to `notes`.
fn row(results: &Results, op: Op, connections: usize, notes: &mut Vec<String>) -> String {
    let ours = find(&results.ours, op, connections);
    let moto = find(&results.moto, op, connections);
    let mut cells = vec![connections.to_string()];
    for (name, cell) in [("polykms", ours), ("moto", moto)] {
        cells.extend(server_columns(cell));
        if let Some(c) = cell {
            cell_note(name, op, connections, c, notes);
        }
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
    format!("| {} |", cells.join(" | "))
}

/// A server's columns of a row: req/s, p50, p99 (dashes if not measured).
fn server_columns(cell: Option<&Cell>) -> [String; 3] {
    match cell {
        Some(c) => [
            fmt_rps(c.rps()),
            fmt_latency(c.percentile(0.50)),
            fmt_latency(c.percentile(0.99)),
        ],
        None => ["–".into(), "–".into(), "–".into()],
    }
}

/// How the figures compare with the targets.
fn targets(results: &Results) -> Vec<String> {
    let mut out = Vec::new();
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
    out
}

pub fn json_results(results: &Results) -> Value {
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
