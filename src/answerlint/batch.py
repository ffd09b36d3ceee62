"""Batch linting: stream JSON Lines records or folders of files through a process pool or a Dask cluster."""
from __future__ import annotations

import contextlib
import functools
import itertools
import json
import os
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from .source import DEFAULT_SUFFIXES, InputError, is_markdown_name, read_file

# Output keys the batch owns; a passed-through input field of the same name gives way to them.
RESERVED = ("id", "diagnostics", "summary", "error")
# Chunks in flight per worker: enough that no worker waits for the writer, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2


class BatchError(Exception):
    """A batch that cannot run (bad input path, unreachable scheduler, broken worker); one line."""


# --- the work unit: one chunk of records, linted by one worker -----------------------------------------

@dataclass(frozen=True)
class Options:
    """What every worker needs besides the records; small and picklable."""

    classifier: bool
    text_field: str
    id_field: str


@dataclass
class ChunkResult:
    """A linted chunk: its output lines, ready to append, and the counts for the run's summary."""

    lines: str
    records: int = 0
    errors: int = 0
    by_code: Counter = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)


# An item is one input record, in one of three forms the reader produces:
#   ("json", line_number, raw_line_bytes)  parsed and linted by the worker
#   ("text", id, text, name)               a file read by the reader; name decides Markdown or plain text
#   ("error", id, message)                 a record the reader already knows cannot be linted
Item = tuple

_LINTERS: dict[bool, Any] = {}
WARM_UP = ("# Q1\n\nWe saw that users who watch more documentaries have higher retention, so we should promote "
           "more documentaries. It depends on the data.\n")
# A Dask worker runs tasks in threads: one Linter per process, built once, used by one chunk at a time
# (the work holds the GIL anyway, and the spaCy pipeline is not documented as thread-safe).
_LINTER_LOCK = threading.Lock()


def _linter(classifier: bool):
    """This process's Linter, built on first use: spaCy, matchers and model load once per worker."""
    with _LINTER_LOCK:
        linter = _LINTERS.get(classifier)
        if linter is None:
            from .api import Linter
            from .config import Config

            linter = Linter(Config(), classifier=classifier)
            # Whatever the first lint creates lazily must outlive the memory zones chunks run in.
            linter.lint_text(WARM_UP)
            _LINTERS[classifier] = linter
        return linter


def _memory_zone(linter):
    """A memory zone around one chunk (see Engine.memory_zone): a long run's memory stays flat."""
    engine = getattr(linter, "engine", None)
    return engine.memory_zone() if engine is not None else contextlib.nullcontext()


def lint_chunk(items: list[Item], options: Options) -> ChunkResult:
    """Lint one chunk of records into JSON Lines; a record that cannot be linted becomes an error line."""
    linter = _linter(options.classifier)
    result = ChunkResult(lines="")
    out: list[str] = []
    # Findings are serialised inside the zone: no Doc, span or string outlives it.
    with _LINTER_LOCK, _memory_zone(linter):
        for item in items:
            try:
                record = _lint_item(linter, item, options, result)
            except Exception as exc:  # one bad record must not stop a million-record run
                result.errors += 1
                reason = _one_line(f"internal error: {type(exc).__name__}: {exc}")
                record = {"id": _item_id(item, options), "error": reason}
            out.append(json.dumps(record, ensure_ascii=False) + "\n")
    result.lines = "".join(out)
    result.records = len(items)
    return result


def _lint_item(linter, item: Item, options: Options, result: ChunkResult) -> dict:
    kind = item[0]
    if kind == "error":
        result.errors += 1
        return {"id": item[1], "error": item[2]}
    if kind == "text":
        _, rid, text, name = item
        passthrough: dict = {}
        markdown = is_markdown_name(name)
    else:
        parsed = parse_record(item[1], item[2], options)
        if isinstance(parsed, str):
            result.errors += 1
            return {"id": record_id(item[1], item[2], options.id_field), "error": parsed}
        rid, text, passthrough = parsed
        name, markdown = None, True
    findings = linter.lint_text(text, name, markdown=markdown)
    by_code = Counter(f.code for f in findings)
    result.by_code.update(by_code)
    for f in findings:
        result.names.setdefault(f.code, f.name)
    record = {"id": rid}
    record.update((k, v) for k, v in passthrough.items() if k not in RESERVED)
    record["diagnostics"] = [f.model_dump(mode="json") for f in findings]
    record["summary"] = {"diagnostics": len(findings), "by_code": dict(sorted(by_code.items()))}
    return record


