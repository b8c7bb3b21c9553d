#!/usr/bin/env bash
# Runs one Caliper benchmark phase (see benchmarks/config.js) against the network in TMSCT_STATE
# and leaves its HTML report, log and per-round JSON in the results folder, named after the phase
# (or after the optional name).
# Usage: run.sh <phase> <results dir> [name]
set -euo pipefail
phase=${1:?usage: run.sh <phase> <results dir>}
out=${2:?usage: run.sh <phase> <results dir>}
name=${3:-$phase}
CALIPER_DIR="$(cd "$(dirname "$0")/.." && pwd)"
REPO_DIR="$(dirname "$CALIPER_DIR")"
# shellcheck source=../../scripts/lib.sh
source "$REPO_DIR/scripts/lib.sh"
mkdir -p "$out"
out=$(cd "$out" && pwd)
export BENCH_NETWORK_JSON="$STATE_DIR/network.json" BENCH_PRELOAD_MANIFEST="$STATE_DIR/caliper/preload.json" BENCH_RESULTS_DIR="$out"
node "$CALIPER_DIR/benchmarks/config.js" "$phase" "$out/$name.json"
log "running Caliper phase '$phase' as '$name' (log: $out/caliper-$name.log)"
cd "$CALIPER_DIR"
# CPU of every process during the round, Caliper's own included (cpu-<name>.txt)
pidstat -h -u 1 > "$out/pidstat-$name.txt" 2>&1 &
pidstat_pid=$!
status=0
npx --no-install caliper launch manager --caliper-workspace . \
  --caliper-networkconfig "$STATE_DIR/caliper/network.json" --caliper-benchconfig "$out/$name.json" \
  --caliper-flow-only-test --caliper-report-path "$out/report-$name.html" \
  --caliper-progress-reporting-interval 2000 --caliper-logging-formats-colorize-level false \
  > "$out/caliper-$name.log" 2>&1 || status=$?
kill "$pidstat_pid" 2>/dev/null; wait "$pidstat_pid" 2>/dev/null || true
"$CALIPER_DIR/bin/cpu-seconds.sh" "$out/pidstat-$name.txt" > "$out/cpu-$name.txt" || true
sed -n '/### All test results ###/,$p' "$out/caliper-$name.log" | grep -E '^[|+]' || true
grep -o 'Benchmark finished in .*' "$out/caliper-$name.log" || true
((status == 0)) || die "Caliper exited with status $status (see $out/caliper-$name.log)"
# A round's figures mean nothing if a node died under it: say so instead of measuring on.
for n in $(for ((i = 1; i <= $(orderer_count); i++)); do echo "orderer$i"; done) $(printf 'peer0-%s\n' "${PEER_ORGS[@]}"); do
  is_running "$n" || die "$n stopped during '$name' (see $LOG_DIR/$n.log; its panic, if any: $(grep -m1 -A3 '^panic' "$LOG_DIR/$n.log" | tr '\n' ' ' | cut -c1-300))"
done
