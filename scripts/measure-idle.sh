#!/usr/bin/env bash
# Idle CPU on the Play screen while the trainee reads the choices (nothing moving):
# CPU time of the app over 10 s after an 8 s warm-up, under Xvfb with the software renderer.
# Usage: scripts/measure-idle.sh [SCENARIO]   (default: returning-customer, which has no timer)
#        scripts/measure-idle.sh --screen team|progress   (the screens drawn with egui)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/debug/rapport
data=$(mktemp -d)
if [[ "${1:-}" == --screen ]]; then
    scenario="screen ${2:?team or progress}"
    WGPU_BACKEND=vulkan RAPPORT_DATA_DIR="$data" xvfb-run -a -s "-screen 0 1280x720x24" "$bin" --screen "$2" >/dev/null 2>&1 &
    sleep 8
    pid=$(pgrep -n -f "^$bin --screen")
else
    scenario="${1:-returning-customer}"
    WGPU_BACKEND=vulkan RAPPORT_DATA_DIR="$data" xvfb-run -a -s "-screen 0 1280x720x24" "$bin" --open "$scenario" >/dev/null 2>&1 &
    sleep 8
    pid=$(pgrep -n -f "^$bin --open $scenario")
fi
echo "measuring pid $pid: $(tr "\\0" " " < /proc/$pid/cmdline)" >&2
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
a=$(cpu); sleep 10; b=$(cpu)
kill "$pid" 2>/dev/null || true
wait 2>/dev/null || true
rm -rf "$data"
echo "idle CPU ($scenario): $(( (b - a) * 100 / ticks / 10 ))% of one core ($((b - a)) ticks over 10 s)"
