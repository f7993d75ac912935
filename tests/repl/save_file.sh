#!/bin/sh
# save_file.sh POLSIM: the REPL's :save on files that already exist, and the
# exit status of a session read from a pipe (polsim -i < script).
#   - the mode of the file replaced is kept (0600 stays 0600)
#   - a symbolic link is refused (polsim never writes through a link): the
#     link and the file it points to stay as they were
#   - a file with hard links is replaced at the name saved to (a new file);
#     its other names keep the old text
#   - no temporary file is left beside it
#   - relative imports typed in the session are rewritten for the saved
#     file's folder, so it runs from any current folder
#   - a failed :save or unknown :command exits 65, :load of a missing file 66
# Exits 0 when every check passes; prints "FAIL ..." for each that does not.
set -u
POLSIM=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
fail() { echo "FAIL save_file.sh: $*"; fails=$((fails + 1)); }

# session SCRIPT_TEXT: runs it as a piped REPL session in $tmp/w; sets rc,
# output in $tmp/out and $tmp/err.
session() {
    printf '%s\n' "$1" >"$tmp/script"
    (cd "$tmp/w" && "$POLSIM" --color=never -i <"$tmp/script" >"$tmp/out" 2>"$tmp/err")
    rc=$?
}
# mode_of FILE: its permission bits in octal.
mode_of() { stat -c %a "$1"; }

mkdir -p "$tmp/w/lib" "$tmp/w/out" "$tmp/w/other"
printf 'define chip Lib1 { vendor: nvidia; fp16: 5 TFLOPS }\n' >"$tmp/w/lib/defs.pol"

# --- mode, symbolic link, hard link ---
printf 'old\n' >"$tmp/w/out/private.pol"
chmod 600 "$tmp/w/out/private.pol"
ln -s out/private.pol "$tmp/w/link.pol"
printf 'old\n' >"$tmp/w/out/shared.pol"
ln "$tmp/w/out/shared.pol" "$tmp/w/other/shared2.pol"
session 'import "lib/defs.pol"
let twice = Lib1.fp16 * 2
:save out/private.pol
:save out/shared.pol'
[ "$rc" -eq 0 ] || fail "saving over existing files exited $rc: $(cat "$tmp/err")"
[ "$(mode_of "$tmp/w/out/private.pol")" = 600 ] || fail "mode 0600 became $(mode_of "$tmp/w/out/private.pol")"
grep -q '^let twice' "$tmp/w/out/private.pol" || fail "out/private.pol did not get the session"
grep -q '^let twice' "$tmp/w/out/shared.pol" || fail "the hard-linked name did not get the session"
[ "$(cat "$tmp/w/other/shared2.pol")" = old ] || fail "the other hard link was written: $(cat "$tmp/w/other/shared2.pol")"
cp "$tmp/w/out/private.pol" "$tmp/private.before"
session 'let a = 1
:save link.pol'
[ "$rc" -eq 65 ] || fail "saving through a symbolic link exited $rc, expected 65"
[ "$(cat "$tmp/err")" = "polsim: error: cannot write 'link.pol': it is a symbolic link (polsim does not write through links)" ] \
    || fail "saving through a symbolic link said: $(cat "$tmp/err")"
[ -L "$tmp/w/link.pol" ] || fail "the symbolic link was replaced by a file"
cmp -s "$tmp/w/out/private.pol" "$tmp/private.before" || fail "the file behind the link was written"
left=$(find "$tmp/w" -name '*.pol.*' -o -name '.polsim-*' | head -n 1)
[ -z "$left" ] || fail "a temporary file was left: $left"

# --- a new file gets 0666 less the umask ---
session ':save out/new.pol'
[ "$(mode_of "$tmp/w/out/new.pol")" = "$(umask_mode=$(umask); printf '%o' $((0666 & ~umask_mode)))" ] \
    || fail "a new file has mode $(mode_of "$tmp/w/out/new.pol")"

# --- imports rewritten for the saved file's folder ---
grep -qx 'import "../lib/defs.pol"' "$tmp/w/out/private.pol" \
    || fail "the import was not rewritten for out/: $(grep import "$tmp/w/out/private.pol")"
grep -q '^# run it with: polsim --allow-any-import private.pol$' "$tmp/w/out/private.pol" \
    || fail "the header does not say --allow-any-import for an import outside the folder"
out=$(cd / && "$POLSIM" --color=never --allow-any-import "$tmp/w/out/private.pol" -e 'print twice' 2>&1)
[ "$out" = "10 TFLOPS" ] || fail "the saved file did not run from another folder: $out"
session 'import "lib/defs.pol"
print Lib1.fp16
:save lib/s.pol'
grep -qx 'import "defs.pol"' "$tmp/w/lib/s.pol" || fail "import not rewritten for lib/: $(grep import "$tmp/w/lib/s.pol")"
grep -q '^# run it with: polsim s.pol$' "$tmp/w/lib/s.pol" || fail "the header asks for a flag it does not need"
out=$(cd / && "$POLSIM" --color=never "$tmp/w/lib/s.pol" 2>&1)
[ "$out" = "5 TFLOPS" ] || fail "the saved file did not run without flags from another folder: $out"

# --- exit status of a piped session ---
session ':save no_such_dir/x.pol'
[ "$rc" -eq 65 ] || fail "a failed :save exited $rc, expected 65"
[ "$(cat "$tmp/err")" = "polsim: error: cannot write 'no_such_dir/x.pol': No such file or directory" ] \
    || fail "a failed :save said: $(cat "$tmp/err")"
session ':nosuch'
[ "$rc" -eq 65 ] || fail "an unknown command exited $rc, expected 65"
session ':load missing.pol
print 1'
[ "$rc" -eq 66 ] || fail ":load of a missing file exited $rc, expected 66"
[ "$(cat "$tmp/err")" = "polsim: error: cannot open 'missing.pol': No such file or directory" ] \
    || fail ":load of a missing file said: $(cat "$tmp/err")"
session 'print nope
:load missing.pol'
[ "$rc" -eq 66 ] || fail "a missing file after an error exited $rc, expected 66"
session ':help nosuchtopic'
[ "$rc" -eq 65 ] || fail "an unknown help topic exited $rc, expected 65"
session 'print 1
:list chips
:help units'
[ "$rc" -eq 0 ] || fail "a session without errors exited $rc"

[ "$fails" -eq 0 ]
