#!/bin/sh
# report_examples.sh POLSIM ROOT: `polsim report` of every example is a page
# a reader can use (docs/language.md, "polsim report"): no result shows as
# raw JSON, a chart stands beside every series, compare and study (sweep,
# simulate), and headless Chromium lays each page out in 1280 and in 420
# pixels without a horizontal scroll bar for the page itself (wide tables
# scroll in their own box). Screenshots of both widths are left in
# $REPORT_SHOTS when it is set.
set -eu
POLSIM=$1
ROOT=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "report_examples: $*"; exit 1; }
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
frames=""
for f in "$ROOT"/examples/*.pol; do
    name=$(basename "$f" .pol)
    rc=0
    (cd "$ROOT" && "$POLSIM" report "examples/$name.pol" -o "$tmp/$name.html") 2>"$tmp/$name.err" || rc=$?
    [ "$rc" -le 1 ] && [ -s "$tmp/$name.html" ] || fail "$name: exit $rc: $(head -n 3 "$tmp/$name.err")"
    "$PY" - "$tmp/$name.html" <<'PY' || exit 1
import html.parser, sys
path = sys.argv[1]
name = path.rsplit('/', 1)[-1]
class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.sections = []   # [kind, svgs]
        self.depth = 0       # inside <svg>, <style> or <script>
        self.text = []
    def handle_starttag(self, tag, attrs):
        if tag == 'section': self.sections.append([dict(attrs).get('data-kind', ''), 0])
        if tag == 'svg' and self.sections: self.sections[-1][1] += 1
        if tag in ('svg', 'style', 'script'): self.depth += 1
    def handle_endtag(self, tag):
        if tag in ('svg', 'style', 'script'): self.depth -= 1
    def handle_data(self, data):
        if not self.depth: self.text.append(data)
p = Page()
p.feed(open(path, encoding='utf-8').read())
text = ''.join(p.text)
for needle in ('{"', '":{', '"type":'):
    if needle in text: sys.exit(f'report_examples: {name}: raw JSON shows: ...{text[max(0, text.index(needle) - 60):text.index(needle) + 60]}...')
for kind, svgs in p.sections:
    if kind in ('series', 'compare', 'sweep', 'simulate') and svgs == 0:
        sys.exit(f'report_examples: {name}: a {kind} without a chart')
if not p.sections: sys.exit(f'report_examples: {name}: no result')
PY
    frames="$frames $name"
done
command -v chromium >/dev/null || fail "chromium is not installed (scripts/setup.sh installs it)"
# One page holding every report twice, 1280 and 420 pixels wide; once all
# have loaded, its title lists the pages whose width overflows.
{
    printf '<!DOCTYPE html><html><head><title>pending</title></head><body>\n'
    for name in $frames; do
        printf '<iframe data-name="%s" src="%s.html" style="width:1280px;height:400px;border:0"></iframe>\n' "$name" "$name"
        printf '<iframe data-name="%s" src="%s.html" style="width:420px;height:400px;border:0"></iframe>\n' "$name" "$name"
    done
    cat <<'JS'
<script>
window.addEventListener("load", function () {
  var bad = [];
  document.querySelectorAll("iframe").forEach(function (f) {
    var d = f.contentDocument && f.contentDocument.documentElement;
    if (!d || !f.contentDocument.querySelector("h1")) bad.push(f.dataset.name + "@" + f.style.width + ":not-loaded");
    else if (d.scrollWidth > d.clientWidth) bad.push(f.dataset.name + "@" + f.style.width + ":" + d.scrollWidth + ">" + d.clientWidth);
  });
  document.title = bad.length ? "OVERFLOW " + bad.join(" ") : "ALL-FIT";
});
</script></body></html>
JS
} >"$tmp/all.html"
timeout 180 chromium --headless --no-sandbox --disable-gpu --no-first-run --allow-file-access-from-files \
    --user-data-dir="$tmp/profile" --window-size=1400,1000 --virtual-time-budget=10000 --dump-dom \
    "file://$tmp/all.html" >"$tmp/dom" 2>"$tmp/chromium.log" || fail "chromium failed: $(tail -n 3 "$tmp/chromium.log")"
title=$(sed -n 's:.*<title>\([^<]*\)</title>.*:\1:p' "$tmp/dom" | head -n 1)
[ "$title" = ALL-FIT ] || fail "pages wider than their window: $title"
if [ -n "${REPORT_SHOTS:-}" ]; then
    mkdir -p "$REPORT_SHOTS"
    for name in $frames; do
        for w in 1280 420; do
            timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
                --user-data-dir="$tmp/shot" --window-size=$w,2000 --screenshot="$REPORT_SHOTS/$name-$w.png" \
                "file://$tmp/$name.html" >/dev/null 2>&1 || fail "screenshot of $name at $w"
        done
    done
fi
exit 0
