#!/usr/bin/env bash
# Writes what a result depends on (machine, load, versions, network settings) as JSON.
# Usage: env.sh <out.json>
set -euo pipefail
REPO_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=../../scripts/lib.sh
source "$REPO_DIR/scripts/lib.sh"
out=${1:?usage: env.sh <out.json>}
v() { node -p "require('$1/package.json').version" 2>/dev/null || echo '?'; }
python3 - "$out" <<PY
import json, sys
json.dump({
  "date (UTC)": "$(date -u '+%Y-%m-%d %H:%M')",
  "machine": "$(nproc) vCPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM",
  "load average at start": "$(cut -d' ' -f1-3 /proc/loadavg)",
  "other Fabric peers on the machine": "$(($(pgrep -xc peer || true) - ${#PEER_ORGS[@]})) (besides this network's ${#PEER_ORGS[@]})",
  "Fabric": "$(peer version 2>/dev/null | awk '/Version:/ && !n++ {print $2}') (native processes, $CONSENSUS, $(orderer_count) orderer(s), ${#PEER_ORGS[@]} peers, LevelDB)",
  "Caliper": "$(cd "$REPO_DIR/caliper" && v @hyperledger/caliper-cli), fabric-gateway $(cd "$REPO_DIR/caliper" && v @hyperledger/fabric-gateway)",
  "Node.js / Java": "$(node --version) / $(java -version 2>&1 | awk -F'"' '/version/ && !n++ {print $2}')",
  "git commit": "$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO_DIR" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')",
}, open(sys.argv[1], "w"), indent=2)
PY
