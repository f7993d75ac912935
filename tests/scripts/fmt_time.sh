#!/bin/sh
# fmt_time.sh POLSIM ROOT: `polsim fmt` lays out the time statements: a
# dated one-line definition stays on one line, an `on DATE { ... }` block is
# indented like a scenario body, and at, during, series, add and `without
# history` keep their words; formatted text is a fixed point.
set -eu
POLSIM=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cat >"$tmp/in.pol" <<'POL'
on 2026-01-01   redefine market CN like CN { budget: $40B }
on 2025-08-11 {
license chip H20 to CN
    add 300k units of H20 to stock
}
scenario blank without history {print CN.units at 2025Q3,CN.units during 2025}
series CN.units,levy(US) from 2025Q1 to 2026 by year
POL
cat >"$tmp/want.pol" <<'POL'
on 2026-01-01 redefine market CN like CN { budget: $40B }
on 2025-08-11 {
  license chip H20 to CN
  add 300k units of H20 to stock
}
scenario blank without history {
  print CN.units at 2025Q3, CN.units during 2025
}
series CN.units, levy(US) from 2025Q1 to 2026 by year
POL
"$POLSIM" fmt - <"$tmp/in.pol" >"$tmp/out.pol"
diff -u "$tmp/want.pol" "$tmp/out.pol" || { echo "fmt_time: layout differs"; exit 1; }
"$POLSIM" fmt - <"$tmp/out.pol" | diff -u "$tmp/out.pol" - || { echo "fmt_time: not a fixed point"; exit 1; }
exit 0
