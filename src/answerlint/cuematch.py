"""Cue matching over token attribute arrays.

Every rule cue is a list of phrases (matched on lemma norms or on lowercase words) and spaCy-style
token patterns. spaCy's `Matcher` tries every pattern at every token and evaluates `IN`, `NOT_IN`
and `REGEX` predicates in Python with a `Token` object per test, which made matching most of the
linting time. Here a document is read once into integer columns (`Doc.to_array`), phrases are
looked up by their first word, and a pattern is only tried where it can start (positions of its
anchor words), then expanded by backtracking exactly like the Matcher: every match at every start,
each operator (`?`, `*`, `+`, `{n,m}`) taking every count it can. Patterns using anything this
does not implement return False from `add_pattern`, and the engine hands them to spaCy's Matcher.
"""
from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from spacy.attrs import IDS

_ID_ATTRS = {"NORM": "NORM", "LOWER": "LOWER", "ORTH": "ORTH", "TEXT": "ORTH"}
_FLAG_ATTRS = {"IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
               "IS_SPACE", "IS_STOP", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_BRACKET", "IS_QUOTE",
               "IS_CURRENCY", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL"}
_UNBOUNDED = 1 << 30
STARTS_LIMIT = 400_000  # word ids remembered per matcher before the start tables are rebuilt
_COUNT = re.compile(r"\{(\d*)(,?)(\d*)\}")


class _Test:
    """One token's conditions: every check must hold. A check is (column, kind, value)."""

    __slots__ = ("checks",)

    def __init__(self, checks: list[tuple[str, str, object]]) -> None:
        self.checks = checks

    def __call__(self, cols: dict[str, list], text_of, i: int) -> bool:
        for col, kind, value in self.checks:
            x = cols[col][i]
            if kind == "eq":
                if x != value:
                    return False
            elif kind == "in":
                if x not in value:
                    return False
            elif kind == "not_in":
                if x in value:
                    return False
            elif kind == "flag":
                if bool(x) != value:
                    return False
            elif kind == "regex":
                if not value.search(text_of(col, x)):
                    return False
        return True


class _Pattern:
    __slots__ = ("key", "steps", "gates")

    def __init__(self, key: int, steps: list[tuple[_Test, int, int]]) -> None:
        self.key = key
        self.steps = steps  # (test, min count, max count)
        # Every match has a token of each required step, so a doc can hold a match only if, for each
        # of these (column, ids) of a required step's `eq`/`in` checks, the column has one of the ids.
        gates = {}
        for test, lo, _ in steps:
            if lo >= 1:
                for col, kind, value in test.checks:
                    if kind in ("eq", "in"):
                        ids = frozenset([value]) if kind == "eq" else value
                        gates[(col, ids)] = None
        self.gates = sorted(gates, key=lambda g: len(g[1]))  # small sets (rarer words) first


class CueMatcher:
    """Phrases and token patterns keyed by cue name; calling it on a Doc gives (key, start, end)."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        # Per column: a trie of phrases (word id -> (children, keys of phrases ending here)) and the
        # patterns each word id anchors, with the anchor's offset in the pattern.
        self._tries: dict[str, dict[int, tuple[dict, list[str]]]] = defaultdict(dict)
        self._anchors: dict[str, dict[int, list[tuple[_Pattern, int]]]] = defaultdict(dict)
        self._size = 0
        self._flagged: dict[tuple[str, int], list[_Pattern]] = defaultdict(list)
        self._anywhere: list[_Pattern] = []
        self._regexed: dict[tuple[str, re.Pattern, int], list[_Pattern]] = defaultdict(list)
        # Per column, what each word id seen so far starts. Ids are string hashes, so entries stay
        # valid across memory zones.
        self._starts: dict[str, _Starts] = {}
        self._starts_size = 0
        self._start_columns: list[str] | None = None
        self._lock = threading.Lock()
        self._columns: set[str] = set()
        self.key_names: list[str] = []  # matches name their key by its position here
        self._key_index: dict[str, int] = {}

    def __len__(self) -> int:
        return self._size

    def _index(self, key: str) -> int:
        found = self._key_index.get(key)
        if found is None:
            found = self._key_index[key] = len(self.key_names)
            self.key_names.append(key)
        return found

    # ------------------------------------------------------------------ building
    def add_phrases(self, key: str, attr: str, sequences: Sequence[Sequence[str]]) -> None:
        """Phrases as word sequences: `attr` NORM compares lemma norms, LOWER lowercase words."""
        trie = self._tries[attr]
        self._reset_starts()
        self._columns.add(attr)
        add = self.vocab.strings.add
        index = self._index(key)
        for words in sequences:
            if not words or not all(words):  # an empty word matches no token (and id 0 is the separator)
                continue
            level = trie
            for w in words[:-1]:
                level = level.setdefault(add(w), ({}, []))[0]
            keys = level.setdefault(add(words[-1]), ({}, []))[1]
            if index not in keys:
                keys.append(index)
            self._size += 1

    def add_pattern(self, key: str, pattern: list[dict]) -> bool:
        """Compile a spaCy token pattern; False when it uses something only spaCy's Matcher has."""
        steps = []
        for spec in pattern:
            spec = dict(spec)
            op = spec.pop("OP", None)
            counts = _counts(op)
            test = self._test(spec)
            if counts is None or test is None:
                return False
            steps.append((test, *counts))
        if not steps or all(lo == 0 for _, lo, _ in steps):
            return False  # a pattern that can match nothing: leave its semantics to spaCy
        compiled = _Pattern(self._index(key), steps)
        self._size += 1
        self._reset_starts()
        start = _start(steps)
        if start is None:
            self._anywhere.append(compiled)
        elif start[0] == "ids":
            _, col, ids, offset = start
            table = self._anchors[col]
            for i in ids:
                table.setdefault(i, []).append((compiled, offset))
        elif start[0] == "flag":
            _, col, offset = start
            self._flagged[(col, offset)].append(compiled)
        else:
            _, col, rx, offset = start
            self._regexed[(col, rx, offset)].append(compiled)
        return True

    def _test(self, spec: dict) -> _Test | None:
        checks: list[tuple[str, str, object]] = []
        add = self.vocab.strings.add
        for attr, value in spec.items():
            if attr in _ID_ATTRS:
                col = _ID_ATTRS[attr]
                if isinstance(value, str):
                    checks.append((col, "eq", add(value)))
                elif isinstance(value, dict) and len(value) == 1:
                    (pred, arg), = value.items()
                    if pred in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
                        checks.append((col, pred.lower(), frozenset(add(v) for v in arg)))
                    elif pred == "REGEX" and isinstance(arg, str):
                        checks.append((col, "regex", re.compile(arg)))
                    else:
                        return None
                else:
                    return None
            elif attr in _FLAG_ATTRS and isinstance(value, bool):
                checks.append((attr, "flag", value))
            else:
                return None
            self._columns.add(checks[-1][0])
        return _Test(checks)

    # ------------------------------------------------------------------ matching
    def __call__(self, doc) -> list[tuple[str, int, int]]:
        """Every match as (key, start, end), sorted by start, end and key."""
        return sorted(self.matches(doc), key=lambda m: (m[1], m[2], m[0]))

    def read(self, doc, extra: Sequence[str] = ()) -> dict[str, np.ndarray]:
        """The doc's columns matching reads, and `extra` ones, as arrays by attribute name."""
        names = sorted({*self._columns, *extra})
        if not names:
            return {}
        table = doc.to_array([IDS[c] for c in names])
        if table.ndim == 1:
            table = table.reshape(-1, 1)
        return {c: table[:, j] for j, c in enumerate(names)}

    def matches(self, doc, arrays: dict[str, np.ndarray] | None = None) -> set[tuple[str, int, int]]:
        """Every match as (key, start, end), in no particular order. `arrays` are the doc's columns
        from `read`, if the caller has them already."""
        if not len(doc) or not len(self):
            return set()
        (keys, begins, ends), _ = self.matches_all([self.read(doc) if arrays is None else arrays])
        names = self.key_names
        return {(names[k], s, e) for k, s, e in zip(keys.tolist(), begins.tolist(), ends.tolist())}

    def matches_all(self, tables: Sequence[dict[str, np.ndarray]]
                    ) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], list[int]]:
        """The matches of many docs (their columns from `read`) in one pass, as arrays of key (its
        position in `key_names`), start and end, in positions of the docs laid end to end with one
        separator position after each (a match may be listed more than once), and the position each
        doc starts at. Matching a paragraph at a time cost more in per-call work than in matching."""
        starts: list[int] = []
        lengths: list[int] = []
        pos = 0
        for table in tables:
            starts.append(pos)
            size = len(next(iter(table.values()))) if table else 0
            lengths.append(size)
            pos += size + 1
        found: list[tuple[int, int, int]] = []
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        if not pos or not len(self) or not any(lengths):
            return _arrays(found, parts), starts
        sep = np.zeros(1, dtype=np.uint64)
        arrays = {}
        for c in self._columns:
            pieces = []
            for table in tables:
                if table:
                    pieces.append(table[c])
                pieces.append(sep)
            arrays[c] = np.concatenate(pieces)
        cols = {c: a.tolist() for c, a in arrays.items()}
        n = len(next(iter(cols.values())))
        strings = self.vocab.strings
        texts: dict[int, str] = {}

        def text_of(col: str, x: int) -> str:
            s = texts.get(x)
            if s is None:
                s = texts[x] = strings[x]
            return s

        def bounds(p: int) -> tuple[int, int]:
            k = bisect_right(starts, p) - 1
            return k, starts[k] + lengths[k]

        expand = self._expand
        present: dict[tuple[str, int], set[int]] = {}  # per (column, doc), the ids in the doc
        allowed: dict[tuple[_Pattern, int], bool] = {}  # per (pattern, doc), whether it can match there

        def possible(pattern: _Pattern, k: int) -> bool:
            # Every match has a token of each required step: a doc lacking one cannot hold a match.
            ok = allowed.get((pattern, k))
            if ok is None:
                ok = True
                for col_name, ids in pattern.gates:
                    have = present.get((col_name, k))
                    if have is None:
                        have = present[(col_name, k)] = set(cols[col_name][starts[k]:starts[k] + lengths[k]])
                    if ids.isdisjoint(have):
                        ok = False
                        break
                allowed[(pattern, k)] = ok
            return ok

        # Per column, what its words start (learning the words not seen before, one thread at a time).
        tables_now: dict[str, tuple[_Starts, tuple[np.ndarray, ...]]] = {}
        with self._lock:
            if self._starts_size > STARTS_LIMIT:
                self._reset_starts()
            if self._start_columns is None:
                self._start_columns = sorted({*self._tries, *self._anchors, *(col for col, _, _ in self._regexed)})
            for col_name in self._start_columns:
                entry = self._starts.get(col_name)
                if entry is None:
                    entry = self._starts[col_name] = _Starts()
                new = [x for x in set(cols[col_name]) if x not in entry.known]
                if new:
                    self._learn(col_name, new, entry, text_of)
                tables_now[col_name] = (entry, entry.arrays())
        # Per column: one-word phrases are looked up for all positions at once; from the words that
        # start longer phrases, walk the trie (a separator, id 0, ends every walk), and expand the
        # patterns a word anchors from where they would start, within the word's doc.
        for col_name, (entry, (walk_ids, one_ids, one_first, one_count, one_keys)) in tables_now.items():
            col = cols[col_name]
            at, where = lookup(arrays[col_name], one_ids)
            if len(at):
                counts = one_count[where]
                hits_at = np.repeat(at, counts)
                # the key of each hit: its word's first key, plus its rank among the word's keys
                rank = np.arange(len(hits_at)) - np.repeat(np.cumsum(counts) - counts, counts)
                parts.append((one_keys[np.repeat(one_first[where], counts) + rank], hits_at, hits_at + 1))
            known = entry.known
            for i in lookup(arrays[col_name], walk_ids)[0].tolist():
                children, anchored = known[col[i]]
                j = i + 1
                while children and j < n:
                    node = children.get(col[j])
                    j += 1
                    if node is None:
                        break
                    children, keys = node
                    for key in keys:
                        found.append((key, i, j))
                if anchored is not None:
                    k, end = bounds(i)
                    for pattern, offset in anchored:
                        if i - offset >= starts[k] and possible(pattern, k):
                            expand(pattern, i - offset, end, cols, text_of, found)
        for (col_name, offset), patterns in self._flagged.items():
            for p in np.flatnonzero(arrays[col_name]).tolist():
                k, end = bounds(p)
                if p - offset >= starts[k]:
                    for pattern in patterns:
                        if possible(pattern, k):
                            expand(pattern, p - offset, end, cols, text_of, found)
        for pattern in self._anywhere:
            for k, first in enumerate(starts):
                if lengths[k] and possible(pattern, k):
                    for start in range(first, first + lengths[k]):
                        expand(pattern, start, first + lengths[k], cols, text_of, found)
        return _arrays(found, parts), starts

    def _reset_starts(self) -> None:
        self._starts = {}
        self._starts_size = 0
        self._start_columns = None  # computed at the next match, once every table is filled

    def _learn(self, col_name: str, ids: list[int], entry: "_Starts", text_of) -> None:
        """Record what each of these word ids starts in this column."""
        trie = self._tries.get(col_name, {})
        anchors = self._anchors.get(col_name, {})
        regexed = [(rx, offset, patterns) for (c, rx, offset), patterns in self._regexed.items() if c == col_name]
        for x in ids:
            node = trie.get(x)
            anchored = list(anchors.get(x, ()))
            for rx, offset, patterns in regexed:
                if rx.search(text_of(col_name, x)) is not None:
                    anchored.extend((pattern, offset) for pattern in patterns)
            children, keys = node if node is not None else (None, ())
            entry.add(x, children or None, anchored or None, keys)
        self._starts_size += len(ids)

    @staticmethod
    def _expand(pattern: _Pattern, start: int, n: int, cols, text_of, found: list) -> None:
        """Every match of `pattern` beginning at `start` (all counts of every operator)."""
        steps = pattern.steps
        last = len(steps)
        key = pattern.key
        stack = [(0, start)]
        seen: set[tuple[int, int]] = set()
        while stack:
            k, pos = stack.pop()
            if (k, pos) in seen:
                continue
            seen.add((k, pos))
            if k == last:
                if pos > start:
                    found.append((key, start, pos))
                continue
            test, lo, hi = steps[k]
            count = 0
            if lo == 0:
                stack.append((k + 1, pos))
            while count < hi and pos + count < n and test(cols, text_of, pos + count):
                count += 1
                if count >= lo:
                    stack.append((k + 1, pos + count))


