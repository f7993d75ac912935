#!/bin/sh
# valgrind.sh POLSIM: every example, the golden tests and a REPL-free error
# sample under valgrind's leak checker; fails on any leak or memory error.
set -u
POLSIM=${1:-build/polsim}
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is not installed"; exit 1; }
status=0; n=0
for f in examples/*.pol tests/golden/*.pol tests/errors/*.pol; do
    [ -f "$f" ] || continue
    args=$(sed -n 's/^# args: *//p' "$f" | head -n 1)
    # shellcheck disable=SC2086
    (cd "$(dirname "$f")" && valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
        "$OLDPWD/$POLSIM" --color=never $args "$(basename "$f")" >/dev/null 2>"/tmp/polsim-vg.$$")
    if [ $? -eq 99 ]; then echo "valgrind: errors in $f"; grep -v '^polsim\|^ *[0-9]* |\|error:' "/tmp/polsim-vg.$$" | head -20; status=1; fi
    n=$((n + 1))
done
rm -f "/tmp/polsim-vg.$$"
echo "valgrind: $n files checked, $( [ $status -eq 0 ] && echo clean || echo 'ERRORS' )"
exit $status
