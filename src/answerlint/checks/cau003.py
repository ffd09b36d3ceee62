"""CAU003 ignored-interference: individual-level randomization where treatment spills over."""
from __future__ import annotations

from . import Hit, check, clear, gate
from ._shared import columns, text_of, trim

NEGATORS = {"not", "never", "no", "without", "instead", "rather", "avoid", "against"}
INTERACT = {"change", "affect", "touch", "influence", "see", "reach", "interact", "spill", "leak", "share", "alter",
            "impact", "move", "hurt", "help"}
OTHERS = {"anyone", "another", "other", "others", "else", "each", "everyone", "anybody", "someone"}
GROUP_MARKERS = {"by", "per", "across", "whole", "entire"}
# Marketplace sides whose members compete for one shared pool: randomizing them one by one leaks.
COMPETING_SIDES = {
    "rider": "the same drivers", "passenger": "the same drivers", "driver": "the same riders",
    "courier": "the same orders", "dasher": "the same orders", "seller": "the same buyers",
    "supplier": "the same buyers",
    "host": "the same guests", "candidate": "the same jobs", "seeker": "the same jobs",
    "applicant": "the same jobs", "recruiter": "the same candidates", "employer": "the same candidates",
    "advertiser": "the same auctions", "bidder": "the same auctions", "freelancer": "the same clients",
    "tasker": "the same jobs", "clinician": "the same patients", "provider": "the same patients",
    "borrower": "the same lenders' money", "lender": "the same loans",
}
MARKETS = ("retail", "stays", "rides", "food", "media", "work", "hiring", "lending", "rental", "ads")
HOME_OBJECTS = {"account", "login", "tv", "television", "device", "speaker", "bulb", "light", "lock", "thermostat",
                "car", "card", "subscription", "house", "apartment", "router", "wifi", "receiver", "console", "tablet",
                "screen", "profile", "password", "shared", "is", "are"}
TIME_GROUPS = {"week", "day", "hour", "window", "time", "day-part", "daypart", "minute", "month"}
REASON = {"because", "since", "given", "otherwise"}
REASONS = {
    "household": "people in one home share an account or screen, so treatment reaches control",
    "social": "people who interact carry the treatment across arms",
    "market": "treated and control units draw on the same supply and buyers",
}
CLUSTERS = {
    "household": "household (every profile on one account in the same arm)",
    "social": "friend cluster or group (people who interact land in the same arm)",
    "market": "market, or market and time block in a switchback",
}


def _answer(ctx):
    return ctx.analysis.answer_sentences(ctx.analysis.answers[ctx.sentence.answer])


def _says_independent(sentences) -> bool:
    """"one person's reminder doesn't change anyone else's bills": the writer ruled interference out."""
    for s in sentences:
        norms = columns(s.span.doc).norm[s.span.start:s.span.end]
        if NEGATORS.isdisjoint(norms):
            continue
        for k, norm in enumerate(norms):
            if norm not in NEGATORS:
                continue
            verbs = [j for j in range(k + 1, min(len(norms), k + 5)) if norms[j] in INTERACT]
            if verbs and any(norms[j] in OTHERS for j in range(verbs[0] + 1, min(len(norms), verbs[0] + 6))):
                return True
    return False


def _context(ctx, sentences):
    """The spillover context named in the answer, nearest the randomization sentence first: (kind, text)."""
    here = ctx.sentence.index
    found = []
    for s in sentences:
        dist = abs(s.index - here)
        for kind in ("household", "social", "market"):
            for span in ctx.cues(f"context_{kind}", sentence=s):
                found.append((dist, kind, text_of(span)))
        for span in ctx.cues("shared_object", sentence=s):
            kind = "household" if span[-1].norm_ in HOME_OBJECTS else "market"
            found.append((dist, kind, text_of(span)))
    for m in MARKETS:
        sup = [(abs(s.index - here), text_of(x)) for s in sentences for x in ctx.cues(f"supply_{m}", sentence=s)]
        dem = [(abs(s.index - here), text_of(x)) for s in sentences for x in ctx.cues(f"demand_{m}", sentence=s)]
        if sup and dem:
            d1, a = min(sup)
            d2, b = min(dem)
            found.append((max(d1, d2) + 0.5, "market", f"{_plural(a)} and {_plural(b)} on the same platform"))
    if not found:
        return None
    found.sort(key=lambda f: (f[0], ("household", "social", "market").index(f[1]), -len(f[2])))
    return found[0][1], found[0][2]


def _plural(word: str) -> str:
    w = word.lower()
    return w if w.endswith("s") else w + "s"


def _group_design(ctx, sent) -> bool:
    """The sentence randomizes a group ("by city", "at the team level", "whole stores", "2,000 groups")."""
    doc = sent.span.doc
    rands = ctx.cues("randomize", sentence=sent)
    if not rands:
        return False
    for g in ctx.cues("group_unit", sentence=sent):
        if any(doc[j].norm_ in {"by", "per"} for j in range(max(sent.span.start, g.start - 3), g.start)) and \
                not any(doc[j].is_punct for j in range(max(sent.span.start, g.start - 3), g.start)):
            return True
        if g.start > sent.span.start and doc[g.start - 1].like_num and g[0].norm_ not in TIME_GROUPS and \
                any(0 <= g.start - r.end <= 3 for r in rands):
            return True  # "randomize 2,000 groups"
        before = doc[g.start - 1].norm_ if g.start > sent.span.start else ""
        before2 = doc[g.start - 2].norm_ if g.start - 1 > sent.span.start else ""
        after = doc[g.end].norm_ if g.end < sent.span.end else ""
        after2 = doc[g.end + 1].norm_ if g.end + 1 < sent.span.end else ""
        if before in GROUP_MARKERS or (before == "the" and before2 in {"at", "by", "per"}) or \
                after in {"level", "-level"} or (after == "-" and after2 == "level"):
            return True
        if before in {"randomize", "randomise"} or before2 in {"randomize", "randomise"} and before in {"the", "whole"}:
            return True
    return False


