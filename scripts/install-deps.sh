#!/usr/bin/env bash
# `make deps`: installs, up front, every system package and npm package the project can need, on
# every machine, fresh or not. Nothing is installed later inside a test or a network script: those
# only check and point here. Idempotent: a second run installs nothing.
# Debian packages come from apt (as root, or with sudo); Caliper comes from the npm registry as
# caliper/package-lock.json pins it. Fabric's binaries are built by install-fabric.sh (`make fabric`).
set -euo pipefail
REPO_DIR="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS=0

# Debian packages needed on every machine, whatever else it has:
#   mariadb-server, mariadb-client  the off-chain store on MariaDB (scripts/mariadb.sh)
#   postgresql, postgresql-client   the relational mirror on PostgreSQL (scripts/postgres.sh)
#   ShellCheck (shellcheck)         `make lint`
#   sysstat                         pidstat, CPU per process in `make bench`
#   openssl, curl, python3, git     crypto for the relay identities, readiness probes, tools
#   procps, iproute2, tar           pgrep/ps, ss, packaging chaincode
#   chromium, chromium-driver       the trace page tested in a real headless browser (Selenium)
#   wrk                             HTTP load on the trace server (`make bench-web`)
packages=(mariadb-server mariadb-client postgresql postgresql-client shellcheck sysstat openssl curl python3 git
  procps iproute2 tar chromium chromium-driver wrk)
# Toolchains: a machine may bring its own (a JDK, Go or Node.js outside apt); the Debian package is
# installed only when the command is missing.
command -v java >/dev/null || packages+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || packages+=(maven)
command -v go >/dev/null || packages+=(golang-go)
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)" == ii* ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "==> installing Debian packages: ${missing[*]}"
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  echo "==> Debian packages installed in ${SECONDS}s"
else
  echo "==> Debian packages: all ${#packages[@]} present"
fi

# Versions that the package names alone do not guarantee.
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
((go_minor >= 24)) || { echo "error: building Fabric needs Go >= 1.24, this is $(go env GOVERSION)" >&2; exit 1; }
java_version=$(java -version 2>&1)
grep -qE 'version "(1[7-9]|2[0-9])' <<<"$java_version" \
  || { echo "error: TMSCT needs Java 17 or newer: ${java_version%%$'\n'*}" >&2; exit 1; }

"$REPO_DIR/caliper/bin/install.sh"
echo "==> dependencies ready (${SECONDS}s)"
