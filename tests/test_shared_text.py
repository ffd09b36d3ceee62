"""Token-level reading shared by every rule: sentence starts, norms of typographic apostrophes, and
quoted speech."""
from __future__ import annotations

import functools

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from answerlint.api import Linter
from answerlint.checks._shared import in_quotes
from answerlint.config import Config
from answerlint.nlp import get_nlp, norm_of


@functools.cache
def _spacy_sentencizer():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


PIECES = ["We", "ship", "it", ".", "!", "?", "...", "?!", "!!", "。", "“", "”", "\"", "'", ")", "(", ":)", "e.g.",
          "U.S.", "3.", ".5", "-", "•", "a.m.", "\n", "\n\n", "Yes.", "no", "😀", ";"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=0, max_size=25), st.sampled_from(["", " ", "  "]))
def test_sentences_start_where_spacys_sentencizer_starts_them(pieces, glue):
    text = glue.join(pieces)
    ours = [(s.start, s.end) for s in get_nlp()(text).sents]
    theirs = [(s.start, s.end) for s in _spacy_sentencizer()(text).sents]
    assert ours == theirs


@pytest.mark.parametrize("curly, straight", [("it’s", "it's"), ("’s", "'s"), ("n’t", "n't"), ("’d", "'d"),
                                             ("O’Brien", "O'Brien"), ("o’clock", "o'clock")])
def test_a_typographic_apostrophe_gets_the_norm_of_a_straight_one(curly, straight):
    assert norm_of(curly) == norm_of(straight)


def test_docs_with_either_apostrophe_get_the_same_norms():
    nlp = get_nlp()
    curly = [t.norm_ for t in nlp("It’s working and we don’t know why, but the team’s sure.")]
    straight = [t.norm_ for t in nlp("It's working and we don't know why, but the team's sure.")]
    assert curly == straight


def _span(text: str, words: str):
    doc = get_nlp()(text)
    start = text.index(words)
    return doc.char_span(start, start + len(words))


@pytest.mark.parametrize("text, words, quoted", [
    ("The coach said 'we could maybe wait' and left.", "could maybe", True),
    ("The coach said ‘we could maybe wait’ and left.", "could maybe", True),
    ("The coach said \"we could maybe wait\" and left.", "could maybe", True),
    ("They described it as one that 'could maybe annoy clients', which we track.", "could maybe", True),
    # a plural possessive is not a closing quote, and an unclosed single quote quotes nothing
    ("The players' scores could maybe drop after the patch.", "could maybe", False),
    ("He said the players' scores 'could maybe drop.", "could maybe", False),
    # inside double quotes, a plural possessive does not end the quotation
    ("He said \"the players' scores could maybe drop\" and left.", "could maybe", True),
    # quoted with no speaker: the writer's own words, still linted
    ("BAD: 'we could maybe wait' is what not to write.", "could maybe", False),
])
def test_single_and_double_quotes_mark_reported_speech(text, words, quoted):
    assert in_quotes(_span(text, words)) is quoted


def test_single_quoted_speech_is_not_a_hedge_stack_but_the_writers_own_is():
    linter = Linter(Config(), classifier=False)
    quoted = "Store managers described the change as one that 'might possibly confuse regulars'."
    own = "The change might possibly confuse regulars."
    assert not [f for f in linter.lint_text(quoted, "q.md") if f.code == "COM001"]
    assert [f for f in linter.lint_text(own, "o.md") if f.code == "COM001"]
