#!/usr/bin/env bash
# Install headless Chromium and its WebDriver for tests/web when they are missing.
# Debian/Ubuntu only; run as root (or with sudo available). Safe to run twice.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

if (have chromium || have chromium-browser) && have chromedriver; then
  echo "chromium.sh: chromium and chromedriver are installed"
  exit 0
fi
if ! have apt-get; then
  echo "chromium.sh: no apt-get here; install Chromium and chromedriver by hand" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q chromium chromium-driver
echo "chromium.sh: installed $(chromium --version 2>/dev/null || echo chromium)"
