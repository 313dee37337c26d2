#!/usr/bin/env bash
# App soak under Xvfb: every scenario in the library played to its debrief by keys, ROUNDS
# times over (default 50), with a scenario in the own folder broken and fixed between rounds
# (src/app/soak.rs). Passes when the app exits 0: no panic, every reload seen, every run
# finished, memory (RSS) at the end within 10% of after the first round.
# Usage: scripts/soak-app.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-50}"
cargo build --locked --features dev
bin=$(mktemp -d)/rapport
cp target/debug/rapport "$bin"
data=$(mktemp -d)
mkdir -p "$data/own"
start=$(date +%s)
status=0
RAPPORT_SOAK_ROUNDS="$rounds" RAPPORT_DATA_DIR="$data" WGPU_BACKEND=vulkan \
    xvfb-run -a -s "-screen 0 1280x720x24" "$bin" --scenarios "$data/own" 2>&1 |
    grep --line-buffered -E "soak|panicked|ERROR" || status=$?
code=${PIPESTATUS[0]}
echo "soak-app: $rounds rounds in $(( $(date +%s) - start )) s, exit $code"
rm -rf "$data" "$(dirname "$bin")"
[[ $code -eq 0 ]]
