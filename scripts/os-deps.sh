#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Rapport needs to build and to run its tests, if missing.
# Usage: scripts/os-deps.sh [build|test]
#   build: what compiling the app needs (ALSA headers for sound, pkg-config)
#   test:  also what the headless screen tests need (Xvfb, Mesa's software Vulkan driver)
set -euo pipefail
want=(pkg-config libasound2-dev)
if [[ "${1:-build}" == test ]]; then
    want+=(xvfb xauth mesa-vulkan-drivers)
fi
missing=()
for pkg in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "Installing OS packages: ${missing[*]}" >&2
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
