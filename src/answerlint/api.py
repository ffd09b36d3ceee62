"""The library entry points: lint text or paths into Findings. The CLI is a thin layer over this."""
from __future__ import annotations

import contextlib
import functools
import gc
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import suppress
from .config import Config, ConfigError, discover
from .engine import Analysis, Engine, RawHit, is_applicable
from .finding import SEVERITY_RANK, Finding, Suggestion
from .ruleset import RuleSpec, builtin_rules, load_rule_dir, merge
from .source import InputError, LineIndex, is_markdown_name, read_file

UNUSED_SUPPRESSION = "SUP001"


CHUNK_CHARS = 100_000  # longer texts are linted section by section
GC_GEN0 = 50_000  # the collector's generation-0 threshold while a text is linted

_gc_lock = threading.Lock()
_gc_depth = 0
_gc_saved: tuple[int, ...] | None = None


@contextlib.contextmanager
def _relaxed_gc():
    """Linting makes many short-lived objects (tokens, spans, hits) next to a large live heap (the
    paragraph cache, the model's vocabularies); with the default generation-0 threshold of 700 the
    collector keeps rescanning that heap, about a tenth of the time on long texts. While any text is
    being linted the threshold is raised (cycles are still collected), and the caller's setting comes
    back when the last one finishes. A disabled collector stays disabled."""
    global _gc_depth, _gc_saved
    with _gc_lock:
        if _gc_depth == 0:
            current = gc.get_threshold()
            _gc_saved = current if 0 < current[0] < GC_GEN0 else None
            if _gc_saved is not None:
                gc.set_threshold(GC_GEN0, *current[1:])
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0 and _gc_saved is not None:
                if gc.get_threshold() == (GC_GEN0, *_gc_saved[1:]):  # unless someone changed it since
                    gc.set_threshold(*_gc_saved)
                _gc_saved = None


class SelectorError(ConfigError):
    pass


def _shift_directive(d, offset: int, index: LineIndex):
    from dataclasses import replace

    return replace(d, start=d.start + offset, end=d.end + offset, line=index.position(d.start + offset).line)


def resolve(selectors: Iterable[str], rules: Iterable[RuleSpec], label: str = "select") -> set[str]:
    """Codes named by selectors: ALL, a code, a prefix such as CAU or CAU00, or a rule name."""
    rules = list(rules)
    out: set[str] = set()
    for raw in selectors:
        sel = raw.strip()
        if not sel:
            continue
        if sel.upper() == "ALL":
            out.update(r.code for r in rules)
            continue
        matched = {r.code for r in rules if r.code.startswith(sel.upper()) or r.name == sel.lower()}
        if not matched:
            raise SelectorError(f"{label}: unknown rule or prefix {sel!r}")
        out.update(matched)
    return out


@functools.cache
def _engine(rule_dirs: tuple[str, ...]) -> Engine:
    extra: list[RuleSpec] = []
    for d in rule_dirs:
        extra.extend(load_rule_dir(Path(d)))
    return Engine(merge(builtin_rules(), extra))


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None


