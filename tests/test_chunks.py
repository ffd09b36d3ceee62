"""Long texts are cut into contiguous, bounded pieces at block boundaries (answerlint.chunks)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from answerlint.chunks import sections


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["word ", "## H\n", "\n", "\r\n", "\r", "\n\n", "```\n", "\t", "é", "😀"]),
                max_size=400), st.integers(8, 60))
def test_chunks_are_contiguous_bounded_and_never_split_a_crlf(parts, target):
    text = "".join(parts)
    spans = sections(text, True, target, split_lines=True)
    assert "".join(text[a:b] for a, b in spans) == text
    assert all(a < b for a, b in spans) and all(x[1] == y[0] for x, y in zip(spans, spans[1:]))
    assert all(b - a <= 2 * target for a, b in spans)
    assert not any(text[a - 1:a + 1] == "\r\n" for a, _ in spans[1:])