def _span(ctx, rand, unit):
    doc = rand.doc
    sent = ctx.sentence.span
    # "individual riders", "profile level": take the whole unit phrase.
    u_end = unit.end
    others = ctx.cues("unit")
    while True:
        nxt = [u for u in others if u_end <= u.start <= u_end + 1 and u.end > u_end]
        if nxt:
            u_end = max(u.end for u in nxt)
            continue
        if u_end < sent.end and doc[u_end].lower_ in {"level", "-level"}:
            u_end += 1
            continue
        if u_end + 1 < sent.end and doc[u_end].text == "-" and doc[u_end + 1].lower_ == "level":
            u_end += 2
            continue
        break
    start, end = min(rand.start, unit.start), max(rand.end, u_end)
    # Take in "individually" / "one by one" right after.
    while end < sent.end and doc[end].lower_ in {"individually", "one", "by", "at", "random", "randomly"} and \
            end - max(rand.end, unit.end) < 3:
        end += 1
    span = trim(doc[start:end], {"by", "at", "one"} if doc[end - 1].lower_ in {"by", "at"} else set())
    return span


def _governs(doc, rand, unit) -> bool:
    """The unit is what gets randomized: after the cue ("randomize individual listeners") or its
    subject right before it ("Readers were randomized", "each user flips a coin")."""
    if unit.start < rand.end and rand.start < unit.end:
        return True
    if unit.start >= rand.end:
        gap = [t for t in doc[rand.end:unit.start]]
        return len(gap) <= 12 and not any(t.text in {";", ".", ":"} or t.norm_ in REASON for t in gap)
    gap = [t for t in doc[unit.end:rand.start]]
    return len(gap) <= 3 and all(t.norm_ in {"be", "get", "individually", "each", "then", "also", "all", "randomly",
                                             "just", "choose", "chosen", "pick", "picked", "select", "selected",
                                             "assign", "assigned", "split", "place", "placed", "put", "bucket",
                                             "bucketed", "draw", "drawn"} for t in gap)


def _reasons_about_it(ctx, rand) -> bool:
    """"randomize at the account level, because on shared plans ...": the writer weighed the sharing."""
    sent = ctx.sentence.span
    reasons = [t.i for t in sent if t.norm_ in REASON and t.i > rand.start]
    if not reasons:
        return False
    spans = [s for kind in ("context_household", "context_social", "context_market", "shared_object")
             for s in ctx.cues(kind)]
    return any(s.start > reasons[0] for s in spans)


@check("cau003")
def ignored_interference(ctx):
    sent = ctx.sentence
    doc = sent.span.doc
    if ctx.cues("not_arms"):
        return
    rands = sorted(ctx.cues("randomize"), key=lambda s: s.start)
    units = sorted(ctx.cues("unit"), key=lambda s: s.start)
    if not rands or not units:
        return
    # "I wouldn't randomize individual players", "rather than randomizing users"
    rands = [r for r in rands if not any(doc[j].norm_ in NEGATORS | {"rather"}
                                         for j in range(max(sent.span.start, r.start - 3), r.start))]
    if not rands:
        return
    pairs = [(abs(u.start - r.start), r, u) for r in rands for u in units if _governs(doc, r, u)]
    if not pairs:
        return
    _, rand, unit = min(pairs, key=lambda p: (p[0], p[1].start))
    if _reasons_about_it(ctx, rand):
        return
    groups = [g for g in ctx.cues("group_unit") if rand.end <= g.start < unit.start]
    if groups:
        return  # "randomize 40 cities' riders": the group is the unit
    answer = _answer(ctx)
    if _handled(ctx, answer):
        return
    span = _span(ctx, rand, unit)
    named = [t for u in ctx.cues("unit") if span.start <= u.start < span.end for t in u
             if t.is_alpha and t.norm_ not in {"individually", "individual", "level", "each", "per", "one", "by",
                                                "time", "at", "a", "person", "people"}]
    unit_word = named[-1].norm_ if named else "user"
    found = _context(ctx, answer)
    if found is None and unit_word in COMPETING_SIDES:
        # The unit is one side of a marketplace: treated and control riders wait for the same drivers.
        found = "market", f"{_plural(unit_word)} competing for {COMPETING_SIDES[unit_word]}"
    if found is None:
        return
    kind, context = found
    if kind == "household" and unit_word in {"household", "home", "family"}:
        return  # randomizing homes is the household design
    fields = {"context": context, "cluster": CLUSTERS[kind], "unit": unit_word, "reason": REASONS[kind]}
    yield Hit(span, fields)


@clear("cau003")
def interference_handled(ctx) -> bool:
    """The answer deals with spillover (names it, designs around it, or argues units are independent)."""
    return _handled(ctx, _answer(ctx))


def _handled(ctx, answer) -> bool:
    """Whether the answer (that of ctx.sentence) deals with spillover; worked out once per answer."""
    key = ("cau003.handled", ctx.rule.code, ctx.sentence.answer)
    memo = ctx.analysis.memo
    found = memo.get(key)
    if found is None:
        found = memo[key] = any(
            ctx.has("addressed", sentence=s) or ctx.has("independent", sentence=s) or _group_design(ctx, s)
            for s in answer) or _says_independent(answer)
    return found


@gate("cau003")
def spillover_context(ctx) -> bool:
    """The answer sets up spillover and never deals with it: the part of CAU003 no wording can stand in for."""
    if interference_handled(ctx):
        return False
    return _context(ctx, _answer(ctx)) is not None
