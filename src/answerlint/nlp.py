"""The spaCy pipeline: blank English, a sentence splitter and lowercase lookup lemmas as norms.

Built once per process. `token.norm_` is set to the lowercased lemma so rule phrases and
patterns written with NORM match every inflection and casing ("It depended" ~ "it depend").
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc

# Contractions the lookup table leaves alone but rules want to read as words.
_CONTRACTIONS = {"'d": "would", "’d": "would", "'ll": "will", "’ll": "will", "n't": "not", "n’t": "not",
                 "'re": "be", "’re": "be", "'m": "be", "’m": "be", "'ve": "have", "’ve": "have",
                 "wo": "will", "ca": "can", "sha": "shall"}
CHUNK = 200_000  # characters per spaCy call for very long blocks


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

    def lemma_norm(doc: Doc) -> Doc:
        # Read and write whole columns: a Token object per word would cost more than the lookup.
        if not len(doc):
            return doc
        add = strings.add
        norms = [add(norm_of(strings[o])) for o in doc.to_array(ORTH).tolist()]
        doc.from_array([NORM], numpy.array(norms, dtype=numpy.uint64).reshape(-1, 1))
        return doc

    return lemma_norm


@functools.cache
def get_nlp() -> Language:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
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
    for i, text in enumerate(texts):
        for offset, chunk in _chunks(text):
            pieces.append((i, offset, chunk))
    out: list[list[tuple[int, Doc]]] = []
    docs = nlp.pipe(p[2] for p in pieces)
    for (i, offset, _), doc in zip(pieces, docs):
        while len(out) <= i:
            out.append([])
        out[i].append((offset, doc))
    return out
