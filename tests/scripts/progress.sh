#!/bin/sh
# progress.sh POLSIM ROOT: a study's progress line ("sweep: 1280/250000
# points") goes to stderr only when stderr is a terminal and the study has
# run a second; a study that ends sooner prints nothing there, and a shown
# line is cleared at the end. The terminal is util-linux's `script`, whose
# typescript holds what the terminal received (stdout goes to a file).
set -eu
POLSIM=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "progress: $*"; exit 1; }
command -v script >/dev/null 2>&1 || { echo "progress: skipped (no script command)"; exit 0; }
study() { # study FILE POINTS
    printf 'sweep b from 1 GB/s to %s GB/s step 1 GB/s {\n  cap bandwidth b on exports to CN\n} on CN.compute\n' "$2" >"$1"
}
on_tty() { # on_tty FILE: stderr of polsim FILE as a terminal saw it, in $tmp/tty
    script -qec "\"$POLSIM\" --color=never \"$1\" >\"$tmp/out\"" "$tmp/tty" >/dev/null
    grep -v '^Script \(started\|done\)' "$tmp/tty" >"$tmp/seen" || true
}

# 512 points (two progress checks, at 256 and 512) finish well inside a second.
study "$tmp/short.pol" 512
on_tty "$tmp/short.pol"
[ "$(grep -c '^point' "$tmp/out")" -eq 512 ] || fail "the short sweep should print 512 points"
if grep -q 'points' "$tmp/seen"; then
    fail "a sweep that ends within a second printed a progress line: $(tr '\r' '\n' <"$tmp/seen" | head -n 3)"
fi

ms() { date +%s%3N; }
# Not on a terminal: never, however long the study.
study "$tmp/long.pol" 250000
start=$(ms)
"$POLSIM" --color=never "$tmp/long.pol" >/dev/null 2>"$tmp/err"
[ ! -s "$tmp/err" ] || fail "stderr is a file, yet polsim wrote to it: $(head -c 200 "$tmp/err")"
echo "progress: the long sweep took $(($(ms) - start)) ms off a terminal"

# Long enough (timed here, so a fast machine is not a failure): the line
# appears, counts points, and is erased at the end.
start=$(ms)
on_tty "$tmp/long.pol"
took=$(($(ms) - start))
if [ "$took" -ge 1500 ]; then
    grep -q 'sweep: [0-9]*/250000 points' "$tmp/seen" || fail "a ${took} ms sweep on a terminal showed no progress line"
    tail -c 4 "$tmp/seen" | od -An -c | grep -q '033' || fail "the progress line was not cleared at the end"
else
    echo "progress: the long sweep took ${took} ms here, under 1500: its line is not checked"
fi
