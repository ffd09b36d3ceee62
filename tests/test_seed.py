"""The seed guide's BAD examples are flagged and its GOOD examples are not (each its own document)."""
from __future__ import annotations

import pytest

from conftest import SHARED

FLAGGED = [
    ("We saw that users who watch more documentaries have higher retention, so we should promote more documentaries.",
     "CAU001"),
    ("It depends on the distribution of the data.", "DEC001"),
    ("I chose a Transformer-based architecture over an LSTM because it is more accurate.", "TEC001"),
    ("We should optimize the homepage for the average user.", "MET003"),
    ("Our model predicts what a user will watch with 99% accuracy, so the project is a success.", "MET002"),
    ("Our goal is to maximize hours watched.", "MET001"),
    ("Before running the test I would get sign-off from the VP of Product.", "COM002"),
    ("The new row was statistically significant with p < 0.05, so we should ship it.", "CAU002"),
    ("I would need to see the data first before saying anything.", "DEC003"),
    ("It might possibly be the case that the change could perhaps help.", "COM001"),
]
CLEAN = [
    ("Users with a high propensity for curiosity watch more documentaries and also happen to stay longer. "
     "Promoting documentaries to low-curiosity users may not move retention.", "CAU001"),
    ("It depends on the distribution; specifically, if we see a power-law distribution, we should optimize for the "
     "top 1% of power users. If it is normal, we optimize for the median.", "DEC001"),
    ("While a Transformer is more accurate, a simpler model allows for faster iteration and easier debugging of bias in "
     "the recommendation engine.", "TEC001"),
]


@pytest.mark.parametrize("text,code", CLEAN)
def test_seed_good_example_has_no_finding_at_all(rules_only, text, code):
    assert rules_only(text) == []


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


SEED = SHARED / "seed" / "000_1e1aee8adb68a60a.txt"


def test_seed_guide_good_lines_are_clean():
    """Every GOOD line of the guide, linted as its own document, has no finding of any rule."""
    if not SEED.exists():
        pytest.skip("../shared/seed is not present")
    from answerlint.api import Linter
    from answerlint.config import Config

    linter = Linter(Config(), classifier=False)
    goods = [ln.split("GOOD:", 1)[1].strip().strip('"') for ln in SEED.read_text().splitlines() if "GOOD:" in ln]
    assert len(goods) == 3
    for text in goods:
        assert linter.lint_text(text, "good.md") == [], text
