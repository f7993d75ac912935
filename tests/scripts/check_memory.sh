#!/bin/sh
# check_memory.sh POLSIM ROOT: `polsim check` runs a file one statement at a
# time and frees each statement's syntax tree (POLSIM_RUN_ONCE), so its peak
# memory grows with the text it holds, not with the tree: 200,000 asserts
# (6 MB) take at most 3 bytes of peak RSS a byte of text more than 1,000
# do. Running the file (the whole tree kept) takes about 27 a byte; kept in
# check too, the asserts' nodes would fail this. Peak RSS comes from
# /usr/bin/time (Debian package `time`) or python3's getrusage.
set -eu
POLSIM=$1
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" # freed memory reused at once
export ASAN_OPTIONS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "check_memory: $*"; exit 1; }
asserts() { # asserts FILE N
    awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "assert %d * 2 + 1 == %d\n", i, 2 * i + 1 }' >"$1"
}
peak_kb() { # peak_kb ARGS...: the peak RSS in kB of polsim ARGS (stdout to $tmp/out)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%M' -o "$tmp/rss" "$POLSIM" "$@" >"$tmp/out"
        tail -n 1 "$tmp/rss"
    else
        python3 -c 'import resource, subprocess, sys
with open(sys.argv[1], "w") as out: subprocess.run(sys.argv[2:], stdout=out, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$tmp/out" "$POLSIM" "$@"
    fi
}
asserts "$tmp/small.pol" 1000
asserts "$tmp/big.pol" 200000
small=$(peak_kb --no-prelude check "$tmp/small.pol")
grep -q 'small.pol: ok' "$tmp/out" || fail "the small file should check ok: $(cat "$tmp/out")"
big=$(peak_kb --no-prelude check "$tmp/big.pol")
grep -q 'big.pol: ok' "$tmp/out" || fail "the big file should check ok: $(cat "$tmp/out")"
text_kb=$(($(wc -c <"$tmp/big.pol") / 1024))
grown=$((big - small))
echo "check_memory: $small kB for 1,000 asserts, $big kB for 200,000 ($text_kb kB of text)"
[ "$grown" -le $((3 * text_kb)) ] || fail "checking 200,000 asserts took $grown kB more than 1,000, over 3 x the $text_kb kB text"
