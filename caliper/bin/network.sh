#!/usr/bin/env bash
# Makes sure the benchmark network is up, deployed, bootstrapped and relaying, then writes
# Caliper's network file from network.json. Every step is idempotent, so a running network is
# reused as it is.
set -euo pipefail
REPO_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=../../scripts/lib.sh
source "$REPO_DIR/scripts/lib.sh"
log "network in $STATE_DIR (BASE_PORT $BASE_PORT, $(running_processes | wc -l) of its processes running)"
"$REPO_DIR/scripts/start-network.sh"
for o in "${PEER_ORGS[@]}"; do
  is_running "relay-$o" || die "relay-$o is not running (anchor-relay jar missing? run 'make build'); the record workload needs every relay"
done
node "$REPO_DIR/caliper/network/generate.js" "$STATE_DIR/network.json" "$STATE_DIR/caliper/network.json"
