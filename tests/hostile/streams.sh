# Pipes and devices named on the command line, and standard input: pipes are
# read (up to 16 MiB), devices other than standard input are refused, and
# standard input has the same size limit as a file.
. "$(dirname "$0")/lib.inc"
echo 'print 1 + 1' >script.pol
run_in script.pol --no-prelude /dev/stdin
expect_rc 0 "/dev/stdin"
expect_out 2 "/dev/stdin"
cat script.pol | timeout 20 "$POLSIM" --no-prelude /dev/stdin >out 2>err
rc=$?
expect_rc 0 "/dev/stdin as a pipe"
expect_out 2 "/dev/stdin as a pipe"

run --no-prelude /dev/zero
expect_rc 66 "/dev/zero named"
expect_err "polsim: error: cannot open '/dev/zero': it is a device, not a regular file" "/dev/zero named"

run_in /dev/zero --no-prelude
expect_rc 66 "/dev/zero on standard input"
expect_err "polsim: error: cannot read standard input: it is larger than the 16 MiB limit for a scenario" "/dev/zero on stdin"

run_in / --no-prelude
expect_rc 66 "a folder on standard input"
expect_err "polsim: error: cannot read standard input: Is a directory" "a folder on standard input"

# 17 MiB of comments through a pipe: refused, not run.
head -c 17825792 /dev/zero | tr '\0' '#' >big.txt
cat big.txt | timeout 20 "$POLSIM" --no-prelude /dev/stdin >out 2>err
rc=$?
expect_rc 66 "a pipe over 16 MiB"
expect_err "it is larger than the 16 MiB limit for a scenario" "a pipe over 16 MiB"
exit 0
