"""Small token helpers shared by checks: clause boundaries, quotes, phrase text."""
from __future__ import annotations

from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, LOWER, NORM, ORTH
from spacy.tokens import Span, Token

CLAUSE_END = {",", ";", ":", ".", "!", "?", "—", "–", "(", ")"}
QUOTES = {'"', "“", "”", "«", "»"}


SPEECH = {"say", "said", "ask", "asked", "describe", "described", "describes", "word", "worded", "tell", "told",
          "write", "wrote", "reply", "replied",
          "go", "went", "like", "call", "called", "quote", "quoted", "put", "hear", "heard", "mention",
          "mentioned", "claim", "claimed", "argue", "argued", "insist", "insisted", "respond", "responded",
          "comment", "commented", "joke", "joked", "add", "added", "note", "noted", "phrase", "line", "motto",
          "saying", "quip", "remark", "slogan", "tweet"}


def _quote_marks(doc) -> list[tuple[int, str]]:
    """(token index, mark) of the quote marks of a doc, found once per doc. A straight single quote is
    read by its shape: "‘" when it opens a word after a space ('like this), "’" when it is attached
    to the word before it (a closing quote, or a plural possessive, which closes nothing)."""
    cols = columns(doc)
    marks = cols.store.get("quotes")
    if marks is None:
        marks = []
        for i, t in enumerate(cols.text):
            if t in _QUOTE_MARKS:
                marks.append((i, t))
            elif t == "'":
                opens = (i == 0 or bool(doc[i - 1].whitespace_)) and not doc[i].whitespace_
                marks.append((i, "‘" if opens else "’"))
        cols.store["quotes"] = marks
    return marks


_QUOTE_MARKS = frozenset({'"', "“", "”", "‘", "’"})


class Columns:
    """A doc's token attributes as plain lists (each made on first use, once per doc): reading
    `doc[i].norm_` makes a Token object per access, which the checks did about a million times per
    megabyte. `text`, `lower`, `norm` hold strings, `alpha`, `punct`, `space` booleans, `doc_text`
    the doc's text. The lists live in the doc's user_data; this view of them is made per call, so
    the doc and its lists never refer to each other (a reference cycle kept every parsed doc alive
    until a full garbage collection)."""

    __slots__ = ("doc", "store")

    def __init__(self, doc, store: dict) -> None:
        self.doc = doc
        self.store = store

    def _get(self, name: str, attr, flags: bool = False) -> list:
        found = self.store.get(name)
        if found is None:
            doc = self.doc
            if not len(doc):
                found = []
            elif flags:
                found = doc.to_array(attr).astype(bool).tolist()
            else:
                strings = doc.vocab.strings
                found = [strings[x] for x in doc.to_array(attr).tolist()]
            self.store[name] = found
        return found

    @property
    def text(self) -> list[str]:
        return self._get("text", ORTH)

    @property
    def lower(self) -> list[str]:
        return self._get("lower", LOWER)

    @property
    def norm(self) -> list[str]:
        return self._get("norm", NORM)

    @property
    def alpha(self) -> list[bool]:
        return self._get("alpha", IS_ALPHA, True)

    @property
    def punct(self) -> list[bool]:
        return self._get("punct", IS_PUNCT, True)

    @property
    def space(self) -> list[bool]:
        return self._get("space", IS_SPACE, True)

    @property
    def doc_text(self) -> str:
        """The doc's text (Doc.text is rebuilt from its tokens at every access)."""
        found = self.store.get("doc_text")
        if found is None:
            found = self.store["doc_text"] = self.doc.text
        return found


def columns(doc) -> Columns:
    """The doc's attribute lists (kept with the doc; a retokenized doc is read again)."""
    cached = doc.user_data.get("answerlint.columns")
    if cached is None or cached[0] != len(doc):
        cached = doc.user_data["answerlint.columns"] = (len(doc), {})
    return Columns(doc, cached[1])


def _quote_bounds(span: Span) -> tuple[int, int] | None:
    """Token indices of the quote marks around a span within its sentence, if it is quoted (an
    unclosed single quote quotes nothing: it is more often an apostrophe)."""
    marks = _quote_marks(span.doc)
    if not marks or marks[0][0] >= span.start:
        return None  # no quote mark before the span: not quoted (most spans; no sentence lookup)
    sent = span.sent
    opened = None
    for i, text in marks:
        if i < sent.start:
            continue
        if i >= span.start:
            break
        if text in ("“", "‘") or (text == '"' and opened is None):
            opened, kind = i, text
        elif text == "’":  # closes a single quote only (inside double quotes it is an apostrophe)
            if opened is not None and kind == "‘":
                opened = None
        else:  # a closing double mark
            opened = None
    if opened is None:
        return None
    closing = ("’",) if kind == "‘" else ('"', "”")
    for i, text in marks:
        if span.end <= i < sent.end and text in closing:
            return opened, i
    return None if kind == "‘" else (opened, sent.end)


