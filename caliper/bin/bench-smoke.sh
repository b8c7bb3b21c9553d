#!/usr/bin/env bash
# `make bench-smoke`: a short Caliper run for CI. Reuses the benchmark network if it runs (else
# brings it up, and stops it at the end), preloads a few blocks, runs one short round of each
# workload (record with anchor lag, Ping, trace query with the Bloom filter, exists query, trace
# query without a filter under a fixed load of 2 queries in flight), then a batched round
# (`tmsct record --batch`, 50 records per RecordBatch transaction), and fails if any transaction
# failed, any query answer was wrong, a round failed, or a record was lost, duplicated or not
# anchored on master. Results: caliper/results/smoke-<time>/.
# Settings: TMSCT_STATE (state/bench), BASE_PORT (20000), BENCH_KEEP=1 keeps a network it started.
set -euo pipefail
REPO_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
export TMSCT_STATE="${TMSCT_STATE:-$REPO_DIR/state/bench}" BASE_PORT="${BASE_PORT:-20000}"
# shellcheck source=../../scripts/lib.sh
source "$REPO_DIR/scripts/lib.sh"
export WORKERS="${WORKERS:-2}" QUERY_RATES="${QUERY_RATES:-25}" QUERY_TX="${QUERY_TX:-50}" RECORD_RATES="${RECORD_RATES:-10}" \
  RECORD_TX="${RECORD_TX:-20}" WALK_LOAD="${WALK_LOAD:-2}" WALK_TX="${WALK_TX:-10}" ANCHOR_WAIT="${ANCHOR_WAIT:-60}" \
  PRELOAD_BLOCKS="${PRELOAD_BLOCKS:-64}" PRELOAD_PIPELINES="${PRELOAD_PIPELINES:-4}"
out="$REPO_DIR/caliper/results/smoke-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
started=0
[[ -n "$(running_processes)" ]] || started=1
stop_if_started() {
  local rc=$?
  if ((started)) && [[ "${BENCH_KEEP:-0}" != 1 ]]; then "$REPO_DIR/scripts/down.sh" >/dev/null && log "stopped the network this run started"; fi
  exit $rc
}
trap stop_if_started EXIT

SECONDS=0
log "bench-smoke: installing Caliper and bringing up the network in parallel"
"$REPO_DIR/caliper/bin/install.sh" > "$out/install.log" 2>&1 &
install_pid=$!
"$REPO_DIR/caliper/bin/network.sh"
wait $install_pid || { cat "$out/install.log" >&2; die "installing Caliper failed"; }
tail -n 1 "$out/install.log"
"$REPO_DIR/caliper/bin/preload.sh"
cp "$STATE_DIR/caliper/preload.json" "$out/"
"$REPO_DIR/caliper/bin/env.sh" "$out/env.json"
"$REPO_DIR/caliper/bin/run.sh" smoke "$out"
node "$REPO_DIR/caliper/tools/summary.js" "$out" --strict > /dev/null \
  || { sed -n '/## Problems/,$p' "$out/summary.md" >&2; die "bench-smoke failed; see $out/summary.md"; }

# the batched round: every record recorded once and anchored once on master
batch_n=${SMOKE_BATCH_RECORDS:-200}
anchored_records() {
  "$REPO_DIR/scripts/tmsct" --org RawMaterialOrg status | sed -n 's/^  anchored *\([0-9]*\) records.*/\1/p'
}
before=$(anchored_records)
[[ -n "$before" ]] || die "cannot read the records anchored on master ('tmsct status')"
log "batched round: $batch_n records, 50 per RecordBatch transaction (anchored on master so far: $before)"
"$REPO_DIR/caliper/bin/record-rate.sh" "$batch_n" 4 50 > "$out/batched-round.txt" 2>&1 \
  || { tail -n 20 "$out/batched-round.txt" >&2; die "the batched round failed; see $out/batched-round.txt"; }
grep -q "^recorded $batch_n of $batch_n records" "$out/batched-round.txt" || die "the batched round lost records; see $out/batched-round.txt"
grep -q "^all $batch_n records anchored on master" "$out/batched-round.txt" || die "the batched round left records unanchored; see $out/batched-round.txt"
after=$(anchored_records)
((after - before == batch_n)) || die "master anchored $((after - before)) records for the $batch_n of the batched round (lost or duplicated)"
grep -E 'records/s' "$out/batched-round.txt"
log "bench-smoke passed in ${SECONDS}s: every transaction succeeded, every answer was right, every record was anchored once"
log "results: $out/summary.md and $out/report-smoke.html"
