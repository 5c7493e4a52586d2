#!/usr/bin/env python3
"""The AwsKms section of BENCHMARKS.md: runs `benches/aws.rs` (AwsKms, the
raw aws-sdk-kms call and Blocking<AwsKms> against this crate's server over
loopback, one run) and puts the markdown it writes into BENCHMARKS.md. Used
by `benches/report.py`:

    python3 benches/report.py --run --only aws   # run only this bench, update its section
    python3 benches/report.py --only aws         # update the section from the last run

Extra arguments for the bench (`--calls 3000`, `--batch 50`, `--warmup 2`)
go in AWS_BENCH_ARGS.
"""
import os
import shlex
import subprocess

import server

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTION = os.path.join(ROOT, "target", "criterion", "aws.md")
HEADING = "## AwsKms"


def run():
    """Runs the AwsKms bench; it writes SECTION (and aws.json beside it)."""
    extra = shlex.split(os.environ.get("AWS_BENCH_ARGS", ""))
    subprocess.run(["cargo", "bench", "--features", "aws,server", "--bench", "aws", "--", "--out", SECTION] + extra,
                   cwd=ROOT, check=True)


def section():
    """The section's markdown lines from the last run, or None."""
    if not os.path.exists(SECTION):
        return None
    with open(SECTION) as f:
        return f.read().rstrip("\n").split("\n") + [""]


def update(path):
    """Puts the last run's section into the file at `path`."""
    new = section()
    if new is None:
        raise SystemExit(f"no AwsKms results at {SECTION}: run with --run")
    with open(path) as f:
        lines = f.read().split("\n")
    with open(path, "w") as f:
        f.write("\n".join(server.splice(lines, new, HEADING)))
    print(f"wrote the AwsKms section of {os.path.basename(path)}")
