#!/usr/bin/env bash
# The pull benchmark of issue 11: a team's history of 100,000 statements (200 trainees x 10
# sessions x 50 statements) in Ralph, pulled into an empty store; then 1,000 new statements
# (20 sessions) and an incremental pull. Prints both times and statements per second.
# Ralph runs its file-system backend (the one available here), which re-reads its whole file
# for every page it serves: the figures are Rapport and that backend together.
# With APP=path/to/rapport (built with the app and `dev`), also opens the app on the Team screen
# under Xvfb, starts the same full pull from it, and logs frame times during the pull and without.
# Usage: scripts/bench-pull.sh [RAPPORT_BINARY]  (default: a release build in target/release)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/release/rapport}"
[[ -x "$bin" ]] || cargo build --release --no-default-features --features store,dev --bin rapport
work="$(mktemp -d)"
trap 'kill $ralph 2>/dev/null || true; rm -rf "$work"' EXIT
py="$(scripts/lrs-venv.sh)"
mkdir -p "$work/statements"
"$py" -c "import bcrypt, json, sys; json.dump([{'agent': {'mbox': 'mailto:b@example.com'}, 'scopes': ['all'], 'username': 'bench', 'hash': bcrypt.hashpw(b'bench', bcrypt.gensalt()).decode()}], open(sys.argv[1], 'w'))" "$work/auth.json"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RALPH_AUTH_FILE="$work/auth.json" RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH="$work/statements" \
    "$py" tests/support/ralph_lrs.py "$port" >"$work/ralph.log" 2>&1 &
ralph=$!
lrs="http://127.0.0.1:$port/xAPI/"
export RAPPORT_LRS_PASSWORD=bench RAPPORT_DATA_DIR="$work/none"
# One real session, as a trainee machine of team "bench" would send it: the template.
"$bin" --lang en lrs set "$lrs" --user bench --team bench --store "$work/template.sqlite3" >/dev/null
"$bin" store-stress interrupted-caller --trainee template --count 1 --store "$work/template.sqlite3" >/dev/null
"$bin" export --format xapi --store "$work/template.sqlite3" -o "$work/template.json"
file="$work/statements/fs_lrs.jsonl"
"$py" scripts/bench-pull.py "$work/template.json" "$file" 200 10 50 140
echo "LRS: $(wc -l <"$file") statements, $(du -h "$file" | cut -f1)"
until curl -sf -u bench:bench -H 'X-Experience-API-Version: 1.0.3' "${lrs}statements?limit=1" >/dev/null; do sleep 0.5; done
"$bin" --lang en lrs set "$lrs" --user bench --team bench --store "$work/trainer.sqlite3" >/dev/null
t0=$(date +%s.%N)
first=$(/usr/bin/time -f "%U %S" -o "$work/cpu" "$bin" --lang en pull --store "$work/trainer.sqlite3")
t1=$(date +%s.%N)
echo "full pull:        $first"
python3 -c "u,s=open('$work/cpu').read().split(); t=float($t1)-float($t0); print(f'  {t:.1f} s ({100000/t:,.0f} of the LRS statements/s, {2000/t:,.0f} sessions/s); Rapport itself used {float(u)+float(s):.1f} s of CPU, the rest is the LRS')"
"$py" scripts/bench-pull.py "$work/template.json" "$file" 20 1 50 1 --new
t0=$(date +%s.%N)
second=$(/usr/bin/time -f "%U %S" -o "$work/cpu" "$bin" --lang en pull --store "$work/trainer.sqlite3")
t1=$(date +%s.%N)
echo "incremental pull: $second"
python3 -c "u,s=open('$work/cpu').read().split(); print(f'  {float($t1)-float($t0):.1f} s; Rapport itself used {float(u)+float(s):.1f} s of CPU')"
sqlite3 "$work/trainer.sqlite3" "select count(*) || ' sessions, ' || count(distinct trainee_id) || ' trainees in the trainer store' from session" 2>/dev/null || true
if [[ -n "${APP:-}" ]]; then
    mkdir -p "$work/app"
    RAPPORT_DATA_DIR="$work/app" "$APP" --lang en lrs set "$lrs" --user bench --team bench >/dev/null
    RAPPORT_DATA_DIR="$work/app" RAPPORT_FRAME_STATS=1 RAPPORT_PULL_AT_START=1 RAPPORT_EXIT_AFTER_FRAMES=3000 \
        WGPU_BACKEND=vulkan xvfb-run -a -s "-screen 0 1280x720x24" "$APP" --screen team 2>&1 \
        | grep -E "frame time (during|after)" | sed 's/.*frame time/frame time/'
fi
