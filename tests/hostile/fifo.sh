# Named pipes: an import of one, or one inside a folder given to `polsim
# test`, is refused at once (it used to block forever); one named on the
# command line is read like a file.
. "$(dirname "$0")/lib.inc"
mkfifo pipe.pol || fail "mkfifo failed"
echo 'import "pipe.pol"' >imports_pipe.pol
run --no-prelude imports_pipe.pol
expect_rc 65 "import of a pipe"
expect_err "imports_pipe.pol:1:8: error: cannot import 'pipe.pol': it is a pipe, not a regular file" "import of a pipe"

mkdir suite && mkfifo suite/blocked.pol && echo 'assert 1 == 1' >suite/fine.pol
run --no-prelude test suite
expect_rc 66 "test of a folder holding a pipe"
expect_err "polsim: error: skipped 'suite/blocked.pol': not a regular file" "test of a folder holding a pipe"
expect_out "ok   suite/fine.pol (1 passed, 0 failed)" "test of a folder holding a pipe"
expect_out "1 passed, 1 failed" "test of a folder holding a pipe"

(sleep 0.2; timeout 20 sh -c "echo 'print 6 * 7' >pipe.pol") &
run --no-prelude pipe.pol
wait
expect_rc 0 "a pipe named on the command line"
expect_out 42 "a pipe named on the command line"
# a pipe where --stdlib looks for prelude.pol is refused at once (it waited
# for a writer until the time limit)
mkdir stdlib_dir && mkfifo stdlib_dir/prelude.pol
run --stdlib stdlib_dir -e 'print 1'
expect_rc 66 "a pipe as the prelude"
expect_err "polsim: error: cannot open 'stdlib_dir/prelude.pol': it is a pipe, not a regular file" "a pipe as the prelude"
exit 0
