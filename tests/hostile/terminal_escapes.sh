# Text from a scenario (strings, titles, source notes, file names) that
# holds control bytes reaches a terminal as visible escapes (\x1b), never as
# the raw bytes a terminal would act on; a pipe or file gets the bytes as
# they are. Each command runs on a pseudo-terminal through script(1). SVG
# charts and HTML reports drop what XML forbids, so they stay well formed.
. "$(dirname "$0")/lib.inc"
command -v script >/dev/null || { echo "skipped: script(1) is not installed"; exit 0; }
ESC=$(printf '\033')
export TERM=dumb
# on_tty COMMAND: runs the shell command with stdout and stderr on a
# pseudo-terminal; what it showed in ./tty.
on_tty() { timeout 20 script -qec "$1" /dev/null >tty 2>&1 </dev/null; }
# no_raw WHAT TEXT: the terminal got TEXT escaped and no raw ESC.
no_raw() {
    ! grep -q "$ESC" tty || fail "$1: a raw ESC reached the terminal: $(od -c tty | head -n 5)"
    grep -qF -- "$2" tty || fail "$1: the terminal lacks '$2': $(cat tty)"
}
P="'$POLSIM' --color=never"
Q="'$POLSIM'" # the subcommands take no --color

cat >defs.pol <<EOF2
define chip Evil "Ti${ESC}]0;pwned${ESC}\\\\tle" { vendor: nvidia; fp16: 100 TFLOPS "note ${ESC}[2J here"; source: "src ${ESC}[31m red" }
EOF2
printf 'import "defs.pol"\nprint "x%s[31my"\nshow Evil\nplot compare H100, Evil on fp16\n' "$ESC" >s.pol
on_tty "$P s.pol"
no_raw "print" 'x\x1b[31my'
no_raw "show header" 'Ti\x1b]0;pwned\x1b\tle'
no_raw "show note" 'note \x1b[2J here'
no_raw "plot source line" 'src \x1b[31m red'
"$POLSIM" --color=never s.pol >piped 2>&1
grep -q "x${ESC}\[31my" piped || fail "a pipe should get the bytes as they are: $(od -c piped | head -n 3)"

sed "s/note /other note /" defs.pol >defs2.pol
on_tty "$Q diff defs.pol defs2.pol"
no_raw "diff" 'note \x1b[2J here'

bad=$(printf 'bad%s[2Jname.pol' "$ESC")
printf 'assert 1 == 2\n' >"$bad"
on_tty "$P test ./bad*name.pol"
no_raw "test FAIL line" 'FAIL ./bad\x1b[2Jname.pol'
printf 'let   a=1\n' >"$bad"
on_tty "'$POLSIM' fmt --check ./bad*name.pol"
no_raw "fmt --check" './bad\x1b[2Jname.pol'
on_tty "$Q sources 'Evil${ESC}[5m' defs.pol"
no_raw "sources NAME" "no definition named 'Evil\\x1b[5m'"

cp "$bad" loadme.pol
printf 'import "defs.pol"\n:info Evil\nlet t = "a%sb" "note %s[1m"\n:info t\n:load loadme%s.pol\n:save saved%s.pol\n' "$ESC" "$ESC" "$ESC" "$ESC" >session
cp loadme.pol "loadme${ESC}.pol"
on_tty "$P -i <session"
no_raw ":info of a definition" 'note \x1b[2J here'
no_raw ":info of a let" 'note \x1b[1m'
no_raw "loaded" 'loaded loadme\x1b.pol'
no_raw "saved" 'to saved\x1b.pol'

# SVG and HTML: well formed despite control bytes in titles and notes
if command -v xmllint >/dev/null; then
    printf 'import "defs.pol"\nplot compare H100, Evil on fp16 to "evil.svg"\n' >svg.pol
    run svg.pol
    expect_rc 0 "plot to evil.svg"
    xmllint --noout evil.svg 2>xml.err || fail "the SVG is not well-formed XML: $(head -n 3 xml.err)"
    grep -qF 'src \x1b[31m red' evil.svg || fail "the SVG lost the source note"
    timeout 20 "$POLSIM" report s.pol -o evil.html >out 2>err || fail "report failed: $(cat err)"
    ! grep -q "$ESC" evil.html || fail "the HTML page holds a raw ESC"
    grep -qF 'note \x1b[2J here' evil.html || fail "the HTML page lost the note"
fi
exit 0
