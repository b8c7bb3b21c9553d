# shellcheck shell=bash
# Shared helpers for the network scripts. Sourced, never run.
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${TMSCT_STATE:-$REPO_DIR/state}"
case "$STATE_DIR" in /*) ;; *) STATE_DIR="$REPO_DIR/$STATE_DIR" ;; esac

# A network keeps the settings it was generated with; a later command with other settings is an error.
if [[ -f "$STATE_DIR/network.env" ]]; then
  _want_consensus="${CONSENSUS:-}" _want_port="${BASE_PORT:-}" _want_crypto="${CRYPTO:-}"
  CRYPTO=cryptogen   # networks made before CRYPTO existed
  # shellcheck disable=SC1091
  source "$STATE_DIR/network.env"
  if [[ -n "$_want_consensus" && "$_want_consensus" != "$CONSENSUS" ]] || [[ -n "$_want_port" && "$_want_port" != "$BASE_PORT" ]] \
    || [[ -n "$_want_crypto" && "$_want_crypto" != "$CRYPTO" ]]; then
    echo "error: the network in $STATE_DIR was created with CONSENSUS=$CONSENSUS BASE_PORT=$BASE_PORT CRYPTO=$CRYPTO;" \
         "run 'make clean' first to change settings" >&2
    exit 2
  fi
fi
# shellcheck source=../network/topology.sh
source "$REPO_DIR/network/topology.sh"
if [[ ! "$BASE_PORT" =~ ^[0-9]+$ ]] || ((BASE_PORT < 1024 || BASE_PORT > 65000)); then
  echo "error: BASE_PORT must be a number between 1024 and 65000, got '$BASE_PORT'" >&2; exit 2
fi
orderer_count >/dev/null || exit 2

FABRIC_VERSION="${FABRIC_VERSION:-3.1.1}"
FABRIC_CA_VERSION="${FABRIC_CA_VERSION:-1.5.21}"
FABRIC_HOME="${TMSCT_CACHE:-$HOME/.cache/tmsct}/fabric-$FABRIC_VERSION-ca-$FABRIC_CA_VERSION"
FABRIC_BIN="$FABRIC_HOME/bin"
export PATH="$FABRIC_BIN:$PATH"

# The layout of the state directory; some of it is used only by the scripts that source this file.
# shellcheck disable=SC2034
{
  CRYPTO_DIR="$STATE_DIR/crypto"
  CONFIG_DIR="$STATE_DIR/config"
  CHANNEL_DIR="$STATE_DIR/channels"
  DATA_DIR="$STATE_DIR/data"
  LOG_DIR="$STATE_DIR/logs"
  PID_DIR="$STATE_DIR/pids"
  CC_DIR="$STATE_DIR/chaincode"
  CA_DIR="$STATE_DIR/ca"
  WALLET_DIR="$STATE_DIR/wallets"
  ORGS_DIR="$STATE_DIR/orgs"
}

log() { echo "==> $*"; }
first_file() {  # first_file <expanded glob...>: the first match, or an error when the glob matched nothing
  [[ -e "$1" ]] || { echo "error: no file matches $1" >&2; return 1; }
  echo "$1"
}
die() { echo "error: $*" >&2; exit 1; }

require_fabric() {
  local t
  for t in peer orderer configtxgen osnadmin cryptogen discover; do
    [[ -x "$FABRIC_BIN/$t" ]] || die "Fabric binary '$t' is missing from $FABRIC_BIN; run 'make fabric' first"
  done
}

org_dir() { echo "$CRYPTO_DIR/peerOrganizations/$(org_domain "$1")"; }
orderer_dir() { echo "$CRYPTO_DIR/ordererOrganizations/$NETWORK_DOMAIN/orderers/$(orderer_host "$1")"; }
orderer_tls_ca() { echo "$CRYPTO_DIR/ordererOrganizations/$NETWORK_DOMAIN/tlsca/tlsca.$NETWORK_DOMAIN-cert.pem"; }
orderer_admin_tls() { echo "$CRYPTO_DIR/ordererOrganizations/$NETWORK_DOMAIN/users/Admin@$NETWORK_DOMAIN/tls"; }
# --- Fabric CA (CRYPTO=ca) ----------------------------------------------------------------------------
CA_BOOTSTRAP_ID=ca-admin   # the CA's bootstrap registrar; only the network scripts enroll it
ca_domain() { if [[ "$1" == "$ORDERER_ORG" ]]; then echo "$NETWORK_DOMAIN"; else org_domain "$1"; fi; }
ca_home() { echo "$CA_DIR/$1/server"; }
ca_url() { echo "https://127.0.0.1:$(ca_port "$1")"; }
ca_cert() { echo "$(ca_home "$1")/ca-cert.pem"; }   # the CA's certificate, also the root of its TLS
ca_client() {  # ca_client <org> <fabric-ca-client args...>: as the CA's bootstrap registrar
  FABRIC_CA_CLIENT_HOME="$CA_DIR/$1/registrar" fabric-ca-client "${@:2}" -u "$(ca_url "$1")" \
    --tls.certfiles "$(ca_cert "$1")"
}
peer_tls_ca() { echo "$(org_dir "$1")/tlsca/tlsca.$(org_domain "$1")-cert.pem"; }

# --- processes: one pid file and one log file per process --------------------------------------------
pid_of() { [[ -f "$PID_DIR/$1.pid" ]] && cat "$PID_DIR/$1.pid"; }
is_running() {  # is_running <name>: the pid file names a live process that is still ours
  local pid; pid=$(pid_of "$1") || return 1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
    && grep -qzxF "TMSCT_PROCESS=$STATE_DIR/$1" "/proc/$pid/environ" 2>/dev/null
}
start_process() {  # start_process <name> <command...>: runs in the background, detached, logged
  local name=$1; shift
  mkdir -p "$PID_DIR" "$LOG_DIR"
  # TMSCT_PROCESS marks the process as ours, so a stale pid file never makes us stop a stranger.
  TMSCT_PROCESS="$STATE_DIR/$name" setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 < /dev/null &
  echo $! > "$PID_DIR/$name.pid"
}
jar_copy() {  # jar_copy <jar> <dir>: a copy of the jar named by its content, made once; prints its path
  # Daemons run from such a copy: a rebuild while they run must not swap classes under them.
  local copy; copy="$2/$(basename "$1" .jar)-$(sha256sum "$1" | cut -c1-16).jar"
  if [[ ! -f "$copy" ]]; then mkdir -p "$2"; cp "$1" "$copy.tmp"; mv "$copy.tmp" "$copy"; fi
  echo "$copy"
}
running_processes() {  # names of our processes that are running now
  local f n
  for f in "$PID_DIR"/*.pid; do
    [[ -e "$f" ]] || continue
    n=$(basename "$f" .pid)
    if is_running "$n"; then echo "$n"; fi
  done
  return 0
}
stop_processes() {  # stop_processes <name...>: SIGTERM to all at once, SIGKILL after a 10 s grace period
  local name pid i alive
  local -A pids=()
  for name in "$@"; do
    if is_running "$name"; then
      pid=$(pid_of "$name"); pids[$name]=$pid
      kill -TERM "$pid" 2>/dev/null || true
    else
      rm -f "$PID_DIR/$name.pid"
    fi
  done
  for ((i = 0; i < 50; i++)); do
    alive=0
    for name in "${!pids[@]}"; do kill -0 "${pids[$name]}" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.2
  done
  for name in "${!pids[@]}"; do
    if kill -0 "${pids[$name]}" 2>/dev/null; then
      echo "    $name did not stop in 10s, sending SIGKILL"; kill -KILL "${pids[$name]}" 2>/dev/null || true
    fi
    echo "    stopped $name (pid ${pids[$name]})"
    rm -f "$PID_DIR/$name.pid"
  done
}
stop_process() { stop_processes "$1"; }
wait_for_port() {  # wait_for_port <name> <port> <seconds>
  local name=$1 port=$2 secs=$3 i
  for ((i = 0; i < secs * 5; i++)); do
    (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    # Only existence here: right after the fork the child has not exec'd yet, so its marker isn't visible.
    kill -0 "$(pid_of "$name")" 2>/dev/null || { echo "error: $name exited during start-up; last lines of $LOG_DIR/$name.log:" >&2; tail -n 15 "$LOG_DIR/$name.log" >&2; return 1; }
    sleep 0.2
  done
  echo "error: $name did not listen on 127.0.0.1:$port within ${secs}s (see $LOG_DIR/$name.log)" >&2
  return 1
}
# The peer CLI prints its whole usage after an error; keep only the lines that say what went wrong.
cli_error() { grep -E '^Error|error' <<<"$1" | grep -v '^\s*--' | tail -n 3; }
port_in_use() { (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- the peer CLI as an organisation's admin -----------------------------------------------------------
peer_env() {  # peer_env <org>: exports what the peer CLI needs to act as that org's Admin on its peer
  local org=$1
  export FABRIC_CFG_PATH="$CONFIG_DIR/peer"
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_LOCALMSPID="${ORG_MSP[$org]}"
  export CORE_PEER_ADDRESS; CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$org")"
  export CORE_PEER_TLS_ROOTCERT_FILE; CORE_PEER_TLS_ROOTCERT_FILE="$(peer_tls_ca "$org")"
  export CORE_PEER_MSPCONFIGPATH; CORE_PEER_MSPCONFIGPATH="$(org_dir "$org")/users/Admin@$(org_domain "$org")/msp"
  export FABRIC_LOGGING_SPEC=warn
}
discover_as_admin() {  # discover_as_admin <org> <discover subcommand and flags...>: ask the org's peer
  local org=$1; shift
  local msp; msp="$(org_dir "$org")/users/Admin@$(org_domain "$org")/msp"
  FABRIC_LOGGING_SPEC=error discover --peerTLSCA "$(peer_tls_ca "$org")" --userKey "$(first_file "$msp"/keystore/*)" \
    --userCert "$(first_file "$msp"/signcerts/*.pem)" --MSP "${ORG_MSP[$org]}" "$@" --server "127.0.0.1:$(peer_port "$org")" 2>&1
}
# Gossip needs a few seconds after start-up before discovery (and so the Gateway) knows every
# member peer; wait for it so that the first transaction after 'up' or 'deploy' does not fail.
wait_for_channel_peers() {  # wait_for_channel_peers <channel> <seconds>
  local ch=$1 secs=$2 want o i seen
  want=$(channel_orgs "$ch" | wc -l)
  for o in $(channel_orgs "$ch"); do
    for ((i = 0; ; i++)); do
      seen=$(discover_as_admin "$o" peers --channel "$ch" | grep -c '"Endpoint"' || true)
      ((seen >= want)) && break
      ((i >= secs)) && die "peer0-$o sees $seen of $want peers on '$ch' after ${secs}s (see $LOG_DIR/peer0-$o.log)"
      sleep 1
    done
  done
}
wait_for_endorsers() {  # wait_for_endorsers <chaincode> <channel> <seconds>
  local cc=$1 ch=$2 secs=$3 o i out
  for o in $(channel_orgs "$ch"); do
    for ((i = 0; ; i++)); do
      out=$(discover_as_admin "$o" endorsers --channel "$ch" --chaincode "$cc") && grep -q '"Layouts"' <<<"$out" && break
      ((i >= secs)) && die "discovery on peer0-$o cannot satisfy the endorsement policy of $cc on '$ch' after ${secs}s: $(tail -n 2 <<<"$out")"
      sleep 1
    done
  done
}
orderer_args() {  # the -o/--tls/--cafile arguments for the peer CLI, pointing at orderer 1
  echo "-o 127.0.0.1:$(orderer_port 1) --ordererTLSHostnameOverride $(orderer_host 1) --tls --cafile $(orderer_tls_ca)"
}
