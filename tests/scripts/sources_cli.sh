#!/bin/sh
# sources_cli.sh POLSIM ROOT: `polsim sources NAME [FILE...]` against the
# expected outputs in tests/sources/: a cluster with its chip, a scenario
# with the rule and chip its policies name, a stdlib rule; the exact
# messages for an unknown name (with a suggestion), a let value, a missing
# file; --format json; and the help.
set -eu
POLSIM=$1
ROOT=$2
case $POLSIM in /*) ;; */*) POLSIM=$(pwd)/$POLSIM ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "sources_cli: $*"; exit 1; }
cd "$ROOT/tests/sources"

# golden NAME EXPECTED ARGS...: stdout must equal EXPECTED, exit 0
golden() {
    want=$1
    shift
    rc=0
    "$POLSIM" sources "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    [ $rc -eq 0 ] || fail "sources $*: exit $rc: $(cat "$tmp/err")"
    diff -u "$want" "$tmp/out" >&2 || fail "sources $*: stdout differs from $want"
}
golden cluster.out --no-prelude Rack mini.pol
golden scenario.out --no-prelude strict mini.pol
golden rule.out us_3a090_2023
golden cluster.json --format json --no-prelude Rack mini.pol
python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["type"]=="sources" and o["cited"][-1]=={"id":"no-such-entry","found":False}' \
    cluster.json 2>/dev/null || fail "cluster.json is not the expected JSON"

# error NAME EXPECTED STATUS ARGS...: stderr must equal EXPECTED, exit STATUS, no stdout
error() {
    want=$1
    status=$2
    shift 2
    rc=0
    "$POLSIM" sources "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    [ $rc -eq "$status" ] || fail "sources $*: exit $rc, expected $status"
    diff -u "$want" "$tmp/err" >&2 || fail "sources $*: stderr differs from $want"
    [ ! -s "$tmp/out" ] || fail "sources $*: printed on stdout: $(cat "$tmp/out")"
}
error unknown.err 2 H2O
error let.err 2 --no-prelude x mini.pol
error missing.err 66 H20 nofile.pol

# wrong usage, and the help
rc=0; "$POLSIM" sources >/dev/null 2>"$tmp/err" || rc=$?
[ $rc -eq 2 ] && grep -q "needs a NAME" "$tmp/err" || fail "no NAME: exit $rc, $(cat "$tmp/err")"
rc=0; "$POLSIM" sources --bogus H20 >/dev/null 2>"$tmp/err" || rc=$?
[ $rc -eq 2 ] && grep -q "unknown option '--bogus' for sources" "$tmp/err" || fail "bad option: exit $rc"
rc=0; "$POLSIM" sources --format xml H20 >/dev/null 2>"$tmp/err" || rc=$?
[ $rc -eq 2 ] && grep -q "unknown format 'xml' for sources" "$tmp/err" || fail "bad format: exit $rc"
"$POLSIM" sources --help | grep -q "^usage: polsim sources NAME" || fail "sources --help"
"$POLSIM" --help | grep -q "polsim sources NAME" || fail "polsim --help does not list sources"

# every stdlib chip's citations resolve: no "(not in docs/sources.md)"
for chip in H20 MI308 RTXPro6000D Rubin Ascend910C DGXH100 NVL144 CN nvidia; do
    "$POLSIM" sources "$chip" >"$tmp/out" || fail "sources $chip failed"
    ! grep -q "not in docs/sources.md" "$tmp/out" || fail "sources $chip: an unknown id: $(cat "$tmp/out")"
    grep -q "^cited ([1-9]" "$tmp/out" || fail "sources $chip cites nothing"
done
exit 0
