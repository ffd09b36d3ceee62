"""The language server behind `answerlint lsp` (pygls 2).

Diagnostics on open, while typing (debounced; a newer version of a document cancels the run for
the older one) and on save; cleared on close. Positions are converted from the linter's code-point
offsets into the position encoding negotiated with the client (UTF-16 unless the client offers
UTF-8 or UTF-32). Code actions apply a rewrite or insert a `disable-next-line` comment; hover on a
flagged span explains the rule.

The server keeps its own copy of each open document (pygls' incremental sync splits lines with
`str.splitlines`, which also breaks at form feeds and U+2028; LSP only breaks at CR, LF and CRLF).
Linting runs in one worker thread, document by document and, for very large documents, chunk by
chunk, so the event loop keeps answering requests and a stale run stops at the next chunk.
"""
from __future__ import annotations

import asyncio
import bisect
import logging
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from .__about__ import __version__
from .chunks import sections
from .config import CONFIG_FILES, Config, ConfigError, discover
from .source import LINE_BREAK, MARKDOWN_SUFFIXES, TEXT_SUFFIXES, line_starts

log = logging.getLogger("answerlint.lsp")

SOURCE = "answerlint"
DEBOUNCE_SECONDS = 0.15
WHOLE_LIMIT = 64_000  # code points linted in one piece; larger documents are linted in chunks
CHUNK_TARGET = 32_000
MAX_DIAGNOSTICS = 1_000  # per document: beyond this an editor only gets slower, not more useful
PROSE_LANGUAGES = {"markdown", "plaintext", "text", "mdx", "rmd", "quarto", "vimwiki", "pandoc", "org"}
PLAIN_LANGUAGES = {"plaintext", "text"}
UTF8, UTF16, UTF32 = lsp.PositionEncodingKind.Utf8, lsp.PositionEncodingKind.Utf16, lsp.PositionEncodingKind.Utf32
SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
            "info": lsp.DiagnosticSeverity.Information}

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_MD_DIRECTIVE = re.compile(r"^(\s*<!--\s*answerlint-disable-next-line\b)(.*?)(\s*-->\s*)$", re.IGNORECASE)
_TXT_DIRECTIVE = re.compile(r"^(\s*answerlint:\s*disable-next-line\b)(.*?)(\s*)$", re.IGNORECASE)
_MD_ESCAPE = re.compile(r"([\\`*_\[\]<>])")


# --------------------------------------------------------------------------- text and positions

def sanitize(text: str) -> str:
    """Replace lone surrogates (valid JSON, not valid Unicode) with U+FFFD.

    The replacement has the same length in code points, UTF-16 units and (surrogatepass) UTF-8
    bytes, so positions computed on the sanitized text are the client's positions.
    """
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def units(segment: str, encoding: str) -> int:
    """Length of `segment` in the code units of `encoding`."""
    if encoding == UTF32 or segment.isascii():
        return len(segment)
    if encoding == UTF8:
        return len(segment.encode("utf-8", "surrogatepass"))
    return len(segment.encode("utf-16-le", "surrogatepass")) // 2


def _code_points(segment: str, character: int, encoding: str) -> int:
    """Index in `segment` of the position `character` (code units); clamped to the segment."""
    if character <= 0:
        return 0
    if encoding == UTF32 or segment.isascii():
        return min(character, len(segment))
    count = 0
    for i, ch in enumerate(segment):
        if count >= character:
            return i
        o = ord(ch)
        if encoding == UTF8:
            count += 1 if o < 0x80 else 2 if o < 0x800 else 3 if o < 0x10000 else 4
        else:
            count += 2 if o > 0xFFFF else 1
        if count > character:  # inside a multi-unit character: stay before it
            return i
    return len(segment)


