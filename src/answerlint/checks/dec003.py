"""DEC003 asks-for-data: the work waits for someone to hand over data nobody has specified."""
from __future__ import annotations

from spacy.tokens import Span

from . import Hit, check, clear, gate
from ._shared import in_quotes, text_of

FIRST_PERSON = {"i", "we", "me", "us", "my", "our", "myself"}
# Words that may sit between the one who provides and the providing verb ("the team would need to SEND").
LINK = {"to", "would", "will", "'d", "need", "needs", "must", "should", "can", "could", "has", "have", "just", "first",
        "also", "then", "please", "would", "gon", "na", "kindly", "actually", "eventually", "finally", "initially",
        "1", "quickly", "maybe", "probably"}
REQUEST_VERBS = {"need", "want", "ask", "request", "require", "wait", "get", "without", "until", "gain", "obtain",
                 "like", "getting", "asking", "requesting"}
PARTICIPLES = {"sent", "shared", "handed", "pulled", "exported", "provided", "dumped", "passed", "forwarded",
               "supplied", "delivered", "emailed"}
USERS = {"user", "customer", "member", "patient", "people", "player", "rider", "driver", "buyer", "seller", "host",
         "guest", "student", "learner", "viewer", "listener", "reader", "subscriber", "creator", "household",
         "family", "friend", "follower", "fan", "shopper", "visitor", "teacher", "parent", "kid", "employee",
         "worker", "passenger", "traveller", "traveler", "tenant", "applicant", "candidate", "merchant"}
STOP = {".", ";", "?", "!"}


def _starts(spans) -> dict[int, Span]:
    return {s.start: s for s in spans}


@check("dec003")
def asks_for_data(ctx):
    sent = ctx.sentence.span
    doc = sent.doc
    data = [s for s in ctx.cues("data") if not in_quotes(s)]
    data_prev = ctx.has("data", "previous") if ctx.neighbour(-1) is not None else False
    sources = ctx.cues("source")
    provides = [p for p in ctx.cues("provide") if not in_quotes(p)]
    requests = ctx.cues("request")
    if not requests and not ctx.cues("see"):
        return
    found = (_someone_provides(doc, sent, sources, provides, data, data_prev)
             or _asked_to_provide(doc, sent, provides, data)
             or _asks_source(doc, sent, sources, data, requests)
             or _needs_access(doc, sent, data, requests)
             or _sent_over(doc, sent, data, requests)
             or _see_first(ctx, sent, data))
    if not found:
        return
    start, end, noun = found
    if _specified(ctx, start, end) or _described(doc, start, sent) or _refused(doc, start, sent):
        return
    span = doc[start:end]
    topic = _topic(doc, noun, sent)
    replacement = (f"I'd define the {topic} data the decision needs and build it: one row per <unit> with "
                   f"<fields>, over <period>, logged from <events or source tables>.")
    yield Hit(span, {"topic": topic}, replacement=replacement, target=sent)


GENERIC_PEOPLE = {"ds", "analyst", "analysts", "candidate", "candidates", "scientist", "scientists", "junior",
                  "juniors", "he", "she", "interviewee", "interviewees", "engineer", "engineers", "applicant",
                  "somebody", "people", "who"}


def _refused(doc, start: int, sent) -> bool:
    """The writer says they do not wait or ask ("I don't wait for somebody to send me a dashboard")."""
    if doc[start].norm_ not in REQUEST_VERBS:
        return False
    j = start - 1
    while j >= sent.start and doc[j].lower_ in {"just", "simply", "really", "ever", "usually", "even"}:
        j -= 1
    return j >= sent.start and doc[j].norm_ in {"not", "n't", "never"}


def _described(doc, start: int, sent) -> bool:
    """Someone else's behaviour described ('a mid-level DS asks for the dataset'), not the writer's plan."""
    if doc[start].lower_ in {"asks", "asked"}:
        j = start - 1
        if j >= sent.start and doc[j].lower_ in GENERIC_PEOPLE | {"often", "usually", "typically", "always"}:
            return True
    j = start - 1
    while j >= sent.start and doc[j].lower_ in {"often", "usually", "typically", "always", "just", "only"}:
        j -= 1
    return j >= sent.start and doc[j].lower_ in GENERIC_PEOPLE - {"somebody", "people"} and \
        doc[start].lower_ in {"asks", "asked", "needs", "wants", "requests", "waits"}


