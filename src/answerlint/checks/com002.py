"""COM002 approval-gate: a step of the plan that waits on someone above to approve it."""
from __future__ import annotations

from spacy.tokens import Span

from . import Hit, check
from ._shared import in_quotes, text_of

NEGATORS = {"no", "not", "without", "never", "n't", "skip", "instead", "rather", "nor", "avoid", "minus"}
# Approvals that are part of the product, not of the plan: "loan approval rate", "admins approve members".
PRODUCT_NEXT = {"rate", "rates", "time", "times", "decision", "decisions", "flow", "workflow", "status", "odds",
                "model", "criteria", "threshold", "limit", "amount", "form", "screen", "step", "button", "request",
                "requests", "queue", "latency", "funnel", "ratio", "letter", "email", "notification", "count",
                "volume", "speed", "sla", "to", "ing"}
PRODUCT_OBJECTS = {"expense", "expenses", "request", "requests", "invoice", "invoices", "timesheet", "timesheets",
                   "loan", "loans", "application", "applications", "applicant", "applicants", "claim", "claims",
                   "payment", "payments", "transaction", "transactions", "refund", "refunds", "joiner", "joiners",
                   "member", "members", "post", "posts", "leave", "pto", "purchase", "purchases", "order", "orders",
                   "booking", "bookings", "ad", "ads", "listing", "listings", "user", "users", "account",
                   "accounts", "document", "documents", "report", "reports", "borrower", "borrowers", "customer",
                   "customers", "card", "cards", "friend", "follow", "content", "comment", "comments", "photo",
                   "photos", "review", "reviews", "driver", "drivers", "seller", "sellers", "host", "hosts",
                   "message", "messages", "match", "matches", "prescription", "prescriptions", "credit",
                   "merchant", "merchants", "job", "jobs", "shift", "shifts", "quote", "quotes", "contract",
                   "contracts", "changes", "edits", "pr", "prs", "code", "deploy", "deploys", "time", "off"}
PRODUCT_PREV = {"loan", "credit", "ad", "ads", "auto", "pre", "admin", "admins", "user", "users", "customer",
                "self", "instant", "card", "parental", "parent", "parents", "app", "location", "camera",
                "notification", "microphone", "data", "access", "human", "agent", "tier", "support", "ticket",
                "mortgage", "claim", "claims", "payment", "kyc", "merchant", "seller", "host", "driver",
                "manual", "automatic", "automated", "fast", "faster", "quick", "quicker", "expense", "invoice",
                "the", "their", "a"}
GATE_VERBS = {"loop", "clear", "get", "need", "require", "want", "wait", "escalate", "take", "present", "submit", "ask", "seek",
              "check", "run", "go", "send", "bring", "obtain", "secure", "request", "gate", "hold", "put"}
STOP = {".", ";", "?", "!"}


def _negated(doc, span: Span, floor: int) -> bool:
    lo = span.start
    while lo - 1 >= floor and span.start - lo < 8 and doc[lo - 1].text not in {",", ";", ":", ".", "—"}:
        lo -= 1
    words = [doc[k].lower_ for k in range(lo, span.start)]
    if any(w in NEGATORS - {"not", "n't"} for w in words):
        return True
    for k in range(lo, span.start):
        if doc[k].norm_ == "not" and k + 1 < span.start and doc[k + 1].norm_ in {"need", "require", "wait", "have",
                                                                                  "bother", "ask", "seek", "get"}:
            return True
    return "rather" in words or "instead" in words


def _product_approval(doc, span: Span, sent: Span) -> bool:
    """An approval that happens inside the product ("loan approval rate", "admins approve members")."""
    nxt = [doc[k].lower_ for k in range(span.end, min(span.end + 3, sent.end))]
    if nxt and nxt[0] in PRODUCT_NEXT - {"to"}:
        return True
    if any(w in PRODUCT_OBJECTS for w in nxt[:3]):
        return True
    if span.start - 1 >= sent.start:
        prev = doc[span.start - 1].lower_
        prev2 = doc[span.start - 2].lower_ if span.start - 2 >= sent.start else ""
        if prev in PRODUCT_PREV - {"the", "their", "a"} or (prev == "-" and prev2 in {"pre", "auto", "self"}):
            return True
    if span[0].lower_ in {"approved", "approving"} and span.start == sent.start:
        return True  # "Approved borrowers ..."
    return False


