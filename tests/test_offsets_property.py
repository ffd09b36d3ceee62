"""Property: for any text (Markdown or plain, CRLF, tabs, emoji, combining marks) linting never crashes,
every offset lies inside the text, line/column agree with the offset and `text` is the exact slice."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from answerlint.source import LineIndex

PIECES = st.sampled_from([
    "It depends on the data.", "It depends", "hard to say", " ", "\n", "\r\n", "\r", "\t", "\n\n", "😀", "é\u0301",
    "```\n", "`", "# ", "## Q2\n", "- ", "> ", "| a | b |\n|---|---|\n", "<!-- answerlint-disable DEC001 -->",
    "<!-- answerlint-enable -->", "[link](http://x.y/z)", "**", "_", "\\*", "&amp;", "---\n",
    "Users who watch more shows have higher retention, so we should promote shows.",
    "Heavy users churn less, which means badges work.", "so", ",", ".", "Weekly orders dropped 8%.",
    "answerlint: disable-next-line CAU001\n", "\u00a0", "\ufeff", "ß", "İ",
])
TEXTS = st.one_of(st.lists(PIECES, max_size=40).map("".join), st.text(max_size=300))


def _check(text: str, path: str, rules_only) -> None:
    findings = rules_only(text, path=path)
    index = LineIndex(text)
    for f in findings:
        for rng in (f.range, f.suggestion.range):
            s, e = rng.start, rng.end
            assert 0 <= s.offset <= e.offset <= len(text)
            assert index.position(s.offset) == s and index.position(e.offset) == e
        assert f.text == text[f.start:f.end]
        assert f.text.strip()
        assert f.suggestion.replacement


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXTS)
def test_markdown_offsets_are_exact(rules_only, text):
    _check(text, "note.md", rules_only)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXTS)
def test_plain_text_offsets_are_exact(rules_only, text):
    _check(text, "note.txt", rules_only)


@given(st.text(max_size=200))
def test_line_index_round_trips(text):
    index = LineIndex(text)
    for off in range(len(text) + 1):
        pos = index.position(off)
        assert index.starts[pos.line - 1] + pos.column - 1 == off


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.booleans())
def test_prose_blocks_map_every_character_back(text, markdown):
    from answerlint.prose import SEPARATOR, markdown_prose, text_prose

    index = LineIndex(text)
    prose = markdown_prose(text, index) if markdown else text_prose(text, index)
    for block in prose.blocks:
        assert len(block.text) == len(block.offsets)
        for ch, off in zip(block.text, block.offsets):
            if off == SEPARATOR:
                assert ch == " "
            else:
                assert text[off] == ch or (text[off].isspace() and ch == " ")
        # Every char's original offset is the one span() gives for it alone.
        for i, off in enumerate(block.offsets):
            assert block.original(i) == off
            if off != SEPARATOR:
                assert block.span(i, i + 1) == (off, off + 1)


NOTE = "\n\n".join([
    "# Q1: Should we promote documentaries?",
    "We saw that users who watch more documentaries have higher retention, so we should promote them.",
    "## Metrics",
    "Our goal is to maximize hours watched. It depends on the data.",
    "# Q2: Pricing",
    "Weekly orders dropped 8% after the fee change. Repeat customers are flat. Basket size went up.",
    "- It might possibly be the case that the change could perhaps help.\n- I would randomize individual drivers.",
    "# Q3: Pricing",
    "Weekly orders dropped 8% after the fee change. Repeat customers are flat. Basket size went up.",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(NOTE)), st.sampled_from(["x", " ", "\n\n", "#", "so we should", ""])),
                min_size=1, max_size=4))
def test_cached_relints_equal_fresh_lints(rules_only, edits):
    """The paragraph and answer caches never change a result: each edit, linted warm, equals a cold lint."""
    from answerlint.api import Linter
    from answerlint.config import Config

    text = NOTE
    warm = rules_only
    for pos, insert in edits:
        pos = min(pos, len(text))
        text = text[:pos] + insert + text[pos:]
        got = warm(text, path="n.md")
        cold = Linter(Config(), classifier=False)
        cold.engine.clear_caches()
        assert got == cold.lint_text(text, "n.md")
