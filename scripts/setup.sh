#!/bin/sh
# setup.sh [wasm]: make sure the tools and libraries polsim builds with are
# present. Installs missing Debian packages with apt-get when it can (as
# root, or via sudo without a password); otherwise prints the exact command
# to run. `wasm` adds what the browser playground needs (make wasm
# web-check): emscripten and chromium.
set -u

missing=""
need() { # need PACKAGE TEST...
    pkg=$1; shift
    if ! "$@" >/dev/null 2>&1; then missing="$missing $pkg"; fi
}
has_header() { printf '#include <%s>\n' "$1" | ${CC:-cc} -E -x c - >/dev/null 2>&1; }

need make        command -v make
need gcc         command -v "${CC:-cc}"
need flex        command -v flex
need bison       command -v bison
need libreadline-dev has_header readline/readline.h
need libncurses-dev  test -f "$(${CC:-cc} -print-file-name=libtinfo.a)" # linked statically, with readline
need libjansson-dev  has_header jansson.h
need libcairo2-dev   has_header cairo/cairo.h   # charts: plot ... to "FILE.svg" or ".png", polsim report
need libcmocka-dev   sh -c 'printf "#include <stdarg.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <setjmp.h>\n#include <cmocka.h>\n" | ${CC:-cc} -E -x c - '
need expect      command -v expect
# tests/scripts/editor.sh: the generator, Vim, and vscode-textmate under node
need python3     command -v python3
need vim         command -v vim
need nodejs      command -v node
need npm         command -v npm
# tests/scripts/nvim.sh: the Neovim set-up of editor/README.md driven headless
need neovim      command -v nvim
# tests/scripts/report_html.sh: the report page rendered headless
need chromium     command -v chromium
# tests/scripts/install.sh: man -l on the installed page
need man-db      command -v man
# tests/scripts/shard.sh runs 4 shards with GNU parallel (without it, as background jobs)
need parallel    command -v parallel
# tests/scripts/csv_tidy.sh: every example's CSV loads in pandas with a numeric value column
need python3-pandas sh -c '/usr/bin/python3 -c "import pandas" || python3 -c "import pandas"'
# tests/scripts/api_install.sh: the installed libpolsim found through polsim.pc
need pkg-config  command -v pkg-config
# tests/scripts/api_python.sh: the Python package's tests (python/tests)
need python3-pytest sh -c '/usr/bin/python3 -c "import pytest" || python3 -c "import pytest"'
# and `pip install ./python` offline in a virtualenv (setuptools and wheel from Debian)
need python3-venv sh -c '/usr/bin/python3 -c "import ensurepip" || python3 -c "import ensurepip"'
need python3-wheel sh -c '/usr/bin/python3 -c "import setuptools, wheel"'
# tests/scripts/sweep_memory.sh: peak memory of a run
need time        test -x /usr/bin/time
# make wasm (web/): emscripten and its acorn; make web-check: chromium (above)
for group in "$@"; do
    case $group in
    wasm) need emscripten sh -c 'command -v emcc && test -d /usr/share/nodejs/acorn' ;;
    *) echo "setup.sh: unknown group '$group'"; exit 2 ;;
    esac
done

[ -z "$missing" ] && exit 0

echo "polsim: missing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "polsim: cannot install them without root. Run:"
    echo "    sudo apt-get update && sudo apt-get install -y$missing"
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "polsim: no apt-get here; install the equivalents of:$missing"
    exit 1
fi
echo "polsim: installing them with apt-get"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
# shellcheck disable=SC2086
if ! $SUDO apt-get install -y -qq $missing; then
    echo "polsim: apt-get failed. Install by hand:"
    echo "    sudo apt-get update && sudo apt-get install -y$missing"
    exit 1
fi