def _specified(ctx, start: int, end: int) -> bool:
    """The writer names the data to build (logging verbs, a grain, or a field list with a unit)
    in the stretch of text around the request (a line break ends it)."""
    sent = ctx.sentence.span
    doc = sent.doc
    lo, hi = start, end
    while lo > sent.start and "\n" not in doc[lo - 1].text and start - lo < 25:
        lo -= 1
    while hi < sent.end and "\n" not in doc[hi].text and hi - end < 30:
        hi += 1
    if any(lo <= c.start < hi for c in ctx.cues("spec")):
        return True
    toks = [t.lower_ for t in doc[lo:hi]]
    per = any(w in {"per", "each", "every"} for w in toks)
    return per and toks.count(",") >= 3


def _first_person_between(doc, a: int, b: int) -> bool:
    return any(doc[k].lower_ in FIRST_PERSON for k in range(a, b))


def _data_after(data: list[Span], i: int, sent: Span, limit: int = 14, skip: Span | None = None) -> Span | None:
    for d in data:
        if skip is not None and d.start < skip.end and skip.start < d.end:
            continue
        if i <= d.start < min(sent.end, i + limit):
            return _np(d, data)
    return None


def _np(d: Span, data: list[Span]) -> Span:
    """Extend a data word over the data words right after it ('whatever numbers', 'ticket tables')."""
    end = d.end
    doc = d.doc
    changed = True
    while changed:
        changed = False
        for x in data:
            if end <= x.start <= end + 2 and x.start < d.sent.end and all(doc[k].is_alpha and doc[k].lower_ not in {
                    "to", "from", "for", "before", "so", "and", "then", "with"} for k in range(end, x.start)):
                end = x.end
                changed = True
    return doc[d.start:end]


def _data_near(data: list[Span], i: int, limit: int = 14) -> Span | None:
    best = None
    for d in data:
        if abs(d.start - i) <= limit and (best is None or abs(d.start - i) < abs(best.start - i)):
            best = d
    return best


def _is_user(doc, k: int) -> bool:
    return doc[k].norm_ in USERS


def _someone_provides(doc, sent, sources, provides, data, data_prev):
    """'the team to SEND me the data', 'someone shares the logs', 'finance give me data'."""
    for p in provides:
        # the provider: a source noun just before the verb, linked only by modals / "to" / a short relative
        k = p.start - 1
        gap = 0
        src = None
        while k >= sent.start and gap < 10:
            if doc[k].text in STOP or doc[k].text == ",":
                break
            if any(s.start <= k < s.end for s in sources):
                src = k
                break
            if doc[k].lower_ in FIRST_PERSON or _is_user(doc, k):
                break
            gap += 1
            k -= 1
        if src is None:
            continue
        if doc[src].lower_ in {"they", "them", "you"} and src > sent.start and doc[src - 1].lower_ in {"so", "and",
                                                                                                       "let"}:
            continue  # "so they can ..." / "let them ..." is a handover, not a request
        d = _data_after(data, p.start, sent, skip=p) or _data_near(data, p.start, 10)
        if d is None:
            after = [t.lower_ for t in doc[p.end:min(p.end + 3, sent.end)]]
            if data_prev and any(w in {"it", "them", "that", "those", "this"} for w in after):
                d = doc[p.start:min(p.end + 3, sent.end)]
            else:
                continue
        start = min(src, d.start, p.start)
        start = _extend_left(doc, start, sent)
        end = max(d.end, p.end)
        return start, end, d
    return None


ASKERS = {"ask", "need", "want", "get", "require", "request", "asking", "getting", "have", "wait", "expect"}


def _asked_to_provide(doc, sent, provides, data):
    """'ask trust and safety TO hand over their fraud dataset': whoever sits between the ask and 'to'."""
    for p in provides:
        if p.start - 1 < sent.start or doc[p.start - 1].lower_ != "to":
            continue
        k = p.start - 2
        while k >= sent.start and p.start - k <= 8 and doc[k].text not in STOP and doc[k].text != ",":
            if doc[k].lower_ in FIRST_PERSON or _is_user(doc, k):
                break
            if doc[k].norm_ in ASKERS and k < p.start - 2:
                d = _data_after(data, p.start, sent, skip=p)
                if d is None:
                    break
                start = k
                while start - 1 >= sent.start and doc[start - 1].lower_ in {"i", "'d", "would", "we", "to", "will",
                                                                              "'ll", "also", "first", "probably"}:
                    start -= 1
                return start, max(d.end, p.end), d
            k -= 1
    return None


