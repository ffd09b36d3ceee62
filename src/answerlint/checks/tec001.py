"""TEC001 model-complexity-focus: a model choice argued on sophistication or accuracy alone."""
from __future__ import annotations

from spacy.tokens import Span

from . import Hit, check
from ._shared import in_quotes, text_of, trim

NEG = {"not", "never", "no", "without", "instead", "rather", "overkill", "nor", "less", "avoid"}
CLAIM_LEFT = {"more", "much", "most", "the", "far", "way", "simply", "just", "even", "highest", "materially",
              "considerably", "a", "lot", "really", "always", "clearly", "strictly"}
CLAIM_RIGHT = {"option", "choice", "architecture", "approach", "results", "result", "accuracy", "model", "models",
               "thing", "method", "setup", "available", "than", "for", "at", "on", "in", "out", "there"}
MODEL_LEFT_STOP = {"we", "i", "use", "go", "with", "to", "for", "be", "should", "would", "'d", "will", "pick",
                   "choose", "chose", "build", "train", "the", "a", "an", "and", "so", "then", "on", "of", ",",
                   "because", "since", "model", "over", "than", "it", "that", "this", "swap", "switch", "replace",
                   "move", "add", "run", "stack", "fine", "just", "straight", "via", "from", "as", "is"}
MODEL_RIGHT = {"model", "models", "network", "networks", "net", "nets", "architecture", "ranker", "classifier",
               "encoder", "-", "based", "stack", "layers", "layer", "approach", "agent", "system", "re", "ranker"}
CLAUSE = {".", ";", "?", "!"}
CONTRAST = {"over", "than", "instead", "rather", "vs", "vs.", "versus"}
SIZE_WORDS = {"largest", "biggest", "bigger", "larger", "deeper", "huge", "giant"}


def _negated(doc, i: int, lo: int, window: int = 4) -> bool:
    return any(doc[j].norm_ in NEG for j in range(max(lo, i - window), i))


def _model_phrase(doc, sp: Span, sent: Span) -> Span:
    start, end = sp.start, sp.end
    steps = 0
    while start - 1 >= sent.start and steps < 3:
        tok = doc[start - 1]
        if not (tok.is_alpha or tok.text == "-") or tok.norm_ in MODEL_LEFT_STOP:
            break
        start -= 1
        steps += 1
    steps = 0
    while end < sent.end and steps < 3 and (doc[end].lower_ in MODEL_RIGHT or
                                           (doc[end - 1].text == "-" and doc[end].is_alpha)):
        end += 1
        steps += 1
    out = trim(doc[start:end], {"-"})
    return out if len(out) else sp


def _claim_phrase(doc, sp: Span, sent: Span) -> Span:
    start, end = sp.start, sp.end
    while start - 1 >= sent.start and sp.start - start < 3 and doc[start - 1].norm_ in CLAIM_LEFT:
        start -= 1
    if end < sent.end and doc[end].lower_ in {"option", "choice", "architecture", "approach", "results", "available",
                                              "model", "method"}:
        end += 1
    out = trim(doc[start:end], {"the", "a", "always", "just", "simply", "really"})
    return out if len(out) else sp


SCORE_WORDS = {"auc", "accuracy", "accurate", "precision", "recall", "f1", "gini", "ndcg", "kappa", "rmse", "mae",
               "map", "mrr", "loss", "categorization", "score", "%"}


def _reports_score(sent: Span) -> bool:
    """A measured figure ("0.93 AUC", "96% accuracy") read as proof: that is MET002's claim, not a model choice."""
    doc = sent.doc
    for tok in sent:
        numeric = tok.like_num and tok.text[:1].isdigit() or (tok.text.endswith("%") and tok.text[:1].isdigit())
        if not numeric:
            continue
        near = doc[max(sent.start, tok.i - 3):min(sent.end, tok.i + 4)]
        if any(t.lower_ in SCORE_WORDS or t.norm_ in SCORE_WORDS for t in near if t.i != tok.i) and \
                any(t.text == "%" or "." in t.text or t.lower_ in {"auc", "gini", "ndcg", "f1", "kappa"} for t in near):
            return True
    return False


