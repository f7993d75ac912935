#!/bin/sh
# draws_keyed.sh POLSIM ROOT: a distribution written in a metric draws by
# its file and place (docs/language.md, Sweeps and simulations), whatever
# the statements before it read: two files of the same name and length,
# one whose earlier simulation reads a let's distribution (keyed by the
# let's name) and one whose does not, print the same summary for the same
# later metric.
set -eu
POLSIM=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "draws_keyed: $*"; exit 1; }
mkdir "$tmp/a" "$tmp/b"
printf 'let u = uniform(0, 1)\nsimulate 50 runs seed 3 on u\nsimulate 50 runs seed 3 on uniform(0, 1)\n' >"$tmp/a/f.pol"
printf 'let u = uniform(0, 1)\nsimulate 50 runs seed 3 on 0\nsimulate 50 runs seed 3 on uniform(0, 1)\n' >"$tmp/b/f.pol"
(cd "$tmp/a" && "$POLSIM" --color=never --no-prelude f.pol) >"$tmp/a.out" || fail "a: exit $?"
(cd "$tmp/b" && "$POLSIM" --color=never --no-prelude f.pol) >"$tmp/b.out" || fail "b: exit $?"
a=$(tail -n 1 "$tmp/a.out")
b=$(tail -n 1 "$tmp/b.out")
case $a in "uniform(0, 1): p5 "*) ;; *) fail "no summary: $a" ;; esac
[ "$a" = "$b" ] || fail "the metric's draws moved with what an earlier statement read:
  $a
  $b"
echo "draws_keyed: ok"
