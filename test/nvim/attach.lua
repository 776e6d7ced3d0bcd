-- Neovim (0.7+) as a real LSP client of kube-list-lint: start the server over stdio,
-- attach the current buffer, wait for its diagnostics, apply the "Remove Limit" quick
-- fix through Neovim's own workspace-edit code (so Neovim sends incremental didChange
-- events), wait for that diagnostic to go, and write what Neovim saw as JSON to
-- $KLL_NVIM_OUT. Run by test/lsp-nvim.test.ts; never edit files on disk.
local out = assert(os.getenv('KLL_NVIM_OUT'), 'KLL_NVIM_OUT unset')
local server = assert(os.getenv('KLL_SERVER'), 'KLL_SERVER unset')
local node = os.getenv('KLL_NODE') or 'node'

local function finish(obj)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(obj))
  f:close()
  vim.cmd('qall!')
end

local function summary(bufnr)
  local items = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(items, {
      code = d.code or lsp.code,
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      source = d.source,
    })
  end
  table.sort(items, function(a, b) return a.lnum < b.lnum end)
  return items
end

local function has_code(bufnr, code)
  for _, d in ipairs(summary(bufnr)) do
    if d.code == code then return true end
  end
  return false
end

local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_option(bufnr, 'filetype', 'go')
  local pushes = 0
  local client_id = vim.lsp.start_client({
    name = 'kube-list-lint',
    cmd = { node, server, '--stdio' },
    root_dir = vim.fn.getcwd(),
    settings = { kubeListLint = { rules = { KLL002 = 'error' } } },
    -- Neovim 0.7 does not declare workspace/configuration; like nvim-lspconfig, push the
    -- settings once initialized. The test checks KLL002 arrives as an error: settings work.
    on_init = function(client)
      client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
    end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(e, result, ctx, config)
        pushes = pushes + 1
        return vim.lsp.diagnostic.on_publish_diagnostics(e, result, ctx, config)
      end,
    },
  })
  assert(client_id, 'start_client failed')
  vim.lsp.buf_attach_client(bufnr, client_id)

  local first = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) >= 3 end, 50)
  local initial = summary(bufnr)

  -- The KLL003 quick fix, requested and applied as Neovim's code-action UI would.
  local target
  for _, d in ipairs(initial) do
    if d.code == 'KLL003' then target = d end
  end
  local actions, fixed_line, after = {}, nil, {}
  local gone = false
  if target then
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = { start = { line = target.lnum, character = target.col }, ['end'] = { line = target.end_lnum, character = target.end_col } },
      context = { diagnostics = {}, only = { 'quickfix' } },
    }
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000) or {}
    for _, r in pairs(responses) do
      for _, a in ipairs(r.result or {}) do
        table.insert(actions, a.title)
        if a.title:match('^Remove Limit') then
          vim.lsp.util.apply_workspace_edit(a.edit, 'utf-16')
        end
      end
    end
    fixed_line = vim.api.nvim_buf_get_lines(bufnr, target.lnum, target.lnum + 1, false)[1]
    gone = vim.wait(20000, function() return not has_code(bufnr, 'KLL003') and #vim.diagnostic.get(bufnr) > 0 end, 50)
    after = summary(bufnr)
  end

  finish({
    attached = first,
    initial = initial,
    actions = actions,
    fixed_line = fixed_line,
    gone = gone,
    after = after,
    pushes = pushes,
  })
end)
if not ok then finish({ error = tostring(err) }) end
