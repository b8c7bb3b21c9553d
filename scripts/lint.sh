#!/usr/bin/env bash
# `make lint`: the checks that keep the tree clean. Java: google-java-format (AOSP indentation)
# through Spotless, over every module; `mvn -N spotless:apply` fixes what it reports.
# Shell: shellcheck over every script in scripts/, network/ and caliper/bin/.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> Java format (Spotless, google-java-format)"
mvn -B -q -Dstyle.color=never -N spotless:check
mapfile -t shell_files < <(grep -rlE '^#!/usr/bin/env bash|^#!/bin/(ba)?sh' scripts network caliper/bin | sort)
echo "==> shellcheck over ${#shell_files[@]} scripts"
shellcheck -x "${shell_files[@]}"
echo "==> lint clean"
