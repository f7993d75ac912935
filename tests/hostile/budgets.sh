# --max-time and --max-memory on tiny budgets end a run that a normal file
# finishes within the defaults (--max-steps has exact cases in tests/errors).
. "$(dirname "$0")/lib.inc"
awk 'BEGIN { for (i = 0; i < 200000; i++) print "let x" i " = 1 + 2 * 3" }' >long.pol
quick=$(cd "$(dirname "$0")/../.." && pwd)/examples/quickstart.pol

run --max-time 0.05 --no-prelude long.pol
expect_rc 65 "--max-time 0.05 on a long file"
expect_err "time limit of 0.05 s exceeded (--max-time)" "--max-time 0.05"
# the evaluator was running: the message is located, not the bare one
grep -qE '^long\.pol:[0-9]+:[0-9]+: error: time limit of 0\.05 s exceeded' err || fail "--max-time 0.05: not located: $(cat err)"
# a limit under a microsecond (the timer's unit) still ends the run
run --max-time 1e-9 --no-prelude long.pol
expect_rc 65 "--max-time 1e-9 on a long file"
expect_err "time limit of 1e-09 s exceeded (--max-time)" "--max-time 1e-9"
# 0 turns the limit off: the same file runs to its end
run --max-time 0 --no-prelude long.pol
expect_rc 0 "--max-time 0 (no limit) on a long file"
# stuck outside the evaluator (reading a pipe no one writes to): the bare
# message two seconds after the limit, exit 65: about 2.3 s, not 0.3 nor 4.3
mkfifo slow.pol || fail "mkfifo failed"
exec 3<>slow.pol
start=$(date +%s%N)
run --max-time 0.3 --no-prelude slow.pol
ms=$((($(date +%s%N) - start) / 1000000))
exec 3>&-
expect_rc 65 "--max-time 0.3 reading a silent pipe"
expect_err "polsim: error: time limit of 0.3 s exceeded (--max-time)" "--max-time 0.3 reading a silent pipe"
[ "$ms" -ge 2250 ] && [ "$ms" -lt 3800 ] || fail "--max-time 0.3 reading a silent pipe: ended after $ms ms, expected about 2300"

run --max-time 0.05 --max-steps 0 -e 'print 1'
expect_rc 0 "--max-time on a short run"

run --max-memory 32M --no-prelude long.pol
if grep -q "not enforced in a sanitizer build" err; then
    echo "--max-memory: skipped in a sanitizer build"
else
    expect_rc 70 "--max-memory 32M on a long file"
    expect_err "polsim: error: out of memory (the limit is 32 MiB; see --max-memory)" "--max-memory 32M"
    run --max-memory 64M "$quick"
    expect_rc 0 "--max-memory 64M on the quickstart"
    # 0 turns the cap off: the file 32M stopped runs to its end
    run --max-memory 0 --no-prelude long.pol
    expect_rc 0 "--max-memory 0 (no cap) on a long file"
fi

# the period model's work counts: a quarter 125 years out is 500 stretches
# of the model (100 steps each) however short the expression
run --max-steps 20000 -e 'print CN.compute during 2150'
expect_rc 65 "--max-steps on a period read far out"
expect_err "step limit of 20000 evaluation steps exceeded (--max-steps)" "--max-steps counts the period model"
run --max-steps 20000 -e 'print CN.compute during 2025Q1'
expect_rc 0 "--max-steps 20000 on a period of the record"

run "$quick"
expect_rc 0 "the quickstart within the default limits"
exit 0
