#!/bin/sh
# study_memory_period.sh POLSIM ROOT: a study's runs are released
# (docs/language.md, "Contexts", law f): the peak RSS of a 30,000-run
# simulation stays within 1.1x of a 1,000-run one, in two cases:
# - period: each run reads a quarter's market results in the recorded world
#   (a world of its own, its timeline and periods simulated again);
# - drawn: each run draws a figure of chips the export rules test, so each
#   run's drawn copy is a new entity, and the rules' verdicts on it (the
#   verdict memo, policy_stmt.c) go with the run (before, the memo grew to
#   its 65,536-entry cap, ~1.5 MB more).
# CSV streams its rows, so nothing is kept per run.
set -eu
POLSIM=$1
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" # see sweep_memory.sh
export ASAN_OPTIONS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "study_memory_period: $*"; exit 1; }
study() { # study CASE FILE RUNS
    case $1 in
    period) printf 'simulate %s runs seed 3 { cap bandwidth 3 TB/s on exports to CN } on CN.compute during 2025Q2, available(H20, CN) at 2025-03-01\n' "$3" >"$2" ;;
    drawn) cat >"$2" <<POL
redefine chip H20 like H20 { price: \$10k to \$14k }
redefine chip H200 like H200 { fp16: 900 TFLOPS to 1000 TFLOPS }
simulate $3 runs seed 3 on CN.compute during 2025Q2, available(H200, CN) at 2025-03-01
POL
    ;;
    esac
}
peak_kb() { # peak_kb FILE: the peak RSS in kB of polsim --format csv FILE
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%M' -o "$tmp/rss" "$POLSIM" --format csv "$1" >"$tmp/out"
        tail -n 1 "$tmp/rss"
    else
        python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=open(sys.argv[-1] + ".out", "w"), check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$POLSIM" --format csv "$1"
        mv "$1.out" "$tmp/out"
    fi
}
runs=30000
grep -q __asan_init "$POLSIM" 2>/dev/null && runs=5000 # the sanitizers run it 10x slower
limit=11
grep -q __asan_init "$POLSIM" 2>/dev/null && limit=12.5
for c in period drawn; do
    study $c "$tmp/small.pol" 1000
    study $c "$tmp/big.pol" "$runs"
    small=$(peak_kb "$tmp/small.pol")
    [ "$(wc -l <"$tmp/out")" -eq 2001 ] || fail "$c: the 1,000-run study should write 2,001 lines"
    big=$(peak_kb "$tmp/big.pol")
    [ "$(wc -l <"$tmp/out")" -eq $((2 * runs + 1)) ] || fail "$c: the $runs-run study should write $((2 * runs + 1)) lines"
    [ "$(echo "$big $small $limit" | awk '{ print ($1 * 10 <= $2 * $3) ? "yes" : "no" }')" = yes ] ||
        fail "$c: peak RSS grew from $small kB (1,000 runs) to $big kB ($runs runs)"
done
exit 0