@check("tec001")
def model_complexity_focus(ctx):
    sent = ctx.sentence.span
    doc = sent.doc
    if any(not _outdone(doc, s, sent) for s in ctx.cues("simple_model")):
        return  # a simpler model weighed against the complex one: a trade-off
    techs = [t for t in ctx.cues("technique") if not in_quotes(t) and not _negated(doc, t.start, sent.start)]
    claims = [c for c in ctx.cues("claim") if not _negated(doc, c.start, sent.start, 3)]
    if not techs or _reports_score(sent):
        return
    if not claims:
        yield from _bare_choice(ctx, techs)
        return
    best = None
    for t in techs:
        for c in claims:
            if c.start < t.end and t.start < c.end:
                # The same words cannot be both the choice and its reason, except size itself
                # ("the largest language model"): bigger is the whole argument there.
                if c.start == t.start and c[-1].lower_ in SIZE_WORDS and len(t) > 1:
                    key = (False, 0)
                    if best is None or key < best[0]:
                        best = (key, t, c)
                continue
            lo, hi = min(t.start, c.start), max(t.end, c.end)
            if any(doc[j].text in CLAUSE for j in range(lo, hi)):
                continue
            gap = max(c.start - t.end, t.start - c.end, 0)
            if gap > 16:
                continue
            # Prefer a claim that follows the model ("X because it is more accurate") or sits right on it
            # ("the largest language model").
            sized = c.end == t.start and c[-1].lower_ in SIZE_WORDS
            key = (c.start < t.start and not sized, gap)
            if best is None or key < best[0]:
                best = (key, t, c)
    if best is None:
        return
    _, t, c = best
    # "a Transformer over an LSTM because ...": the choice is the first model, the second is the one it beat.
    for other in sorted(techs, key=lambda x: -x.start):
        if other.end <= t.start and t.start - other.end <= 8 and any(
                doc[j].norm_ in CONTRAST for j in range(other.end, t.start)):
            t = other
            break
    model = _model_phrase(doc, t, sent)
    claim = _claim_phrase(doc, c, sent)
    span = trim(doc[min(model.start, claim.start):max(model.end, claim.end)])
    model_text = text_of(model)
    claim_text = text_of(claim)
    fields = {"model": model_text, "claim": f'"{claim_text}"'}
    lead = model_text[:1].upper() + model_text[1:]
    replacement = (
        f"{lead} may be {_as_gain(claim_text)}, but <simpler model> would let us <iterate faster / debug and "
        f"explain results / meet latency and cost>; I would choose <option> because <which goal wins here>."
    )
    yield Hit(span, fields, replacement=replacement)


MISSES = {"miss", "fail", "overlook", "ignore", "lose", "drop", "not", "n't", "never"}


def _outdone(doc, simple: Span, sent: Span) -> bool:
    """"patterns which simpler models miss", "a simpler model would miss": the simple model named only
    as what the complex one beats."""
    return any(doc[j].norm_ in MISSES for j in range(simple.end, min(sent.end, simple.end + 3)))


def _as_gain(claim: str) -> str:
    """The gain the writer claimed, as a plain phrase for the trade-off sentence."""
    low = claim.lower()
    if "basic" in low:
        return "less sophisticated"
    if any(w in low for w in ("bigger", "biggest", "larger", "largest", "deeper", "capacity", "more layers")):
        return "more powerful"
    if any(w in low for w in ("advanced", "sophisticated", "state", "modern", "newest", "newer", "latest", "frontier",
                              "cutting", "fanc", "powerful", "capable", "expressive", "papers", "labs", "literature",
                              "companies", "leader", "smart")):
        return "more advanced"
    return "more accurate"


CHOICE = {"choose", "chose", "chosen", "pick", "picked", "opt", "opted", "prefer", "preferred", "select", "selected",
          "go", "went", "switch", "switched", "move", "moved", "favor", "favour", "use", "used"}
OVER = {"over", "instead", "rather", "vs", "versus"}


def _bare_choice(ctx, techs):
    """"chose a Transformer over an LSTM" with no reason at all: one architecture preferred to another with
    nothing about what it buys in practice (the rule's unless-conditions already cleared trade-offs)."""
    sent = ctx.sentence.span
    doc = sent.doc
    ordered = sorted(techs, key=lambda t: t.start)
    for first, second in zip(ordered, ordered[1:]):
        between = doc[first.end:second.start]
        if len(between) > 4 or not any(t.norm_ in OVER or t.lower_ in OVER for t in between):
            continue
        verbs = [j for j in range(max(sent.start, first.start - 6), first.start) if doc[j].norm_ in CHOICE
                 or doc[j].lower_ in CHOICE]
        if not verbs:
            continue
        span = trim(doc[verbs[-1]:second.end])
        model = text_of(_model_phrase(doc, first, sent))
        lead = model[:1].upper() + model[1:]
        replacement = (
            f"{lead} may be <its advantage>, but <simpler model> would let us <iterate faster / debug and explain "
            f"results / meet latency and cost>; I would choose <option> because <which goal wins here>."
        )
        yield Hit(span, {"model": model, "claim": "no stated reason"}, replacement=replacement)
        return
