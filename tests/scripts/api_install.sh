#!/bin/sh
# api_install.sh POLSIM ROOT: `make install PREFIX=tmp` installs libpolsim
# usably: the header, the static and shared libraries and polsim.pc, so that
# `pkg-config --cflags --libs polsim` builds the C example against the
# shared library (run with LD_LIBRARY_PATH) and `pkg-config --static` against
# the static one; both print what the in-tree example prints. DESTDIR is
# honoured (polsim.pc names PREFIX, not the staging folder); make uninstall
# removes the library's files.
set -u
ROOT=$(cd "$2" && pwd)
BUILD=$(cd "$(dirname "$1")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "api_install: $*"; exit 1; }
command -v pkg-config >/dev/null || fail "pkg-config is missing (Debian package pkg-config; scripts/setup.sh installs it)"
CC=${CC:-cc}
SAN=""
if nm "$BUILD/libpolsim.a" 2>/dev/null | grep -q '__asan_'; then SAN="-fsanitize=address,undefined"; fi
p="$tmp/prefix"
make -s -C "$ROOT" BUILD="$BUILD" PREFIX="$p" DESTDIR= install >"$tmp/make.out" 2>&1 || fail "make install: $(cat "$tmp/make.out")"
for f in include/polsim.h lib/libpolsim.a lib/libpolsim.so.1 lib/libpolsim.so lib/pkgconfig/polsim.pc; do
    [ -e "$p/$f" ] || fail "$f not installed"
done
export PKG_CONFIG_PATH="$p/lib/pkgconfig"
flags=$(pkg-config --cflags --libs polsim) || fail "pkg-config --cflags --libs polsim failed"
flags=$(echo $flags)
[ "$flags" = "-I$p/include -L$p/lib -lpolsim" ] || fail "pkg-config gives '$flags'"
pkg-config --modversion polsim | grep -qx '[0-9][0-9.]*' || fail "polsim.pc has no version"

# shared: the header and library found through pkg-config alone
# shellcheck disable=SC2086
$CC -std=c11 $SAN -Wall -Wextra -Werror -o "$tmp/ex_shared" "$ROOT/examples/c/example.c" $flags || fail "the example does not build against the installed shared library"
readelf -d "$tmp/ex_shared" | grep -q 'NEEDED.*libpolsim.so.1' || fail "the example is not linked to libpolsim.so.1"
LD_LIBRARY_PATH="$p/lib" "$tmp/ex_shared" >"$tmp/shared.out" 2>&1 || fail "the example against the shared library: $(cat "$tmp/shared.out")"
"$BUILD/examples/c/example" >"$tmp/intree.out" 2>&1
cmp -s "$tmp/intree.out" "$tmp/shared.out" || fail "the shared build prints otherwise: $(diff "$tmp/intree.out" "$tmp/shared.out")"
# static: --static adds what the library needs
# shellcheck disable=SC2086
$CC -std=c11 $SAN -o "$tmp/ex_static" "$ROOT/examples/c/example.c" $(pkg-config --cflags polsim) "$p/lib/libpolsim.a" \
    $(pkg-config --static --libs-only-l polsim | sed 's/-lpolsim//') || fail "the example does not build against the static library"
readelf -d "$tmp/ex_static" | grep -q 'libpolsim' && fail "the static example needs libpolsim.so"
"$tmp/ex_static" >"$tmp/static.out" 2>&1 || fail "the static example: $(cat "$tmp/static.out")"
cmp -s "$tmp/intree.out" "$tmp/static.out" || fail "the static build prints otherwise"

# DESTDIR: files under it, polsim.pc names the prefix
make -s -C "$ROOT" BUILD="$BUILD" PREFIX=/usr DESTDIR="$tmp/stage" install >"$tmp/make.out" 2>&1 || fail "make install DESTDIR: $(cat "$tmp/make.out")"
grep -qx 'prefix=/usr' "$tmp/stage/usr/lib/pkgconfig/polsim.pc" || fail "polsim.pc under DESTDIR: $(cat "$tmp/stage/usr/lib/pkgconfig/polsim.pc")"
[ -f "$tmp/stage/usr/lib/libpolsim.so.1" ] || fail "DESTDIR not honoured for the library"

make -s -C "$ROOT" BUILD="$BUILD" PREFIX="$p" DESTDIR= uninstall >"$tmp/make.out" 2>&1 || fail "make uninstall: $(cat "$tmp/make.out")"
left=$(find "$p" -name '*polsim*')
[ -z "$left" ] || fail "make uninstall left: $left"
echo "api_install: pkg-config gives '$flags'; the example runs against the installed shared and static libraries"
