#!/bin/sh
# depth_after_error.sh POLSIM: the nesting limit (1000: a flat sum of 1000
# terms is the deepest expression) is the same after an error as before it:
# a piped session (polsim -i) that fails a statement still sums 1000 ones,
# and still refuses 1001.
set -u
POLSIM=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
terms() { i=1; s=1; while [ "$i" -lt "$1" ]; do s="$s + 1"; i=$((i + 1)); done; echo "$s"; }
{
    echo "print no_such_name"
    echo "print $(terms 1000)"
    echo "print no_such_name"
    echo "print $(terms 1001)"
    echo "print $(terms 1000)"
} >"$tmp/script"
(cd "$tmp" && "$POLSIM" --color=never --no-prelude -i <"$tmp/script" >"$tmp/out" 2>"$tmp/err")
[ "$(cat "$tmp/out")" = "1000
1000" ] || { echo "FAIL depth_after_error.sh: expected 1000 twice, got: $(cat "$tmp/out") $(cat "$tmp/err")"; exit 1; }
[ "$(grep -c 'expression nested more than 1000 deep' "$tmp/err")" -eq 1 ] ||
    { echo "FAIL depth_after_error.sh: the 1001 terms should fail once: $(cat "$tmp/err")"; exit 1; }
exit 0
