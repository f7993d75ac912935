#!/bin/sh
# prelude_world.sh POLSIM ROOT: the world polsim loads from its prebuilt
# syntax trees shows every stdlib entity exactly as the world parsed from the
# .pol text (--stdlib ROOT/stdlib) does. Only the file prefix in "defined at" differs
# ("<stdlib>/chips.pol:44" against "DIR/chips.pol:44"), so it is normalised.
set -eu
POLSIM=$1
STDLIB=$2/stdlib
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# every `define KIND NAME` in the stdlib becomes `show KIND NAME`
sed -n 's/^[[:space:]]*\(re\)\{0,1\}define[[:space:]]\{1,\}\([a-z]\{1,\}\)[[:space:]]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\).*/show \2 \3/p' \
    "$STDLIB"/*.pol >"$tmp/show.pol"
n=$(grep -c . "$tmp/show.pol")
if [ "$n" -lt 30 ]; then echo "only $n definitions found in $STDLIB"; exit 1; fi
(cd "$tmp" && "$POLSIM" --color=never show.pol) >"$tmp/loaded.out"
(cd "$tmp" && "$POLSIM" --color=never --stdlib "$STDLIB" show.pol) >"$tmp/parsed.out"
sed "s#$STDLIB/#<stdlib>/#g" "$tmp/parsed.out" >"$tmp/parsed.norm"
if ! diff -u "$tmp/parsed.norm" "$tmp/loaded.out"; then echo "the loaded world differs from the parsed one"; exit 1; fi
shown=$(grep -c '^[a-z]* [A-Za-z0-9_]* .*(<stdlib>/[a-z]*\.pol:[0-9]*)$' "$tmp/loaded.out" || true)
if [ "$shown" -ne "$n" ]; then echo "$n entities asked for, $shown shown"; exit 1; fi
# --stdlib DIR runs DIR's files, the ones prelude.pol imports too, never the
# built-in copies of the same names: a line added to DIR/chips.pol is read.
mkdir "$tmp/copy"
cp "$STDLIB"/*.pol "$tmp/copy/"
echo 'let from_the_copy = 7' >>"$tmp/copy/chips.pol"
out=$("$POLSIM" --color=never --stdlib "$tmp/copy" -e 'print from_the_copy' 2>&1) || { echo "--stdlib copy: $out"; exit 1; }
if [ "$out" != 7 ]; then echo "--stdlib copy: an imported file of DIR was not the one run: $out"; exit 1; fi
