#!/bin/sh
# lsp.sh POLSIM ROOT: a scripted editor session with `polsim lsp` (see
# lsp_client.py): diagnostics, hover (names, fields, keywords), completion
# (after S. the scenario's names), definition, document symbols, formatting
# (as polsim fmt; a text that does not parse fails the request), bad messages,
# shutdown and exit; plus the usage of `polsim lsp` itself.
set -eu
POLSIM=$1
ROOT=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "lsp: $*"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "lsp: skipped (no python3)"; exit 0; }
"$POLSIM" lsp --help | grep -q '^usage: polsim lsp' || fail "lsp --help"
status=0
"$POLSIM" lsp extra 2>"$tmp/err" </dev/null || status=$?
[ "$status" -eq 2 ] || fail "lsp with an argument: status $status"
grep -q "lsp takes no arguments" "$tmp/err" || fail "lsp with an argument: $(cat "$tmp/err")"
# the end of input without shutdown: status 1
status=0
"$POLSIM" lsp </dev/null >/dev/null || status=$?
[ "$status" -eq 1 ] || fail "end of input without shutdown: status $status"
timeout 60 python3 "$ROOT/tests/scripts/lsp_client.py" "$POLSIM" "$tmp"
