#!/usr/bin/env bash
# Stops every process the network scripts started, by the pid in its pid file. Ledgers are kept,
# so the next 'make up' resumes the same chains.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[[ -d "$PID_DIR" ]] || { log "nothing to stop in $STATE_DIR"; exit 0; }
log "stopping the TMSCT network in $STATE_DIR"
# Clients of the network first (trace servers, mirrors, relays, chaincode servers), then peers, then orderers; each group at once.
stop_group() {  # stop_group <pid files...>: the processes of the pid files that exist
  local f names=()
  for f in "$@"; do [[ -e "$f" ]] && names+=("$(basename "$f" .pid)"); done
  stop_processes "${names[@]}"
}
stop_group "$PID_DIR"/web-*.pid "$PID_DIR"/mirror-*.pid "$PID_DIR"/relay-*.pid "$PID_DIR"/cc-*.pid
stop_group "$PID_DIR"/peer*.pid
# PostgreSQL takes SIGTERM as a 'smart' shutdown that waits for its clients to leave; SIGINT is its 'fast' one.
if is_running postgres; then kill -INT "$(pid_of postgres)"; fi
stop_group "$PID_DIR"/*.pid
log "network stopped"
