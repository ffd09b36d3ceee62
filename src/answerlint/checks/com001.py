"""COM001 hedge-stacking: two or more hedges in one clause ("I think it might maybe help")."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span

from . import Hit, check
from ._shared import in_quotes

# Words after which "kind of" / "sort of" names a type ("this kind of data"), not a hedge.
TYPE_DETS = {"this", "that", "these", "those", "what", "which", "the", "a", "an", "any", "some", "every", "each",
             "same", "other", "different", "one", "all", "no", "right", "wrong", "new", "certain", "specific",
             "particular", "similar", "our", "their", "its", "his", "her", "my", "your", "whatever", "another",
             "first", "second", "last", "only", "main", "best", "worst", "exact", "whichever", "many", "several"}
# A conditional or purpose word right before "could": "if we could", "before I could".
COULD_SUBORD = {"if", "before", "until", "unless", "than", "whether", "till"}
# Words that open a new clause inside a sentence.
CLAUSE_WORDS = {"but", "so", "because", "since", "though", "although", "tho", "while", "whereas", "unless", "before",
                "after", "until", "if", "when", "whenever", "whether", "which", "cause", "cuz", "yet"}
COORD = {"and", "or"}
SUBJECTS = {"i", "we", "it", "they", "he", "she", "you", "this", "that", "there", "these", "those", "people",
            "users", "everyone"}
BOUNDARY_PUNCT = {",", ";", ":", "—", "–", "(", ")", "?", "!", "..."}
# Words that carry no claim of their own: a clause made only of these and hedges is a tag ("..., I guess").
FILLER = {"honestly", "um", "uh", "erm", "like", "so", "though", "tho", "too", "also", "yeah", "okay", "ok", "hmm",
          "lol", "but", "and", "just", "really", "well", "i", "anyway", "anyways", "again", "either", "right",
          "or", "something", "whatever", "totally", "sure", "know", "be", "'m", "am", "do", "not", "n't", "-"}
MODALS = {"might", "may", "could"}
ADVERBS_KEEP = {"also", "really", "just", "even", "still", "actually", "only", "not", "n't", "even", "all", "both",
                "mostly", "partly", "partially", "already", "eventually", "slightly", "a", "bit"}
NOT_PLURAL = {"this", "is", "was", "his", "has", "us", "its", "news", "analysis", "basis", "status", "bonus", "process",
              "business", "plus", "series", "campus", "less", "class", "access", "bus", "gas", "ss", "thus", "yes",
              "as", "does", "focus", "success", "loss", "progress", "address", "virus", "canvas", "nexus"}
REASON_WORDS = {"because", "since", "given", "as", "due", "cause", "cuz"}


@dataclass
class Clause:
    start: int
    end: int
    hedges: list[Span] = field(default_factory=list)
    pure: bool = False  # only hedges and filler: a tag that belongs to a neighbouring clause
    parts: list[tuple[int, int]] = field(default_factory=list)


def _keep(span: Span) -> bool:
    """Whether a lexicon hit is really a hedge here."""
    doc, sent = span.doc, span.sent
    first, last = span[0], span[-1]
    prev = doc[span.start - 1] if span.start > sent.start else None
    nxt = doc[span.end] if span.end < sent.end else None
    low = span.text.lower()
    if in_quotes(span):
        return False
    if low == "could":
        if nxt is not None and nxt.norm_ == "not":
            return False  # "couldn't upload": a past inability, not a hedge
        if prev is not None and prev.lower_ in COULD_SUBORD:
            return False
        if [t.lower_ for t in doc[span.end:min(span.end + 3, sent.end)]] == ["go", "either", "way"]:
            return False  # "could go either way": an unresolved it-depends (DEC001), not a stacked hedge
        if prev is None and nxt is not None and nxt.lower_ in {"you", "someone", "somebody", "anyone", "we"}:
            return False  # "Could you share ...?": a request
    if low == "may" and first.text == "May" and prev is not None:
        return False  # the month
    if low in {"kind of", "sort of"}:
        if prev is not None and prev.lower_ in TYPE_DETS:
            return False
    if low == "likely" and prev is not None and prev.lower_ in {"most", "more", "less", "least", "as", "how",
                                                               "equally", "the", "a", "an", "our", "their", "its",
                                                               "his", "her", "my", "your", "this", "that"}:
        return False
    if first.lower_ == "i" and last.lower_ in {"think", "believe", "guess", "imagine"} and nxt is not None \
            and nxt.lower_ in {"about", "of", "through", "in", "up"}:
        return False
    return True


def _hedges(ctx) -> list[Span]:
    out = []
    for h in sorted(ctx.cues("hedge"), key=lambda s: s.start):
        if not _keep(h):
            continue
        doc = h.doc
        # "may or may not": one hedge, not two
        if out and h.start >= 2 and doc[h.start - 1].lower_ == "or" and out[-1].start == h.start - 2 \
                and out[-1].text.lower() == h.text.lower():
            continue
        out.append(h)
    return out


def _clauses(sent: Span, hedges: list[Span]) -> list[Clause]:
    doc = sent.doc
    inside = set()
    for h in hedges:
        inside.update(range(h.start + 1, h.end))
    cuts = [sent.start]
    for t in sent:
        i = t.i
        if i == sent.start or i in inside:
            continue
        if doc[i - 1].text in BOUNDARY_PUNCT or (doc[i - 1].text == "-" and doc[i - 1].whitespace_):
            cuts.append(i)
        elif t.lower_ in CLAUSE_WORDS and not (t.lower_ == "so" and i + 1 < sent.end and doc[i + 1].lower_ == "that"):
            cuts.append(i)
        elif t.lower_ in COORD and i + 1 < sent.end and doc[i + 1].lower_ in SUBJECTS:
            cuts.append(i)
    cuts = sorted(set(cuts)) + [sent.end]
    clauses = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        c = Clause(a, b, [h for h in hedges if a <= h.start < b])
        covered = set()
        for h in c.hedges:
            covered.update(range(h.start, h.end))
        content = [t for t in doc[a:b] if not (t.is_punct or t.is_space or t.i in covered or t.lower_ in FILLER
                                              or t.norm_ in FILLER)]
        c.pure = not content
        c.parts = [(a, b)]
        clauses.append(c)
    return _merge(clauses)


def _merge(clauses: list[Clause]) -> list[Clause]:
    """Attach tags ("..., I guess", "I'm not sure, but ...") to the clause they qualify."""
    out: list[Clause] = []
    pending: list[Clause] = []
    for c in clauses:
        if c.pure:
            if out:
                out[-1].hedges += c.hedges
                out[-1].parts.append((c.start, c.end))
                out[-1].end = c.end
            else:
                pending.append(c)
            continue
        for p in pending:
            c.hedges = p.hedges + c.hedges
            c.parts.insert(0, (p.start, p.end))
            c.start = min(c.start, p.start)
        pending = []
        out.append(c)
    if pending and not out:
        merged = Clause(pending[0].start, pending[-1].end)
        for p in pending:
            merged.hedges += p.hedges
            merged.parts.append((p.start, p.end))
        out.append(merged)
    return out


@check("com001")
def hedge_stacking(ctx):
    sent = ctx.sentence.span
    hedges = _hedges(ctx)
    if len(hedges) < 2:
        return
    calibrated = ctx.cues("calibrated")
    stacked = []
    for c in _clauses(sent, hedges):
        if len(c.hedges) < 2:
            continue
        if any(c.start <= k.start < c.end for k in calibrated):
            continue
        stacked.append(c)
    if not stacked:
        return
    first = stacked[0]
    doc = sent.doc
    main = [h for h in first.hedges if any(a <= h.start < b and not _pure_range(doc, a, b, first.hedges)
                                           for a, b in first.parts)]
    pointed = main if len(main) >= 2 else first.hedges
    span = doc[pointed[0].start:max(h.end for h in pointed)]
    direct = _direct(sent, stacked, hedges)
    has_reason = any(t.lower_ in REASON_WORDS or (t.lower_ == "based" and t.i + 1 < sent.end
                                                 and doc[t.i + 1].lower_ == "on") for t in sent)
    body = direct.rstrip(" .?!")
    tail = " (about <N>% confident)." if has_reason else " (about <N>% confident, because <reason>)."
    replacement = body + tail
    fields = {"hedges": ", ".join(h.text for h in first.hedges), "direct": body}
    yield Hit(span, fields, replacement=replacement, target=sent)


def _subject_form(doc, i: int, floor: int, drop: set[int]) -> str:
    """'sing', 'plur', 'i' or 'none' for the word before token i (skipping dropped tokens)."""
    j = i - 1
    while j >= floor and (j in drop or doc[j].is_punct):
        j -= 1
    if j < floor:
        return "none"
    w = doc[j].lower_
    if w == "i":
        return "i"
    if w in {"we", "they", "you", "people", "users", "customers", "these", "those"}:
        return "plur"
    if w.endswith("s") and len(w) > 3 and w not in NOT_PLURAL and not w.endswith("ss") and doc[j].is_alpha:
        return "plur"
    if w in {"it", "this", "that", "there", "he", "she"} or doc[j].is_alpha:
        return "sing"
    return "none"


def _direct(sent: Span, stacked: list[Clause], all_hedges: list[Span]) -> str:
    """The sentence with the stacked hedges taken out and the modal made direct."""
    doc = sent.doc
    drop: set[int] = set()
    repl: dict[int, str] = {}
    for c in stacked:
        pure_parts = [(a, b) for (a, b) in c.parts if _pure_range(doc, a, b, c.hedges)]
        for a, b in pure_parts:
            drop.update(range(a, b))
            if a > sent.start and doc[a - 1].text in {",", "-"}:
                drop.add(a - 1)  # ", I guess"
            elif b < sent.end and doc[b - 1].text == ",":
                drop.add(b - 1)
        for h in c.hedges:
            low = h.text.lower()
            if low in MODALS:
                continue
            if h[-1].norm_ == "seem" or low.endswith("seem to") or low.endswith("seems to"):
                # "seems to be" -> copula; "seems to look" stays (one hedge is fine)
                if h[-1].lower_ == "to" and h.end < sent.end and doc[h.end].lower_ == "be":
                    form = _subject_form(doc, h.start, sent.start, drop)
                    lead = h[0].lower_ == "there"
                    repl[h.start] = ("There " if lead and h.start == sent.start else "there " if lead else "") + \
                        ("are" if form == "plur" else "am" if form == "i" else "is")
                    drop.update(range(h.start + 1, h.end + 1))
                    continue
                if h[-1].lower_ in {"seem", "seems", "seemed"} and h.end < sent.end and doc[h.end].lower_ not in {
                        "like", "that", ","} and h[0].lower_ not in {"it"}:
                    continue  # "seems fine": a verb we cannot drop cleanly
            drop.update(range(h.start, h.end))
            if h[0].lower_ == "possible":
                # "it's (kind of) possible that X" -> "X"
                k = h.start - 1
                while k >= sent.start and (k in drop or doc[k].lower_ in {"'s", "is", "it", "’s", "be", "quite",
                                                                           "very", "entirely", "also"}):
                    drop.add(k)
                    if doc[k].lower_ == "it":
                        break
                    k -= 1
            nxt = h.end
            if nxt < sent.end and doc[nxt].lower_ in {"that", "if", "whether", "like"} and h[-1].lower_ in {
                    "think", "seem", "seems", "sure", "that", "guess", "believe", "suspect", "like", "feel"}:
                drop.add(nxt)
        for h in c.hedges:
            if h.text.lower() in MODALS:
                if _empty_frame(doc, sent, h.start, drop):
                    continue
                _fix_modal(doc, sent, h.start, drop, repl)
    out = []
    for t in sent:
        if t.i in drop:
            continue
        text = repl.get(t.i, t.text)
        out.append(text + t.whitespace_)
    text = "".join(out).strip()
    text = re.sub(r"\s+([,.;:?!])", r"\1", text)
    text = re.sub(r"([,;:])\s*([,;:.?!])", r"\2", text)
    text = re.sub(r"\s{2,}", " ", text)
    text = re.sub(r"^(?:[,;:\-]\s*|(?:but|though|although|tho)\s+)+", "", text, flags=re.I)
    text = re.sub(r"\b(a)\s+([aeiouAEIOU]\w+)", lambda m: m.group(1) + "n " + m.group(2), text)
    if text:
        text = text[0].upper() + text[1:]
    return text


def _pure_range(doc, a: int, b: int, hedges: list[Span]) -> bool:
    covered = set()
    for h in hedges:
        covered.update(range(h.start, h.end))
    return not [t for t in doc[a:b] if not (t.is_punct or t.is_space or t.i in covered or t.lower_ in FILLER
                                           or t.norm_ in FILLER)]


def _fix_modal(doc, sent: Span, m: int, drop: set[int], repl: dict[int, str]) -> None:
    """Replace a dropped modal ("might", "could", "may") with a direct form of the verb."""
    form = _subject_form(doc, m, sent.start, drop)
    j = m + 1
    while j < sent.end and (j in drop or doc[j].lower_ in ADVERBS_KEEP):
        j += 1
    verb = doc[j].lower_ if j < sent.end else ""
    negated = any(doc[k].norm_ == "not" for k in range(m + 1, j) if k not in drop)
    subj = "" if form != "none" else "it "
    if verb == "be":
        repl[m] = subj + ("are" if form == "plur" else "am" if form == "i" else "is")
        drop.add(j)
    elif verb == "have" and not negated:
        repl[m] = subj + ("have" if form in {"plur", "i"} else "has")
        drop.add(j)
    elif doc[m].lower_ == "could" and form in {"i", "plur"} and _prev_word(doc, m, sent.start, drop) in {"we", "i"}:
        repl[m] = "should"
    else:
        repl[m] = subj + "will"
    if m == sent.start or all(k in drop for k in range(sent.start, m)):
        repl[m] = repl[m][0].upper() + repl[m][1:]


def _empty_frame(doc, sent: Span, m: int, drop: set[int]) -> bool:
    """'it might (possibly) be (the case) that X' -> 'X': drop the whole frame."""
    if _prev_word(doc, m, sent.start, drop) != "it":
        return False
    j = m + 1
    while j < sent.end and j in drop:
        j += 1
    words = [t.lower_ for t in doc[j:min(j + 4, sent.end)]]
    for frame in (["be", "the", "case", "that"], ["be", "that"]):
        if words[:len(frame)] == frame:
            k = m - 1
            while k >= sent.start and (k in drop or doc[k].lower_ != "it"):
                k -= 1
            drop.update(range(k, j + len(frame)))
            return True
    return False


def _prev_word(doc, i: int, floor: int, drop: set[int]) -> str:
    j = i - 1
    while j >= floor and (j in drop or doc[j].is_punct):
        j -= 1
    return doc[j].lower_ if j >= floor else ""
