#!/bin/sh
# editor.sh POLSIM ROOT: the editor files (editor/) are what
# tools/editor_gen.py makes from the sources today (regenerated into a
# temporary folder and compared, so they cannot go stale); Vim loads the
# syntax file without an error and gives every keyword of the examples a
# keyword group and every comment the comment group; the TextMate grammar
# does the same under vscode-textmate with vscode-oniguruma (textmate.js),
# installed from npm into build/node. A missing tool fails the test.
set -eu
ROOT=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "editor: $*"; exit 1; }
cd "$ROOT"

# 1. the committed files are the generator's output
command -v python3 >/dev/null || fail "python3 is missing (scripts/setup.sh installs it)"
python3 tools/editor_gen.py "$tmp/gen"
diff -ru "$tmp/gen" editor -x README.md -x nvim || fail "editor/ is stale: run 'python3 tools/editor_gen.py' and commit"

# 2. Vim: no error loading it; keywords and comments of every example highlighted
command -v vim >/dev/null || fail "vim is missing (Debian package vim; scripts/setup.sh installs it)"
sed -n '/} *KEYWORDS\[\] *= *{/,/^};/p' grammar/lexer.l | grep -o '{"[a-z_]*"' | tr -d '{"' >"$tmp/keywords"
[ "$(wc -l <"$tmp/keywords")" -ge 30 ] || fail "keywords not read from grammar/lexer.l"
cat >"$tmp/check.vim" <<'VIM'
" Every keyword (not after '.') and every comment of the current buffer
" highlighted as such; failures appended to $OUT.
let s:kw = {}
for s:w in readfile($KEYWORDS) | let s:kw[s:w] = 1 | endfor
let s:bad = []
if &filetype !=# 'polsim' || get(b:, 'current_syntax', '') !=# 'polsim'
  call add(s:bad, expand('%') . ': filetype ' . &filetype . ', syntax ' . get(b:, 'current_syntax', 'none'))
endif
let s:n = 0
for s:l in range(1, line('$'))
  let s:text = getline(s:l)
  let s:c = match(s:text, '\<\h\w*\>')
  while s:c >= 0
    let s:word = matchstr(s:text, '\<\h\w*\>', s:c)
    let s:group = synIDattr(synID(s:l, s:c + 1, 1), 'name')
    if has_key(s:kw, s:word) && (s:c == 0 || s:text[s:c - 1] !=# '.') && s:group !~# '^polsim\(Comment\|Todo\|String\|Escape\)$'
      let s:n += 1
      if s:group !~# '^polsim\(Statement\|Kind\|Operator\|Boolean\|Keyword\)$'
        call add(s:bad, expand('%') . ':' . s:l . ':' . (s:c + 1) . ': keyword ' . s:word . ' is ' . s:group)
      endif
    endif
    let s:c = match(s:text, '\<\h\w*\>', s:c + len(s:word))
  endwhile
  let s:h = match(s:text, '^\s*\zs#')
  if s:h >= 0 && synIDattr(synID(s:l, s:h + 1, 1), 'name') !=# 'polsimComment'
    call add(s:bad, expand('%') . ':' . s:l . ': comment is ' . synIDattr(synID(s:l, s:h + 1, 1), 'name'))
  endif
endfor
call writefile(s:bad + ['checked ' . s:n], $OUT, 'a')
VIM
for f in examples/*.pol; do
    OUT="$tmp/vim.out" KEYWORDS="$tmp/keywords" vim -es -N -u NONE -i NONE -c 'set rtp+=editor/vim' -c 'syntax on' \
        -c "e $f" -c "source $tmp/check.vim" -c 'qa!' >"$tmp/vim.msg" 2>&1 </dev/null ||
        fail "vim exited with status $? on $f: $(cat "$tmp/vim.msg")"
    [ ! -s "$tmp/vim.msg" ] || fail "vim printed messages on $f: $(cat "$tmp/vim.msg")"
done
if grep -v '^checked ' "$tmp/vim.out"; then fail "vim highlighting is wrong (above)"; fi
checked=$(awk '/^checked / { n += $2 } END { print n + 0 }' "$tmp/vim.out")
[ "$checked" -gt 100 ] || fail "vim: only $checked keywords checked"
echo "vim: $checked keywords in $(ls examples/*.pol | wc -l) examples highlighted as keywords"

# 3. TextMate: vscode-textmate tokenizes every example (and the stdlib)
command -v node >/dev/null && command -v npm >/dev/null || fail "node and npm are missing (Debian packages nodejs npm)"
mods="$ROOT/build/node/node_modules"
if [ ! -d "$mods/vscode-textmate" ] || [ ! -d "$mods/vscode-oniguruma" ]; then
    mkdir -p "$ROOT/build/node"
    npm install --prefer-offline --prefix "$ROOT/build/node" --no-save --no-audit --no-fund --loglevel=error \
        vscode-textmate@9 vscode-oniguruma@2 >"$tmp/npm.out" 2>&1 || fail "npm install failed: $(cat "$tmp/npm.out")"
fi
NODE_PATH="$mods" node tests/scripts/textmate.js editor/vscode/syntaxes/polsim.tmLanguage.json "$ROOT" \
    examples/*.pol stdlib/*.pol
