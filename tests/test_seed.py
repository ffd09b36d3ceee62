"""The seed guide's BAD examples are flagged and its GOOD examples are not (each its own document)."""
from __future__ import annotations

import pytest

FLAGGED = [
    ("We saw that users who watch more documentaries have higher retention, so we should promote more documentaries.",
     "CAU001"),
    ("It depends on the distribution of the data.", "DEC001"),
]
CLEAN = [
    ("Users with a high propensity for curiosity watch more documentaries and also happen to stay longer. "
     "Promoting documentaries to low-curiosity users may not move retention.", "CAU001"),
    ("It depends on the distribution; specifically, if we see a power-law distribution, we should optimize for the "
     "top 1% of power users. If it is normal, we optimize for the median.", "DEC001"),
]


@pytest.mark.parametrize("text,code", FLAGGED)
def test_seed_bad_example_is_flagged(rules_only, text, code):
    assert code in {f.code for f in rules_only(text)}


@pytest.mark.parametrize("text,code", CLEAN)
def test_seed_good_example_is_clean(rules_only, text, code):
    assert code not in {f.code for f in rules_only(text)}


def test_seed_causal_span_points_at_the_leap(rules_only):
    text = FLAGGED[0][0]
    (f,) = [f for f in rules_only(text) if f.code == "CAU001"]
    assert f.text == "have higher retention, so we should promote"
    assert "documentaries" in f.suggestion.replacement and "<confounder>" in f.suggestion.replacement
    assert f.suggestion.applicable is False


def test_seed_it_depends_rewrite_keeps_the_factor(rules_only):
    (f,) = [f for f in rules_only(FLAGGED[1][0]) if f.code == "DEC001"]
    assert f.text == "It depends"
    assert f.suggestion.replacement.startswith("It depends on the distribution of the data: if <condition A>")
