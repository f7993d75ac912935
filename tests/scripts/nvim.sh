#!/bin/sh
# nvim.sh POLSIM ROOT: the Neovim set-up of editor/README.md
# (editor/nvim/polsim.lua) in the real `nvim --headless`, with polsim on the
# PATH: a .pol file gets the polsim filetype and the server; diagnostics
# arrive (the misspelt attribute, with the server's message); K (hover) on
# H100 shows its figures in a floating window; completion after `H100.`
# offers its attributes; gd (definition) on a let's name jumps to its let.
# Works on Debian's Neovim 0.7.2 (no vim.lsp.start) and newer. Skips, saying
# so, when nvim is not installed (scripts/setup.sh installs Debian's neovim).
set -u
POLSIM=$1
ROOT=$(cd "$2" && pwd)
if ! command -v nvim >/dev/null 2>&1; then
    echo "nvim: skipped: nvim is not installed (Debian package neovim; scripts/setup.sh installs it)"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/bin" "$tmp/home" "$tmp/work"
ln -s "$(cd "$(dirname "$POLSIM")" && pwd)/$(basename "$POLSIM")" "$tmp/bin/polsim"
printf 'let margin = 2\nlet big = H100.tpp * margin\nlet t = H100.tppp\n' >"$tmp/work/study.pol"
cat >"$tmp/check.lua" <<'LUA'
-- Runs after the file is opened; writes "ok ..." or "FAIL ..." lines to $OUT, then quits.
local out, bad = {}, 0
local function check(cond, what)
  table.insert(out, (cond and 'ok ' or 'FAIL ') .. what)
  if not cond then bad = bad + 1 end
end
local function finish()
  vim.fn.writefile(out, os.getenv('OUT'))
  vim.cmd(bad == 0 and 'qa!' or 'cquit!')
end
local ok, err = pcall(function()
  check(vim.bo.filetype == 'polsim', 'filetype polsim (got ' .. vim.bo.filetype .. ')')
  check(vim.wait(20000, function() return #vim.lsp.buf_get_clients(0) > 0 end, 50), 'the server is attached')
  -- diagnostics
  local diags = {}
  check(vim.wait(20000, function() diags = vim.diagnostic.get(0); return #diags > 0 end, 50), 'diagnostics arrive')
  local d = diags[1] or {}
  check(d.lnum == 2 and d.col == 13 and (d.message or ''):find("did you mean 'tpp'", 1, true) ~= nil,
        'the diagnostic on tppp: ' .. vim.inspect({ d.lnum, d.col, d.message }))
  check(vim.bo.omnifunc == 'v:lua.vim.lsp.omnifunc', 'omnifunc is the server (' .. vim.bo.omnifunc .. ')')
  -- hover with K: a floating window with H100's figures
  vim.api.nvim_win_set_cursor(0, { 2, 11 })
  vim.cmd('normal K')
  local text = ''
  check(vim.wait(10000, function()
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(w).relative ~= '' then
        text = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false), '\n')
        if text:find('chip H100', 1, true) then return true end
      end
    end
    return false
  end, 50), 'K shows H100 in a floating window: ' .. text:sub(1, 200))
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then vim.api.nvim_win_close(w, true) end
  end
  -- completion after H100.
  vim.api.nvim_buf_set_lines(0, 3, 3, false, { 'print H100.' })
  local params = { textDocument = vim.lsp.util.make_text_document_params(), position = { line = 3, character = 11 } }
  local labels = {}
  check(vim.wait(10000, function()
    local res = vim.lsp.buf_request_sync(0, 'textDocument/completion', params, 5000) or {}
    labels = {}
    for _, r in pairs(res) do
      local items = r.result and (r.result.items or r.result) or {}
      for _, it in ipairs(items) do labels[it.label] = true end
    end
    return labels['tpp'] ~= nil
  end, 200), 'completion after H100. offers tpp')
  check(labels['bandwidth'] and not labels['define'], 'completion after H100.: attributes only')
  -- gd on margin (line 2) jumps to its let on line 1
  vim.api.nvim_buf_set_lines(0, 3, 4, false, {})
  vim.api.nvim_win_set_cursor(0, { 2, 23 })
  vim.cmd('normal gd')
  check(vim.wait(10000, function() return vim.api.nvim_win_get_cursor(0)[1] == 1 end, 50),
        'gd on margin goes to line 1: ' .. vim.inspect(vim.api.nvim_win_get_cursor(0)))
end)
if not ok then check(false, 'error: ' .. tostring(err)) end
finish()
LUA
cd "$tmp/work" || exit 1
OUT="$tmp/out" PATH="$tmp/bin:$PATH" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" \
    XDG_DATA_HOME="$tmp/home/.local/share" XDG_STATE_HOME="$tmp/home/.local/state" XDG_CACHE_HOME="$tmp/home/.cache" \
    timeout 90 nvim --headless --clean -i NONE -n \
    -c "set rtp+=$ROOT/editor/vim" -c "luafile $ROOT/editor/nvim/polsim.lua" -c 'syntax on' \
    -c 'edit study.pol' -c "luafile $tmp/check.lua" >"$tmp/nvim.log" 2>&1 </dev/null
status=$?
echo "nvim: $(nvim --version | head -n 1)"
if [ -f "$tmp/out" ]; then cat "$tmp/out"; fi
if [ "$status" -ne 0 ] || [ ! -f "$tmp/out" ] || grep -q '^FAIL' "$tmp/out"; then
    echo "nvim: FAILED (status $status)"
    sed 's/^/    /' "$tmp/nvim.log" | tail -n 30
    exit 1
fi
