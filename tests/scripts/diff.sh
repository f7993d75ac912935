#!/bin/sh
# diff.sh POLSIM ROOT: `polsim diff` on the pairs in tests/diff (exact output
# and exit status), REV -- FILE in a scratch git repository, the git diff
# driver tools/polsim-git-diff set up as the README says, and --lines (the
# lines that changed, for a file with an error or a comment-only change; the
# driver uses it, so git shows something in both cases and never fails).
set -u
POLSIM=$1
ROOT=$2
D=$ROOT/tests/diff
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT INT TERM; [ -n "${KEEP:-}" ] && echo "$tmp"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect NAME STATUS EXPECTED-FILE ARGS...: stdout must equal the file (or be
# empty for -), and the exit status must be STATUS.
expect() {
    name=$1 want=$2 file=$3
    shift 3
    (cd "$D" && "$POLSIM" diff "$@") >"$tmp/out" 2>"$tmp/err"
    st=$?
    [ "$st" -eq "$want" ] || { fail "$name: exit $st, wanted $want"; cat "$tmp/err"; }
    if [ "$file" = - ]; then
        [ -s "$tmp/out" ] && { fail "$name: printed something"; cat "$tmp/out"; }
    elif ! diff -u "$D/$file" "$tmp/out"; then fail "$name: output differs"; fi
    return 0
}

expect "changed field" 1 field.out --no-prelude field_a.pol field_b.pol
expect "added and removed definitions" 1 defs.out --no-prelude defs_a.pol defs_b.pol
expect "main policies" 1 policy.out policy_a.pol policy_b.pol
expect "main policies, json" 1 policy.json --format json policy_a.pol policy_b.pol
expect "blanks collapsed" 1 spaced.out spaced_a.pol spaced_b.pol
expect "lets holding chips" 1 lets.out lets_a.pol lets_b.pol
expect "distributions alike" 0 - --no-prelude dist_a.pol dist_same.pol
expect "distribution changed" 1 dist.out --no-prelude dist_a.pol dist_b.pol
expect "scenario policies" 1 scenario.out --no-prelude scenario_a.pol scenario_b.pol
expect "results of a cap change" 1 results.out --no-prelude --results results_a.pol results_b.pol
expect "identical files" 0 - policy_a.pol policy_a.pol
expect "first and last gone" 1 gone.out --no-prelude gone_a.pol gone_b.pol
expect "first and last added" 1 gone_back.out --no-prelude gone_b.pol gone_a.pol
expect "identical files, results" 0 - --no-prelude --results results_a.pol results_a.pol
# usage and input errors: status, nothing on stdout, and the exact first message line
expect_err() {
    name=$1 want=$2 msg=$3
    shift 3
    expect "$name" "$want" - "$@"
    [ "$(head -1 "$tmp/err")" = "$msg" ] || { fail "$name: message"; cat "$tmp/err"; }
}
expect_err "one file" 2 "polsim: 'polsim diff' needs two files, or REV -- FILE" field_a.pol
expect_err "two files after --" 2 "polsim: 'polsim diff REV -- FILE' takes one file" HEAD -- field_a.pol field_b.pol
expect_err "no revision before --" 2 "polsim: give one git revision before '--'" -- field_a.pol
expect_err "unknown format" 2 "polsim: unknown format 'csv' for diff (use text or json)" --format csv field_a.pol field_b.pol
expect_err "unknown option" 2 "polsim: unknown option '--bogus' for diff" --bogus field_a.pol field_b.pol
expect_err "revision starting with -" 2 "polsim: unknown option '--output=x' for diff" --output=x -- field_a.pol
expect_err "--as with a revision" 2 "polsim: --as is for two files, not REV -- FILE" --as x.pol HEAD -- field_a.pol
expect_err "missing file" 66 "polsim: error: cannot open 'no_such_file.pol': No such file or directory" \
    --no-prelude field_a.pol no_such_file.pol

# A syntax error in either file: 65 and the located message.
for order in "field_a.pol bad.pol" "bad.pol field_a.pol"; do
    # shellcheck disable=SC2086 # two file names on purpose
    (cd "$D" && "$POLSIM" diff --color never --no-prelude $order) >"$tmp/out" 2>"$tmp/err"
    st=$?
    [ "$st" -eq 65 ] || fail "syntax error ($order): exit $st, wanted 65"
    diff -u "$D/bad.err" "$tmp/err" || fail "syntax error ($order): message differs"
    [ -s "$tmp/out" ] && fail "syntax error ($order): printed a difference"
done

# REV -- FILE: the old text from git, its imports resolved from FILE's folder.
if ! command -v git >/dev/null 2>&1; then echo "git not found: git checks skipped"; exit "$((fails > 0))"; fi
repo=$tmp/repo
mkdir -p "$repo/sub dir"
cp "$D/world.pol" "$repo/sub dir/world.pol"
cp "$D/field_a.pol" "$repo/sub dir/my chip.pol"
g() { git -C "$repo" -c user.name=t -c user.email=t@example.com "$@"; }
if ! { g init -q && g add -A && g commit -qm old; }; then fail "git repository not made"; exit 1; fi
cp "$D/field_b.pol" "$repo/sub dir/my chip.pol"
sed 's/field_b.pol/sub dir\/my chip.pol/' "$D/field.out" >"$tmp/want"
(cd "$repo" && "$POLSIM" diff --no-prelude HEAD -- "sub dir/my chip.pol") >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" -eq 1 ] || { fail "REV -- FILE: exit $st"; cat "$tmp/err"; }
diff -u "$tmp/want" "$tmp/out" || fail "REV -- FILE: output differs"
# from inside the folder, with the path relative to it
(cd "$repo/sub dir" && "$POLSIM" diff --no-prelude HEAD -- "my chip.pol") >"$tmp/out2" 2>&1
[ "$(grep -c . "$tmp/out2")" -eq 5 ] || { fail "REV -- FILE from a sub-folder"; cat "$tmp/out2"; }
# unchanged since HEAD: no output, 0
(cd "$repo" && "$POLSIM" diff --no-prelude HEAD -- "sub dir/world.pol") >"$tmp/out" 2>&1
st=$?
if [ "$st" -ne 0 ] || [ -s "$tmp/out" ]; then fail "REV -- FILE unchanged: exit $st"; fi
# a revision git does not know: 66 and polsim's message after git's
(cd "$repo" && "$POLSIM" diff --no-prelude no-such-rev -- "sub dir/world.pol") >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" -eq 66 ] || fail "unknown revision: exit $st, wanted 66"
grep -q "^polsim: error: cannot read 'sub dir/world.pol' at revision 'no-such-rev' from git$" "$tmp/err" ||
    { fail "unknown revision: message"; cat "$tmp/err"; }
# an error in the old version is named REV:FILE
cp "$D/bad.pol" "$repo/sub dir/broken.pol"
g add "sub dir/broken.pol" && g commit -qm broken
cp "$D/field_a.pol" "$repo/sub dir/broken.pol"
(cd "$repo" && "$POLSIM" diff --color never --no-prelude HEAD -- "sub dir/broken.pol") >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" -eq 65 ] || fail "error in the old version: exit $st"
grep -q "^HEAD:sub dir/broken.pol:3:24: error: unexpected name 'nv', expected ':'$" "$tmp/err" ||
    { fail "error in the old version: message"; cat "$tmp/err"; }
g checkout -q -- "sub dir/broken.pol"

# The git diff driver, set up as the README says.
g config diff.polsim.command "POLSIM='$POLSIM' POLSIM_DIFF_OPTIONS=--no-prelude sh '$ROOT/tools/polsim-git-diff'"
echo '*.pol diff=polsim' >"$repo/.gitattributes"
{ echo "polsim diff a/sub dir/my chip.pol b/sub dir/my chip.pol"; sed 's/field_b.pol/b\/sub dir\/my chip.pol/' "$D/field.out"; } >"$tmp/want"
g diff >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" -eq 0 ] || { fail "git diff with the driver: exit $st"; cat "$tmp/err"; }
diff -u "$tmp/want" "$tmp/out" || fail "git diff with the driver: output differs"
# a new file: the old side is /dev/null
cp "$D/defs_b.pol" "$repo/sub dir/new.pol"
g add -A
g diff --cached -- "sub dir/new.pol" >"$tmp/out" 2>"$tmp/err" || { fail "git diff --cached: failed"; cat "$tmp/err"; }
grep -q '^  added chip New "Blackwell for China"$' "$tmp/out" || { fail "driver on a new file"; cat "$tmp/out"; }
# --lines: a comment-only change shows the changed lines after a note (1);
# an error in either file shows them too (1, the message on stderr); the
# same files without --lines: nothing (0), and 65
printf 'let a = 1\n# old note\nlet b = 2\nlet c = 3\nlet d = 4\nlet e = 5\nlet f = 6\nlet g = 7\nlet h = 8\nlet i = 9\nlet j = 10\nlet k = 11\n' >"$tmp/c1.pol"
sed 's/old note/new note/; s/let k = 11/let k = 11   # eleven/' "$tmp/c1.pol" >"$tmp/c2.pol"
printf 'let a = 1\nlet b = 2 +\n' >"$tmp/c3.pol"
cat >"$tmp/want" <<'OUT'
note: no change in meaning (comments or layout); the lines that changed:
@@ -1,5 +1,5 @@
 let a = 1
-# old note
+# new note
 let b = 2
 let c = 3
 let d = 4
@@ -9,4 +9,4 @@
 let h = 8
 let i = 9
 let j = 10
-let k = 11
+let k = 11   # eleven
OUT
"$POLSIM" diff --no-prelude --lines "$tmp/c1.pol" "$tmp/c2.pol" >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" -eq 1 ] || { fail "--lines, comments: exit $st"; cat "$tmp/err"; }
diff -u "$tmp/want" "$tmp/out" || fail "--lines, comments: output differs"
"$POLSIM" diff --no-prelude "$tmp/c1.pol" "$tmp/c2.pol" >"$tmp/out" 2>&1
st=$?
if [ "$st" -ne 0 ] || [ -s "$tmp/out" ]; then fail "comments without --lines: exit $st"; cat "$tmp/out"; fi
"$POLSIM" diff --no-prelude --lines "$tmp/c1.pol" "$tmp/c1.pol" >"$tmp/out" 2>&1
st=$?
if [ "$st" -ne 0 ] || [ -s "$tmp/out" ]; then fail "--lines, the same file: exit $st"; cat "$tmp/out"; fi
for order in "c1 c3" "c3 c1"; do
    set -- $order
    "$POLSIM" diff --no-prelude --color never --lines "$tmp/$1.pol" "$tmp/$2.pol" >"$tmp/out" 2>"$tmp/err"
    st=$?
    [ "$st" -eq 1 ] || fail "--lines, an error ($order): exit $st"
    grep -q "^note: $tmp/c3.pol has an error (its message is on standard error), so words cannot tell; the lines that changed:\$" "$tmp/out" ||
        { fail "--lines, an error ($order): no note"; cat "$tmp/out"; }
    grep -q '^@@ -1,12 +1,2 @@$\|^@@ -1,2 +1,12 @@$' "$tmp/out" || { fail "--lines, an error ($order): no hunk"; cat "$tmp/out"; }
    grep -q '^[-+]let b = 2 +$' "$tmp/out" || { fail "--lines, an error ($order): the bad line"; cat "$tmp/out"; }
    grep -q "c3.pol:2:12: error: unexpected end of input" "$tmp/err" || { fail "--lines, an error ($order): message"; cat "$tmp/err"; }
    "$POLSIM" diff --no-prelude --color never "$tmp/$1.pol" "$tmp/$2.pol" >/dev/null 2>&1
    st=$?
    [ "$st" -eq 65 ] || fail "an error without --lines ($order): exit $st"
done
# the driver: a working copy with a syntax error, then a comment-only change
g checkout -q -- .
printf 'define chip Zq { vendor: nvidia; fp16: 1 TFLOPS\n' >>"$repo/sub dir/world.pol"
g diff >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" -eq 0 ] || { fail "driver on a syntax error: exit $st"; cat "$tmp/err"; }
grep -q "^note: b/sub dir/world.pol has an error" "$tmp/out" || { fail "driver on a syntax error: no note"; cat "$tmp/out" "$tmp/err"; }
grep -q '^+define chip Zq { vendor: nvidia; fp16: 1 TFLOPS$' "$tmp/out" || { fail "driver on a syntax error: no line"; cat "$tmp/out"; }
g checkout -q -- .
sed '1s/^/# a new first comment\n/' "$repo/sub dir/world.pol" >"$tmp/w" && cat "$tmp/w" >"$repo/sub dir/world.pol"
g diff >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" -eq 0 ] || { fail "driver on a comment: exit $st"; cat "$tmp/err"; }
grep -q "^note: no change in meaning (comments or layout)" "$tmp/out" && grep -q '^+# a new first comment$' "$tmp/out" ||
    { fail "driver on a comment: nothing shown"; cat "$tmp/out" "$tmp/err"; }
exit "$((fails > 0))"
