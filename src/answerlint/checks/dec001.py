"""DEC001 unresolved-it-depends: a hedge that never turns into conditional actions or a commitment."""
from __future__ import annotations

from . import Hit, check
from ._shared import empty_commitment, in_quotes, negated, text_of, trim

FACTOR_STOP = {".", ";", ":", "!", "?", "—", "–", "(", ")"}


def _resolved(ctx, sentence, after: int | None) -> bool:
    """A commitment, or a condition with an action, in this sentence (after the hedge) or the next."""
    windows = [(sentence, after)]
    nxt = ctx.neighbour(1)
    if nxt is not None:
        windows.append((nxt, None))
    for sent, start in windows:
        def present(cue: str) -> list:
            spans = ctx.cues(cue, "sentence", sentence=sent)
            return [s for s in spans if start is None or s.start >= start]

        commitments = [c for c in present("commitment") if not empty_commitment(c, sent.span)]
        if commitments:
            return True
        if present("condition") and (present("action") or commitments):
            return True
    return False


@check("dec001")
def unresolved_it_depends(ctx):
    sent = ctx.sentence
    hedges = ctx.cues("hedge")
    for extra in ("hard_to", "bare_depends"):
        hedges += [h for h in ctx.cues(extra) if not any(o.start < h.end and h.start < o.end for o in hedges)]
    hedges += [v for v in ctx.cues("vague_dependency")
               if not any(h.start < v.end and v.start < h.end for h in hedges)]
    for hedge in sorted(hedges, key=lambda s: s.start):
        if in_quotes(hedge) or negated(hedge[0], 2):
            continue
        if _resolved(ctx, sent, hedge.end):
            return
        doc = hedge.doc
        factor = ""
        on = next((t.i for t in hedge if t.norm_ in {"on", "upon"}), None)
        if on is None and hedge.end < sent.span.end and doc[hedge.end].norm_ in {"on", "upon"}:
            on = hedge.end
        if on is not None:
            start = end = on + 1
            while end < sent.span.end and doc[end].text not in FACTOR_STOP and end - start < 16:
                if doc[end].text == "," and end + 1 < sent.span.end and doc[end + 1].norm_ in {"and", "but", "so"}:
                    break
                end += 1
            factor = text_of(trim(doc[start:end], {"and", "so", "but", "really"}))
        elif hedge[-1].norm_ in {"by", "across", "between"}:
            end = hedge.end
            while end < sent.span.end and doc[end].text not in FACTOR_STOP and end - hedge.end < 12:
                end += 1
            factor = text_of(trim(doc[hedge.end:end]))
        shown = trim(hedge) if len(trim(hedge)) else hedge
        fields = {"hedge": shown.text, "factor": factor}
        yield Hit(shown, fields)
        return
