"""Find the prose in a Markdown or plain-text file: blocks of text with an exact offset map.

Markdown is parsed with markdown-it-py. Code (fenced, indented, inline), front matter, HTML,
link and image targets, autolinks and bare URLs are not prose; headings, paragraphs, list
items, block quotes and table cells are. Each block keeps, as runs, the offset in the original text
of every character handed to spaCy, so findings map back exactly.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .source import LineIndex

SEPARATOR = -1  # offset of a synthetic space joining two runs of prose
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>()\[\]]+", re.IGNORECASE)
_DIRECTIVE = re.compile(
    r"answerlint[-:]\s*(disable-next-line|disable|enable)\b([^\n>]*?)(?:-->|$)", re.IGNORECASE | re.MULTILINE
)
_TXT_DIRECTIVE = re.compile(r"^\s*answerlint:\s*(disable-next-line|disable|enable)\b(.*)$", re.IGNORECASE)
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_ODD_SPACE = re.compile(r"[^\S ]|  ")  # whitespace other than single spaces
_SEGMENT = re.compile(r"\s+|\S+")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")


@dataclass
class Block:
    """One unit of prose (a paragraph, list item, heading or table cell)."""

    kind: str  # "heading" | "paragraph" | "cell"
    text: str
    # Where each char of `text` comes from, as runs: (position in `text`, original offset of the char
    # there); the chars up to the next run's position follow it one by one. A SEPARATOR run is one
    # synthetic space joining two runs of prose. (A list of every char's offset cost a Python int
    # per char of the file.)
    runs: list[tuple[int, int]] = field(default_factory=list)
    level: int = 0  # heading level
    group: int = 0  # blocks of one paragraph-like unit (a table) share a group

    @functools.cached_property
    def _positions(self) -> list[int]:
        return [pos for pos, _ in self.runs]

    def original(self, i: int) -> int:
        """Original offset of char i of `text` (SEPARATOR for a joining space)."""
        k = bisect_right(self._positions, i) - 1
        pos, offset = self.runs[k]
        return SEPARATOR if offset == SEPARATOR else offset + i - pos

    def run_lengths(self):
        """Each run as (position in `text`, original offset, number of chars)."""
        runs = self.runs
        for k, (pos, offset) in enumerate(runs):
            end = runs[k + 1][0] if k + 1 < len(runs) else len(self.text)
            yield pos, offset, end - pos

    @property
    def offsets(self) -> list[int]:
        """The original offset of every char of `text` (SEPARATOR for joins)."""
        out: list[int] = []
        for _, offset, length in self.run_lengths():
            out.extend([SEPARATOR] * length if offset == SEPARATOR else range(offset, offset + length))
        return out

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) for block characters [start, end)."""
        original = self.original
        while start < end and original(start) == SEPARATOR:
            start += 1
        while end > start and original(end - 1) == SEPARATOR:
            end -= 1
        if start >= end:
            anchor = next((o for _, o in self.runs if o != SEPARATOR), 0)
            return anchor, anchor
        return original(start), original(end - 1) + 1


@dataclass
class Directive:
    kind: str  # "disable" | "enable" | "disable-next-line"
    codes: tuple[str, ...]  # empty = all
    line: int  # 1-based line of the directive
    start: int
    end: int


@dataclass
class Prose:
    blocks: list[Block] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)


def _parse_codes(raw: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in re.split(r"[,\s]+", raw.strip()) if c.strip())


class _Builder:
    """Accumulates runs of original text into a block's text + offset map."""

    def __init__(self, text: str) -> None:
        self.source = text
        self.chars: list[str] = []
        self.runs: list[tuple[int, int]] = []
        self.size = 0  # chars so far
        self.last = SEPARATOR  # original offset of the last char

    def add_run(self, start: int, end: int) -> None:
        if start >= end:
            return
        # Bare URLs inside a run are not prose.
        piece = self.source[start:end]
        pos = 0
        for m in _URL.finditer(piece):
            self._add(start + pos, start + m.start())
            pos = m.end()
        self._add(start + pos, end)

    def _add(self, start: int, end: int) -> None:
        if start >= end:
            return
        chars, runs = self.chars, self.runs
        if self.size and self.last != start - 1 and not chars[-1].endswith(" "):
            chars.append(" ")
            runs.append((self.size, SEPARATOR))
            self.size += 1
            self.last = SEPARATOR
        src = self.source
        if _ODD_SPACE.search(src, start, end) is None:
            # Only single spaces between words (the usual run): copy it whole.
            if src[start] == " " and chars and chars[-1].endswith(" "):
                start += 1
                if start >= end:
                    return
            chars.append(src[start:end])
            runs.append((self.size, start))
            self.size += end - start
            self.last = end - 1
            return
        # Whitespace runs collapse to one space so the tokenizer sees plain prose; word runs are
        # copied whole (this is the hot loop of Markdown extraction).
        size = self.size
        last = self.last
        for m in _SEGMENT.finditer(src, start, end):
            a, b = m.span()
            if src[a].isspace():
                if chars and chars[-1].endswith(" "):
                    continue
                chars.append(" ")
                runs.append((size, a))
                size += 1
                last = a
            else:
                chars.append(src[a:b])
                runs.append((size, a))
                size += b - a
                last = b - 1
        self.size, self.last = size, last

    def build(self, kind: str, level: int = 0, group: int = 0) -> Block | None:
        text = "".join(self.chars)
        if not text.strip():
            return None
        return Block(kind=kind, text=text, runs=self.runs, level=level, group=group)


