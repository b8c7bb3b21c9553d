#!/usr/bin/env bash
# Stops the network and deletes its whole state: crypto material, ledgers, logs, deployed packages.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$REPO_DIR/scripts/down.sh"
if [[ -d "$STATE_DIR" ]]; then
  log "removing $STATE_DIR"
  rm -rf "$STATE_DIR"
fi
