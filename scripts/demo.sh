#!/usr/bin/env bash
# The bring-up demo: a round trip on a slave channel and on master through the TMSCT client,
# and the privacy of a slave channel. Expects a running network with both chaincodes deployed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
tmsct() { echo "\$ tmsct $*"; "$REPO_DIR/scripts/tmsct" "$@"; }

log "each organisation reaches master and its own slave channel"
for o in "${PEER_ORGS[@]}"; do tmsct --org "$o" ping; done
log "RawMaterialOrg writes on its private slave channel and reads it back"
tmsct --org RawMaterialOrg note put --channel slave batch-42 "steel coil, heat 8812"
tmsct --org RawMaterialOrg note get --channel slave batch-42
log "LogisticsOrg writes on master (endorsed by a MAJORITY of the four orgs); DistributorOrg reads it"
tmsct --org LogisticsOrg note put --channel master batch-42 "shipped to ProcessingOrg"
tmsct --org DistributorOrg note get --channel master batch-42
log "LogisticsOrg's own slave channel does not hold RawMaterialOrg's note"
if tmsct --org LogisticsOrg note get --channel slave batch-42; then die "slave channel data leaked"; fi
"$REPO_DIR/scripts/status.sh"
