"""DEC002 no-recommendation: an answer that reports data or findings but never decides anything."""
from __future__ import annotations

import functools

from . import Hit, check
from ._shared import columns, empty_commitment, posed_question

MIN_SENTENCES = 3


# Section headings that announce reference material rather than an answer: a glossary, a background
# section or a list of resources describes things, and nobody expects a decision in it.
NOT_ANSWERS = frozenset({
    "glossary", "definition", "definitions", "reference", "references", "resource", "resources", "link", "links",
    "reading", "bibliography", "feedback", "todo", "checklist", "cheatsheet", "cheat", "tip", "tips", "mistake",
    "mistakes", "lesson", "lessons", "takeaway", "takeaways", "agenda", "outline", "template", "prompt",
    "background", "context", "appendix", "changelog", "glossaries"})


def _heading_words(sentence) -> list[str]:
    """A heading's words, without modifiers glued on by a hyphen ("Context-aware" is not "Context")."""
    span = sentence.span
    return [t.lower_ for t in span if t.is_alpha and not (t.i + 1 < span.end and span.doc[t.i + 1].text == "-")]


def _reference_heading(sentence) -> bool:
    """A short heading whose first or last word names reference material ("Metrics glossary",
    "Background", "Feedback from the mock"), not a question ("Creator tips: should we launch them?")."""
    words = _heading_words(sentence)
    if not words or len(words) > 4 or "?" in sentence.text:
        return False
    return words[0] in NOT_ANSWERS or words[-1] in NOT_ANSWERS


def _reference_section(ctx) -> bool:
    """The answer opens with a heading (its own, or the file's title) and every heading in it names
    reference material ("Metrics glossary"; not "Context" followed by "Analysis")."""
    sentences = ctx.analysis.sentences[ctx.answer.start:ctx.answer.end]
    if not sentences or not sentences[0].heading:
        return False
    return all(_reference_heading(s) for s in sentences if s.heading)


# An estimation question ("how many bikes are sold a year?") is answered by a number, not a decision;
# "How much should we charge?" asks for one.
ESTIMATION = frozenset({"estimate", "estimation", "estimating", "guesstimate", "guesstimation", "fermi", "sizing"})
DECIDING = frozenset({"should", "would", "could", "can", "do", "does", "we", "i", "you", "charge", "price", "set",
                      "spend", "invest", "send", "pay", "build", "hire"})


def _estimation(ctx) -> bool:
    first = ctx.analysis.sentences[ctx.answer.start]
    if not first.heading:
        return False
    words = [t.lower_ for t in first.span if t.is_alpha]
    if set(words) & ESTIMATION:
        return True
    pairs = set(zip(words, words[1:]))
    return bool(pairs & {("how", "many"), ("how", "much"), ("market", "size")}) and not set(words) & DECIDING


@check("dec002")
def no_recommendation(ctx):
    if _reference_section(ctx) or _estimation(ctx):
        return
    # Questions ("Is the goal retention or revenue?") describe nothing and decide nothing: a list of
    # clarifying questions, or the interview question pasted above an answer, is not a report.
    sentences = [s for s in ctx.analysis.answer_sentences(ctx.answer) if not posed_question(s.span)]
    if len(sentences) < MIN_SENTENCES:
        return
    describing = 0
    numbers = False
    metric = ""
    for s in sentences:
        if _prescribes(ctx, s):
            return
        if ctx.cues("finding", sentence=s):
            describing += 1
        if not numbers and (any(c.isdigit() for c in s.text)
                            or ("%" in s.text and any(t.text == "%" for t in s.span))):
            numbers = True  # a digit anywhere, or a percent sign of its own
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


def _prescribes(ctx, sentence) -> bool:
    """An action, decision or recommendation in this sentence."""
    doc = sentence.span.doc
    for hit in ctx.cues("action", sentence=sentence):
        if hit.start > sentence.span.start and doc[hit.start - 1].norm_ in {"whether", "if"}:
            continue  # "whether it's worth ..." asks, it does not decide
        if empty_commitment(hit, sentence.span):
            continue
        return True
    return bool(ctx.cues("plan_present", sentence=sentence) or ctx.cues("should_do", sentence=sentence)) \
        or _imperative(ctx, sentence)


def _base_forms(rule) -> frozenset[str]:
    """The imperative cue's verbs as the rule lists them (base forms), lowercased."""
    cue = rule.cues.get("imperative")
    return _lowered(tuple(cue.phrases) if cue else ())


@functools.lru_cache(maxsize=16)
def _lowered(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def _imperative(ctx, sentence) -> bool:
    """A sentence that opens with an action verb ("Ship it to new users", "Run a holdout")."""
    starts = {s.start for s in ctx.cues("imperative", sentence=sentence)}
    if not starts:
        return False
    span = sentence.span
    cols = columns(span.doc)
    text, alpha, norm = cols.text, cols.alpha, cols.norm
    # The sentence's first word, or the first word after a colon / semicolon ("to test: randomize ...").
    heads = [span.start] + [i + 1 for i in range(span.start, span.end) if text[i] in (":", ";")]
    for h in heads:
        words = []
        for i in range(h, span.end):
            if alpha[i]:
                words.append(i)
                if len(words) == 2:
                    break
        if len(words) < 2 or words[0] not in starts:
            continue
        if cols.lower[words[0]] not in _base_forms(ctx.rule):
            continue  # "Hiring partners posted ...", "Picks account for ...": not the verb as listed
        first = words[0]
        if first + 1 < span.end and text[first + 1] == "-" and not span.doc[first].whitespace_:
            continue  # "Add-to-cart clicks rose": a compound noun, not a verb
        if norm[words[1]] not in {"be", "show", "result", "rate", "data", "volume", "number", "time", "score",
                                  "metric", "'s", "s", "of"}:
            return True
    return False
