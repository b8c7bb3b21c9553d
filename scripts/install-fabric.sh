#!/usr/bin/env bash
# Builds the pinned Fabric and Fabric CA binaries from source with `go install` through the Go
# module proxy, into a versioned cache outside the repository. A second run is a no-op.
set -euo pipefail

FABRIC_VERSION="${FABRIC_VERSION:-3.1.1}"
FABRIC_CA_VERSION="${FABRIC_CA_VERSION:-1.5.21}"
CACHE_DIR="${TMSCT_CACHE:-$HOME/.cache/tmsct}"

# Fabric v3's go.mod lacks the /v3 suffix, so the proxy only knows its commits as v1 pseudo-versions.
# 3.1.1 is the default because, as of 2026-11, the proxy reachable here refuses (HTTP 403) every
# pseudo-version of 3.1.2 and later; 3.1.5 stays selectable for a proxy that serves it.
case "$FABRIC_VERSION" in
  3.1.5) FABRIC_MODVER=v1.4.0-rc1.0.20260618074816-86c1172bec37 ;;
  3.1.1) FABRIC_MODVER=v1.4.0-rc1.0.20250510200036-435a7f1a780a ;;
  3.1.0) FABRIC_MODVER=v1.4.0-rc1.0.20250318174348-8f08391d840c ;;
  *) echo "install-fabric: unknown FABRIC_VERSION '$FABRIC_VERSION' (known: 3.1.5 3.1.1 3.1.0)" >&2; exit 2 ;;
esac

BIN_DIR="$CACHE_DIR/fabric-$FABRIC_VERSION-ca-$FABRIC_CA_VERSION/bin"
FABRIC_TOOLS=(peer orderer configtxgen configtxlator osnadmin cryptogen discover)
CA_TOOLS=(fabric-ca-server fabric-ca-client)

CONFIG_DIR="$BIN_DIR/../config"   # Fabric's sampleconfig of the same version: the base of our node config
missing=()
for t in "${FABRIC_TOOLS[@]}" "${CA_TOOLS[@]}"; do
  [[ -x "$BIN_DIR/$t" ]] || missing+=("$t")
done
[[ -f "$CONFIG_DIR/core.yaml" ]] || missing+=(sampleconfig)
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-fabric: Fabric $FABRIC_VERSION and Fabric CA $FABRIC_CA_VERSION already in $BIN_DIR"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "install-fabric: Go is not installed (need Go >= 1.24 on PATH to build Fabric $FABRIC_VERSION)" >&2
  exit 1
fi

go_minor=$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
if [[ -z "$go_minor" ]] || ((go_minor < 24)); then
  echo "install-fabric: Fabric $FABRIC_VERSION needs Go >= 1.24, found $(go env GOVERSION)" >&2
  exit 1
fi

mkdir -p "$BIN_DIR"
export GOBIN="$BIN_DIR" GOTOOLCHAIN=local
ldflags="-X github.com/hyperledger/fabric/common/metadata.Version=$FABRIC_VERSION -X github.com/hyperledger/fabric/common/metadata.CommitSHA=${FABRIC_MODVER##*-}"

# `go install pkg@version` also asks the proxy for the module's version list (to print deprecation
# notices), which the proxy here refuses, so each module is built inside a small wrapper module.
build_module() {  # build_module <module> <version> <package dir> <binaries...>
  local mod=$1 ver=$2 pkgdir=$3; shift 3
  local todo=()
  for b in "$@"; do [[ -x "$BIN_DIR/$b" ]] || todo+=("$b"); done
  [[ ${#todo[@]} -eq 0 ]] && return 0
  local work="$CACHE_DIR/build/${mod##*/}-$ver"
  mkdir -p "$work"
  printf 'module tmsct.local/build\n\ngo 1.24\n\nrequire %s %s\n' "$mod" "$ver" > "$work/go.mod"
  local pkgs=()
  for b in "${todo[@]}"; do pkgs+=("$mod/$pkgdir/$b"); done
  echo "install-fabric: building ${todo[*]} from $mod@$ver (several minutes on 2 cores)"
  local start=$SECONDS
  if ! (cd "$work" && GOFLAGS="-mod=mod -buildvcs=false" go install -trimpath -ldflags "$ldflags" "${pkgs[@]}"); then
    echo "install-fabric: failed to build ${todo[*]} from $mod@$ver (is the Go module proxy reachable, and does it serve this version?)" >&2
    exit 1
  fi
  echo "install-fabric: built ${todo[*]} in $((SECONDS - start))s"
}

build_module github.com/hyperledger/fabric "$FABRIC_MODVER" cmd "${FABRIC_TOOLS[@]}"
ldflags="-X github.com/hyperledger/fabric-ca/lib/metadata.Version=$FABRIC_CA_VERSION"
build_module github.com/hyperledger/fabric-ca "v$FABRIC_CA_VERSION" cmd "${CA_TOOLS[@]}"
if [[ ! -f "$CONFIG_DIR/core.yaml" ]]; then
  src="$(go env GOMODCACHE)/github.com/hyperledger/fabric@$FABRIC_MODVER/sampleconfig"
  [[ -d "$src" ]] || (cd "$CACHE_DIR/build/fabric-$FABRIC_MODVER" && GOFLAGS=-mod=mod go mod download github.com/hyperledger/fabric)
  mkdir -p "$CONFIG_DIR" && cp "$src"/*.yaml "$CONFIG_DIR/" && chmod -R u+w "$CONFIG_DIR"
  echo "install-fabric: copied Fabric's sample configuration to $CONFIG_DIR"
fi
echo "install-fabric: done, binaries in $BIN_DIR"
