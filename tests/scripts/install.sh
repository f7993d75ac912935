#!/bin/sh
# install.sh POLSIM ROOT: `make install PREFIX=tmp` puts the binary and
# its chart helper, the manual page and the editor files in
# place; the installed polsim runs and draws a PNG chart, and `man -l`
# renders the page (`mandoc -T lint` too, where installed); DESTDIR is
# honoured; `make uninstall` leaves no polsim file behind.
set -eu
ROOT=$(cd "$2" && pwd)
BUILD=$(cd "$(dirname "$1")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "install: $*"; exit 1; }
command -v man >/dev/null || fail "man is missing (Debian package man-db; scripts/setup.sh installs it)"
p="$tmp/prefix"
make -s -C "$ROOT" BUILD="$BUILD" PREFIX="$p" install >"$tmp/make.out" 2>&1 || fail "make install: $(cat "$tmp/make.out")"

"$p/bin/polsim" --version | grep -qx 'polsim [0-9][0-9.]*' || fail "installed polsim --version: $("$p/bin/polsim" --version)"
[ "$("$p/bin/polsim" -e 'print 6 * 7')" = 42 ] || fail "the installed polsim does not run"
# its charts: drawn in process, or by the chart helper installed in libexec/polsim
(cd "$tmp" && "$p/bin/polsim" -e 'plot compare H100, H20 on fp16 to "c.png"' >/dev/null 2>"$tmp/plot.err") \
    || fail "the installed polsim draws no chart: $(cat "$tmp/plot.err")"
[ -s "$tmp/c.png" ] || fail "the installed polsim wrote no c.png"
page="$p/share/man/man1/polsim.1"
[ -f "$page" ] || fail "no manual page at $page"
version=$("$p/bin/polsim" --version | sed 's/^polsim //')
grep -qx ".Os polsim $version" "$page" || fail "the manual page is not for polsim $version (its .Os line)"
MANWIDTH=80 man -P cat -l "$page" >"$tmp/man.out" 2>"$tmp/man.err" || fail "man -l failed: $(cat "$tmp/man.err")"
[ ! -s "$tmp/man.err" ] || fail "man -l warned: $(cat "$tmp/man.err")"
for want in 'polsim' 'SYNOPSIS' 'EXIT STATUS' '--provenance' 'POLSIM_STDLIB' 'XDG_STATE_HOME' 'polsim fmt' 'polsim diff'; do
    grep -q -- "$want" "$tmp/man.out" || fail "the manual page lacks '$want'"
done
# every option of --help is in the page
for opt in $("$p/bin/polsim" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -q -- "$opt" "$tmp/man.out" || fail "the manual page does not describe $opt"
done
if command -v mandoc >/dev/null; then mandoc -T lint -W warning "$page" || fail "mandoc -T lint"; fi

for f in syntax ftdetect ftplugin; do
    [ -f "$p/share/vim/vimfiles/$f/polsim.vim" ] || fail "vim $f file not installed"
done
for f in package.json language-configuration.json syntaxes/polsim.tmLanguage.json; do
    cmp -s "$ROOT/editor/vscode/$f" "$p/share/polsim/vscode/$f" || fail "vscode $f not installed"
done

# DESTDIR: the same tree under it, PREFIX as given
make -s -C "$ROOT" BUILD="$BUILD" PREFIX=/usr DESTDIR="$tmp/stage" install >"$tmp/make.out" 2>&1 || fail "make install DESTDIR: $(cat "$tmp/make.out")"
[ -x "$tmp/stage/usr/bin/polsim" ] && [ -f "$tmp/stage/usr/share/man/man1/polsim.1" ] || fail "DESTDIR not honoured"

make -s -C "$ROOT" BUILD="$BUILD" PREFIX="$p" uninstall >"$tmp/make.out" 2>&1 || fail "make uninstall: $(cat "$tmp/make.out")"
left=$(find "$p" -name '*polsim*')
[ -z "$left" ] || fail "make uninstall left: $left"
[ -n "$(find "$p" -type d)" ] || fail "the prefix itself is gone"
echo "install: $(find "$tmp/stage" -type f | wc -l) files installed under DESTDIR; install and uninstall under PREFIX clean"
