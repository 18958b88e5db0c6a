#!/usr/bin/env bash
# Installs the Debian packages Loket needs to build, run and test, and only
# those that are missing: on a machine that has them all it does nothing.
# Usage: scripts/deps.sh [run|check|bench]   (run: build and serve only)
set -euo pipefail

need=(build-essential cmake pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev
      libsodium-dev libpq-dev libcurl4-openssl-dev tzdata)
case "${1:-run}" in
  check) need+=(postgresql sqlite3 clang libclang-rt-dev nodejs npm clang-format wrk curl) ;;
  bench) need+=(postgresql wrk gnuplot-nox curl nodejs npm) ;;
esac

missing=()
for p in "${need[@]}"; do
  # nodejs/npm may come from elsewhere (a newer Node.js): a working command is enough.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