def _item_id(item: Item, options: Options) -> Any:
    return record_id(item[1], item[2], options.id_field) if item[0] == "json" else item[1]


def _decode_line(line_no: int, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"line {line_no}: not valid UTF-8 (byte {exc.start})") from None


def parse_record(line_no: int, raw: bytes, options: Options) -> tuple[Any, str, dict] | str:
    """(id, text, the other fields) of a JSON Lines record, or the one-line reason it cannot be linted."""
    try:
        obj = json.loads(_decode_line(line_no, raw))
    except json.JSONDecodeError as exc:
        return f"line {line_no}: invalid JSON ({exc.msg} at character {exc.pos + 1})"
    except ValueError as exc:  # not UTF-8
        return str(exc)
    except RecursionError:
        return f"line {line_no}: invalid JSON (nested too deeply)"
    if not isinstance(obj, dict):
        return f"line {line_no}: expected a JSON object, got {_json_type(obj)}"
    if options.text_field not in obj:
        return f"line {line_no}: no {options.text_field!r} field"
    text = obj[options.text_field]
    if not isinstance(text, str):
        return f"line {line_no}: field {options.text_field!r} is {_json_type(text)}, not a string"
    rid = obj.get(options.id_field)
    if rid is None:
        rid = f"line:{line_no}"
    rest = {k: v for k, v in obj.items() if k not in (options.text_field, options.id_field)}
    return rid, text, rest


def record_id(line_no: int, raw: bytes, id_field: str) -> Any:
    """The id a JSON Lines record gets in the output: its id field, else "line:N"."""
    try:
        obj = json.loads(_decode_line(line_no, raw))
    except (ValueError, RecursionError):
        return f"line:{line_no}"
    rid = obj.get(id_field) if isinstance(obj, dict) else None
    return f"line:{line_no}" if rid is None else rid


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _id_key(rid: Any) -> str:
    """A hashable, type-preserving key for an id (1 and "1" stay different)."""
    return json.dumps(rid, sort_keys=True, ensure_ascii=False)


# --- reading: lazily, one record at a time -----------------------------------------------------------

@dataclass
class Chunk:
    items: list[Item]
    nbytes: int  # input bytes the chunk covers, for the progress bar's ETA


def _is_answer_file(path: Path) -> bool:
    """A single Markdown/text file given as INPUT is one answer; any other file is read as JSON Lines."""
    return path.suffix.lower() in DEFAULT_SUFFIXES


def _records(inputs: list[Path], id_field: str) -> Iterator[tuple[Callable[[], Item], int, Callable[[], Any]]]:
    """(how to load the item, its size in bytes, how to get its output id) per input record, in order."""
    from .discovery import iter_files

    for top in inputs:
        if top.is_dir():
            for path in iter_files([top]):
                if isinstance(path, str):  # vanished since we checked; keep going
                    continue
                rid = path.relative_to(top).as_posix()
                yield from _file_record(path, rid)
        elif _is_answer_file(top):
            yield from _file_record(top, str(top))
        else:
            yield from _jsonl_records(top, id_field)


def _file_record(path: Path, rid: str):
    try:
        size = path.stat().st_size
    except OSError:
        size = 0

    def load() -> Item:
        try:
            return ("text", rid, read_file(path), path.name)
        except InputError as exc:
            return ("error", rid, _one_line(str(exc)))

    # The file is read only when the record is not skipped by --resume.
    yield load, size, lambda: rid


def _jsonl_records(path: Path, id_field: str):
    stream: BinaryIO
    if str(path) == "-":
        stream = sys.stdin.buffer
        close = False
    else:
        try:
            stream = open(path, "rb")  # noqa: SIM115 - closed below, after the lazy loop
        except OSError as exc:
            raise BatchError(f"{path}: cannot read ({exc.strerror or exc})") from None
        close = True
    try:
        # Iterating a binary file reads one line at a time through a fixed buffer: never the whole file.
        for line_no, raw in enumerate(stream, 1):
            size = len(raw)
            if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            raw = raw.rstrip(b"\r\n")
            if not raw.strip():  # a blank line is no record
                continue
            item = ("json", line_no, raw)
            yield (lambda item=item: item), size, (lambda n=line_no, r=raw: record_id(n, r, id_field))
    finally:
        if close:
            stream.close()