def _extend_left(doc, start: int, sent) -> int:
    """Take in the request that governs the provider: 'I'd need', 'ask', 'getting'."""
    j = start - 1
    seen = 0
    while j >= sent.start and seen < 4 and doc[j].text not in STOP and doc[j].text != ",":
        if doc[j].norm_ in REQUEST_VERBS or doc[j].lower_ in REQUEST_VERBS:
            k = j
            while k - 1 >= sent.start and doc[k - 1].lower_ in {"i", "'d", "would", "we", "to", "will", "'ll",
                                                                  "really", "also", "first", "probably", "just"}:
                k -= 1
            return k
        j -= 1
        seen += 1
    if start - 1 >= sent.start and doc[start - 1].lower_ in {"the", "a", "our", "their", "whoever", "whatever"}:
        start -= 1
    if start - 1 >= sent.start and doc[start - 1].lower_ in {"could", "can", "would", "will"} and \
            start - 1 == sent.start:
        start -= 1
    return start


def _asks_source(doc, sent, sources, data, requests):
    """'request the sales history FROM the finance team', 'ask the data team FOR the dataset'."""
    req_starts = [r.start for r in requests if doc[r.start].norm_ in {"need", "want", "request", "require", "ask",
                                                                       "get", "wait", "without"}]
    for r in req_starts:
        window_end = min(sent.end, r + 16)
        froms = [k for k in range(r + 1, window_end) if doc[k].lower_ in {"from", "for", "by"}
                 or (doc[k].lower_ == "held" and k + 1 < sent.end and doc[k + 1].lower_ == "by")]
        for f in froms:
            src = next((s for s in sources if f < s.start <= f + 5), None)
            if src is None:
                continue
            if doc[f].lower_ == "for" and doc[r].norm_ != "ask":
                continue
            d = next((x for x in data if r < x.start < window_end), None)
            if d is None:
                continue
            d = _np(d, data)
            if _first_person_between(doc, r + 1, f) or any(doc[k].text in STOP for k in range(r, f)):
                continue
            start = r
            while start - 1 >= sent.start and doc[start - 1].lower_ in {"i", "'d", "would", "we", "will", "'ll",
                                                                          "to", "also", "first"}:
                start -= 1
            end = max(src.end, d.end)
            return start, end, d
    for r in req_starts:
        if doc[r].norm_ != "ask":
            continue
        f = next((k for k in range(r + 1, min(sent.end, r + 8)) if doc[k].lower_ == "for"), None)
        if f is None or _first_person_between(doc, r + 1, f) or any(doc[k].text in STOP for k in range(r, f)):
            continue
        d = next((x for x in data if f < x.start <= f + 8), None)
        if d is None:
            continue
        d = _np(d, data)
        start = r
        while start - 1 >= sent.start and doc[start - 1].lower_ in {"i", "'d", "would", "we", "will", "'ll", "to",
                                                                      "also", "first", "probably"}:
            start -= 1
        return start, d.end, d
    return None


def _needs_access(doc, sent, data, requests):
    """'I'd need access to the telemetry warehouse', 'without full access to the lease data'."""
    for t in sent:
        if t.lower_ != "access" or t.i + 1 >= sent.end or doc[t.i + 1].lower_ != "to":
            continue
        lo = max(sent.start, t.i - 4)
        if not any(doc[k].norm_ in {"need", "require", "request", "without", "get", "gain", "want", "until", "wait"}
                   for k in range(lo, t.i)):
            continue
        if any(_is_user(doc, k) for k in range(lo, t.i)):
            continue
        d = next((x for x in data if t.i + 1 < x.start <= t.i + 8 and x.text.lower() != "access"), None)
        if d is None:
            continue
        start = next(k for k in range(lo, t.i) if doc[k].norm_ in {"need", "require", "request", "without", "get",
                                                                   "gain", "want", "until", "wait"})
        while start - 1 >= sent.start and doc[start - 1].lower_ in {"i", "'d", "would", "we", "also", "first"}:
            start -= 1
        return start, d.end, d
    return None


