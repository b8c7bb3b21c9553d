#!/usr/bin/env bash
# The TMSCT story on a running network (after 'make up deploy'): one device per organisation,
# one product recorded through its four stages by the four organisations, anchored on master by
# the relays, then its trace and its proof. Then a genealogy: two aluminium lots become one frame
# batch, frames are packed on a pallet, a frame is traced back to both lots, and a recall of one
# lot finds exactly what was made from it. Each organisation's relational mirror follows the chain
# throughout, and the recall is asked again in SQL. Re-running it is safe: recorded stages are
# reported as already recorded.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
tmsct() { echo "\$ tmsct $*"; "$REPO_DIR/scripts/tmsct" "$@"; }
TID="${DEMO_TID:-BIKE-FRAME-0001}"
LOT_A="AL-6061-2211"; LOT_B="AL-6061-2212"; FRAMES_AB="FR-2025-0117"; FRAMES_B="FR-2025-0118"
PALLET="urn:epc:id:sscc:4012345.0000000117"

record_lot() {  # record_lot <org> <tid> <fields>: one record of the org's stage, waited for on master
  local o="$1"
  echo "{\"tid\":\"$2\",\"stage\":\"${ORG_STAGE[$o]}\",\"fields\":{$3}}" |
    tmsct --org "$o" record --device "${ORG_LABEL[$o]}-sensor-1" --wait-anchored -
}

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

log "each organisation's relational mirror follows master and its own slave channel into SQL tables (docs/sql.md)"
"$REPO_DIR/scripts/mirror.sh" start

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
log "a genealogy: aluminium lots $LOT_A and $LOT_B are mined and shipped; frame batch $FRAMES_AB is welded from both,"
log "frame batch $FRAMES_B from $LOT_B alone, and both batches are packed on pallet $PALLET (links are signed key data)"
record_lot RawMaterialOrg "$LOT_A" '"batch":"'"$LOT_A"'","product":"aluminium tube 6061","quantity":120,"location":"Ningbo smelter"'
record_lot RawMaterialOrg "$LOT_B" '"batch":"'"$LOT_B"'","product":"aluminium tube 6061","quantity":80,"location":"Ningbo smelter"'
record_lot LogisticsOrg "$LOT_A" '"batch":"'"$LOT_A"'","location":"Shanghai port, gate 4","carrier":"truck-17"'
record_lot LogisticsOrg "$LOT_B" '"batch":"'"$LOT_B"'","location":"Shanghai port, gate 4","carrier":"truck-18"'
record_lot ProcessingOrg "$FRAMES_AB" '"batch":"'"$FRAMES_AB"'","product":"bike frame, size M","quantity":40,"location":"Suzhou welding line 3","inputs":["'"$LOT_A"'","'"$LOT_B"'"]'
record_lot ProcessingOrg "$FRAMES_B" '"batch":"'"$FRAMES_B"'","product":"bike frame, size L","quantity":25,"location":"Suzhou welding line 3","inputs":["'"$LOT_B"'"]'
record_lot DistributorOrg "$PALLET" '"product":"pallet of bike frames","location":"Hamburg distribution centre","children":["'"$FRAMES_AB"'","'"$FRAMES_B"'"]'

log "a consumer traces frame batch $FRAMES_AB back to both aluminium lots, and proves the whole genealogy"
upstream=$(tmsct --org DistributorOrg trace "$FRAMES_AB" --upstream)
echo "$upstream"
for lot in "$LOT_A" "$LOT_B"; do grep -q "$lot" <<<"$upstream" || die "the trace of $FRAMES_AB does not reach $lot"; done
tmsct --org ProcessingOrg verify "$FRAMES_AB" --upstream

log "lot $LOT_A is found to be bad: what was made from it? exactly $FRAMES_AB and the pallet it is on"
recall=$(tmsct --org RawMaterialOrg recall "$LOT_A")
echo "$recall"
grep -q "$FRAMES_AB" <<<"$recall" || die "the recall of $LOT_A misses $FRAMES_AB"
if grep -q "$FRAMES_B" <<<"$recall"; then die "the recall of $LOT_A lists $FRAMES_B, which was not made from it"; fi
tmsct --org RawMaterialOrg recall "$LOT_A" --mark --reason "micro-cracks found in tube wall"
tmsct --org DistributorOrg trace "$FRAMES_AB" | grep RECALLED || die "the trace of $FRAMES_AB does not show the recall"
log "the mark is cleared after inspection; its history stays on master"
tmsct --org RawMaterialOrg recall "$LOT_A" --clear --reason "inspection: cracks were in the packaging only"
tmsct --org RawMaterialOrg recall "$LOT_A" --history

log "the same questions in SQL, on RawMaterialOrg's mirror: what lot $LOT_A went into, what $FRAMES_AB was made of,"
log "every reading above 100 degrees; then every anchor's Merkle root is recomputed from the rows and compared with master"
tmsct --org RawMaterialOrg mirror wait --timeout 120
sql_recall=$(tmsct --org RawMaterialOrg mirror query recall_downstream "$LOT_A")
echo "$sql_recall"
grep -q "$FRAMES_AB" <<<"$sql_recall" || die "the mirror's recall of $LOT_A misses $FRAMES_AB"
tmsct --org RawMaterialOrg mirror query made_of_upstream "$FRAMES_AB"
tmsct --org RawMaterialOrg mirror query temperature_excursions 100
tmsct --org RawMaterialOrg mirror verify

log "the network, and what the relays report"
tmsct --org RawMaterialOrg status
"$REPO_DIR/scripts/status.sh"

log "the consumer page: every organisation runs a trace server (web page and REST API) on 127.0.0.1"
"$REPO_DIR/scripts/trace-servers.sh" start
page="http://127.0.0.1:$(trace_server_port DistributorOrg)"
curl -fsS "$page/api/trace/$TID" >/dev/null || die "the trace server of DistributorOrg does not answer $TID"
echo "    open $page/trace?code=$TID  (the REST API: $page/openapi; 'make down' stops everything)"
