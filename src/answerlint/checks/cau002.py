"""CAU002 significance-without-magnitude: a result stated only as "significant" / a p-value."""
from __future__ import annotations

import re

from . import Hit, check, clear
from ._shared import columns, in_quotes, text_of, trim

# "significant" right after one of these is a verdict ("was significant", "came back significant").
PREDICATE_BEFORE = {"be", "come", "back", "also", "both", "not", "all", "and", ",", "-", ":", "–", "—", "too",
                    "statistically", "highly", "very", "still", "remain", "prove", "turn", "look", "found", "find",
                    "show", "borderline", "marginally", "barely", "clearly", "strongly", "stay", "seem"}
# "significant" followed by one of these is a verdict ("significant at 95%", "significant, p = .03").
PREDICATE_AFTER = {",", ".", ";", ":", "at", "(", "with", "in", "versus", "vs", "vs.", "against", "too", "for",
                   "compare", "relative", "when", "after", "between", "across", "!", "-", "–", "—", "and", "so",
                   "but", "which", "btw", "either", "as", "here", "there", "by", "our", "on", "over", "from", "to"}
# A modal before "significantly" makes it a forecast ("could significantly change"), not a result.
FORECAST = {"will", "would", "could", "can", "might", "may", "should", "to", "'ll", "must", "likely", "probably"}
# After "significantly": comparison or movement words that make it a reported result.
MOVED = {"high", "higher", "low", "lower", "more", "much", "less", "fewer", "well", "better", "bad", "worse",
         "up", "down", "different", "differ", "increase", "decrease", "improve", "reduce", "cut", "drop", "rise",
         "rose", "fall", "fell", "lift", "boost", "raise", "shorter", "longer", "faster", "slower", "large",
         "larger", "small", "smaller", "great", "greater", "outperform", "beat", "change", "affect", "move",
         "shift", "hurt", "help", "above", "below", "ahead", "behind", "positive", "negative", "elevated",
         "decline", "grow", "grew", "shrink", "shrank", "lift", "lag", "trail", "exceed", "underperform"}
# Inflected verbs before "significantly" that report a movement ("retention improved significantly").
MOVED_VERBS = {"improved", "increased", "decreased", "dropped", "rose", "fell", "differed", "differ", "differs",
               "changed", "moved", "declined", "grew", "shrank", "reduced", "lifted", "jumped", "climbed",
               "improve", "improves", "increase", "increases", "drop", "drops", "rise", "rises", "falls",
               "outperformed", "underperformed", "beat", "boosted", "lowered", "raised", "shifted", "went",
               "came", "cut", "slowed", "sped", "lagged", "trailed"}
TIME_UNITS = {"day", "days", "week", "weeks", "wk", "wks", "month", "months", "year", "years", "yr", "yrs",
              "quarter", "quarters", "hour", "hours", "minute", "minutes", "session", "sessions", "time", "times"}
NUMBER = re.compile(r"^[+\-−±~]?\$?(?:[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)(%|pp|pts?|bps|x|k|m|mm|bn|b)?$", re.IGNORECASE)
RANGE = re.compile(r"^[+\-−]?[0-9.]+%?[–\-][0-9.]+%?$")
LEVEL_WORDS = {"level", "confidence", "significance", "threshold", "cutoff", "cut-off", "alpha", "ci", "interval",
               "power"}
SIG_WORDS = {"significant", "significantly", "significance", "sig", "sig.", "statsig", "p", "p-value", "pvalue"}
EFFECT_AFTER = {"%", "percent", "points", "point", "pts", "pt", "pp", "bps", "x", "k", "million", "m", "billion",
                "bn", "thousand", "dollars", "usd", "per", "extra", "more", "fewer", "less", "additional",
                "incremental", "lower", "higher", "faster", "slower"}
METHOD_WORDS = {"t-test", "t", "z-test", "test", "chi-square", "chi-squared", "significance"}

def _is_year(tok) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d", tok.text))


