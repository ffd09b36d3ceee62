"""DEC002 no-recommendation: an answer that reports data or findings but never decides anything."""
from __future__ import annotations

from . import Hit, check

MIN_SENTENCES = 3


@check("dec002")
def no_recommendation(ctx):
    sentences = ctx.analysis.answer_sentences(ctx.answer)
    if len(sentences) < MIN_SENTENCES:
        return
    describing = 0
    numbers = False
    metric = ""
    for s in sentences:
        if ctx.cues("action", sentence=s) or _imperative(ctx, s):
            return
        if ctx.cues("finding", sentence=s):
            describing += 1
        if any(any(c.isdigit() for c in t.text) or t.text == "%" for t in s.span):
            numbers = True
        if not metric:
            named = ctx.cues("metric", sentence=s)
            if named:
                metric = named[0].text
    if not (numbers or describing >= 2):
        return
    last = sentences[-1]
    fields = {"metric": metric or "<metric>"}
    replacement = (
        f"{last.text} My recommendation: <decision>, because <reason>; "
        f"I would track {metric or '<metric>'} to confirm it worked."
    )
    yield Hit(last.span, fields, replacement=replacement, target=last.span, sentence=last)


def _imperative(ctx, sentence) -> bool:
    """A sentence that opens with an action verb ("Ship it to new users", "Run a holdout")."""
    words = [t for t in sentence.span if t.is_alpha]
    if len(words) < 2:
        return False
    first = words[0]
    starts = ctx.cues("imperative", sentence=sentence)
    return any(s.start == first.i for s in starts) and words[1].norm_ not in {
        "be", "show", "result", "rate", "data", "volume", "number", "time", "score", "metric", "'s", "s", "of",
    }
