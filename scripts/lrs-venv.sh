#!/usr/bin/env bash
# Prepares (once) a Python virtualenv with Ralph, the xAPI Learning Record Store that
# tests/lrs.rs starts on loopback, and prints the path of its Python.
# The virtualenv lives in ~/.cache/rapport (or $RAPPORT_CACHE) and is reused.
set -euo pipefail
ralph="ralph-malph[lrs,cli]==5.1.0"
cache="${RAPPORT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rapport}"
venv="$cache/ralph-5.1.0"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import ralph, bcrypt, requests" 2>/dev/null; then
    mkdir -p "$cache"
    rm -rf "$venv"
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
        # Debian and Ubuntu ship venv separately.
        sudo=""
        if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
        echo "Installing OS packages: python3-venv" >&2
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
        rm -rf "$venv"
        python3 -m venv "$venv"
    fi
    echo "Installing Ralph LRS for the sync tests into $venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$ralph" requests bcrypt >&2
fi
echo "$venv/bin/python"
