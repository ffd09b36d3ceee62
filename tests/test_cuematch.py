"""CueMatcher must find exactly what spaCy's Matcher and PhraseMatcher find: every built-in pattern
and phrase list, on random word sequences built from the patterns' own vocabulary."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from answerlint.cuematch import CueMatcher
from answerlint.engine import _as_phrases
from answerlint.nlp import get_nlp
from answerlint.ruleset import builtin_rules

FILLER = ["the", "users", "who", "watch", "more", "2", "3.5", "20%", "40", "%", "x", "/", ",", ".", "-",
          "p<0.05", "0.82auc", "ndcg@10", "200ms", "IT", "it", "we", "I", "'d", "n't", "data", "retention"]


def _patterns() -> list[tuple[str, list[dict]]]:
    out = []
    for rule in builtin_rules():
        for name, cue in rule.cues.items():
            out += [(f"{rule.code}.{name}", p) for p in cue.patterns if _as_phrases(p) is None]
    return out


PATTERNS = _patterns()


def _words() -> list[str]:
    words = set(FILLER)
    for _, pattern in PATTERNS:
        for spec in pattern:
            for value in spec.values():
                if isinstance(value, str) and value not in ("?", "*", "+"):
                    words.add(value)
                elif isinstance(value, dict):
                    for v in value.get("IN", []) + value.get("NOT_IN", []):
                        words.add(v)
    return sorted(w for w in words if w.strip() and " " not in w)


WORDS = _words()


def _doc(words: list[str]) -> Doc:
    nlp = get_nlp()
    return nlp.get_pipe("answerlint_lemma_norm")(Doc(nlp.vocab, words=words))


def _spacy(pattern, doc) -> set[tuple[int, int]]:
    m = Matcher(doc.vocab)
    m.add("k", [pattern])
    return {(s, e) for _, s, e in m(doc)}


def _ours(pattern, doc) -> set[tuple[int, int]] | None:
    m = CueMatcher(doc.vocab)
    if not m.add_pattern("k", pattern):
        return None
    return {(s, e) for _, s, e in m(doc)}


def test_every_builtin_pattern_is_compiled():
    vocab = get_nlp().vocab
    refused = [key for key, p in PATTERNS if not CueMatcher(vocab).add_pattern(key, p)]
    assert refused == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14), st.integers(0, len(PATTERNS) - 1))
def test_patterns_match_like_spacy(words, which):
    _, pattern = PATTERNS[which]
    doc = _doc(words)
    assert _ours(pattern, doc) == _spacy(pattern, doc)


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "a"}, {"LOWER": "b", "OP": "*"}, {"LOWER": "c", "OP": "?"}],
    [{"LOWER": "a", "OP": "+"}, {"LOWER": "b"}],
    [{"LOWER": "a"}, {}, {"LOWER": "c"}],
    [{"LOWER": "a"}, {"OP": "{0,2}"}, {"LOWER": "c"}],
    [{"IS_ALPHA": True}, {"LOWER": {"IN": ["b", "c"]}}],
    [{"LIKE_NUM": True}, {"ORTH": "%", "OP": "?"}],
    [{"TEXT": {"REGEX": "^[ab]$"}, "OP": "?"}, {"LOWER": "c"}],
])
@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.sampled_from(["a", "b", "c", "A", "7", "%", "d", "."]), min_size=1, max_size=10))
def test_operators_match_like_spacy(pattern, words):
    doc = _doc(words)
    assert _ours(pattern, doc) == _spacy(pattern, doc)


def test_unsupported_patterns_are_refused():
    vocab = get_nlp().vocab
    assert not CueMatcher(vocab).add_pattern("k", [{"LOWER": "a", "OP": "!"}])
    assert not CueMatcher(vocab).add_pattern("k", [{"LENGTH": {">=": 3}}])
    assert not CueMatcher(vocab).add_pattern("k", [{"LOWER": "a", "OP": "?"}])  # can match nothing


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["we", "should", "ship", "it", "depends", "depended", "on", "Data", "data",
                                 "the", "north", "star", "is", "clicks"]), min_size=1, max_size=12))
def test_phrases_match_like_phrasematcher(words):
    nlp = get_nlp()
    phrases = [("we", "should"), ("it", "depend"), ("depend", "on", "the", "datum"), ("north", "star"),
               ("north", "star", "be"), ("click",)]
    ours = CueMatcher(nlp.vocab)
    ours.add_phrases("k", "NORM", phrases)
    theirs = PhraseMatcher(nlp.vocab, attr="NORM")
    docs = []
    for seq in phrases:
        d = Doc(nlp.vocab, words=list(seq))
        for tok, w in zip(d, seq):
            tok.norm_ = w
        docs.append(d)
    theirs.add("k", docs)
    doc = _doc(words)
    assert {(s, e) for _, s, e in ours(doc)} == {(s, e) for _, s, e in theirs(doc)}


VOCAB = ["a", "b", "c", "d", "e"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["k1", "k2", "k3", "k4"]),
                       st.lists(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=3), min_size=1, max_size=4),
                       min_size=1),
       st.lists(st.lists(st.sampled_from(VOCAB), min_size=0, max_size=9), min_size=1, max_size=4))
def test_many_keys_over_many_docs_match_like_phrasematcher(phrases, texts):
    """One-word phrases of several keys (found for all positions at once), longer phrases sharing their
    first word (walked), over several docs matched in one pass: each doc gets what spaCy's
    PhraseMatcher finds in it alone."""
    vocab = get_nlp().vocab
    ours = CueMatcher(vocab)
    theirs = PhraseMatcher(vocab, attr="LOWER")
    for key, seqs in phrases.items():
        ours.add_phrases(key, "LOWER", [tuple(s) for s in seqs])
        theirs.add(key, [Doc(vocab, words=list(s)) for s in seqs])
    docs = [Doc(vocab, words=words) if words else Doc(vocab, words=[]) for words in texts]
    tables = [ours.read(d) if len(d) else {} for d in docs]
    (keys, begins, ends), starts = ours.matches_all(tables)
    names = ours.key_names
    found = [set() for _ in docs]
    for k, s, e in zip(keys.tolist(), begins.tolist(), ends.tolist()):
        d = max(i for i, first in enumerate(starts) if first <= s)
        found[d].add((names[k], s - starts[d], e - starts[d]))
    for doc, mine in zip(docs, found):
        assert mine == {(vocab.strings[m], s, e) for m, s, e in theirs(doc)}
