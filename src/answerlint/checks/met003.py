"""MET003 average-user-target: designing for "the average user", or one version for everyone alike."""
from __future__ import annotations

import re

from spacy.tokens import Span

from . import Hit, check
from ._shared import in_quotes, text_of, trim

NEG = {"not", "never", "no", "without", "rather", "instead", "avoid", "against", "nor"}
# After "for the average ..." these make it a statistic, not a persona.
STAT_NEXT = {"treatment", "effect", "of", "across", "over", "per", "is", "be", "was", "were", "number", "numb",
             "value", "rate", "time", "length", "size", "score", "cost", "price", "spend"}
NOUN_STOP = {"last", "next", "this", "every", "each", "who", "which", "that", ",", "and", "or", "in", "on", "at", "with", "so", "because", "since", "as",
             "to", "for", "is", "be", "would", "will", "should", "can", "could", "we", "i", "then", "but",
             "from", "by", "than", "like", "'s", "s", "mind", "only", "first", "and", "(", "-"}
# "the same time", "one more thing", "in the same arm": uniform words that are not a design choice.
UNIFORM_SKIP_NEXT = {"time", "day", "arm", "arms", "period", "more", "of", "thing", "things", "week", "weeks",
                     "month", "months", "year", "or", "another", "cohort", "cluster", "bucket", "place",
                     "question", "point", "reason", "hand", "level", "extreme", "side", "quarter", "sprint",
                     "hour", "hours", "minute", "minutes", "session", "step", "last", "-", "option", "metric", "for",
                     "number", "numb", "users", "people", "household", "households", "person", "user", "issue",
                     "problem", "story", "trend", "pattern", "result", "results", "effect", "direction", "idea",
                     "variant", "test", "experiment", "control", "treatment", "a", "an", "the", "two", "three",
                     "to", "'s", "as", "at", "in", "on", "is", "be"}
ALL_SKIP_NEXT = {"of", "in", "the", "that", "these", "those", "three", "two", "arms", "time", "along", "but"}
DESIGN_NEAR_PREPS = {"to", "at", "about", "on", "like", "with", "fit", "fits", "suit", "calibrate", "tune"}


def _negated(doc, i: int, lo: int, window: int = 6) -> bool:
    for j in range(i - 1, max(lo, i - window) - 1, -1):
        if doc[j].text in {".", ";", "?", "!"}:
            break
        if doc[j].norm_ in NEG:
            return True
    return False


def _persona_phrase(doc, adj: int, sent: Span) -> Span:
    """"average new seller", "typical lapsed player", "median user": the adjective and the noun it heads."""
    end = adj + 1
    while end < sent.end and end - adj <= 3 and doc[end].is_alpha and doc[end].norm_ not in NOUN_STOP:
        end += 1
    return doc[adj:end]


def _personas(ctx, sent: Span):
    doc = sent.doc
    designs = ctx.cues("design")
    for hit in ctx.cues("persona"):
        if in_quotes(hit):
            continue
        adj = hit.end - 1
        while adj > hit.start and doc[adj].norm_ not in {"average", "typical", "median", "avg", "representative",
                                                          "mainstream", "road"} and "-" not in doc[adj].text:
            adj -= 1
        if doc[adj].lower_ == "road":
            adj = hit.start + 1 if doc[hit.start + 1].norm_ not in {"the", "a", "an", "our"} else hit.start + 2
        nxt = doc[hit.end] if hit.end < sent.end else None
        if nxt is None or (nxt.norm_ in STAT_NEXT and doc[hit.end - 1].norm_ != "road") or nxt.is_punct:
            continue
        if _negated(doc, hit.start, sent.start):
            continue
        prep = doc[hit.start].norm_
        if prep in DESIGN_NEAR_PREPS:
            near = [d for d in designs if hit.start - 4 <= d.start < hit.start or d.start == hit.start]
            later = [d for d in designs if d.text.lower() == "in mind" and d.start >= hit.end]
            if not near and not later:
                continue
            verb = near[-1] if near else hit
        elif prep in {"for", "around", "target", "targets", "targeting", "serve", "serves", "towards", "toward"}:
            before = [d for d in designs if d.start < hit.start]
            if not designs and prep in {"for", "around"}:
                continue
            verb = before[-1] if before and hit.start - before[-1].start <= 8 else hit
        else:
            verb = hit
        phrase = _persona_phrase(doc, adj, sent)
        yield doc[verb.start:phrase.end], phrase, doc[hit.start:phrase.end]


