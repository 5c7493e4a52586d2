#!/usr/bin/env python3
"""Writes BENCHMARKS.md from the criterion results of this crate's benches,
with the raw primitive of each operation and OpenSSL measured in the same run.

    python3 benches/report.py --run    # run every bench, then write the report
    python3 benches/report.py          # write the report from the last results
    python3 benches/report.py --run --only server   # run only the server bench, update its section
    python3 benches/report.py --run --only aws      # run only the AwsKms bench, update its section
"""
import json
import os
import re
import statistics
import subprocess
import sys
import time

import aws
import server

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRITERION = os.path.join(ROOT, "target", "criterion")
BENCHES = ["symmetric", "sign", "operations", "file_store"]


def run_benches():
    for bench in BENCHES:
        subprocess.run(["cargo", "bench", "--bench", bench], cwd=ROOT, check=True)
    server.run()
    aws.run()


def results():
    """full_id -> (median ns, median absolute deviation ns)."""
    found = {}
    for dirpath, _, files in os.walk(CRITERION):
        if os.path.basename(dirpath) != "new" or "benchmark.json" not in files:
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            full_id = json.load(f)["full_id"]
        with open(os.path.join(dirpath, "estimates.json")) as f:
            est = json.load(f)
        found[full_id] = (est["median"]["point_estimate"], est["median_abs_dev"]["point_estimate"])
    return found


def ops(ns):
    return 1e9 / ns if ns else 0.0


def fmt_ops(x):
    if x >= 1e6:
        return f"{x / 1e6:.2f} M"
    if x >= 1e3:
        return f"{x / 1e3:.1f} k"
    return f"{x:.1f}"


def openssl_speed(args):
    out = subprocess.run(["openssl", "speed", "-seconds", "1"] + args, capture_output=True, text=True).stdout
    return out


def openssl_figures():
    figures = {}
    for size in (32, 1024, 4096):
        out = openssl_speed(["-bytes", str(size), "-evp", "aes-256-gcm"])
        m = re.search(r"^AES-256-GCM\s+([\d.]+)k", out, re.M)
        if m:
            figures[f"aes-256-gcm/{size}"] = float(m.group(1)) * 1000 / size
    out = openssl_speed(["rsa2048", "rsa3072", "rsa4096"])
    for bits, sign, verify in re.findall(r"^rsa\s+(\d+) bits\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)", out, re.M):
        figures[f"rsa{bits}/sign"] = float(sign)
        figures[f"rsa{bits}/verify"] = float(verify)
    out = openssl_speed(["ecdsap256", "ecdsap384", "ecdsap521"])
    for bits, sign, verify in re.findall(r"^\s*(\d+) bits ecdsa \(nistp\d+\)\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)", out, re.M):
        figures[f"ecdsap{bits}/sign"] = float(sign)
        figures[f"ecdsap{bits}/verify"] = float(verify)
    out = openssl_speed(["ed25519"])
    m = re.search(r"253 bits EdDSA \(Ed25519\)\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)", out)
    if m:
        figures["ed25519/sign"], figures["ed25519/verify"] = float(m.group(1)), float(m.group(2))
    out = openssl_speed(["sm2"])
    m = re.search(r"256 bits SM2 \(CurveSM2\)\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)", out)
    if m:
        figures["sm2/sign"], figures["sm2/verify"] = float(m.group(1)), float(m.group(2))
    return figures


