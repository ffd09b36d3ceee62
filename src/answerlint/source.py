"""Decoded input files: the original text, how to read it, and offset -> line/column."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from .finding import Position, Range

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mdx"}
TEXT_SUFFIXES = {".txt", ".text"}
DEFAULT_SUFFIXES = {".md", ".markdown", ".txt"}


LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what ends a line: CRLF, CR or LF


def line_starts(text: str) -> list[int]:
    """Offset of every line's first character (line 1 starts at 0)."""
    return [0, *(m.end() for m in LINE_BREAK.finditer(text))]


class InputError(Exception):
    """A file that cannot be linted (unreadable, not UTF-8, ...); its message is one line."""


def is_markdown_name(name: str | None) -> bool:
    """Markdown unless the name says plain text; stdin without a name is Markdown."""
    if not name:
        return True
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return False
    return True


def decode(data: bytes, label: str) -> str:
    """Decode UTF-8 (a leading BOM is dropped, as editors do); anything else is an InputError."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{label}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: not valid UTF-8 (byte {exc.start})") from None


def read_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode(data, str(path))


@dataclass
class LineIndex:
    """Maps code-point offsets to 1-based line/column; \\r\\n, \\r and \\n all end a line."""

    text: str
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = line_starts(self.text)

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        # Validated construction runs in pydantic's compiled core: quicker than model_construct.
        return Position(line=line + 1, column=offset - self.starts[line] + 1, offset=offset)

    def range(self, start: int, end: int) -> Range:
        return Range(start=self.position(start), end=self.position(end))

    def line_span(self, line: int) -> tuple[int, int]:
        """[start, end) of 1-based `line`, without its line terminator."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end

    @property
    def line_count(self) -> int:
        return len(self.starts)
