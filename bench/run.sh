#!/bin/sh
# run.sh [--quick | --check] POLSIM: the polsim benchmarks (bench/README.md).
# Sets up what the benchmarks need (python3 to run them; /usr/bin/time from
# the Debian `time` package; lua5.4 for the Lua peer and the start-up and
# check comparisons; numpy (Debian's python3-numpy) for the numpy peer of the
# sweep: installed with apt-get when missing and run as root, otherwise the
# command is printed and those rows are left out), builds the C peers into
# the folder beside POLSIM (build/bench/market, and build/bench/market_sweep,
# the prepared peer of the sweep), then runs bench/bench.py. Environment: BENCH_RUNS, BENCH_MAX_SCENARIOS, BENCH_MEM_MB,
# BENCH_TIMEOUT (see bench/bench.py), CC for the C peer.
set -eu
mode=
case "${1:-}" in --quick|--check) mode=$1; shift ;; esac
POLSIM=${1:-build/polsim}
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$POLSIM" ] || { echo "bench: no polsim at $POLSIM (run make first)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench: python3 is needed to run the benchmarks" >&2; exit 2; }

# need PROGRAM PACKAGE: installs PACKAGE when PROGRAM is missing and we are root.
need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bench: installing $2 (for $1)" >&2
        apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "$2" >/dev/null 2>&1; } || true
    fi
    command -v "$1" >/dev/null 2>&1 || echo "bench: $1 is missing; install it with: apt-get install -y $2" >&2
}
if [ "$mode" != --check ]; then
    need /usr/bin/time time
    [ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (apt-get install -y time)" >&2; exit 2; }
fi
need lua5.4 lua5.4
need luac5.4 lua5.4
# need_numpy: Debian's python3-numpy installs for /usr/bin/python3, which
# bench.py uses for the numpy peer when the python3 on the PATH has no numpy.
has_numpy() { python3 -c 'import numpy' 2>/dev/null || /usr/bin/python3 -c 'import numpy' 2>/dev/null; }
if ! has_numpy; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bench: installing python3-numpy (for the numpy peer)" >&2
        apt-get install -y python3-numpy >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y python3-numpy >/dev/null 2>&1; } || true
    fi
    has_numpy || echo "bench: numpy is missing; install it with: apt-get install -y python3-numpy" >&2
fi

peer="$(dirname "$POLSIM")/bench/market"
sweep_peer="$(dirname "$POLSIM")/bench/market_sweep"
# build_peer BINARY SOURCE: compiles SOURCE when BINARY is missing or older than a peer source.
build_peer() {
    if [ ! -x "$1" ] || [ -n "$(find "$2" "$here/peers/market.c" -newer "$1")" ]; then
        mkdir -p "$(dirname "$1")"
        ${CC:-cc} -std=c11 -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -o "$1" "$2" -lm
    fi
}
build_peer "$peer" "$here/peers/market.c"
build_peer "$sweep_peer" "$here/peers/market_sweep.c"
exec python3 "$here/bench.py" ${mode:+"$mode"} "$POLSIM" "$peer" "$sweep_peer"
