#!/usr/bin/env bash
# Sets up the contracts on a deployed network, from the topology: each slave channel is configured
# by its organisation's admin (owner, stage, shared key fields, the org's CA as its device CA);
# master gets its member organisations (every PEER_ORGS MSP), then the four slave chains (id =
# channel name) and the "default" process in PEER_ORGS order, and each organisation's device CA,
# each as a governance proposal that the admins of a majority of the members approve, each
# organisation in its own transaction as its own admin. Idempotent: every step asks the ledger
# first and skips what is already there.
# Usage: bootstrap.sh   (the shared key fields are KEY_FIELDS in network/topology.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_fabric

cc_call() {  # cc_call <function> <args...>: the peer CLI's -c JSON, each argument JSON-escaped
  local out="{\"function\":\"$1\",\"Args\":[" sep="" a; shift
  for a in "$@"; do a=${a//\\/\\\\}; a=${a//\"/\\\"}; out+="$sep\"$a\""; sep=","; done
  echo "$out]}"
}
query() {  # query <channel> <chaincode> <function> <args...>: as the current peer_env admin
  local ch=$1 cc=$2; shift 2
  peer chaincode query -C "$ch" -n "$cc" -c "$(cc_call "$@")" 2>&1
}
invoke() {  # invoke <channel> <chaincode> <function> <args...>: endorsed by every member peer, waits for commit
  local ch=$1 cc=$2 m out peers=(); shift 2
  for m in $(channel_orgs "$ch"); do peers+=(--peerAddresses "127.0.0.1:$(peer_port "$m")" --tlsRootCertFiles "$(peer_tls_ca "$m")"); done
  # shellcheck disable=SC2046
  out=$(peer chaincode invoke $(orderer_args) -C "$ch" -n "$cc" -c "$(cc_call "$@")" "${peers[@]}" --waitForEvent 2>&1) \
    || die "$1 on '$ch' failed: $(cli_error "$out")"
}
govern() {  # govern <proposer org> <kind> <change JSON> <check...>: proposes a master change as each org's admin in turn, proposer first, until <check> (a query) says it took effect
  local proposer=$1 kind=$2 change=$3 order o; shift 3
  order=("$proposer")
  for o in "${PEER_ORGS[@]}"; do [[ "$o" == "$proposer" ]] || order+=("$o"); done
  # Proposing a change that is already pending approves it for the proposing organisation, so
  # each organisation's approval is its own admin's transaction (bound to the whole change, not
  # to an id read from a log line), and a re-run after an interruption carries on with the same
  # proposal.
  for o in "${order[@]}"; do
    peer_env "$o"
    invoke "$MASTER_CHANNEL" "$CC_MASTER" ProposeChange "$kind" "$change"
    log "  $kind approved by ${ORG_MSP[$o]} admin"
    if "$@" >/dev/null 2>&1; then log "  $kind took effect"; return; fi
  done
  die "$kind $change did not take effect after every organisation approved it"
}
chain_owned_by() {  # chain_owned_by <chain> <msp>: the chain is registered with that owner
  local out; out=$(query "$MASTER_CHANNEL" "$CC_MASTER" GetSlaveChain "$1") && grep -qF "\"ownerMsp\":\"$2\"" <<<"$out"
}
process_defined() { query "$MASTER_CHANNEL" "$CC_MASTER" GetProcess "$1" >/dev/null; }

for o in "${PEER_ORGS[@]}"; do
  ch=${ORG_CHANNEL[$o]} stage=${ORG_STAGE[$o]}
  peer_env "$o"
  if out=$(query "$ch" "$CC_SLAVE" GetConfig); then
    log "slave channel '$ch' is already configured: $out"
  elif grep -q "not configured" <<<"$out"; then
    log "configuring slave channel '$ch' as ${ORG_MSP[$o]} admin: stage $stage, key fields $KEY_FIELDS"
    invoke "$ch" "$CC_SLAVE" Configure "$stage" "$KEY_FIELDS"
  else
    die "cannot read the configuration of '$ch': $(cli_error "$out")"
  fi
done

# Each slave channel takes device registrations only with a certificate from its organisation's CA.
for o in "${PEER_ORGS[@]}"; do
  ch=${ORG_CHANNEL[$o]} cert="$(org_dir "$o")/ca/ca.$(org_domain "$o")-cert.pem"
  [[ -f "$cert" ]] || die "no CA certificate for $o at $cert"
  peer_env "$o"
  out=$(query "$ch" "$CC_SLAVE" GetDeviceCaRoots) || die "cannot read the device CA of '$ch': $(cli_error "$out")"
  if grep -qF "$(sed -n 2p "$cert")" <<<"$out"; then
    log "the device CA of slave channel '$ch' is already set"
  else
    log "setting the device CA of slave channel '$ch' as ${ORG_MSP[$o]} admin ($(openssl x509 -in "$cert" -noout -subject))"
    invoke "$ch" "$CC_SLAVE" SetDeviceCaRoots "[\"$(awk '{printf "%s\\n", $0}' "$cert")\"]"
  fi
done

peer_env "${PEER_ORGS[0]}"
msps="" sep=""   # sorted as the contract stores them
while read -r m; do msps+="$sep\"$m\""; sep=","; done < <(for o in "${PEER_ORGS[@]}"; do echo "${ORG_MSP[$o]}"; done | LC_ALL=C sort)
members=$(query "$MASTER_CHANNEL" "$CC_MASTER" GetMembers) || die "cannot read the members of '$MASTER_CHANNEL': $(cli_error "$members")"
if grep -qF "\"msps\":[$msps]" <<<"$members"; then
  log "member organisations of '$MASTER_CHANNEL' are already set: $msps"
elif grep -qF '"msps"' <<<"$members"; then
  die "'$MASTER_CHANNEL' has other member organisations than the topology's ($members); change them with a SET_MEMBERS proposal"
else
  log "setting the member organisations of '$MASTER_CHANNEL' as ${ORG_MSP[${PEER_ORGS[0]}]} admin: $msps"
  invoke "$MASTER_CHANNEL" "$CC_MASTER" InitMembers "[$msps]"
fi

# The orderer organisation's CA: master accepts an anchor only with a signature on its last slave
# block header by an orderer whose certificate this CA issued (bounded anchors).
ordererca_registered() {  # ordererca_registered <msp> <pem file>: that exact certificate is registered
  local out; out=$(query "$MASTER_CHANNEL" "$CC_MASTER" GetOrdererCaRoots "$1") && grep -qF "$(sed -n 2p "$2")" <<<"$out"
}
orderer_ca="$CRYPTO_DIR/ordererOrganizations/$NETWORK_DOMAIN/ca/ca.$NETWORK_DOMAIN-cert.pem"
[[ -f "$orderer_ca" ]] || die "no orderer CA certificate at $orderer_ca (run scripts/generate.sh)"
peer_env "${PEER_ORGS[0]}"
if ordererca_registered "$ORDERER_MSP" "$orderer_ca"; then
  log "the orderer CA of $ORDERER_MSP is already registered on '$MASTER_CHANNEL'"
else
  log "registering the orderer CA of $ORDERER_MSP on '$MASTER_CHANNEL' ($orderer_ca)"
  pem=$(awk '{printf "%s\\n", $0}' "$orderer_ca")
  govern "${PEER_ORGS[0]}" ORDERER_CA_ROOTS "{\"msp\":\"$ORDERER_MSP\",\"certificates\":[\"$pem\"]}" \
    ordererca_registered "$ORDERER_MSP" "$orderer_ca"
fi

peer_env "${PEER_ORGS[0]}"
chains=$(query "$MASTER_CHANNEL" "$CC_MASTER" GetSlaveChains) || die "cannot list the slave chains: $(cli_error "$chains")"
for o in "${PEER_ORGS[@]}"; do
  ch=${ORG_CHANNEL[$o]}
  if grep -qF "\"id\":\"$ch\"" <<<"$chains"; then
    log "slave chain '$ch' is already registered on '$MASTER_CHANNEL'"
  else
    log "registering slave chain '$ch' (owner ${ORG_MSP[$o]}) on '$MASTER_CHANNEL', proposed by ${ORG_MSP[$o]} admin"
    govern "$o" REGISTER_CHAIN "{\"id\":\"$ch\",\"channelName\":\"$ch\",\"ownerMsp\":\"${ORG_MSP[$o]}\"}" \
      chain_owned_by "$ch" "${ORG_MSP[$o]}"
  fi
done

peer_env "${PEER_ORGS[0]}"
if out=$(query "$MASTER_CHANNEL" "$CC_MASTER" GetProcess default); then
  log "process 'default' is already defined (version $(sed -n 's/.*"version":\([0-9]*\).*/\1/p' <<<"$out"))"
elif grep -q "has no process definition" <<<"$out"; then
  stages="" sep=""
  for o in "${PEER_ORGS[@]}"; do
    stages+="$sep{\"name\":\"${ORG_STAGE[$o]}\",\"slaveChainId\":\"${ORG_CHANNEL[$o]}\",\"keyFields\":$KEY_FIELDS}"; sep=","
  done
  log "defining process 'default': $(for o in "${PEER_ORGS[@]}"; do printf '%s ' "${ORG_STAGE[$o]}"; done)(in this order)"
  govern "${PEER_ORGS[0]}" DEFINE_PROCESS "{\"productType\":\"default\",\"definition\":{\"stages\":[$stages]}}" \
      process_defined default
else
  die "cannot read process 'default': $(cli_error "$out")"
fi
# Each organisation's device CA: the CA key and certificate `tmsct device keygen` issues device
# certificates with (caKey/caCert of its connection file). Master checks every anchored entry's
# device certificate against it, so it is registered through governance like the rest.
devca_registered() {  # devca_registered <msp> <fingerprint>: master trusts that certificate for the org
  local out; out=$(query "$MASTER_CHANNEL" "$CC_MASTER" GetDeviceCaRoots "$1") && grep -qF "\"$2\"" <<<"$out"
}
for o in "${PEER_ORGS[@]}"; do
  dom=$(org_domain "$o") msp=${ORG_MSP[$o]}
  cert="$(org_dir "$o")/ca/ca.$dom-cert.pem"
  [[ -f "$cert" ]] || die "no CA certificate for $o at $cert"
  fp=$(openssl x509 -in "$cert" -outform DER | sha256sum | cut -d' ' -f1)
  peer_env "${PEER_ORGS[0]}"
  if devca_registered "$msp" "$fp"; then
    log "device CA of $msp is already trusted on '$MASTER_CHANNEL'"
  else
    log "registering the device CA of $msp ($(openssl x509 -in "$cert" -noout -subject)), proposed by $msp admin"
    pem=$(awk '{printf "%s\\n", $0}' "$cert")
    govern "$o" DEVICE_CA_ROOTS "{\"msp\":\"$msp\",\"certificates\":[\"$pem\"]}" devca_registered "$msp" "$fp"
  fi
done

touch "$STATE_DIR/bootstrap.done"   # up.sh starts the relays only on a bootstrapped network
log "bootstrap done"