def _sent_over(doc, sent, data, requests):
    """'I'd need the chat logs sent over first'."""
    for d in data:
        if d.end < sent.end and doc[d.end].lower_ in PARTICIPLES:
            lo = max(sent.start, d.start - 5)
            req = next((k for k in range(lo, d.start) if doc[k].norm_ in {"need", "want", "require", "get"}), None)
            if req is not None:
                end = d.end + 1
                if end < sent.end and doc[end].lower_ in {"over", "along", "across"}:
                    end += 1
                return req, end, d
    return None


DEFER = {"1", "before", "until", "without", "then", "once", "unless"}


def _see_first(ctx, sent, data):
    """'I'd need to see the data first before saying anything'."""
    doc = sent.doc
    for s in ctx.cues("see"):
        lo = max(sent.start, s.start - 5)
        need = any(doc[k].norm_ in {"need", "until", "without", "before"} for k in range(lo, s.start))
        want = any(doc[k].norm_ in {"want", "like"} for k in range(lo, s.start))
        defer = any(t.norm_ in DEFER or t.lower_ in {"first"} for t in sent if t.i < s.start or t.i >= s.end)
        if not (need or (want and defer)):
            continue
        if not defer and not need:
            continue
        start = next((k for k in range(lo, s.start) if doc[k].norm_ in {"need", "until", "without", "before", "want",
                                                                       "like"}), s.start)
        while start - 1 >= sent.start and doc[start - 1].lower_ in {"i", "'d", "would", "we"}:
            start -= 1
        end = s.end
        d = _data_after(data, s.start, sent, 8)
        if d is not None and d.end > end:
            end = d.end
        return start, end, d if d is not None else s
    return None


GENERIC = {"the", "a", "an", "all", "any", "full", "whatever", "raw", "relevant", "historical", "complete", "their",
           "our", "its", "my", "some", "more", "existing", "available", "internal", "entire", "whole", "last",
           "quarter", "'s", "data", "dataset", "of", "me", "us", "over", "to", "they", "have", "on", "first"}


def _topic(doc, noun: Span, sent) -> str:
    """The writer's subject for the data: 'rider history', 'ad revenue', 'claims'."""
    words = []
    k = noun.start - 1
    while k >= sent.start and doc[k].is_alpha and doc[k].lower_ not in GENERIC and len(words) < 3 \
            and doc[k].norm_ not in {"send", "share", "give", "pull", "provide", "export", "hand", "need", "want",
                                     "request", "get", "see", "to", "from", "access", "team"}:
        words.insert(0, doc[k].text)
        k -= 1
    nxt = noun.end
    if not words and nxt + 1 < sent.end and doc[nxt].lower_ in {"on", "about", "for"}:
        end = nxt + 1
        while end < sent.end and doc[end].is_alpha and doc[end].lower_ not in {"before", "so", "first", "from",
                                                                              "to", "and", "then", "with"} \
                and end - nxt < 4:
            end += 1
        words = [text_of(doc[nxt + 1:end])]
    if not words:
        words = [t.text for t in noun if t.is_alpha and t.lower_ not in GENERIC
                 and t.lower_ not in {"whatever", "access", "numbers", "number", "raw", "datasets", "stuff", "logs", "log",
                                                    "export", "tables", "table", "dump", "extract"}]
    topic = " ".join(w for w in words if w)
    return topic or "<topic>"


@gate("dec003")
def someone_else_holds_the_data(ctx) -> bool:
    """Deferring to data means someone provides it or the writer waits to see it; "it depends on the
    data" alone is DEC001's hedge, not a request."""
    return ctx.has("provide") or ctx.has("see") or (ctx.has("source") and ctx.has("data"))


@clear("dec003")
def refuses_to_wait(ctx) -> bool:
    """The writer says they do not wait for anyone's data ("I don't wait for somebody to send me a
    dashboard; I build the table myself"): clean whatever the wording around it."""
    sent = ctx.sentence.span
    return any(_refused(sent.doc, t.i, sent) for t in sent)
