"""Where rules and the classifier meet: confirm, veto, or add findings per sentence and code."""
from __future__ import annotations

from .checks._shared import in_quotes, posed_question
from .engine import RawHit, render
from .finding import Finding

MIN_PROBABILITY = 0.5  # never add a classifier-only finding the model itself calls unlikely


def combine(linter, analysis, raw_all: list[RawHit], codes: set[str], *, use_rules: bool = True) -> list[Finding]:
    model = linter.classifier
    probs = model.probabilities(analysis, raw_all)
    out: list[Finding] = []
    covered: set[tuple[int, str]] = set()
    for hit in raw_all:
        if hit.rule.code not in codes or not use_rules:
            continue
        p = probs[hit.sentence].get(hit.rule.code) if hit.sentence is not None and probs else None
        if p is None:  # answer-level rule (DEC002): the classifier has no say
            out.append(linter.finding(analysis, hit, "rule"))
            continue
        covered.add((hit.sentence, hit.rule.code))
        if p < model.veto.get(hit.rule.code, 0.0):
            continue  # the model rejects a weak pattern hit
        threshold = model.thresholds.get(hit.rule.code, 1.01)
        if p >= threshold:
            out.append(linter.finding(analysis, hit, "rule+classifier", max(hit.confidence, p)))
        else:
            out.append(linter.finding(analysis, hit, "rule", (hit.confidence + p) / 2))
    for s, row in zip(analysis.sentences, probs):
        if s.heading:
            continue
        for code, p in row.items():
            if code not in codes or (s.index, code) in covered:
                continue
            if (p >= max(MIN_PROBABILITY, model.thresholds.get(code, 1.01))
                    and may_flag(linter, analysis, s, code, model.gates.get(code, "cue"))):
                out.append(_classifier_finding(linter, analysis, s, code, p))
    return out


GATE_MODES = ("cue", "context", "unless")  # strictest first


def may_flag(linter, analysis, sentence, code: str, mode: str = "cue") -> bool:
    """Whether the model may add a finding of `code` on this sentence by itself. Mode "cue" (the
    default): some of the rule's own lexicon in the passage and the rule's context conditions (its
    `unless` and `requires` cues and registered gate). "context": the conditions alone. "unless":
    only the rule's `unless` cues (what makes a sentence clean whatever its wording, e.g. a named
    confounder, an interference-aware design). Training picks a looser mode for a code only where
    it measurably does better at the target precision. Never on a posed question ("What would be
    the north star metric?"): a question asks, it does not claim, however close its words are; and
    never where the rule's trigger words are all inside reported speech (`Saying "it depends" and
    stopping`), which the rule itself leaves alone."""
    # Every condition must hold; the cheapest are tried first.
    if mode == "cue" and not _has_rule_cue(analysis, sentence, code):
        return False
    if _only_mentioned(linter.rules[code], sentence) or posed_question(sentence.span):
        return False
    return _context_allows(linter, analysis, sentence, code, full=mode != "unless")


def _context_allows(linter, analysis, sentence, code: str, *, full: bool = True) -> bool:
    """The rule's context conditions still apply to what the model finds: its `unless` cues and
    registered clear condition (CAU002's effect size, CAU003's interference handled) always; its
    `requires` cues and registered context gate (CAU003's spillover setting) unless the mode is
    "unless"."""
    from .checks import CLEARS, GATES
    from .engine import Context

    rule = linter.rules[code]
    ctx = Context(linter.engine, analysis, rule, sentence)
    if any(ctx.has(c.cue, c.within) for c in rule.unless):
        return False
    clears = CLEARS.get(rule.check or "")
    if clears is not None and clears(ctx):
        return False  # what makes a sentence clean whatever its wording (CAU002's magnitude)
    if not full:
        return True
    if not all(ctx.has(c.cue, c.within) for c in rule.requires):
        return False
    gate = GATES.get(rule.check or "")
    return gate is None or bool(gate(ctx))


def _only_mentioned(rule, sentence) -> bool:
    """The sentence has the rule's trigger words, and every one is inside reported speech."""
    spans = [span for name in rule.triggers for span in sentence.cues.get(f"{rule.code}.{name}", ())]
    return bool(spans) and all(in_quotes(span) for span in spans)


def _has_rule_cue(analysis, sentence, code: str) -> bool:
    """The model may add a finding only where the rule's own lexicon shows up in the passage: it
    catches paraphrases the patterns miss, not sentences with nothing of the pattern in them."""
    prefix = f"{code}."
    return any(key.startswith(prefix) for s in analysis.window(sentence, "passage") for key in s.cues)


def _classifier_finding(linter, analysis, sentence, code: str, p: float) -> Finding:
    rule = linter.rules[code]
    start, end = analysis.offsets(sentence, _trimmed(sentence.span))
    text = analysis.text[start:end]
    hit = RawHit(
        rule=rule,
        start=start,
        end=end,
        message=f"{rule.what} (flagged by the classifier; no pattern matched this wording)",
        replacement=render(rule.suggestion, {"sentence": text, "match": text}),
        target=(start, end),
        confidence=p,
        sentence=sentence.index,
    )
    return linter.finding(analysis, hit, "classifier", p)


_KEEP_AT_END = frozenset({".", "!", "?", "…", ")", "]", '"', "'", "”", "’"})


def _trimmed(span):
    """The sentence without stray trailing marks the splitter attached to it (the dash that opens the
    next bullet of a run-in list): the finding should cover the sentence, not its neighbour's bullet."""
    doc, end = span.doc, span.end
    while end - 1 > span.start and (doc[end - 1].is_space or
                                    (doc[end - 1].is_punct and doc[end - 1].text not in _KEEP_AT_END)):
        end -= 1
    return doc[span.start:end]
