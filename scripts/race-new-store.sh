#!/usr/bin/env bash
# Two `rapport play --trainee` processes started at the same moment on a new, empty data
# folder, round after round: both sessions must land every time. (A store being created by one
# process was once taken for a foreign file by the other, and a journal-mode switch failed with
# "database is locked".)
# Usage: scripts/race-new-store.sh [ROUNDS] [BINARY]   (default 500, target/debug/rapport)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-500}"
# Work on a private copy: a test build with other features rewrites target/debug/rapport.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "${2:-target/debug/rapport}" "$work/rapport"
bin="$work/rapport"
scenario="${RACE_SCENARIO:-broken-lace}"
choices="${RACE_CHOICES:-$("$bin" analyze "$scenario" --format json | python3 -c 'import json,sys; print(",".join(json.load(sys.stdin)["best"]["steps"]))')}"
failed=0
for ((i = 1; i <= rounds; i++)); do
    data=$(mktemp -d)
    errors=$(mktemp)
    RAPPORT_DATA_DIR="$data" "$bin" play "$scenario" --trainee "A$i" --choices "$choices" --format json >/dev/null 2>>"$errors" &
    a=$!
    RAPPORT_DATA_DIR="$data" "$bin" play "$scenario" --trainee "B$i" --choices "$choices" --format json >/dev/null 2>>"$errors" &
    b=$!
    ok=1
    wait "$a" || ok=0
    wait "$b" || ok=0
    sessions=$(RAPPORT_DATA_DIR="$data" "$bin" progress --format json 2>>"$errors" | python3 -c 'import json,sys; print(sum(r["sessions"] for r in json.load(sys.stdin)))' || echo 0)
    if [[ $ok -ne 1 || "$sessions" != 2 ]]; then
        failed=$((failed + 1))
        echo "round $i: failed (sessions recorded: $sessions): $(head -c 300 "$errors")" >&2
    fi
    rm -rf "$data" "$errors"
done
echo "race-new-store: $rounds rounds, $failed failed"
[[ $failed -eq 0 ]]
