# A file name holding control characters is escaped in the location of a
# message, like any text quoted in one.
. "$(dirname "$0")/lib.inc"
name="e$(printf '\033')[2J.pol"
echo 'print nothing_here' >"$name"
run --no-prelude "$name"
expect_rc 65 "file name with ESC"
expect_err 'e\x1b[2J.pol:1:7: error: unknown name' "file name with ESC"
if grep -q "$(printf '\033')" err; then fail "file name with ESC: a raw ESC reached stderr"; fi
exit 0
