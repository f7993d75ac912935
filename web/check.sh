#!/bin/sh
# check.sh WASM_DIR POLSIM SHOTS: the browser playground built by `make
# wasm` (make web-check runs this). Under Node (web/check.js): values with
# units, a located error, history off, a sweep with its SVG chart, CSV, the
# step budget. In headless Chromium (web/check-browser.js): the page opened
# from file:// prints every example's text as POLSIM does, shows a syntax
# error's place, and gives back a share link; screenshots go to SHOTS.
set -eu
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
node "$here/check.js" "$dir/polsim.js"
node "$here/check-browser.js" "$dir/index.html" "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")" "$here/.." "$3"