def _p_tokens(sent) -> set[int]:
    """Token indices belonging to p-values and significance levels ("p = 0.03", "at the 99% level")."""
    cols = columns(sent.doc)
    text, lower, norm = cols.text, cols.lower, cols.norm
    start, end = sent.start, sent.end
    out: set[int] = set()
    for i in range(start, end):
        low = lower[i]
        if re.match(r"^p[=<>≤≥]+[0-9.]+$", low):
            out.add(i)
            continue
        if re.match(r"^p[=<>≤≥]", low) or low in {"p", "p-value", "pvalue"} or (
                low == "value" and i > start and lower[i - 1] in {"p", "-"}):
            # Everything up to the first number after "p".
            for j in range(i, min(i + 6, end)):
                out.add(j)
                if NUMBER.match(text[j]) and j > i:
                    if j + 1 < end and text[j + 1] == "%":
                        out.add(j + 1)
                    break
        if low in {"at", "in", "the", "a", "usual", "standard"} or low in SIG_WORDS:
            # "at the 95% level", "at 99%", "at .05", "significant at 95% confidence", "in 95% level"
            j = i + 1
            while j < end and lower[j] in {"the", "a", "usual", "standard", "conventional"}:
                j += 1
            if j < end and NUMBER.match(text[j]):
                stop = j + 1
                if stop < end and text[stop] == "%":
                    stop += 1
                nxt = lower[stop] if stop < end else ""
                near_sig = any(lower[m] in SIG_WORDS or norm[m] in {"significant", "significantly"}
                               for m in range(max(start, i - 4), i + 1))
                if nxt in LEVEL_WORDS or near_sig:
                    out.update(range(i, stop + (1 if nxt in LEVEL_WORDS else 0)))
    for i in range(start, end):
        # "95% level", "5% significance level" without "at"
        if NUMBER.match(text[i]) and i + 2 < end and text[i + 1] == "%" and \
                lower[i + 2] in LEVEL_WORDS - {"ci", "interval"}:
            out.update({i, i + 1})
        if re.fullmatch(r"[0-9.]+%?", text[i]) and i + 1 < end and lower[i + 1] in {
                "level", "confidence", "significance", "threshold"}:
            out.add(i)
    return out


