#!/bin/sh
# plot_files.sh POLSIM ROOT: `plot ... to "FILE"` renders through cairo: an
# SVG that parses as XML, 720 x 450, with the title, the axis (metric and
# unit), the items and the source line in its <title>/<desc>; a PNG of
# 720 x 450 that is not one flat colour. Line charts and histograms are
# rendered the same way by tests/unit/test_chart.c.
set -eu
POLSIM=$1
ROOT=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "plot_files: $*"; exit 1; }
cd "$tmp"
mkdir charts
cat >p.pol <<'POL'
plot compare H100, H20, B200 on fp16 to "charts/fp16.svg"
plot compare H100, H20, B200 on fp16, fp8 to "charts/both.png"
POL
"$POLSIM" p.pol >out 2>err || fail "polsim failed: $(cat err)"
[ "$(cat out)" = "plot written to charts/fp16.svg
plot written to charts/both.png" ] || fail "stdout: $(cat out)"
python3 - charts/fp16.svg <<'PY' || exit 1
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = '{http://www.w3.org/2000/svg}'
if root.tag != ns + 'svg': sys.exit('plot_files: root is %s' % root.tag)
if (root.get('width'), root.get('height')) not in (('720px', '450px'),):
    sys.exit('plot_files: size %s x %s' % (root.get('width'), root.get('height')))
title, desc = root.find(ns + 'title').text, root.find(ns + 'desc').text
want = ['fp16 (PFLOPS)', 'H100, H20, B200', 'source: polsim, p.pol:1; H100: [', 'vendor spec']
if title != 'fp16' or not all(w in desc for w in want):
    sys.exit('plot_files: title %r, desc %r' % (title, desc))
if len(root.findall('.//' + ns + 'use')) < 30: sys.exit('plot_files: too few glyphs drawn')
PY
info=$(python3 "$ROOT/tests/scripts/png_info.py" charts/both.png) || fail "png: $info"
set -- $info
[ "$1" = 720 ] && [ "$2" = 450 ] || fail "png size $1 x $2"
[ "$3" -ge 5 ] || fail "png has $3 colours: blank"
exit 0
