"""The sentence classifier: features, the scikit-learn model, and its verified artifact.

Each sentence is described by its text (word and character n-grams) and by what the rule engine
saw around it: the cues in the sentence, in its neighbours and in its answer, and the rules that
fired. A one-vs-rest logistic regression gives a probability per sentence-level code. The artifact
is a joblib file next to a JSON manifest; the file's SHA-256 is checked before it is unpickled,
because joblib is pickle.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .corpus import SENTENCE_CODES

ARTIFACT = "classifier.joblib"
MANIFEST = "manifest.json"
FEATURE_VERSION = 1


class ModelError(Exception):
    """A model directory that cannot be used (missing, tampered, wrong version); one line."""


def sentence_inputs(analysis, raw_hits) -> tuple[list[str], list[str]]:
    """(texts, cue token strings) for every sentence of an analysed document."""
    by_sentence: dict[int, set[str]] = {}
    for h in raw_hits:
        if h.sentence is not None:
            by_sentence.setdefault(h.sentence, set()).add(h.rule.code)
    answer_cues: dict[int, set[str]] = {}
    for s in analysis.sentences:
        answer_cues.setdefault(s.answer, set()).update(s.cues)
    texts, cues = [], []
    sentences = analysis.sentences
    for s in sentences:
        tokens = [f"c:{k}" for k in s.cues]
        tokens += [f"r:{c}" for c in by_sentence.get(s.index, ())]
        group = analysis.by_group[s.group]
        pos = group.index(s.index)
        if pos > 0:
            prev = sentences[group[pos - 1]]
            tokens += [f"p:{k}" for k in prev.cues] + [f"rp:{c}" for c in by_sentence.get(prev.index, ())]
        if pos + 1 < len(group):
            nxt = sentences[group[pos + 1]]
            tokens += [f"n:{k}" for k in nxt.cues] + [f"rn:{c}" for c in by_sentence.get(nxt.index, ())]
        tokens += [f"a:{k}" for k in answer_cues.get(s.answer, ())]
        if s.heading:
            tokens.append("heading")
        texts.append(s.text.lower())
        cues.append(" ".join(sorted(tokens)) or "none")
    return texts, cues


class SentenceClassifier:
    """Multi-label sentence classifier (scikit-learn estimator conventions: fit returns self)."""

    def __init__(self, C: float = 4.0, cue_weight: float = 1.0, max_char_features: int = 60000) -> None:
        self.C = C
        self.cue_weight = cue_weight
        self.max_char_features = max_char_features

    def _matrix(self, texts, cues, fit: bool):
        from scipy.sparse import hstack

        if fit:
            from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

            self.words_ = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
            self.chars_ = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                                          max_features=self.max_char_features)
            self.cues_ = CountVectorizer(binary=True, lowercase=False, token_pattern=r"\S+")
            parts = [self.words_.fit_transform(texts), self.chars_.fit_transform(texts),
                     self.cues_.fit_transform(cues) * self.cue_weight]
        else:
            parts = [self.words_.transform(texts), self.chars_.transform(texts),
                     self.cues_.transform(cues) * self.cue_weight]
        return hstack(parts).tocsr()

    def fit(self, texts: list[str], cues: list[str], Y) -> "SentenceClassifier":
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier

        X = self._matrix(texts, cues, fit=True)
        self.model_ = OneVsRestClassifier(
            LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000, solver="liblinear", random_state=0)
        ).fit(X, Y)
        self.labels_ = list(SENTENCE_CODES)
        return self

    def predict_proba(self, texts: list[str], cues: list[str]):
        if not texts:
            import numpy as np

            return np.zeros((0, len(self.labels_)))
        return self.model_.predict_proba(self._matrix(texts, cues, fit=False))


@dataclass
class LoadedModel:
    estimator: SentenceClassifier
    thresholds: dict[str, float]
    veto: dict[str, float]
    manifest: dict
    directory: str

    def probabilities(self, analysis, raw_hits) -> list[dict[str, float]]:
        texts, cues = sentence_inputs(analysis, raw_hits)
        probs = self.estimator.predict_proba(texts, cues)
        labels = self.estimator.labels_
        return [dict(zip(labels, map(float, row))) for row in probs]


def shipped_dir() -> Path:
    return Path(str(resources.files("answerlint") / "model"))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_CACHE: dict[str, LoadedModel] = {}


def load_model(directory: str | Path) -> LoadedModel:
    """Load a model directory written by `answerlint train`, verifying the artifact's SHA-256 first."""
    directory = Path(directory)
    key = str(directory.resolve())
    if key in _CACHE:
        return _CACHE[key]
    manifest_path = directory / MANIFEST
    artifact = directory / ARTIFACT
    if not manifest_path.is_file() or not artifact.is_file():
        raise ModelError(f"{directory}: not a model directory (needs {MANIFEST} and {ARTIFACT})")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{manifest_path}: unreadable manifest ({exc})") from None
    if manifest.get("feature_version") != FEATURE_VERSION:
        raise ModelError(f"{manifest_path}: feature version {manifest.get('feature_version')} != {FEATURE_VERSION}")
    digest = sha256_file(artifact)
    if digest != manifest.get("sha256"):
        raise ModelError(f"{artifact}: sha256 mismatch: the file is not the one its manifest describes; refusing to load")
    import joblib

    try:
        estimator = joblib.load(artifact)
    except Exception as exc:  # a verified file that still fails: wrong library versions
        raise ModelError(f"{artifact}: cannot load ({type(exc).__name__}: {exc})") from None
    model = LoadedModel(estimator, manifest["thresholds"], manifest.get("veto", {}), manifest, str(directory))
    _CACHE[key] = model
    return model


def load_classifier(model_dir: str | None = None) -> LoadedModel | None:
    """The named model, or the shipped one; None when no model is shipped (rules run alone)."""
    if model_dir:
        return load_model(model_dir)
    shipped = shipped_dir()
    if not (shipped / MANIFEST).is_file():
        return None
    return load_model(shipped)
