#!/bin/sh
# smoke.sh FUZZ_BUILD SECONDS NAME...: for each harness FUZZ_BUILD/NAME, first
# replays every regression input (tests/fuzz/regress, each file once), then
# fuzzes for SECONDS starting from the seed corpus: examples, tests/core,
# tests/errors, tests/hostile (if present) and the regression inputs. New
# interesting inputs go to FUZZ_BUILD/corpus/NAME (kept between runs, never
# in git); a crash is saved as FUZZ_BUILD/crashes/NAME-crash-... and fails the
# run. `make fuzz-smoke` calls it (see tests/fuzz/README).
set -u
[ $# -ge 3 ] || { echo "usage: $0 FUZZ_BUILD SECONDS NAME..." >&2; exit 2; }
FUZZ_BUILD=$1; SECONDS_EACH=$2; shift 2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
REGRESS=tests/fuzz/regress
seeds=""
for d in examples tests/core tests/errors tests/hostile "$REGRESS"; do
    [ -d "$d" ] && seeds="$seeds $d"
done
mkdir -p "$FUZZ_BUILD/crashes"
# libFuzzer options: 10 s per input; while fuzzing, inputs up to 4 KiB
# (a replayed regression input runs whole).
OPTS="-timeout=10 -rss_limit_mb=2048"
# fontconfig's process-long caches are not leaks of polsim's (lsan.supp)
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$ROOT/tests/fuzz/lsan.supp"
export LSAN_OPTIONS

status=0
for name in "$@"; do
    bin="$FUZZ_BUILD/$name"
    [ -x "$bin" ] || { echo "fuzz-smoke: $bin is not built (make fuzz)"; status=1; continue; }
    log="$FUZZ_BUILD/$name.log"
    regress=$(find "$REGRESS" -type f ! -name README 2>/dev/null | sort)
    if [ -n "$regress" ]; then
        # shellcheck disable=SC2086
        if ! "$bin" $OPTS -artifact_prefix="$FUZZ_BUILD/crashes/$name-" $regress >"$log" 2>&1; then
            echo "fuzz-smoke: FAIL $name on a regression input:"; tail -n 30 "$log" | sed 's/^/    /'
            status=1; continue
        fi
    fi
    mkdir -p "$FUZZ_BUILD/corpus/$name"
    kept=""                                          # the harness's own seeds, kept in the repository
    [ -d "tests/fuzz/corpus/$name" ] && kept="tests/fuzz/corpus/$name"
    # shellcheck disable=SC2086
    if "$bin" $OPTS -max_len=4096 -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
        -artifact_prefix="$FUZZ_BUILD/crashes/$name-" "$FUZZ_BUILD/corpus/$name" $kept $seeds >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
        echo "fuzz-smoke: ok $name: ${runs:-?} runs in ${SECONDS_EACH} s, ${cov:-cov: ?}, $(echo "$regress" | grep -c .) regression inputs"
    else
        echo "fuzz-smoke: FAIL $name (log $log):"; grep -A 30 'ERROR\|==ERROR\|deadly signal\|timeout' "$log" | head -n 40 | sed 's/^/    /'
        ls "$FUZZ_BUILD/crashes/$name-"* 2>/dev/null | sed 's/^/    input: /'
        status=1
    fi
done
exit $status