def _has_magnitude(ctx, sentence, around: tuple[int, int] | None = None, own: bool = True) -> int:
    """0, or 1 for a bare number, 2 for an explicit change ("by 3 points"), 3 for an interval or a value. An interval, effect size or business value in the sentence (near `around` in a run-on sentence)."""
    sent = sentence.span
    lo, hi = sent.start, sent.end
    if around is not None and len(sent) > 45:
        lo, hi = max(sent.start, around[0] - 20), min(sent.end, around[1] + 15)

    def near(spans):
        return any(lo <= s.start < hi for s in spans)

    if near(ctx.cues("magnitude", sentence=sentence)):
        return 3
    if own and (near(ctx.cues("critique", sentence=sentence)) or near(ctx.cues("design", sentence=sentence))):
        return 2
    best = 0
    doc = sent.doc
    skip = _p_tokens(sent)
    for t in doc[lo:hi]:
        if t.i in skip:
            continue
        text = t.text
        prev = doc[t.i - 1].lower_ if t.i > sent.start else ""
        if text in {"$", "€", "£", "¥"} or text.startswith(("$", "€", "£")):
            # a price ("the $4.99 arm", "at $5 per thread") is not a size; "worth $2M", "+$1.80" is
            k = t.i + 1 if text in {"$", "€", "£", "¥"} else t.i
            after = doc[k + 1].lower_ if k + 1 < sent.end else ""
            if prev in {"at", "the", "a", "an", "of", "for", "with", "to", "than"} or after in PRICE_NOUNS:
                skip.add(k)
                continue
            return 3
        if t.lower_ == "worth" and t.i + 1 < sent.end and (
                doc[t.i + 1].lower_ in {"about", "roughly", "around", "approximately", "~", "some", "over", "nearly",
                                        "almost", "up", "$", "€", "£"} or NUMBER.match(doc[t.i + 1].text)):
            return 3
        if RANGE.match(text) and not _is_year(t):
            return 2
        if not NUMBER.match(text) or _is_year(t):
            continue
        k = t.i + 2 if t.i + 1 < sent.end and doc[t.i + 1].text == "%" else t.i + 1
        if k < sent.end and (doc[k].lower_ in ALLOCATION or (
                doc[k].lower_ == "of" and k + 1 < sent.end and doc[k + 1].lower_ in ALLOCATION)):
            continue  # "a 10% holdout", "5% of traffic": how the test was split, not what it found
        explicit = prev in {"by", "from", "+", "-", "vs", "versus", "against"} or text[0] in "+-−±" or (
            prev == "to" and any(doc[j].lower_ == "from" for j in range(max(sent.start, t.i - 6), t.i)))
        if re.search(r"(%|pp|pts?|bps|x|k|m|bn)$", text, re.IGNORECASE) or text[0] in "+-−±":
            best = max(best, 2 if explicit else 1)
            continue
        nxt = doc[t.i + 1].lower_ if t.i + 1 < sent.end else ""
        if nxt in {"pm", "am", "p.m.", "a.m.", "o'clock"} or re.fullmatch(r"[0-9]+(am|pm)", t.lower_):
            continue  # a time of day
        if t.i > sent.start and doc[t.i - 1].norm_ == "be" and not any(
                doc[j].lower_ in COMPARE for j in range(t.i + 1, min(sent.end, t.i + 5))):
            continue  # "uptake was 9% in treatment": a level, not a change
        nxt2 = doc[t.i + 2].lower_ if t.i + 2 < sent.end else ""
        if nxt in TIME_UNITS and prev not in {"by", "+", "-", "saved", "save", "cut", "of", "to", "from"} and \
                nxt2 not in {"faster", "slower", "sooner", "earlier", "later", "fewer", "more", "less", "shorter",
                             "longer", "per", "a", "of"}:
            continue  # "after two weeks", "4 weeks", not a size
        if nxt in EFFECT_AFTER or prev in {"by", "from", "to", "+", "-", "of", "vs", "versus", "against", "about",
                                           "roughly", "around", "approximately", "~"}:
            best = max(best, 2 if explicit or nxt in {"points", "point", "pts", "pp", "bps", "million", "m",
                                                      "billion", "bn", "extra", "additional", "incremental"} else 1)
            continue
        if nxt.isalpha() and nxt not in {"level", "confidence", "significance", "and", "or", "in", "at", "the",
                                          "a", "schools", "cities", "markets", "regions", "arms", "groups",
                                          "variants", "countries", "states", "stores", "sites"} and prev not in {
                "in", "on", "day", "week", "month", "the", "last", "first", "top", "bottom", "over", "for",
                "past", "next", "within", "of", "q"}:
            # "9,000 extra rides", "40k fewer failed commands", "12 more hires"
            best = max(best, 1)
    return best


ALLOCATION = {"holdout", "hold-out", "holdback", "hold-back", "sample", "split", "rollout", "roll-out", "ramp",
              "allocation", "traffic", "exposure", "canary"}
PRICE_NOUNS = {"arm", "plan", "tier", "price", "bonus", "fee", "threshold", "coupon", "credit", "option", "per",
               "variant", "offer", "discount", "cap", "minimum", "subscription", "group", "version", "level"}
COMPARE = {"vs", "vs.", "versus", "against", "compared", "than", "higher", "lower", "more", "less", "up", "down",
           "point", "points", "pp", "pts", "to", "from", "fewer"}
ANAPHORA = {"that", "this", "it", "which", "these", "those", "the", "in", "roughly", "about", "concretely",
            "specifically", "overall", "net", "so", "effect", "lift", "difference", "increase", "drop", "gain"}


