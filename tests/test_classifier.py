"""The classifier: deterministic training, verified loading, combination with the rules, evaluate."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from answerlint.classifier import MANIFEST, ModelError, load_model, shipped_dir
from answerlint.cli import main

ROOT = Path(__file__).resolve().parents[1]
CAUSAL = "We saw that users who watch more documentaries have higher retention, so we should promote more documentaries."

needs_model = pytest.mark.skipif(not (shipped_dir() / MANIFEST).is_file(), reason="no shipped model in this build")


@needs_model
def test_shipped_manifest_describes_the_artifact():
    m = json.loads((shipped_dir() / MANIFEST).read_text())
    assert m["feature_version"] >= 1 and len(m["sha256"]) == 64
    assert set(m["thresholds"]) == set(m["labels"])
    for key in ("scikit-learn", "spacy", "numpy", "python"):
        assert m["versions"][key]
    assert m["dev_scores"]["combined"]["micro"]["f1"] > 0


def _tampered_copy(tmp_path: Path, name: str) -> Path:
    """A copy of the shipped model directory whose file `name` has its last bytes changed."""
    model = tmp_path / "model"
    shutil.copytree(shipped_dir(), model)
    target = model / name
    target.write_bytes(target.read_bytes()[:-10] + b"0123456789")
    return model


@needs_model
def test_tampered_artifact_is_refused_with_one_line_and_exit_2(runner, tmp_path):
    model = _tampered_copy(tmp_path, "classifier.joblib")
    with pytest.raises(ModelError, match="sha256 mismatch"):
        load_model(model)
    note = tmp_path / "n.md"
    note.write_text("It depends.\n")
    res = runner.invoke(main, ["check", str(note), "--model", str(model), "--no-config"])
    assert res.exit_code == 2
    assert res.stderr.count("\n") == 1 and "sha256 mismatch" in res.stderr


@needs_model
def test_tampered_plain_array_copy_is_refused(tmp_path):
    model = _tampered_copy(tmp_path, "classifier.npz")
    with pytest.raises(ModelError, match="classifier.npz: sha256 mismatch"):
        load_model(model)


@needs_model
def test_plain_array_copy_predicts_like_the_joblib_artifact():
    import joblib
    import numpy as np

    from answerlint.classifier import LinearTextModel

    pickled = joblib.load(shipped_dir() / "classifier.joblib")
    plain = LinearTextModel.load_npz(shipped_dir() / "classifier.npz")
    texts = ["users who watch more have higher retention, so we should push it", "it depends", "ship it"]
    cues = ["c:CAU001.comparative r:CAU001", "none", "a:DEC002.action"]
    assert np.array_equal(pickled.predict_proba(texts, cues), plain.predict_proba(texts, cues))


def test_not_a_model_directory_is_refused(runner, tmp_path):
    note = tmp_path / "n.md"
    note.write_text("It depends.\n")
    res = runner.invoke(main, ["check", str(note), "--model", str(tmp_path), "--no-config"])
    assert res.exit_code == 2 and "not a model directory" in res.stderr


@needs_model
def test_combined_findings_report_source_and_confidence(runner, tmp_path):
    note = tmp_path / "n.md"
    note.write_text(CAUSAL + "\n")
    res = runner.invoke(main, ["check", str(note), "--format", "json", "--no-config"])
    diags = json.loads(res.stdout)["files"][0]["diagnostics"]
    cau = [d for d in diags if d["code"] == "CAU001"]
    assert cau and cau[0]["source"] in ("rule", "rule+classifier") and 0 < cau[0]["confidence"] <= 1
    res = runner.invoke(main, ["check", str(note), "--format", "json", "--no-config", "--no-classifier"])
    assert all(d["source"] == "rule" for d in json.loads(res.stdout)["files"][0]["diagnostics"])


@needs_model
def test_evaluate_prints_per_code_table(runner):
    res = runner.invoke(main, ["evaluate", str(ROOT / "corpora" / "dev.jsonl")])
    assert res.exit_code == 0, res.output
    for token in ("CAU001", "DEC002", "micro", "macro", "precision", "recall"):
        assert token in res.output
    res = runner.invoke(main, ["evaluate", str(ROOT / "corpora" / "dev.jsonl"), "--no-classifier", "--format", "json"])
    data = json.loads(res.stdout)
    assert 0 <= data["micro"]["precision"] <= 1 and data["CAU001"]["support"] > 0


def test_training_is_deterministic(tmp_path):
    from answerlint.train import train

    small = tmp_path / "corpus"
    small.mkdir()
    for name in ("train", "dev"):
        lines = (ROOT / "corpora" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        (small / f"{name}.jsonl").write_text("\n".join(lines[:40]) + "\n", encoding="utf-8")
    a = train(small, tmp_path / "a", echo=lambda m: None)
    b = train(small, tmp_path / "b", echo=lambda m: None)
    assert a["sha256"] == b["sha256"] and a["thresholds"] == b["thresholds"]
    assert a["inference"]["sha256"] == b["inference"]["sha256"]
    assert load_model(tmp_path / "a").thresholds == a["thresholds"]


def test_inference_analyzers_match_scikit_learn():
    """The numpy inference copy must tokenize exactly like the scikit-learn vectorizers it replaces."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from sklearn.feature_extraction.text import TfidfVectorizer

    from answerlint.classifier import LinearTextModel

    words = TfidfVectorizer(ngram_range=(1, 2)).build_analyzer()
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    model = LinearTextModel({}, None, {}, None, {}, 1.0, None, None, [])

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet=st.sampled_from(list("ab c\\t\\n'é😀-.,I")), max_size=40))
    def check(text):
        text = text.lower()
        assert model._words(text) == words(text)
        assert sorted(model._chars(text)) == sorted(chars(text))

    check()