def in_quotes(span: Span) -> bool:
    """Whether a span is reported speech: inside double quotes that someone is said to have said,
    asked or written ("the PM asked "does it depend?""). A quoted example answer with no speaker
    ("BAD: "It depends on the data"") is still the writer's content and is linted."""
    bounds = _quote_bounds(span)
    if bounds is None:
        return False
    doc = span.doc
    open_i, close_i = bounds
    before = doc[max(span.sent.start, open_i - 6):open_i]
    after = doc[min(close_i + 1, span.sent.end):min(span.sent.end, close_i + 4)]
    return any(t.norm_ in SPEECH or t.lower_ in SPEECH for t in (*before, *after))


def clause_after(tok_index: int, sent: Span, limit: int = 25, stop: set[str] | None = None) -> Span:
    """Tokens from tok_index up to (not including) the next clause boundary in the sentence."""
    doc = sent.doc
    stops = CLAUSE_END if stop is None else stop
    text = columns(doc).text
    end = tok_index
    while end < sent.end and end - tok_index < limit and text[end] not in stops:
        end += 1
    return doc[tok_index:end]


def trim(span: Span, drop_norms: set[str] = frozenset()) -> Span:
    """Strip punctuation, spaces and the given leading/trailing words from a span."""
    doc = span.doc
    cols = columns(doc)
    punct, space = cols.punct, cols.space
    norm = cols.norm if drop_norms else None
    start, end = span.start, span.end
    while start < end and (punct[start] or space[start] or (norm is not None and norm[start] in drop_norms)):
        start += 1
    while end > start and (punct[end - 1] or space[end - 1] or (norm is not None and norm[end - 1] in drop_norms)):
        end -= 1
    return doc[start:end]


def negated(tok: Token, window: int = 3) -> bool:
    norm = columns(tok.doc).norm
    lo = max(tok.sent.start, tok.i - window)
    return any(norm[j] in {"not", "never", "no"} for j in range(lo, tok.i))


def text_of(span: Span | None) -> str:
    if span is None or not len(span):
        return ""
    if type(span) is Span:  # sliced from the doc's text (Span.text makes a Token per word)
        return columns(span.doc).doc_text[span.start_char:span.end_char].strip()
    return span.text.strip()


def lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper() and not text.startswith("I "):
        return text[0].lower() + text[1:]
    return text


# Words that open a question: wh-words and the auxiliaries of subject-auxiliary inversion.
QUESTION_OPENERS = frozenset({
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "am",
    "do", "does", "did", "should", "would", "could", "can", "will", "shall", "may", "might", "must", "has",
    "have", "had", "isn't", "aren't", "don't", "doesn't", "didn't", "shouldn't", "wouldn't", "couldn't",
    "can't", "won't", "wasn't", "weren't", "hasn't", "haven't", "hadn't"})
QUESTION_MARKS = {"?", "？"}


def posed_question(span) -> bool:
    """A sentence that is a question from its first word ("Is the goal retention or revenue?", "How
    would you measure success?"), as opposed to a claim with a question mark tagged on ("..., right?",
    "So we push X to everyone?")."""
    # The closing punctuation: "?", "??", "?!" (one token or two), a full-width "？".
    marks = QUESTION_MARKS | {"!", "！"}
    doc = span.doc
    ends: list[str] = []  # the last two tokens that are not spaces, quotes or brackets, in order
    i = span.end - 1
    while i >= span.start and len(ends) < 2:
        t = doc[i]
        if not (t.is_space or t.is_quote or t.is_bracket):
            ends.insert(0, t.text)
        i -= 1
    closing = [text for text in ends if set(text) <= marks]
    if not ends or ends[-1] not in closing or not any(c in QUESTION_MARKS for text in closing for c in text):
        return False
    first = next((t for t in span if t.is_alpha), None)
    if first is None:
        return False
    word = first.lower_
    if first.i + 1 < span.end and span.doc[first.i + 1].lower_ in {"n't", "n’t"}:
        word += "n't"
    return word in QUESTION_OPENERS


# After "I'd" / "we would": verbs that state a need, a guess or a view, not a decision.
NOT_DECISIONS = {"need", "want", "think", "guess", "say", "imagine", "expect", "assume", "suppose", "wonder",
                 "point", "love", "like", "land", "be", "have", "hope", "bet", "rather", "feel", "argue", "call"}
FILLER_ADVERBS = {"really", "probably", "just", "still", "honestly"}


def empty_commitment(hit: Span, sent: Span) -> bool:
    """ "I'd need the data first", "we would probably want to know more": a first-person modal followed
    by a verb of needing, guessing or opining commits to nothing."""
    doc = hit.doc
    if hit[0].norm_ not in {"i", "we"} or hit[-1].norm_ not in {"would", "will"}:
        return False
    nxt = hit.end
    while nxt < sent.end and doc[nxt].norm_ in FILLER_ADVERBS:
        nxt += 1
    return nxt < sent.end and doc[nxt].norm_ in NOT_DECISIONS
