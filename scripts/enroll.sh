#!/usr/bin/env bash
# Registers and enrolls every identity of the network at its organisation's Fabric CA (CRYPTO=ca;
# with CRYPTO=cryptogen it only enrolls each org's admin once more, as its CA's registrar):
# orderers, peers, admins, users and the anchor relay, with NodeOUs, and lays them out in the
# state's crypto directory the way the other scripts read it (the layout cryptogen makes). The CA
# servers must be running (scripts/ca.sh start). Keys are made by fabric-ca-client next to where
# they are used; no CA key is copied out of a CA's home. Idempotent: an existing crypto directory
# is kept; an identity registered by an earlier, interrupted run gets a new secret and is enrolled.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

enroll_registrar() {  # the CA's bootstrap admin, once: it registers everything below
  local org=$1
  [[ -f "$CA_DIR/$org/registrar/msp/signcerts/cert.pem" ]] && return 0
  FABRIC_CA_CLIENT_HOME="$CA_DIR/$org/registrar" fabric-ca-client enroll \
    -u "https://$CA_BOOTSTRAP_ID:$(cat "$CA_DIR/$org/bootstrap-secret")@127.0.0.1:$(ca_port "$org")" \
    --tls.certfiles "$(ca_cert "$org")" >"$WORK/out" 2>&1 || { cat "$WORK/out" >&2; die "cannot enroll the registrar of ca-$org"; }
}

register() {  # register <org> <id> <type> <secret> [extra register flags...]: or give it a new secret
  local org=$1 id=$2 type=$3 secret=$4
  if ! ca_client "$org" register --id.name "$id" --id.type "$type" --id.secret "$secret" "${@:5}" >"$WORK/out" 2>&1; then
    grep -q 'already registered' "$WORK/out" || { cat "$WORK/out" >&2; die "cannot register $id at ca-$org"; }
    ca_client "$org" identity modify "$id" --secret "$secret" >"$WORK/out" 2>&1 \
      || { cat "$WORK/out" >&2; die "cannot reset the secret of $id at ca-$org"; }
  fi
}

enroll() {  # enroll <org> <id> <secret> <dir> [enroll flags...]: key and certificate into <dir>/msp
  local org=$1 id=$2 secret=$3 dir=$4
  FABRIC_CA_CLIENT_HOME="$dir" fabric-ca-client enroll -u "https://$id:$secret@127.0.0.1:$(ca_port "$org")" \
    --tls.certfiles "$(ca_cert "$org")" -M "$dir/msp" "${@:5}" >"$WORK/out" 2>&1 \
    || { cat "$WORK/out" >&2; die "cannot enroll $id at ca-$org"; }
  rm -f "$dir/fabric-ca-client-config.yaml"
}

nodeous_yaml() {  # NodeOUs: the OU a certificate carries says whether it is a client, peer, admin or orderer
  local cacert=$1 ou
  echo "NodeOUs:"
  echo "  Enable: true"
  for ou in Client Peer Admin Orderer; do
    echo "  ${ou}OUIdentifier:"
    echo "    Certificate: cacerts/$cacert"
    echo "    OrganizationalUnitIdentifier: ${ou,,}"
  done
}

msp_layout() {  # msp_layout <org> <enrolled msp dir> <cert name> <target msp dir>
  local org=$1 from=$2 name=$3 to=$4 dom; dom=$(ca_domain "$1")
  mkdir -p "$to/signcerts" "$to/keystore" "$to/cacerts" "$to/tlscacerts"
  cp "$from/signcerts/cert.pem" "$to/signcerts/$name-cert.pem"
  (umask 077; cp "$(first_file "$from"/keystore/*_sk)" "$to/keystore/priv_sk")
  cp "$(ca_cert "$org")" "$to/cacerts/ca.$dom-cert.pem"
  cp "$(ca_cert "$org")" "$to/tlscacerts/tlsca.$dom-cert.pem"   # one CA issues both kinds
  nodeous_yaml "ca.$dom-cert.pem" > "$to/config.yaml"
}

tls_layout() {  # tls_layout <org> <enrolled tls msp dir> <target tls dir> server|client
  local org=$1 from=$2 to=$3 kind=$4
  mkdir -p "$to"
  cp "$from/signcerts/cert.pem" "$to/$kind.crt"
  (umask 077; cp "$(first_file "$from"/keystore/*_sk)" "$to/$kind.key")
  cp "$(ca_cert "$org")" "$to/ca.crt"
}

