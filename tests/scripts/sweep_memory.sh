#!/bin/sh
# sweep_memory.sh POLSIM ROOT: a sweep releases each point before the next,
# so the peak memory (RSS) of a 200,000-point sweep that changes a cap and
# reads a market result of the stdlib world stays within 1.1x of a
# 1,000-point one. Peak RSS comes from /usr/bin/time (Debian package `time`)
# or, without it, from python3's getrusage.
set -eu
POLSIM=$1
# Under AddressSanitizer (make sanitize) freed memory waits in a quarantine
# before reuse, which grows with the work done, not with what is live: off here.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
export ASAN_OPTIONS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "sweep_memory: $*"; exit 1; }
study() { # study FILE POINTS
    printf 'sweep b from 1 GB/s to %s GB/s step 1 GB/s {\n  cap bandwidth b on exports to CN\n} on CN.compute\n' "$2" >"$1"
}
peak_kb() { # peak_kb FILE: the peak RSS in kB of polsim --format csv FILE
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%M' -o "$tmp/rss" "$POLSIM" --format csv "$1" >"$tmp/out"
        tail -n 1 "$tmp/rss"
    elif command -v python3 >/dev/null 2>&1; then
        python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$POLSIM" --format csv "$1"
        "$POLSIM" --format csv "$1" >"$tmp/out"
    else
        fail "needs /usr/bin/time or python3 to measure memory"
    fi
}
study "$tmp/small.pol" 1000
study "$tmp/big.pol" 200000
small=$(peak_kb "$tmp/small.pol")
[ "$(wc -l <"$tmp/out")" -eq 1001 ] || fail "the 1,000-point sweep should write 1,001 lines"
big=$(peak_kb "$tmp/big.pol")
[ "$(wc -l <"$tmp/out")" -eq 200001 ] || fail "the 200,000-point sweep should write 200,001 lines"
# AddressSanitizer's allocator keeps per-size free lists and shadow memory for
# every address it has handed out: its builds get 1.25x instead of 1.1x.
limit=11
grep -q __asan_init "$POLSIM" 2>/dev/null && limit=12.5
[ "$(echo "$big * 10 <= $small * $limit" | awk '{ print ($1 * $3 <= $5 * $7) ? "yes" : "no" }')" = yes ] ||
    fail "peak RSS grew from $small kB (1,000 points) to $big kB (200,000 points)"
exit 0
