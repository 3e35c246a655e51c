#!/usr/bin/env bash
# Debian's Chromium for the explorer's end-to-end tests (driven by playwright-core from web/).
# Idempotent: does nothing when /usr/bin/chromium is there. Needs root (CI runs as root); a user
# without root who lacks Chromium gets the browser tests skipped with a message saying so.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-browser: /usr/bin/chromium is missing; run 'sudo apt-get install -y chromium' for the browser tests" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
echo "install-browser: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