# identity <org> <id> <type> <base dir> <cert name> [tls host|-] [register flags...]
identity() {
  local org=$1 id=$2 type=$3 base=$4 name=$5 host=${6:--} secret w
  secret=$(openssl rand -hex 12) w="$WORK/$org-$id"
  register "$org" "$id" "$type" "$secret" "${@:7}"
  enroll "$org" "$id" "$secret" "$w/id"
  msp_layout "$org" "$w/id/msp" "$name" "$base/msp"
  if [[ "$host" != - ]]; then   # a TLS certificate from the same CA, for nodes and for admin clients
    enroll "$org" "$id" "$secret" "$w/tls" --enrollment.profile tls --csr.hosts "127.0.0.1,localhost,$host"
    local kind=server; [[ "$type" == admin ]] && kind=client
    tls_layout "$org" "$w/tls/msp" "$base/tls" "$kind"
  fi
  echo "    $id ($type) of $org: $base"
}

org_layout() {  # org_layout <org> <org dir>: the org's MSP (certificates only) and CA certificates
  local org=$1 to=$2 dom; dom=$(ca_domain "$1")
  mkdir -p "$to/msp/cacerts" "$to/msp/tlscacerts" "$to/ca" "$to/tlsca"
  cp "$(ca_cert "$org")" "$to/msp/cacerts/ca.$dom-cert.pem"
  cp "$(ca_cert "$org")" "$to/msp/tlscacerts/tlsca.$dom-cert.pem"
  nodeous_yaml "ca.$dom-cert.pem" > "$to/msp/config.yaml"
  cp "$(ca_cert "$org")" "$to/ca/ca.$dom-cert.pem"
  cp "$(ca_cert "$org")" "$to/tlsca/tlsca.$dom-cert.pem"
}

# The organisation's admin registers its users, relays and devices and may revoke them and
# generate its CRL; it cannot register nodes or other admins.
ADMIN_ATTRS='"hf.Registrar.Roles=client,user",hf.Revoker=true,hf.GenCRL=true,"hf.Registrar.Attributes=tmsct.*"'

if [[ "$CRYPTO" == cryptogen ]]; then
  # cryptogen made every identity. Each org's admin is enrolled once more at its CA (which runs on
  # cryptogen's CA key, so the MSP takes the certificate as before), so that it can register
  # devices and users there, as on a Fabric CA network.
  for o in "${PEER_ORGS[@]}"; do
    dom=$(org_domain "$o") admin="$(org_dir "$o")/users/Admin@$(org_domain "$o")/msp"
    [[ -f "$admin/ca-enrolled" ]] && continue
    enroll_registrar "$o"
    secret=$(openssl rand -hex 12)
    register "$o" "Admin@$dom" admin "$secret" --id.attrs "$ADMIN_ATTRS"
    enroll "$o" "Admin@$dom" "$secret" "$WORK/$o-admin"
    cp "$WORK/$o-admin/msp/signcerts/cert.pem" "$admin/signcerts/Admin@$dom-cert.pem"
    (umask 077; cp "$(first_file "$WORK/$o-admin"/msp/keystore/*_sk)" "$admin/keystore/priv_sk")
    touch "$admin/ca-enrolled"
    echo "    Admin of $o enrolled at ca-$o: $admin"
  done
  exit 0
fi
[[ -d "$CRYPTO_DIR" ]] && { log "crypto material already in $CRYPTO_DIR"; exit 0; }
OUT="$CRYPTO_DIR.tmp"
rm -rf "$OUT"

o=$ORDERER_ORG
log "enrolling the identities of $o at ca-$o"
enroll_registrar "$o"
base="$OUT/ordererOrganizations/$NETWORK_DOMAIN"
org_layout "$o" "$base"
for ((n = 1; n <= $(orderer_count); n++)); do
  identity "$o" "orderer$n" orderer "$(orderer_dir $n | sed "s#^$CRYPTO_DIR#$OUT#")" "$(orderer_host $n)" "$(orderer_host $n)"
done
identity "$o" Admin admin "$base/users/Admin@$NETWORK_DOMAIN" "Admin@$NETWORK_DOMAIN" "Admin@$NETWORK_DOMAIN" --id.attrs "$ADMIN_ATTRS"

for o in "${PEER_ORGS[@]}"; do
  dom=$(org_domain "$o") base="$OUT/peerOrganizations/$(org_domain "$o")"
  log "enrolling the identities of $o at ca-$o"
  enroll_registrar "$o"
  org_layout "$o" "$base"
  identity "$o" peer0 peer "$base/peers/$(peer_host "$o")" "$(peer_host "$o")" "$(peer_host "$o")"
  identity "$o" Admin admin "$base/users/Admin@$dom" "Admin@$dom" "Admin@$dom" --id.attrs "$ADMIN_ATTRS"
  for ((u = 1; u <= ORG_USERS; u++)); do identity "$o" "User$u" client "$base/users/User$u@$dom" "User$u@$dom"; done
  # the attribute the contracts check to tell the relay apart, put into its enrolment certificate
  identity "$o" relay client "$base/users/relay@$dom" "relay@$dom" - --id.attrs 'tmsct.role=relay:ecert'
done
mv "$OUT" "$CRYPTO_DIR"
log "identities of $(ca_orgs | wc -w) organisations enrolled into $CRYPTO_DIR"