class Linter:
    """Lints texts with one configuration. Reuse it: the engine and matchers are built once."""

    def __init__(self, config: Config | None = None, *, classifier: bool | None = None,
                 model_dir: str | None = None, warn_unused_suppressions: bool = False,
                 use_rules: bool = True) -> None:
        self.config = config or Config()
        self.engine = _engine(tuple(str(p.resolve()) for p in self.config.rule_paths()))
        self.rules = {r.code: r for r in self.engine.rules}
        self.base_codes = self._codes()
        use_model = self.config.classifier if classifier is None else classifier
        self.model_dir = model_dir or self.config.model
        self.classifier = None
        if use_model:
            from .classifier import load_classifier

            self.classifier = load_classifier(self.model_dir)
        self.warn_unused = warn_unused_suppressions
        self.use_rules = use_rules
        if not use_rules and self.classifier is None:
            raise ConfigError("running without rules needs a classifier model")

    def _codes(self) -> set[str]:
        cfg = self.config
        rules = self.rules.values()
        codes = resolve(cfg.select, rules, "select") if cfg.select is not None else {r.code for r in rules}
        codes |= resolve(cfg.extend_select, rules, "extend-select")
        codes -= resolve(cfg.ignore, rules, "ignore")
        return codes

    def codes_for(self, path: str | None) -> set[str]:
        ignored = self.config.ignored_for(path)
        if not ignored:
            return self.base_codes
        return self.base_codes - resolve(ignored, self.rules.values(), "per-file-ignores")

    def lint_text(self, text: str, path: str | None = None, *, markdown: bool | None = None) -> list[Finding]:
        with _relaxed_gc():
            return self._lint_text(text, path, markdown)

    def _lint_text(self, text: str, path: str | None, markdown: bool | None) -> list[Finding]:
        if markdown is None:
            markdown = is_markdown_name(path)
        codes = self.codes_for(path)
        if len(text) <= CHUNK_CHARS:
            findings, directives, analysis = self._lint_piece(text, markdown, codes)
            index = analysis.index
        else:
            # A very long file is linted section by section (cut before headings, outside code), so
            # memory stays bounded; offsets are moved back into the whole file.
            from .chunks import sections

            index = LineIndex(text)
            findings, directives = [], []
            for start, end in sections(text, markdown, CHUNK_CHARS):
                part, part_directives, _ = self._lint_piece(text[start:end], markdown, codes, (start, index))
                findings.extend(part)
                directives.extend(_shift_directive(d, start, index) for d in part_directives)
        findings, unused = suppress.apply(findings, directives, index, self.rules)
        if self.warn_unused:
            findings.extend(self._unused(text, index, d, idle) for d, idle in unused)
        return sorted(findings, key=Finding.sort_key)

    def _lint_piece(self, text: str, markdown: bool, codes: set[str], place: tuple[int, LineIndex] | None = None):
        """Findings, directives and analysis of a text; `place` (offset, index of the whole file) puts
        the findings of a section of a file where they are in the file."""
        analysis = self.engine.analyse(text, markdown=markdown)
        if place is not None:
            analysis.origin, analysis.file_index = place
        if self.classifier is None:
            findings = [self.finding(analysis, h, "rule") for h in self.engine.run(analysis, codes)]
        else:
            from .combine import combine

            # The model's features include every rule's verdict, selected or not.
            raw_all = self.engine.run(analysis)
            findings = combine(self, analysis, raw_all, codes, use_rules=self.use_rules)
        return findings, analysis.prose.directives, analysis

    def finding(self, analysis: Analysis, hit: RawHit, source: str, confidence: float | None = None) -> Finding:
        rule = hit.rule
        index = analysis.index if analysis.file_index is None else analysis.file_index
        at = analysis.origin
        severity = self.config.severity.get(rule.code) or self.config.severity.get(rule.name) or rule.severity
        # Validated construction (pydantic's compiled core) is quicker than model_construct here.
        return Finding(
            code=rule.code,
            name=rule.name,
            severity=severity,
            message=hit.message,
            range=index.range(hit.start + at, hit.end + at),
            text=analysis.text[hit.start:hit.end],
            suggestion=Suggestion(
                replacement=hit.replacement,
                applicable=is_applicable(hit.replacement),
                range=index.range(hit.target[0] + at, hit.target[1] + at),
            ),
            confidence=round(float(confidence if confidence is not None else hit.confidence), 3),
            source=source,
            url=rule.doc_url,
        )

    def _unused(self, text: str, index: LineIndex, directive, idle: list[str]) -> Finding:
        what = ", ".join(idle) if idle else "any rule"
        return Finding(
            code=UNUSED_SUPPRESSION,
            name="unused-suppression",
            severity="info",
            message=f"This suppression comment silences nothing ({what}).",
            range=index.range(directive.start, directive.end),
            text=text[directive.start:directive.end],
            suggestion=Suggestion(replacement="<delete this comment>", applicable=False,
                                  range=index.range(directive.start, directive.end)),
            confidence=1.0,
            source="rule",
            url="https://answerlint.readthedocs.io/en/latest/suppression/",
        )

    def lint_file(self, path: Path) -> FileResult:
        try:
            text = read_file(path)
        except InputError as exc:
            return FileResult(str(path), error=str(exc))
        return FileResult(str(path), self.lint_text(text, str(path)))


def meets(finding: Finding, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[fail_on]


class LinterPool:
    """One Linter per effective configuration: the nearest config of each path (or a fixed one),
    plus overrides. Building a Linter is expensive, so files sharing a config share one."""

    def __init__(self, config: Config | None = None, *, no_config: bool = False,
                 overrides: dict | None = None, **linter_options) -> None:
        self.config = config
        self.no_config = no_config
        self.overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
        self.options = linter_options
        self._linters: dict[tuple, Linter] = {}

    def for_path(self, path: str | None) -> Linter:
        if self.no_config:
            base = Config()
        elif self.config is not None:
            base = self.config
        else:
            base = discover(Path(path) if path else Path.cwd())
        cfg = base.with_overrides(**self.overrides) if self.overrides else base
        key = (cfg.model_dump_json(), str(cfg.base))
        linter = self._linters.get(key)
        if linter is None:
            linter = self._linters[key] = Linter(cfg, **self.options)
        return linter

    def __iter__(self):
        return iter(self._linters.values())


_POOLS: dict[tuple | None, LinterPool] = {}


def _pool(config: Config | None) -> LinterPool:
    key = None if config is None else (config.model_dump_json(), str(config.base))
    if key not in _POOLS:
        _POOLS[key] = LinterPool(config)
    return _POOLS[key]


def lint_text(text: str, *, path: str | None = None, config: Config | None = None) -> list[Finding]:
    """Lint one text. Markdown unless `path` ends in .txt; config found from `path` when not given."""
    return _pool(config).for_path(path).lint_text(text, path)


def lint_paths(paths: Iterable[str | Path], *, config: Config | None = None,
               exclude: Iterable[str] = ()) -> Iterator[FileResult]:
    """Lint files and folders (recursively); yields one result per file, errors included."""
    from .discovery import PathError, iter_files

    pool = LinterPool(config)
    for item in iter_files([Path(p) for p in paths], exclude=list(exclude)):
        if isinstance(item, PathError):
            yield FileResult(item.path, error=item.message)
            continue
        try:
            linter = pool.for_path(str(item))
        except ConfigError as exc:
            yield FileResult(str(item), error=str(exc))
            continue
        yield linter.lint_file(item)
