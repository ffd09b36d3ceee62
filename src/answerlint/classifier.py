"""The sentence classifier: features, the scikit-learn model, and its verified artifact.

Each sentence is described by its text (word and character n-grams) and by what the rule engine
saw around it: the cues in the sentence, in its neighbours and in its answer, and the rules that
fired. One logistic regression per sentence-level code, over features scaled by their naive-Bayes
log-count ratio for that code (NB-LR), gives a probability per code. The artifact
is a joblib file next to a JSON manifest; the file's SHA-256 is checked before it is unpickled,
because joblib is pickle.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .corpus import SENTENCE_CODES

ARTIFACT = "classifier.joblib"
INFERENCE = "classifier.npz"  # the same weights as plain arrays: loaded without pickle or joblib
MANIFEST = "manifest.json"
FEATURE_VERSION = 1
PROBABILITY_CACHE_SIZE = 5000  # sentence texts whose scores are kept (a long note has a few hundred)
CHAR_CACHE_WORDS = 50_000  # words whose character n-gram features are kept
_STORE_LOCK = threading.Lock()


class ModelError(Exception):
    """A model directory that cannot be used (missing, tampered, wrong version); one line."""


def _cue_tokens(analysis, raw_hits) -> tuple[list[list[str]], dict[int, list[str]]]:
    """What the rule engine saw around each sentence, as feature tokens: per sentence its own (cues
    in it and its neighbours, rules that fired there), and per answer the cues anywhere in it."""
    by_sentence: dict[int, set[str]] = {}
    for h in raw_hits:
        if h.sentence is not None:
            by_sentence.setdefault(h.sentence, set()).add(h.rule.code)
    answer_cues: dict[int, set[str]] = {}
    for s in analysis.sentences:
        answer_cues.setdefault(s.answer, set()).update(s.cues)
    own = []
    sentences = analysis.sentences
    # Each sentence's cue keys as tokens with each prefix, made once.
    names = [[_token_names(k) for k in s.cues] for s in sentences]
    for s, mine in zip(sentences, names):
        tokens = [t[0] for t in mine]
        tokens += [f"r:{c}" for c in by_sentence.get(s.index, ())]
        group = analysis.by_group[s.group]
        pos = group.index(s.index)
        if pos > 0:
            prev = group[pos - 1]
            tokens += [t[1] for t in names[prev]] + [f"rp:{c}" for c in by_sentence.get(prev, ())]
        if pos + 1 < len(group):
            nxt = group[pos + 1]
            tokens += [t[2] for t in names[nxt]] + [f"rn:{c}" for c in by_sentence.get(nxt, ())]
        if s.heading:
            tokens.append("heading")
        own.append(tokens)
    return own, {a: [_token_names(k)[3] for k in keys] for a, keys in answer_cues.items()}


_TOKEN_NAMES: dict[str, tuple[str, str, str, str]] = {}


def _token_names(key: str) -> tuple[str, str, str, str]:
    """A cue key's feature tokens: in the sentence, the previous one, the next one, the answer."""
    names = _TOKEN_NAMES.get(key)
    if names is None:
        names = (f"c:{key}", f"p:{key}", f"n:{key}", f"a:{key}")
        if len(_TOKEN_NAMES) < 100_000:
            _TOKEN_NAMES[key] = names
    return names


def _split(tokens: list[str]) -> list[str]:
    """Feature tokens as the model reads them from a space-joined string: a cue name with a space in
    it (possible in a user's rule file) gives two tokens."""
    joined = " ".join(tokens)  # one check of the joined string instead of one per token
    plain = joined.isprintable() and joined.count(" ") == len(tokens) - 1
    return tokens if plain else joined.split()


def sentence_inputs(analysis, raw_hits) -> tuple[list[str], list[str]]:
    """(texts, cue token strings) for every sentence of an analysed document."""
    own, by_answer = _cue_tokens(analysis, raw_hits)
    texts = [s.text.lower() for s in analysis.sentences]
    cues = [" ".join(sorted(tokens + by_answer.get(s.answer, []))) or "none"
            for s, tokens in zip(analysis.sentences, own)]
    return texts, cues