class TextMap:
    """Code-point offsets <-> LSP positions for one text (lines end at CRLF, CR or LF)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_span(self, line: int) -> tuple[int, int]:
        """[start, end) of 0-based `line` without its terminator."""
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end

    def line_text(self, line: int) -> str:
        return self.text[slice(*self.line_span(line))]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def position(self, offset: int, encoding: str) -> lsp.Position:
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        return lsp.Position(line=line, character=units(self.text[self.starts[line]:offset], encoding))

    def range(self, start: int, end: int, encoding: str) -> lsp.Range:
        return lsp.Range(start=self.position(start, encoding), end=self.position(end, encoding))

    def offset(self, position: lsp.Position, encoding: str) -> int:
        if position.line < 0:
            return 0
        if position.line >= len(self.starts):
            return len(self.text)
        start, end = self.line_span(position.line)
        return start + _code_points(self.text[start:end], position.character, encoding)

    def eol(self) -> str:
        m = LINE_BREAK.search(self.text)
        return m.group(0) if m else "\n"


def apply_change(text: str, change: Any, encoding: str) -> str:
    """Apply one textDocument/didChange content change (incremental or full) to `text`."""
    new = sanitize(change.text)
    rng = getattr(change, "range", None)
    if rng is None:
        return new
    tm = TextMap(text)
    start, end = tm.offset(rng.start, encoding), tm.offset(rng.end, encoding)
    if end < start:
        start, end = end, start
    return text[:start] + new + text[end:]


def chunk_spans(text: str, whole_limit: int = WHOLE_LIMIT, target: int = CHUNK_TARGET) -> list[tuple[int, int]]:
    """Split a large document into [start, end) pieces that are linted one at a time (the server
    checks between pieces whether the document changed). Documents up to `whole_limit` code points
    are one piece; larger ones are cut as `answerlint.chunks.sections` cuts long files, before
    headings, then paragraphs, then line breaks or white space."""
    if len(text) <= whole_limit:
        return [(0, len(text))]
    return sections(text, True, target, split_lines=True)


# --------------------------------------------------------------------------- settings

@dataclass(frozen=True)
class Settings:
    """Client settings that override the workspace config (None = not set)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] | None = None
    classifier: bool | None = None


_SETTING_KEYS = {"select": "select", "ignore": "ignore", "extend_select": "extend_select",
                 "extend-select": "extend_select", "extendSelect": "extend_select", "classifier": "classifier"}


def parse_settings(raw: Any) -> tuple[Settings, list[str]]:
    """Settings from initializationOptions / didChangeConfiguration, and the problems found.

    Accepts `{"answerlint": {...}}` or the inner object itself.
    """
    if raw is None:
        return Settings(), []
    if not isinstance(raw, dict):
        return Settings(), [f"settings: expected an object, got {type(raw).__name__}"]
    ours = "answerlint" in raw
    if ours:
        raw = raw["answerlint"]
        if raw is None:
            return Settings(), []
        if not isinstance(raw, dict):
            return Settings(), [f"settings: answerlint: expected an object, got {type(raw).__name__}"]
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in raw.items():
        name = _SETTING_KEYS.get(key)
        if name is None:
            if ours:
                problems.append(f"settings: answerlint.{key}: unknown setting (known: select, ignore, "
                                "extend-select, classifier)")
            continue
        if value is None:
            continue
        if name == "classifier":
            if isinstance(value, bool):
                values[name] = value
            else:
                problems.append(f"settings: answerlint.{key}: expected true or false")
            continue
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            values[name] = tuple(p.strip() for v in value for p in v.split(",") if p.strip())
        else:
            problems.append(f"settings: answerlint.{key}: expected a list of rule codes, prefixes or names")
    return Settings(**values), problems


# --------------------------------------------------------------------------- documents and results

@dataclass
class Document:
    uri: str
    text: str
    version: int | None
    language_id: str = ""

    @property
    def path(self) -> str | None:
        if self.uri.startswith("file:"):
            try:
                return to_fs_path(self.uri)
            except Exception:  # a malformed URI is not a reason to stop
                return None
        return None

    @property
    def suffix(self) -> str:
        name = self.path or self.uri.rsplit("/", 1)[-1].split("?", 1)[0]
        return Path(name).suffix.lower()

    @property
    def markdown(self) -> bool:
        suffix = self.suffix
        if suffix in TEXT_SUFFIXES:
            return False
        if suffix in MARKDOWN_SUFFIXES:
            return True
        return self.language_id.lower() not in PLAIN_LANGUAGES

    @property
    def is_prose(self) -> bool:
        return (self.suffix in MARKDOWN_SUFFIXES | TEXT_SUFFIXES or self.language_id.lower() in PROSE_LANGUAGES
                or (not self.suffix and not self.language_id))


