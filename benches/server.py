#!/usr/bin/env python3
"""The server section of BENCHMARKS.md: runs `benches/server.rs` (our server,
moto_server and the in-process provider, one run) and puts the markdown it
writes into BENCHMARKS.md. Used by `benches/report.py`:

    python3 benches/report.py --run --only server   # run only this bench, update its section
    python3 benches/report.py --only server         # update the section from the last run

Extra arguments for the bench (`--seconds 3`, `--warmup 0.5`, `--no-moto`)
go in SERVER_BENCH_ARGS.
"""
import os
import shlex
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTION = os.path.join(ROOT, "target", "criterion", "server.md")
HEADING = "## Server"


def run():
    """Runs the server bench; it writes SECTION (and server.json beside it)."""
    extra = shlex.split(os.environ.get("SERVER_BENCH_ARGS", ""))
    subprocess.run(["cargo", "bench", "--features", "server", "--bench", "server", "--", "--out", SECTION] + extra,
                   cwd=ROOT, check=True)


def section():
    """The section's markdown lines from the last run, or None."""
    if not os.path.exists(SECTION):
        return None
    with open(SECTION) as f:
        return f.read().rstrip("\n").split("\n") + [""]


def splice(lines, new, heading=HEADING):
    """`lines` (a BENCHMARKS.md) with its section under `heading` (the
    server's unless told) replaced by `new`, or `new` inserted before
    "## Reading the figures" (else at the end)."""
    start = next((i for i, l in enumerate(lines) if l.startswith(heading)), None)
    if start is not None:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        return lines[:start] + new + lines[end:]
    at = next((i for i, l in enumerate(lines) if l.startswith("## Reading the figures")), len(lines))
    return lines[:at] + new + lines[at:]


def update(path):
    """Puts the last run's section into the file at `path`."""
    new = section()
    if new is None:
        raise SystemExit(f"no server results at {SECTION}: run with --run")
    with open(path) as f:
        lines = f.read().split("\n")
    with open(path, "w") as f:
        f.write("\n".join(splice(lines, new)))
    print(f"wrote the server section of {os.path.basename(path)}")
