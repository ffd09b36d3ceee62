"""Golden output per format: the bundled example note, rules only. Regenerate on purpose with
ANSWERLINT_UPDATE_GOLDEN=1 and review the diff."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from answerlint.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
FORMATS = {"text": "txt", "concise": "txt", "json": "json", "sarif": "sarif", "github": "txt"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_format_matches_golden_file(runner, monkeypatch, fmt):
    monkeypatch.chdir(ROOT)
    res = runner.invoke(main, ["check", "examples/q1-documentaries.md", "--format", fmt, "--no-classifier",
                               "--no-config", "--color", "never"])
    assert res.exit_code == 1, res.output
    golden = GOLDEN / f"q1.{fmt}.{FORMATS[fmt]}"
    if os.environ.get("ANSWERLINT_UPDATE_GOLDEN"):
        golden.write_text(res.stdout, encoding="utf-8")
    assert res.stdout == golden.read_text(encoding="utf-8")
