#!/bin/sh
# diff_unknown.sh POLSIM ROOT: `polsim diff` reports a policy whose choice for
# unknown figures changed (`unknown passes` added), with exit status 1.
set -u
POLSIM=$1
D=$2/tests/diff
out=$(cd "$D" && "$POLSIM" diff unknown_a.pol unknown_b.pol)
st=$?
[ "$st" -eq 1 ] || { echo "FAIL: exit $st, wanted 1"; exit 1; }
[ "$out" = "$(cat "$D/unknown.out")" ] || { echo "FAIL: output differs:"; echo "$out"; exit 1; }
# the same file: no difference, exit 0
(cd "$D" && "$POLSIM" diff unknown_b.pol unknown_b.pol) >/dev/null || { echo "FAIL: identical files differ"; exit 1; }
exit 0