def _chunks(inputs: list[Path], options: Options, chunk_size: int, done: Counter,
            progress: Progress) -> Iterator[Chunk]:
    """Chunks of records still to lint; records whose ids are already in the output are skipped once each."""
    items: list[Item] = []
    nbytes = 0
    to_skip = sum(done.values())
    for load, size, get_id in _records(inputs, options.id_field):
        if to_skip:
            # A record is skipped once per copy of its id in the output: the output holds a prefix of
            # the input, so these are exactly the records written before the interruption.
            key = _id_key(get_id())
            if done[key] > 0:
                done[key] -= 1
                to_skip -= 1
                progress.skip(size)
                continue
        items.append(load())
        nbytes += size
        if len(items) >= chunk_size:
            yield Chunk(items, nbytes)
            items, nbytes = [], 0
    if items:
        yield Chunk(items, nbytes)


def _total_bytes(inputs: list[Path]) -> int | None:
    from .discovery import iter_files

    total = 0
    for top in inputs:
        if str(top) == "-":
            return None
        for path in iter_files([top]) if top.is_dir() else [top]:
            if isinstance(path, Path):
                try:
                    total += path.stat().st_size
                except OSError:
                    pass
    return total


# --- resuming: what the output already holds -----------------------------------------------------------

def _repair_and_read_ids(output: Path) -> Counter:
    """Ids already written to `output`, after cutting a partly written last line back to the last newline."""
    done: Counter = Counter()
    if not output.exists():
        return done
    with open(output, "r+b") as f:
        end = f.seek(0, os.SEEK_END)
        keep = end
        if end:
            f.seek(end - 1)
            if f.read(1) != b"\n":
                keep = _last_newline(f, end)
                f.truncate(keep)
        f.seek(0)
        for line_no, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except ValueError:
                obj = None
            if not isinstance(obj, dict) or "id" not in obj:
                raise BatchError(f"{output}: line {line_no} is not an answerlint batch record; cannot resume")
            done[_id_key(obj["id"])] += 1
    return done


def _last_newline(f: BinaryIO, end: int, block: int = 1 << 16) -> int:
    """Offset just past the last b"\\n" before `end` (0 when there is none), reading backwards."""
    pos = end
    while pos > 0:
        start = max(0, pos - block)
        f.seek(start)
        data = f.read(pos - start)
        i = data.rfind(b"\n")
        if i >= 0:
            return start + i + 1
        pos = start
    return 0


# --- running: in-process, a joblib (loky) process pool, or a Dask cluster ---------------------------

def _windowed(submit: Callable[[Chunk], Any], chunks: Iterable[Chunk], window: int,
              cancel: Callable[[Any], None]) -> Iterator[tuple[Chunk, ChunkResult]]:
    """Results in input order with at most `window` chunks submitted and not yet written."""
    pending: deque = deque()
    try:
        for chunk in chunks:
            pending.append((chunk, submit(chunk)))
            if len(pending) >= window:
                done, future = pending.popleft()
                yield done, _result(future)
        while pending:
            done, future = pending.popleft()
            yield done, _result(future)
    finally:
        for _, future in pending:
            cancel(future)


def _result(future) -> ChunkResult:
    try:
        return future.result()
    except Exception as exc:  # records' own failures are error lines; this is the pool or the cluster
        raise BatchError(_one_line(f"a worker failed: {type(exc).__name__}: {exc}")) from exc


def _run_inline(chunks: Iterable[Chunk], options: Options) -> Iterator[tuple[Chunk, ChunkResult]]:
    for chunk in chunks:
        try:
            result = lint_chunk(chunk.items, options)
        except Exception as exc:  # building the Linter failed: records' own failures are error lines
            raise BatchError(_one_line(f"cannot lint: {type(exc).__name__}: {exc}")) from exc
        yield chunk, result


