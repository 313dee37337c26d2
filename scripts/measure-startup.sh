#!/usr/bin/env bash
# Cold start to the first interactive screen, side by side with an empty Bevy window built with
# the same features: each binary runs to its third frame and exits; wall time over 5 runs each.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --features dev --bin rapport --example empty_window
# One X server for all runs, so its start-up is not part of either figure.
Xvfb :97 -screen 0 1280x720x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb' EXIT
sleep 1
run() { # label, command...
    local label=$1; shift
    local total=0
    for i in 1 2 3 4 5; do
        local t0 t1
        t0=$(date +%s%N)
        DISPLAY=:97 RAPPORT_EXIT_AFTER_FRAMES=3 WGPU_BACKEND=vulkan RAPPORT_DATA_DIR=$(mktemp -d) "$@" >/dev/null 2>&1
        t1=$(date +%s%N)
        total=$((total + (t1 - t0) / 1000000))
    done
    echo "$label: mean $((total / 5)) ms to the third frame (5 runs)"
}
run "empty Bevy window" target/debug/examples/empty_window
run "Rapport (Who screen)" target/debug/rapport
