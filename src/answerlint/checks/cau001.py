"""CAU001 causal-from-correlation: an observed association used as if it were a cause."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from . import Hit, check
from ._shared import clause_after, columns, in_quotes, lower_first, negated, text_of, trim

HEDGES = {"may", "might", "could", "possibly", "perhaps", "maybe", "not", "whether", "if"}
MODALS = {"should", "must", "would", "need", "will", "ought", "have", "can", "let", "to", "'s"}


NOT_POPULATION = {"those", "this", "that", "it", "one", "the", "and", "but", "so", "say", "said", "show", "shows", "find",
                  "found", "saw", "see", "notice", "noticed", "know", "think", "case", "way", "time", "point", "place",
                  "fact", "data", "number", "something", "anything", "everything", "model", "test", "experiment",
                  "analysis", "result", "results", "chart", "dashboard", "cohort", "segment", "feature", "only", "even"}
STRONG_LINKS = {"have", "be", "show", "get", "see", "tend", "report", "generate", "earn", "bring", "make"}


@dataclass
class Evidence:
    start: int  # token index where the observed relation's predicate starts
    end: int  # token index one past the evidence
    subject: int  # token index where the observed subject ("heavy podcast listeners") starts
    outcome: str  # the outcome as written ("higher retention", "churn less")
    population: str


def _cue_starts(ctx, cue: str, sent=None) -> list[Span]:
    return sorted(ctx.cues(cue, "sentence", sentence=sent), key=lambda s: s.start)


def _predicate(doc, links: set[int], comparatives: set[int], lo: int, hi: int) -> int | None:
    """The verb of the observed relation: a link verb right before a comparative ("HAVE higher")."""
    found = [k for k in range(lo, hi) if k in links and (k + 1 in comparatives or k + 2 in comparatives)]
    if not found:
        return None
    ranked = sorted(found, key=lambda k: (k + 1 not in comparatives, doc[k].norm_ not in STRONG_LINKS, k))
    return ranked[0]


def _outcome(doc, k: int, sent: Span, connectives=()) -> Span:
    start = k + 1 if doc[k].norm_ in STRONG_LINKS else k
    out = clause_after(start, sent, limit=8)
    stops = [c.start for c in connectives if start < c.start < out.end]
    if stops:
        out = doc[start:min(stops)]
    return trim(out)


def _evidence(ctx) -> Evidence | None:
    sent = ctx.sentence.span
    doc = sent.doc
    comparatives = {s.start for s in ctx.cues("comparative")}
    links = {s.start for s in ctx.cues("link_verb")}
    rels = {s.start for s in ctx.cues("relative")}
    conditional = [s.start for s in ctx.cues("hypothetical")]

    def stop_at(lo: int) -> int:
        hi = lo
        while hi < sent.end and hi - lo < 18 and doc[hi].text not in (".", ";", "?", "!"):
            hi += 1
        return hi

    populations = {(p.start, p.end): p for p in _cue_starts(ctx, "population")}
    # Whoever a relative clause describes is a population too ("Holders who ...", "Counties where ...",
    # "Sites with photos ..."), whatever the noun.
    cols = columns(doc)
    text, norm, alpha = cols.text, cols.norm, cols.alpha
    for i in range(sent.start, sent.end - 1):
        if (i + 1 in rels or norm[i + 1] in {"where", "with"}) and alpha[i] and len(text[i]) > 2 \
                and norm[i] not in NOT_POPULATION:
            populations.setdefault((i, i + 1), doc[i:i + 1])
    for pop in sorted(populations.values(), key=lambda sp: sp.start):
        if any(c < pop.start for c in conditional):
            return None
        if pop.start > sent.start and doc[pop.start - 1].norm_ in {"per", "each", "every", "a"}:
            continue  # "sessions per user" is a rate, not a group being compared
        p_end = pop.end
        subject = _np_start(doc, pop.start, sent.start)
        if p_end in rels or (p_end < sent.end and doc[p_end].norm_ in {"with", "where"}):
            # "users who watch more documentaries HAVE higher retention", "users with more friends RETAIN better"
            k = _predicate(doc, links, comparatives, p_end + 2, stop_at(p_end))
        else:
            # "heavy podcast listeners CHURN less", "metal-card customers also SPEND 60% more"
            k = p_end
            while k < sent.end and doc[k].norm_ in {"also", "already", "typically", "usually", "generally",
                                                      "actually", "really", "all", "often", "still"}:
                k += 1
            k = k if k in links and (k + 1 in comparatives or k + 2 in comparatives or k + 3 in comparatives) else None
            if k is not None and subject == pop.start:
                k = None
        if k is None:
            continue
        outcome = _outcome(doc, k, sent, ctx.cues("connective"))
        end = outcome.end if len(outcome) else k + 1
        return Evidence(k, end, subject, text_of(outcome), text_of(doc[subject:p_end]))
    for assoc in _cue_starts(ctx, "association"):
        if any(c < assoc.start for c in conditional) or negated(doc[assoc.start]):
            continue
        first = sent.start
        obs = [s for s in ctx.cues("observation") if s.end <= assoc.start]
        if obs:
            first = max(s.end for s in obs)
        subject = trim(doc[first:assoc.start], {"that", ","})
        outcome = trim(clause_after(assoc.end, sent, limit=10))
        if len(subject) == 0:
            continue
        start = subject.end
        while start > subject.start and doc[start - 1].norm_ in {"be", "strongly", "highly", "positively",
                                                                 "negatively", "closely", "heavily", "very"}:
            start -= 1
        return Evidence(start, outcome.end if len(outcome) else assoc.end, subject.start,
                        text_of(outcome), "")
    return _loose_evidence(ctx, comparatives, links)


def _loose_evidence(ctx, comparatives: set[int], links: set[int]) -> Evidence | None:
    """A comparison stated before a connective ("... convert ~20% better, so ..."), about some
    population or with numbers, when the stricter shapes above did not match."""
    sent = ctx.sentence.span
    doc = sent.doc
    connectives = [c for c in _cue_starts(ctx, "connective") if c.start > sent.start + 2]
    if not connectives:
        return None
    con = connectives[0]
    comps = sorted(k for k in comparatives | {s.start for s in ctx.cues("outcome_phrase")} if k < con.start)
    if not comps:
        return None
    anchors = [s for name in ("population", "observation", "association", "relative") for s in ctx.cues(name)
               if s.start < comps[0] and not (s.start > sent.start and doc[s.start - 1].norm_ in {"per", "each"})]
    cols = columns(doc)
    anchors += [doc[i] for i in range(sent.start, comps[0]) if cols.norm[i] in {"where", "with", "without"}]
    first = next((i for i in range(sent.start, comps[0]) if cols.alpha[i]), None)
    if first is not None and first + 1 < comps[0] and cols.lower[first].endswith("s") and \
            cols.lower[first + 1].endswith("ing") and cols.alpha[first + 1]:
        anchors.append(doc[first])  # "Suppliers accepting virtual cards get paid 9 days faster, ..."
    if not anchors:
        return None
    k = comps[0]
    start = k - 1 if k - 1 in links and k - 1 > sent.start else k
    obs = [s for s in ctx.cues("observation") if s.end <= start]
    subject = max((s.end for s in obs), default=sent.start)
    while subject < start and (doc[subject].is_punct or doc[subject].norm_ in {"that", "-", "also"}):
        subject += 1
    outcome = trim(doc[k:con.start])
    return Evidence(start, con.start, subject, text_of(outcome), "")


def _np_start(doc, i: int, floor: int) -> int:
    """Walk left over the adjectives/nouns that modify a population noun ("heavy podcast users")."""
    j = i
    while j - 1 >= floor and doc[j - 1].is_alpha and doc[j - 1].norm_ not in {
        "the", "a", "an", "that", "we", "saw", "see", "notice", "find", "show", "and", "but", "so", "of",
        "our", "these", "those", "who", "be", "have", "observe", "data", "look", "at", "in", "on", "for",
        "with", "i", "it", "turn", "out", "among", "than", "when", ",",
    } and j - i > -4:
        j -= 1
    return j


CAVEATS = {"but", "although", "though", "however", "yet", "whereas"}
NEGATIONS = {"not", "n't", "never", "little", "nothing", "hardly"}
GERUND_OBJECTS = {"everyone", "everybody", "every", "all", "more", "most", "the", "them", "people", "users",
                  "customers", "it", "this", "that", "those", "these", "new", "each", "our", "their", "a", "an",
                  "up", "out", "in", "on", "down", "toward", "towards", "into"}
# Words that may sit between a connective and the lever it pulls: "so (we'd just) push ...".
LEAD_INS = {"we", "i", "'d", "would", "will", "'ll", "should", "must", "just", "basically",
            "simply", "then", "also", "probably", "definitely", "really", "let", "'s", "us", "need", "to",
            "have", "gotta", "obviously", "clearly", "naturally", "now", "next", "step", ":", ",", "-", "the",
            "plan", "be", "my", "our", "recommendation", "move", "idea", "is"}


def _leap_in(ctx, sent, after: int) -> tuple[int, int, str] | None:
    """A leap to causation or intervention at or after token `after`: (start, end, action text)."""
    leap = _find_leap(ctx, sent, after)
    if leap is None:
        return None
    doc = sent.span.doc
    # "X, but they also skew older, so I wouldn't ..." is the writer catching the confounder.
    if any(doc[j].norm_ in CAVEATS for j in range(max(after, sent.span.start), leap[0])):
        return None
    # Negation words as written: the norm of "less" is "little", and "less careful" negates nothing.
    if any(doc[j].lower_ in NEGATIONS for j in range(leap[0], min(sent.span.end, leap[1] + 2))):
        return None
    return leap


def _find_leap(ctx, sent, after: int) -> tuple[int, int, str] | None:
    doc = sent.span.doc
    for cue in _cue_starts(ctx, "leap", sent):
        if cue.start < after:
            continue
        end = cue.end
        # Take in the verb after a modal ("so we should PROMOTE").
        acts = doc[end - 1].norm_ in MODALS
        if not acts and doc[end - 1].norm_ == "be" and end < sent.span.end and doc[end].norm_ == "to":
            acts, end = True, end + 1
        verb = cue.end
        if acts:
            while end < sent.span.end and doc[end].norm_ in {"just", "really", "definitely", "probably", "to"}:
                end += 1
            verb = end
            if end < sent.span.end and doc[end].is_alpha:
                end += 1
        rest = trim(clause_after(verb, sent.span, limit=14, stop={".", "!", "?", ";"}))
        return cue.start, end, ("do:" if acts else "claim:") + text_of(rest)
    causal = _cue_starts(ctx, "causal", sent)
    for con in _cue_starts(ctx, "connective", sent):
        if con.start < after:
            continue
        modal_hits = [m for m in _cue_starts(ctx, "intervention", sent)]
        for cue in sorted(causal + modal_hits, key=lambda c: c.start):
            if cue.start < con.start or cue.start - con.end > 15:
                continue
            between = doc[con.end:cue.start]
            if any(t.norm_ in HEDGES or t.text in (".", ";", "?") for t in between):
                break
            if any(doc[j].norm_ in HEDGES for j in range(max(sent.span.start, cue.start - 2), cue.start)):
                break
            rest = trim(doc[con.end:sent.span.end])
            return con.start, cue.end, "claim:" + text_of(rest)
    # A lever pulled right after the connective: "so nudge every kid toward ...", "so we made tailing
    # the default", "so switching everyone to X will fix it", "therefore put the card on the home screen".
    levers = {s.start: s for s in _cue_starts(ctx, "lever", sent)}
    for con in _cue_starts(ctx, "connective", sent):
        if con.start < after:
            continue
        j = con.end
        while j < sent.span.end and j - con.end < 6 and doc[j].lower_ in LEAD_INS and j not in levers:
            j += 1
        cue = levers.get(j)
        if cue is not None and doc[cue.start].lower_.endswith("ing") and (
                cue.end >= sent.span.end or doc[cue.end].lower_ not in GERUND_OBJECTS):
            cue = None  # "so shipping fees are ..." is a noun; "so nudging everyone ..." pulls a lever
        if cue is not None and not any(doc[k].norm_ in HEDGES for k in range(con.end, j)):
            rest = trim(clause_after(cue.start, sent.span, limit=14, stop={".", "!", "?", ";"}))
            return con.start, cue.end, "do:" + text_of(rest)
    # Paraphrased causal claims the lexicon misses: ask the claim-strength reader about what follows
    # the connective ("so the new flow clearly pays off" reads as direct causal).
    from ..claims import claim_strength

    for con in _cue_starts(ctx, "connective", sent):
        if con.start < after:
            continue
        rest = trim(doc[con.end:sent.span.end])
        if len(rest) >= 3 and not any(t.norm_ in HEDGES for t in rest[:4]) and claim_strength(rest.text) == "direct_causal":
            return con.start, min(rest.end, con.end + 6), "claim:" + text_of(rest)
    return None






@check("cau001")
def causal_from_correlation(ctx):
    sent = ctx.sentence
    ev = _evidence(ctx)
    if ev is None:
        return
    leap = _leap_in(ctx, sent, ev.end)
    leap_sentence = sent
    if leap is None:
        nxt = ctx.neighbour(1)
        if nxt is None or nxt.span.doc is not sent.span.doc:
            return
        leap = _leap_in(ctx, nxt, nxt.span.start)
        if leap is None or leap[0] - nxt.span.start > 4:
            return
        leap_sentence = nxt
    doc = sent.span.doc
    span = doc[ev.start:leap[1]]
    leap_doc = leap_sentence.span.doc
    if in_quotes(doc[ev.start:ev.end]) and in_quotes(leap_doc[leap[0]:leap[1]]):
        return  # reported speech ('the sample answer says: "..."'): a critique quotes the leap, it does not make it
    observed = text_of(trim(doc[ev.subject:ev.end]))
    observed = observed[0].upper() + observed[1:] if observed else "<observation>"
    kind, _, rest = leap[2].partition(":")
    if kind == "do" and rest:
        before = f"Before we {lower_first(rest)}"
    elif rest:
        before = f"Before treating \"{rest}\" as an effect"
    else:
        before = "Before acting on it"
    replacement = (
        f"{observed}, but that may be selection: <confounder> could drive both. "
        f"{before}, I would run a randomized test on the users it would target and "
        f"{_comparison(ev.outcome, sent.span.doc[ev.start])}."
    )
    target = doc[sent.span.start:leap_sentence.span.end]
    fields = {"observed": observed, "outcome": ev.outcome or "<outcome>", "population": ev.population or "users"}
    yield Hit(span, fields, replacement=replacement, target=target)


_COMPARATIVE_WORDS = {"higher", "lower", "more", "less", "fewer", "better", "worse", "longer", "greater",
                      "bigger", "smaller", "stronger", "shorter", "much", "way", "far", "a", "lot",
                      "times", "x", "%", "percent", "twice", "as"}


def _comparison(outcome: str, predicate) -> str:
    """How the test would read the outcome: "compare retention with the holdout" or, for a verb
    outcome, "check whether treated users churn less than the holdout"."""
    if predicate.lower_ in _COMPARATIVE_WORDS or predicate.lower_ in {"sooner", "earlier", "quicker", "faster"}:
        return "compare the same outcome with the holdout"
    words = [w for w in outcome.split() if not any(c.isdigit() for c in w)]
    verb_led = predicate.norm_ not in STRONG_LINKS or (words and words[0].lower() in {"likely", "more", "less"}
                                                     and "likely" in words[:3])
    if verb_led:
        phrase = " ".join(w for w in words if not any(c.isdigit() for c in w))
        if predicate.norm_ in STRONG_LINKS:
            phrase = f"{predicate.text} {phrase}"
        return f"check whether treated users {phrase or '<outcome>'} than the holdout"
    while words and (words[0].lower() in _COMPARATIVE_WORDS or any(c.isdigit() for c in words[0])):
        words = words[1:]
    if not words or words[0].lower() in {"per", "than", "on", "in", "at", "for", "of", "to"}:
        return "compare <outcome metric> with the holdout"
    return f"compare {' '.join(words)} with the holdout"