def _run_pool(options: Options, jobs: int) -> Callable[[Iterable[Chunk]], Iterator[tuple[Chunk, ChunkResult]]]:
    # joblib's own process pool (loky), used through its executor rather than Parallel(return_as="generator"):
    # Parallel dispatches a new task whenever one finishes, whether or not the writer has consumed the
    # results, so a slow first chunk would let finished chunks pile up in memory. A window of futures
    # bounds the chunks in flight, and is the same code the Dask path uses.
    from joblib.externals.loky import get_reusable_executor

    # Idle workers (and their warm Linters) stay for 5 minutes, as under joblib.Parallel.
    executor = get_reusable_executor(max_workers=jobs, timeout=300)

    def run(chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, ChunkResult]]:
        yield from _windowed(lambda c: executor.submit(lint_chunk, c.items, options), chunks,
                             IN_FLIGHT_PER_WORKER * jobs, lambda f: f.cancel())

    return run


def _run_dask(options: Options, address: str) -> Callable[[Iterable[Chunk]], Iterator[tuple[Chunk, ChunkResult]]]:
    """Connect now (before the output is touched); the returned runner closes the client when done."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise BatchError("--scheduler needs Dask: pip install 'answerlint[dask]'") from None
    try:
        client = Client(address)
    except (OSError, TimeoutError, ValueError) as exc:
        raise BatchError(_one_line(f"cannot connect to the Dask scheduler at {address}: {exc}")) from None

    def run(chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, ChunkResult]]:
        try:
            threads = sum(client.nthreads().values()) or 1
            # pure=False: chunks are not hashed (it costs time) and two equal chunks stay two tasks.
            yield from _windowed(lambda c: client.submit(lint_chunk, c.items, options, pure=False), chunks,
                                 IN_FLIGHT_PER_WORKER * threads, lambda f: f.cancel())
        finally:
            client.close()

    return run


# --- the progress bar -----------------------------------------------------------------------------

class Progress:
    """One status line on a terminal: answers, answers/s, percent and ETA (by input bytes). Silent elsewhere.

    Rates are measured from the first finished chunk on, so the pool's start-up does not skew the ETA.
    """

    def __init__(self, stream: TextIO | None, total_bytes: int | None, interval: float = 0.2) -> None:
        self.stream = stream
        self.total = total_bytes
        self.interval = interval
        self.start = time.monotonic()
        self.first: tuple[float, int, int] | None = None  # (time, answers, bytes) at the first chunk
        self.last_draw = 0.0
        self.answers = 0
        self.bytes_done = 0
        self.bytes_skipped = 0
        self.width = 0

    @classmethod
    def for_stderr(cls, inputs: list[Path]) -> Progress:
        stream = sys.stderr
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        if not tty:
            return cls(None, None)
        return cls(stream, _total_bytes(inputs))

    def skip(self, nbytes: int) -> None:
        self.bytes_skipped += nbytes

    def update(self, answers: int, nbytes: int, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self.answers += answers
        self.bytes_done += nbytes
        if self.first is None:
            self.first = (now, self.answers, self.bytes_done)
        if self.stream is not None and now - self.last_draw >= self.interval:
            self.last_draw = now
            self._draw(now)

    def _rates(self, now: float) -> tuple[float, float]:
        """(answers/s, bytes/s)."""
        if self.first is not None and now > self.first[0] and self.answers > self.first[1]:
            t0, a0, b0 = self.first
            return (self.answers - a0) / (now - t0), (self.bytes_done - b0) / (now - t0)
        elapsed = max(now - self.start, 1e-9)
        return self.answers / elapsed, self.bytes_done / elapsed

    def line(self, now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        rate, byte_rate = self._rates(now)
        parts = [f"{self.answers:,} answers", f"{rate:,.0f} answers/s"]
        if self.total:
            todo = max(self.total - self.bytes_skipped, 1)
            parts.append(f"{min(self.bytes_done / todo, 1.0):4.0%}")
            eta = (todo - self.bytes_done) / byte_rate if byte_rate > 0 else None
            parts.append(f"ETA {_clock(eta)}" if eta is not None else "ETA --:--")
        return "batch: " + " | ".join(parts)

    def _draw(self, now: float) -> None:
        text = self.line(now)
        pad = " " * max(0, self.width - len(text))
        self.width = len(text)
        self.stream.write("\r" + text + pad)
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(max(seconds, 0) + 0.5)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# --- the run --------------------------------------------------------------------------------------

def _check(inputs: list[Path], output: Path, jobs: int | None, chunk_size: int) -> int:
    if not inputs:
        raise BatchError("no input given")
    if chunk_size < 1:
        raise BatchError(f"--chunk-size must be at least 1, got {chunk_size}")
    for p in inputs:
        if str(p) == "-":
            continue
        if not p.exists():
            raise BatchError(f"{p}: no such file or directory")
        if p.is_file() and output.exists() and p.resolve() == output.resolve():
            raise BatchError(f"{p}: the output file cannot also be an input")
    if output.exists() and output.is_dir():
        raise BatchError(f"{output}: is a directory")
    from joblib import cpu_count

    cores = cpu_count()
    if jobs is None:
        return cores
    if jobs == 0:
        raise BatchError("--jobs must not be 0")
    return jobs if jobs > 0 else max(1, cores + 1 + jobs)  # -1 = all cores, as in joblib


def run_batch(inputs: list[Path], output: Path, *, text_field: str = "text", id_field: str = "id",
              jobs: int | None = None, resume: bool = False, scheduler: str | None = None,
              classifier: bool = True, chunk_size: int = 64) -> str:
    """Lint every record of `inputs` into `output` (JSON Lines, input order); return the run's summary."""
    jobs = _check(inputs, output, jobs, chunk_size)
    options = Options(classifier=classifier, text_field=text_field, id_field=id_field)
    done = _repair_and_read_ids(output) if resume else Counter()
    already = sum(done.values())
    progress = Progress.for_stderr(inputs)
    chunks: Iterable[Chunk] = _chunks(inputs, options, chunk_size, done, progress)
    if jobs > 1 and not scheduler:
        # No more workers than chunks: a small input is not worth starting (and warming) a pool.
        head = list(itertools.islice(chunks, jobs))
        jobs = max(1, len(head))
        chunks = itertools.chain(head, chunks)
    if scheduler:
        runner = _run_dask(options, scheduler)
    elif jobs == 1:
        runner = functools.partial(_run_inline, options=options)
    else:
        runner = _run_pool(options, jobs)
    results = runner(chunks)

    records = errors = 0
    by_code: Counter = Counter()
    names: dict[str, str] = {}
    started = time.monotonic()
    try:
        with open(output, "ab" if resume else "wb") as out:
            for chunk, result in results:
                # One write of whole lines per chunk, flushed: an interruption leaves complete records
                # (at worst a partly written last line, which --resume cuts off).
                out.write(result.lines.encode("utf-8"))
                out.flush()
                records += result.records
                errors += result.errors
                by_code.update(result.by_code)
                names.update(result.names)
                progress.update(result.records, chunk.nbytes)
    except OSError as exc:
        raise BatchError(_one_line(f"{output}: cannot write ({exc.strerror or exc})")) from None
    finally:
        results.close()  # cancels chunks still in flight when we stop early; closes a Dask client
        progress.close()
    elapsed = time.monotonic() - started
    leftover = sum(done.values())
    return _summary(output, records, errors, already, leftover, by_code, names, elapsed)


def _summary(output: Path, records: int, errors: int, already: int, leftover: int, by_code: Counter,
             names: dict[str, str], elapsed: float) -> str:
    rate = records / elapsed if elapsed > 0 else 0.0
    total = sum(by_code.values())
    head = (f"answerlint batch: {records:,} record{'s' * (records != 1)} -> {output} in {elapsed:.1f} s "
            f"({rate:,.0f} answers/s): {total:,} diagnostic{'s' * (total != 1)}, "
            f"{errors:,} error{'s' * (errors != 1)}")
    if already:
        head += f"; {already - leftover:,} already in the output, skipped"
    lines = [head]
    if leftover:
        lines.append(f"  note: {leftover:,} record{'s' * (leftover != 1)} in the output match no input record")
    if by_code:
        width = max(len(names.get(c, "")) for c in by_code)
        for code, n in sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {code:<7} {names.get(code, ''):<{width}} {n:>8,}")
    return "\n".join(lines)
