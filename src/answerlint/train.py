"""`answerlint train`: fit the sentence classifier on corpora/train.jsonl, pick per-code thresholds on
dev.jsonl for precision, and write the artifact with its manifest."""
from __future__ import annotations

import hashlib
import json
import platform
from pathlib import Path

import numpy as np

from .classifier import (ARTIFACT, FEATURE_VERSION, MANIFEST, LinearTextModel, LoadedModel, SentenceClassifier,
                         sentence_inputs, sha256_file)
from .corpus import ANSWER_CODES, SENTENCE_CODES, GoldAnswer, load

TARGET_PRECISION = 0.90
GRID = [round(x, 2) for x in np.arange(0.50, 0.96, 0.05)] + [1.01]
VETO_GRID = [0.0, 0.02, 0.05, 0.1, 0.2]


def dataset(answers: list[GoldAnswer], linter):
    """Engine sentences with their gold labels, features and which rules fired on them."""
    from .combine import may_flag

    engine = linter.engine
    texts, cues, gold, fired, gate = [], [], [], [], []
    for a in answers:
        analysis = engine.analyse(a.text, markdown=False)
        raw = engine.run(analysis)
        t, c = sentence_inputs(analysis, raw)
        texts += t
        cues += c
        by_sentence: dict[int, set[str]] = {}
        for h in raw:
            if h.sentence is not None:
                # A hit that spans into the next sentence (CAU001's leap) counts for both.
                for s in analysis.sentences:
                    start, end = analysis.offsets(s, s.span)
                    if h.start < end and start < h.end:
                        by_sentence.setdefault(s.index, set()).add(h.rule.code)
        for s in analysis.sentences:
            start, end = analysis.offsets(s, s.span)
            labels = set()
            for g in a.sentences:
                if g.start < end and start < g.end:
                    labels |= g.labels
            gold.append([c in labels for c in SENTENCE_CODES])
            gate.append([not s.heading and may_flag(linter, analysis, s, c) for c in SENTENCE_CODES])
            fired.append([c in by_sentence.get(s.index, ()) for c in SENTENCE_CODES])
    return texts, cues, np.array(gold, dtype=bool), np.array(fired, dtype=bool), np.array(gate, dtype=bool)


def _prf(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    tp = int((pred & gold).sum())
    fp = int((pred & ~gold).sum())
    fn = int((~pred & gold).sum())
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def choose_thresholds(P: np.ndarray, fired: np.ndarray, gold: np.ndarray, gate: np.ndarray) -> tuple[dict, dict]:
    """Per code: the (threshold, veto) pair with the best combined F1 whose precision stays at or above
    the target; the rules alone (threshold 1.01, no veto) when nothing beats them."""
    thresholds, veto = {}, {}
    for j, code in enumerate(SENTENCE_CODES):
        best = None
        for v in VETO_GRID:
            kept = fired[:, j] & (P[:, j] >= v)
            for t in GRID:
                pred = kept | ((P[:, j] >= t) & gate[:, j])
                p, r, f = _prf(pred, gold[:, j])
                key = (p >= TARGET_PRECISION, round(f, 4), -v, t)
                if best is None or key > best[0]:
                    best = (key, t, v)
        thresholds[code], veto[code] = best[1], best[2]
    return thresholds, veto


def corpus_hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def train(corpus: Path, out: Path, *, echo=print) -> dict:
    from . import __version__
    from .api import Linter
    from .config import Config
    from .evaluate import evaluate

    train_file, dev_file = corpus / "train.jsonl", corpus / "dev.jsonl"
    for f in (train_file, dev_file):
        if not f.is_file():
            raise FileNotFoundError(f"{f}: missing (run corpora/build.py)")
    linter = Linter(Config(), classifier=False)
    train_answers, dev_answers = load(train_file), load(dev_file)
    echo(f"train: {len(train_answers)} answers; dev: {len(dev_answers)} answers")
    texts, cues, gold, _, _ = dataset(train_answers, linter)
    estimator = SentenceClassifier().fit(texts, cues, gold.astype(int))
    d_texts, d_cues, d_gold, d_fired, d_gate = dataset(dev_answers, linter)
    P = estimator.predict_proba(d_texts, d_cues)
    light = LinearTextModel.from_estimator(estimator)
    if not np.allclose(light.predict_proba(d_texts, d_cues), P, atol=1e-6):
        raise ValueError("the inference copy of the model disagrees with scikit-learn; not writing it")
    thresholds, veto = choose_thresholds(P, d_fired, d_gold, d_gate)

    codes = list(SENTENCE_CODES + ANSWER_CODES)
    rules_scores = evaluate(dev_answers, lambda t: linter.lint_text(t, markdown=False), codes)
    combined = Linter(Config(), classifier=False)
    combined.classifier = LoadedModel(light, thresholds, veto, {}, "<memory>")
    combined_scores = evaluate(dev_answers, lambda t: combined.lint_text(t, markdown=False), codes)

    out.mkdir(parents=True, exist_ok=True)
    import joblib
    import scipy
    import sklearn
    import spacy

    joblib.dump(light, out / ARTIFACT, compress=3)

    def rows(scores):
        table = {c: dict(zip(("precision", "recall", "f1", "support"), map(_round, scores.prf(c)))) for c in codes}
        table["micro"] = dict(zip(("precision", "recall", "f1", "support"), map(_round, scores.prf())))
        return table

    manifest = {
        "name": "answerlint-sentence-classifier",
        "feature_version": FEATURE_VERSION,
        "sha256": sha256_file(out / ARTIFACT),
        "labels": list(SENTENCE_CODES),
        "thresholds": thresholds,
        "veto": veto,
        "target_precision": TARGET_PRECISION,
        "corpus": {"train": train_file.name, "dev": dev_file.name, "sha256": corpus_hash([train_file, dev_file]),
                   "train_answers": len(train_answers), "dev_answers": len(dev_answers),
                   "train_sentences": len(texts)},
        "versions": {"answerlint": __version__, "python": platform.python_version(), "scikit-learn": sklearn.__version__,
                     "scipy": scipy.__version__, "numpy": np.__version__, "spacy": spacy.__version__,
                     "joblib": joblib.__version__},
        "dev_scores": {"rules": rows(rules_scores), "combined": rows(combined_scores)},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def _round(x):
    return round(x, 4) if isinstance(x, float) else x