COND = {"if", "whether", "unless"}
TARGET_PREPS = {"for", "to", "across", "at", "on", "in"}
GIVE_VERBS = {"give", "send", "show", "offer", "charge", "pay", "let", "make", "put", "email", "push", "move",
              "ask", "require", "assign", "serve"}
MODALS = {"would", "will", "should", "must", "shall"}


def _uniforms(ctx, sent: Span):
    doc = sent.doc
    for s in ctx.cues("uniform_strong"):
        if not in_quotes(s) and not _negated(doc, s.start, sent.start) and not _conditional(doc, s.start, sent):
            yield s, s
    first = next((t for t in sent if t.is_alpha), None)
    fragment = first is not None and first.lower_ in {"same", "one", "single", "identical"}  # "- same fee for all"
    if not ctx.cues("decision") and not fragment:
        return
    alls = [s for s in ctx.cues("all") if _targeted(doc, s, sent)
            and not (s[0].lower_ == "all" and s.end < sent.end and doc[s.end].norm_ in ALL_SKIP_NEXT)]
    for u in ctx.cues("uniform"):
        if in_quotes(u) or _negated(doc, u.start, sent.start) or _conditional(doc, u.start, sent):
            continue
        nxt = doc[u.end] if u.end < sent.end else None
        if nxt is None or nxt.norm_ in UNIFORM_SKIP_NEXT or nxt.is_punct or (nxt.like_num and u[0].lower_ == "one"):
            continue
        if u[0].lower_ == "once" and nxt.norm_ not in {"for", "across"}:
            continue
        if u[0].lower_ == "one" and u.start > sent.start and doc[u.start - 1].norm_ in {
                "the", "this", "that", "no", "any", "each", "every", "than", "only", "least"}:
            continue
        for a in alls:
            if _in_reason(doc, min(u.start, a.start), sent):
                continue
            if abs(a.start - u.start) <= 9 and not _broken(doc, min(u.start, a.start), max(u.end, a.end)):
                lo, hi = min(u.start, a.start - 1), max(u.end, a.end)
                if a.start > u.start:
                    hi = _noun_end(doc, a.end, sent)
                yield doc[lo:hi], u
                break


def _targeted(doc, s: Span, sent: Span) -> bool:
    """"for every member", "give all drivers", "Every new account would see": the all-word names who gets it."""
    prev = doc[s.start - 1] if s.start > sent.start else None
    if s.end < sent.end and doc[s.end].norm_ == "other":
        return False  # "each other"
    if prev is not None and prev.norm_ == "in":
        return any(t.norm_ in MODALS for t in sent)
    if prev is not None and (prev.norm_ in TARGET_PREPS or prev.norm_ in GIVE_VERBS):
        return True
    if prev is None or prev.norm_ in {"and", ",", "-"}:
        return any(doc[j].norm_ in MODALS for j in range(s.end, min(sent.end, s.end + 9)))
    return False


REASONS = {"because", "since"}


def _in_reason(doc, i: int, sent: Span) -> bool:
    """Token i sits in a "because" / "since" clause: it explains how things work ("hosts set fees for
    everyone and guests compete for the same listings"), it does not choose one version for all. A
    comma ends the search: after a fronted reason ("Since we have one market, we should launch the
    same price for everyone") comes the main clause."""
    for j in range(i - 1, sent.start - 1, -1):
        if doc[j].text in {".", ";", ":", "?", "!", ","}:
            return False
        if doc[j].lower_ in REASONS:
            return True
    return False


def _conditional(doc, i: int, sent: Span) -> bool:
    return any(doc[j].norm_ in COND for j in range(max(sent.start, i - 6), i))


def _broken(doc, lo: int, hi: int) -> bool:
    return any(doc[j].text in {".", ";", "?", "!", ":"} for j in range(lo, hi))