def _authority_near(ctx, span: Span, sent: Span, reach: int = 12) -> Span | None:
    doc = sent.doc
    best = None
    for a in ctx.cues("authority"):
        if in_quotes(a):
            continue
        lo, hi = sorted((a.start, span.start))
        if hi - lo > reach or any(doc[k].text in STOP for k in range(lo, hi)):
            continue
        if best is None or abs(a.start - span.start) < abs(best.start - span.start):
            best = a
    return best


def _before_clause(doc, sent: Span) -> str:
    for t in sent:
        if t.lower_ in {"before", "prior"}:
            start = t.i + (2 if t.lower_ == "prior" else 1)
            end = start
            while end < sent.end and doc[end].text not in STOP | {",", "—", ";", ":"} and end - start < 10:
                if end > start + 1 and (doc[end].lower_ in {"i", "would", "'d"} or doc[end].text[:1].isupper()):
                    break
                end += 1
            words = text_of(doc[start:end])
            if words:
                return "before " + words
    return ""


PLAN_WORDS = {"would", "'d", "will", "'ll", "must", "need", "needs", "should", "before", "first", "until", "then",
              "wait", "pending", "require", "requires", "required", "once", "after", "gon", "going",
              "till", "prior", "get", "got", "gets", "goes", "go", "can", "cannot"}


def _planned(doc, sent: Span) -> bool:
    return any(t.lower_ in PLAN_WORDS or t.norm_ == "1" or (t.lower_ in {"have", "has", "had"} and t.i + 1 < sent.end
                                                             and doc[t.i + 1].lower_ == "to") for t in sent)


STRONG = {"vp", "svp", "evp", "avp", "ceo", "cfo", "coo", "cto", "cpo", "cmo", "cro", "ciso", "chro", "cio", "chief",
          "head", "director", "gm", "manager", "boss", "leadership", "executive", "exec", "board", "committee",
          "council", "founder", "president", "superintendent", "officer", "lead", "counsel", "legal", "compliance"}


def _strong_authority(ctx, ap: Span, sent: Span) -> bool:
    a = _authority_near(ctx, ap, sent)
    return a is not None and any(t.norm_ in STRONG or t.lower_ in STRONG for t in a)


def _authority_extent(ctx, a: Span, sent: Span) -> tuple[int, int]:
    """The whole title: 'the chief medical officer', 'the VP of Product', 'legal and the CEO'."""
    doc = sent.doc
    auths = sorted(ctx.cues("authority"), key=lambda s: s.start)
    start, end = a.start, a.end
    while start - 1 >= sent.start and a.start - start < 4 and (
            doc[start - 1].lower_ in {"the", "my", "our", "their", "her", "his", "'s", "’s"}
            or any(x.start <= start - 1 < x.end for x in auths)
            or (doc[start - 1].is_alpha and doc[start - 1].lower_ in TITLE_WORDS)):
        start -= 1
    changed = True
    while changed:
        changed = False
        nxt = [x for x in auths if x.start >= end]
        for x in nxt:
            gap = [doc[k].lower_ for k in range(end, x.start)]
            if all(w in {"and", "+", "&", "the", "also", "then", "'s", "’s", "of", "/", ","} or
                   (doc[k].is_alpha and doc[k].lower_ in TITLE_WORDS) for w, k in zip(gap, range(end, x.start))) \
                    and len(gap) <= 3:
                end = x.end
                changed = True
                break
    if end + 1 < sent.end and doc[end].lower_ == "of":
        stop = end + 1
        while stop < sent.end and doc[stop].is_alpha and stop - end <= 3 and doc[stop].lower_ not in {
                "to", "for", "before", "and", "so", "approve", "approval", "sign", "first", "the", "any", "this",
                "it", "that", "then"}:
            stop += 1
        if stop > end + 1:
            end = stop
    if end + 1 < sent.end and doc[end].text in {"'s", "’s"} and doc[end + 1].lower_ in {"manager", "boss"}:
        end += 2
    return start, end


