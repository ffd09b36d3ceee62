"""MET001 vanity-metric-goal: an engagement / activity count set as the goal or read as the verdict."""
from __future__ import annotations

from spacy.tokens import Span

from . import Hit, check
from ._shared import in_quotes, text_of, trim

NEGATORS = {"not", "never", "no", "nor", "without", "instead", "rather"}
# Words that end a metric phrase when we extend it.
STOP = {"each", "every", "be", "the", "a", "an", "to", "so", "and", "or", "if", "that", "which", "because", "since", "we", "i",
        "our", "much", "more", "go", "up", "down", "will", "would", "should", "can", "could", "as", "but",
        "than", "it", "this", "they", "their", "is", "are", "was", "were", "for", "by", "rise", "climb",
        "increase", "jump", "double", "beat", "get", "hit", "grow", "move", "with", "after", "before", "when",
        "while", "then", "ship", "launch", "call", "success", "goal", "win", "metric", "kpi", "my", "me",
        "main", "primary", "key", "core", "headline", "top", "north", "star", "honestly", "just", "simple",
        "what", "how", "who", "where", "there", "here", "at", "judge", "measure", "define", "set", "pick",
        "track", "count", "look", "care", "report", "number", "numb", "be", "'s", "s", "also", "drive",
        "maximize", "maximise", "optimize", "optimise", "defined", "measured", "think", "say", "frame",
        "thing", "clear", "clearly", "very", "really", "lot", "like"}
QUALIFIERS = {"new", "active", "enrolled", "weekly", "daily", "monthly", "paying", "returning", "eligible"}
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
    counted = span[-1].norm_ in {"many", "often", "of"}  # "how many lessons people start", "number of X"
    taken = 0
    since_prep = None  # words taken since the last preposition
    while end < sent.end and taken < 8:
        tok = doc[end]
        if tok.text in CLAUSE or tok.is_space or "\n" in doc[end - 1].whitespace_:
            break
        if tok.norm_ in PREPS:
            since_prep = 0
            limit = 1 if tok.norm_ == "per" else 4
        elif since_prep is not None and since_prep == 1 and limit == 1 and doc[end - 1].norm_ in QUALIFIERS:
            since_prep += 1
        elif since_prep is not None:
            if since_prep >= limit or not (tok.is_alpha or tok.like_num) or (
                    tok.norm_ in STOP and tok.norm_ not in {"the", "a", "their", "each", "first"}):
                break
            since_prep += 1
        elif not tok.is_alpha or tok.norm_ in STOP or taken >= (4 if counted else 2):
            break
        end += 1
        taken += 1
    out = trim(doc[start:end], PREPS | {"the", "a", "-"})
    return out if len(out) else span


def _negated_before(doc, i: int, lo: int, window: int = 4) -> bool:
    return any(doc[j].norm_ in NEGATORS for j in range(max(lo, i - window), i))


COMPOUND_NOUNS = {"team", "teams", "manager", "managers", "story", "stories", "criterion", "criteria", "rate"}
CONDITIONAL = {"if", "once", "when", "whenever", "as"}


def _frame_ok(sp: Span, sent: Span) -> bool:
    """Goal words used as names ("the merchant success team", "a successful API call") are not goals."""
    doc = sp.doc
    if sp.start > sent.start and doc[sp.start - 1].text == "-" and not doc[sp.start - 1].whitespace_:
        return False  # "agent-success"
    nxt = doc[sp.end] if sp.end < sent.end else None
    if nxt is not None and nxt.lower_ in COMPOUND_NOUNS:
        return False
    if nxt is not None and nxt.text == "-" and not sp[-1].whitespace_:
        return False  # "success-rate", "successful-call"
    if sp[-1].lower_ == "successful" and nxt is not None and nxt.is_alpha and nxt.norm_ not in {
            "if", "when", "once", "because", "since", "as", "and", "only", "so"}:
        return False
    if sp[-1].norm_ == "goal" and nxt is not None and nxt.norm_ in {"like", "type", "_"}:
        return False
    return True


def _frames(ctx, sent: Span, metrics: list[Span]) -> list[tuple[Span, str]]:
    doc = sent.doc
    frames: list[tuple[Span, str]] = []
    for kind in ("goal", "verdict"):
        for sp in ctx.cues(kind):
            if in_quotes(sp) or _negated_before(doc, sp.start, sent.start) or not _frame_ok(sp, sent):
                continue
            frames.append((sp, kind))
    inside = {i for m in metrics for i in range(m.start, m.end)}
    ups = [u for u in ctx.cues("increase") if u.start not in inside]
    conds = [t.i for t in sent if t.norm_ in CONDITIONAL]
    for sp in ctx.cues("ship_if"):
        if _negated_before(doc, sp.start, sent.start):
            continue
        # "ship if X goes up", "if X is up after two weeks, we launch": the decision rides on the activity count.
        for c in conds:
            ms = [m for m in metrics if c < m.start <= c + 5]
            if ms and any(m.end <= u.start <= m.end + 8 for m in ms for u in ups):
                frames.append((doc[min(sp.start, c):max(sp.end, c + 1)], "ship_if"))
                break
    return frames


@check("met001")
def vanity_metric_goal(ctx):
    sent = ctx.sentence.span
    doc = sent.doc
    metrics = [m for m in ctx.cues("engagement") + ctx.cues("per_rate") if not in_quotes(m)]
    if not metrics:
        return
    frames = _frames(ctx, sent, metrics)
    if not frames:
        return
    best = None
    for frame, kind in frames:
        for m in metrics:
            gap = max(m.start - frame.end, frame.start - m.end, 0)
            # The verdict must follow the number ("opens went up 12%, so the feature worked").
            if kind == "verdict" and m.start > frame.start:
                continue
            if gap > (20 if kind == "verdict" else 14):
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
    span = trim(doc[min(frame.start, metric.start):max(frame.end, metric.end)])
    name = text_of(metric)
    fields = {"metric": name}
    replacement = (
        f"Make <retention / churn / LTV measure> the primary success metric and keep {name} "
        f"as a secondary, leading-indicator metric."
    )
    yield Hit(span, fields, replacement=replacement)
