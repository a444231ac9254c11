#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing: chromium (the report's browser test,
# driven by playwright-core, which never downloads a browser of its own) and redis-server (the distributed-sweep
# tests start their own server on loopback). Without root or passwordless sudo it only says what to install.
set -euo pipefail

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v redis-server >/dev/null || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then SUDO="sudo"; else
    echo "qunlearn tests need: ${missing[*]} (apt-get install -y ${missing[*]}); the tests that use them will fail until then" >&2
    exit 0
  fi
fi
echo "installing ${missing[*]} with apt-get" >&2
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
