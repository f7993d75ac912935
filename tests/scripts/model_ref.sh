#!/bin/sh
# model_ref.sh POLSIM ROOT: the yearly market model of polsim agrees, figure
# for figure, with tests/model_ref/ref.py, an implementation written from
# docs/model.md alone, on random small worlds (tests/model_ref/gen.py):
# 300 small ones and 100 larger ones here, and 100 read quarter by quarter
# against ref_time.py (the model over time); `python3
# tests/model_ref/compare.py build/polsim 2000 [--big] [--time]` for more.
# Skipped (passes) without python3.
set -eu
POLSIM=$1
ROOT=$2
command -v python3 >/dev/null 2>&1 || { echo "model_ref: no python3, skipped"; exit 0; }
python3 "$ROOT/tests/model_ref/compare.py" "$POLSIM" 300 1 >/dev/null || {
    python3 "$ROOT/tests/model_ref/compare.py" "$POLSIM" 300 1; exit 1; }
python3 "$ROOT/tests/model_ref/compare.py" "$POLSIM" 100 100001 --big >/dev/null || {
    python3 "$ROOT/tests/model_ref/compare.py" "$POLSIM" 100 100001 --big; exit 1; }
# the model over time (tests/model_ref/ref_time.py): 100 worlds by quarter
python3 "$ROOT/tests/model_ref/compare.py" "$POLSIM" 100 200001 --time >/dev/null || {
    python3 "$ROOT/tests/model_ref/compare.py" "$POLSIM" 100 200001 --time; exit 1; }
# two worlds whose groups of markets are cut apart (per-market stretches:
# rationed stock in a group no date touches; docs/model.md, "Over time" 2)
python3 "$ROOT/tests/model_ref/compare.py" "$POLSIM" 1 300896 --time >/dev/null || {
    python3 "$ROOT/tests/model_ref/compare.py" "$POLSIM" 1 300896 --time; exit 1; }
python3 "$ROOT/tests/model_ref/compare.py" "$POLSIM" 1 301475 --time >/dev/null || {
    python3 "$ROOT/tests/model_ref/compare.py" "$POLSIM" 1 301475 --time; exit 1; }
# the order of `define market` changes nothing (every tie is broken by name)
python3 "$ROOT/tests/model_ref/order.py" "$POLSIM" 60 >/dev/null || {
    python3 "$ROOT/tests/model_ref/order.py" "$POLSIM" 60; exit 1; }
