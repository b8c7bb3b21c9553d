#!/usr/bin/env bash
# Deploys (or upgrades) a chaincode with the Fabric lifecycle: package (ccaas: connection.json +
# metadata.json), install on each member peer, approveformyorg per organisation, checkcommitreadiness,
# commit, then start its chaincode servers. Re-running with an unchanged jar does nothing; a changed
# jar (or --upgrade) becomes the next sequence.
# Usage: deploy.sh [--upgrade] chaincode-master|chaincode-slave|all
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_fabric

force=0
[[ "${1:-}" == "--upgrade" ]] && { force=1; shift; }
target=${1:-all}
case "$target" in all) ccs=("$CC_MASTER" "$CC_SLAVE") ;; "$CC_MASTER"|"$CC_SLAVE") ccs=("$target") ;;
  *) die "unknown chaincode '$target' (use $CC_MASTER, $CC_SLAVE or all)" ;; esac

cc_channels() { if [[ "$1" == "$CC_MASTER" ]]; then echo "$MASTER_CHANNEL"; else slave_channels; fi; }
cc_kind() { [[ "$1" == "$CC_MASTER" ]] && echo master || echo slave; }

committed_sequence() {  # committed_sequence <cc> <channel>: 0 when not committed
  local o out seq; o=$(first_channel_org "$2"); peer_env "$o"
  out=$(peer lifecycle chaincode querycommitted -C "$2" -n "$1" 2>/dev/null) || { echo 0; return; }
  seq=$(sed -n 's/.*Sequence: \([0-9]*\).*/\1/p' <<<"$out"); echo "${seq%%$'\n'*}" | grep . || echo 0
}

make_package() {  # make_package <cc> <org> <label> <out.tar.gz>: a ccaas package for one org's server
  local cc=$1 org=$2 label=$3 out=$4 tmp
  tmp=$(mktemp -d)
  local cert; cert=$(awk '{printf "%s\\n", $0}' "$(org_dir "$org")/peers/$(peer_host "$org")/tls/ca.crt")
  printf '{"address":"127.0.0.1:%s","dial_timeout":"10s","tls_required":true,"client_auth_required":false,"root_cert":"%s"}\n' \
    "$(cc_server_port "$org" "$(cc_kind "$cc")")" "$cert" > "$tmp/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$label" > "$tmp/metadata.json"
  tar -C "$tmp" -czf "$tmp/code.tar.gz" connection.json
  tar -C "$tmp" -czf "$out" metadata.json code.tar.gz
  rm -rf "$tmp"
}

for cc in "${ccs[@]}"; do
  jar="$REPO_DIR/$cc/target/$cc.jar"
  [[ -f "$jar" ]] || die "$jar is missing; run 'make build' first"
  jar_sum=$(sha256sum "$jar" | cut -c1-16)
  for ch in $(cc_channels "$cc"); do
    seq=$(committed_sequence "$cc" "$ch")
    deployed_sum=$(cat "$CC_DIR/$cc/$ch.sum" 2>/dev/null || true)
    if ((seq > 0)) && ((force == 0)) && [[ "$deployed_sum" == "$jar_sum" ]]; then
      log "$cc on '$ch' is up to date (sequence $seq)"; continue
    fi
    next=$((seq + 1)); label="${cc}_${next}"
    log "deploying $cc to channel '$ch' as sequence $next"
    mkdir -p "$CC_DIR/$cc/$next"
    cp "$jar" "$CC_DIR/$cc/$next/$cc.jar"
    for o in $(channel_orgs "$ch"); do
      pkg="$CC_DIR/$cc/$next/$o.tar.gz"
      make_package "$cc" "$o" "$label" "$pkg"
      peer_env "$o"
      pkg_id=$(peer lifecycle chaincode calculatepackageid "$pkg")
      if ! grep -qF "$pkg_id" <<<"$(peer lifecycle chaincode queryinstalled 2>/dev/null)"; then
        echo "    installing on peer0-$o"
        out=$(peer lifecycle chaincode install "$pkg" 2>&1) || die "install on peer0-$o failed: $(cli_error "$out")"
      fi
      # The server of the new version replaces the old one (same port) before approval.
      printf 'PACKAGE_ID=%s\nJAR=%s\n' "$pkg_id" "$CC_DIR/$cc/$next/$cc.jar" > "$CC_DIR/$cc/$o.env"
      "$REPO_DIR/scripts/chaincode-servers.sh" stop "$cc" >/dev/null 2>&1 || true
    done
  done
  "$REPO_DIR/scripts/chaincode-servers.sh" start "$cc"
  for ch in $(cc_channels "$cc"); do
    seq=$(committed_sequence "$cc" "$ch"); deployed_sum=$(cat "$CC_DIR/$cc/$ch.sum" 2>/dev/null || true)
    if ((seq > 0)) && ((force == 0)) && [[ "$deployed_sum" == "$jar_sum" ]]; then continue; fi
    next=$((seq + 1))
    for o in $(channel_orgs "$ch"); do
      peer_env "$o"
      # shellcheck source=/dev/null  # written by this script when it installed the package
      source "$CC_DIR/$cc/$o.env"
      echo "    approving $cc sequence $next for ${ORG_MSP[$o]} on '$ch'"
      # shellcheck disable=SC2046
      out=$(peer lifecycle chaincode approveformyorg $(orderer_args) -C "$ch" -n "$cc" -v "$next" --sequence "$next" \
              --package-id "$PACKAGE_ID" 2>&1) || die "approval by ${ORG_MSP[$o]} failed: $(cli_error "$out")"
    done
    o=$(first_channel_org "$ch"); peer_env "$o"
    peer lifecycle chaincode checkcommitreadiness -C "$ch" -n "$cc" -v "$next" --sequence "$next" -O json >/dev/null \
      || die "commit readiness check failed for $cc on '$ch'"
    peers=()
    for m in $(channel_orgs "$ch"); do peers+=(--peerAddresses "127.0.0.1:$(peer_port "$m")" --tlsRootCertFiles "$(peer_tls_ca "$m")"); done
    echo "    committing $cc sequence $next on '$ch'"
    # shellcheck disable=SC2046
    out=$(peer lifecycle chaincode commit $(orderer_args) -C "$ch" -n "$cc" -v "$next" --sequence "$next" "${peers[@]}" 2>&1) \
      || die "commit of $cc on '$ch' failed: $(cli_error "$out")"
    echo "$jar_sum" > "$CC_DIR/$cc/$ch.sum"
  done
  for ch in $(cc_channels "$cc"); do
    echo "    waiting until every peer of '$ch' can discover endorsers for $cc"
    wait_for_endorsers "$cc" "$ch" 90
  done
done
log "chaincode deployment done"
