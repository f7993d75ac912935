#!/bin/sh
# matrix.sh POLSIM ROOT [--update]: a golden file for every cell of the
# result matrix (issue "Results as records"): each result kind of
# tests/matrix/KIND.pol (print, assert, compare, series, sweep, simulate
# summary and runs, classify, headroom, explain, solve, show) rendered in
# each format (text, json, csv, html: `polsim report`, its inline charts
# reduced to <svg/> since glyph outlines depend on the fonts installed),
# plus `polsim sources` (text) and `polsim diff` (text, json, and the
# model's figures with --results). Every cell must equal
# tests/matrix/KIND.FORMAT; --update writes them instead (look at the diff).
set -u
POLSIM=$1
ROOT=$2
update=${3:-}
M="$ROOT/tests/matrix"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0
cell() { # cell NAME COMMAND...: runs it in tests/matrix, stdout and exit status to NAME
    name=$1; shift
    (cd "$M" && "$@" >"$tmp/out" 2>/dev/null; echo "exit $?" >>"$tmp/out")
    case "$name" in
        *.html) sed -e 's:<svg[^>]*>.*</svg>:<svg/>:g' "$tmp/out" >"$tmp/cell" ;;
        *) cp "$tmp/out" "$tmp/cell" ;;
    esac
    if [ "$update" = --update ]; then
        cp "$tmp/cell" "$M/$name"
    elif ! cmp -s "$tmp/cell" "$M/$name"; then
        echo "matrix: $name differs:"
        diff -u "$M/$name" "$tmp/cell" | head -n 20
        failed=1
    fi
}
for kind in print assert compare series sweep simulate classify headroom explain solve show; do
    cell "$kind.text" "$POLSIM" --color=never --no-prelude "$kind.pol"
    cell "$kind.json" "$POLSIM" --color=never --no-prelude --format json "$kind.pol"
    cell "$kind.csv" "$POLSIM" --color=never --no-prelude --format csv "$kind.pol"
    cell "$kind.html" "$POLSIM" report --no-prelude "$kind.pol"
done
cell sources.text "$POLSIM" --color=never sources --no-prelude MA world.pol
cell diff.text "$POLSIM" diff --no-prelude diff_a.pol diff_b.pol
cell diff.json "$POLSIM" diff --no-prelude --format json diff_a.pol diff_b.pol
cell diff-results.text "$POLSIM" diff --no-prelude --results diff_a.pol diff_b.pol
exit "$failed"
