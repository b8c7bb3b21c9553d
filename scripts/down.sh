#!/usr/bin/env bash
# Stops every process the network scripts started, by the pid in its pid file. Ledgers are kept,
# so the next 'make up' resumes the same chains.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[[ -d "$PID_DIR" ]] || { log "nothing to stop in $STATE_DIR"; exit 0; }
log "stopping the TMSCT network in $STATE_DIR"
# Clients of the network first (relays, chaincode servers), then peers, then orderers.
for f in "$PID_DIR"/relay-*.pid "$PID_DIR"/cc-*.pid "$PID_DIR"/peer*.pid "$PID_DIR"/orderer*.pid "$PID_DIR"/*.pid; do
  [[ -e "$f" ]] || continue
  stop_process "$(basename "$f" .pid)"
done
log "network stopped"
