"""Cut a very long text into sections at heading (or paragraph) boundaries outside code blocks."""
from __future__ import annotations

import re

from .source import line_starts

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")


def sections(text: str, markdown: bool, limit: int, *, split_lines: bool = False) -> list[tuple[int, int]]:
    """[start, end) pieces covering the text, each at most about `limit` characters, cut before the
    shallowest headings where possible, else before blank lines; never inside a fenced code block.
    With `split_lines`, a piece still longer than twice the limit (a huge paragraph or code block,
    one enormous line) is cut further at a line break, else at white space, else anywhere."""
    starts = line_starts(text)
    fence = None
    heading_cuts: dict[int, list[int]] = {}
    blank_cuts: list[int] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        line = text[start:end].rstrip("\r\n")
        m = _FENCE.match(line) if markdown else None
        if m:
            if fence is None:
                fence = m.group(1)[0]
            elif m.group(1)[0] == fence:
                fence = None
            continue
        if fence is not None or i == 0:
            continue
        h = _HEADING.match(line)
        if h:
            heading_cuts.setdefault(len(h.group(1)), []).append(start)
        elif not line.strip():
            blank_cuts.append(end)
    cuts: list[int] = []
    for level in sorted(heading_cuts):
        cuts = sorted(set(cuts) | set(heading_cuts[level]))
        if _largest_gap(cuts, len(text)) <= limit:
            break
    if _largest_gap(cuts, len(text)) > limit:
        cuts = sorted(set(cuts) | set(blank_cuts))
    pieces: list[tuple[int, int]] = []
    begin = 0
    last = 0
    for c in cuts + [len(text)]:
        if c - begin > limit and last > begin:
            pieces.append((begin, last))
            begin = last
        last = c
    pieces.append((begin, len(text)))
    pieces = [(a, b) for a, b in pieces if b > a]
    if split_lines:
        pieces = [cut for a, b in pieces for cut in _split_long(text, a, b, limit)]
    return pieces


def _split_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    out = []
    while end - start > 2 * limit:
        lo, want = start + limit // 2, start + limit
        nl = max(text.rfind("\n", lo, want), text.rfind("\r", lo, want))
        if nl < 0:
            ahead = [k for k in (text.find("\n", want, start + 2 * limit), text.find("\r", want, start + 2 * limit))
                     if k >= 0]
            nl = min(ahead) if ahead else -1
        if nl >= 0:
            cut = nl + 1
            if text[nl] == "\r" and cut < end and text[cut] == "\n":
                cut += 1  # never between the two characters of a CRLF
        else:
            ws = max(text.rfind(" ", lo, want), text.rfind("\t", lo, want))
            cut = ws + 1 if ws >= 0 else want
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _largest_gap(cuts: list[int], n: int) -> int:
    points = [0, *cuts, n]
    return max(b - a for a, b in zip(points, points[1:]))
