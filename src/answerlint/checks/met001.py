"""MET001 vanity-metric-goal: an engagement / activity count set as the goal or read as the verdict."""
from __future__ import annotations

from spacy.tokens import Span

from . import Hit, check
from ._shared import in_quotes, text_of, trim

NEGATORS = {"not", "never", "no", "nor", "without", "instead", "rather"}
# Words that end a metric phrase when we extend it.
STOP = {"be", "the", "a", "an", "to", "so", "and", "or", "if", "that", "which", "because", "since", "we", "i",
        "our", "much", "more", "go", "up", "down", "will", "would", "should", "can", "could", "as", "but",
        "than", "it", "this", "they", "their", "is", "are", "was", "were", "for", "by", "rise", "climb",
        "increase", "jump", "double", "beat", "get", "hit", "grow", "move", "with", "after", "before", "when",
        "while", "then", "ship", "launch", "call", "success", "goal", "win", "metric", "kpi", "my", "me",
        "main", "primary", "key", "core", "headline", "top", "north", "star", "honestly", "just", "simple",
        "what", "how", "who", "where", "there", "here", "at", "judge", "measure", "define", "set", "pick",
        "track", "count", "look", "care", "report", "number", "numb", "be", "'s", "s", "also", "drive",
        "maximize", "maximise", "optimize", "optimise", "defined", "measured", "think", "say", "frame",
        "thing", "clear", "clearly", "very", "really", "lot", "like"}
PREPS = {"per", "on", "from", "in", "of", "across", "into", "through"}
CLAUSE = {",", ";", ":", ".", "!", "?", "—", "–", "(", ")", "=", "-"}
# Goal words that are only a goal frame in some uses ("the metric is ...", not "a noisy metric").
WEAK_GOALS = {"a win", "the win", "what we want", "landed", "open"}


def _expand(span: Span, sent: Span) -> Span:
    """The metric as the writer named it: "app opens per user per week", "clicks on the banner"."""
    doc = span.doc
    start, end = span.start, span.end
    steps = 0
    while start - 1 >= sent.start and steps < 3:
        tok = doc[start - 1]
        if not (tok.is_alpha or tok.text in {"-", "/"}) or tok.norm_ in STOP or tok.lower_ in STOP:
            break
        start -= 1
        steps += 1
    while start < end and doc[start].text in {"-", "/"}:
        start += 1
    taken = 0
    while end < sent.end and taken < 7:
        tok = doc[end]
        if tok.text in CLAUSE and tok.text != "-":
            break
        if tok.norm_ in PREPS or (taken and tok.is_alpha and tok.norm_ not in STOP) or \
                (taken and tok.norm_ in {"the", "a", "their", "each"} and doc[end - 1].norm_ in PREPS) or \
                tok.text == "-" or (not taken and tok.is_alpha and tok.norm_ not in STOP and tok.norm_ not in PREPS):
            end += 1
            taken += 1
            continue
        break
    out = trim(doc[start:end], PREPS | {"the", "a", "-"})
    return out if len(out) else span


def _negated_before(doc, i: int, lo: int, window: int = 4) -> bool:
    return any(doc[j].norm_ in NEGATORS for j in range(max(lo, i - window), i))


def _frames(ctx, sent: Span) -> list[tuple[Span, str]]:
    doc = sent.doc
    frames: list[tuple[Span, str]] = []
    for kind in ("goal", "verdict"):
        for sp in ctx.cues(kind):
            if in_quotes(sp) or _negated_before(doc, sp.start, sent.start):
                continue
            frames.append((sp, kind))
    ups = ctx.cues("increase")
    for sp in ctx.cues("ship_if"):
        if _negated_before(doc, sp.start, sent.start):
            continue
        # "ship if X goes up", "if X is up after two weeks, we launch": a decision riding on the activity number.
        conditional = any(t.norm_ in {"if", "once", "when", "as", "long"} for t in sent)
        if conditional and ups:
            frames.append((sp, "ship_if"))
    return frames


@check("met001")
def vanity_metric_goal(ctx):
    sent = ctx.sentence.span
    doc = sent.doc
    metrics = [m for m in ctx.cues("engagement") + ctx.cues("per_rate") if not in_quotes(m)]
    if not metrics:
        return
    frames = _frames(ctx, sent)
    if not frames:
        return
    best = None
    for frame, kind in frames:
        for m in metrics:
            gap = max(m.start - frame.end, frame.start - m.end, 0)
            # The verdict must follow the number ("opens went up 12%, so the feature worked").
            if kind == "verdict" and m.start > frame.start:
                continue
            if gap > 14:
                continue
            # A negation between the metric and its goal frame ("clicks are not our goal").
            lo, hi = (m.end, frame.start) if m.end <= frame.start else (frame.end, m.start)
            if any(doc[j].norm_ in NEGATORS for j in range(lo, hi)):
                continue
            if best is None or gap < best[0]:
                best = (gap, frame, m, kind)
    if best is None:
        return
    _, frame, m, kind = best
    metric = _expand(m, sent)
    if kind == "ship_if":
        span = doc[min(frame.start, metric.start):max(frame.end, metric.end)]
    else:
        span = doc[min(frame.start, metric.start):max(frame.end, metric.end)]
    span = trim(span)
    name = text_of(metric)
    fields = {"metric": name}
    replacement = (
        f"Make <retention / churn / LTV measure> the primary success metric and keep {name} "
        f"as a secondary, leading-indicator metric."
    )
    yield Hit(span, fields, replacement=replacement)
