"""MET002 accuracy-as-success: a model-quality figure presented as proof of success or as the goal."""
from __future__ import annotations

import re

from . import Hit, check
from ._shared import in_quotes, text_of, trim

NUMBER = re.compile(r"^[~+\-]?(?:[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)(%|auc)?$", re.IGNORECASE)
# Metric words that are only model metrics with a figure or a model next to them.
AMBIGUOUS = {"accuracy", "accurate", "precision", "recall", "catch", "catches", "nail", "nails", "flag", "flags",
             "predict", "predicts", "right", "correct", "agreement", "agree", "hit", "calibration", "accurately",
             "sensitivity", "specificity", "error", "match", "correlation", "dice", "absolute"}
# Verbs in the metric cue that need a figure to be a model-quality claim.
VERBISH = {"catch", "catches", "nail", "nails", "flag", "flags", "predict", "predicts", "right", "correct",
           "accurately", "agree", "agrees", "match", "matched", "flagged", "predicted", "caught"}
UNITS = {"minutes", "minute", "min", "mins", "points", "point", "pts", "pp", "degrees", "degree", "dollars", "hours",
         "days", "seconds", "ms", "percent", "trophies", "stars", "km", "miles", "kwh", "grade"}
# After "matched" / "flagged": the word describes how units were chosen, not a model's score.
DESIGN_NOUNS = {"pair", "pairs", "control", "controls", "cohort", "cohorts", "group", "groups", "market", "markets",
                "city", "cities", "sample", "samples", "design", "region", "regions", "store", "stores", "unit", "units"}
BLOCK = {"would", "will", "i", "we", "should", "go", "if", "otherwise", "but", "and", "or", "then", "so"}
HEDGE_CLAIM = {"if", "once", "when", "until", "whether"}
WEAK_CLAIMS = {"good", "better", "the better", "stronger", "mean", "means", "would mean", "know", "we know",
               "we'll know", "tells us", "tells me", "show", "shows", "showing", "value", "job", "unlock",
               "consider", "considered", "call it", "judge", "judged", "measured by", "finish", "happy", "target",
               "goal", "the goal", "done", "ready", "safe", "covered", "handled", "effective", "evidence", "right"}
BUSINESS_DEFAULT = "<business metric>"


def _figure(ctx, metric):
    """The metric with its number: "0.91 AUC", "NDCG@10 from 0.52 to 0.60", "95% recall"."""
    doc = metric.doc
    sent = ctx.sentence.span
    start, end = metric.start, metric.end
    nums = [t.i for t in doc[max(sent.start, start - 3):min(sent.end, end + 12)] if NUMBER.match(t.text)]
    before = [i for i in nums if i < start and not any(doc[j].text in {",", ";", "."} for j in range(i, start))]

    def blocks(j: int) -> bool:
        t = doc[j]
        if t.norm_ == "go" and j + 1 < sent.end and doc[j + 1].lower_ in {"from", "to", "up", "down"}:
            return False  # "AUC went from 0.94 to 0.96"
        return t.text in {",", ";", ".", ":"} or t.norm_ in BLOCK

    after = [i for i in nums if i >= end and not any(blocks(j) for j in range(end, i))]
    if before:
        start = before[-1]
    if after:
        end = after[-1] + 1
    if before or after:
        if end < sent.end and doc[end].text == "%":
            end += 1
        if end < sent.end and doc[end].lower_ in UNITS:
            end += 1
    return doc[start:end], bool(before or after or any(NUMBER.match(t.text) for t in metric))


def _text(span) -> str:
    return span.text.strip().rstrip(",;:")


def _gated(ctx, figure) -> bool:
    sent = ctx.sentence.span
    lo, hi = (figure.start - 15, figure.end + 15) if len(sent) > 45 else (sent.start, sent.end)
    if any(lo <= g.start < hi for g in ctx.cues("gate")):
        return True
    for s in ctx.analysis.window(ctx.sentence, "passage"):
        online = ctx.cues("online_test", sentence=s)
        if online and ctx.cues("business_metric", sentence=s):
            return True
    return False


def _business(ctx) -> str:
    answer = ctx.analysis.answer_sentences(ctx.analysis.answers[ctx.sentence.answer])
    here = ctx.sentence.index
    found = sorted(((abs(s.index - here), m.start, text_of(m)) for s in answer
                    for m in ctx.cues("business_metric", sentence=s)))
    return found[0][2].lower() if found else BUSINESS_DEFAULT


@check("met002")
def accuracy_as_success(ctx):
    sent = ctx.sentence.span
    doc = sent.doc
    metrics = sorted(ctx.cues("model_metric"), key=lambda s: s.start)
    claims = sorted(ctx.cues("claim"), key=lambda s: s.start)
    if not metrics or not claims:
        return
    modelish = bool(ctx.cues("model_word"))
    best = None
    for m in metrics:
        if in_quotes(m):
            continue
        words = {t.lower_ for t in m} | {t.norm_ for t in m}
        if words & VERBISH and m.end < sent.end and doc[m.end].norm_ in DESIGN_NOUNS:
            continue  # "20 matched pairs of cities", "a matched control group": a study design
        figure, has_number = _figure(ctx, m)
        if words & VERBISH and not has_number:
            continue
        if "time" in words and not modelish:
            continue  # "parked correctly 87% of the time" is a behaviour, not a model
        if words <= AMBIGUOUS and not (has_number or modelish):
            continue
        if not has_number and not modelish:
            continue
        for c in claims:
            if c.start < figure.end and figure.start < c.end:
                continue
            gap = c.start - figure.end if c.start >= figure.end else figure.start - c.end
            if gap > 20:
                continue
            text = c.text.lower()
            if text in WEAK_CLAIMS and not has_number:
                continue
            score = (gap, c.start)
            if best is None or score < best[0]:
                best = (score, figure, c)
    if best is None:
        return
    if _gated(ctx, best[1]) or ctx.cues("tradeoff"):
        return
    if ctx.cues("model_choice") and not any(NUMBER.match(t.text) for t in best[1]):
        return  # "because it gets the best accuracy": a model choice, not a success claim
    _, figure, claim = best
    start, end = min(figure.start, claim.start), max(figure.end, claim.end)
    span = trim(doc[start:end])
    business = _business(ctx)
    fields = {"figure": _cap(_text(figure)), "business": business}
    tail = (f"I'd call it a success only if the treated group beats control on {business} in an online A/B test "
            f"against the current version.")
    if not any(NUMBER.match(t.text) for t in figure):
        replacement = f"{_cap(_text(figure))} is an offline gate, not the goal; {tail}"
    elif figure.start < claim.start:
        # Keep the writer's sentence up to the figure ("Our model predicts ... with 99% accuracy").
        prefix = doc[sent.start:figure.end].text.strip()
        first = next((t for t in sent if t.is_alpha), None)
        nxt = next((t for t in doc[figure.end:sent.end] if not t.is_punct), None)
        if nxt is not None and nxt.norm_ == "be" and nxt.i == figure.end:
            replacement = f"{prefix} is only the offline gate; {tail}"
        elif first is not None and first.norm_ in HEDGE_CLAIM:
            replacement = f"{prefix}, it has cleared the offline bar; {tail}"
        else:
            replacement = f"{prefix}, which clears the offline bar; {tail}"
    else:
        replacement = f"{_cap(_text(figure))} is the offline gate; {tail}"
    yield Hit(span, fields, replacement=replacement, target=sent)


def _cap(text: str) -> str:
    return text[0].upper() + text[1:] if text else "<offline figure>"
