#!/usr/bin/env bash
# The whole test suite, as CI runs it (installs any OS packages it needs first).
set -euo pipefail
cd "$(dirname "$0")"
scripts/os-deps.sh test
# The engine, CLI and store must build and pass without Bevy…
cargo test --no-default-features --locked
# …and everything with it.
cargo test --locked
# Every shipped scenario passes the checker, its test plans included.
cargo run --quiet --locked -- check scenarios
