#!/usr/bin/env bash
# The whole bring-up in one step: nodes, both chaincodes, their configuration, the anchor relays.
set -euo pipefail
here="$(dirname "$0")"
"$here/up.sh"
"$here/deploy.sh" all
"$here/bootstrap.sh"
"$here/relays.sh" start
