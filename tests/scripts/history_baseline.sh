#!/bin/sh
# history_baseline.sh POLSIM ROOT: with the real stdlib, a file with no
# policy runs in the recorded world (stdlib/history.pol) at the end of its
# timeline, and --no-history gives the policy-free world: the issue's own
# example, units(B200, CN), is 0 in the first and positive in the second,
# and China's domestic share 100% and under half.
set -eu
POLSIM=$1
fail() { echo "history_baseline: $*"; exit 1; }
got=$("$POLSIM" -e 'print units(B200, CN), CN.domestic_share')
[ "$got" = "0 100%" ] || fail "baseline: $got"
got=$("$POLSIM" --no-history -e 'print units(B200, CN) > 0, CN.domestic_share < 50%')
[ "$got" = "true true" ] || fail "--no-history: $got"
# the provenance names the last recorded date; not with --no-history
"$POLSIM" --provenance -e 'print 1' | tail -n 1 | grep -q ' · history to 2026-10-01 · ' ||
    fail "provenance: $("$POLSIM" --provenance -e 'print 1' | tail -n 1)"
"$POLSIM" --no-history --provenance -e 'print 1' | tail -n 1 | grep -q 'history to' &&
    fail "--no-history provenance names a history"
# explain names the recorded decision, its line in history.pol and its date
"$POLSIM" -e 'explain RTXPro6000D in CN' | grep -q 'blocks ban chip RTXPro6000D in CN: CN bans it on import  \[<stdlib>/history.pol:[0-9]*, on 2025-09-17\]' ||
    fail "explain: $("$POLSIM" -e 'explain RTXPro6000D in CN')"
exit 0
