#!/usr/bin/env bash
# Shows each node and process of the network, each channel's height on each member peer, and the
# chaincodes committed on each channel.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[[ -f "$STATE_DIR/network.env" ]] || { echo "no network in $STATE_DIR (run 'make up')"; exit 1; }

echo "TMSCT network in $STATE_DIR ($CONSENSUS, CRYPTO=$CRYPTO, BASE_PORT=$BASE_PORT)"
echo
printf '%-34s %-8s %-9s %s\n' PROCESS PID STATE RSS
down=0
for f in "$PID_DIR"/*.pid; do
  [[ -e "$f" ]] || continue
  name=$(basename "$f" .pid); pid=$(cat "$f")
  if is_running "$name"; then
    rss=$(awk '/VmRSS/ {printf "%d MiB", $2/1024}' "/proc/$pid/status" 2>/dev/null)
    printf '%-34s %-8s %-9s %s\n' "$name" "$pid" running "$rss"
  else
    printf '%-34s %-8s %-9s\n' "$name" "$pid" STOPPED; down=1
  fi
done

echo
printf '%-16s %-14s %-8s %s\n' PEER CHANNEL HEIGHT CHAINCODES
for o in "${PEER_ORGS[@]}"; do
  is_running "peer0-$o" || { printf '%-16s %s\n' "$o" "(peer not running)"; continue; }
  peer_env "$o"
  for ch in "$MASTER_CHANNEL" "${ORG_CHANNEL[$o]}"; do
    h=$(peer channel getinfo -c "$ch" 2>/dev/null | sed -n 's/.*"height":\([0-9]*\).*/\1/p')
    ccs=$(peer lifecycle chaincode querycommitted -C "$ch" 2>/dev/null | sed -n 's/^Name: \([^,]*\), Version: \([^,]*\), Sequence: \([0-9]*\).*/\1 v\2 seq \3/p' | paste -sd ';' -)
    printf '%-16s %-14s %-8s %s\n' "$o" "$ch" "${h:-?}" "${ccs:-none}"
  done
done
exit $down
