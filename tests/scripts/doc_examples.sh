#!/bin/sh
# doc_examples.sh POLSIM ROOT: every code block of docs/language.md that is
# polsim code (fenced with ```polsim or with no language; ```text and others
# are not run) runs in a fresh interpreter with the prelude and exits 0. A
# block right after a line `<!-- error -->` shows a mistake on purpose: it must
# fail with exit 65 and a located message. New blocks are picked up as they are
# added. Prints "FAIL ..." for each block that does not behave; exits 0 when all do.
set -u
POLSIM=$1
ROOT=$2
DOC=$ROOT/docs/language.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Writes block N to $tmp/block_N.pol (with its first line number in block_N.line)
# and an empty block_N.error for a block marked <!-- error -->.
awk -v dir="$tmp" '
    /^```/ && !inblock {
        lang = substr($0, 4); sub(/[ \t]+$/, "", lang)
        inblock = 1
        if (lang == "" || lang == "polsim") {
            n++; run = 1
            f = dir "/block_" n ".pol"
            printf "" > f
            print NR + 1 > (dir "/block_" n ".line")
            if (marked) printf "" > (dir "/block_" n ".error")
        } else run = 0
        marked = 0
        next
    }
    /^```/ && inblock { inblock = 0; if (run) close(f); next }
    inblock && run { print > f; next }
    /^<!-- error -->[ \t]*$/ { marked = 1; next }
    NF { marked = 0 }
' "$DOC"

fails=0 total=0
for f in "$tmp"/block_*.pol; do
    [ -e "$f" ] || continue
    total=$((total + 1))
    b=${f%.pol}
    line=$(cat "$b.line")
    (cd "$tmp" && "$POLSIM" --color=never "$f" >"$b.out" 2>"$b.err")
    rc=$?
    if [ -e "$b.error" ]; then
        if [ "$rc" -ne 65 ] || ! grep -qE ':[0-9]+:[0-9]+: error: ' "$b.err"; then
            echo "FAIL doc_examples.sh: docs/language.md:$line: a block marked <!-- error --> exited $rc without a located error"
            fails=$((fails + 1))
        fi
    elif [ "$rc" -ne 0 ]; then
        echo "FAIL doc_examples.sh: docs/language.md:$line: the block exited $rc:"
        sed 's/^/    /' "$b.err" | head -n 8
        fails=$((fails + 1))
    fi
done
[ "$total" -gt 0 ] || { echo "FAIL doc_examples.sh: no code block found in $DOC"; exit 1; }
[ "$fails" -eq 0 ]