# --------------------------------------------------------------------------- Markdown

def _front_matter_lines(lines: list[str]) -> int:
    """Number of leading lines that are YAML (---) or TOML (+++) front matter."""
    if not lines:
        return 0
    first = lines[0].strip()
    if first not in ("---", "+++"):
        return 0
    closers = ("---", "...") if first == "---" else ("+++",)
    for i in range(1, len(lines)):
        if lines[i].strip() in closers:
            return i + 1
    return 0


_MD = None


def _markdown_parser():
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        _MD = MarkdownIt("commonmark", {"html": True}).enable("table")
    return _MD


def markdown_prose(text: str, index: LineIndex) -> Prose:
    lines = [text[a:b] for a, b in (index.line_span(i) for i in range(1, index.line_count + 1))]
    skip = _front_matter_lines(lines)
    parse_lines = [""] * skip + lines[skip:]
    tokens = _markdown_parser().parse("\n".join(parse_lines))
    prose = Prose()
    html_lines: set[int] = set()
    group = 0
    list_depth = 0
    table_depth = 0
    line_cursor: dict[int, int] = {}
    heading_level = 0
    for tok in tokens:
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif t in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif t == "table_open":
            group += 1
            table_depth += 1
        elif t == "table_close":
            table_depth -= 1
        elif t == "heading_open":
            heading_level = int(tok.tag[1:])
        elif t == "html_block" and tok.map:
            html_lines.update(range(tok.map[0] + 1, tok.map[1] + 1))
        elif t == "inline" and tok.map:
            if table_depth == 0:
                group += 1  # each paragraph, heading or list item is its own passage
            builder = _Builder(text)
            has_html = _inline_runs(tok, index, line_cursor, builder)
            if has_html:
                html_lines.update(range(tok.map[0] + 1, tok.map[1] + 1))
            if heading_level:
                kind, level = "heading", heading_level
                heading_level = 0
            elif table_depth:
                kind, level = "cell", 0
            else:
                kind, level = "paragraph", 0
            block = builder.build(kind, level, group)
            if block is not None:
                prose.blocks.append(block)
            elif kind == "heading":
                prose.blocks.append(Block(kind="heading", text="", level=level, group=group))
    for m in _DIRECTIVE.finditer(text):
        pos = index.position(m.start())
        if pos.line in html_lines and "<!--" in text[index.starts[pos.line - 1]: m.start()]:
            prose.directives.append(
                Directive(m.group(1).lower(), _parse_codes(m.group(2)), pos.line, m.start(), m.end())
            )
    return prose


def _content_map(tok, index: LineIndex, line_cursor: dict[int, int]) -> list[int]:
    """Original offset of each character of an inline token's content (SEPARATOR if unknown)."""
    content = tok.content
    out: list[int] = []
    first_line = tok.map[0] + 1
    content_lines = content.split("\n")
    for k, cline in enumerate(content_lines):
        line_no = first_line + k
        if k:
            out.append(SEPARATOR)  # the "\n" between content lines
        if line_no > index.line_count:
            out.extend([SEPARATOR] * len(cline))
            continue
        lstart, lend = index.line_span(line_no)
        src_line = index.text[lstart:lend]
        stripped = cline.lstrip()
        lead = len(cline) - len(stripped)
        from_col = line_cursor.get(line_no, 0)
        pos = src_line.find(stripped, from_col) if stripped else -1
        if pos < 0 and stripped:
            pos = src_line.find(stripped)
        if pos < 0:
            out.extend([SEPARATOR] * len(cline))
            continue
        line_cursor[line_no] = pos + len(stripped)
        out.extend([SEPARATOR] * lead)
        out.extend(range(lstart + pos, lstart + pos + len(stripped)))
    return out


