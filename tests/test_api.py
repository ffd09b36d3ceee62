"""The library entry points' side effects: linting leaves the interpreter as it found it."""
from __future__ import annotations

import gc

import pytest

from answerlint import Linter


@pytest.fixture
def restore_gc():
    saved = gc.get_threshold()
    enabled = gc.isenabled()
    yield
    gc.set_threshold(*saved)
    if enabled:
        gc.enable()


def test_lint_text_restores_the_callers_gc_thresholds(restore_gc):
    gc.set_threshold(700, 10, 10)
    seen = []
    linter = Linter(classifier=False)
    original = linter._lint_piece

    def spy(*args):
        seen.append(gc.get_threshold())
        return original(*args)

    linter._lint_piece = spy
    linter.lint_text("Users who watch more retain better, so watching causes retention.", "a.md")
    assert seen and seen[0][0] > 700  # raised while linting
    assert gc.get_threshold() == (700, 10, 10)


def test_lint_text_leaves_a_disabled_collector_alone(restore_gc):
    gc.set_threshold(0)
    Linter(classifier=False).lint_text("It depends.", "a.md")
    assert gc.get_threshold()[0] == 0
