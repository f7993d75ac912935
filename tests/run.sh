#!/bin/sh
# run.sh BUILD: every test polsim has, ending with one line "N passed, N failed".
#   unit      build/tests/test_*      cmocka, TAP output
#   core      tests/core              `polsim --no-prelude test` (the language on its own)
#   scenarios tests/scenarios, examples   `polsim test` (asserts, with the stdlib)
#   golden    tests/golden/X.pol      stdout must equal X.out (and stderr X.err if present)
#             examples/X.pol          stdout must equal tests/golden/examples/X.out, exit 0
#                                     (regenerate them all: make golden-examples)
#   errors    tests/errors/X.pol      stderr must equal X.err; exit status as declared
#   repl      tests/repl/X.exp        expect scripts driving the REPL on a pseudo-terminal
#             tests/repl/X.sh         shell scripts given the polsim path (piped sessions, files)
#   hostile   tests/hostile/X.sh      scripted hostile inputs (pipes, devices, limits); exit 0 passes
#   layers    tools/layers.sh         includes go only to the same layer or below
#   scripts   tests/scripts/X.sh      `sh X.sh POLSIM ROOT` must exit 0 (checks across several runs)
# A .pol file may declare, in a comment line:  # args: --no-prelude   and   # exit: 65
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
POLSIM="$ROOT/$BUILD/polsim"
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

ok()   { passed=$((passed + 1)); }
bad()  { failed=$((failed + 1)); echo "FAIL $*"; }
directive() { sed -n "s/^# $1: *//p" "$2" | head -n 1; }
# run_case FILE.pol DEFAULT_EXIT: runs it from its folder with its declared
# args; sets name, dir, rc and want; output in $tmp/out and $tmp/err.
run_case() {
    name=$(basename "$1" .pol); dir=$(dirname "$1")
    args=$(directive args "$1"); want=$(directive exit "$1"); want=${want:-$2}
    # shellcheck disable=SC2086
    (cd "$dir" && "$POLSIM" --color=never $args "$name.pol" >"$tmp/out" 2>"$tmp/err")
    rc=$?
}

# --- unit tests (cmocka) ---
# unit_stopped BIN: the test BIN was running when it stopped (cmocka's plain
# output names a test before running it; stdbuf keeps that line when the
# binary dies, and ASan must accept stdbuf's preloaded library); empty if
# that cannot be told.
unit_stopped() {
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" CMOCKA_MESSAGE_OUTPUT=STDOUT \
        stdbuf -oL "$1" 2>/dev/null | sed -n 's/^\[ RUN      \] //p' | tail -n 1
}
for t in "$ROOT/$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    bin=$(basename "$t")
    CMOCKA_MESSAGE_OUTPUT=TAP "$t" >"$tmp/unit.out" 2>&1
    rc=$?
    plan=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$tmp/unit.out" | head -n 1)
    p=$(grep -c '^ok ' "$tmp/unit.out")
    f=$(grep -c '^not ok ' "$tmp/unit.out")
    passed=$((passed + p)); failed=$((failed + f))
    # "not ok 3 - name" or "not ok 3 name": one named line per failing test.
    grep '^not ok ' "$tmp/unit.out" | sed 's/^not ok [0-9]* *-* *//' | while IFS= read -r name; do
        echo "FAIL unit $bin: $name"
    done
    # A binary that died (a signal, an abort, a sanitizer) before it ran every
    # test it planned, or failed without naming a test, counts as one failure.
    if [ "$((p + f))" -ne "${plan:-0}" ]; then
        failed=$((failed + 1))
        running=$(unit_stopped "$t")
        echo "FAIL unit $bin: crashed (status $rc) after $((p + f)) of ${plan:-?} tests${running:+, while running $running}"
    elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        failed=$((failed + 1))
        echo "FAIL unit $bin: exited with status $rc though every test passed"
    fi
    if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ]; then grep -v '^ok ' "$tmp/unit.out" | sed 's/^/    /'; fi
done

# --- scenario tests and examples (polsim test) ---
for dir in tests/core tests/scenarios examples; do
    [ -d "$ROOT/$dir" ] || continue
    noprelude=""; [ "$dir" = tests/core ] && noprelude=--no-prelude
    (cd "$ROOT" && "$POLSIM" --color=never $noprelude test "$dir") >"$tmp/scen.out" 2>&1
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$tmp/scen.out" | tail -n 1)
    if [ -z "$line" ]; then
        bad "polsim test $dir printed no summary"; cat "$tmp/scen.out"; continue
    fi
    p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
    passed=$((passed + p)); failed=$((failed + f))
    # polsim test names each failing file ("FAIL FILE (..)"); the asserts follow.
    if [ "$f" -gt 0 ]; then
        sed -n 's/^FAIL /FAIL scenario /p' "$tmp/scen.out"
        grep -v '^ok \|^FAIL \|^[0-9]* passed, [0-9]* failed$' "$tmp/scen.out" | sed 's/^/    /'
    fi