def _next_sizes_it(ctx, sent, nxt) -> bool:
    """The next sentence gives the size of this result (an interval or value, or numbers about the same thing)."""
    level = _has_magnitude(ctx, nxt, own=False)
    if level == 3 or (level == 2 and not ctx.cues("metric", sentence=sent)):
        return True
    if not level:
        return False
    first = next((t for t in nxt.span if t.is_alpha), None)
    if first is not None and first.norm_ in ANAPHORA and first.norm_ != "the":
        return True
    mine = {t.norm_ for s in ctx.cues("metric", sentence=sent) for t in s}
    theirs = {t.norm_ for s in ctx.cues("metric", sentence=nxt) for t in s}
    return bool(mine & theirs)


def _verdict(ctx, cue) -> bool:
    """Whether a significance cue is a statistical verdict (not "a significant share of users")."""
    doc = cue.doc
    sent = ctx.sentence.span
    first, last = cue[0], cue[-1]
    words = {t.lower_ for t in cue}
    if in_quotes(cue):
        return False
    if last.lower_ == "significant" and len(cue) == 1:
        prev = doc[first.i - 1] if first.i > sent.start else None
        nxt = doc[last.i + 1] if last.i + 1 < sent.end else None
        if nxt is not None and nxt.is_alpha and nxt.lower_ not in PREDICATE_AFTER:
            # attributive: "a significant drop" is a result, "a significant share" is not
            noun = ctx.cues("quantity")
            if any(n.start == nxt.i for n in noun) and not (prev is not None and prev.lower_ == "statistically"):
                return False
            results = ctx.cues("result_noun")
            if any(r.start in (nxt.i, nxt.i + 1) for r in results):
                return True
            return _test_context(ctx)
        if prev is not None and (prev.norm_ in PREDICATE_BEFORE or prev.is_punct):
            return True
        return nxt is None or nxt.lower_ in PREDICATE_AFTER or not nxt.is_alpha
    if last.lower_ == "significantly" and len(cue) == 1:
        lo = max(sent.start, first.i - 2)
        if any(doc[j].norm_ in FORECAST or doc[j].lower_ in FORECAST for j in range(lo, first.i)):
            return False
        after = [doc[j] for j in range(first.i + 1, min(sent.end, first.i + 3))]
        before = [doc[j] for j in range(max(sent.start, first.i - 4), first.i)]
        return any(t.norm_ in MOVED or t.lower_ in MOVED for t in after) or any(
            t.lower_ in MOVED_VERBS for t in before) or _test_context(ctx)
    if words == {"significance"}:
        prev = doc[first.i - 1].lower_ if first.i > sent.start else ""
        return prev in {"statistical", "with", "reached", "reach", "hit", "cleared", "clear", "achieved"}
    return True


def _test_context(ctx) -> bool:
    """Does the sentence read like a test readout (arms, a p-value, a pilot)?"""
    words = {t.norm_ for t in ctx.sentence.span}
    return bool(words & {"p", "p-value", "test", "pilot", "arm", "arms", "treatment", "control", "holdout",
                         "experiment", "beta", "variant", "a/b", "statistically", "t-test", "readout", "trial"})


def _span(ctx, cues):
    """The verdict plus a p-value / level right after it, and "statistically" right before it."""
    doc = ctx.sentence.span.doc
    sent = ctx.sentence.span
    start, end = cues[0].start, cues[0].end
    for c in cues[1:]:
        if c.start - end <= 3:
            end = max(end, c.end)
    while start > sent.start and doc[start - 1].lower_ in {"statistically", "stat", "stat."}:
        start -= 1
    # "significantly higher": take the comparison word.
    if doc[end - 1].lower_ == "significantly" and end < sent.end and (
            doc[end].norm_ in MOVED or doc[end].lower_ in MOVED):
        end += 1
    skip = _p_tokens(sent)
    # Extend over a directly following p-value or level ("significant at the 99% level", ", p = 0.03").
    j = end
    while j < sent.end and (j in skip or doc[j].text in {",", "(", ")", "with", "at"} and j + 1 in skip):
        j += 1
    if j > end:
        end = j
        if end < sent.end and doc[end].text == ")" and any(doc[k].text == "(" for k in range(start, end)):
            end += 1
    while end > start and doc[end - 1].text in {",", "(", "with", "at"}:
        end -= 1
    if doc[end - 1].text == ")" and not any(doc[k].text == "(" for k in range(start, end - 1)):
        end -= 1
    return doc[start:end]


