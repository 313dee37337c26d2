#!/usr/bin/env bash
# Kill -9 soak: the crash test's writer killed at random moments KILLS times (default 1000),
# the store checked after every kill (integrity, every acknowledged session whole and replaying
# to its score, mastery counting exactly the stored sessions). CI runs the same test with 12.
# Usage: scripts/soak-crash.sh [KILLS]
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-1000}"
start=$(date +%s)
# Its own target folder: another build replacing target/debug/rapport mid-soak would kill it.
CARGO_TARGET_DIR="${SOAK_TARGET_DIR:-target/soak}" RAPPORT_CRASH_KILLS="$kills" cargo test --locked --no-default-features --features store,dev \
    --test crash killing_the_writer_mid_write_never_loses_a_recorded_session -- --exact --nocapture
echo "soak-crash: $kills kills in $(( $(date +%s) - start )) s"
