#!/usr/bin/env bash
# `make bench`: the Caliper load tests. Brings the benchmark network up if it is not running (and
# stops it at the end; BENCH_KEEP=1 keeps it), installs Caliper, preloads master, then runs the
# phases in BENCH_PHASES and writes caliper/results/bench-<time>/: Caliper's HTML reports, the
# logs, the workloads' JSON, summary.md and summary.csv.
#   queries  the paper's protocol: each send rate in QUERY_RATES (25..250 step 25), each kind in
#            QUERY_KINDS (ping trace-full exists trace-bloom; ping is a no-op evaluate, the ceiling
#            the others are compared with), WORKERS (2) x QUERY_TX (1000) queries per round. A
#            kind whose round fails a query or averages over QUERY_STOP_LATENCY s (10) is not run
#            at higher rates (it is saturated; more load only lengthens the queue). Then push past
#            the paper: the kinds still standing go on at QUERY_PUSH_RATES (300 350 400 500 600 800).
#   walk     the search without a filter (trace-walk) next to the filtered one, under a fixed load
#            of WALK_LOAD (2) queries in flight, WORKERS x WALK_TX (20) queries each. At 10,000
#            blocks one walk takes seconds, so fixed send rates would queue queries on the peers
#            past the 30 s chaincode timeout, and Fabric 3.1.1 peers can crash when a range query
#            times out (hyperledger/fabric#5048); trace-walk can still be added to QUERY_KINDS.
#   records  one round per rate in RECORD_RATES (10, then 25..250 step 25), WORKERS x RECORD_TX (500)
#            records each, relay lag sampled; stops at saturation like the queries
#   designs  the three designs' throughput side by side, one record per transaction under a fixed
#            load of DESIGN_LOAD (16) in flight, WORKERS x DESIGN_TX (500) each: TMSCT, the whole
#            records on the shared master channel, and Fabric private data collections
#   storage  ledger and state bytes per peer for STORAGE_RECORDS records (10000, at STORAGE_RATE 25
#            TPS): TMSCT, then the same records written whole on the shared master channel (baseline),
#            then into each writer's implicit private data collection on master (private data);
#            STORAGE_DESIGNS (tmsct baseline private) picks the designs measured.
#            The TMSCT snapshot waits until the relays have anchored everything (STORAGE_DRAIN_WAIT s).
#            One such pass per raw-record size in STORAGE_PAYLOADS (0 4096; 0 = unpadded).
# Every Caliper run also writes cpu-<name>.txt: the CPU seconds of each process during it, the
# network's and Caliper's own (other:node).
# Other settings: PRELOAD_BLOCKS (10000), PRELOAD_ENTRIES (10), PRELOAD_PIPELINES (4), EXIST_RATIO
# (0.5), TMSCT_STATE (state/bench), BASE_PORT (20000). See caliper/benchmarks/config.js.
set -euo pipefail
REPO_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
export TMSCT_STATE="${TMSCT_STATE:-$REPO_DIR/state/bench}" BASE_PORT="${BASE_PORT:-20000}"
# shellcheck source=../../scripts/lib.sh
source "$REPO_DIR/scripts/lib.sh"
PHASES="${BENCH_PHASES:-queries walk records designs storage}"
out="$REPO_DIR/caliper/results/bench-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
started=0
[[ -n "$(running_processes)" ]] || started=1
finish() {
  local rc=$?
  if ((started)) && [[ "${BENCH_KEEP:-0}" != 1 ]]; then "$REPO_DIR/scripts/down.sh" >/dev/null && log "stopped the network this run started"; fi
  exit $rc
}
trap finish EXIT

SECONDS=0
"$REPO_DIR/caliper/bin/install.sh"
"$REPO_DIR/caliper/bin/network.sh"
"$REPO_DIR/caliper/bin/preload.sh"
cp "$STATE_DIR/caliper/preload.json" "$out/"
"$REPO_DIR/caliper/bin/env.sh" "$out/env.json"
log "bench: phases '$PHASES', results in $out"