@dataclass
class Entry:
    finding: Any  # answerlint.finding.Finding (offsets relative to its chunk)
    start: int  # absolute code-point offsets in the document
    end: int
    target_start: int
    target_end: int
    diagnostic: lsp.Diagnostic


@dataclass
class Result:
    version: int | None
    textmap: TextMap
    encoding: str
    entries: list[Entry] = field(default_factory=list)
    rules: dict = field(default_factory=dict)


class SetupError(Exception):
    """The config, the rules or the model for a document cannot be used (one-line message)."""


# --------------------------------------------------------------------------- protocol

class AnswerlintProtocol(LanguageServerProtocol):
    """pygls' protocol, with the server owning document text and malformed requests answered."""

    @lsp_method(lsp.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: lsp.DidOpenTextDocumentParams):
        if (handler := self.fm.features.get(lsp.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: lsp.DidChangeTextDocumentParams):
        if (handler := self.fm.features.get(lsp.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: lsp.DidCloseTextDocumentParams):
        if (handler := self.fm.features.get(lsp.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None

    def structure_message(self, data: dict[str, Any]):
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            # A request whose params do not fit its method: answer it, so the client is not left waiting.
            if isinstance(data, dict) and "method" in data and isinstance(data.get("id"), (int, str)):
                self._send_response(data["id"], error=exc.to_response_error())
            raise


class AnswerlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("answerlint", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
                         protocol_cls=AnswerlintProtocol)
        self.docs: dict[str, Document] = {}
        self.results: dict[str, Result] = {}
        self.settings = Settings()
        self.encoding: str = UTF16
        self.init_options: Any = None
        self._tasks: dict[str, asyncio.Task] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="answerlint-lint")
        self._configs: dict[Path, tuple[tuple, Config | ConfigError]] = {}
        self._linters: dict[tuple, Any] = {}
        self._reported: set[str] = set()

    # ----------------------------------------------------------------- messages to the user

    def log(self, message: str, kind: lsp.MessageType = lsp.MessageType.Info) -> None:
        try:
            self.window_log_message(lsp.LogMessageParams(type=kind, message=message))
        except Exception:  # noqa: BLE001 - logging must never take the server down
            log.warning("cannot send log message: %s", message)

    def problem(self, message: str) -> None:
        """A problem the user must fix (config, settings, rules): logged and shown once."""
        if message in self._reported:
            return
        self._reported.add(message)
        self.log(message, lsp.MessageType.Error)
        try:
            self.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=message))
        except Exception:  # noqa: BLE001
            pass

    def report_server_error(self, error: Exception, source: Any) -> None:
        # pygls' default pops up a message for every protocol error; a log line is enough.
        self.log(f"answerlint: {getattr(source, '__name__', source)}: {error}", lsp.MessageType.Error)

    # ----------------------------------------------------------------- configuration

    def set_settings(self, raw: Any) -> None:
        settings, problems = parse_settings(raw)
        for p in problems:
            self.problem(f"answerlint: {p}")
        self.settings = settings
        self._reported.clear()

    def _signature(self, folder: Path) -> tuple:
        sig = []
        for d in (folder, *folder.parents):
            for name in CONFIG_FILES:
                try:
                    st = (d / name).stat()
                except OSError:
                    continue
                sig.append((str(d / name), st.st_mtime_ns, st.st_size))
        return tuple(sig)

    def config_for(self, path: str | None) -> Config:
        """The nearest config of `path` (cached per directory, re-read when a config file changes)."""
        if path:
            folder = Path(path).parent
        else:
            root = None
            try:
                root = self.workspace.root_path
            except RuntimeError:
                pass
            folder = Path(root) if root else Path.cwd()
        folder = folder.absolute()
        sig = self._signature(folder)
        hit = self._configs.get(folder)
        if hit is None or hit[0] != sig:
            try:
                value: Config | ConfigError = discover(folder if folder.is_dir() else folder / "_")
            except ConfigError as exc:
                value = exc
            except OSError as exc:
                value = ConfigError(f"{folder}: cannot read the configuration ({exc})")
            hit = self._configs[folder] = (sig, value)
        if isinstance(hit[1], ConfigError):
            raise hit[1]
        return hit[1]

    def linter_for(self, path: str | None, settings: Settings):
        """The Linter of a document's effective config (one per config, cached). Runs in the worker."""
        from .api import Linter, SelectorError
        from .classifier import ModelError
        from .ruleset import RuleFileError

        overrides: dict[str, list[str]] = {}
        try:
            base = self.config_for(path)
            overrides = {k: list(v) for k, v in (("select", settings.select), ("ignore", settings.ignore),
                                                   ("extend_select", settings.extend_select)) if v is not None}
            cfg = base.with_overrides(**overrides) if overrides else base
            key = (cfg.model_dump_json(), str(cfg.base), settings.classifier)
            linter = self._linters.get(key)
            if linter is None:
                linter = self._linters[key] = Linter(cfg, classifier=settings.classifier)
            return linter
        except SelectorError as exc:
            # Say where a bad selector came from: the editor's settings or the config file.
            label = str(exc).split(":", 1)[0].replace("-", "_")
            if label in overrides:
                raise SetupError(f"editor settings (answerlint.{label}): {str(exc).split(':', 1)[1].strip()}") from None
            source = getattr(base, "source", None)
            raise SetupError(f"{source}: {exc}" if source else str(exc)) from None
        except (ConfigError, RuleFileError, ModelError) as exc:
            raise SetupError(str(exc)) from None
        except (OSError, ValueError) as exc:
            raise SetupError(f"{path or 'workspace'}: cannot set up the linter ({type(exc).__name__}: {exc})") from None

    # ----------------------------------------------------------------- linting

    def schedule(self, uri: str, delay: float) -> None:
        old = self._tasks.pop(uri, None)
        if old is not None:
            old.cancel()
        doc = self.docs.get(uri)
        if doc is None:
            return
        task = asyncio.get_running_loop().create_task(self._lint(uri, doc.version, delay))
        self._tasks[uri] = task
        task.add_done_callback(partial(self._task_done, uri))

    def _task_done(self, uri: str, task: asyncio.Task) -> None:
        if self._tasks.get(uri) is task:
            del self._tasks[uri]
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            self.log(f"answerlint: internal error while linting {uri}: {type(exc).__name__}: {exc}",
                     lsp.MessageType.Error)
            log.error("lint task failed", exc_info=exc)

    def _current(self, uri: str, doc: Document, version: int | None) -> bool:
        return self.docs.get(uri) is doc and doc.version == version

    async def _lint(self, uri: str, version: int | None, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        doc = self.docs.get(uri)
        if doc is None or doc.version != version:
            return
        if not doc.is_prose:
            return
        text, settings, encoding = doc.text, self.settings, self.encoding
        label = doc.path or uri
        if "\x00" in text[:8192]:
            self.problem(f"answerlint: {label}: looks like a binary file, not text; not linted")
            self._publish(uri, version, [], None)
            return
        loop = asyncio.get_running_loop()
        run = partial(loop.run_in_executor, self._executor)
        try:
            linter = await run(self.linter_for, doc.path, settings)
        except SetupError as exc:
            self.problem(f"answerlint: {exc}")
            self._publish(uri, version, [], None)
            return
        if not self._current(uri, doc, version):
            return
        spans = await run(chunk_spans, text)
        raw: list[tuple[int, Any]] = []
        for start, end in spans:
            try:
                part = await run(partial(linter.lint_text, text[start:end], doc.path, markdown=doc.markdown))
            except Exception as exc:  # noqa: BLE001 - a linter bug on odd input must not stop the server
                self.log(f"answerlint: {label}: internal error while linting ({type(exc).__name__}: {exc}); "
                         "set ANSWERLINT_DEBUG=1 and see the server's stderr", lsp.MessageType.Error)
                log.debug("lint failed", exc_info=True)
                self._publish(uri, version, [], None)
                return
            if not self._current(uri, doc, version):
                return
            raw.extend((start, f) for f in part)
            if len(raw) > MAX_DIAGNOSTICS:  # an editor gets no more useful beyond this: stop early
                self.log(f"answerlint: {label}: more than {MAX_DIAGNOSTICS} findings, showing the first "
                         f"{MAX_DIAGNOSTICS}", lsp.MessageType.Warning)
                raw = raw[:MAX_DIAGNOSTICS]
                break
        result = await run(self._build_result, text, version, encoding, raw, linter.rules)
        if self._current(uri, doc, version):
            self._publish(uri, version, [e.diagnostic for e in result.entries], result)

    def _build_result(self, text: str, version: int | None, encoding: str, raw: list, rules: dict) -> Result:
        tm = TextMap(text)
        result = Result(version=version, textmap=tm, encoding=encoding, rules=rules)
        for base, f in raw:
            start, end = base + f.range.start.offset, base + f.range.end.offset
            t_start, t_end = base + f.suggestion.range.start.offset, base + f.suggestion.range.end.offset
            rng = tm.range(start, end, encoding)
            target = tm.range(t_start, t_end, encoding)
            rewrite = f.suggestion.replacement
            message = f.message
            if rewrite:
                message = f"{message}\nSuggested rewrite: {rewrite}"
            diag = lsp.Diagnostic(
                range=rng,
                message=message,
                severity=SEVERITY.get(f.severity, lsp.DiagnosticSeverity.Warning),
                code=f.code,
                code_description=lsp.CodeDescription(href=f.url) if f.url else None,
                source=SOURCE,
                data={
                    "code": f.code,
                    "name": f.name,
                    "rewrite": rewrite,
                    "applicable": bool(f.suggestion.applicable),
                    "rewriteRange": _range_json(target),
                    "line": rng.start.line,
                    "version": version,
                },
            )
            result.entries.append(Entry(f, start, end, t_start, t_end, diag))
        return result

    def _publish(self, uri: str, version: int | None, diagnostics: list[lsp.Diagnostic],
                 result: Result | None) -> None:
        if result is None:
            self.results.pop(uri, None)
        else:
            self.results[uri] = result
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    def relint_all(self) -> None:
        for uri in list(self.docs):
            self.schedule(uri, 0)

    def current_result(self, uri: str) -> Result | None:
        doc, result = self.docs.get(uri), self.results.get(uri)
        if doc is None or result is None or result.version != doc.version:
            return None
        return result

    def stop(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        self._tasks.clear()
        self._executor.shutdown(wait=False, cancel_futures=True)


def _range_json(r: lsp.Range) -> dict:
    return {"start": {"line": r.start.line, "character": r.start.character},
            "end": {"line": r.end.line, "character": r.end.character}}


def _range_from_json(data: Any) -> lsp.Range | None:
    try:
        s, e = data["start"], data["end"]
        return lsp.Range(start=lsp.Position(line=int(s["line"]), character=int(s["character"])),
                         end=lsp.Position(line=int(e["line"]), character=int(e["character"])))
    except (KeyError, TypeError, ValueError):
        return None


def _before(a: lsp.Position, b: lsp.Position) -> bool:
    return (a.line, a.character) <= (b.line, b.character)


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    return _before(a.start, b.end) and _before(b.start, a.end)


def _md(text: str) -> str:
    return _MD_ESCAPE.sub(r"\\\1", text)


# --------------------------------------------------------------------------- code actions and hover

def disable_edit(tm: TextMap, line: int, code: str, markdown: bool, encoding: str) -> lsp.TextEdit:
    """The edit that silences `code` on 0-based `line`: a new comment above it with the line's indentation,
    or the code added to a disable-next-line comment already there."""
    if line > 0:
        above = tm.line_text(line - 1)
        m = (_MD_DIRECTIVE if markdown else _TXT_DIRECTIVE).match(above)
        if m and m.group(2).strip():
            codes = m.group(2).strip()
            new = f"{m.group(1)} {codes}, {code}{m.group(3)}"
            end = lsp.Position(line=line - 1, character=units(above, encoding))
            return lsp.TextEdit(range=lsp.Range(start=lsp.Position(line=line - 1, character=0), end=end), new_text=new)
    indent = re.match(r"[ \t]*", tm.line_text(line) if line < tm.line_count else "").group(0)
    comment = f"<!-- answerlint-disable-next-line {code} -->" if markdown else f"answerlint: disable-next-line {code}"
    at = lsp.Position(line=line, character=0)
    return lsp.TextEdit(range=lsp.Range(start=at, end=at), new_text=f"{indent}{comment}{tm.eol()}")


def _workspace_edit(server: AnswerlintServer, uri: str, version: int | None, edits: list[lsp.TextEdit]) -> lsp.WorkspaceEdit:
    caps = server.client_capabilities
    doc_changes = bool(caps and caps.workspace and caps.workspace.workspace_edit
                       and caps.workspace.workspace_edit.document_changes)
    if doc_changes:
        return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(
            text_document=lsp.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version), edits=edits)])
    return lsp.WorkspaceEdit(changes={uri: edits})


