#!/bin/sh
# no_history.sh POLSIM ROOT: the stdlib's dated statements are its history;
# `--no-history` and `scenario NAME without history` leave them out (the
# definitions stay), while a file's own dated statements still apply; the
# provenance line names the last date of the history in force. The stdlib
# here is an invented one (--stdlib), so the test does not follow the real
# history's figures.
set -eu
POLSIM=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "no_history: $*"; exit 1; }
mkdir "$tmp/lib"
cat >"$tmp/lib/prelude.pol" <<'POL'
# data: 2026-01-01
define vendor hv { origin: HUS; ecosystem: hcuda }
define market HCN { budget: $40M; incumbent: hcuda }
define chip HA { vendor: hv; fp16: 100 TFLOPS; price: $10k; supply: 4000 units }
on 2025-04-09 ban export of chip HA to HCN
on 2025-08-11 {
  lift ban export of chip HA to HCN
  apply tariff share 15% on hv sales to HCN
}
POL
cat >"$tmp/s.pol" <<'POL'
print available(HA, HCN) at 2025-05-01, levy(HUS) at 2025Q4
on 2026-01-01 ban chip HA in HCN
print available(HA, HCN) at 2025Q3, available(HA, HCN)
scenario blank without history {
  print available(HA, HCN) at 2025Q2, levy(HUS) at 2025Q4, available(HA, HCN)
}
POL
"$POLSIM" --stdlib "$tmp/lib" --provenance "$tmp/s.pol" >"$tmp/with" 2>&1 || fail "run: $(cat "$tmp/with")"
# 2025Q4: 1000 units a quarter at $10k, a 15% share: $1.5M of levy
printf 'false $1.5M\nfalse false\ntrue $0 false\n' >"$tmp/want"
head -n 3 "$tmp/with" | diff -u "$tmp/want" - || fail "with history"
tail -n 1 "$tmp/with" | grep -q '^# polsim .* · stdlib data 2026-01-01 · history to 2025-08-11 · files ' ||
    fail "provenance: $(tail -n 1 "$tmp/with")"
"$POLSIM" --stdlib "$tmp/lib" --no-history --provenance "$tmp/s.pol" >"$tmp/without" 2>&1 ||
    fail "run --no-history: $(cat "$tmp/without")"
printf 'true $0\ntrue false\ntrue $0 false\n' >"$tmp/want"
head -n 3 "$tmp/without" | diff -u "$tmp/want" - || fail "--no-history"
tail -n 1 "$tmp/without" | grep -q '· stdlib data 2026-01-01 · files ' || fail "provenance with --no-history: $(tail -n 1 "$tmp/without")"
exit 0
