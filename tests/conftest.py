"""Shared fixtures: the CLI runner, paths to shared evaluation data, a rules-only linter."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def rules_only():
    from answerlint.api import Linter
    from answerlint.config import Config

    cache = {}

    def lint(text: str, select=None, path=None):
        key = tuple(select or ())
        if key not in cache:
            cache[key] = Linter(Config(select=list(select) if select else None), classifier=False)
        return cache[key].lint_text(text, path)

    return lint
