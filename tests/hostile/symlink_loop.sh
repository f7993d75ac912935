# `polsim test DIR` with a symbolic link back up the tree walks each folder
# once and says what it skipped (it used to loop until the path grew too long).
. "$(dirname "$0")/lib.inc"
mkdir -p suite/sub && echo 'assert 2 > 1' >suite/sub/a.pol
ln -s .. suite/sub/up
run --no-prelude test suite
expect_rc 0 "symlink loop"
expect_err "polsim: note: skipped 'suite/sub/up': a folder already walked (a symbolic link loop?)" "symlink loop"
expect_out "1 passed, 0 failed" "symlink loop"
[ "$(grep -c '^ok' out)" -eq 1 ] || fail "symlink loop: a file ran more than once: $(cat out)"
exit 0
