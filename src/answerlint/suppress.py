"""Inline suppression comments: disable / enable ranges and disable-next-line."""
from __future__ import annotations

from dataclasses import dataclass, field

from .finding import Finding
from .prose import Directive
from .ruleset import RuleSpec
from .source import LineIndex


@dataclass
class _Scope:
    directive: Directive
    codes: frozenset[str]  # empty = every rule
    first_line: int
    last_line: int
    used: set[str] = field(default_factory=set)
    hit_all: bool = False

    def covers(self, finding: Finding) -> bool:
        line = finding.range.start.line
        if not (self.first_line <= line <= self.last_line):
            return False
        return not self.codes or finding.code in self.codes


def _resolve_codes(codes: tuple[str, ...], rules: dict[str, RuleSpec]) -> frozenset[str]:
    out = set()
    by_name = {r.name: r.code for r in rules.values()}
    for c in codes:
        if c.upper() in ("ALL", "*"):
            return frozenset()
        out.add(by_name.get(c, c.upper()))
    return frozenset(out)


def scopes(directives: list[Directive], index: LineIndex, rules: dict[str, RuleSpec]) -> list[_Scope]:
    out: list[_Scope] = []
    open_scopes: list[_Scope] = []
    last = index.line_count
    for d in directives:
        codes = _resolve_codes(d.codes, rules)
        if d.kind == "disable-next-line":
            target = d.line + 1
            while target <= last and not index.text[slice(*index.line_span(target))].strip():
                target += 1
            out.append(_Scope(d, codes, target, target))
        elif d.kind == "disable":
            s = _Scope(d, codes, d.line, last)
            open_scopes.append(s)
            out.append(s)
        else:  # enable closes matching open ranges (all of them when it names no code)
            for s in list(open_scopes):
                if not codes or s.codes & codes or not s.codes:
                    s.last_line = d.line
                    open_scopes.remove(s)
    return out


def apply(findings: list[Finding], directives: list[Directive], index: LineIndex,
          rules: dict[str, RuleSpec]) -> tuple[list[Finding], list[tuple[Directive, list[str]]]]:
    """Drop suppressed findings; also return directives (with the codes) that suppressed nothing."""
    if not directives:
        return findings, []
    all_scopes = scopes(directives, index, rules)
    kept = []
    for f in findings:
        hit = False
        for s in all_scopes:
            if s.covers(f):
                hit = True
                s.used.add(f.code)
        if not hit:
            kept.append(f)
    unused = []
    for s in all_scopes:
        if s.codes:
            idle = sorted(c for c in s.codes if c not in s.used)
            if idle:
                unused.append((s.directive, idle))
        elif not s.used:
            unused.append((s.directive, []))
    return kept, unused
