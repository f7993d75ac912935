#!/bin/sh
# build_loop.sh [N]: builds polsim and the unit tests from clean N times in a
# row (default 20) with `make -j2`, each into a fresh temporary BUILD folder,
# to catch parallel-build races (a generated header not yet written, a file
# made twice). Stops at the first failing build and shows its log; prints how
# many builds succeeded and how long they took. Run from anywhere; `make
# buildloop` runs it. Extra make arguments may come in $BUILD_LOOP_MAKEFLAGS
# (e.g. CC=clang).
set -u
N=${1:-20}
case $N in '' | *[!0-9]*) echo "usage: $0 [N]  (N a positive whole number)" >&2; exit 2 ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
work=$(mktemp -d "${TMPDIR:-/tmp}/polsim-buildloop.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM

# The unit test binaries, as the Makefile names them under BUILD.
units() {
    for src in tests/unit/test_*.c; do
        [ -f "$src" ] && printf '%s/tests/%s ' "$1" "$(basename "$src" .c)"
    done
}

start=$(date +%s)
ok=0
i=1
while [ "$i" -le "$N" ]; do
    build="$work/build"
    rm -rf "$build" # the equivalent of `make clean` for this BUILD
    # shellcheck disable=SC2046,SC2086
    if ! make -j2 BUILD="$build" ${BUILD_LOOP_MAKEFLAGS:-} all $(units "$build") >"$work/log" 2>&1; then
        echo "build_loop: build $i of $N FAILED after $ok clean builds; its log:"
        tail -n 40 "$work/log" | sed 's/^/    /'
        echo "build_loop: $ok of $N clean -j2 builds succeeded"
        exit 1
    fi
    for bin in "$build/polsim" $(units "$build"); do
        if [ ! -x "$bin" ]; then
            echo "build_loop: build $i of $N did not make $bin"
            echo "build_loop: $ok of $N clean -j2 builds succeeded"
            exit 1
        fi
    done
    ok=$((ok + 1))
    echo "build_loop: build $i of $N ok ($(($(date +%s) - start)) s so far)"
    i=$((i + 1))
done
echo "build_loop: $ok of $N clean -j2 builds succeeded in $(($(date +%s) - start)) s"
