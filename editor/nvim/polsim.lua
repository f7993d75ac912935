-- polsim.lua: Neovim set-up for polsim scenario files (.pol): the filetype
-- and the language server `polsim lsp`, without nvim-lspconfig. Works on
-- Neovim 0.7 (Debian 12's 0.7.2, which has no vim.lsp.start) and newer.
-- Load it from init.lua:   dofile('/path/to/polsim/editor/nvim/polsim.lua')
-- or copy it to ~/.config/nvim/plugin/polsim.lua. The Vim syntax files in
-- editor/vim give the highlighting (add that folder to 'runtimepath').
-- The command is `polsim lsp` (polsim on the PATH), or vim.g.polsim_cmd.

vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  pattern = '*.pol',
  callback = function() vim.bo.filetype = 'polsim' end,
})

local function on_attach(_, bufnr)
  -- <C-x><C-o> completes from the server; K, gd, and formatting as usual
  vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  local opts = { buffer = bufnr }
  vim.keymap.set('n', 'K', vim.lsp.buf.hover, opts)
  vim.keymap.set('n', 'gd', vim.lsp.buf.definition, opts)
end

local client_id -- one server for every polsim buffer (0.7 has no vim.lsp.start to reuse it)

local function start()
  local config = {
    name = 'polsim',
    cmd = vim.g.polsim_cmd or { 'polsim', 'lsp' },
    root_dir = vim.fn.expand('%:p:h'),
    on_attach = on_attach,
  }
  if vim.lsp.start then -- Neovim 0.8 and newer
    vim.lsp.start(config)
    return
  end
  if not client_id or not vim.lsp.get_client_by_id(client_id) then
    client_id = vim.lsp.start_client(config)
  end
  if client_id then vim.lsp.buf_attach_client(0, client_id) end
end

vim.api.nvim_create_autocmd('FileType', { pattern = 'polsim', callback = start })
