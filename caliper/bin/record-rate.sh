#!/usr/bin/env bash
# Records N RAW_MATERIAL records with the command line (`tmsct record --batch --wait-anchored`) on a
# network of its own, and reports the recorded and end-to-end anchored rates with each process's CPU
# (pidstat) during the run. Reuses the network if it runs (else starts it, and stops it at the end).
# Usage: record-rate.sh [N] [CONCURRENCY] [PER_TX]   (default 1000 records, 16 transactions in
# flight, 50 records per RecordBatch transaction; PER_TX 1 sends one Record transaction per record)
# Settings: TMSCT_STATE (state/rate), BASE_PORT (30000), RATE_KEEP=1 keeps a network it started;
# RELAY_ARGS, CC_JAVA_OPTS, PEER_LOGGING as for the network scripts.
set -euo pipefail
REPO_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
export TMSCT_STATE="${TMSCT_STATE:-$REPO_DIR/state/rate}" BASE_PORT="${BASE_PORT:-30000}"
# shellcheck source=../../scripts/lib.sh
source "$REPO_DIR/scripts/lib.sh"
n=${1:-1000}
concurrency=${2:-16}
per_tx=${3:-50}
[[ "$n" =~ ^[0-9]+$ && "$concurrency" =~ ^[0-9]+$ && "$per_tx" =~ ^[0-9]+$ ]] \
  || die "usage: record-rate.sh [N] [CONCURRENCY] [PER_TX]"
command -v pidstat >/dev/null || die "pidstat is missing; run 'make deps'"
org=RawMaterialOrg dev=rate-sensor-1
out="$REPO_DIR/caliper/results/record-rate-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"

started=0
[[ -n "$(running_processes)" ]] || started=1
stop_if_started() {
  local rc=$?
  [[ -n "${pidstat_pid:-}" ]] && kill "$pidstat_pid" 2>/dev/null
  if ((started)) && [[ "${RATE_KEEP:-0}" != 1 ]]; then "$REPO_DIR/scripts/down.sh" >/dev/null && log "stopped the network this run started"; fi
  exit $rc
}
trap stop_if_started EXIT
((started)) && "$REPO_DIR/scripts/start-network.sh"

tmsct() { "$REPO_DIR/scripts/tmsct" --org "$org" "$@"; }
[[ -f "$STATE_DIR/devices/$org/$dev/key.pem" ]] || tmsct device keygen "$dev" >/dev/null
grep -q "^$dev " <<<"$(tmsct device list)" || tmsct device register "$dev" >/dev/null

run_id=$(date -u +%H%M%S)
log "writing $n records (trace codes RATE-$run_id-*)"
for ((i = 0; i < n; i++)); do
  printf '{"tid":"RATE-%s-%06d","stage":"RAW_MATERIAL","fields":{"batch":"B-%06d","product":"bike frame","quantity":40,"location":"site %d","temperature":21}}\n' \
    "$run_id" "$i" "$i" "$((i % 17))"
done > "$out/records.jsonl"

# every process of the machine once a second (the network's named by their pid files)
pidstat -h -u 1 > "$out/pidstat.txt" 2>&1 &
pidstat_pid=$!
log "recording $n records, $per_tx per transaction, $concurrency transactions in flight, waiting until all are anchored on master"
tmsct record --batch --device "$dev" --concurrency "$concurrency" --per-tx "$per_tx" --wait-anchored --timeout 1800 "$out/records.jsonl" \
  | tee "$out/record.txt" | grep -E 'records/s|failed|anchored'
kill "$pidstat_pid" 2>/dev/null; wait "$pidstat_pid" 2>/dev/null || true
pidstat_pid=

"$REPO_DIR/caliper/bin/cpu-seconds.sh" "$out/pidstat.txt" > "$out/cpu-seconds.txt"
log "CPU seconds per process during the run ($out/cpu-seconds.txt):"
cat "$out/cpu-seconds.txt"
