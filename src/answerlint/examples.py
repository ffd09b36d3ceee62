"""Rule examples as tests: run a rule's flag / pass examples, and render `answerlint explain`."""
from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .ruleset import MARK, RuleSpec


@dataclass
class Outcome:
    kind: str  # "flag" | "pass"
    number: int
    ok: bool
    problem: str = ""


def strip_marks(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove [[...]] markers; return the clean text and the marked [start, end) spans."""
    spans = []
    out = []
    pos = 0
    last = 0
    for m in MARK.finditer(text):
        out.append(text[last:m.start()])
        pos += m.start() - last
        inner = m.group(1)
        spans.append((pos, pos + len(inner)))
        out.append(inner)
        pos += len(inner)
        last = m.end()
    out.append(text[last:])
    return "".join(out), spans


def run_examples(spec: RuleSpec, extra: Iterable[RuleSpec] = ()) -> Iterator[Outcome]:
    from .ruleset import builtin_rules, merge

    engine = _engine_for(merge(builtin_rules(), extra))
    for i, ex in enumerate(spec.examples.flag, 1):
        text, want = strip_marks(ex.text)
        hits = engine.run(engine.analyse(text, markdown=True), {spec.code})
        got = [(h.start, h.end) for h in hits]
        if sorted(got) != sorted(want):
            yield Outcome("flag", i, False, f"wanted {[text[a:b] for a, b in want]}, got {[text[a:b] for a, b in got]}")
        elif ex.suggestion is not None and hits[0].replacement != ex.suggestion:
            yield Outcome("flag", i, False, f"rewrite {hits[0].replacement!r} != {ex.suggestion!r}")
        else:
            yield Outcome("flag", i, True)
    for i, ex in enumerate(spec.examples.pass_, 1):
        hits = engine.run(engine.analyse(ex.text, markdown=True), {spec.code})
        if hits:
            yield Outcome("pass", i, False, f"flagged {[ex.text[h.start:h.end] for h in hits]}")
        else:
            yield Outcome("pass", i, True)


_ENGINES: dict = {}


def _engine_for(specs):
    from .engine import Engine

    key = tuple(id(s) for s in specs)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(specs)
    return _ENGINES[key]


def explain_text(spec: RuleSpec) -> str:
    from .ruleset import builtin_rules, merge

    engine = _engine_for(merge(builtin_rules(), [spec]))
    flagged = spec.examples.flag[0].text
    clean_text, _ = strip_marks(flagged)
    hits = engine.run(engine.analyse(clean_text, markdown=True), {spec.code})
    rewrite = hits[0].replacement if hits else spec.suggestion
    shown = re.sub(r"\[\[(.+?)\]\]", r">>\1<<", flagged, flags=re.S).strip()
    wrap = lambda s: textwrap.fill(" ".join(s.split()), width=88, initial_indent="  ", subsequent_indent="  ")  # noqa: E731
    return "\n".join([
        f"{spec.code} {spec.name} ({spec.severity})",
        "",
        "What it does",
        wrap(spec.what),
        "",
        "Why is this bad?",
        wrap(spec.why),
        "",
        "Example (flagged span between >> <<)",
        wrap(shown),
        "",
        "Suggested rewrite",
        wrap(rewrite),
        "",
        "Clean example",
        wrap(spec.examples.pass_[0].text),
        "",
        f"More: {spec.doc_url}",
    ])

