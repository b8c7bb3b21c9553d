#!/usr/bin/env bash
# The one start-up sequence of a working TMSCT network: nodes up (up.sh), both chaincodes deployed
# (deploy.sh all), contracts configured from the topology (bootstrap.sh), anchor relays running
# (relays.sh start). Every step is idempotent, so a running network is reused as it is.
# Usage: start-network.sh [--skip-up]   (--skip-up: the network is already up; `make deploy`)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

case "${1:-}" in
  "") "$REPO_DIR/scripts/up.sh" ;;
  --skip-up) ;;
  *) die "unknown option '$1' (usage: start-network.sh [--skip-up])" ;;
esac
log "deploying both chaincodes, configuring the contracts and starting the anchor relays in $STATE_DIR"
"$REPO_DIR/scripts/deploy.sh" all
"$REPO_DIR/scripts/bootstrap.sh"
"$REPO_DIR/scripts/relays.sh" start
