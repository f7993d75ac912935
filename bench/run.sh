#!/bin/sh
# run.sh POLSIM: times parsing+evaluation per statement on generated files,
# the market model over many scenarios, and start-up with the prelude.
# Wall-clock figures vary by machine; `valgrind --tool=callgrind` gives
# repeatable instruction counts if you need to compare two builds.
set -eu
POLSIM=${1:-build/polsim}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
here=$(dirname "$0")
now() { date +%s%N; }
time_it() { # time_it LABEL STATEMENTS CMD...
    label=$1; stmts=$2; shift 2
    t0=$(now); "$@" >/dev/null; t1=$(now)
    ns=$((t1 - t0))
    printf '%-44s %8d statements %8.2f ms  %6.2f us/statement\n' "$label" "$stmts" "$(echo "$ns / 1000000" | bc -l)" \
        "$(echo "$ns / 1000 / $stmts" | bc -l)"
}
sh "$here/gen.sh" 2000 >"$dir/big.pol"
n=$(grep -c . "$dir/big.pol")
time_it "parse + evaluate (no prelude)" "$n" "$POLSIM" --no-prelude test "$dir/big.pol"
time_it "check only (no prelude)" "$n" "$POLSIM" --no-prelude check "$dir/big.pol"
# Many scenarios, each reading the market model once: the clone + model path.
{
    sh "$here/gen.sh" 30
    i=0
    while [ $i -lt 2000 ]; do
        echo "scenario s$i { cap bandwidth 1.$((i % 9)) TB/s on exports to BM }"
        echo "assert s$i.BM.compute >= 0 FLOPS"
        i=$((i + 1))
    done
} >"$dir/scen.pol"
n=$(grep -c . "$dir/scen.pol")
time_it "2000 scenarios x market model (30 chips)" "$n" "$POLSIM" --no-prelude test "$dir/scen.pol"
echo 'print 1' >"$dir/one.pol"
time_it "start-up with the prelude (one statement)" 1 "$POLSIM" "$dir/one.pol"
