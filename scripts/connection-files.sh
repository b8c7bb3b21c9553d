#!/usr/bin/env bash
# Writes, for each organisation, the small connection file that the Java clients, the relay and
# Caliper read: peer endpoint, TLS root certificate, MSP id, channels and identity paths.
# Also writes network.json, the same for all organisations at once.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

identity_json() {  # identity_json <msp dir>
  local cert key
  cert=$(first_file "$1"/signcerts/*.pem); key=$(first_file "$1"/keystore/*)
  printf '{"certificate": "%s", "privateKey": "%s"}' "$cert" "$key"
}

org_json() {
  local o=$1 dom u; dom=$(org_domain "$o")
  local users; users="$(org_dir "$o")/users"
  printf '{\n'
  printf '  "org": "%s",\n  "mspId": "%s",\n  "domain": "%s",\n' "$o" "${ORG_MSP[$o]}" "$dom"
  printf '  "stage": "%s",\n  "slaveChannel": "%s",\n  "masterChannel": "%s",\n' "${ORG_STAGE[$o]}" "${ORG_CHANNEL[$o]}" "$MASTER_CHANNEL"
  printf '  "chaincodes": {"master": "%s", "slave": "%s"},\n' "$CC_MASTER" "$CC_SLAVE"
  printf '  "peer": {"endpoint": "127.0.0.1:%s", "hostAlias": "%s", "tlsRootCert": "%s", "operations": "127.0.0.1:%s"},\n' \
    "$(peer_port "$o")" "$(peer_host "$o")" "$(peer_tls_ca "$o")" "$(peer_ops_port "$o")"
  printf '  "relayMetrics": "127.0.0.1:%s",\n' "$(relay_metrics_port "$o")"
  # devices and users are enrolled at the org's CA (on cryptogen's key with CRYPTO=cryptogen)
  printf '  "caCert": "%s",\n' "$(org_dir "$o")/ca/ca.$dom-cert.pem"
  printf '  "ca": {"name": "ca-%s", "url": "%s", "tlsRootCert": "%s"},\n' "$o" "$(ca_url "$o")" "$(org_dir "$o")/ca/ca.$dom-cert.pem"
  printf '  "wallet": "%s",\n' "$WALLET_DIR/$o"
  printf '  "identities": {\n'
  printf '    "admin": %s,\n' "$(identity_json "$users/Admin@$dom/msp")"
  printf '    "relay": %s' "$(identity_json "$users/relay@$dom/msp")"
  for ((u = 1; u <= ORG_USERS; u++)); do printf ',\n    "user%d": %s' "$u" "$(identity_json "$users/User$u@$dom/msp")"; done
  printf '\n  }\n}\n'
}

for o in "${PEER_ORGS[@]}"; do
  mkdir -p "$ORGS_DIR/$o"
  org_json "$o" > "$ORGS_DIR/$o/connection.json"
done
{
  printf '{\n  "consensus": "%s",\n  "basePort": %s,\n  "stateDir": "%s",\n' "$CONSENSUS" "$BASE_PORT" "$STATE_DIR"
  printf '  "orderers": ['
  for ((n = 1; n <= $(orderer_count); n++)); do
    ((n > 1)) && printf ', '
    printf '{"name": "orderer%d", "endpoint": "127.0.0.1:%s", "hostAlias": "%s"}' $n "$(orderer_port $n)" "$(orderer_host $n)"
  done
  printf '],\n  "ordererTlsRootCert": "%s",\n' "$(orderer_tls_ca)"
  printf '  "organizations": ['
  first=1
  for o in "${PEER_ORGS[@]}"; do
    ((first)) || printf ','
    first=0
    printf '\n'; org_json "$o" | sed 's/^/    /' | sed '$ s/$//'
  done
  printf '  ]\n}\n'
} > "$STATE_DIR/network.json"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$STATE_DIR/network.json" || die "generated network.json is not valid JSON"
log "connection files written to $ORGS_DIR/<org>/connection.json and $STATE_DIR/network.json"
