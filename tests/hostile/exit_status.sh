# Exit statuses for inputs that cannot be read and for bad usage.
. "$(dirname "$0")/lib.inc"
run --stdlib /nonexistent -e 'print 1'
expect_rc 66 "--stdlib with a missing folder"
expect_err "polsim: error: cannot open '/nonexistent/prelude.pol': No such file or directory" "--stdlib missing"

for opt in --eval -e --max-steps --max-time --max-memory --format; do
    run $opt
    expect_rc 2 "$opt without a value"
    expect_err "needs" "$opt without a value"
done
run --max-memory lots -e 'print 1'
expect_rc 2 "--max-memory lots"
expect_err "polsim: --max-memory needs a size such as 512M or 4G, not 'lots'" "--max-memory lots"

printf ':load missing.pol\n' >load.txt
echo 'print 1' >ok.pol
run_in load.txt --no-prelude -i ok.pol
expect_rc 66 ":load of a missing file, in batch"
expect_err "polsim: error: cannot open 'missing.pol': No such file or directory" ":load of a missing file"

printf ':bogus\n' >cmd.txt
run_in cmd.txt --no-prelude -i ok.pol
expect_rc 65 "an unknown :command, in batch"
expect_err "polsim: error: unknown command ':bogus'" "an unknown :command"

printf ':save no_such_folder/x.pol\n' >save.txt
run_in save.txt --no-prelude -i ok.pol
expect_rc 65 "a :save that cannot write, in batch"
expect_err "polsim: error: cannot write 'no_such_folder/x.pol'" "a failed :save"

printf 'print 2\n' >fine.txt
run_in fine.txt --no-prelude -i ok.pol
expect_rc 0 "a batch that succeeds"
exit 0
