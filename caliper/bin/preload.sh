#!/usr/bin/env bash
# Preloads the master channel for the query benchmarks: PRELOAD_BLOCKS anchored slave blocks
# (default 10000) of PRELOAD_ENTRIES records each, through chaincode-master's AnchorBlock with the
# organisations' relay identities (caliper/tools/preload.js says exactly how). Resumable and
# idempotent: blocks already anchored are not anchored again. Writes the manifest the query
# workloads draw their trace codes from: $TMSCT_STATE/caliper/preload.json.
set -euo pipefail
REPO_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
export TMSCT_STATE="${TMSCT_STATE:-$REPO_DIR/state/bench}" BASE_PORT="${BASE_PORT:-20000}"
# shellcheck source=../../scripts/lib.sh
source "$REPO_DIR/scripts/lib.sh"
[[ -f "$STATE_DIR/network.json" ]] || die "no network in $STATE_DIR; run 'make bench' (or scripts/start-network.sh)"
"$REPO_DIR/caliper/bin/install.sh"
mkdir -p "$STATE_DIR/caliper"
log "preloading master with ${PRELOAD_BLOCKS:-10000} anchored blocks (${PRELOAD_ENTRIES:-10} entries each, ${PRELOAD_PIPELINES:-4} pipelines)"
node "$REPO_DIR/caliper/tools/preload.js" --network "$STATE_DIR/network.json" --manifest "$STATE_DIR/caliper/preload.json" \
  --blocks "${PRELOAD_BLOCKS:-10000}" --entries "${PRELOAD_ENTRIES:-10}" --pipelines "${PRELOAD_PIPELINES:-4}"
