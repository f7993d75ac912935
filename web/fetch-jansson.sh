#!/bin/sh
# fetch-jansson.sh DIR: jansson's sources for the browser build (make wasm),
# from Debian's source package, into DIR/jansson-src, with Debian's patches
# applied. apt-get reads a sources file of its own (DIR/apt) and keeps its
# lists there: the system's apt configuration is neither read nor changed,
# and root is not needed. apt-get checks the files against the signed index
# (debian-archive-keyring). Everything it writes stays under DIR.
# JANSSON_SUITE picks the Debian release (default bookworm: jansson 2.14),
# JANSSON_MIRROR the archive (default http://deb.debian.org/debian).
set -eu
dir=$(mkdir -p "$1" && cd "$1" && pwd)
suite=${JANSSON_SUITE:-bookworm}
mirror=${JANSSON_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
fail() {
    echo "make wasm: cannot download jansson's sources from $mirror ($*): run it again with the network," \
        "or give them: make wasm JANSSON_SRC=DIR (DIR/src/jansson.h: upstream jansson 2.14)" >&2
    exit 1
}
command -v apt-get >/dev/null 2>&1 || fail "no apt-get"
[ -f "$keyring" ] || fail "no $keyring (Debian package debian-archive-keyring)"
mkdir -p "$dir/apt/lists/partial" "$dir/apt/parts" "$dir/apt/cache" "$dir/src"
printf '%s\n' 'Types: deb-src' "URIs: $mirror" "Suites: $suite" 'Components: main' \
    "Signed-By: $keyring" >"$dir/apt/parts/src.sources"
# as root apt downloads as user _apt, which may not reach DIR: download as root
sandbox=""
[ "$(id -u)" = 0 ] && sandbox="-o APT::Sandbox::User=root"
apt() {
    # shellcheck disable=SC2086
    apt-get -q=2 -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$dir/apt/parts" \
        -o Dir::State::Lists="$dir/apt/lists" -o Dir::Cache="$dir/apt/cache" $sandbox "$@"
}
apt update >"$dir/apt/update.log" 2>&1 && ! grep -q '^[WE]:' "$dir/apt/update.log" ||
    fail "apt-get update: $(grep -m1 '^[WE]:' "$dir/apt/update.log" || tail -n 1 "$dir/apt/update.log")"
rm -f "$dir"/src/jansson_*
(cd "$dir/src" && apt source --download-only jansson >"$dir/apt/source.log" 2>&1) ||
    fail "apt-get source: $(tail -n 1 "$dir/apt/source.log")"
dsc=$(ls "$dir"/src/jansson_*.dsc)
rm -rf "$dir/jansson-src" "$dir/jansson-src.tmp"
if command -v dpkg-source >/dev/null 2>&1; then
    # --no-check: apt-get has checked the files' hashes against the signed
    # index; dpkg-source would look for the uploader's key in a user keyring
    dpkg-source -q --no-check -x "$dsc" "$dir/jansson-src.tmp" >/dev/null
    rm -f "$dir"/jansson_*.orig.tar.* # dpkg-source's link beside the folder
else # the orig tarball, then debian/patches/series in order
    mkdir -p "$dir/jansson-src.tmp"
    tar -xzf "$dir"/src/jansson_*.orig.tar.gz -C "$dir/jansson-src.tmp" --strip-components=1
    tar -xJf "$dir"/src/jansson_*.debian.tar.xz -C "$dir/jansson-src.tmp"
    series="$dir/jansson-src.tmp/debian/patches/series"
    if [ -f "$series" ]; then
        grep -v '^[[:space:]]*\(#\|$\)' "$series" | while read -r p _; do
            patch -s -p1 -d "$dir/jansson-src.tmp" <"$dir/jansson-src.tmp/debian/patches/$p"
        done
    fi
fi
[ -f "$dir/jansson-src.tmp/src/jansson.h" ] || fail "no src/jansson.h in $dsc"
mv "$dir/jansson-src.tmp" "$dir/jansson-src"
echo "  FETCH   jansson $(sed -n 's/^Version: //p' "$dsc") (Debian $suite) into $dir/jansson-src"
