#!/usr/bin/env bash
# Brings the TMSCT network up: generates what is missing, starts orderers and peers as native
# processes, joins every channel, and restarts the chaincode servers of deployed chaincodes.
# Idempotent: running nodes are left alone. If start-up fails, what this run started is stopped.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_fabric

STARTED=()
RUNNING_BEFORE=" $(running_processes | tr '\n' ' ') "
rollback() {
  local rc=$? f n
  if ((rc != 0)); then
    # chaincode servers started by this run count too
    for f in "$PID_DIR"/cc-*.pid; do
      [[ -e "$f" ]] || continue; n=$(basename "$f" .pid)
      [[ "$RUNNING_BEFORE" == *" $n "* ]] || STARTED+=("$n")
    done
  fi
  if ((rc != 0)) && ((${#STARTED[@]} > 0)); then
    echo "error: start-up failed; stopping the ${#STARTED[@]} process(es) this run started" >&2
    local i; for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do stop_process "${STARTED[$i]}"; done
  fi
  exit $rc
}
trap rollback EXIT

# Refuse to start anything if a port we need is held by someone else.
check_ports() {
  local name=$1; shift
  is_running "$name" && return 0
  local p; for p in "$@"; do port_in_use "$p" && die "port 127.0.0.1:$p (for $name) is already in use by another process; pick another BASE_PORT"; done
  return 0
}
for ((n = 1; n <= $(orderer_count); n++)); do check_ports "orderer$n" "$(orderer_port $n)" "$(orderer_admin_port $n)" "$(orderer_ops_port $n)"; done
for o in "${PEER_ORGS[@]}"; do check_ports "peer0-$o" "$(peer_port "$o")" "$(peer_cc_port "$o")" "$(peer_ops_port "$o")"; done

"$REPO_DIR/scripts/generate.sh"

start_orderer() {
  local n=$1 name="orderer$1" d; d=$(orderer_dir "$1")
  if is_running "$name"; then echo "    $name already running (pid $(pid_of "$name"))"; return; fi
  mkdir -p "$DATA_DIR/$name"
  log "starting $name on 127.0.0.1:$(orderer_port "$n") (admin :$(orderer_admin_port "$n"))"
  start_process "$name" env \
    FABRIC_CFG_PATH="$CONFIG_DIR/orderer" FABRIC_LOGGING_SPEC="${ORDERER_LOGGING:-info}" \
    ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 ORDERER_GENERAL_LISTENPORT="$(orderer_port "$n")" \
    ORDERER_GENERAL_LOCALMSPID="$ORDERER_MSP" ORDERER_GENERAL_LOCALMSPDIR="$d/msp" \
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none ORDERER_CHANNELPARTICIPATION_ENABLED=true \
    ORDERER_GENERAL_TLS_ENABLED=true ORDERER_GENERAL_TLS_PRIVATEKEY="$d/tls/server.key" \
    ORDERER_GENERAL_TLS_CERTIFICATE="$d/tls/server.crt" ORDERER_GENERAL_TLS_ROOTCAS="[$d/tls/ca.crt]" \
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$d/tls/server.crt" ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$d/tls/server.key" \
    ORDERER_GENERAL_CLUSTER_ROOTCAS="[$d/tls/ca.crt]" \
    ORDERER_FILELEDGER_LOCATION="$DATA_DIR/$name/ledger" \
    ORDERER_CONSENSUS_WALDIR="$DATA_DIR/$name/etcdraft/wal" ORDERER_CONSENSUS_SNAPDIR="$DATA_DIR/$name/etcdraft/snap" \
    ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:$(orderer_ops_port "$n")" ORDERER_METRICS_PROVIDER=prometheus \
    ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:$(orderer_admin_port "$n")" \
    ORDERER_ADMIN_TLS_ENABLED=true ORDERER_ADMIN_TLS_CERTIFICATE="$d/tls/server.crt" \
    ORDERER_ADMIN_TLS_PRIVATEKEY="$d/tls/server.key" ORDERER_ADMIN_TLS_ROOTCAS="[$d/tls/ca.crt]" \
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$d/tls/ca.crt]" \
    orderer
  STARTED+=("$name")
}

start_peer() {
  local org=$1 name="peer0-$1" d; d="$(org_dir "$1")/peers/$(peer_host "$1")"
  if is_running "$name"; then echo "    $name already running (pid $(pid_of "$name"))"; return; fi
  mkdir -p "$DATA_DIR/$name"
  log "starting $name ($(peer_host "$org")) on 127.0.0.1:$(peer_port "$org")"
  start_process "$name" env \
    FABRIC_CFG_PATH="$CONFIG_DIR/peer" FABRIC_LOGGING_SPEC="${PEER_LOGGING:-info}" \
    CORE_PEER_ID="$(peer_host "$org")" CORE_PEER_LOCALMSPID="${ORG_MSP[$org]}" CORE_PEER_MSPCONFIGPATH="$d/msp" \
    CORE_PEER_LISTENADDRESS="127.0.0.1:$(peer_port "$org")" CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$org")" \
    CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:$(peer_cc_port "$org")" CORE_PEER_CHAINCODEADDRESS="127.0.0.1:$(peer_cc_port "$org")" \
    CORE_PEER_GOSSIP_BOOTSTRAP="127.0.0.1:$(peer_port "$org")" CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:$(peer_port "$org")" \
    CORE_PEER_TLS_ENABLED=true CORE_PEER_TLS_CERT_FILE="$d/tls/server.crt" CORE_PEER_TLS_KEY_FILE="$d/tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$d/tls/ca.crt" \
    CORE_PEER_FILESYSTEMPATH="$DATA_DIR/$name" CORE_LEDGER_SNAPSHOTS_ROOTDIR="$DATA_DIR/$name/snapshots" \
    CORE_LEDGER_STATE_STATEDATABASE="${STATE_DATABASE:-goleveldb}" \
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$(peer_ops_port "$org")" CORE_METRICS_PROVIDER=prometheus \
    CORE_VM_ENDPOINT="" CORE_PEER_GOSSIP_RECONNECTINTERVAL=5s \
    peer node start
  STARTED+=("$name")
}

for ((n = 1; n <= $(orderer_count); n++)); do start_orderer $n; done
for o in "${PEER_ORGS[@]}"; do start_peer "$o"; done
for ((n = 1; n <= $(orderer_count); n++)); do wait_for_port "orderer$n" "$(orderer_admin_port $n)" 60; done
for o in "${PEER_ORGS[@]}"; do wait_for_port "peer0-$o" "$(peer_port "$o")" 60; done

"$REPO_DIR/scripts/join-channels.sh"
"$REPO_DIR/scripts/chaincode-servers.sh" start
log "waiting for gossip to connect the peers of '$MASTER_CHANNEL'"
wait_for_channel_peers "$MASTER_CHANNEL" 90
"$REPO_DIR/scripts/connection-files.sh"
# The anchor relays need the contracts configured; after 'make deploy' has done that once, every up restarts them.
if [[ -f "$STATE_DIR/bootstrap.done" && -x "$REPO_DIR/scripts/relays.sh" ]]; then "$REPO_DIR/scripts/relays.sh" start; fi
trap - EXIT
log "network is up ($CONSENSUS, $(orderer_count) orderer(s), ${#PEER_ORGS[@]} peers); 'make status' shows it"
