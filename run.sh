#!/usr/bin/env bash
# Runs Rapport (installing any OS packages it needs first). Arguments go to `rapport`.
set -euo pipefail
cd "$(dirname "$0")"
scripts/os-deps.sh build
exec cargo run --quiet -- "$@"
