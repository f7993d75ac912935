#!/bin/sh
# api_python.sh POLSIM ROOT: the Python package (python/, docs/python.md).
# Runs its pytest tests (python/tests) against the libpolsim.so just built
# (POLSIM_LIB), then installs the package the documented way into a
# virtualenv in a temporary folder, offline:
#     python3 -m pip install --no-build-isolation --no-index ./python
# (with the library copied in, as `make python` does) and runs
#     python3 -c "import polsim; print(polsim.run('print H20.tpp').records)"
# from elsewhere, checking it loaded the bundled library. Skips, saying
# why, when pytest or venv is missing (Debian: python3-pytest, python3-venv,
# python3-wheel; scripts/setup.sh installs them).
set -u
ROOT=$(cd "$2" && pwd)
POLSIM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
BUILD=$(dirname "$POLSIM")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "api_python: $*"; exit 1; }
lib="$BUILD/libpolsim.so.1"
[ -f "$lib" ] || fail "$lib is not built (make lib)"
PY=""
for p in /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import pytest' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
    echo "api_python: skipped: pytest is not installed (Debian package python3-pytest; scripts/setup.sh installs it)"
    exit 0
fi
# A sanitized library needs its runtimes loaded before python3 (which has none).
if nm "$lib" 2>/dev/null | grep -q '__asan_'; then
    asan=$(${CC:-cc} -print-file-name=libasan.so) ubsan=$(${CC:-cc} -print-file-name=libubsan.so)
    [ -f "$asan" ] || { echo "api_python: skipped: a sanitized library and no libasan.so to preload"; exit 0; }
    export LD_PRELOAD="$asan${ubsan:+ $ubsan}"
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" # python3's own allocations are not ours
fi
export PYTHONDONTWRITEBYTECODE=1
(cd "$tmp" && POLSIM_LIB="$lib" POLSIM="$POLSIM" PYTHONPATH="$ROOT/python" \
    "$PY" -m pytest -q -p no:cacheprovider "$ROOT/python/tests") >"$tmp/pytest.out" 2>&1 \
    || { cat "$tmp/pytest.out"; fail "pytest failed"; }
tail -n 1 "$tmp/pytest.out"
if [ -n "${LD_PRELOAD:-}" ]; then echo "api_python: sanitized build: the pip install check is left to the plain build"; exit 0; fi

# pip install ./python, offline, into a virtualenv
if ! "$PY" -c 'import ensurepip, setuptools, wheel' 2>/dev/null; then
    echo "api_python: pip install check skipped: $PY lacks venv, setuptools or wheel (python3-venv, python3-wheel)"
    exit 0
fi
mkdir "$tmp/src" && cp -r "$ROOT/python/pyproject.toml" "$ROOT/python/README.md" "$ROOT/python/polsim" "$tmp/src/" || exit 1
rm -rf "$tmp/src/polsim/__pycache__"
cp "$lib" "$tmp/src/polsim/libpolsim.so"
"$PY" -m venv --system-site-packages "$tmp/venv" >"$tmp/venv.out" 2>&1 || fail "python3 -m venv: $(cat "$tmp/venv.out")"
(cd "$tmp" && "$tmp/venv/bin/python3" -m pip install --no-build-isolation --no-index ./src) >"$tmp/pip.out" 2>&1 \
    || fail "pip install: $(tail -n 20 "$tmp/pip.out")"
mkdir "$tmp/elsewhere"
out=$(cd "$tmp/elsewhere" && env -u POLSIM_LIB "$tmp/venv/bin/python3" -c "import polsim; print(polsim.library_path); print(polsim.run('print H20.tpp').records)" 2>&1) \
    || fail "the installed package: $out"
echo "$out" | head -n 1 | grep -q "^$tmp/venv/lib/python3[0-9.]*/site-packages/polsim/libpolsim.so$" || fail "the installed package loaded another library: $out"
echo "$out" | grep -qF "'values': [{'metric': 'H20.tpp', 'subject': None, 'period': None, 'unit': '1', 'text': '2368', 'value': 2368.0, 'kind': 'number'}]" \
    || fail "the installed package printed: $out"
echo "api_python: pip install ./python (offline, in a virtualenv) works: $(echo "$out" | tail -n 1)"
