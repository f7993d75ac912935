# Output that cannot be written is an error (exit 74); a reader that stops
# early (`| head -1`) is a normal end, not a death by SIGPIPE.
. "$(dirname "$0")/lib.inc"
[ -w /dev/full ] || { echo "skipped: no /dev/full"; exit 0; }
timeout 20 "$POLSIM" --no-prelude -e 'print 1' >/dev/full 2>err
rc=$?
expect_rc 74 "/dev/full"
expect_err "polsim: error: cannot write output: No space left on device" "/dev/full"

# 30000 results (about 170 kB) overflow the pipe's buffer, so polsim is
# still writing when head has gone: its writes fail with EPIPE.
awk 'BEGIN { for (i = 0; i < 30000; i++) print "print " i }' >many.pol
status=$( { timeout 20 "$POLSIM" --no-prelude many.pol 2>err; echo $? >rc.txt; } | head -n 1 >/dev/null; cat rc.txt)
[ "$status" = 0 ] || fail "| head -1: exit $status, expected 0; stderr: $(cat err)"
expect_no_err "| head -1"
exit 0