class SentenceClassifier:
    """Multi-label sentence classifier (scikit-learn estimator conventions: fit returns self).

    Per code, every feature is first multiplied by its log-count ratio for that code: how much more
    often the feature occurs in the code's sentences than in the others, with add-`nb_alpha`
    smoothing (NB-LR; Wang & Manning, "Baselines and Bigrams", ACL 2012). A logistic regression on
    the scaled features then gives the code's probability. The scaling is folded into the weights
    (w * r), so the fitted model is one linear layer, `coef_` and `intercept_`, like a plain logistic
    regression. On out-of-fold predictions it adds about half as much again to the rules as an
    unscaled logistic regression did, at the same target precision."""

    def __init__(self, C: float = 4.0, cue_weight: float = 1.0, max_char_features: int = 60000,
                 class_weight: str | None = None, nb_alpha: float = 1.0) -> None:
        self.C = C
        self.class_weight = class_weight
        self.cue_weight = cue_weight
        self.max_char_features = max_char_features
        if nb_alpha <= 0:
            raise ValueError("nb_alpha must be positive (it smooths the log-count ratios)")
        self.nb_alpha = nb_alpha

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
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        X = self._matrix(texts, cues, fit=True)
        Y = np.asarray(Y)
        present = (X > 0).astype(np.float64)
        coefs, intercepts = [], []
        for j in range(Y.shape[1]):
            y = Y[:, j]
            if y.min() == y.max():  # a code with no (or only) positives: a constant predictor
                coefs.append(np.zeros(X.shape[1]))
                intercepts.append(30.0 if y[0] else -30.0)
                continue
            p = self.nb_alpha + np.asarray(present[y == 1].sum(axis=0)).ravel()
            q = self.nb_alpha + np.asarray(present[y == 0].sum(axis=0)).ravel()
            ratio = np.log(p / p.sum()) - np.log(q / q.sum())
            model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=5000, solver="lbfgs")
            model.fit(X.multiply(ratio).tocsr(), y)
            coefs.append(model.coef_.ravel() * ratio)
            intercepts.append(float(model.intercept_[0]))
        self.coef_ = np.column_stack(coefs)
        self.intercept_ = np.array(intercepts)
        self.labels_ = list(SENTENCE_CODES)
        return self

    def predict_proba(self, texts: list[str], cues: list[str]):
        import numpy as np

        if not texts:
            return np.zeros((0, len(self.labels_)))
        z = self._matrix(texts, cues, fit=False) @ self.coef_ + self.intercept_
        return 1.0 / (1.0 + np.exp(-z))


_WORD = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")


def _ordered_terms(vocab: dict) -> list[str] | None:
    """A vocabulary's terms in index order; None unless the indices are exactly 0..n-1."""
    terms = sorted(vocab, key=vocab.__getitem__)
    return terms if [vocab[t] for t in terms] == list(range(len(terms))) else None


