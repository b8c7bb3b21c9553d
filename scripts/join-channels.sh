#!/usr/bin/env bash
# Joins every orderer to every channel (channel participation API) and every member peer to its
# channels. Idempotent: existing memberships are left alone.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

admin_tls=$(orderer_admin_tls)
for ((n = 1; n <= $(orderer_count); n++)); do
  joined=$(osnadmin channel list -o "127.0.0.1:$(orderer_admin_port $n)" --ca-file "$(orderer_tls_ca)" \
             --client-cert "$admin_tls/client.crt" --client-key "$admin_tls/client.key" 2>&1) \
    || die "cannot list channels on orderer$n: $joined"
  for ch in "$MASTER_CHANNEL" $(slave_channels); do
    if grep -q "\"name\": *\"$ch\"" <<<"$joined"; then continue; fi
    log "joining orderer$n to channel '$ch'"
    out=$(osnadmin channel join --channelID "$ch" --config-block "$CHANNEL_DIR/$ch.block" -o "127.0.0.1:$(orderer_admin_port $n)" \
            --ca-file "$(orderer_tls_ca)" --client-cert "$admin_tls/client.crt" --client-key "$admin_tls/client.key" 2>&1) \
      || die "orderer$n could not join '$ch': $(cli_error "$out")"
  done
done

for o in "${PEER_ORGS[@]}"; do
  peer_env "$o"
  joined=$(peer channel list 2>&1) || die "cannot list channels of peer0-$o: $joined"
  for ch in "$MASTER_CHANNEL" "${ORG_CHANNEL[$o]}"; do
    if grep -qx "$ch" <<<"$joined"; then continue; fi
    log "joining peer0-$o to channel '$ch'"
    # Right after the orderers join, the channel may need a moment before it serves blocks.
    for i in 1 2 3 4 5 6 7 8 9 10; do
      out=$(peer channel join -b "$CHANNEL_DIR/$ch.block" 2>&1) && break
      ((i == 10)) && die "peer0-$o could not join '$ch': $(cli_error "$out")"
      sleep 1
    done
  done
done
log "all channels joined"