done

# --- golden output tests ---
for pol in "$ROOT"/tests/golden/*.pol; do
    [ -f "$pol" ] || continue
    run_case "$pol" 0
    if [ "$rc" -ne "$want" ]; then bad "golden $name: exit $rc, expected $want"; cat "$tmp/err"; continue; fi
    if ! diff -u "$dir/$name.out" "$tmp/out" >"$tmp/diff"; then bad "golden $name: stdout differs"; cat "$tmp/diff"; continue; fi
    if [ -f "$dir/$name.err" ] && ! diff -u "$dir/$name.err" "$tmp/err" >"$tmp/diff"; then
        bad "golden $name: stderr differs"; cat "$tmp/diff"; continue
    fi
    ok
done

# --- the examples' complete output (regenerate: make golden-examples) ---
for pol in "$ROOT"/examples/*.pol; do
    [ -f "$pol" ] || continue
    run_case "$pol" 0
    gold="$ROOT/tests/golden/examples/$name.out"
    if [ ! -f "$gold" ]; then bad "golden example $name: no tests/golden/examples/$name.out (make golden-examples)"; continue; fi
    if [ "$rc" -ne "$want" ]; then bad "golden example $name: exit $rc, expected $want"; cat "$tmp/err"; continue; fi
    if ! diff -u "$gold" "$tmp/out" >"$tmp/diff"; then
        bad "golden example $name: stdout differs (if intended: make golden-examples)"; cat "$tmp/diff"; continue
    fi
    ok
done

# --- error corpus: located message, exact text, nonzero exit below 128 ---
for pol in "$ROOT"/tests/errors/*.pol; do
    [ -f "$pol" ] || continue
    run_case "$pol" 65
    if [ "$rc" -ge 128 ]; then bad "error $name: crashed (status $rc)"; cat "$tmp/err"; continue; fi
    if [ "$rc" -ne "$want" ]; then bad "error $name: exit $rc, expected $want"; cat "$tmp/err"; continue; fi
    if ! grep -qE '^[^ ]+:[0-9]+:[0-9]+: error: |^polsim: error: ' "$tmp/err"; then bad "error $name: no located message"; cat "$tmp/err"; continue; fi
    if [ ! -f "$dir/$name.err" ]; then bad "error $name: no $name.err"; cat "$tmp/err"; continue; fi
    if ! diff -u "$dir/$name.err" "$tmp/err" >"$tmp/diff"; then bad "error $name: message differs"; cat "$tmp/diff"; continue; fi
    ok
done

# --- REPL through a pseudo-terminal ---
for exp in "$ROOT"/tests/repl/*.exp; do
    [ -f "$exp" ] || continue
    if ! command -v expect >/dev/null 2>&1; then bad "repl $(basename "$exp"): expect is not installed"; continue; fi
    if (cd "$tmp" && POLSIM="$POLSIM" TERM=dumb HOME="$tmp" XDG_STATE_HOME="$tmp/state" expect "$exp") >"$tmp/repl.out" 2>&1; then ok
    else bad "repl $(basename "$exp")"; tail -n 20 "$tmp/repl.out" | sed 's/^/    /'; fi
done

# --- REPL scripts: tests/repl/X.sh POLSIM, exit 0 on pass ---
for t in "$ROOT"/tests/repl/*.sh; do
    [ -f "$t" ] || continue
    if (cd "$tmp" && HOME="$tmp" XDG_STATE_HOME="$tmp/state" sh "$t" "$POLSIM") >"$tmp/sh.out" 2>&1; then ok
    else bad "repl $(basename "$t")"; sed 's/^/    /' "$tmp/sh.out"; fi
done

# --- hostile input: scripts tests/hostile/X.sh, each in a fresh folder; exit 0 passes ---
for t in "$ROOT"/tests/hostile/*.sh; do
    [ -f "$t" ] || continue
    d=$(mktemp -d "$tmp/hostile.XXXXXX")
    if (cd "$d" && POLSIM="$POLSIM" sh "$t") >"$tmp/hostile.out" 2>&1; then ok
    else bad "hostile $(basename "$t" .sh)"; sed 's/^/    /' "$tmp/hostile.out"; fi
    rm -rf "$d"
done

# --- layers: no source file includes a header of a layer above its own ---
if sh "$ROOT/tools/layers.sh" >"$tmp/layers.out" 2>&1; then ok
else bad "layers"; sed 's/^/    /' "$tmp/layers.out"; fi

# --- scripted checks ---
for script in "$ROOT"/tests/scripts/*.sh; do
    [ -f "$script" ] || continue
    if sh "$script" "$POLSIM" "$ROOT" >"$tmp/script.out" 2>&1; then ok
    else bad "script $(basename "$script")"; tail -n 40 "$tmp/script.out" | sed 's/^/    /'; fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
