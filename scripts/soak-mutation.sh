#!/usr/bin/env bash
# Mutation soak: COUNT (default 1,000,000) mutants of the shipped scenarios and tracks, in chunks
# run two at a time, each through check, analyze, graph and a scripted play (tests/mutation.rs).
# Zero panics, hangs or deaths by signal is the bar. A panic or hang saves its input under
# target/soak-mutation/tmp/mutation-failures/; a chunk killed by a signal is re-run seed by seed
# from where it got to, and the seed that kills it saved the same way. Copy what is saved into
# tests/regressions/ to keep it as a test.
# Usage: scripts/soak-mutation.sh [COUNT] [FIRST_SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-1000000}"
first="${2:-1000000}"
chunk=50000
export CARGO_TARGET_DIR="${SOAK_TARGET_DIR:-target/soak-mutation}"
cargo test --locked --release --no-default-features --test mutation --no-run
bin=$(ls -t "$CARGO_TARGET_DIR"/release/deps/mutation-* | grep -v '\.d$' | head -1)
failures="$CARGO_TARGET_DIR/tmp/mutation-failures"
start=$(date +%s)
run_chunk() {
    local from=$1 n=$2
    if RAPPORT_MUTATION_SEED=$from RAPPORT_MUTATIONS=$n "$bin" mutated_scenarios_and_tracks_never_panic_hang_or_crash --exact --nocapture \
        > "$failures/chunk-$from.log" 2>&1 && grep "mutants from" "$failures/chunk-$from.log"; then
        return 0
    fi
    local code=$?
    grep "mutants from\|saved" "$failures/chunk-$from.log" || true
    if [[ $code -gt 128 ]]; then
        # Died by a signal: find the seed, from the last one it wrote down.
        local at
        at=$(cat "$failures/current-seed-$from" 2>/dev/null || echo "$from")
        echo "chunk $from died by signal $((code - 128)) near seed $at; finding the seed"
        for ((s = at; s < from + n; s++)); do
            if ! RAPPORT_MUTATION_SAVE=1 RAPPORT_MUTATION_SEED=$s RAPPORT_MUTATIONS=1 "$bin" \
                mutated_scenarios_and_tracks_never_panic_hang_or_crash --exact >/dev/null 2>&1; then
                echo "seed $s kills the process: $failures/signal-$s.*"
                break
            fi
            rm -f "$failures"/signal-"$s".*
        done
    fi
    return 1
}
mkdir -p "$failures"
failed=0
pids=()
for ((from = first; from < first + count; from += chunk)); do
    n=$(( first + count - from < chunk ? first + count - from : chunk ))
    run_chunk "$from" "$n" &
    pids+=($!)
    if (( ${#pids[@]} == 2 )); then
        wait "${pids[0]}" || failed=$((failed + 1))
        pids=("${pids[1]}")
    fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
echo "soak-mutation: $count mutants from seed $first in $(( $(date +%s) - start )) s; $failed chunk(s) failed"
[[ $failed -eq 0 ]]
