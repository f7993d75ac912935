#!/bin/sh
# api_c.sh POLSIM ROOT: libpolsim (include/polsim.h) against the command
# line. The C example (examples/c/example.c, built by make) runs and prints
# what it should; a client of the static library renders every example file
# in text, JSON and CSV, kept and streamed, byte for byte as `polsim --format
# F --no-provenance` writes it, with the same diagnostics and exit status,
# and makes an HTML page of each; and the error corpus (tests/errors) gives
# the command line's messages and statuses; the
# public header compiles alone as C11 (-pedantic) and as C++; the shared
# library exports polsim_* and nothing else.
set -u
ROOT=$(cd "$2" && pwd)
POLSIM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
BUILD=$(dirname "$POLSIM")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "api_c: $*"; exit 1; }
CC=${CC:-cc}
# a sanitized build's library needs its runtime in the client too
SAN=""
if nm "$BUILD/libpolsim.a" 2>/dev/null | grep -q '__asan_'; then SAN="-fsanitize=address,undefined"; fi

# --- the example ---
ex="$BUILD/examples/c/example"
[ -x "$ex" ] || fail "$ex is not built (make lib)"
"$ex" >"$tmp/ex.out" 2>"$tmp/ex.err" || fail "the example exited $?: $(cat "$tmp/ex.err")"
for want in 'print at scenario:1:1 (2 figures)' '  H20.tpp = 2368  [2368 1]' '  H20.bandwidth = 4 TB/s  [4000000000000 B/s]' \
    '  H20/H100 tpp ratio = 0.1496  [0.149570490146539 1]' '  passed: the H20 is under the 4800 TPP line' \
    "error at second:3:7: unknown name 'H21'; did you mean 'H20'?" \
    '{"type":"print","file":"second","line":2,"scenario":"main","values":[{"value":2000000000000.0,"unit":"B/s","text":"2 TB/s"}],"metrics":["bw / 2"]}'; do
    grep -qxF -- "$want" "$tmp/ex.out" || fail "the example did not print '$want'; it printed: $(cat "$tmp/ex.out")"
done
[ ! -s "$tmp/ex.err" ] || fail "the example wrote to stderr: $(cat "$tmp/ex.err")"
# with a file: its records, and its status (65 for an error)
printf 'print 6 * 7 W\nprint nope\n' >"$tmp/bad.pol"
"$ex" "$tmp/bad.pol" >"$tmp/ex.out" 2>&1
rc=$?
[ "$rc" -eq 65 ] || fail "the example on a file with an error exited $rc, not 65"
grep -qxF '  6 * 7 W = 42 W  [42 J/s]' "$tmp/ex.out" || fail "the example on a file: $(cat "$tmp/ex.out")"
grep -qxF "error at $tmp/bad.pol:2:7 (0 figures)" "$tmp/ex.out" || fail "the example on a file: no located error: $(cat "$tmp/ex.out")"

# --- the header alone: C11 pedantic, and C++ ---
printf '#include <polsim.h>\nint main(void) { polsim_options o; polsim_options_init(&o); return o.stdlib - 1; }\n' >"$tmp/h.c"
$CC -std=c11 -Wall -Wextra -Werror -pedantic -I"$ROOT/include" -c -o "$tmp/h.o" "$tmp/h.c" || fail "polsim.h does not compile alone as C11"
if command -v c++ >/dev/null 2>&1; then
    cp "$tmp/h.c" "$tmp/h.cc"
    c++ -Wall -Wextra -Werror -I"$ROOT/include" -c -o "$tmp/hh.o" "$tmp/h.cc" || fail "polsim.h does not compile as C++"
fi

# --- every example, rendered by the library and by the command line ---
$CC -std=c11 $SAN -Wall -Wextra -Werror -I"$ROOT/include" -o "$tmp/render" "$ROOT/tests/api/render.c" \
    "$BUILD/libpolsim.a" -Wl,-Bstatic -ljansson -Wl,-Bdynamic -lm || fail "cannot build tests/api/render.c"
mkdir "$tmp/w" && cp -r "$ROOT/examples" "$tmp/w/" && cd "$tmp/w" || exit 1
n=0
for f in examples/*.pol; do
    for fmt in text json csv; do
        "$POLSIM" --color=never --format $fmt --no-provenance "$f" >"$tmp/cli.out" 2>"$tmp/cli.err"
        crc=$?
        for mode in $fmt stream-$fmt; do
            "$tmp/render" $mode "$f" >"$tmp/api.out" 2>"$tmp/api.err"
            arc=$?
            [ "$crc" -eq "$arc" ] || fail "$f ($mode): the library's status $arc, the command line's $crc: $(cat "$tmp/api.err")"
            cmp -s "$tmp/cli.out" "$tmp/api.out" || { diff -u "$tmp/cli.out" "$tmp/api.out" | head -20; fail "$f ($mode): the library's rendering differs"; }
            cmp -s "$tmp/cli.err" "$tmp/api.err" || { diff -u "$tmp/cli.err" "$tmp/api.err" | head -20; fail "$f ($mode): the library's diagnostics differ"; }
            n=$((n + 1))
        done
    done
    "$tmp/render" html "$f" >"$tmp/page.html" 2>"$tmp/api.err"
    grep -q '<html' "$tmp/page.html" || fail "$f: no HTML page: $(cat "$tmp/api.err")"
done
[ "$n" -ge 60 ] || fail "only $n renderings compared"

# --- the error corpus (one file each): the same messages and statuses ---
e=0
for pol in "$ROOT"/tests/errors/*.pol; do
    args=$(sed -n 's/^# args: *//p' "$pol" | head -n 1)
    case " $args " in *.pol*) continue ;; esac # a second file: not one run
    name=$(basename "$pol")
    # shellcheck disable=SC2086
    (cd "$(dirname "$pol")" && "$POLSIM" --color=never $args "$name" >"$tmp/cli.out" 2>"$tmp/cli.err")
    crc=$?
    # shellcheck disable=SC2086
    (cd "$(dirname "$pol")" && "$tmp/render" $args stream-text "$name" >"$tmp/api.out" 2>"$tmp/api.err")
    arc=$?
    [ "$crc" -eq "$arc" ] || fail "tests/errors/$name: the library's status $arc, the command line's $crc"
    cmp -s "$tmp/cli.err" "$tmp/api.err" || { diff -u "$tmp/cli.err" "$tmp/api.err" | head -20; fail "tests/errors/$name: the library's messages differ"; }
    cmp -s "$tmp/cli.out" "$tmp/api.out" || fail "tests/errors/$name: the library's output differs"
    e=$((e + 1))
done
[ "$e" -ge 150 ] || fail "only $e error files compared"

# --- the shared library's interface: polsim_* only ---
so="$BUILD/libpolsim.so"
[ -e "$so" ] || fail "$so is not built"
others=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' | grep -v '^polsim_' | grep -v '^_' | head -5)
[ -z "$others" ] || fail "libpolsim.so exports more than polsim_*: $others"
nm -D --defined-only "$so" | grep -q ' T polsim_run_file$' || fail "libpolsim.so does not export polsim_run_file"
echo "api_c: the example ran; $n renderings and $e error files equal the command line's; the header is C11 and C++; the .so exports polsim_* only"
