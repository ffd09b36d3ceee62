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


def _phrase_rule(name: str, word: str):
    from answerlint.ruleset import RuleSpec

    return RuleSpec.model_validate({
        "code": "XYZ001", "name": name, "what": "w", "why": "w", "message": "m", "suggestion": "s",
        "cues": {f"{name}_word": {"phrases": [word]}}, "trigger": f"{name}_word",
        "examples": {"flag": [f"I like [[{word}]]."], "pass": ["Nothing here."]}})


def test_rules_sharing_a_code_each_run_on_their_own_triggers():
    """The engine finds each rule's triggered sentences by rule, not by code: two rules with one code
    (possible when the engine is built directly) do not run on each other's sentences."""
    from answerlint.engine import Engine

    engine = Engine([_phrase_rule("alpha", "banana"), _phrase_rule("beta", "cherry")])
    hits = engine.run(engine.analyse("I like cherry pie.", markdown=False))
    assert [(h.rule.name, h.start, h.end) for h in hits] == [("beta", 7, 13)]


def test_a_long_text_inside_a_memory_zone_leaves_the_tokenizer_intact(monkeypatch):
    """Parsing a long text inside a spaCy memory zone must not add the tokenizer's special cases there
    (they would be freed with the zone): the tokenizer refuses, and stays whole."""
    import spacy
    from spacy.lang.en import English

    from answerlint import nlp as nlp_module

    nlp = English(create_tokenizer=nlp_module._make_tokenizer)  # a fresh one: nothing loaded yet
    nlp.add_pipe("sentencizer")
    if not hasattr(nlp, "memory_zone"):
        pytest.skip("needs spaCy memory zones (spaCy >= 3.8)")
    monkeypatch.setattr(nlp_module, "get_nlp", lambda: nlp)
    with pytest.raises(RuntimeError), nlp.memory_zone():
        nlp_module.parse(["Plain words here. " * (nlp_module.LOAD_ALL_CHARS // 10)])
    text = "Y'all shan't, e.g. at 5 p.m. :)"
    assert [t.text for t in nlp(text)] == [t.text for t in spacy.blank("en")(text)]


def test_parsed_docs_do_not_refer_to_themselves():
    """What checks cache in a doc's user_data (attribute lists, quote marks) must not refer back to
    the doc: such a cycle keeps every parsed paragraph alive until a full garbage collection (peak
    memory on a 5 MB file grew by a third)."""
    import gc

    from answerlint.checks._shared import _quote_marks, columns
    from answerlint.nlp import get_nlp

    doc = get_nlp()('We saw "higher retention" in the test, so it works.')
    cols = columns(doc)
    assert cols.text and cols.norm and cols.alpha and cols.punct and cols.space and cols.lower and cols.doc_text
    _quote_marks(doc)
    seen, todo = set(), [doc.user_data]
    while todo:
        obj = todo.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        assert obj is not doc
        todo.extend(gc.get_referents(obj))
