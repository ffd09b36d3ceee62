"""The spaCy pipeline: blank English tokens, then one component that sets lowercase lookup lemmas as
norms and sentence starts.

Built once per process. `token.norm_` is set to the lowercased lemma so rule phrases and
patterns written with NORM match every inflection and casing ("It depended" ~ "it depend").
Sentences start where spaCy's rule-based `Sentencizer` would start them.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import IS_PUNCT, NORM, ORTH, SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from .cuematch import lookup

# Contractions the lookup table leaves alone but rules want to read as words.
_CONTRACTIONS = {"'d": "would", "’d": "would", "'ll": "will", "’ll": "will", "n't": "not", "n’t": "not",
                 "'re": "be", "’re": "be", "'m": "be", "’m": "be", "'ve": "have", "’ve": "have",
                 "wo": "will", "ca": "can", "sha": "shall"}
CHUNK = 200_000  # characters per spaCy call for very long blocks
LOAD_ALL_CHARS = 30_000  # a batch of texts this long makes the tokenizer add every special case at once


@functools.cache
def _lemma_table() -> dict[str, str]:
    """English lemma lookup table from spacy-lookups-data (read directly: no registry scan)."""
    import gzip
    import json
    from importlib import resources

    data = resources.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
    with data.open("rb") as fh:
        return json.loads(gzip.decompress(fh.read()))


_NORMS: dict[str, str] = dict(_CONTRACTIONS)
_NORMS_LIMIT = 200_000


def norm_of(text: str) -> str:
    """The norm a token with this text gets: its lowercased lookup lemma (or its lowercase form)."""
    norm = _NORMS.get(text)
    if norm is None:
        if "’" in text:  # a typographic apostrophe reads as a straight one ("it’s" ~ "it's")
            norm = norm_of(text.replace("’", "'"))
            if len(_NORMS) < _NORMS_LIMIT:
                _NORMS[text] = norm
            return norm
        lower = text.lower()
        table = _lemma_table()
        norm = _NORMS.get(lower) or table.get(text) or table.get(lower) or lower
        norm = norm.lower()
        if len(_NORMS) < _NORMS_LIMIT:
            _NORMS[text] = norm
    return norm


@Language.factory("answerlint_lemma_norm")
def _make_lemma_norm(nlp: Language, name: str):
    _lemma_table()
    strings = nlp.vocab.strings

    vocab = nlp.vocab
    known: dict[int, int] = {}  # word id -> norm id, for norms added to the strings for good

    def norm_id(orth: int) -> int:
        norm = strings.add(norm_of(strings[orth]))
        # Inside a spaCy memory zone a string added now is dropped when the zone closes, so only
        # ids made outside one are kept.
        if len(known) < _NORMS_LIMIT and not getattr(vocab, "in_memory_zone", False):
            known[orth] = norm
        return norm

    from spacy.pipeline import Sentencizer

    ends = numpy.array(sorted({strings.add(c) for c in Sentencizer.default_punct_chars}), dtype=numpy.uint64)

    def lemma_norm(doc: Doc) -> Doc:
        # Read and write whole columns: a Token object per word would cost more than the work.
        if not len(doc):
            return doc
        table = doc.to_array([ORTH, IS_PUNCT])
        orths = table[:, 0]
        get = known.get
        norms = [get(o) or norm_id(o) for o in orths.tolist()]
        columns = numpy.empty((len(doc), 2), dtype=numpy.uint64)
        columns[:, 0] = norms
        columns[:, 1] = _sentence_starts(orths, table[:, 1], ends)
        doc.from_array([NORM, SENT_START], columns)
        return doc

    return lemma_norm


_NOT_START = numpy.array(-1).astype(numpy.uint64)  # SENT_START -1, as from_array reads it


def _sentence_starts(orths, punct, ends):
    """SENT_START per token (1 or -1) as spaCy's Sentencizer sets it: after a token that is one of its
    sentence-final characters, the next token that is neither punctuation nor such a character starts
    a sentence; so does the first token. In columns: a token that could start one does when such a
    character lies between it and the previous token that could."""
    final = numpy.zeros(len(orths), dtype=bool)
    final[lookup(orths, ends)[0]] = True
    could = numpy.flatnonzero(~(final | punct.astype(bool)))
    seen = numpy.cumsum(final)  # sentence-final characters up to and including each token
    before = numpy.where(could > 0, seen[could - 1], 0)  # ... before each token that could start one
    at_previous = numpy.concatenate(([0], seen[could[:-1]]))
    out = numpy.full(len(orths), _NOT_START, dtype=numpy.uint64)
    out[0] = 1
    out[could[before > at_previous]] = 1
    return out


class LazyExceptionsTokenizer(Tokenizer):
    """spaCy's English tokenizer that adds each special case ("don't", "e.g.", ":)") the first time a
    text could use it, instead of all ~1,350 at construction (a large part of a short run's start-up).

    The tokens are exactly those of the full set. A plain special case applies only to a
    whitespace-separated chunk equal to (or, after affixes are split off, inside) its string, so it
    is loaded when a not-yet-seen chunk contains that string. The ~370 whose string holds a prefix,
    suffix or infix (":)", "a.m.") are found by spaCy's phrase matcher over tokens, and one such
    pattern can block another ("so:) )" is "so : ) )" because the pattern of ":))" matches ": ) )"),
    so they are loaded when the text with its whitespace removed contains their string: a pattern
    that could match anywhere in the text is then present, exactly as in the full set, and one that
    cannot match blocks nothing. After SEEN_LIMIT distinct chunks, and before anything that copies or
    serializes the tokenizer, the rest are loaded and the scan stops.
    """

    SEEN_LIMIT = 4_000
    # Special cases not yet added: plain ones (found per chunk) and matcher ones (found in the text
    # without its whitespace). Empty on the class, so a copy rebuilt by unpickling, which has every
    # special case already, never scans.
    _pending: dict = {}
    _matched: dict = {}

    def start_lazy(self, exceptions: dict) -> None:
        import threading

        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self._pending, self._matched = {}, {}
        for key, substrings in exceptions.items():
            if any(c.isspace() for c in key):
                self.add_special_case(key, substrings)
            elif self.find_prefix(key) or self.find_suffix(key) or self.find_infix(key):
                self._matched[key] = substrings
            else:
                self._pending[key] = substrings
        self._sizes = sorted({len(k) for k in self._pending})

    def _load(self, keys) -> None:
        for key in sorted(keys):
            substrings = self._pending.pop(key, None) or self._matched.pop(key, None)
            if substrings is not None:
                self.add_special_case(key, substrings)

    def _outside_zone(self) -> None:
        # A special case added inside a spaCy memory zone (spaCy >= 3.8) would be freed with it.
        if getattr(self.vocab, "in_memory_zone", False):
            raise RuntimeError("LazyExceptionsTokenizer: call load_all() before entering a memory zone")

    def load_all(self) -> None:
        """Add every special case not yet added (before a spaCy memory zone, whose allocations are
        freed with it, and before the tokenizer is pickled or serialized)."""
        if self._pending or self._matched:
            self._outside_zone()
            with self._lock:
                self._load([*self._pending, *self._matched])
                self._seen = set()

    def load_for(self, text: str) -> None:
        """Add the special cases `text` could use (call before tokenizing it)."""
        if not (self._pending or self._matched):
            return
        self._outside_zone()
        with self._lock:
            chunks = text.split()
            if self._matched:
                squeezed = "".join(chunks)
                self._load([k for k in self._matched if k in squeezed])
            new = set(chunks).difference(self._seen)
            if not new:
                return
            pending, sizes = self._pending, self._sizes
            found = set()
            for chunk in new:
                n = len(chunk)
                for size in sizes:
                    if size > n:
                        break
                    for i in range(n - size + 1):
                        if chunk[i:i + size] in pending:
                            found.add(chunk[i:i + size])
            self._seen |= new
            if len(self._seen) > self.SEEN_LIMIT:
                found = {*pending, *self._matched}
                self._seen = set()
            self._load(found)

    def __call__(self, text: str) -> Doc:
        self.load_for(text)
        return super().__call__(text)

    def explain(self, text: str):
        self.load_for(text)
        return super().explain(text)

    def __reduce__(self):
        self.load_all()
        return super().__reduce__()

    def to_bytes(self, **kwargs):
        self.load_all()
        return super().to_bytes(**kwargs)

    def to_disk(self, path, **kwargs):
        self.load_all()
        return super().to_disk(path, **kwargs)


def _make_tokenizer(nlp: Language) -> Tokenizer:
    # spaCy's own English tokenizer factory (spacy.Tokenizer.v1), with lazily loaded special cases.
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    defaults = nlp.Defaults
    tokenizer = LazyExceptionsTokenizer(
        nlp.vocab, rules={},
        prefix_search=compile_prefix_regex(defaults.prefixes).search,
        suffix_search=compile_suffix_regex(defaults.suffixes).search,
        infix_finditer=compile_infix_regex(defaults.infixes).finditer,
        token_match=defaults.token_match, url_match=defaults.url_match)
    tokenizer.start_lazy(defaults.tokenizer_exceptions)
    return tokenizer


@functools.cache
def get_nlp() -> Language:
    # English() with a tokenizer factory skips spaCy's config resolution (spacy.blank("en") builds the
    # same pipeline through confection, which costs start-up time and gives nothing here).
    from spacy.lang.en import English

    nlp = English(create_tokenizer=_make_tokenizer)
    nlp.add_pipe("answerlint_lemma_norm")
    return nlp


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Cut a text longer than CHUNK at sentence ends (or spaces) so spaCy never refuses it."""
    start = 0
    n = len(text)
    while n - start > CHUNK:
        cut = -1
        for mark in (". ", "? ", "! ", "; ", " "):
            cut = text.rfind(mark, start + CHUNK // 2, start + CHUNK)
            if cut >= 0:
                cut += len(mark)
                break
        if cut < 0:
            cut = start + CHUNK
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def parse(texts: Iterable[str]) -> list[list[tuple[int, Doc]]]:
    """Parse texts; each becomes a list of (char offset, Doc) pieces (one piece unless very long)."""
    nlp = get_nlp()
    pieces: list[tuple[int, int, str]] = []
    size = 0
    for i, text in enumerate(texts):
        size += len(text)
        for offset, chunk in _chunks(text):
            pieces.append((i, offset, chunk))
    if size > LOAD_ALL_CHARS:
        # Loading special cases one by one pays off for a note; for a long text, scanning for them and
        # flushing the tokenizer's cache at each one would cost more than adding them all at once.
        load_all = getattr(nlp.tokenizer, "load_all", None)
        if load_all is not None:
            load_all()
    out: list[list[tuple[int, Doc]]] = []
    docs = nlp.pipe(p[2] for p in pieces)
    for (i, offset, _), doc in zip(pieces, docs):
        while len(out) <= i:
            out.append([])
        out[i].append((offset, doc))
    return out
