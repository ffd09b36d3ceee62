"""Score findings against a labelled corpus: per-code precision, recall, F1; micro and macro."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .corpus import ANSWER_CODES, SENTENCE_CODES, GoldAnswer
from .finding import Finding


@dataclass
class Scores:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)

    def add(self, other: "Scores") -> None:
        self.tp.update(other.tp)
        self.fp.update(other.fp)
        self.fn.update(other.fn)

    def prf(self, code: str | None = None) -> tuple[float, float, float, int]:
        if code is None:
            tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        else:
            tp, fp, fn = self.tp[code], self.fp[code], self.fn[code]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, tp + fn

    def macro(self, codes: Iterable[str]) -> tuple[float, float, float]:
        rows = [self.prf(c) for c in codes]
        n = len(rows) or 1
        return (sum(r[0] for r in rows) / n, sum(r[1] for r in rows) / n, sum(r[2] for r in rows) / n)


def score_answer(gold: GoldAnswer, findings: list[Finding], codes: Iterable[str]) -> Scores:
    """A gold sentence labelled C is found when a finding of C overlaps it; a finding of C that
    overlaps no sentence labelled C is a false positive. DEC002 is scored per answer."""
    s = Scores()
    codes = set(codes)
    for code in codes & set(SENTENCE_CODES):
        mine = [f for f in findings if f.code == code]
        for sent in gold.sentences:
            if code in sent.labels:
                if any(f.start < sent.end and sent.start < f.end for f in mine):
                    s.tp[code] += 1
                else:
                    s.fn[code] += 1
        for f in mine:
            if not any(code in g.labels and f.start < g.end and g.start < f.end for g in gold.sentences):
                s.fp[code] += 1
    for code in codes & set(ANSWER_CODES):
        flagged = any(f.code == code for f in findings)
        if code in gold.answer_labels:
            s.tp[code] += flagged
            s.fn[code] += not flagged
        elif flagged:
            s.fp[code] += 1
    return s


def evaluate(answers: list[GoldAnswer], lint: Callable[[str], list[Finding]], codes: Iterable[str]) -> Scores:
    total = Scores()
    codes = list(codes)
    for gold in answers:
        total.add(score_answer(gold, lint(gold.text), codes))
    return total


def table(scores: Scores, codes: Iterable[str]) -> str:
    codes = list(codes)
    lines = [f"{'code':<8} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    for c in codes:
        p, r, f, n = scores.prf(c)
        lines.append(f"{c:<8} {p:>9.3f} {r:>7.3f} {f:>6.3f} {n:>8}")
    p, r, f, n = scores.prf()
    lines.append(f"{'micro':<8} {p:>9.3f} {r:>7.3f} {f:>6.3f} {n:>8}")
    mp, mr, mf = scores.macro(codes)
    lines.append(f"{'macro':<8} {mp:>9.3f} {mr:>7.3f} {mf:>6.3f}")
    return "\n".join(lines)
