"""Python checks: the logic a rule file names when patterns alone cannot express it.

Each module registers its functions with `@check("name")`; a rule file refers to them by
name (`check: cau001`). A check gets a context (the sentence or answer, the cue hits around
it) and yields Hits: the flagged span, fields for the message and rewrite templates, and
optionally a full replacement.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span

CHECKS: dict[str, Callable[[Any], Iterable["Hit"]]] = {}
# Context a sentence must have before the classifier may flag it for a rule on its own (the model
# replaces the rule's wording patterns, never its context logic). Registered under the check's name.
GATES: dict[str, Callable[[Any], bool]] = {}
# What makes a sentence clean for a rule whatever its wording (the answer already handles the issue):
# applied to classifier-only findings even where training loosened the gate.
CLEARS: dict[str, Callable[[Any], bool]] = {}


def check(name: str):
    def register(fn):
        CHECKS[name] = fn
        return fn

    return register


def gate(name: str):
    def register(fn):
        GATES[name] = fn
        return fn

    return register


def clear(name: str):
    def register(fn):
        CLEARS[name] = fn
        return fn

    return register


@dataclass
class Hit:
    span: Span  # what the diagnostic points at
    fields: dict[str, str] = field(default_factory=dict)
    replacement: str | None = None  # full replacement text; default: the rule's template
    target: Span | None = None  # what the replacement replaces; default: per rule
    confidence: float | None = None
    sentence: Any = None  # the Sentence the span lies in, when the check knows it (answer-level checks)


def _discover() -> None:
    """Import every module in this package so its @check functions register themselves."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


_discover()