TITLE_WORDS = {"regional", "global", "district", "product", "finance", "design", "medical", "clinical", "executive",
               "risk", "compliance", "growth", "marketing", "engineering", "senior", "local", "brand", "integrity",
               "investment", "revenue", "pricing", "legal", "general", "vice", "deputy", "managing", "chief",
               "editorial", "community", "care", "customer", "operating", "financial", "technology", "privacy",
               "security", "data", "content", "creative", "partnerships", "partnership", "sales", "safety", "trust",
               "franchise", "lead", "listing", "host", "country", "area", "division", "program", "project",
               "steering", "review", "ethics", "hr", "people", "platform", "ops", "operations", "support"}


@check("com002")
def approval_gate(ctx):
    sent = ctx.sentence.span
    doc = sent.doc
    gates: list[tuple[Span, Span]] = []
    timed = any(t.lower_ in {"before", "first", "until", "prior", "pending", "till"} or t.norm_ == "1" for t in sent)
    for ap in ctx.cues("approval"):
        if in_quotes(ap) or _negated(doc, ap, sent.start):
            continue
        if _product_approval(doc, ap, sent) and not (timed and _strong_authority(ctx, ap, sent)):
            continue
        if ap[-1].lower_.endswith("ed") and not _planned(doc, sent):
            continue  # "The board approved a budget last quarter": a report, not a step of the plan
        auth = _authority_near(ctx, ap, sent)
        if auth is None:
            continue
        gates.append((ap, auth))
    if not gates:
        for c in ctx.cues("consult"):
            if in_quotes(c) or _negated(doc, c, sent.start):
                continue
            auth = _authority_near(ctx, c, sent, reach=6)
            if auth is None or auth.start < c.start:
                continue
            gated = any(t.lower_ in {"before", "first", "until", "prior", "then", "approval", "permission",
                                     "allowed", "ok", "okay", "go", "wait"} or t.norm_ == "1" for t in sent)
            if gated:
                gates.append((c, auth))
    if not gates:
        return
    ap, auth = gates[0]
    if ctx.cues("context") and not any(doc[k].lower_ in {"wait", "until", "before", "first", "must", "need",
                                                             "needs", "require", "requires", "have", "has"}
                                           or doc[k].norm_ == "1" for k in range(sent.start, sent.end)):
        return
    a_start, a_end = _authority_extent(ctx, auth, sent)
    start, end = min(ap.start, a_start), max(ap.end, a_end)
    # take in the gate verb ("I'd NEED", "GET", "GOES to", "ESCALATE") right before the span
    k = start - 1
    while k >= sent.start and start - k <= 4 and doc[k].text not in STOP | {","}:
        if doc[k].norm_ in GATE_VERBS:
            start = k
            break
        k -= 1
    while start - 1 >= sent.start and doc[start - 1].lower_ in {"i", "'d", "would", "we", "will", "'ll", "must",
                                                                  "to"} and (doc[start].norm_ in GATE_VERBS or
                                                                             doc[start].norm_ in {"escalate",
                                                                                                  "approve"}
                                                                             or doc[start - 1].lower_ != "to"):
        start -= 1
    span = doc[start:end]
    authority = text_of(doc[a_start:a_end]) or "leadership"
    if len(authority) > 1 and authority[0].isupper() and authority[1].islower():
        authority = authority[0].lower() + authority[1:]
    if authority.endswith("'s") or authority.endswith("’s"):
        authority = authority[:-2]
    before = _before_clause(doc, sent)
    replacement = (f"I'd share the analysis and the trade-off with <owning team> so they can make the call"
                   f"{' ' + before if before else ''}, and keep {authority} informed.")
    yield Hit(span, {"authority": authority}, replacement=replacement, target=sent)
