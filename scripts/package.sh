#!/usr/bin/env bash
# Release build and the packages a trainer installs, in dist/:
#   rapport-VERSION-x86_64-linux.tar.gz  bin/rapport and share/ (desktop entry, icon, docs):
#                                        unpack into ~/.local or /usr/local, or run bin/rapport
#   rapport_VERSION_amd64.deb            the same, installed under /usr by apt or dpkg
# The binary carries its scenarios, rulebook, tracks, fonts, sounds and interface tables: it
# needs nothing from this source tree once built.
# Usage: scripts/package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/os-deps.sh build
cargo build --release --locked
target="${CARGO_TARGET_DIR:-target}"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/rapport_${version}_${arch}"
install -Dm755 "$target/release/rapport" "$root/usr/bin/rapport"
install -Dm644 packaging/rapport.desktop "$root/usr/share/applications/rapport.desktop"
install -Dm644 assets/icons/rapport.svg "$root/usr/share/icons/hicolor/scalable/apps/rapport.svg"
doc="$root/usr/share/doc/rapport"
install -Dm644 README.md "$doc/README.md"
install -Dm644 LICENSE-MIT "$doc/LICENSE-MIT"
install -Dm644 LICENSE-APACHE "$doc/LICENSE-APACHE"
install -Dm644 assets/CREDITS.md "$doc/CREDITS.md"
install -Dm644 assets/fonts/Vazirmatn-OFL.txt "$doc/Vazirmatn-OFL.txt"
for f in docs/*.md; do install -Dm644 "$f" "$doc/docs/$(basename "$f")"; done
mkdir -p dist
tar -C "$root/usr" -czf "dist/rapport-$version-x86_64-linux.tar.gz" \
    --transform "s,^\.,rapport-$version," .
mkdir "$root/DEBIAN"
size=$(du -sk "$root/usr" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: rapport
Version: $version
Architecture: $arch
Maintainer: Rapport <rapport@example.org>
Installed-Size: $size
Depends: libc6 (>= 2.31), libgcc-s1, libasound2t64 | libasound2, libx11-6, libxcursor1, libxi6, libxrandr2, libxkbcommon-x11-0, libvulkan1, mesa-vulkan-drivers | vulkan-icd
Section: education
Priority: optional
Description: customer-service training simulator
 Staff practise scripted customer scenarios (phone, email, live chat, social
 media, in person), each choice scored against a rulebook of service rules and
 explained in a debrief; progress is kept per trainee for refreshers. English,
 Arabic and Persian.
CONTROL
dpkg-deb --root-owner-group --build "$root" "dist/rapport_${version}_${arch}.deb" >/dev/null
ls -l dist/