class _Starts:
    """What each word id seen so far starts in one column: `known` maps it to (trie children below it
    or None, patterns it anchors with their offsets, regex anchors included, or None), or to None
    when it starts nothing that needs a walk; one-word phrases it ends are kept apart, so their
    matches are found for all positions at once."""

    __slots__ = ("known", "_ends", "_walkers", "_arrays")

    def __init__(self) -> None:
        self.known: dict[int, tuple | None] = {0: None}  # 0 is the separator
        self._ends: dict[int, tuple[int, ...]] = {}  # id -> keys of the one-word phrases it is
        self._walkers: set[int] = set()
        self._arrays: tuple[np.ndarray, ...] | None = None

    def add(self, x: int, children: dict | None, anchored: list | None, keys: Sequence[int]) -> None:
        if keys:
            self._ends[x] = tuple(keys)
        if children is None and anchored is None:
            self.known[x] = None
        else:
            self.known[x] = (children, anchored)
            self._walkers.add(x)
        if keys or children is not None or anchored is not None:
            self._arrays = None

    def arrays(self) -> tuple[np.ndarray, ...]:
        """Sorted ids that start a walk; sorted ids that are one-word phrases, and for each the
        position of its first key in the flat key array, its number of keys; the flat key array."""
        if self._arrays is None:
            one_ids = sorted(self._ends)
            counts = np.array([len(self._ends[x]) for x in one_ids], dtype=np.int64)
            flat = [k for x in one_ids for k in self._ends[x]]
            self._arrays = (np.array(sorted(self._walkers), dtype=np.uint64), np.array(one_ids, dtype=np.uint64),
                            np.cumsum(counts) - counts, counts, np.array(flat, dtype=np.int64))
        return self._arrays


