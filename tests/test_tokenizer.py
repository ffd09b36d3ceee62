"""The lazily loaded special cases give exactly the tokens of spaCy's own English tokenizer."""
from __future__ import annotations

import functools

import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.lang.en import English

from answerlint.nlp import LazyExceptionsTokenizer, _make_tokenizer, get_nlp

EXCEPTIONS = sorted(English.Defaults.tokenizer_exceptions)
PIECES = ["we", "should", "ship", "it", "Users", "who", "(", ")", "\"", "'", ".", ",", "-", ":", "!", "?",
          "10%", "$5", "e.g.", "U.S.", "http://x.io/a", "a/b", "😀", "é", "n't", "'s", "\n", "\t", "  "]
SEPARATORS = ["", " ", " ", "\n", "\u00a0", "\t"]


@functools.cache
def _reference():
    return spacy.blank("en").tokenizer


def _tokens(tokenizer, text: str) -> list[tuple[str, int, str]]:
    return [(t.text, t.idx, t.whitespace_) for t in tokenizer(text)]


texts = st.lists(
    st.lists(st.tuples(st.sampled_from(EXCEPTIONS + PIECES), st.sampled_from(SEPARATORS)), max_size=12)
    .map(lambda parts: "".join(a + b for a, b in parts)),
    min_size=1, max_size=6)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_lazy_special_cases_tokenize_like_spacy(batch):
    # A fresh tokenizer per example: the texts of one example run through it in order, so later texts
    # meet special cases loaded for earlier ones as well as new ones.
    lazy = _make_tokenizer(English())
    for text in batch:
        assert _tokens(lazy, text) == _tokens(_reference(), text)


# Special cases found by spaCy's phrase matcher block one another ("so:) )" is "so : ) )" because the
# pattern of ":))" matches ": ) )"), so those are never left for later.
MATCHER_INTERPLAY = ["Check this (see notes:) ) please", "so:) )", "’ ’nuff:’", "] =3::", "Nuthin ''‘S",
                     "Great :)) ", "We beat the target:) ) and moved on."]


def test_matcher_special_cases_tokenize_like_spacy_in_any_order():
    for order in (MATCHER_INTERPLAY, MATCHER_INTERPLAY[::-1]):
        lazy = _make_tokenizer(English())
        for text in order:
            assert _tokens(lazy, text) == _tokens(_reference(), text), text


def test_a_pickled_copy_has_every_special_case():
    import pickle

    copy = pickle.loads(pickle.dumps(_make_tokenizer(English())))
    assert _tokens(copy, "can't e.g. :)") == _tokens(_reference(), "can't e.g. :)")


def test_the_scan_stops_after_the_seen_limit():
    lazy = _make_tokenizer(English())
    lazy.SEEN_LIMIT = 5
    lazy("one two three four five six seven")
    assert not lazy._pending
    assert lazy.rules.keys() == English.Defaults.tokenizer_exceptions.keys()


def test_memory_zone_loads_every_special_case_first():
    from answerlint.engine import Engine
    from answerlint.ruleset import builtin_rules

    engine = Engine(builtin_rules())
    tokenizer = get_nlp().tokenizer
    assert isinstance(tokenizer, LazyExceptionsTokenizer)
    with engine.memory_zone():
        assert not tokenizer._pending
        engine.analyse("Users who can't wait (e.g. at 9 a.m.) churn less :)", markdown=False)
    assert _tokens(tokenizer, "can't :) e.g.") == _tokens(_reference(), "can't :) e.g.")
