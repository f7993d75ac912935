#!/bin/sh
# check.sh WASM_DIR: the browser playground built by `make wasm` (make
# wasm-check runs this). Under Node (web/check.js): values with units, a
# located error, history off, a sweep, CSV, the HTML page, the step budget.
# In headless Chromium, when installed: the page itself opened from file://
# runs the text given after #src= and shows its output and its error.
set -u
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
node "$here/check.js" "$dir/polsim.js" || exit 1
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then echo "wasm check: no chromium: the page itself not opened"; exit 0; fi
page="file://$(cd "$dir" && pwd)/index.html#src=print%20H20.tpp%0Aprint%20nope"
# the module compiles asynchronously: on a busy machine the virtual time
# can run out first, so up to three tries
for try in 1 2 3; do
    dom=$(timeout 60 "$browser" --headless --no-sandbox --disable-gpu --virtual-time-budget=20000 --dump-dom "$page" 2>/dev/null)
    echo "$dom" | grep -q 'data-ready="1"' && break
done
fail() { echo "wasm check: the page: $*"; echo "$dom" | grep -A3 'id="out"' | head -n 8; exit 1; }
echo "$dom" | grep -q 'data-ready="1"' || fail "the module did not load"
echo "$dom" | grep -q 'data-status="65"' || fail "the run's status is not 65"
echo "$dom" | grep -q '<pre id="out" aria-live="polite">2368$' || fail "no 2368 in the output"
echo "$dom" | grep -qF "&lt;playground&gt;:2:7: error: unknown name 'nope'" || fail "no located error"
echo "wasm check: the page runs from file:// in $("$browser" --version 2>/dev/null | head -n 1)"
