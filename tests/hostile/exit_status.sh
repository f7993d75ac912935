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
exit 0
