#!/usr/bin/env bash
# Runs one Fabric CA server per organisation, the orderer organisation's included (with
# CRYPTO=cryptogen on cryptogen's CA certificate and key):
# native processes with a pid file and a log each, TLS on 127.0.0.1, SQLite, ports from the
# topology. Each CA issues its organisation's enrolment certificates and, with the `tls` profile,
# its TLS certificates. The bootstrap admin's secret is random and kept with mode 0600 in
# <state>/ca/<org>/bootstrap-secret; the CA server's home (its key, its database) stays under <state>/ca
# and is reused by the next start. Idempotent: a CA that runs is left alone.
# Usage: ca.sh start|stop|status
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[[ -x "$FABRIC_BIN/fabric-ca-server" ]] || die "fabric-ca-server is missing from $FABRIC_BIN; run 'make fabric' first"

# With CRYPTO=cryptogen the CA is cryptogen's: the server is started on its certificate and key, so
# that devices are enrolled the same way on both kinds of network and only the CA reads its key.
cryptogen_ca_dir() {  # cryptogen_ca_dir <org>: where cryptogen put the organisation's CA
  if [[ "$1" == "$ORDERER_ORG" ]]; then echo "$CRYPTO_DIR/ordererOrganizations/$(ca_domain "$1")/ca"; else echo "$(org_dir "$1")/ca"; fi
}
existing_ca_args() {  # existing_ca_args <org>: --ca.certfile/--ca.keyfile of cryptogen's CA, or nothing
  [[ "$CRYPTO" == cryptogen ]] || return 0
  echo "--ca.certfile $(ca_cert "$1") --ca.keyfile $(cryptogen_ca_dir "$1")/priv_sk"
}

init_ca() {  # init_ca <org>: the CA's key, certificate and database, made once
  local org=$1 home; home=$(ca_home "$1")
  [[ -f "$home/fabric-ca-server.db" ]] && return 0
  mkdir -p "$home"; chmod 700 "$CA_DIR" "$CA_DIR/$org"
  (umask 077; openssl rand -hex 16 > "$CA_DIR/$org/bootstrap-secret")
  log "initialising the Fabric CA of $org (ca.$(ca_domain "$org"), $([[ "$CRYPTO" == ca ]] && echo "key and " || echo "cryptogen's key; ")SQLite database in $home)"
  local existing; read -ra existing <<<"$(existing_ca_args "$org")"
  if [[ "$CRYPTO" == cryptogen ]]; then   # the CA's certificate where every client looks for it
    cp "$(cryptogen_ca_dir "$org")/ca.$(ca_domain "$org")-cert.pem" "$(ca_cert "$org")"
  fi
  # init writes the bootstrap identity into fabric-ca-server-config.yaml: mode 0600 like the secret
  (umask 077; FABRIC_CA_SERVER_HOME="$home" fabric-ca-server init -b "$CA_BOOTSTRAP_ID:$(cat "$CA_DIR/$org/bootstrap-secret")" \
    --ca.name "ca-$org" --csr.cn "ca.$(ca_domain "$org")" --csr.hosts "127.0.0.1,localhost,ca.$(ca_domain "$org")" \
    "${existing[@]}" >>"$home/init.log" 2>&1) \
    || { tail -n 5 "$home/init.log" >&2; die "fabric-ca-server init failed for $org (see $home/init.log)"; }
}

start_ca() {
  local org=$1 name="ca-$1" home; home=$(ca_home "$1")
  if is_running "$name"; then echo "    $name already running (pid $(pid_of "$name"))"; return; fi
  local p; for p in "$(ca_port "$org")" "$(ca_ops_port "$org")"; do
    port_in_use "$p" && die "port 127.0.0.1:$p (for $name) is already in use by another process; pick another BASE_PORT"
  done
  init_ca "$org"
  local existing; read -ra existing <<<"$(existing_ca_args "$org")"
  log "starting $name (ca.$(ca_domain "$org")) on 127.0.0.1:$(ca_port "$org")"
  start_process "$name" env FABRIC_CA_SERVER_HOME="$home" \
    FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS="127.0.0.1:$(ca_ops_port "$org")" \
    fabric-ca-server start --ca.name "ca-$org" --address 127.0.0.1 --port "$(ca_port "$org")" --tls.enabled \
    --csr.hosts "127.0.0.1,localhost,ca.$(ca_domain "$org")" "${existing[@]}"
  wait_for_port "$name" "$(ca_port "$org")" 30
}

case "${1:-}" in
  start) for o in $(ca_orgs); do start_ca "$o"; done ;;
  stop)
    names=(); for o in $(ca_orgs); do names+=("ca-$o"); done
    stop_processes "${names[@]}" ;;
  status)
    for o in $(ca_orgs); do
      if is_running "ca-$o"; then echo "ca-$o: running (pid $(pid_of "ca-$o")) on 127.0.0.1:$(ca_port "$o")"; else echo "ca-$o: stopped"; fi
    done ;;
  *) die "usage: ca.sh start|stop|status" ;;
esac
