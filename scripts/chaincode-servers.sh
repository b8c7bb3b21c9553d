#!/usr/bin/env bash
# Starts or stops the Java chaincode servers (chaincode as a service): one process per
# organisation per deployed chaincode, each listening with TLS on its own port.
# Usage: chaincode-servers.sh start|stop [chaincode]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
action=${1:?usage: chaincode-servers.sh start|stop [chaincode]}
only=${2:-}

cc_orgs() {  # the orgs that run a server for a chaincode
  printf '%s\n' "${PEER_ORGS[@]}"   # every org: master on all peers, each org's own slave channel
}
cc_kind() { [[ "$1" == "$CC_MASTER" ]] && echo master || echo slave; }

waiting=()   # servers start in parallel; their ports are awaited at the end
for cc in "$CC_MASTER" "$CC_SLAVE"; do
  [[ -n "$only" && "$only" != "$cc" ]] && continue
  for o in $(cc_orgs "$cc"); do
    name="cc-$cc-$o"
    case "$action" in
      stop) stop_process "$name" ;;
      start)
        meta="$CC_DIR/$cc/$o.env"
        [[ -f "$meta" ]] || continue   # not deployed yet
        if is_running "$name"; then continue; fi
        # shellcheck disable=SC1090
        source "$meta"   # PACKAGE_ID and JAR of the deployed version
        port=$(cc_server_port "$o" "$(cc_kind "$cc")")
        port_in_use "$port" && die "port 127.0.0.1:$port (for $name) is already in use"
        d="$(org_dir "$o")/peers/$(peer_host "$o")/tls"
        # The shim's TLS set-up also builds a client context from CORE_TLS_CLIENT_*_PATH, which it
        # expects to hold base64 of the PEM (as a peer-launched chaincode gets them), not PEM.
        b64="$STATE_DIR/chaincode/tls-$o"; mkdir -p "$b64"
        base64 -w0 "$d/server.key" > "$b64/client.key.b64"; base64 -w0 "$d/server.crt" > "$b64/client.crt.b64"
        log "starting chaincode server $name on 127.0.0.1:$port"
        read -ra java_opts <<<"${CC_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k}"
        start_process "$name" env \
          CHAINCODE_SERVER_ADDRESS="127.0.0.1:$port" CORE_CHAINCODE_ID_NAME="$PACKAGE_ID" \
          CORE_PEER_TLS_ENABLED=true CORE_PEER_TLS_ROOTCERT_FILE="$d/ca.crt" \
          CORE_TLS_CLIENT_KEY_FILE="$d/server.key" CORE_TLS_CLIENT_CERT_FILE="$d/server.crt" \
          CORE_TLS_CLIENT_KEY_PATH="$b64/client.key.b64" CORE_TLS_CLIENT_CERT_PATH="$b64/client.crt.b64" \
          CORE_PEER_LOCALMSPID="${ORG_MSP[$o]}" TMSCT_ORG="$o" TMSCT_STAGE="${ORG_STAGE[$o]}" \
          java "${java_opts[@]}" -jar "$JAR"
        waiting+=("$name:$port")
        ;;
      *) die "unknown action '$action' (use start or stop)" ;;
    esac
  done
done
for w in "${waiting[@]}"; do wait_for_port "${w%%:*}" "${w##*:}" 120; done
