"""Output formats. Each takes the run's results and returns the text to print; none computes offsets."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

import click

from .__about__ import __version__
from .api import FileResult
from .finding import Finding
from .ruleset import RuleSpec

FORMATS = ("text", "concise", "json", "sarif", "github")
_LEVEL_COLOR = {"error": "red", "warning": "yellow", "info": "blue"}


class Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, **kw) -> str:
        return click.style(text, **kw) if self.color else text


def summary_line(results: Sequence[FileResult], style: Style) -> str:
    n = sum(len(r.findings) for r in results)
    files = len(results)
    errors = sum(1 for r in results if r.error)
    if n == 0:
        msg = style(f"All clear: no findings in {files} file{'s' * (files != 1)}.", fg="green")
    else:
        fixable = sum(1 for r in results for f in r.findings if f.suggestion.applicable)
        msg = style(f"Found {n} finding{'s' * (n != 1)} in {files} file{'s' * (files != 1)}", bold=True)
        msg += f" ({fixable} with a directly applicable rewrite)."
    if errors:
        msg += style(f" {errors} file{'s' * (errors != 1)} could not be linted.", fg="red")
    return msg


def render_text(results: Sequence[FileResult], sources: dict[str, str], style: Style) -> str:
    """ruff-like full output: location, code, message, the source line underlined, the rewrite."""
    out: list[str] = []
    for r in results:
        text = sources.get(r.path, "")
        lines = text.splitlines()
        for f in r.findings:
            s, e = f.range.start, f.range.end
            head = (f"{style(r.path, bold=True)}:{s.line}:{s.column}: "
                    f"{style(f.code, fg=_LEVEL_COLOR[f.severity], bold=True)} "
                    f"{style('[' + f.name + ']', dim=True)} {f.message}")
            out.append(head)
            if 0 < s.line <= len(lines):
                src = lines[s.line - 1].expandtabs(1)
                width = len(str(e.line))
                gutter = " " * width
                out.append(f"{gutter} {style('|', fg='blue')}")
                out.append(f"{style(str(s.line).rjust(width), fg='blue')} {style('|', fg='blue')} {src}")
                end_col = e.column if e.line == s.line else len(src) + 1
                marker = " " * (s.column - 1) + "^" * max(1, end_col - s.column)
                out.append(f"{gutter} {style('|', fg='blue')} {style(marker, fg=_LEVEL_COLOR[f.severity])}")
            label = "help" if f.suggestion.applicable else "help (fill in the <placeholders>)"
            out.append(f"  {style('=', fg='blue')} {style(label, bold=True)}: {f.suggestion.replacement}")
            out.append("")
    return "\n".join(out)


def render_concise(results: Sequence[FileResult], style: Style) -> str:
    out = []
    for r in results:
        for f in r.findings:
            s = f.range.start
            out.append(f"{r.path}:{s.line}:{s.column}: {f.code} {f.message}")
    return "\n".join(out)


def statistics(results: Sequence[FileResult], rules: dict[str, RuleSpec]) -> str:
    counts = Counter(f.code for r in results for f in r.findings)
    fixable = Counter(f.code for r in results for f in r.findings if f.suggestion.applicable)
    rows = []
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        name = rules[code].name if code in rules else "unused-suppression"
        rows.append(f"{n:>5}  {code}  {name}{'  [*]' if fixable[code] else ''}")
    return "\n".join(rows)


def _diag(f: Finding) -> dict:
    return f.model_dump(mode="json")


def render_json(results: Sequence[FileResult]) -> str:
    by_code = Counter(f.code for r in results for f in r.findings)
    payload = {
        "version": f"answerlint {__version__}",
        "files": [
            {"path": r.path, "diagnostics": [_diag(f) for f in r.findings], **({"error": r.error} if r.error else {})}
            for r in results
        ],
        "summary": {"files": len(results), "diagnostics": sum(by_code.values()), "by_code": dict(sorted(by_code.items()))},
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render_sarif(results: Sequence[FileResult], rules: dict[str, RuleSpec]) -> str:
    used = sorted({f.code for r in results for f in r.findings} | set(rules))
    rule_meta = []
    index: dict[str, int] = {}
    for code in used:
        spec = rules.get(code)
        index[code] = len(rule_meta)
        if spec is None:
            rule_meta.append({"id": code, "name": "unused-suppression",
                              "shortDescription": {"text": "A suppression comment that silences nothing."},
                              "defaultConfiguration": {"level": "note"}})
            continue
        rule_meta.append({
            "id": spec.code,
            "name": spec.name,
            "shortDescription": {"text": spec.what},
            "fullDescription": {"text": " ".join(spec.why.split())},
            "help": {"text": f"{spec.what} Suggested rewrite: {spec.suggestion}",
                     "markdown": f"**{spec.what}**\n\n{' '.join(spec.why.split())}\n\nSuggested rewrite: `{spec.suggestion}`"},
            "helpUri": spec.doc_url,
            "defaultConfiguration": {"level": _SARIF_LEVEL[spec.severity]},
            "properties": {"tags": [spec.family]},
        })
    sarif_results = []
    artifacts: list[dict] = []
    for r in results:
        uri = r.path.replace("\\", "/")
        artifacts.append({"location": {"uri": uri}})
        for f in r.findings:
            region = _region(f.range)
            res = {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": _SARIF_LEVEL[f.severity],
                "message": {"text": f"{f.message} Suggested rewrite: {f.suggestion.replacement}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
                "properties": {"confidence": f.confidence, "source": f.source, "name": f.name},
            }
            if f.suggestion.applicable:
                res["fixes"] = [{
                    "description": {"text": f"Rewrite as suggested by {f.code}"},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri},
                        "replacements": [{"deletedRegion": _region(f.suggestion.range),
                                          "insertedContent": {"text": f.suggestion.replacement}}],
                    }],
                }]
            sarif_results.append(res)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "answerlint", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://answerlint.readthedocs.io/", "rules": rule_meta}},
            "artifacts": artifacts,
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)


def _region(rng) -> dict:
    return {"startLine": rng.start.line, "startColumn": rng.start.column,
            "endLine": rng.end.line, "endColumn": rng.end.column,
            "charOffset": rng.start.offset, "charLength": rng.end.offset - rng.start.offset}


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render_github(results: Sequence[FileResult]) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    for r in results:
        if r.error:
            out.append(f"::error file={_escape_prop(r.path)},title=answerlint::{_escape_data(r.error)}")
        for f in r.findings:
            s, e = f.range.start, f.range.end
            out.append(
                f"::{level[f.severity]} file={_escape_prop(r.path)},line={s.line},col={s.column},"
                f"endLine={e.line},endColumn={e.column},title={_escape_prop(f.code + ' ' + f.name)}::"
                f"{_escape_data(f.message + ' Suggested rewrite: ' + f.suggestion.replacement)}"
            )
    return "\n".join(out)
