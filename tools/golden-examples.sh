#!/bin/sh
# golden-examples.sh [BUILD]: regenerates tests/golden/examples/X.out, the
# complete stdout of `polsim examples/X.pol` (run from examples/, as
# tests/run.sh does), for every example. Run it (`make golden-examples`)
# after a change that is meant to alter an example's output, and review the
# diff with `git diff tests/golden/examples` before committing.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
POLSIM="$ROOT/$BUILD/polsim"
OUT="$ROOT/tests/golden/examples"
mkdir -p "$OUT"
rm -f "$OUT"/*.out
for pol in "$ROOT"/examples/*.pol; do
    name=$(basename "$pol" .pol)
    (cd "$ROOT/examples" && "$POLSIM" --color=never "$name.pol" >"$OUT/$name.out")
done
echo "golden-examples: $(ls "$OUT"/*.out | wc -l) outputs written to tests/golden/examples"
