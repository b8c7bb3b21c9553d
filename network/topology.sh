# shellcheck shell=bash
# Sourced for its declarations, which the scripts that source it use:
# shellcheck disable=SC2034
#
# The one source of truth for the TMSCT network topology. Every script, connection file, crypto
# and channel configuration, and Caliper's network file is generated from what is declared here.
# Sourced by bash; settings can be overridden from the environment (or `make ... NAME=value`).

# --- settings -------------------------------------------------------------------------------------
BASE_PORT="${BASE_PORT:-7000}"          # every listener's port is derived from this one
CONSENSUS="${CONSENSUS:-raft}"          # raft (1 orderer), raft3 (3 orderers) or bft (4 SmartBFT orderers)
NETWORK_DOMAIN="tmsct.local"
MASTER_CHANNEL="master"
# How long a Raft orderer waits to fill a block, per kind of channel (written into the genesis
# blocks, so a change takes effect on a new network: `make clean`). BFT cuts by its own interval.
# 100 ms: with batched records and anchors, 3000 records went 37% faster and anchored 23% sooner
# than with 500 ms, for less CPU (BENCHMARKS.md, "Scale").
MASTER_BATCH_TIMEOUT="${MASTER_BATCH_TIMEOUT:-100ms}"
SLAVE_BATCH_TIMEOUT="${SLAVE_BATCH_TIMEOUT:-100ms}"
# Where identities come from: ca (one Fabric CA server per organisation registers and enrolls every
# node, admin, user, relay and device; keys never leave where they are used) or cryptogen (nodes
# and users made offline; the Fabric CA servers run on cryptogen's CA keys and enroll devices;
# kept as a setting and for one end-to-end test). Fixed when the network is generated.
CRYPTO="${CRYPTO:-ca}"

# --- peer organisations (one peer each), in process order -----------------------------------------
# name | MSP id | domain label | slave channel | stage owned on the default process
PEER_ORGS=(RawMaterialOrg LogisticsOrg ProcessingOrg DistributorOrg)
declare -A ORG_MSP=(      [RawMaterialOrg]=RawMaterialOrgMSP [LogisticsOrg]=LogisticsOrgMSP [ProcessingOrg]=ProcessingOrgMSP [DistributorOrg]=DistributorOrgMSP )
declare -A ORG_LABEL=(    [RawMaterialOrg]=rawmaterial       [LogisticsOrg]=logistics       [ProcessingOrg]=processing       [DistributorOrg]=distributor )
declare -A ORG_CHANNEL=(  [RawMaterialOrg]=raw-material      [LogisticsOrg]=logistics       [ProcessingOrg]=processing       [DistributorOrg]=distribution )
declare -A ORG_STAGE=(    [RawMaterialOrg]=RAW_MATERIAL      [LogisticsOrg]=LOGISTICS       [ProcessingOrg]=PROCESSING       [DistributorOrg]=DISTRIBUTION )
ORG_USERS=2                              # ordinary users per org (User1..N), besides Admin and relay

# --- chaincodes ------------------------------------------------------------------------------------
CC_MASTER="chaincode-master"             # on channel master, endorsement policy MAJORITY
CC_SLAVE="chaincode-slave"               # on every slave channel

# --- records ---------------------------------------------------------------------------------------
# The record fields every stage shares with the master chain (the rest stays on its slave chain);
# scripts/bootstrap.sh configures them. Override with KEY_FIELDS='["batch","lot"]'. Besides the
# product's own data: the lot links master builds the genealogy from (inputs, outputs, children;
# docs/genealogy.md), and what an EPCIS 2.0 event shares (its identity, time, step and place;
# docs/epcis.md). A field a record does not have is simply not shared.
KEY_FIELDS="${KEY_FIELDS:-[\"batch\",\"product\",\"quantity\",\"location\",\"temperature\",\"inputs\",\"outputs\",\"children\",\"eventID\",\"eventType\",\"eventTime\",\"eventTimeZoneOffset\",\"action\",\"bizStep\",\"disposition\",\"readPoint\",\"bizLocation\"]}"

# --- orderers --------------------------------------------------------------------------------------
ORDERER_ORG="OrdererOrg"
ORDERER_MSP="OrdererMSP"
orderer_count() {
  case "$CONSENSUS" in
    raft) echo 1 ;; raft3) echo 3 ;; bft) echo 4 ;;
    *) echo "unknown CONSENSUS '$CONSENSUS' (use raft, raft3 or bft)" >&2; return 2 ;;
  esac
}

