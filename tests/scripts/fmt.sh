#!/bin/sh
# fmt.sh POLSIM ROOT: `polsim fmt` on copies of every example, stdlib file,
# core test and test scenario: each still checks and its asserts give the same
# results (with the formatted stdlib as the prelude), a second fmt changes
# nothing, every comment is still there; --check exits 1 listing a file that
# would change and 0 on formatted files; a file that does not parse is left
# untouched (exit 65); respaced copies format too; fmt keeps the file mode; and the golden cases
# tests/fmt/NAME.in.pol format to NAME.out.pol exactly.
set -eu
POLSIM=$1
ROOT=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "fmt.sh: $*"; exit 1; }

dirs="examples stdlib tests/core tests/scenarios"
for d in $dirs; do mkdir -p "$tmp/fmt/$d" "$tmp/orig/$d"; cp "$ROOT/$d"/*.pol "$tmp/fmt/$d/"; cp "$ROOT/$d"/*.pol "$tmp/orig/$d/"; done

# Comment texts (after the '#', trailing blanks cut) of a file, one a line, sorted.
# Strings are removed first so a '#' inside one is not taken for a comment.
comments() { sed -e 's/"\([^"\\]\|\\.\)*"//g' -e 's/[[:space:]]*$//' "$1" | sed -n 's/^[^#]*#//p' | sort; }

nfiles=0 nchanged=0
for d in $dirs; do
    for f in "$tmp/fmt/$d"/*.pol; do
        rel=$d/$(basename "$f")
        orig=$tmp/orig/$rel
        "$POLSIM" fmt "$f" || fail "polsim fmt $rel exited $?"
        cmp -s "$f" "$orig" || nchanged=$((nchanged + 1))
        cp "$f" "$tmp/once.pol"
        "$POLSIM" fmt "$tmp/once.pol" || fail "second fmt of $rel exited $?"
        cmp -s "$f" "$tmp/once.pol" || { diff -u "$f" "$tmp/once.pol"; fail "fmt is not idempotent on $rel"; }
        comments "$orig" >"$tmp/c.orig"
        comments "$f" >"$tmp/c.fmt"
        [ -s "$tmp/c.orig" ] || [ "$d" = tests/core ] || fail "no comments found in $rel (the comment check would be vacuous)"
        diff -u "$tmp/c.orig" "$tmp/c.fmt" || fail "comments of $rel changed"
        "$POLSIM" fmt --check "$f" >"$tmp/out" || fail "--check on formatted $rel exited $?"
        [ ! -s "$tmp/out" ] || fail "--check listed the formatted $rel"
        nfiles=$((nfiles + 1))
    done
done
[ "$nfiles" -ge 25 ] || fail "only $nfiles files formatted"
[ "$nchanged" -ge 5 ] || fail "only $nchanged files changed: the layout rules did nothing"

# The formatted files mean the same: they check, and their asserts give the same
# counts (run where they were copied, so the paths in the output do not differ).
for side in orig fmt; do
    (cd "$tmp/$side" && "$POLSIM" --stdlib stdlib -e 'print 1' >/dev/null) || fail "the $side stdlib does not load"
    for f in "$tmp/$side"/examples/*.pol "$tmp/$side"/tests/scenarios/*.pol; do
        (cd "$tmp/$side" && "$POLSIM" --stdlib stdlib check "${f#"$tmp/$side/"}" >/dev/null) || fail "polsim check ${f#"$tmp/"} exited $?"
    done
    (cd "$tmp/$side" && "$POLSIM" --stdlib stdlib test examples tests/scenarios >"$tmp/$side.test" 2>&1) || true
    (cd "$tmp/$side" && "$POLSIM" --no-prelude test tests/core >"$tmp/$side.core" 2>&1) || true
done
sed -n 's/^\(ok\|FAIL\) *\([^ ]*\) .*(\(.*\))$/\1 \2 \3/p' "$tmp/orig.test" >"$tmp/orig.sum"
sed -n 's/^\(ok\|FAIL\) *\([^ ]*\) .*(\(.*\))$/\1 \2 \3/p' "$tmp/fmt.test" >"$tmp/fmt.sum"
[ "$(grep -c . "$tmp/orig.sum")" -ge 10 ] || { cat "$tmp/orig.test"; fail "too few test results read"; }
diff -u "$tmp/orig.sum" "$tmp/fmt.sum" || fail "asserts of formatted examples and scenarios give other results"
tail -n 1 "$tmp/orig.core" >"$tmp/orig.core1"
tail -n 1 "$tmp/fmt.core" >"$tmp/fmt.core1"
grep -q 'passed' "$tmp/orig.core1" || fail "no summary from the core tests"
diff -u "$tmp/orig.core1" "$tmp/fmt.core1" || fail "asserts of formatted core tests give other results"

# Respaced copies (every space becomes a tab and a space, lines end in blanks):
# fmt still succeeds, keeps every comment, and a second fmt changes nothing.
tab=$(printf '\t')
for d in $dirs; do
    for orig in "$tmp/orig/$d"/*.pol; do
        sed -e "s/ /$tab /g" -e 's/$/  /' "$orig" >"$tmp/spaced.pol"
        "$POLSIM" fmt "$tmp/spaced.pol" || fail "fmt of respaced $d/$(basename "$orig") exited $?"
        "$POLSIM" fmt --check "$tmp/spaced.pol" >/dev/null || fail "fmt is not idempotent on respaced $d/$(basename "$orig")"
        [ "$(comments "$tmp/spaced.pol" | tr -d ' \t' | sort)" = "$(comments "$orig" | tr -d ' \t' | sort)" ] \
            || fail "comments of respaced $d/$(basename "$orig") changed"
    done
done

# --check: exit 1 and the file's name for a file that would change; nothing written.
printf 'let   a=1\n' >"$tmp/ugly.pol"
cp "$tmp/ugly.pol" "$tmp/ugly.orig"
printf 'let a = 1\n' >"$tmp/tidy.pol"
set +e
"$POLSIM" fmt --check "$tmp/tidy.pol" "$tmp/ugly.pol" >"$tmp/out"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "--check on an unformatted file exited $rc, not 1"
[ "$(cat "$tmp/out")" = "$tmp/ugly.pol" ] || fail "--check listed '$(cat "$tmp/out")'"
cmp -s "$tmp/ugly.pol" "$tmp/ugly.orig" || fail "--check changed the file"
"$POLSIM" fmt --check "$tmp/tidy.pol" >"$tmp/out" || fail "--check on a formatted file exited $?"
[ ! -s "$tmp/out" ] || fail "--check printed something for a formatted file"

# In place: the text is formatted and the file keeps its mode; stdin goes to stdout.
chmod 640 "$tmp/ugly.pol"
"$POLSIM" fmt "$tmp/ugly.pol" || fail "fmt exited $?"
cmp -s "$tmp/ugly.pol" "$tmp/tidy.pol" || fail "fmt wrote '$(cat "$tmp/ugly.pol")'"
[ "$(stat -c %a "$tmp/ugly.pol")" = 640 ] || fail "fmt changed the mode to $(stat -c %a "$tmp/ugly.pol")"
[ -z "$(find "$tmp" -maxdepth 1 -name '.polsim-fmt-*')" ] || fail "a temporary file was left behind"
[ "$(printf 'print(1)' | "$POLSIM" fmt)" = 'print (1)' ] || fail "stdin was not formatted to stdout"
[ "$(printf 'print 1 +2' | "$POLSIM" fmt -)" = 'print 1 + 2' ] || fail "'-' was not formatted to stdout"

# A file that does not parse: its errors, exit 65, the file untouched, the others still done.
printf 'let a = (1 +\nlet   b=2\n' >"$tmp/bad.pol"
cp "$tmp/bad.pol" "$tmp/bad.orig"
printf 'let   c=3\n' >"$tmp/good.pol"
set +e
"$POLSIM" fmt "$tmp/bad.pol" "$tmp/good.pol" 2>"$tmp/err"
rc=$?
set -e
[ "$rc" -eq 65 ] || fail "fmt of a bad file exited $rc, not 65"
cmp -s "$tmp/bad.pol" "$tmp/bad.orig" || fail "fmt changed a file that does not parse"
grep -q "bad.pol:1:9: error: '(' at line 1 is never closed" "$tmp/err" || { cat "$tmp/err"; fail "the parse error was not reported"; }
grep -q "bad.pol does not parse; not formatted" "$tmp/err" || fail "no 'not formatted' message"
[ "$(cat "$tmp/good.pol")" = 'let c = 3' ] || fail "the good file after a bad one was not formatted"

# Wrong usage and an unreadable file.
set +e
"$POLSIM" fmt --nope 2>/dev/null; rc=$?
[ "$rc" -eq 2 ] || fail "an unknown option exited $rc, not 2"
"$POLSIM" fmt "$tmp/missing.pol" 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 66 ] || fail "a missing file exited $rc, not 66"
grep -q "cannot read $tmp/missing.pol: No such file or directory" "$tmp/err" || fail "no message for a missing file"

# Golden cases: each NAME.in.pol formats to NAME.out.pol, and NAME.out.pol is a fixed point.
ngolden=0
for in in "$ROOT"/tests/fmt/*.in.pol; do
    want=${in%.in.pol}.out.pol
    "$POLSIM" fmt - <"$in" >"$tmp/got" || fail "fmt of $in exited $?"
    diff -u "$want" "$tmp/got" || fail "$in does not format to $want"
    "$POLSIM" fmt --check - <"$want" >/dev/null || fail "$want is not a fixed point"
    ngolden=$((ngolden + 1))
done
[ "$ngolden" -ge 5 ] || fail "only $ngolden golden cases"
echo "fmt.sh: $nfiles files formatted ($nchanged changed), $ngolden golden cases"
