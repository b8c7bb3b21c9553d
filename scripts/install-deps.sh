#!/usr/bin/env bash
# Checks the tools the project needs and installs the missing Debian packages (as root, or with sudo).
# Idempotent: does nothing when everything is present.
set -euo pipefail
need=()
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
command -v go >/dev/null || need+=(golang-go)
command -v openssl >/dev/null || need+=(openssl)
command -v python3 >/dev/null || need+=(python3)
command -v curl >/dev/null || need+=(curl)
[[ ${#need[@]} -eq 0 ]] && exit 0
echo "==> installing Debian packages: ${need[*]}"
sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
$sudo apt-get update -q
$sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
