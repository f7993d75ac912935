#!/bin/sh
# shard.sh POLSIM ROOT: `--shard K/N` splits every sweep and simulation into N
# contiguous slices, and the N CSV outputs concatenated (shard 1 alone writes
# the header and what is outside studies) are exactly the single run's output,
# row for row. Runs the 4 shards with GNU parallel when it is installed
# (Debian package `parallel`), otherwise as 4 background jobs; either way the
# outputs are compared. Also: a simulation's run 500 is the same in a
# 1,000-run and a 10,000-run study (the counter-based generator), and the
# same seed gives the same numbers.
set -eu
POLSIM=$1
ROOT=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "shard: $*"; exit 1; }
cd "$tmp"

cat >study.pol <<'POL'
define vendor sv { origin: SUS }
define market SM { budget: $1M in $0.5M .. $1.5M }
define chip SA { vendor: sv; fp16: normal(100 TFLOPS, 10 TFLOPS); price: triangular($8k, $10k, $15k) }
print "before the study"
simulate 1001 runs seed 3 on SM.compute, units(SA, SM)
POL
"$POLSIM" --no-prelude --format csv study.pol >whole.csv
[ "$(wc -l <whole.csv)" -eq 2004 ] || fail "expected 2004 lines (header, the print's row, 2 x 1001 rows), got $(wc -l <whole.csv)"
if command -v parallel >/dev/null 2>&1; then
    parallel --will-cite "'$POLSIM' --no-prelude --format csv --shard {}/4 study.pol >part{}.csv" ::: 1 2 3 4
else
    for k in 1 2 3 4; do "$POLSIM" --no-prelude --format csv --shard $k/4 study.pol >part$k.csv & done
    wait
fi
cat part1.csv part2.csv part3.csv part4.csv >joined.csv
cmp -s whole.csv joined.csv || { diff whole.csv joined.csv | head; fail "4 shards concatenated differ from one run"; }
[ "$(grep -c ,SM.compute, part2.csv)" -eq 250 ] || fail "shard 2 of 4 should hold 250 of the 1001 runs"
# In text each shard prints the summary of its own slice (and shard 1 the print too).
"$POLSIM" --no-prelude --shard 2/4 study.pol >part2.txt
grep -q '^SM.compute: p5 .*(250 runs, seed 3)$' part2.txt || fail "shard 2 of 4 in text: no summary of its 250 runs: $(cat part2.txt)"
grep -q 'before the study' part2.txt && fail "shard 2 of 4 in text printed the statement outside the study"
"$POLSIM" --no-prelude --shard 1/4 study.pol | grep -q '(251 runs, seed 3)$' || fail "shard 1 of 4 in text: no summary of its 251 runs"
# ... and once its summary is printed, shard 2 is quiet again: not the print after it.
{ cat study.pol; echo 'print "after the study"'; } >after.pol
"$POLSIM" --no-prelude --shard 2/4 after.pol >after2.txt
grep -q '(250 runs, seed 3)$' after2.txt || fail "shard 2 of 4 in text: no summary before a print: $(cat after2.txt)"
grep -q 'after the study' after2.txt && fail "shard 2 of 4 in text printed the statement after the study"
"$POLSIM" --no-prelude --shard 1/4 after.pol | grep -q 'after the study' || fail "shard 1 of 4 in text: no print after the study"

# A sweep grid, sharded 3 ways without parallel.
cat >grid.pol <<'POL'
sweep a from 1 W to 5 W step 1 W {
  sweep b in 10, 20, 30 on a * b
}
POL
"$POLSIM" --no-prelude --format csv grid.pol >grid.csv
for k in 1 2 3; do "$POLSIM" --no-prelude --format csv --shard $k/3 grid.pol; done >grid3.csv
cmp -s grid.csv grid3.csv || fail "3 shards of a grid differ from one run"
grep -qxF 'main,sweep grid.pol:2,"4.2: a = 5 W, b = 30",a * b,,150,J/s,,' grid.csv || fail "grid point 4.2 (a = 5 W, b = 30) should be 150 W"

# Two sweeps in one file: each is sliced (4 points: 2 + 2; 6 points: 3 + 3),
# the second as well as the first.
printf 'sweep a from 1 to 4 step 1 on a * 2\nsweep b from 1 to 6 step 1 on b * 3\n' >two.pol
"$POLSIM" --no-prelude --format csv two.pol >two.csv
for k in 1 2; do "$POLSIM" --no-prelude --format csv --shard $k/2 two.pol; done >two2.csv
# (the shards hold each sweep's rows in their own order: compared as sets)
[ "$(sort two.csv)" = "$(sort two2.csv)" ] || fail "2 shards of two sweeps hold other rows than one run"
"$POLSIM" --no-prelude --format csv --shard 2/2 two.pol | cut -d, -f2-3 | tr '\n' ';' >two_2.txt
[ "$(cat two_2.txt)" = "sweep two.pol:1,2: a = 3;sweep two.pol:1,3: a = 4;sweep two.pol:2,3: b = 4;sweep two.pol:2,4: b = 5;sweep two.pol:2,5: b = 6;" ] ||
    fail "shard 2 of 2 of two sweeps: $(cat two_2.txt)"

# Run 500 is the same in a 1,000-run and a 10,000-run simulation; one seed, one answer.
sed 's/simulate 1001 runs/simulate 1000 runs/' study.pol >s1000.pol
sed 's/simulate 1001 runs/simulate 10000 runs/' study.pol >s10000.pol
r1=$("$POLSIM" --no-prelude --format csv s1000.pol | grep ',500,SM.compute,' | cut -d, -f3-)
r2=$("$POLSIM" --no-prelude --format csv s10000.pol | grep ',500,SM.compute,' | cut -d, -f3-)
[ -n "$r1" ] && [ "$r1" = "$r2" ] || fail "run 500 differs: '$r1' vs '$r2'"
"$POLSIM" --no-prelude --format csv s1000.pol >again.csv
"$POLSIM" --no-prelude --format csv s1000.pol >again2.csv
cmp -s again.csv again2.csv || fail "the same seed gave different numbers"
sed 's/seed 3/seed 4/' s1000.pol >s4.pol
"$POLSIM" --no-prelude --format csv s4.pol >other.csv
cmp -s again.csv other.csv && fail "another seed gave the same numbers"
# A bad --shard is a usage error (exit 2) that says what it wants.
set +e
"$POLSIM" --no-prelude --shard 5/4 study.pol >/dev/null 2>err.txt
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "--shard 5/4 should exit 2, not $rc"
grep -q 'K/N with 1 <= K <= N' err.txt || fail "--shard 5/4 should say what K/N must be"
exit 0