# --- derived names and ports -----------------------------------------------------------------------
# Orderer n (1-based): BASE+100+10(n-1) general, +1 admin, +2 operations.
# MariaDB (optional off-chain store): BASE+90.
# PostgreSQL (optional relational mirror): BASE+91.
# Trace server (web page and REST API) of peer org i: BASE+60+i.
# Relational mirror (tmsct mirror: /metrics, /health) of peer org i: BASE+70+i.
# Fabric CA (CRYPTO=ca): the orderer org's BASE+150, peer org i's BASE+150+2i; operations +1.
# Peer of org i (1-based): BASE+200+10(i-1) peer, +1 chaincode, +2 operations,
#   +3 chaincode-master server, +4 chaincode-slave server, +5 anchor-relay metrics (+6..+9 for
#   extra relays).
org_index() { local i; for i in "${!PEER_ORGS[@]}"; do [[ "${PEER_ORGS[$i]}" == "$1" ]] && { echo $((i + 1)); return; }; done; echo "unknown org '$1'" >&2; return 2; }
org_domain() { echo "${ORG_LABEL[$1]}.$NETWORK_DOMAIN"; }
peer_host() { echo "peer0.$(org_domain "$1")"; }
peer_port() { echo $((BASE_PORT + 200 + 10 * ($(org_index "$1") - 1))); }
peer_cc_port() { echo $(($(peer_port "$1") + 1)); }
peer_ops_port() { echo $(($(peer_port "$1") + 2)); }
cc_server_port() {  # cc_server_port <org> master|slave
  local off=3; [[ "$2" == slave ]] && off=4
  echo $(($(peer_port "$1") + off))
}
relay_metrics_port() { echo $(($(peer_port "$1") + 5)); }
mirror_metrics_port() { echo $((BASE_PORT + 70 + $(org_index "$1"))); }   # scripts/mirror.sh
ca_port() {  # ca_port <peer org|OrdererOrg>: the organisation's Fabric CA server
  if [[ "$1" == "$ORDERER_ORG" ]]; then echo $((BASE_PORT + 150)); else echo $((BASE_PORT + 150 + 2 * $(org_index "$1"))); fi
}
ca_ops_port() { echo $(($(ca_port "$1") + 1)); }
ca_orgs() { echo "$ORDERER_ORG" "${PEER_ORGS[@]}"; }   # every organisation that runs a CA
mariadb_port() { echo $((BASE_PORT + 90)); }   # optional MySQL-compatible off-chain store
postgres_port() { echo $((BASE_PORT + 91)); }  # optional PostgreSQL for the relational mirror
trace_server_port() { echo $((BASE_PORT + 60 + $(org_index "$1"))); }   # scripts/trace-servers.sh
orderer_host() { echo "orderer$1.$NETWORK_DOMAIN"; }
orderer_port() { echo $((BASE_PORT + 100 + 10 * ($1 - 1))); }
orderer_admin_port() { echo $(($(orderer_port "$1") + 1)); }
orderer_ops_port() { echo $(($(orderer_port "$1") + 2)); }
slave_channels() { local o; for o in "${PEER_ORGS[@]}"; do echo "${ORG_CHANNEL[$o]}"; done; }
channel_orgs() {  # the peer orgs that are members of a channel
  local o
  if [[ "$1" == "$MASTER_CHANNEL" ]]; then printf '%s\n' "${PEER_ORGS[@]}"; return; fi
  for o in "${PEER_ORGS[@]}"; do if [[ "${ORG_CHANNEL[$o]}" == "$1" ]]; then echo "$o"; fi; done
  return 0
}
first_channel_org() {  # the first peer org of a channel (no pipe into head: SIGPIPE under pipefail)
  local orgs; mapfile -t orgs < <(channel_orgs "$1"); echo "${orgs[0]}"
}
all_ports() {  # every port the network listens on, for the port-in-use check
  local n o
  for ((n = 1; n <= $(orderer_count); n++)); do orderer_port $n; orderer_admin_port $n; orderer_ops_port $n; done
  for o in "${PEER_ORGS[@]}"; do peer_port "$o"; peer_cc_port "$o"; peer_ops_port "$o"; cc_server_port "$o" master; cc_server_port "$o" slave; done
  if [[ "$CRYPTO" == ca ]]; then for o in $(ca_orgs); do ca_port "$o"; ca_ops_port "$o"; done; fi
}
