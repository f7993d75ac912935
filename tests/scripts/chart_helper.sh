#!/bin/sh
# chart_helper.sh POLSIM ROOT: the statically linked polsim draws its SVG and
# PNG charts through the chart helper polsim-chart (src/report/chart_remote.c).
# It is found beside polsim or in ../libexec/polsim; without it, or when it
# fails (a message, no message, a signal, no chart), the plot is an error
# with the reason, exit 66 (an input/output error), and the file already there is left whole; a
# chart on the terminal needs no helper. A build that draws in process (the
# sanitizer builds) has no helper: nothing to check.
set -eu
POLSIM=$1
HELPER="$(dirname "$POLSIM")/polsim-chart"
[ -x "$HELPER" ] || { echo "chart_helper: $POLSIM draws in process"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "chart_helper: $*"; exit 1; }
cd "$tmp"
mkdir -p bin libexec/polsim solo/alone
cp "$POLSIM" bin/polsim
cp "$POLSIM" solo/alone/polsim
cp "$HELPER" libexec/polsim/polsim-chart
PLOT='plot compare H100, H20 on fp16 to "c.svg"'

# found in ../libexec/polsim from the program
bin/polsim -e "$PLOT" >out 2>err || fail "libexec: $(cat err)"
grep -q '<svg' c.svg || fail "libexec: no SVG in c.svg"

cp c.svg old.svg
# no helper: an error with the reason, status 1, the old file untouched; the terminal chart still drawn
set +e
solo/alone/polsim -e "$PLOT" >out 2>err
rc=$?
set -e
[ "$rc" -eq 66 ] || fail "no helper: status $rc"
grep -q "error: charts need the chart helper polsim-chart" err || fail "no helper: $(cat err)"
cmp -s c.svg old.svg || fail "no helper: c.svg changed"
solo/alone/polsim -e 'plot compare H100, H20 on fp16' >out 2>err || fail "terminal chart: $(cat err)"
grep -q 'H100' out || fail "terminal chart: $(cat out)"

# a helper that fails: its message, a signal, silence, an empty answer
check_helper() { # check_helper SCRIPT-BODY EXPECTED-MESSAGE
    printf '#!/bin/sh\n%s\n' "$1" >solo/alone/polsim-chart
    chmod +x solo/alone/polsim-chart
    set +e
    solo/alone/polsim -e "$PLOT" >out 2>err
    rc=$?
    set -e
    [ "$rc" -eq 66 ] || fail "helper '$1': status $rc"
    grep -q "error: $2" err || fail "helper '$1': $(cat err)"
    cmp -s c.svg old.svg || fail "helper '$1': c.svg changed"
}
check_helper 'cat >/dev/null; echo "cairo is broken" >&2; exit 1' 'cairo is broken'
check_helper 'kill -SEGV $$' 'the chart helper .*/solo/alone/polsim-chart died of signal 11'
check_helper 'exit 3' 'the chart helper .* failed (exit status 3) with no message'
check_helper 'exit 0' 'the chart helper .* gave no chart'
exit 0
