#!/bin/sh
# study_memory_period.sh POLSIM ROOT: a study's runs are released over a
# period too (docs/language.md, "Contexts", law f): the peak RSS of a
# 30,000-run simulation that reads a quarter's market results in the
# recorded world (each run a world of its own, its timeline and periods
# simulated again) stays within 1.1x of a 1,000-run one. CSV streams its
# rows, so nothing is kept per run.
set -eu
POLSIM=$1
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" # see sweep_memory.sh
export ASAN_OPTIONS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "study_memory_period: $*"; exit 1; }
study() { # study FILE RUNS
    printf 'simulate %s runs seed 3 { cap bandwidth 3 TB/s on exports to CN } on CN.compute during 2025Q2, available(H20, CN) at 2025-03-01\n' "$2" >"$1"
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
study "$tmp/small.pol" 1000
study "$tmp/big.pol" "$runs"
small=$(peak_kb "$tmp/small.pol")
[ "$(wc -l <"$tmp/out")" -eq 2001 ] || fail "the 1,000-run study should write 2,001 lines"
big=$(peak_kb "$tmp/big.pol")
[ "$(wc -l <"$tmp/out")" -eq $((2 * runs + 1)) ] || fail "the $runs-run study should write $((2 * runs + 1)) lines"
limit=11
grep -q __asan_init "$POLSIM" 2>/dev/null && limit=12.5
[ "$(echo "$big $small $limit" | awk '{ print ($1 * 10 <= $2 * $3) ? "yes" : "no" }')" = yes ] ||
    fail "peak RSS grew from $small kB (1,000 runs) to $big kB ($runs runs)"
exit 0
