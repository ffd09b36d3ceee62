"""The one immutable type every check produces and every formatter consumes."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class Position(BaseModel):
    """A point in the original text: 1-based line and column (code points), 0-based offset."""

    model_config = ConfigDict(frozen=True)
    line: int
    column: int
    offset: int


class Range(BaseModel):
    model_config = ConfigDict(frozen=True)
    start: Position
    end: Position


class Suggestion(BaseModel):
    model_config = ConfigDict(frozen=True)
    replacement: str
    applicable: bool
    range: Range


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)
    code: str
    name: str
    severity: Severity
    message: str
    range: Range
    text: str
    suggestion: Suggestion
    confidence: float
    source: Literal["rule", "classifier", "rule+classifier"]
    url: str

    @property
    def start(self) -> int:
        return self.range.start.offset

    @property
    def end(self) -> int:
        return self.range.end.offset

    def sort_key(self) -> tuple[int, int, str]:
        return (self.range.start.offset, self.range.end.offset, self.code)
