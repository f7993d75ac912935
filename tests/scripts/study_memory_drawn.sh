#!/bin/sh
# study_memory_drawn.sh POLSIM ROOT: law f (docs/language.md, "Contexts")
# when a run draws a figure of a chip the export rules test: each run's
# drawn copy of the chip is a new entity, and the rules' verdicts on it
# (the verdict memo, policy_stmt.c) are released with the run. The peak RSS
# of a 30,000-run simulation stays within 1.1x of a 1,000-run one; before
# the release the memo grew to its 65,536-entry cap (~1.5 MB more).
set -eu
POLSIM=$1
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" # see sweep_memory.sh
export ASAN_OPTIONS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "study_memory_drawn: $*"; exit 1; }
study() { # study FILE RUNS
    cat >"$1" <<POL
redefine chip H20 like H20 { price: \$10k to \$14k }
redefine chip H200 like H200 { fp16: 900 TFLOPS to 1000 TFLOPS }
simulate $2 runs seed 3 on CN.compute during 2025Q2, available(H200, CN) at 2025-03-01
POL
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
