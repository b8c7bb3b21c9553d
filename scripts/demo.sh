#!/usr/bin/env bash
# The TMSCT story on a running network (after 'make up deploy'): one device per organisation,
# one product recorded through its four stages by the four organisations, anchored on master by
# the relays, then its trace and its proof. Re-running it is safe: recorded stages are reported
# as already recorded.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
tmsct() { echo "\$ tmsct $*"; "$REPO_DIR/scripts/tmsct" "$@"; }
TID="${DEMO_TID:-BIKE-FRAME-0001}"

declare -A FIELDS=(
  [RAW_MATERIAL]='"batch":"AL-6061-2211","product":"aluminium tube 6061","quantity":120,"location":"Ningbo smelter","temperature":640,"alloyCertificate":"EN-573-3 #88213","supplierPrice":8.2'
  [LOGISTICS]='"batch":"AL-6061-2211","product":"aluminium tube 6061","quantity":120,"location":"Shanghai port, gate 4","temperature":22,"carrier":"truck-17","route":"Ningbo-Shanghai G15"'
  [PROCESSING]='"batch":"FR-2025-0117","product":"bike frame, size M","quantity":40,"location":"Suzhou welding line 3","temperature":180,"weldInspector":"QA-112","xrayPassed":true'
  [DISTRIBUTION]='"batch":"FR-2025-0117","product":"bike frame, size M","quantity":40,"location":"Hamburg distribution centre","temperature":18,"retailer":"Velo Nord GmbH","invoice":"VN-55821"'
)

log "one signing device per organisation (key pair + certificate from the organisation's CA, registered by its admin)"
for o in "${PEER_ORGS[@]}"; do
  dev="${ORG_LABEL[$o]}-sensor-1"
  [[ -f "$STATE_DIR/devices/$o/$dev/key.pem" ]] || tmsct --org "$o" device keygen "$dev"
  if ! grep -q "^$dev " <<<"$("$REPO_DIR/scripts/tmsct" --org "$o" device list)"; then tmsct --org "$o" device register "$dev"; fi
done

log "$TID goes through its four stages; each device commits to its record with a salt per field and signs the commitment;"
log "each organisation records on its own slave channel, and master anchors an entry only after checking the device's"
log "certificate against the organisation's device CA (registered through governance), the signature and each disclosed key field"
for o in "${PEER_ORGS[@]}"; do
  stage=${ORG_STAGE[$o]}
  record="{\"tid\":\"$TID\",\"stage\":\"$stage\",\"fields\":{${FIELDS[$stage]}}}"
  echo "$record" | tmsct --org "$o" record --device "${ORG_LABEL[$o]}-sensor-1" --wait-anchored -
done

log "a consumer (any organisation) traces the product on master"
tmsct --org DistributorOrg trace "$TID"
log "each organisation proves the entries: its own raw data and salts against Hash(D), its device's signed commitment and"
log "each disclosed key field against master, every entry against its anchored Merkle root"
for o in "${PEER_ORGS[@]}"; do tmsct --org "$o" verify "$TID"; done
log "existence check and block search, with and without the Bloom filters"
tmsct --org LogisticsOrg exists "$TID"
tmsct --org LogisticsOrg find "$TID"
tmsct --org LogisticsOrg find "$TID" --no-bloom
if tmsct --org LogisticsOrg exists NO-SUCH-PRODUCT; then die "an unknown trace code was reported as existing"; fi
log "the network, and what the relays report"
tmsct --org RawMaterialOrg status
"$REPO_DIR/scripts/status.sh"