@pytest.mark.parametrize(("text", "posed"), [
    ("Is the goal retention of existing subscribers or acquisition of new ones?", True),
    ("- What would be your north star metric?", True),
    ("Don't we need a retention guardrail too?", True),
    ('"Should we ship it to everyone?"', True),
    ("So we just push the feature to everyone?", False),  # a claim with a question mark
    ("Heavy users retain better, so we should push the feature, right?", False),
    ("What we measured was clicks.", False),
])
def test_posed_question(text, posed):
    from answerlint.combine import posed_question
    from answerlint.nlp import get_nlp

    assert posed_question(get_nlp()(text)[:]) is posed


@needs_model
def test_the_model_adds_nothing_on_a_posed_question():
    from answerlint import Linter

    text = ("## Clarifying questions\n\n- Is the goal retention of existing premium subscribers or acquisition "
            "of new ones?\n- What would be your north star metric?\n- How would you measure the success of "
            "the new feed?\n")
    assert [f for f in Linter().lint_text(text, "q.md") if f.source == "classifier"] == []


@needs_model
def test_the_model_adds_nothing_where_the_trigger_is_reported_speech():
    from answerlint import Linter

    text = ('## Things I keep getting wrong\n\n1. Saying "it depends" and stopping. Fix: always follow '
            'with "if X then Y".\n')
    assert [f for f in Linter().lint_text(text, "q.md") if f.source == "classifier"] == []


LONG_NOTE = """# Notes

## Q1: Should we push the new onboarding?

Users who finished onboarding retain 20% better, so onboarding drives retention. I would ship it to
everyone. It depends on the segment, though.

## Q2: Was the price test a win?

The test was significant (p = 0.03). We should probably roll it out, maybe, if the data holds up.
Conversion went from 2.1% to 2.4% in the treatment arm.

- Total signups went up.
- Page views are our goal.
"""