# sweep <phase> <rates> <kinds>: one Caliper run per send rate, lowest first; a kind that
# saturates at a rate (tools/saturated.js) is not run at the higher ones.
sweep() {
  local phase=$1 rates=$2 kinds=$3 rate name saturated k
  for rate in $rates; do
    [[ -n "${kinds// /}" ]] || { log "$phase: every kind is saturated; no higher rate is run"; break; }
    name="$phase-$(printf '%03d' "$rate")"
    if [[ $phase == queries ]]; then
      QUERY_RATES=$rate QUERY_KINDS="$kinds" "$REPO_DIR/caliper/bin/run.sh" "$phase" "$out" "$name"
    else
      RECORD_RATES=$rate "$REPO_DIR/caliper/bin/run.sh" "$phase" "$out" "$name"
    fi
    saturated=$(node "$REPO_DIR/caliper/tools/saturated.js" "$out/caliper-$name.log" "${QUERY_STOP_LATENCY:-10}")
    for k in $saturated; do
      log "$k saturated at $rate TPS: not run at higher rates"
      kinds=$(tr ' ' '\n' <<<"$kinds" | grep -vx "$k" | xargs || true)
    done
    # work still queued on the peers would slow the next round down; the chaincode timeout is 30 s
    if [[ -n "$saturated" ]]; then log "letting the peers drain for 30 s"; sleep 30; fi
  done
}
if [[ " $PHASES " == *" queries "* ]]; then
  sweep queries "${QUERY_RATES:-25 50 75 100 125 150 175 200 225 250} ${QUERY_PUSH_RATES-300 350 400 500 600 800}" \
    "${QUERY_KINDS:-ping trace-full exists trace-bloom}"
fi
if [[ " $PHASES " == *" walk "* ]]; then
  "$REPO_DIR/caliper/bin/run.sh" walk "$out"
fi
if [[ " $PHASES " == *" records "* ]]; then
  sweep records "${RECORD_RATES:-10 25 50 75 100 125 150 175 200 225 250}" record
fi
if [[ " $PHASES " == *" designs "* ]]; then
  # one Caliper run per design, so each run's CPU (cpu-designs-<design>.txt) is that design's
  for design in ${DESIGNS:-tmsct shared private}; do
    DESIGNS=$design "$REPO_DIR/caliper/bin/run.sh" designs "$out" "designs-$design"
  done
fi
if [[ " $PHASES " == *" storage "* ]]; then
  snap() { node "$REPO_DIR/caliper/tools/storage-snapshot.js" "$STATE_DIR/network.json" "$1" "$out/storage-$1.json"; }
  designs=" ${STORAGE_DESIGNS:-tmsct baseline private} "
  for payload in ${STORAGE_PAYLOADS:-0 4096}; do
    log "storage pass: raw records padded to $payload bytes (0: unpadded), designs:$designs"
    node "$REPO_DIR/caliper/tools/wait-relays.js" "$STATE_DIR/network.json" 600
    snap "before-p$payload"
    if [[ $designs == *" tmsct "* ]]; then
      STORAGE_PAYLOAD=$payload RECORD_REUSE="${STORAGE_REUSE:-50}" ANCHOR_WAIT="${STORAGE_DRAIN_WAIT:-3600}" \
        "$REPO_DIR/caliper/bin/run.sh" storage "$out" "storage-p$payload"
      node "$REPO_DIR/caliper/tools/wait-relays.js" "$STATE_DIR/network.json" "${STORAGE_DRAIN_WAIT:-3600}"
      snap "after-tmsct-p$payload"
    fi
    if [[ $designs == *" baseline "* ]]; then
      STORAGE_PAYLOAD=$payload "$REPO_DIR/caliper/bin/run.sh" storage-baseline "$out" "storage-baseline-p$payload"
      snap "after-baseline-p$payload"
    fi
    if [[ $designs == *" private "* ]]; then
      STORAGE_PAYLOAD=$payload "$REPO_DIR/caliper/bin/run.sh" storage-private "$out" "storage-private-p$payload"
      snap "after-private-p$payload"
    fi
  done
fi
log "summary ($out/summary.md):"
node "$REPO_DIR/caliper/tools/summary.js" "$out" || true
log "bench finished in $((SECONDS / 60)) min $((SECONDS % 60)) s; summary: $out/summary.md, reports: $out/report-*.html"
