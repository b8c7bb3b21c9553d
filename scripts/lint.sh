#!/usr/bin/env bash
# `make lint`: the checks that keep the tree clean. Java: google-java-format (AOSP indentation)
# through Spotless, over every module; `mvn -N spotless:apply` fixes what it reports.
# Shell: shellcheck over every script in scripts/, network/ and caliper/bin/. Keys: no code but the
# cryptogen set-up names a CA private key (the issue of Fabric CA: no client, relay or test reads one).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> Java format (Spotless, google-java-format)"
mvn -B -q -Dstyle.color=never -N spotless:check
mapfile -t shell_files < <(grep -rlE '^#!/usr/bin/env bash|^#!/bin/(ba)?sh' scripts network caliper/bin | sort)
echo "==> shellcheck over ${#shell_files[@]} scripts"
shellcheck -x "${shell_files[@]}"
echo "==> no CA private key read outside the cryptogen set-up"
# a CA's key: cryptogen's ca/priv_sk and tlsca/priv_sk, a Fabric CA server's msp/keystore
ca_key_refs=$(git grep -nE '(ca|tlsca)/priv_sk|server/msp/keystore|"caKey": ' -- . ':!scripts/generate.sh' ':!scripts/connection-files.sh' \
  ':!scripts/lint.sh' ':!*.md' | grep -v 'caKey: null\|"caKey": null' || true)
if [[ -n "$ca_key_refs" ]]; then echo "$ca_key_refs" >&2; echo "error: CA private key paths named outside the cryptogen set-up" >&2; exit 1; fi
echo "==> lint clean"