class LinearTextModel:
    """Inference-only copy of a fitted SentenceClassifier: vocabularies, idf weights and coefficients
    as plain dicts and numpy arrays. Loading it needs neither scikit-learn nor scipy, which keeps
    `answerlint check` quick to start; `from_estimator` reproduces scikit-learn's analyzers exactly."""

    def __init__(self, word_vocab, word_idf, char_vocab, char_idf, cue_vocab, cue_weight, coef, intercept, labels,
                 word_ngrams=(1, 2), char_ngrams=(2, 5)) -> None:
        self.word_vocab = word_vocab
        self.word_idf = word_idf
        self.char_vocab = char_vocab
        self.char_idf = char_idf
        self.cue_vocab = cue_vocab
        self.cue_weight = cue_weight
        self.coef = coef  # (n_features, n_labels)
        self.intercept = intercept  # (n_labels,)
        self.labels_ = list(labels)
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams

    # joblib unpickles with a pure-Python unpickler, which is slow on dicts of ~100k n-grams. Each
    # vocabulary is pickled as one string of terms in index order and rebuilt with a C-speed dict().
    _VOCABS = ("word_vocab", "char_vocab", "cue_vocab")

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_char_cache", None)
        for name in self._VOCABS:
            terms = _ordered_terms(state[name])
            if terms is None or any("\n" in t for t in terms):
                continue  # keep the dict as it is
            state[name] = ("terms", "\n".join(terms))
        return state

    def __setstate__(self, state: dict) -> None:
        for name in self._VOCABS:
            value = state.get(name)
            if isinstance(value, tuple) and value and value[0] == "terms":
                terms = value[1].split("\n") if value[1] else []
                state[name] = dict(zip(terms, range(len(terms))))
        self.__dict__.update(state)

    # ---------------------------------------------------------------- plain-array copy
    _ARRAYS = ("word_idf", "char_idf", "coef", "intercept")

    def save_npz(self, path: Path) -> None:
        """Write the weights as a .npz of plain arrays (vocabularies as JSON strings). The zip entries
        carry a fixed timestamp so the same model always gives the same bytes."""
        import io
        import zipfile

        import numpy as np

        def terms(vocab: dict) -> str:
            ordered = _ordered_terms(vocab)
            if ordered is None:
                raise ValueError("vocabulary indices are not dense")
            return json.dumps(ordered, ensure_ascii=False)

        meta = {"labels": self.labels_, "cue_weight": self.cue_weight, "word_ngrams": list(self.word_ngrams),
                "char_ngrams": list(self.char_ngrams), "word_vocab": terms(self.word_vocab),
                "char_vocab": terms(self.char_vocab), "cue_vocab": terms(self.cue_vocab)}
        entries = {name: np.asarray(getattr(self, name)) for name in self._ARRAYS}
        entries["meta"] = np.array(json.dumps(meta, ensure_ascii=False))
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
            for name, array in entries.items():
                buf = io.BytesIO()
                np.lib.format.write_array(buf, array, allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_STORED  # uncompressed: loads faster than it reads
                zf.writestr(info, buf.getvalue())

    @classmethod
    def load_npz(cls, path: Path) -> "LinearTextModel":
        import numpy as np

        with np.load(path, allow_pickle=False) as z:
            arrays = {name: z[name] for name in cls._ARRAYS}
            meta = json.loads(str(z["meta"]))

        def vocab(key: str) -> dict:
            terms = json.loads(meta[key])
            return dict(zip(terms, range(len(terms))))

        return cls(vocab("word_vocab"), arrays["word_idf"], vocab("char_vocab"), arrays["char_idf"],
                   vocab("cue_vocab"), meta["cue_weight"], arrays["coef"], arrays["intercept"], meta["labels"],
                   tuple(meta["word_ngrams"]), tuple(meta["char_ngrams"]))

    @classmethod
    def from_estimator(cls, est: "SentenceClassifier") -> "LinearTextModel":
        import numpy as np

        return cls(
            word_vocab={k: int(v) for k, v in est.words_.vocabulary_.items()},
            word_idf=est.words_.idf_.astype("float64"),
            char_vocab={k: int(v) for k, v in est.chars_.vocabulary_.items()},
            char_idf=est.chars_.idf_.astype("float64"),
            cue_vocab={k: int(v) for k, v in est.cues_.vocabulary_.items()},
            cue_weight=float(est.cue_weight),
            coef=np.asarray(est.coef_, dtype="float64"),
            intercept=np.asarray(est.intercept_, dtype="float64"),
            labels=est.labels_,
            word_ngrams=est.words_.ngram_range,
            char_ngrams=est.chars_.ngram_range,
        )

    def _words(self, text: str) -> list[str]:
        tokens = _WORD.findall(text)
        lo, hi = self.word_ngrams
        out = list(tokens) if lo == 1 else []
        for n in range(max(lo, 2), min(hi, len(tokens)) + 1):
            if n == 2:
                out.extend([a + " " + b for a, b in zip(tokens, tokens[1:])])
            else:
                out.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        return out

    def _chars(self, text: str) -> list[str]:
        lo, hi = self.char_ngrams
        out: list[str] = []
        extend, append = out.extend, out.append
        for w in _SPACES.sub(" ", text).split():
            w = f" {w} "
            size = len(w)
            for n in range(lo, hi + 1):
                if size <= n:  # a word shorter than n counts once, as scikit-learn does
                    append(w)
                    break
                extend([w[i:i + n] for i in range(size - n + 1)])
        return out

    def _word_chars(self, words: list[str]) -> tuple[list[int], list[int]]:
        """In-vocabulary character n-grams of each word (no whitespace in it), packed as feature index *
        256 + count: all words' packed features one after another, and how many each word has. char_wb
        n-grams never cross words, so a sentence's counts are the sum over its words. (One flat list
        for the batch: an array per word cost more than the n-grams.)"""
        lo, hi = self.char_ngrams
        get = self.char_vocab.get
        flat: list[int] = []
        lengths: list[int] = []
        for word in words:
            w = f" {word} "
            size = len(w)
            grams: list[str] = []
            for n in range(lo, hi + 1):
                if size <= n:  # a word shorter than n counts once, as scikit-learn does
                    grams.append(w)
                    break
                grams.extend([w[i:i + n] for i in range(size - n + 1)])
            ids = [j for j in map(get, grams) if j is not None]
            if len(set(ids)) == len(ids):  # the usual case: every n-gram once
                flat.extend([j * 256 + 1 for j in ids])
                lengths.append(len(ids))
            else:
                counts = Counter(ids)
                flat.extend([j * 256 + min(c, 255) for j, c in counts.items()])
                lengths.append(len(counts))
        return flat, lengths

    def _word_slots(self, words: list[str]):
        """Where each word's packed features lie in one flat array: {"flat", "start", "length"} with a
        start and length per word. Features are computed once per word and kept (words repeat a lot;
        the store is emptied when it holds too many)."""
        import numpy as np

        with _STORE_LOCK:  # the store's arrays are filled in place: one thread at a time
            store = self.__dict__.get("_char_cache")
            if store is None or len(store["slot"]) > CHAR_CACHE_WORDS:
                store = self.__dict__["_char_cache"] = {
                    "slot": {}, "flat": np.zeros(1 << 16, dtype=np.int64), "used": 0,
                    "start": np.zeros(1024, dtype=np.int64), "length": np.zeros(1024, dtype=np.int64)}
            return self._fill_slots(store, words)

    def _fill_slots(self, store: dict, words: list[str]):
        import numpy as np

        slot = store["slot"]
        get = slot.get
        slots = [get(w, -1) for w in words]
        missing = [w for w in dict.fromkeys(w for w, k in zip(words, slots) if k < 0)]
        if missing:
            feats, sizes = self._word_chars(missing)
            used, flat = store["used"], store["flat"]
            if used + len(feats) > len(flat):
                flat = store["flat"] = np.resize(flat, max(2 * len(flat), used + len(feats)))
            count = len(slot)
            if count + len(missing) > len(store["start"]):
                grow = max(2 * len(store["start"]), count + len(missing))
                store["start"] = np.resize(store["start"], grow)
                store["length"] = np.resize(store["length"], grow)
            flat[used:used + len(feats)] = feats
            sizes = np.array(sizes, dtype=np.int64)
            store["start"][count:count + len(missing)] = used + np.cumsum(sizes) - sizes
            store["length"][count:count + len(missing)] = sizes
            slot.update(zip(missing, range(count, count + len(missing))))
            store["used"] = used + len(feats)
            slots = [get(w) for w in words]
        # Copies of the rows the batch reads: another batch may grow (reallocate) the arrays.
        slots = np.array(slots, dtype=np.int64)
        return {"flat": store["flat"], "start": store["start"][slots], "length": store["length"][slots]}

    def _char_scores(self, texts: list[str]):
        """The character n-gram part of every sentence's scores, computed for the whole batch at once:
        per (sentence, feature) counts, sublinear tf times idf, L2-normalized per sentence, times the
        coefficients, exactly as scikit-learn's TfidfVectorizer and the linear model compute them."""
        import numpy as np

        n_labels = len(self.labels_)
        split = [text.split() for text in texts]
        store = self._word_slots([w for words in split for w in words])
        out = np.zeros((len(texts), n_labels))
        starts, lengths = store["start"], store["length"]
        if not len(starts):
            return out
        owners = np.repeat(np.arange(len(texts), dtype=np.int64), [len(words) for words in split])
        total = int(lengths.sum())
        if not total:
            return out
        # Every word's features one after another: the packed values at starts[k] .. + lengths[k].
        ends = np.cumsum(lengths)
        packed = store["flat"][np.repeat(starts - (ends - lengths), lengths) + np.arange(total)]
        rows = np.repeat(owners, lengths)
        feature = packed >> 8
        count = packed & 255
        # Sum the counts of each (sentence, feature) pair: sort by it and add up each run. The count
        # (below 256) rides in the low byte of the sort key when the pair ids leave room for it.
        key = rows * len(self.char_vocab) + feature
        if len(texts) * len(self.char_vocab) < 1 << 54:
            both = np.sort((key << 8) | count)
            key, count = both >> 8, both & 255
        else:
            order = np.argsort(key)
            key, count = key[order], count[order]
        starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
        totals = np.add.reduceat(count, starts)
        key = key[starts]
        row = key // len(self.char_vocab)
        feat = key % len(self.char_vocab)
        vals = (1.0 + np.log(totals)) * self.char_idf[feat]
        norms = np.sqrt(np.bincount(row, weights=vals * vals, minlength=len(texts)))
        norms[norms == 0] = 1.0
        vals = vals / norms[row]
        return _row_sums(len(texts), row, vals, self.coef, feat + len(self.word_vocab))

    def _word_scores(self, texts: list[str]):
        """The word n-gram part of every sentence's scores: per (sentence, term) counts, sublinear tf
        times idf, L2-normalized per sentence, times the coefficients, for the whole batch at once."""
        import numpy as np

        get = self.word_vocab.get
        sizes, found = [], []
        for text in texts:
            ids = [j for j in map(get, self._words(text)) if j is not None]
            sizes.append(len(ids))
            found.extend(ids)
        if not found:
            return np.zeros((len(texts), len(self.labels_)))
        # Count each (sentence, term) pair.
        size = len(self.word_vocab)
        key = np.repeat(np.arange(len(texts), dtype=np.int64), sizes) * size + np.asarray(found, dtype=np.int64)
        unique, first, counts = np.unique(key, return_index=True, return_counts=True)
        # Each sentence's terms in the order they first occur, so the sums below add up in the same
        # order as they always have (a different order changes the last bits).
        order = np.argsort(first, kind="stable")
        key, counts = unique[order], counts[order]
        rows_a, idx = key // size, key % size
        vals = (1.0 + np.log(counts.astype(np.float64))) * self.word_idf[idx]
        norms = np.sqrt(np.bincount(rows_a, weights=vals * vals, minlength=len(texts)))
        norms[norms == 0] = 1.0
        return _row_sums(len(texts), rows_a, vals / norms[rows_a], self.coef, idx)

    def text_scores(self, texts: list[str]):
        """Per sentence, the part of the linear score its (lowercased) text gives: word and character
        n-grams. It depends on the text alone, so callers may cache it by text."""
        return self._char_scores(texts) + self._word_scores(texts)

    def cue_scores(self, token_sets: list) -> "object":
        """Per sentence, the part of the score its cue tokens give (binary features: each distinct
        token in the vocabulary adds its weights, times the cue weight, once)."""
        vocab = self.cue_vocab
        start = len(self.word_vocab) + len(self.char_vocab)
        rows, idx = [], []
        for row, tokens in enumerate(token_sets):
            found = [start + vocab[t] for t in tokens if t in vocab]
            rows.extend([row] * len(found))
            idx.extend(found)
        return _row_sums(len(token_sets), rows, [self.cue_weight] * len(idx), self.coef, idx)

    def predict_proba(self, texts: list[str], cues: list[str]):
        import numpy as np

        z = self.text_scores(texts) + self.cue_scores([set(c.split()) for c in cues]) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


_ROW_SUM_BLOCK = 32_768  # (feature, label) weights gathered per step: a few megabytes


def _row_sums(n: int, rows, vals, coef, idx):
    """out[r] = sum of vals[k] * coef[idx[k]] over the k with rows[k] == r: a sparse (n, features)
    matrix given as coordinates (rows non-decreasing), times the weights. Whole weight rows are
    gathered a block at a time: all at once, millions of n-gram occurrences would make an array
    hundreds of megabytes large."""
    import numpy as np

    out = np.zeros((n, coef.shape[1]))
    if not len(idx):
        return out
    rows = np.asarray(rows, dtype=np.int64)
    vals = np.asarray(vals, dtype=np.float64)
    idx = np.asarray(idx, dtype=np.int64)
    lo = 0
    while lo < len(idx):
        # A block ends where a row does, so each row is summed in one go, in the same order whatever
        # else is in the batch (a cached score never depends on what it was scored with).
        hi = int(np.searchsorted(rows, rows[min(lo + _ROW_SUM_BLOCK, len(idx)) - 1], side="right"))
        block_rows = rows[lo:hi]
        weighted = coef[idx[lo:hi]] * vals[lo:hi, None]
        starts = np.flatnonzero(np.concatenate(([True], block_rows[1:] != block_rows[:-1])))
        out[block_rows[starts]] = np.add.reduceat(weighted, starts, axis=0)
        lo = hi
    return out


@dataclass
class LoadedModel:
    estimator: SentenceClassifier
    thresholds: dict[str, float]
    veto: dict[str, float]
    manifest: dict
    directory: str
    gates: dict[str, str] = field(default_factory=dict)  # code -> gate mode for classifier-only findings

    cache: dict = field(default_factory=dict)

    def probabilities(self, analysis, raw_hits) -> list[dict[str, float]]:
        """Per sentence, the probability of each code."""
        import numpy as np

        est = self.estimator
        labels = est.labels_
        if not isinstance(est, LinearTextModel):  # a scikit-learn estimator (tests, old artifacts)
            texts, cues = sentence_inputs(analysis, raw_hits)
            rows = est.predict_proba(texts, cues) if texts else []
            return [dict(zip(labels, map(float, row))) for row in rows]
        sentences = analysis.sentences
        if not sentences:
            return []
        # The model is linear: a sentence's score is its text's part plus its cue tokens' part. The
        # text part is the costly one and depends on the text alone, so it is cached (bounded), and
        # relinting an edited note scores only the edited sentences' text. The answer-wide cue tokens
        # are the same for every sentence of an answer, so their part is computed once per answer.
        texts = [s.text.lower() for s in sentences]
        cache = self.cache
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        fresh = dict(zip(missing, est.text_scores(missing))) if missing else {}
        text_part = np.array([fresh[t] if t in fresh else cache[t] for t in texts])
        cache.update(fresh)
        while len(cache) > PROBABILITY_CACHE_SIZE:
            cache.pop(next(iter(cache)))
        own, by_answer = _cue_tokens(analysis, raw_hits)  # every sentence's answer has an entry
        answers = list(by_answer)
        answer_part = est.cue_scores([set(_split(by_answer[a])) for a in answers])
        row_of = {a: i for i, a in enumerate(answers)}
        token_sets = [set(_split(tokens)) if tokens or by_answer[s.answer] else {"none"}
                      for s, tokens in zip(sentences, own)]
        z = text_part + est.cue_scores(token_sets) + est.intercept
        z += answer_part[[row_of[s.answer] for s in sentences]]
        probs = 1.0 / (1.0 + np.exp(-z))
        return [dict(zip(labels, row)) for row in probs.tolist()]


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
    inference = manifest.get("inference") or {}
    plain = directory / str(inference.get("file", ""))
    if inference and plain.is_file():
        # Same weights as plain arrays: no unpickling and no joblib import at lint time.
        if sha256_file(plain) != inference.get("sha256"):
            raise ModelError(f"{plain}: sha256 mismatch: the file is not the one its manifest describes; "
                             "refusing to load")
        try:
            estimator = LinearTextModel.load_npz(plain)
        except Exception as exc:
            raise ModelError(f"{plain}: cannot load ({type(exc).__name__}: {exc})") from None
    else:
        import joblib

        try:
            estimator = joblib.load(artifact)
        except Exception as exc:  # a verified file that still fails: wrong library versions
            raise ModelError(f"{artifact}: cannot load ({type(exc).__name__}: {exc})") from None
    model = LoadedModel(estimator, manifest["thresholds"], manifest.get("veto", {}), manifest, str(directory),
                        manifest.get("gates", {}))
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