def _noun_end(doc, i: int, sent: Span) -> int:
    """Take in the noun after "every" / "all" ("every cardholder", "all shoppers")."""
    end = i
    while end < sent.end and end - i < 2 and doc[end].is_alpha and doc[end].norm_ not in NOUN_STOP:
        end += 1
    return end


LATER = {"later", "eventually", "afterwards", "v2", "someday", "down"}


def _segmented(ctx, sent, has_uniform: bool) -> bool:
    """Cohort reasoning in the sentence itself. Negated ("no need to segment") or deferred ("add
    personalization later") mentions do not count; neighbours are not consulted, since a cohort
    mentioned elsewhere rarely qualifies the one-size choice made here."""
    if has_uniform:
        return False
    doc = sent.span.doc
    for seg in ctx.cues("segment"):
        if _negated(doc, seg.start, sent.span.start, 4):
            continue
        if any(doc[j].norm_ in LATER for j in range(seg.end, min(sent.span.end, seg.end + 3))):
            continue
        return True
    return False


@check("met003")
def average_user_target(ctx):
    sent = ctx.sentence
    span = sent.span
    personas = list(_personas(ctx, span))
    uniforms = list(_uniforms(ctx, span))
    if not (personas or uniforms):
        return
    if _segmented(ctx, sent, bool(uniforms)):
        return
    if personas:
        whole, phrase, prep_span = personas[0]
        target = text_of(phrase)
        what = text_of(trim(whole))
        fix = "separately for <cohorts, e.g. new vs tenured, churn-risk, power users>, starting with the ones that drive churn"
        doc = span.doc
        replacement = (doc[span.start:prep_span.start].text_with_ws + fix + doc[prep_span.end - 1].whitespace_
                       + _rest(doc, prep_span.end, span.end))
        hit_span = trim(whole)
        if len(hit_span) > 14:
            hit_span = prep_span
        problem = f'designs for one imagined "{target}" instead of the cohorts that behave differently.'
        yield Hit(hit_span, {"what": _cap(what), "target": target, "problem": problem},
                  replacement=re.sub(r"\s+([.,;!?])", r"\1", replacement.strip()),
                  target=span)
        return
    hit_span = uniforms[0][0]
    hit_span = trim(hit_span)
    thing = _thing(uniforms[0][1])
    what = text_of(hit_span)
    replacement = (
        f"Instead of {('one ' + thing) if thing else 'one version'} for everyone, segment first "
        f"(<new vs tenured / churn-risk / power users>) and set {'it' if not thing else 'the ' + thing} per cohort, "
        f"optimizing for the cohorts that drive churn."
    )
    problem = "applies one version to everyone alike, with no cohort or segment reasoning."
    yield Hit(hit_span, {"what": _cap(what), "target": "average user", "problem": problem},
              replacement=replacement, target=span)


APPOSITIVE = {"who", "someone", "somebody", "like", "a", "an", "the", "which", "about", "roughly", "i.e.", "e.g.",
              "say", "typically", "usually", "mostly", "whose", "mid", "aged", "around"}


def _rest(doc, start: int, end: int) -> str:
    """What follows the persona, minus its description (", someone listing five items", "in mind")."""
    i = start
    if i + 1 < end and doc[i].lower_ == "in" and doc[i + 1].lower_ == "mind":
        i += 2
    if i + 1 < end and doc[i].text == "," and doc[i + 1].lower_ in APPOSITIVE:
        j = i + 1
        while j < end and doc[j].text not in {",", ";", ".", "!", "?", ")", "—"}:
            j += 1
        i = j
    return doc[i:end].text


def _thing(u: Span) -> str:
    """The noun the uniform word governs ("same PRICE", "one THRESHOLD", "single REMINDER schedule")."""
    doc = u.doc
    if len(u) > 1 or u.end >= u.sent.end:
        return ""
    end = u.end
    while end < u.sent.end and end - u.end < 3 and doc[end].is_alpha and doc[end].norm_ not in NOUN_STOP | {
            "everyone", "everybody", "all", "every"}:
        end += 1
    return doc[u.end:end].text


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
