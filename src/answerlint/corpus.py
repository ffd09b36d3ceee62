"""The labelled corpus: JSON Lines answers, rendered to text with exact sentence offsets."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SENTENCE_CODES = ("CAU001", "CAU002", "CAU003", "MET001", "MET002", "MET003", "DEC001", "DEC003", "TEC001",
                  "COM001", "COM002")
ANSWER_CODES = ("DEC002",)


@dataclass
class GoldSentence:
    start: int
    end: int
    text: str
    labels: frozenset[str]
    hard: frozenset[str]
    paragraph: int


@dataclass
class GoldAnswer:
    id: str
    domain: str
    text: str
    sentences: list[GoldSentence]
    answer_labels: frozenset[str]


def render(record: dict) -> GoldAnswer:
    """Paragraphs become blank-line separated blocks; sentences within a paragraph join with a space."""
    parts: list[str] = []
    sentences: list[GoldSentence] = []
    pos = 0
    for pi, para in enumerate(record["paragraphs"]):
        if pi:
            parts.append("\n\n")
            pos += 2
        for si, sent in enumerate(para):
            if si:
                parts.append(" ")
                pos += 1
            text = sent["text"].strip()
            sentences.append(GoldSentence(pos, pos + len(text), text, frozenset(sent.get("labels", ())),
                                          frozenset(sent.get("hard", ())), pi))
            parts.append(text)
            pos += len(text)
    return GoldAnswer(str(record["id"]), record.get("domain", ""), "".join(parts) + "\n", sentences,
                      frozenset(record.get("answer_labels", ())))


def iter_records(path: Path) -> Iterator[dict]:
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise ValueError(f"{f}:{n}: invalid JSON ({exc.msg})") from None


def load(path: Path) -> list[GoldAnswer]:
    return [render(r) for r in iter_records(path)]
