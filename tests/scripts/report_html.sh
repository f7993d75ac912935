#!/bin/sh
# report_html.sh POLSIM ROOT: `polsim report FILE -o out.html` writes one
# self-contained page (results, plots as inline SVG, explain traces, sources,
# provenance); headless Chromium renders it to a screenshot that is not blank
# and logs no console message for it. A control page that calls
# console.error shows the log is really read. Exit statuses: 1 with a failed
# assert (page written), 65 on an error (no page), 2 on wrong usage.
set -eu
POLSIM=$1
ROOT=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "report_html: $*"; exit 1; }
cd "$tmp"
cat >r.pol <<'POL'
define rule big "TPP of 4800 or more" { controlled: chip.tpp >= 4800 }
print H20.tpp, "a <caption> & more"
show chip H20
compare H100, H20 on fp16, price
explain H20 in CN
classify H100 under big
plot compare H100, H20, B200 on fp16
plot compare H100, H20 on fp16, fp8
assert H20.tpp < 4800
POL
"$POLSIM" report r.pol -o out.html 2>err || fail "exit $?: $(cat err)"
python3 - out.html <<'PY' || exit 1
import html.parser, re, sys
text = open(sys.argv[1], encoding='utf-8').read()
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.tags = {}; self.refs = []; self.stack = []
    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.refs += [v for k, v in attrs if k in ('src', 'href') and not k.startswith('xlink')]
p = P(); p.feed(text)
def need(cond, what):
    if not cond: sys.exit('report_html: ' + what)
need(text.startswith('<!DOCTYPE html>') and text.rstrip().endswith('</html>'), 'not a whole page')
need(p.tags.get('h1') == 1 and p.tags.get('svg') == 3, f"tags {p.tags}")  # two plots and the compare's bar chart
need(all(r.startswith(('data:', '#')) for r in p.refs), f"external references {p.refs}")
need('<script' not in text, 'a script in the page')
need('a &lt;caption&gt; &amp; more' in text, 'text is not escaped')
need('<p class="meta">8 results &middot; <span class="pass">1 assert passed</span></p>' in text, 'summary line')
need(re.search(r'explain H20 in CN.*?<ol class="steps"><li>', text, re.S), 'no explain trace')
need('classify H100 under big' in text, 'no classify trace')
need('&#10003; passed <code>H20.tpp &lt; 4800</code>' in text, 'no assert outcome')
need(re.search(r'<td>H20</td><td>chip</td><td class="note">&lt;stdlib&gt;/chips.pol:\d+</td><td>(\[[^\]]*\] )?vendor spec', text),
     'H20 and its source are not under Sources')
need(re.search(r'<td>r.pol</td><td class="n">\d+</td><td><code>fnv1a64:[0-9a-f]{16}</code>', text),
     'r.pol and its hash are not under Provenance')
need('id="c1-' in text and 'id="c2-' in text and 'id="c3-' in text, 'the three charts do not have their own ids')
PY
command -v chromium >/dev/null || fail "chromium is not installed (scripts/setup.sh installs it)"
printf '<!DOCTYPE html><html><body><script>console.error("control-message")</script></body></html>' >control.html
shot() { # shot NAME: screenshot and console log of NAME.html, in its own profile
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$tmp/profile-$1" --enable-logging=stderr --v=0 --window-size=1000,1400 \
        --screenshot="$tmp/$1.png" "file://$tmp/$1.html" >"$1.out" 2>"$1.log"
}
shot control &
control_pid=$!
shot out || fail "chromium failed on the report: $(tail -n 5 out.log)"
wait "$control_pid" || fail "chromium failed on the control page: $(tail -n 5 control.log)"
grep -q 'CONSOLE.*control-message' control.log || fail "the console log is not captured (control page)"
if grep -q 'CONSOLE' out.log; then fail "console messages: $(grep CONSOLE out.log)"; fi
info=$(python3 "$ROOT/tests/scripts/png_info.py" out.png) || fail "screenshot: $info"
set -- $info
[ "$1" = 1000 ] && [ "$2" = 1400 ] || fail "screenshot is $1 x $2"
[ "$3" -ge 20 ] || fail "screenshot has $3 colours: blank"

# a failed assert: the page is written, exit 1; an error: no page, exit 65
printf 'assert H20.tpp > 4800\n' >failing.pol
rc=0; "$POLSIM" report failing.pol -o failing.html 2>err || rc=$?
[ "$rc" -eq 1 ] || fail "failed assert: exit $rc"
grep -q '&#10007; FAILED <code>H20.tpp &gt; 4800</code> (left side 2368, right side 4800)' failing.html ||
    fail "the failed assert is not in the page"
printf 'print nosuch\n' >broken.pol
rc=0; "$POLSIM" report broken.pol -o broken.html 2>err || rc=$?
[ "$rc" -eq 65 ] && [ ! -e broken.html ] || fail "an error: exit $rc, page $(ls broken.html 2>&1)"
grep -q "polsim: no report written: the run stopped at an error" err || fail "error message: $(cat err)"
rc=0; "$POLSIM" report -o x.html 2>err || rc=$?
[ "$rc" -eq 2 ] && grep -q "polsim: 'polsim report' needs at least one file" err || fail "usage: exit $rc, $(cat err)"
exit 0
