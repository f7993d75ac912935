#!/bin/sh
# layers.sh [-v]: checks that every source file includes only headers of its
# own layer or of layers below it (docs/architecture: support < lang < world
# < policy < model < run < report < api < cli), and that the evaluator (run) calls
# no function of the report layer: it hands records on (record.h), and that
# src/cli includes only polsim.h and the support and lang layers. Prints
# which layer includes which. With -v, every file's includes. Exit 1 on an
# upward include or call.
set -u
cd "$(dirname "$0")/.."
ORDER="support lang world policy model run report api cli"
# What a file of src/cli may include besides its own layer's headers: no
# exception (polsim diff compares two worlds through polsim_diff too).
CLI_MAY="support lang api cli"
rank() { i=0; for l in $ORDER; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo 99; }
# The layer a header belongs to: its folder under src/, or for include/ the
# layer of the source file of the same name (facts.h -> src/world/facts.c).
header_layer() {
    case "$1" in
        src/*/*) echo "$1" | cut -d/ -f2; return ;;
    esac
    base=$(basename "$1" .h)
    case "$base" in
        parser.tab|lexer.yy) echo lang; return ;;
        stdlib_embed) echo run; return ;;
        interp) echo run; return ;;
        texthash) echo support; return ;; # header-only
    esac
    f=$(ls src/*/"$base".c 2>/dev/null | head -n 1)
    [ -n "$f" ] && { echo "$f" | cut -d/ -f2; return; }
    echo "?"
}
bad=0
pairs=$(mktemp)
trap 'rm -f "$pairs"' EXIT
for f in src/*/*.c src/*/*.h include/*.h; do
    [ -f "$f" ] || continue
    case "$f" in include/*) from=$(header_layer "$f") ;; *) from=$(echo "$f" | cut -d/ -f2) ;; esac
    for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
        case "$h" in
            ../*) path=$(cd "$(dirname "$f")" && realpath --relative-to="$OLDPWD" "$h") ;;
            *) if [ -f "$(dirname "$f")/$h" ]; then path="$(dirname "$f")/$h"; else path="include/$h"; fi ;;
        esac
        to=$(header_layer "$path")
        [ "${1:-}" = -v ] && echo "$f -> $path ($to)"
        [ "$from" != "$to" ] && echo "$from $to" >>"$pairs"
        if [ "$(rank "$to")" -gt "$(rank "$from")" ]; then
            echo "layers: $f ($from) includes $path ($to), a layer above it"
            bad=1
        fi
        # The command line is built on the library's public API: besides
        # polsim.h it reads the support and lang layers only, never the
        # interpreter (interp.h), the world, the model or the report layer.
        if [ "$from" = cli ] && ! echo " $CLI_MAY " | grep -q " $to "; then
            echo "layers: $f (cli) includes $path ($to): the command line uses polsim.h, not the $to layer"
            bad=1
        fi
    done
done
# Calls: a function the report layer exports (report_*, study_point,
# chart_*, html_*, ...) named in a lower layer's source is a call upward.
upper_funcs=$(grep -hv '^static' src/report/*.c | sed -n 's/^[a-zA-Z_][a-zA-Z0-9_ *]*[ *]\([a-z_][a-z0-9_]*\)(.*/\1/p' | sort -u)
for f in src/*/*.c; do
    from=$(echo "$f" | cut -d/ -f2)
    [ "$(rank "$from")" -lt "$(rank report)" ] || continue
    for fn in $upper_funcs; do
        if grep -v '^\s*\(/\*\|\*\)' "$f" | grep -q "\b$fn(" 2>/dev/null; then
            echo "layers: $f ($from) calls $fn, a function of the report layer above it"
            bad=1
        fi
    done
done
echo "layer includes (lower layers to the right):"
for l in $ORDER; do
    below=$(awk -v l="$l" '$1 == l { print $2 }' "$pairs" | sort -u | tr '\n' ' ')
    printf '  %-8s -> %s\n' "$l" "${below:-(nothing)}"
done
[ "$bad" -eq 0 ] && echo "layers: no upward include or call"
exit "$bad"
