# Closed and failing standard streams say what went wrong instead of exiting
# quietly: the REPL with standard input closed, the language server writing
# to a full device, an out-of-range limit. A file that polsim opens while a
# standard descriptor is closed never takes its place (a plot's temporary
# file used to become stderr). And --output: whole or not at all.
. "$(dirname "$0")/lib.inc"
timeout 20 "$POLSIM" --no-prelude -i <&- >out 2>err
rc=$?
expect_rc 66 "-i with standard input closed"
expect_err "polsim: error: standard input is closed: the REPL has nothing to read" "-i with standard input closed"
timeout 20 "$POLSIM" --no-prelude <&- >out 2>err
rc=$?
expect_rc 66 "a script from a closed standard input"
expect_err "polsim: error: cannot read standard input: Bad file descriptor" "a script from a closed standard input"

if [ -w /dev/full ]; then
    body='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}'
    printf 'Content-Length: %d\r\n\r\n%s' "${#body}" "$body" >init.txt
    timeout 20 "$POLSIM" lsp <init.txt >/dev/full 2>err
    rc=$?
    expect_rc 74 "lsp > /dev/full"
    expect_err "polsim: error: lsp cannot write to its client: No space left on device" "lsp > /dev/full"
fi
timeout 20 "$POLSIM" lsp </dev/null >out 2>err
rc=$?
expect_rc 1 "lsp with no shutdown"
expect_err "polsim: lsp: the input ended without a shutdown request (exit status 1)" "lsp with no shutdown"

run --max-steps 1e20 -e 1
expect_rc 2 "--max-steps 1e20"
expect_err "polsim: --max-steps is at most 1e15 (0: no limit), not 1e20" "--max-steps 1e20"
run --max-time 1e16 -e 1
expect_rc 2 "--max-time 1e16"
expect_err "polsim: --max-time is at most 1e15 seconds (0: no limit), not 1e16" "--max-time 1e16"
run --max-steps -3 -e 1
expect_rc 2 "--max-steps -3"
expect_err "polsim: --max-steps needs a number of at least 0" "--max-steps -3"

# stderr closed while a plot writes its file: the chart is whole, stderr
# stays closed (a message cannot land in the chart)
printf 'plot compare H100, H20 on fp16 to "c.svg"\nprint nope\n' >p.pol
timeout 20 "$POLSIM" --color=never p.pol >out 2>&-
head -c 5 c.svg | grep -q '<?xml' || fail "the chart is not an SVG"
! grep -q nope c.svg || fail "a message landed in the chart"
tail -c 7 c.svg | grep -q '</svg>' || fail "the chart is not whole"

# --output: an error keeps the old file; a finished run replaces it; a
# killed run leaves the old one whole
echo old >res.txt
printf 'print 1\nprint nope\n' >bad.pol
run --no-prelude bad.pol --output res.txt
expect_rc 65 "--output with an error"
expect_err "polsim: nothing written to 'res.txt': the run stopped at an error" "--output with an error"
[ "$(cat res.txt)" = old ] || fail "--output after an error changed the file: $(cat res.txt)"
printf 'print 1\nassert 1 == 2\n' >fails.pol
run --no-prelude fails.pol --output res.txt
expect_rc 1 "--output with a failed assert"
[ "$(cat res.txt)" = 1 ] || fail "--output with a failed assert wrote: $(cat res.txt)"
echo old >res.txt
printf 'sweep x from 1 to 100000000 step 1 on x * 2\n' >long.pol
timeout 20 "$POLSIM" --no-prelude --format csv long.pol --output res.txt 2>err &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
[ "$(cat res.txt)" = old ] || fail "a killed run changed the file: $(head -c 80 res.txt)"
left=$(find . -name '.polsim-*' | head -n 1)
[ -z "$left" ] || fail "a killed run left a temporary file: $left"
run -i --output res.txt
expect_rc 2 "--output with the REPL"
exit 0
