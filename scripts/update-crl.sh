#!/usr/bin/env bash
# Puts an organisation's CRL into its MSP on every channel it belongs to (master and its slave
# channel), with a channel configuration update signed by the organisation's admin alone (an org's
# MSP value is governed by that org's Admins policy). From the block that carries the update on,
# peers refuse transactions and proposals of the revoked certificates.
# Usage: update-crl.sh ORG [CRL_FILE]   (default CRL file: <state>/crls/ORG.pem, written by
# `tmsct identity revoke`; fetch a current one with `tmsct identity crl`)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_fabric

org=${1:-}
[[ -n "$org" && -n "${ORG_MSP[$org]:-}" ]] || die "usage: update-crl.sh ORG [CRL_FILE] (ORG one of: ${PEER_ORGS[*]})"
crl=${2:-$STATE_DIR/crls/$org.pem}
[[ -f "$crl" ]] || die "no CRL at $crl (revoke an identity with 'tmsct identity revoke' first)"
openssl crl -in "$crl" -noout 2>/dev/null || die "$crl is not a PEM CRL"
msp=${ORG_MSP[$org]}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

peer_env "$org"
read -ra oargs <<<"$(orderer_args)"
for ch in "$MASTER_CHANNEL" "${ORG_CHANNEL[$org]}"; do
  start=$(date +%s%N)
  out=$(peer channel fetch config "$work/block.pb" -c "$ch" "${oargs[@]}" 2>&1) \
    || die "cannot fetch the configuration of '$ch': $(cli_error "$out")"
  configtxlator proto_decode --input "$work/block.pb" --type common.Block --output "$work/block.json"
  # the current configuration, and the same with the CRL as the MSP's only revocation list entry
  python3 - "$work" "$msp" "$crl" <<'PY'
import base64, json, sys
work, msp, crl = sys.argv[1], sys.argv[2], sys.argv[3]
config = json.load(open(f"{work}/block.json"))["data"]["data"][0]["payload"]["data"]["config"]
json.dump(config, open(f"{work}/config.json", "w"))
value = config["channel_group"]["groups"]["Application"]["groups"][msp]["values"]["MSP"]["value"]["config"]
pem = base64.b64encode(open(crl, "rb").read()).decode()
unchanged = value.get("revocation_list") == [pem]
value["revocation_list"] = [pem]
json.dump(config, open(f"{work}/modified.json", "w"))
open(f"{work}/unchanged", "w").write("yes" if unchanged else "no")
PY
  if [[ "$(cat "$work/unchanged")" == yes ]]; then
    log "'$ch' already has this CRL in $msp"
    continue
  fi
  configtxlator proto_encode --input "$work/config.json" --type common.Config --output "$work/config.pb"
  configtxlator proto_encode --input "$work/modified.json" --type common.Config --output "$work/modified.pb"
  configtxlator compute_update --channel_id "$ch" --original "$work/config.pb" --updated "$work/modified.pb" --output "$work/update.pb"
  configtxlator proto_decode --input "$work/update.pb" --type common.ConfigUpdate --output "$work/update.json"
  python3 - "$work" "$ch" <<'PY'
import json, sys
work, ch = sys.argv[1], sys.argv[2]
update = json.load(open(f"{work}/update.json"))
envelope = {"payload": {"header": {"channel_header": {"channel_id": ch, "type": 2}},
                        "data": {"config_update": update}}}
json.dump(envelope, open(f"{work}/envelope.json", "w"))
PY
  configtxlator proto_encode --input "$work/envelope.json" --type common.Envelope --output "$work/envelope.pb"
  log "updating the CRL of $msp on '$ch' ($(grep -c 'Serial Number' <(openssl crl -in "$crl" -noout -text) || true) revoked certificate(s)), signed by its admin"
  out=$(peer channel update -f "$work/envelope.pb" -c "$ch" "${oargs[@]}" 2>&1) \
    || die "the configuration update of '$ch' was refused: $(cli_error "$out")"
  echo "    '$ch' updated in $(( ($(date +%s%N) - start) / 1000000 )) ms"
done
log "the CRL of $msp is in force on '$MASTER_CHANNEL' and '${ORG_CHANNEL[$org]}' once peers commit the configuration blocks"