@needs_model
@pytest.mark.parametrize("spaced_cue", [False, True])
def test_lint_scores_equal_the_model_on_the_training_features(tmp_path, spaced_cue):
    """The lint path scores text and cue tokens separately (text scores cached, the answer-wide cues
    once per answer); it must give what the model gives on the feature strings training uses, also
    for a user's rule whose cue name has a space in it (two tokens once the string is split)."""
    import numpy as np

    from answerlint import Linter
    from answerlint.classifier import sentence_inputs
    from answerlint.config import Config

    config = Config()
    if spaced_cue:
        rule = (Path(__file__).parents[1] / "rules" / "CAU001.yaml").read_text(encoding="utf-8")
        rule = rule.replace("\ncues:\n", "\ncues:\n  causal extra:\n    phrases: [onboarding]\n", 1)
        (tmp_path / "CAU001.yaml").write_text(rule, encoding="utf-8")
        config = Config(rule_dirs=[str(tmp_path)])
    linter = Linter(config)
    analysis = linter.engine.analyse(LONG_NOTE, markdown=True)
    raw = linter.engine.run(analysis)
    assert spaced_cue == any("CAU001.causal extra" in s.cues for s in analysis.sentences)
    texts, cues = sentence_inputs(analysis, raw)
    expected = linter.classifier.estimator.predict_proba(texts, cues)
    linter.classifier.cache.clear()
    for _ in range(2):  # scored fresh, then from the cache
        got = linter.classifier.probabilities(analysis, raw)
        labels = linter.classifier.estimator.labels_
        assert np.allclose([[row[c] for c in labels] for row in got], expected, rtol=0, atol=1e-12)


@needs_model
def test_more_sentences_than_the_score_cache_holds(monkeypatch):
    """A text with more distinct sentences than the cache keeps is scored whole (the cache used to
    evict scores it had just made and then fail to find them)."""
    from answerlint import Linter, classifier

    expected = Linter().lint_text(LONG_NOTE, "n.md")
    linter = Linter()
    linter.classifier.cache.clear()
    monkeypatch.setattr(classifier, "PROBABILITY_CACHE_SIZE", 2)
    assert linter.lint_text(LONG_NOTE, "n.md") == expected
    assert len(linter.classifier.cache) <= 2


def _reference_scores(model, texts):
    """The text part of the scores computed plainly, sentence by sentence: word terms counted in the
    order they first occur, character n-grams summed in feature order (the order the batch code adds
    them up in, so the results agree to the last bit)."""
    from collections import Counter

    import numpy as np

    out = np.zeros((len(texts), len(model.labels_)))
    for row, text in enumerate(texts):
        words = [(model.word_vocab[t], c) for t, c in Counter(model._words(text)).items() if t in model.word_vocab]
        chars = Counter()
        for w in text.split():  # per word, an n-gram counts at most 255 times (the packed count)
            for j, c in Counter(j for j in map(model.char_vocab.get, model._chars(w)) if j is not None).items():
                chars[j] += min(c, 255)
        for pairs, idf, shift in ((words, model.word_idf, 0),
                                  (sorted(chars.items()), model.char_idf, len(model.word_vocab))):
            if not pairs:
                continue
            idx = np.array([j for j, _ in pairs])
            vals = (1.0 + np.log(np.array([c for _, c in pairs], dtype=float))) * idf[idx]
            vals = vals / np.sqrt(np.bincount(np.zeros(len(vals), dtype=np.int64), weights=vals * vals))[0]
            out[row] += np.add.reduceat(model.coef[idx + shift] * vals[:, None], [0], axis=0)[0]
    return out


def test_batch_text_scores_equal_sentence_by_sentence_scores_to_the_last_bit(monkeypatch):
    """The batched numpy scoring (a flat per-word feature store, sorted pair keys) adds every term up
    in the same order as scoring each sentence alone, whatever else is in the batch and however often
    the per-word store is emptied."""
    import numpy as np

    from answerlint import classifier

    model = load_model(shipped_dir()).estimator
    texts = ["the lift was significant, so we should ship it to everyone.", "", "   ", "it depends",
             "retention retention retention rose 3% (p < 0.05) for users who watch documentaries.",
             "a" * 300, "ab " * 300, "we saw higher engagement; engagement drives revenue"]
    expected = _reference_scores(model, texts)
    monkeypatch.setattr(classifier, "CHAR_CACHE_WORDS", 3)
    model.__dict__.pop("_char_cache", None)
    for batch in (texts, texts[::-1], texts[3:] + texts[:3]):
        got = model.text_scores(batch)
        want = expected[[texts.index(t) for t in batch]]
        assert np.array_equal(got, want)
