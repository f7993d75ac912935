# polsim check runs a file one statement at a time (POLSIM_RUN_ONCE): a
# runtime error in a statement is still reported at its place and counted,
# so the file is not "ok" and the exit status is 65; a good file is ok, 0.
. "$(dirname "$0")/lib.inc"
printf 'let a = 1\nprint nosuch + 1\nlet b = 2\n' >bad.pol
printf 'let a = 1\n' >good.pol
run --no-prelude check bad.pol
expect_rc 65 "check of a file with a runtime error"
expect_err "bad.pol:2:7: error: unknown name 'nosuch'" "check of a file with a runtime error"
grep -q "bad.pol: ok" out err && fail "check of a file with a runtime error: printed ok"
run --no-prelude check good.pol
expect_rc 0 "check of a good file"
expect_out "good.pol: ok" "check of a good file"
exit 0
