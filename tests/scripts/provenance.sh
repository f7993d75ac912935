#!/bin/sh
# provenance.sh POLSIM ROOT: `--provenance` ends a text run with one line
# naming the version, the stdlib data date and a hash of the files read; JSON
# ends with a {"type":"provenance"} object unless --no-provenance; the hash
# follows the contents (and base names) of the files, not their folders.
set -eu
POLSIM=$1
ROOT=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "provenance: $*"; exit 1; }
version=$("$POLSIM" --version | sed 's/^polsim //')
date=$(sed -n 's/^# data: \([0-9-]\{10\}\).*/\1/p' "$ROOT/stdlib/prelude.pol")
[ -n "$date" ] || fail "stdlib/prelude.pol has no '# data: YYYY-MM-DD' line"
mkdir "$tmp/a" "$tmp/b"
printf 'print 1 + 1\n' >"$tmp/a/s.pol"
cp "$tmp/a/s.pol" "$tmp/b/s.pol"

# text: off by default, one last line with --provenance
"$POLSIM" "$tmp/a/s.pol" >"$tmp/plain"
[ "$(cat "$tmp/plain")" = 2 ] || fail "text output without --provenance: $(cat "$tmp/plain")"
"$POLSIM" --provenance "$tmp/a/s.pol" >"$tmp/t1"
[ "$(wc -l <"$tmp/t1")" -eq 2 ] || fail "expected 2 lines: $(cat "$tmp/t1")"
last=$(tail -n 1 "$tmp/t1")
# 7 stdlib files (prelude and its 6 imports, the last the recorded history) and s.pol;
# the history's last date is the data date of results read at the end of the timeline
echo "$last" | grep -Eq "^# polsim $version · stdlib data $date · history to 2026-10-01 · files fnv1a64:[0-9a-f]{16} \(8 files\)\$" ||
    fail "text line: $last"
hash1=$(echo "$last" | sed 's/.*fnv1a64:\([0-9a-f]*\).*/\1/')

# the same file in another folder: the same hash; --stdlib from the source tree: the same too
h() { "$POLSIM" --provenance "$@" | tail -n 1 | sed 's/.*fnv1a64:\([0-9a-f]*\).*/\1/'; }
[ "$(h "$tmp/b/s.pol")" = "$hash1" ] || fail "the hash depends on the folder"
[ "$(h --stdlib "$ROOT/stdlib" "$tmp/a/s.pol")" = "$hash1" ] || fail "--stdlib of the same files changes the hash"
# one changed byte: another hash
printf 'print 1 + 2\n' >"$tmp/b/s.pol"
[ "$(h "$tmp/b/s.pol")" != "$hash1" ] || fail "the hash ignores the file's contents"
# a changed stdlib file: another hash
cp -r "$ROOT/stdlib" "$tmp/stdlib"
printf '\n' >>"$tmp/stdlib/vendors.pol"
[ "$(h --stdlib "$tmp/stdlib" "$tmp/a/s.pol")" != "$hash1" ] || fail "the hash ignores the stdlib's contents"
# no prelude: no data date, only the file
"$POLSIM" --no-prelude --provenance "$tmp/a/s.pol" | tail -n 1 | grep -q '· stdlib data none · .* (1 file)$' ||
    fail "--no-prelude: $("$POLSIM" --no-prelude --provenance "$tmp/a/s.pol")"

# JSON: on by default, one final object naming the same hash; off with --no-provenance
"$POLSIM" --format json "$tmp/a/s.pol" >"$tmp/j1"
tail -n 1 "$tmp/j1" | grep -q "^{\"type\":\"provenance\",\"polsim\":\"$version\",\"stdlib_data\":\"$date\",\"files_hash\":\"fnv1a64:$hash1\",\"nfiles\":8,\"files\":\\[\"<stdlib>/prelude.pol\",.*\"<stdlib>/history.pol\",\"$tmp/a/s.pol\"\\],\"sources\":\\[.*\],\"history_to\":\"2026-10-01\"}\$" ||
    fail "json object: $(tail -n 1 "$tmp/j1")"
# each source with its size and its own FNV-1a 64 hash, computed here independently
tail -n 1 "$tmp/j1" | python3 -c '
import json, sys
o = json.load(sys.stdin)
s = o["sources"][-1]
h = 0xcbf29ce484222325
data = open(s["file"], "rb").read()
for b in data: h = ((h ^ b) * 0x100000001b3) % 2**64
assert len(o["sources"]) == o["nfiles"] == 8, o["sources"]
assert s["bytes"] == len(data) and s["hash"] == "fnv1a64:%016x" % h, (s, h)
' || fail "json sources: $(tail -n 1 "$tmp/j1")"
[ "$(grep -c '"type":"provenance"' "$tmp/j1")" -eq 1 ] || fail "json: not exactly one provenance object"
"$POLSIM" --format json --no-provenance "$tmp/a/s.pol" >"$tmp/j2"
[ "$(wc -l <"$tmp/j2")" -eq 1 ] && ! grep -q provenance "$tmp/j2" || fail "--no-provenance: $(cat "$tmp/j2")"
# CSV: only when asked
"$POLSIM" --format csv "$tmp/a/s.pol" | grep -q '^# polsim' && fail "csv has the line without --provenance"
"$POLSIM" --format csv --provenance "$tmp/a/s.pol" | tail -n 1 | grep -q "^# polsim $version · " || fail "csv --provenance"
# a run that stops at an error still says what it read
printf 'print nosuch\n' >"$tmp/bad.pol"
set +e
"$POLSIM" --provenance "$tmp/bad.pol" >"$tmp/e1" 2>/dev/null
rc=$?
set -e
[ "$rc" -eq 65 ] || fail "a run with an error: exit $rc"
grep -q '^# polsim .*(8 files)$' "$tmp/e1" || fail "no provenance after an error: $(cat "$tmp/e1")"
# check and test print no results: --provenance is a usage error there
set +e
"$POLSIM" test --provenance "$tmp/a/s.pol" >"$tmp/u.out" 2>"$tmp/u.err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "polsim test --provenance: exit $rc"
[ "$(cat "$tmp/u.err")" = "polsim: 'polsim test' prints no results to trace: no --provenance
Try 'polsim --help'." ] || fail "polsim test --provenance said: $(cat "$tmp/u.err")"
exit 0
