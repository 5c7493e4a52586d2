#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS_EACH seconds (default 300) on the
# stable toolchain, seeded from tests/data/fuzz/<target>/, and prints each
# target's executions. Findings land in fuzz/artifacts/<target>/.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${SECONDS_EACH:-300}
targets=${*:-decrypt verify verify_mac import vocabulary file_store server_http}
cargo fuzz build --sanitizer none -O
for target in $targets; do
    mkdir -p "corpus/$target"
    cp -n ../tests/data/fuzz/"$target"/* "corpus/$target/" 2>/dev/null || true
    cargo fuzz run --sanitizer none -O "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 2>&1 | tee "run-$target.log" | grep -E "^(stat::number_of_executed_units|stat::new_units_added|==.*ERROR|thread .* panicked)|Done [0-9]+ runs"
done
