#!/bin/sh
# chart_helper.sh POLSIM ROOT: polsim draws its SVG and PNG charts through
# the chart helper polsim-chart (src/report/chart_remote.c), in every build.
# It is found beside polsim or in ../libexec/polsim, and takes requests
# larger than a pipe holds, answers of any size, and many charts in one run.
# Without it, or when it fails (a message, no message, a signal, no chart),
# the plot is an error with the reason, exit 66 (an input/output error), and
# the file already there is left whole; a chart on the terminal needs no
# helper.
set -eu
POLSIM=$1
ROOT=$(cd "$2" && pwd)
HELPER="$(dirname "$POLSIM")/polsim-chart"
[ -x "$HELPER" ] || { echo "chart_helper: no polsim-chart beside $POLSIM"; exit 1; }
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

# a request larger than the socket's and the pipe's buffers (50,000 draws, 400 kB): sent whole
printf 'let u = uniform(1, 2)\nplot u over 50000 runs seed 7 to "h.png"\n' >h.pol
bin/polsim h.pol >out 2>err || fail "histogram: $(cat err)"
info=$(python3 "$ROOT/tests/scripts/png_info.py" h.png) || fail "histogram png: $info"
[ "${info%% *}" = 720 ] || fail "histogram png: $info"

cp c.svg old.svg
# plot_fails WHAT MESSAGE: the plot from solo/alone/polsim is an error with MESSAGE, exit 66, c.svg as it was
plot_fails() {
    set +e
    solo/alone/polsim -e "$PLOT" >out 2>err
    rc=$?
    set -e
    [ "$rc" -eq 66 ] || fail "$1: status $rc"
    grep -q "error: $2" err || fail "$1: $(cat err)"
    cmp -s c.svg old.svg || fail "$1: c.svg changed"
}

# no helper: an error with the reason; the terminal chart is still drawn
plot_fails "no helper" "charts need the chart helper polsim-chart"
solo/alone/polsim -e 'plot compare H100, H20 on fp16' >out 2>err || fail "terminal chart: $(cat err)"
grep -q 'H100' out || fail "terminal chart: $(cat out)"

# a helper that fails: its message, a signal, silence, an empty answer
check_helper() { # check_helper SCRIPT-BODY EXPECTED-MESSAGE
    printf '#!/bin/sh\n%s\n' "$1" >solo/alone/polsim-chart
    chmod +x solo/alone/polsim-chart
    plot_fails "helper '$1'" "$2"
}
check_helper 'cat >/dev/null; echo "cairo is broken" >&2; exit 1' 'cairo is broken'
check_helper 'kill -SEGV $$' 'the chart helper .*/solo/alone/polsim-chart died of signal 11'
check_helper 'exit 3' 'the chart helper .* failed (exit status 3) with no message'
check_helper 'exit 0' 'the chart helper .* gave no chart'

# an answer of 1 MB, read through many fills of the pipe, written whole behind the XML declaration
printf '#!/bin/sh\ncat >/dev/null\nhead -c 1000000 /dev/zero | tr "\\000" x\n' >solo/alone/polsim-chart
solo/alone/polsim -e 'plot compare H100, H20 on fp16 to "big.svg"' >out 2>err || fail "1 MB answer: $(cat err)"
[ "$(wc -c <big.svg)" -eq 1000039 ] || fail "1 MB answer: big.svg has $(wc -c <big.svg) bytes"

# each chart's channels are closed: 40 charts in one run with 32 file descriptors
i=0
: >many.pol
while [ $i -lt 40 ]; do echo "plot compare H100, H20 on fp16 to \"m$i.svg\"" >>many.pol; i=$((i + 1)); done
(ulimit -n 32 && bin/polsim many.pol >out 2>err) || fail "40 charts under ulimit -n 32: $(cat err)"
[ -s m39.svg ] || fail "40 charts: no m39.svg"
exit 0