def _arrays(found: list[tuple[int, int, int]], parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]]
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Matches listed one by one and matches found as arrays, as one (keys, starts, ends) triple."""
    if found:
        keys, begins, ends = zip(*found)
        parts = [*parts, (np.array(keys), np.array(begins), np.array(ends))]
    if not parts:
        return tuple(np.zeros(0, dtype=np.int64) for _ in range(3))
    return tuple(np.concatenate([part[c] for part in parts]).astype(np.int64) for c in range(3))


def lookup(values: np.ndarray, sorted_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the values found in `sorted_ids` (sorted, unique), and where each is found there.
    A binary search per value: np.isin would sort both and, on its first call, import numpy.ma (10 ms
    of a cold start)."""
    if not len(sorted_ids) or not len(values):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    at = np.searchsorted(sorted_ids, values)
    at[at == len(sorted_ids)] = 0
    found = np.flatnonzero(sorted_ids[at] == values)
    return found, at[found]


def _counts(op) -> tuple[int, int] | None:
    if op is None or op == "1":
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, _UNBOUNDED
    if op == "+":
        return 1, _UNBOUNDED
    if isinstance(op, str):
        m = _COUNT.fullmatch(op)
        if m:
            lo_s, comma, hi_s = m.groups()
            lo = int(lo_s) if lo_s else 0
            hi = (int(hi_s) if hi_s else _UNBOUNDED) if comma else lo
            if lo_s or hi_s:
                return (lo, hi) if lo <= hi else None
    return None  # "!" and anything unknown


def _start(steps: list[tuple[_Test, int, int]]):
    """Where a pattern can start, read from a required token at a fixed offset (only single, required
    tokens before it): ("ids", column, ids, offset) wherever the token `offset` places in has one of
    these ids (best), else ("flag", column, offset), else ("regex", column, pattern, offset), else None
    (try every position)."""
    weaker = None
    for offset, (test, lo, hi) in enumerate(steps):
        if lo >= 1:
            for col, kind, value in test.checks:
                if kind == "eq":
                    return ("ids", col, frozenset([value]), offset)
                if kind == "in":
                    return ("ids", col, value, offset)
                if kind == "flag" and value is True and (weaker is None or weaker[0] == "regex"):
                    weaker = ("flag", col, offset)
                if kind == "regex" and weaker is None:
                    weaker = ("regex", col, value, offset)
        if (lo, hi) != (1, 1):
            break
    return weaker
