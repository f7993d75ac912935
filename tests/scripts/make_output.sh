#!/bin/sh
# make_output.sh POLSIM ROOT: the Makefile's quiet output (its top says how):
# a step prints one short line ("  CC      .../arena.o") and not its command;
# `make V=1` prints the command; `make -s` prints nothing; a failing step
# (CC=false) prints its whole command after "failed:" and make fails. Builds
# one object into a temporary BUILD folder.
set -u
ROOT=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "make_output: $*"; exit 1; }
unset MAKEFLAGS MFLAGS MAKELEVEL V
obj=obj/support/arena.o
# build ARGS...: make the object afresh into $tmp/b; output in $tmp/out, status in rc
build() {
    rm -f "$tmp/b/$obj"
    (cd "$ROOT" && make BUILD="$tmp/b" "$@" "$tmp/b/$obj") >"$tmp/out" 2>&1
    rc=$?
}
build
[ "$rc" -eq 0 ] || fail "make failed (status $rc): $(cat "$tmp/out")"
grep -q "^  CC      $tmp/b/$obj\$" "$tmp/out" || fail "no short CC line: $(cat "$tmp/out")"
grep -q -- '-Wall' "$tmp/out" && fail "a command was printed without V=1: $(cat "$tmp/out")"
grep -q 'Entering directory' "$tmp/out" && fail "make printed directories: $(cat "$tmp/out")"
build V=1
[ "$rc" -eq 0 ] || fail "make V=1 failed (status $rc): $(cat "$tmp/out")"
grep -q -- "-Wall -Wextra -Werror .*-o $tmp/b/$obj src/support/arena.c" "$tmp/out" || fail "V=1 printed no command: $(cat "$tmp/out")"
grep -q '^  CC ' "$tmp/out" && fail "V=1 printed short lines: $(cat "$tmp/out")"
build -s
[ "$rc" -eq 0 ] && [ ! -s "$tmp/out" ] || fail "make -s printed something (status $rc): $(cat "$tmp/out")"
build CC=false
[ "$rc" -ne 0 ] || fail "make CC=false succeeded"
grep -q "^failed: false -std=c11 .*-o $tmp/b/$obj src/support/arena.c\$" "$tmp/out" || fail "a failing step did not print its command: $(cat "$tmp/out")"
build -s CC=false
[ "$rc" -ne 0 ] && grep -q "^failed: false " "$tmp/out" || fail "make -s CC=false: no failed command (status $rc): $(cat "$tmp/out")"
echo "make_output: ok"
