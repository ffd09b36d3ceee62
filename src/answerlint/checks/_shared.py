"""Small token helpers shared by checks: clause boundaries, quotes, phrase text."""
from __future__ import annotations

from spacy.tokens import Span, Token

CLAUSE_END = {",", ";", ":", ".", "!", "?", "—", "–", "(", ")"}
QUOTES = {'"', "“", "”", "«", "»"}


def in_quotes(span: Span) -> bool:
    """Whether a span sits inside double quotes within its sentence (quoted speech)."""
    sent = span.sent
    opened = False
    for tok in sent:
        if tok.i >= span.start:
            break
        if tok.text in QUOTES or (tok.text == "'" and tok.whitespace_ == "" and tok.i + 1 < span.start):
            if tok.text in ("“",):
                opened = True
            elif tok.text in ("”",):
                opened = False
            elif tok.text in QUOTES:
                opened = not opened
    return opened


def clause_after(tok_index: int, sent: Span, limit: int = 25, stop: set[str] | None = None) -> Span:
    """Tokens from tok_index up to (not including) the next clause boundary in the sentence."""
    doc = sent.doc
    stops = CLAUSE_END if stop is None else stop
    end = tok_index
    while end < sent.end and end - tok_index < limit and doc[end].text not in stops:
        end += 1
    return doc[tok_index:end]


def trim(span: Span, drop_norms: set[str] = frozenset()) -> Span:
    """Strip punctuation, spaces and the given leading/trailing words from a span."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].norm_ in drop_norms):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].norm_ in drop_norms):
        end -= 1
    return doc[start:end]


def negated(tok: Token, window: int = 3) -> bool:
    doc = tok.doc
    lo = max(tok.sent.start, tok.i - window)
    return any(doc[j].norm_ in {"not", "never", "no"} for j in range(lo, tok.i))


def text_of(span: Span | None) -> str:
    return span.text.strip() if span is not None and len(span) else ""


def lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper() and not text.startswith("I "):
        return text[0].lower() + text[1:]
    return text