def genpkey_times(bits, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{bits}"],
                       capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def ratio_row(name, provider, raw, target, other=None, openssl=None):
    p, r = ops(provider[0]), ops(raw[0])
    ratio = p / r if r else 0.0
    met = "" if target is None else ("met" if ratio >= target else f"**below {target}**")
    cells = [name, fmt_ops(p), fmt_ops(r), f"{ratio:.2f}", met]
    cells.append(fmt_ops(other) if other else "")
    cells.append(fmt_ops(openssl) if openssl else "")
    return "| " + " | ".join(cells) + " |"


HEADER = ("| operation | provider ops/s | raw ops/s | provider/raw | target | other library ops/s | OpenSSL ops/s |\n"
          "|---|---:|---:|---:|---|---:|---:|")


def main():
    if "--only" in sys.argv:
        sections = {"server": server, "aws": aws}
        only = sys.argv[sys.argv.index("--only") + 1:][:1]
        if not only or only[0] not in sections:
            raise SystemExit("--only takes: " + ", ".join(sections))
        if "--run" in sys.argv:
            sections[only[0]].run()
        sections[only[0]].update(os.path.join(ROOT, "BENCHMARKS.md"))
        return
    if "--run" in sys.argv:
        run_benches()
    r = results()
    ossl = openssl_figures()
    lines = ["# Benchmarks", "",
             "One run on this project's machine (2 cores, "
             + subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                              capture_output=True, text=True).stdout.strip()
             + f"; {time.strftime('%Y-%m-%d')}). Written by `python3 benches/report.py --run`.",
             "Medians from criterion. \"raw\" is the library call the provider uses for that operation, "
             "in the same run; \"other library\" is the alternative among the crate's dependencies; "
             "OpenSSL figures come from `openssl speed` run by the same script.", ""]

    lines += ["## Symmetric encryption (encryption context of two entries)", "", HEADER]
    for op in ("encrypt", "decrypt"):
        for size in (32, 1024, 4096):
            target = 0.90 if size == 4096 else (0.50 if size == 32 else None)
            lines.append(ratio_row(f"{op} AES-256-GCM {size} B", r[f"{op}/provider/{size}"], r[f"{op}/ring/{size}"],
                                   target, openssl=ossl.get(f"aes-256-gcm/{size}")))
    for op in ("encrypt", "decrypt"):
        for size in (32, 1024, 4096):
            key = f"{op}_sm4/provider/{size}"
            if key in r:
                lines.append(ratio_row(f"{op} SM4-GCM {size} B", r[key], r[f"{op}_sm4/raw/{size}"], None))
    lines.append("")

    lines += ["## Owned requests (what a request that owns its data costs)", "",
              "The cryptographic requests borrow their key reference and bytes; `into_owned()` copies them, "
              "for a request that must move to another task or thread. \"borrowed\" is the provider figure "
              "above; \"owned\" calls `into_owned()` on each request in the timed loop.", "",
              "| operation | borrowed ops/s | owned ops/s | owned / borrowed |",
              "|---|---:|---:|---:|"]
    for op in ("encrypt", "decrypt"):
        for size in (32, 1024, 4096):
            key = f"{op}/owned/{size}"
            if key in r:
                borrowed, owned = ops(r[f"{op}/provider/{size}"][0]), ops(r[key][0])
                lines.append(f"| {op} AES-256-GCM {size} B | {fmt_ops(borrowed)} | {fmt_ops(owned)} | {owned / borrowed:.2f} |")
    lines.append("")

    lines += ["## Sign and verify (256-byte message, RAW)", "", HEADER]
    for full_id in sorted(k for k in r if re.match(r"(sign|verify)/.+/provider$", k)):
        op, spec, alg, _ = full_id.split("/")
        ring_id, rc_id = f"{op}/{spec}/{alg}/ring", f"{op}/{spec}/{alg}/rustcrypto"
        uses_ring = spec.startswith("RSA") or spec == "ECC_NIST_P256"
        raw_id, other_id = (ring_id, rc_id) if uses_ring else (rc_id, ring_id)
        if raw_id not in r:
            continue
        other = ops(r[other_id][0]) if other_id in r else None
        ossl_key = {"RSA_2048": "rsa2048", "RSA_3072": "rsa3072", "RSA_4096": "rsa4096", "ECC_NIST_P256": "ecdsap256",
                    "ECC_NIST_P384": "ecdsap384", "ECC_NIST_P521": "ecdsap521", "ECC_NIST_EDWARDS25519": "ed25519",
                    "SM2": "sm2"}.get(spec)
        lines.append(ratio_row(f"{op} {spec} {alg}", r[full_id], r[raw_id], 0.90, other,
                               ossl.get(f"{ossl_key}/{op}") if ossl_key else None))
    lines.append("")

    lines += ["## Other operations", "", HEADER]
    for full_id in sorted(k for k in r if re.match(r"(decrypt_oaep_sha256|decrypt_sm2pke|generate_mac|verify_mac|generate_data_key|re_encrypt)/provider/", k)):
        name, _, what = full_id.split("/")
        raw_id = f"{name}/raw/{what}"
        if raw_id in r:
            lines.append(ratio_row(f"{name} {what}", r[full_id], r[raw_id], None))
    lines.append("")

    lines += ["## Threads (time per operation over all threads; scaling = 1-thread time / 2-thread time)", "",
              "| case | 1 thread ops/s | 2 threads ops/s | scaling | target |", "|---|---:|---:|---:|---|"]
    for case in ("encrypt_4096/one_key", "encrypt_4096/many_keys", "sign_p256/one_key", "sign_p256/many_keys"):
        one, two = r.get(f"threads/{case}/1"), r.get(f"threads/{case}/2")
        if one and two:
            scaling = one[0] / two[0]
            lines.append(f"| {case} | {fmt_ops(ops(one[0]))} | {fmt_ops(ops(two[0]))} | {scaling:.2f} | "
                         + ("met" if scaling >= 1.8 else "**below 1.8**") + " |")
    lines.append("")

    lines += ["## Key generation (create_key, median and median absolute deviation)", "",
              "| key spec | median | spread (MAD) | OpenSSL `genpkey` median (min–max) | provider / OpenSSL time |",
              "|---|---:|---:|---:|---:|"]
    for full_id in sorted(k for k in r if k.startswith("create_key/")):
        spec = full_id.split("/", 1)[1]
        median, mad = r[full_id]
        cells = [spec, f"{median / 1e6:.3f} ms", f"{mad / 1e6:.3f} ms", "", ""]
        if spec.startswith("RSA_"):
            bits = int(spec.split("_")[1])
            g_median, g_min, g_max = genpkey_times(bits, 15 if bits < 4096 else 9)
            cells[3] = f"{g_median * 1e3:.1f} ms ({g_min * 1e3:.0f}–{g_max * 1e3:.0f})"
            cells[4] = f"{(median / 1e9) / g_median:.2f}"
        lines.append("| " + " | ".join(cells) + " |")
    if "rsa_generate_raw/RSA_2048" in r:
        m, d = r["rsa_generate_raw/RSA_2048"]
        lines.append(f"\nRaw `rsa` crate RSA-2048 generation in the same run: median {m / 1e6:.1f} ms (MAD {d / 1e6:.1f} ms). "
                     "`openssl genpkey` times include starting the process (a few ms).")
    lines.append("")

    lines += ["## File store", "", "| measurement | figure |", "|---|---:|"]
    if "file/create_key_aes256_fsync" in r:
        lines.append(f"| create-key (AES-256, two fsyncs) | {r['file/create_key_aes256_fsync'][0] / 1e3:.0f} µs |")
    for n in ("1000", "10000"):
        if f"file/open/{n}" in r:
            lines.append(f"| open, {int(n):,} keys | {r[f'file/open/{n}'][0] / 1e6:.1f} ms |")
    big = os.path.join(CRITERION, "file_open_100000.json")
    if os.path.exists(big):
        with open(big) as f:
            b = json.load(f)
        lines.append(f"| open, 100,000 keys (median of 5; min–max) | {b['open_median_ms']:.0f} ms ({b['open_min_ms']:.0f}–{b['open_max_ms']:.0f}) |")
        lines.append(f"| log size at 100,000 keys | {b['log_mib']} MiB |")
        lines.append(f"| first encrypt after opening | {b['first_encrypt_us']:.0f} µs |")
        lines.append(f"| heap per key once open | {b['heap_bytes_per_key']:.0f} bytes |")
    lines.append("")

    lines += server.section() or []
    lines += aws.section() or []

    lines += ["## Reading the figures", "",
              "- **Noise.** This is a shared virtual machine: the same benchmark moves by up to about 20 % from one run "
              "to the next, and the provider and the raw call are measured seconds apart. A sign or verify row a few "
              "percent either side of 0.90, where the provider runs the very call it is compared with, is within that "
              "noise; a ratio above 1.0 is the same noise the other way.",
              "- **Symmetric encryption has fixed costs the raw seal does not.** Per call the provider checks the key's "
              "state and usage, validates and encodes the encryption context into the associated data (the raw bench "
              "passes 3 fixed bytes), builds the self-describing blob and a response, and:",
              "  - for encryption, draws a nonce from a per-thread buffer of OS randomness after checking the process "
              "id (one `getpid` system call, measured at 0.11 µs here), so that a child made by `fork()` can never "
              "reuse its parent's nonces; a `getrandom` call per nonce would cost 0.28 µs, and an unchecked "
              "user-space generator is not safe across `fork()`;",
              "  - for decryption, zeroizes the plaintext when it is dropped (35 ns for 4 KiB).",
              "  These costs do not grow with the message, so the ratio rises with size (see the 1 KiB and 4 KiB rows) "
              "and is far below the raw seal at 32 bytes, where AES-GCM itself takes about 0.1 µs.",
              "- **Owned requests.** `into_owned()` allocates and copies the key reference and payload; the copy is "
              "what costs, more above 1 KiB, where the system allocator leaves its fast per-thread cache. That is why "
              "the cryptographic requests borrow by default and only a request bound for another task or thread "
              "is made to own its data.",
              "- **Threads.** Scaling at or above 2.0 on 2 cores reflects the measurement (each sample's wall time "
              "includes starting the threads) and CPU frequency, not super-linear work; what it shows is that no "
              "lock is held during the cryptography.",
              "- **RSA key generation** uses the `rsa` crate (ring cannot generate RSA keys); it is faster than "
              "`openssl genpkey` here at every size, so no key pool is needed.",
              ""]

    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as f:
        f.write("\n".join(lines))
    print("wrote BENCHMARKS.md")


if __name__ == "__main__":
    main()
