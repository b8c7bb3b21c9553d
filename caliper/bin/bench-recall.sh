#!/usr/bin/env bash
# `make bench-recall`: recall over a preloaded lot genealogy. Brings the benchmark network up if it
# is not running (and stops it at the end; BENCH_KEEP=1 keeps it), installs Caliper, anchors the
# genealogy on master (caliper/tools/preload-genealogy.js: GENEALOGY_LEVELS (7) levels of
# GENEALOGY_LOTS (1430) lots, each lot of level k+1 made from GENEALOGY_INPUTS (2) lots of level k
# drawn with GENEALOGY_SEED (1), GENEALOGY_ENTRIES (10) lots per block over GENEALOGY_PIPELINES (4)
# x 4 preload chains; resumable, and skipped once done), then runs one Caliper round per kind in
# RECALL_KINDS (1 3 6 6-nobloom): "<depth>[-nobloom][@<tps>]", Recall of a level-0 lot down to
# that depth, "-nobloom" with the Bloom existence check off, "@<tps>" at that fixed send rate, else
# with RECALL_LOAD (2) queries in flight, the next sent as soon as one is answered
# (lib/in-flight-rate.js): the answer time without a queue, and the throughput at that concurrency.
# Each round lasts RECALL_SECONDS (60) and is its own Caliper run, so its cpu-recall-d<kind>.txt is
# that round's; RECALL_PAUSE s (15) apart, so the peers are idle when the next starts. A send rate
# above what the peers answer queues queries past the 30 s chaincode timeout, where a Fabric 3.1.1
# peer can crash (hyperledger/fabric#5048); a rate round that saturates gets 30 s more to drain.
# Every answer is checked against the genealogy.
# Results: caliper/results/recall-<UTC time>/ (summary.md from tools/recall-summary.js, Caliper's
# reports and logs, the workload's JSON, the genealogy manifest and preload log, env.json).
# Settings: TMSCT_STATE (state/bench), BASE_PORT (20000), WORKERS (2), RECALL_PAGE (1000).
set -euo pipefail
REPO_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
export TMSCT_STATE="${TMSCT_STATE:-$REPO_DIR/state/bench}" BASE_PORT="${BASE_PORT:-20000}"
# shellcheck source=../../scripts/lib.sh
source "$REPO_DIR/scripts/lib.sh"
kinds="${RECALL_KINDS:-1 3 6 6-nobloom}"
out="$REPO_DIR/caliper/results/recall-$(date -u +%Y%m%d-%H%M%S)"
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
mkdir -p "$STATE_DIR/caliper"
manifest="$STATE_DIR/caliper/genealogy.json"
log "preloading the genealogy: ${GENEALOGY_LEVELS:-7} levels of ${GENEALOGY_LOTS:-1430} lots, ${GENEALOGY_INPUTS:-2} inputs per lot (seed ${GENEALOGY_SEED:-1}), ${GENEALOGY_ENTRIES:-10} lots per block, ${GENEALOGY_PIPELINES:-4} pipelines"
node "$REPO_DIR/caliper/tools/preload-genealogy.js" --network "$STATE_DIR/network.json" --manifest "$manifest" \
  --levels "${GENEALOGY_LEVELS:-7}" --lots "${GENEALOGY_LOTS:-1430}" --inputs "${GENEALOGY_INPUTS:-2}" --seed "${GENEALOGY_SEED:-1}" \
  --entries "${GENEALOGY_ENTRIES:-10}" --pipelines "${GENEALOGY_PIPELINES:-4}" 2>&1 | tee "$out/preload-genealogy.log"
cp "$manifest" "$out/genealogy.json"
"$REPO_DIR/caliper/bin/env.sh" "$out/env.json"
log "bench-recall: rounds '$kinds', ${RECALL_SECONDS:-60} s each, results in $out"

first=1
for kind in $kinds; do
  if ((!first)); then log "pausing ${RECALL_PAUSE:-15} s so the peers are idle"; sleep "${RECALL_PAUSE:-15}"; fi
  first=0
  name="recall-d${kind//@/-at}"
  log "round $name (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  RECALL_KINDS=$kind "$REPO_DIR/caliper/bin/run.sh" recall "$out" "$name"
  if [[ $kind == *@* && -n "$(node "$REPO_DIR/caliper/tools/saturated.js" "$out/caliper-$name.log" 10)" ]]; then
    log "$name saturated (a failure, over 10 s on average, or sent under 80% of its rate): letting the peers drain for 30 s"
    sleep 30
  fi
done
log "summary ($out/summary.md):"
status=0
node "$REPO_DIR/caliper/tools/recall-summary.js" "$out" --strict || status=$?
log "bench-recall finished in $((SECONDS / 60)) min $((SECONDS % 60)) s; summary: $out/summary.md, reports: $out/report-*.html"
((status == 0)) || die "some recall failed or answered wrong; see the Problems of $out/summary.md"