MODIFIERS = {"paid", "weekly", "daily", "monthly", "annual", "yearly", "repeat", "average", "mean", "median",
             "first", "net", "gross", "organic", "total", "new", "early", "late", "trial", "user", "member",
             "customer", "seller", "buyer", "host", "guest", "rider", "driver", "player", "listener", "viewer",
             "mobile", "desktop", "email", "push", "app", "checkout", "cart", "search", "home", "feed", "order",
             "ride", "trip", "booking", "session", "subscriber", "subscription", "course", "lesson", "quiz",
             "profile", "page", "day", "week", "month"}


def _metric(ctx, before: int) -> str:
    spans = sorted(ctx.cues("metric"), key=lambda s: s.start)
    if not spans:
        return ""
    # Merge adjacent metric words ("session completion").
    groups = []
    for s in spans:
        if groups and s.start <= groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], s.end)
        else:
            groups.append([s.start, s.end])
    groups.sort(key=lambda g: (g[0] >= before, g[0] - g[1], g[0]))
    start, end = groups[0]
    doc = ctx.sentence.span.doc
    sent = ctx.sentence.span
    # Take in modifiers written before the metric ("day-14 retention", "paid conversion").
    steps = 0
    while start > sent.start and steps < 4:
        prev = doc[start - 1]
        if prev.text == "-" or any(c.isdigit() for c in prev.text) and prev.is_alpha is False and "-" not in prev.text \
                and len(prev.text) <= 3 or prev.lower_ in MODIFIERS or (
                start - 2 >= sent.start and doc[start - 2].text == "-" and prev.is_alpha):
            start -= 1
            steps += 1
        else:
            break
    while start < end and (doc[start].text == "-" or doc[start].is_punct):
        start += 1
    return text_of(trim(doc[start:end]))


def _bare_test_name(cue) -> bool:
    """"translate a p-value into ..." names the statistic; a result needs its value next to it."""
    if cue.text.lower().replace(" ", "-") not in {"p-value", "p-val", "pvalue"}:
        return False
    doc = cue.doc
    after = doc[cue.end:min(cue.sent.end, cue.end + 4)]
    return not any(any(ch.isdigit() for ch in t.text) for t in after)


@check("cau002")
def significance_without_magnitude(ctx):
    sent = ctx.sentence
    cues = [c for c in sorted(ctx.cues("significance"), key=lambda s: s.start)
            if _verdict(ctx, c) and not _bare_test_name(c)]
    if not cues:
        return
    if _has_magnitude(ctx, sent, around=(cues[0].start, cues[-1].end)):
        return
    nxt = ctx.neighbour(1)
    if nxt is not None and _next_sizes_it(ctx, sent, nxt):
        return
    verdicts = [c for c in cues if not any(t.lower_ in METHOD_WORDS for t in c)]
    span = _span(ctx, verdicts or cues)
    metric = _metric(ctx, span.start)
    yield Hit(span, {"metric": metric})


@clear("cau002")
def magnitude_given(ctx) -> bool:
    """An effect size, interval or business value in the sentence or the next one: what makes a
    significance claim clean (the same test the check applies)."""
    sent = ctx.sentence
    cues = sorted(ctx.cues("significance"), key=lambda c: c.start)
    if _has_magnitude(ctx, sent, around=(cues[0].start, cues[-1].end) if cues else None):
        return True
    nxt = ctx.neighbour(1)
    return nxt is not None and _next_sizes_it(ctx, sent, nxt)
