#!/usr/bin/env bash
# The whole test suite, as CI runs it (installs any OS packages it needs first).
set -euo pipefail
cd "$(dirname "$0")"
scripts/os-deps.sh test
# A real xAPI Learning Record Store (Ralph) for the `rapport sync` tests; they fail without it.
RAPPORT_RALPH_PYTHON="$(scripts/lrs-venv.sh)"
export RAPPORT_RALPH_PYTHON RAPPORT_REQUIRE_LRS=1
# The engine and `check`, `play`, `analyze`, `graph` build and pass with no store and no Bevy…
cargo test --no-default-features --locked
# …the store and the progress commands too, still without Bevy…
cargo test --no-default-features --features store,dev --locked
# …and everything, the app included. (`rapport check` on the shipped scenarios, their test
# plans included, runs inside this suite: tests/cli.rs and tests/shipped_scenarios.rs.)
cargo test --features dev --locked
# …and `./run.sh` afterwards must reuse that build, not compile Bevy a second time.
scripts/check-one-build.py
