#!/usr/bin/env python3
"""One build: after `cargo test`, building the app must compile nothing but Rapport itself.

Runs `cargo build --bin rapport` (what ./run.sh runs) and reads cargo's JSON messages: any
dependency that was compiled rather than found fresh means the dev-dependencies gave the test build
a different feature set, and every crate above the difference is being built twice. Names the
crates, so the Cargo.toml comment on "One build" can be updated.
"""
import json
import subprocess
import sys

cmd = ["cargo", "build", "--locked", "--bin", "rapport", "--message-format", "json"]
out = subprocess.run(cmd, stdout=subprocess.PIPE, check=True, text=True).stdout
rebuilt = sorted(
    {
        m["target"]["name"] + " " + m["package_id"].rsplit("#", 1)[-1]
        for m in map(json.loads, out.splitlines())
        if m.get("reason") == "compiler-artifact"
        and not m["fresh"]
        and not m["package_id"].startswith("path+")
    }
)
if rebuilt:
    print("one build: `cargo build` after `cargo test` compiled these dependencies again:", file=sys.stderr)
    for name in rebuilt:
        print("  " + name, file=sys.stderr)
    print("Their features differ between the two builds; see \"One build\" in Cargo.toml.", file=sys.stderr)
    sys.exit(1)
print("one build: `cargo build` after `cargo test` reused every dependency")
