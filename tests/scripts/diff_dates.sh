#!/bin/sh
# diff_dates.sh POLSIM ROOT: `polsim diff` compares the ends of the two
# timelines, so a dated policy moved to another date is a changed date, and
# one added inside a scenario is listed with its date.
set -eu
POLSIM=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "diff_dates: $*"; exit 1; }
cat >"$tmp/a.pol" <<'POL'
define vendor tv { origin: TUS }
define market TM { budget: $100M }
define chip TA { vendor: tv; fp16: 100 TFLOPS; price: $10k; supply: 8000 units }
on 2025-04-01 ban export of chip TA to TM
scenario s {}
POL
cat >"$tmp/b.pol" <<'POL'
define vendor tv { origin: TUS }
define market TM { budget: $100M }
define chip TA { vendor: tv; fp16: 100 TFLOPS; price: $10k; supply: 8000 units }
on 2025-05-01 ban export of chip TA to TM
scenario s {
  on 2026-01-01 ban chip TA in TM
}
POL
rc=0
(cd "$tmp" && "$POLSIM" diff --no-prelude a.pol b.pol) >"$tmp/out" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || fail "exit $rc: $(cat "$tmp/out")"
cat >"$tmp/want" <<'TXT'
policies:
  policy changed (main): ban export of chip TA to TM (from 2025-05-01): date 2025-04-01 → 2025-05-01   [b.pol:4]
scenarios:
  scenario s: policy added: ban chip TA in TM (from 2026-01-01)   [b.pol:6]
TXT
diff -u "$tmp/want" "$tmp/out" || fail "output differs"
exit 0