def code_actions(server: AnswerlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
    uri = params.text_document.uri
    doc = server.docs.get(uri)
    if doc is None:
        return None
    only = params.context.only if params.context else None
    if only and not any(lsp.CodeActionKind.QuickFix.value.startswith(k) for k in only):
        return []
    tm = TextMap(doc.text)
    enc = server.encoding
    # The client's diagnostics carry our data; without any, use the current result for the range.
    diags = [d for d in (params.context.diagnostics if params.context else []) or []
             if d.source == SOURCE and isinstance(d.data, dict) and d.data.get("code")]
    diags = [d for d in diags if d.data.get("version") == doc.version]
    if not diags:
        result = server.current_result(uri)
        if result is not None:
            diags = [e.diagnostic for e in result.entries if _overlaps(e.diagnostic.range, params.range)]
    actions: list[lsp.CodeAction] = []
    disabled: set[tuple[str, int]] = set()
    for d in diags:
        data = d.data
        code = str(data["code"])
        target = _range_from_json(data.get("rewriteRange"))
        if data.get("applicable") and target is not None and data.get("rewrite"):
            actions.append(lsp.CodeAction(
                title=f"Rewrite as suggested ({code})",
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[d],
                is_preferred=True,
                edit=_workspace_edit(server, uri, doc.version, [lsp.TextEdit(range=target, new_text=data["rewrite"])]),
            ))
    for d in diags:
        code = str(d.data["code"])
        line = int(d.data.get("line", d.range.start.line))
        if (code, line) in disabled or not 0 <= line < tm.line_count:
            continue
        disabled.add((code, line))
        actions.append(lsp.CodeAction(
            title=f"Disable {code} for the next line",
            kind=lsp.CodeActionKind.QuickFix,
            diagnostics=[d],
            edit=_workspace_edit(server, uri, doc.version, [disable_edit(tm, line, code, doc.markdown, enc)]),
        ))
    return actions


def hover(server: AnswerlintServer, params: lsp.HoverParams) -> lsp.Hover | None:
    uri = params.text_document.uri
    result = server.current_result(uri)
    if result is None:
        return None
    offset = result.textmap.offset(params.position, result.encoding)
    hits = [e for e in result.entries if e.start <= offset < e.end or e.start == e.end == offset]
    if not hits:
        return None
    caps = server.client_capabilities
    formats = None
    if caps and caps.text_document and caps.text_document.hover:
        formats = caps.text_document.hover.content_format
    markdown = not formats or lsp.MarkupKind.Markdown in formats
    parts = []
    for e in hits:
        f = e.finding
        rule = result.rules.get(f.code)
        rewrite = f.suggestion.replacement
        if markdown:
            lines = [f"**{f.code}** `{f.name}` ({f.severity})", "", _md(f.message)]
            if rule is not None:
                lines += ["", f"**What:** {_md(rule.what.strip())}", "", f"**Why:** {_md(' '.join(rule.why.split()))}"]
            if rewrite:
                lines += ["", f"**Suggested rewrite:** {_md(rewrite)}"]
            if f.url:
                lines += ["", f"[{f.code} documentation]({f.url})"]
        else:
            lines = [f"{f.code} {f.name} ({f.severity})", "", f.message]
            if rule is not None:
                lines += ["", f"What: {rule.what.strip()}", "", f"Why: {' '.join(rule.why.split())}"]
            if rewrite:
                lines += ["", f"Suggested rewrite: {rewrite}"]
            if f.url:
                lines += ["", f.url]
        parts.append("\n".join(lines))
    sep = "\n\n---\n\n" if markdown else "\n\n"
    first = min(hits, key=lambda e: e.start)
    return lsp.Hover(
        contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown if markdown else lsp.MarkupKind.PlainText,
                                   value=sep.join(parts)),
        range=first.diagnostic.range,
    )


