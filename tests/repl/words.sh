#!/bin/sh
# words.sh POLSIM: REPL words and questions in a piped session (polsim -i):
#   - `1.4 TB/s -> GB/s` prints 1,400 GB/s; `ans` is the last value printed
#   - `help` alone is :help; `exit` and `quit` alone leave (later lines do not run)
#   - a name defined as `help` is a name, not the command
#   - :info NAME: a let value with its note and place, a chip's figures with
#     their notes and source, a function's usage; an unknown name suggests one
#   - :list policies: the policies in force as written, with file:line
#   - explain ... under SCENARIO from the prompt
# Exits 0 when every check passes; prints "FAIL ..." for each that does not.
set -u
POLSIM=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
fail() { echo "FAIL words.sh: $*"; fails=$((fails + 1)); }

# session TEXT: runs TEXT as a piped REPL session; sets rc, output in $tmp/out, $tmp/err.
session() {
    printf '%s\n' "$1" >"$tmp/script"
    (cd "$tmp" && "$POLSIM" --color=never -i <"$tmp/script" >"$tmp/out" 2>"$tmp/err")
    rc=$?
}
has() { grep -qF -- "$1" "$tmp/out" || fail "$2: no '$1' in: $(cat "$tmp/out" "$tmp/err")"; }
lacks() { ! grep -qF -- "$1" "$tmp/out" || fail "$2: '$1' should not be printed"; }
err_has() { grep -qF -- "$1" "$tmp/err" || fail "$2: no '$1' in stderr: $(cat "$tmp/err")"; }

session '1.4 TB/s -> GB/s
ans / 2
ans -> GB/s'
has "1,400 GB/s" "conversion"
has "700 GB/s" "ans after a conversion keeps the value"
[ "$rc" -eq 0 ] || fail "conversion session: exit $rc"

session 'help
print 41 + 1
exit
print 999'
has ":info NAME" "help word prints the help"
has "42" "statements after help run"
lacks "999" "exit word"
[ "$rc" -eq 0 ] || fail "help/exit session: exit $rc"

session 'quit
print 999'
lacks "999" "quit word"

session 'let help = 7
help + 1'
has "8" "a let named help is a name"

session 'let bw = 1.4 TB/s "BIS 2025 cap"
:info bw
:info H20
:info ratio
:info H2O
:info china'
err_has "unknown name 'china'; did you mean 'CN', whose title is \"China\"?" ":info on a title"
has "bw = 1.4 TB/s  (let, <repl>:1)" ":info on a let value"
has "source: BIS 2025 cap" ":info shows the let note"
has "int8               296 TOPS" ":info on a chip shows figures (int8 in TOPS)"
has "source:" ":info on a chip shows the source"
has "ratio(A, B)  (function)" ":info on a function"
err_has "unknown name 'H2O'; did you mean 'H20'?" ":info on an unknown name"
[ "$rc" -eq 65 ] || fail ":info on an unknown name: exit $rc, wanted 65"

session ':list policies
ban export of chip H20 to CN
apply tariff 25% on imports from US to CN
:list policies
scenario s without history { lift ban export of chip H20 to CN }
explain H20 in CN under s
explain H20 in CN'
has "ban chip H20 in CN" ":list policies lists the recorded history's policies in force"
has ", on 2025-08-12]" ":list policies says where and when a dated policy was made"
first=$(grep -m1 '^policies in force' "$tmp/out" | sed 's/[^0-9]//g')
second=$(grep '^policies in force' "$tmp/out" | sed -n 2p | sed 's/[^0-9]//g')
[ "$second" = "$((first + 2))" ] || fail ":list policies counts the two new ones: $first then $second"
has "ban export of chip H20 to CN" ":list policies shows the statement"
has "apply tariff 25% on imports from US to CN" ":list policies shows the second"
has "[<repl>:1]" ":list policies shows where"
has "explain H20 in CN  (scenario s)" "explain under a scenario from the prompt"
has "H20 is available in CN" "explain under s: the ban is lifted there, and s has no history"
has "H20 is not available in CN" "explain at the top: still banned"

printf ':list policies\n' >"$tmp/script"
(cd "$tmp" && "$POLSIM" --color=never --no-history -i <"$tmp/script" >"$tmp/out" 2>"$tmp/err")
has "no policy in force" ":list policies without history, before any"

[ "$fails" -eq 0 ]
