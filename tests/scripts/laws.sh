#!/bin/sh
# laws.sh POLSIM ROOT: the laws of docs/language.md ("Contexts") on generated
# programs (tests/laws/lawgen.h): 600 programs from a fixed seed and 400 from
# a seed that changes with each run, each in a fresh interpreter. A violation
# is written minimised to a file named in the failure (kept in
# $LAWS_OUT, default /tmp); rerun it with `polsim test FILE`.
set -u
POLSIM=$1
LAWCHECK=$(dirname "$POLSIM")/tools/lawcheck
[ -x "$LAWCHECK" ] || { echo "laws.sh: $LAWCHECK is not built (make check builds it)"; exit 1; }
out=${LAWS_OUT:-$(mktemp -d)}
status=0
"$LAWCHECK" --seed 1 --count 600 --out "$out" || status=1
seed=$(date +%s)
"$LAWCHECK" --seed "$seed" --count 400 --out "$out" || { echo "laws.sh: violations with --seed $seed"; status=1; }
[ "$status" -eq 0 ] && [ -z "${LAWS_OUT:-}" ] && rm -rf "$out"
exit "$status"
