#!/bin/sh
# valgrind.sh POLSIM: every example, the golden tests and a REPL-free error
# sample under valgrind's leak checker; fails on any leak or memory error.
# POLSIM must be linked dynamically (`make valgrind` builds
# build/polsim-dynamic): valgrind sees no malloc in a static program. The
# chart helper beside it (valgrind does not follow POLSIM into it) is
# checked on a PNG and an SVG request.
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
# The chart helper on the requests the static polsim sends it, caught by a stand-in helper.
HELPER="$(dirname "$POLSIM")/polsim-chart"
if [ -x "$HELPER" ]; then
    vg=$(mktemp -d)
    mkdir "$vg/bin"
    cp "$POLSIM" "$vg/bin/polsim"
    printf '#!/bin/sh\ncat >"$(dirname "$0")/../req"\nexit 1\n' >"$vg/bin/polsim-chart"
    chmod +x "$vg/bin/polsim-chart"
    for kind in svg png; do
        (cd "$vg" && bin/polsim -e "plot compare H100, H20 on fp16 to \"c.$kind\"" >/dev/null 2>&1)
        mv "$vg/req" "$vg/req.$kind"
        valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
            --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
            "$HELPER" <"$vg/req.$kind" >"$vg/out.$kind" 2>"/tmp/polsim-vg.$$"
        rc=$?
        if [ $rc -ne 0 ] || [ ! -s "$vg/out.$kind" ]; then
            echo "valgrind: errors in the chart helper on a $kind request (status $rc)"; head -20 "/tmp/polsim-vg.$$"; status=1
        fi
        n=$((n + 1))
    done
    rm -rf "$vg"
fi
rm -f "/tmp/polsim-vg.$$"
echo "valgrind: $n files checked, $( [ $status -eq 0 ] && echo clean || echo 'ERRORS' )"
exit $status