# --------------------------------------------------------------------------- wiring

def create_server() -> AnswerlintServer:
    server = AnswerlintServer()

    @server.feature(lsp.INITIALIZE)
    def on_initialize(ls: AnswerlintServer, params: lsp.InitializeParams) -> None:
        ls.encoding = str(ls.workspace.position_encoding or UTF16)
        ls.init_options = params.initialization_options
        if params.initialization_options is not None:
            ls.set_settings(params.initialization_options)

    @server.feature(lsp.INITIALIZED)
    def on_initialized(ls: AnswerlintServer, params: lsp.InitializedParams) -> None:
        # Re-lint open notes when a config file changes on disk (clients that can watch files for us).
        caps = ls.client_capabilities
        watched = caps and caps.workspace and caps.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            watchers = [lsp.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
            ls.client_register_capability(lsp.RegistrationParams(registrations=[lsp.Registration(
                id="answerlint-config-files", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: AnswerlintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        if any(c.uri.rsplit("/", 1)[-1] in CONFIG_FILES for c in params.changes):
            ls._reported.clear()
            ls.relint_all()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: AnswerlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        td = params.text_document
        ls.docs[td.uri] = Document(td.uri, sanitize(td.text), td.version, td.language_id or "")
        ls.schedule(td.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: AnswerlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        doc = ls.docs.get(uri)
        if doc is None:
            ls.log(f"answerlint: change for a document that is not open: {uri}", lsp.MessageType.Warning)
            return
        text = doc.text
        for change in params.content_changes:
            text = apply_change(text, change, ls.encoding)
        doc.text = text
        doc.version = params.text_document.version
        ls.schedule(uri, DEBOUNCE_SECONDS)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE, lsp.SaveOptions(include_text=False))
    def did_save(ls: AnswerlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.rsplit("/", 1)[-1] in CONFIG_FILES:
            ls._reported.clear()
            ls.relint_all()
            return
        doc = ls.docs.get(uri)
        if doc is not None:
            if params.text is not None and sanitize(params.text) != doc.text:
                doc.text = sanitize(params.text)
            ls.schedule(uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: AnswerlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls._tasks.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.docs.pop(uri, None)
        ls.results.pop(uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: AnswerlintServer, params: lsp.DidChangeConfigurationParams) -> None:
        raw = params.settings
        if not (isinstance(raw, dict) and ("answerlint" in raw or set(raw) & set(_SETTING_KEYS))):
            caps = ls.client_capabilities
            if caps and caps.workspace and caps.workspace.configuration:
                try:
                    pulled = await ls.workspace_configuration_async(
                        lsp.ConfigurationParams(items=[lsp.ConfigurationItem(section="answerlint")]))
                    raw = {"answerlint": pulled[0]} if pulled and pulled[0] is not None else ls.init_options
                except Exception as exc:  # noqa: BLE001
                    ls.log(f"answerlint: workspace/configuration failed: {exc}", lsp.MessageType.Warning)
                    raw = ls.init_options
            else:
                raw = ls.init_options if raw in (None, {}) else raw
        ls.set_settings(raw)
        ls.relint_all()

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def on_code_action(ls: AnswerlintServer, params: lsp.CodeActionParams):
        return code_actions(ls, params)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: AnswerlintServer, params: lsp.HoverParams):
        return hover(ls, params)

    @server.feature(lsp.SHUTDOWN)
    def on_shutdown(ls: AnswerlintServer, params: Any) -> None:
        ls.stop()

    return server


def serve(host: str | None = None, port: int | None = None) -> None:
    """Run the server: stdio when `host` is None, else TCP on host:port."""
    level = logging.DEBUG if os.environ.get("ANSWERLINT_DEBUG") else logging.WARNING
    logging.basicConfig(level=level, stream=sys.stderr, format="answerlint-lsp %(levelname)s %(name)s: %(message)s")
    server = create_server()
    if host is None:
        stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
        sys.stdout = sys.stderr  # a stray print() must not corrupt the protocol stream
        server.start_io(stdin, stdout)
    else:
        server.start_tcp(host, port or 0)


__all__ = ["serve", "create_server", "TextMap", "chunk_spans", "parse_settings", "sanitize", "units"]
