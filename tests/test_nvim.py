"""End to end: Neovim (headless) starts `answerlint lsp` with its built-in LSP client on a Markdown file.

Neovim 0.8+ has `vim.lsp.start`; Debian 12 ships 0.7.2, which has `vim.lsp.start_client` and
`vim.lsp.buf_attach_client`. The script uses whichever exists. The test is skipped only when there
is no `nvim` on PATH (CI installs it: see .ci/run).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

NVIM = shutil.which("nvim")

LUA = r"""
local out = vim.env.ANSWERLINT_NVIM_OUT
local result = {}

local function snapshot(buf)
  local items = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lspd = (d.user_data and d.user_data.lsp) or {}
    table.insert(items, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source,
      code = d.code or lspd.code,
    })
  end
  return items
end

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  local clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in pairs(clients()) do
    vim.lsp.stop_client(client.id)
  end
  vim.wait(2000, function() return #clients() == 0 end, 50)
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  local v = vim.version()
  result.nvim = string.format("%d.%d.%d", v.major, v.minor, v.patch)
  if vim.diagnostic == nil or vim.lsp.buf_attach_client == nil then
    result.too_old = true
    return
  end
  vim.cmd("edit " .. vim.fn.fnameescape(vim.env.ANSWERLINT_NVIM_FILE))
  local buf = vim.api.nvim_get_current_buf()
  local config = {
    name = "answerlint",
    cmd = { vim.env.ANSWERLINT_PYTHON, "-m", "answerlint", "lsp" },
    root_dir = vim.fn.fnamemodify(vim.env.ANSWERLINT_NVIM_FILE, ":p:h"),
    init_options = { answerlint = { classifier = false } },
  }
  if vim.lsp.start then
    result.api = "vim.lsp.start"
    result.client_id = vim.lsp.start(config)
  else
    result.api = "vim.lsp.start_client"
    result.client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, result.client_id)
  end
  -- 1. Diagnostics arrive after opening the note.
  result.opened = vim.wait(90000, function() return #vim.diagnostic.get(buf) > 0 end, 100)
  result.on_open = snapshot(buf)
  -- 2. Editing without saving clears them (the flagged sentence is replaced).
  vim.api.nvim_buf_set_lines(buf, 2, 3, false, { "I would launch in the two largest markets first." })
  result.cleared = vim.wait(30000, function() return #vim.diagnostic.get(buf) == 0 end, 100)
  -- 3. And typing a flagged sentence back brings one.
  vim.api.nvim_buf_set_lines(buf, 2, 3, false, { "Honestly it depends on the data." })
  result.flagged_again = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 100)
  result.after_edit = snapshot(buf)
end)
if not ok then
  result.error = tostring(err)
end
finish()
"""


@pytest.mark.skipif(NVIM is None, reason="nvim (Neovim) is not installed; apt-get install -y neovim to run this test")
def test_neovim_builtin_lsp_client_gets_diagnostics(tmp_path: Path):
    note = tmp_path / "q1.md"
    # The emoji is 4 bytes in UTF-8 (Neovim's columns) and 2 UTF-16 units (the protocol's):
    # Neovim converts the server's UTF-16 position back to byte column 5.
    note.write_text("# Question 1\n\n😀 It depends on the data.\n", encoding="utf-8")
    script = tmp_path / "run.lua"
    script.write_text(LUA, encoding="utf-8")
    out = tmp_path / "out.json"
    env = dict(os.environ, ANSWERLINT_NVIM_OUT=str(out), ANSWERLINT_NVIM_FILE=str(note),
               ANSWERLINT_PYTHON=sys.executable, XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    proc = subprocess.run([NVIM, "--headless", "--clean", "-n", "-c", f"luafile {script}"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=240)
    assert out.exists(), f"nvim wrote nothing (rc={proc.returncode})\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    result = json.loads(out.read_text(encoding="utf-8"))
    if result.get("too_old"):
        pytest.skip(f"nvim {result.get('nvim')} is too old: the test needs vim.diagnostic (Neovim >= 0.6)")
    assert "error" not in result, result
    assert result["opened"], result
    [d] = [d for d in result["on_open"] if d["code"] == "DEC001"]
    assert d["source"] == "answerlint"
    assert d["severity"] == 2  # vim.diagnostic.severity.WARN
    assert (d["lnum"], d["col"], d["end_col"]) == (2, 5, 15)
    assert "Suggested rewrite" in d["message"]
    assert result["cleared"], result
    assert result["flagged_again"], result
    assert [d["code"] for d in result["after_edit"]] == ["DEC001"]
