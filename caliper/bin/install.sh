#!/usr/bin/env bash
# Installs Caliper and its Fabric binding (fabric-gateway) from the npm registry, exactly as
# package-lock.json pins them. Idempotent: skipped while node_modules matches the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.tmsct-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "==> Caliper $(node -p 'require("@hyperledger/caliper-cli/package.json").version') is installed (caliper/node_modules)"
  exit 0
fi
command -v npm >/dev/null || { echo "error: npm is missing; install Node.js 18.19 or newer with npm" >&2; exit 1; }
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 19) ? 0 : 1)' \
  || { echo "error: Caliper 0.6.0 needs Node.js 18.19 or newer, this is $(node --version)" >&2; exit 1; }
echo "==> installing Caliper from the npm registry (npm ci, versions pinned by caliper/package-lock.json)"
# No install scripts: only the Ethereum connector and optional native crypto want them.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
node -e 'require("@hyperledger/fabric-gateway"); require("@hyperledger/caliper-fabric")' \
  || { echo "error: the Fabric binding (fabric-gateway) did not install" >&2; exit 1; }
echo "$want" > "$stamp"
echo "==> Caliper $(node -p 'require("@hyperledger/caliper-cli/package.json").version') bound to fabric-gateway $(node -p 'require("@hyperledger/fabric-gateway/package.json").version')"
