"""Every example in every built-in rule file is a test: flag examples flag exactly the marked span,
pass examples stay clean."""
from __future__ import annotations

import functools

import pytest

from answerlint.examples import run_examples, strip_marks
from answerlint.ruleset import builtin_rules

RULES = builtin_rules()
CASES = [(spec, kind, i) for spec in RULES for kind, exs in (("flag", spec.examples.flag), ("pass", spec.examples.pass_))
         for i in range(1, len(exs) + 1)]


@functools.cache
def _outcomes(code: str) -> dict[tuple[str, int], object]:
    spec = next(s for s in RULES if s.code == code)
    return {(o.kind, o.number): o for o in run_examples(spec)}


@pytest.mark.parametrize("spec,kind,number", CASES, ids=[f"{s.code}-{k}-{n}" for s, k, n in CASES])
def test_rule_example(spec, kind, number):
    outcome = _outcomes(spec.code)[(kind, number)]
    assert outcome.ok, outcome.problem


@pytest.mark.parametrize("spec", RULES, ids=[s.code for s in RULES])
def test_rule_has_enough_examples_and_docs(spec):
    assert len(spec.examples.flag) >= 8 and len(spec.examples.pass_) >= 8
    assert spec.what.strip() and spec.why.strip() and spec.message.strip() and spec.suggestion.strip()


def test_strip_marks_returns_clean_text_and_spans():
    text, spans = strip_marks("a [[bc]] d [[e]]")
    assert text == "a bc d e"
    assert [text[a:b] for a, b in spans] == ["bc", "e"]


def test_every_rule_code_and_name_is_the_contract():
    contract = {
        "CAU001": "causal-from-correlation", "CAU002": "significance-without-magnitude",
        "CAU003": "ignored-interference", "MET001": "vanity-metric-goal", "MET002": "accuracy-as-success",
        "MET003": "average-user-target", "DEC001": "unresolved-it-depends", "DEC002": "no-recommendation",
        "DEC003": "asks-for-data", "TEC001": "model-complexity-focus", "COM001": "hedge-stacking",
        "COM002": "approval-gate",
    }
    for spec in RULES:
        assert contract[spec.code] == spec.name


def test_builtin_patterns_pass_spacy_schema_validation():
    specs = builtin_rules.__wrapped__(validate_patterns=True)
    assert len(specs) == len(RULES)


def test_compiled_rules_match_the_yaml():
    """rules/_compiled.json (read at start-up instead of parsing YAML) must be regenerated after a rule
    edit: `python -m answerlint.ruleset`. A stale copy is never used, but start-up gets slower."""
    from answerlint.ruleset import _read_compiled, _rule_texts, builtin_folder, parse_rule

    folder = builtin_folder()
    texts = _rule_texts(folder)
    compiled = _read_compiled(folder, texts)
    assert compiled is not None, "rules/_compiled.json is stale: run `python -m answerlint.ruleset`"
    assert compiled == tuple(parse_rule(text, name, validate_patterns=False) for name, text in texts)


def test_stale_compiled_rules_are_ignored(tmp_path):
    import shutil

    from answerlint.ruleset import _read_compiled, _rule_texts, builtin_folder

    folder = tmp_path / "rules"
    shutil.copytree(builtin_folder(), folder)
    first = sorted(folder.glob("*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert _read_compiled(folder, _rule_texts(folder)) is None