def _skip_link_tail(content: str, i: int) -> int:
    """After a link's text: skip `](target "title")`, `][ref]` or `]`."""
    if content.startswith("](", i):
        depth = 0
        j = i + 1
        while j < len(content):
            c = content[j]
            if c == "\\":
                j += 2
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        return len(content)
    if content.startswith("][", i):
        j = content.find("]", i + 2)
        return len(content) if j < 0 else j + 1
    if content.startswith("]", i):
        return i + 1
    return i


def _inline_runs(tok, index: LineIndex, line_cursor: dict[int, int], builder: _Builder) -> bool:
    """Add the prose runs of one inline token to `builder`; return whether it held inline HTML."""
    content = tok.content
    cmap = _content_map(tok, index, line_cursor)
    cursor = 0
    in_autolink = 0
    has_html = False

    def emit(a: int, b: int) -> None:
        if a >= b:
            return
        first, last = cmap[a], cmap[b - 1]
        if first != SEPARATOR and last - first == b - 1 - a and SEPARATOR not in cmap[a:b]:
            builder.add_run(first, last + 1)  # the offsets are increasing: one contiguous run
            return
        run_start = prev = None
        for k in range(a, b):
            o = cmap[k]
            if run_start is not None and (o == SEPARATOR or o != prev + 1):
                builder.add_run(run_start, prev + 1)
                run_start = None
            if o != SEPARATOR:
                if run_start is None:
                    run_start = o
                prev = o
        if run_start is not None:
            builder.add_run(run_start, prev + 1)

    for child in tok.children or []:
        ct = child.type
        if ct == "text":
            if in_autolink or not child.content:
                if child.content:
                    j = content.find(child.content, cursor)
                    if j >= 0:
                        cursor = j + len(child.content)
                continue
            j = content.find(child.content, cursor)
            if j >= 0:
                emit(j, j + len(child.content))
                cursor = j + len(child.content)
            else:
                # Escapes and entities change the text; place it word by word.
                for word in child.content.split():
                    j = content.find(word, cursor)
                    if j >= 0:
                        emit(j, j + len(word))
                        cursor = j + len(word)
        elif ct == "code_inline":
            j = content.find(child.content, cursor) if child.content else -1
            if j >= 0:
                cursor = j + len(child.content)
                while cursor < len(content) and content[cursor] == "`":
                    cursor += 1
        elif ct == "html_inline":
            has_html = True
            j = content.find(child.content, cursor)
            if j >= 0:
                cursor = j + len(child.content)
        elif ct == "link_open":
            if child.markup in ("autolink", "linkify"):
                in_autolink += 1
        elif ct == "link_close":
            if in_autolink:
                in_autolink -= 1
                j = content.find(">", cursor)
                if j >= 0 and child.markup == "autolink":
                    cursor = j + 1
            else:
                cursor = _skip_link_tail(content, cursor)
        elif ct == "image":
            j = content.find("![", cursor)
            if j >= 0:
                k = content.find("]", j + 2 + len(child.content))
                cursor = _skip_link_tail(content, k) if k >= 0 else cursor
    return has_html


# --------------------------------------------------------------------------- plain text

def text_prose(text: str, index: LineIndex) -> Prose:
    prose = Prose()
    builder: _Builder | None = None
    group = 0

    def flush() -> None:
        nonlocal builder
        if builder is not None:
            block = builder.build("paragraph", 0, group)
            if block is not None:
                prose.blocks.append(block)
        builder = None

    for line_no in range(1, index.line_count + 1):
        start, end = index.line_span(line_no)
        line = text[start:end]
        if not line.strip():
            flush()
            group += 1
            continue
        m = _TXT_DIRECTIVE.match(line)
        if m:
            flush()
            prose.directives.append(
                Directive(m.group(1).lower(), _parse_codes(m.group(2)), line_no, start, end)
            )
            continue
        h = _ATX.match(line)
        if h and h.group(2).strip():
            flush()
            group += 1
            hb = _Builder(text)
            content_start = start + line.find(h.group(2), len(h.group(1)))
            hb.add_run(content_start, content_start + len(h.group(2)))
            block = hb.build("heading", len(h.group(1)), group)
            if block is not None:
                prose.blocks.append(block)
            group += 1
            continue
        b = _BULLET.match(line)
        if b:
            flush()
            group += 1
            start += b.end()
        if builder is None:
            builder = _Builder(text)
        builder.add_run(start, end)
    flush()
    return prose
