# On a full disk, nothing polsim writes is cut to a fragment: the old chart,
# page, saved session and results survive whole, and the failure is an
# error. Needs a small tmpfs (mount, as root); skips with a message when
# mounting is not permitted.
. "$(dirname "$0")/lib.inc"
mkdir disk
if ! mount -t tmpfs -o size=256k tmpfs disk 2>/dev/null; then
    echo "skipped: cannot mount a small tmpfs here (needs root or a user namespace)"
    exit 0
fi
disk=$(pwd)/disk
trap 'umount "$disk"' EXIT
# the inputs and polsim's stdout and stderr stay off the full disk; polsim
# runs in it, as plot writes under the current folder
for f in chart.svg chart.png page.html saved.pol results.txt; do echo "old $f" >"disk/$f"; done
printf 'plot compare H100, H20, B200 on fp16 to "chart.svg"\n' >svg.pol
printf 'plot compare H100, H20, B200 on fp16 to "chart.png"\n' >png.pol
awk 'BEGIN { for (i = 0; i < 20000; i++) print "print \"result line number " i "\"" }' >many.pol
awk 'BEGIN { for (i = 0; i < 3000; i++) print "let long_name_number_" i " = " i }' >session
echo ':save saved.pol' >>session
# fill what is left (dd stops at the first write the disk refuses)
dd if=/dev/zero of=disk/filler bs=4k 2>/dev/null
# run / run_in as in lib.inc, from inside the disk.
run() {
    (cd disk && timeout 20 "$POLSIM" --color=never "$@") >out 2>err
    rc=$?
    [ "$rc" -ne 124 ] || fail "hung: polsim $*"
}
run_report() {
    (cd disk && timeout 20 "$POLSIM" report "$@") >out 2>err
    rc=$?
}
run_in() {
    input=$1; shift
    (cd disk && timeout 20 "$POLSIM" --color=never "$@") <"$input" >out 2>err
    rc=$?
}
# survived FILE: the old text is whole.
survived() { [ "$(cat "disk/$1")" = "old $1" ] || fail "$2: $1 is now: $(head -c 80 "disk/$1")"; }

run ../svg.pol
expect_rc 66 "plot to an SVG on a full disk"
expect_err "cannot write 'chart.svg': No space left on device" "plot to an SVG on a full disk"
survived chart.svg "plot to an SVG"
run ../png.pol
expect_rc 66 "plot to a PNG on a full disk"
survived chart.png "plot to a PNG"
run_report ../many.pol -o page.html
expect_rc 74 "report -o on a full disk"
expect_err "polsim: error: cannot write 'page.html': No space left on device" "report -o on a full disk"
survived page.html "report -o"
run ../many.pol --output results.txt
expect_rc 74 "--output on a full disk"
expect_err "polsim: error: cannot write 'results.txt': No space left on device" "--output on a full disk"
survived results.txt "--output"
run_in session -i
expect_rc 65 ":save on a full disk"
expect_err "polsim: error: cannot write 'saved.pol': No space left on device" ":save on a full disk"
survived saved.pol ":save"
left=$(find disk -name '.polsim-*' | head -n 1)
[ -z "$left" ] || fail "a temporary file was left: $left"
exit 0
