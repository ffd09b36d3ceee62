"""Which files to lint: walk folders, keep Markdown and text, honour --exclude and .gitignore."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .source import DEFAULT_SUFFIXES

if TYPE_CHECKING:
    import pathspec


def _spec(lines: list[str]) -> "pathspec.PathSpec":
    import pathspec  # imported when a pattern exists: it loads optional regex backends at import

    return pathspec.GitIgnoreSpec.from_lines(lines)


ALWAYS_SKIPPED = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}


def _gitignore(folder: Path) -> pathspec.PathSpec | None:
    f = folder / ".gitignore"
    if not f.is_file():
        return None
    try:
        lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return _spec(lines)


def _excluded(path: Path, patterns: pathspec.PathSpec | None, root: Path) -> bool:
    if patterns is None:
        return False
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    return patterns.match_file(rel) or patterns.match_file(path.name)


class PathError(NamedTuple):
    """A path given on the command line that cannot be linted."""

    path: str
    message: str  # one line, starting with the path


def iter_files(paths: list[Path], exclude: list[str] | None = None,
               suffixes: set[str] = DEFAULT_SUFFIXES) -> Iterator[Path | PathError]:
    """Yield files to lint in a stable order; a path that does not exist yields a PathError."""
    ex = _spec(exclude) if exclude else None
    for top in paths:
        if not top.exists():
            yield PathError(str(top), f"{top}: no such file or directory")
            continue
        if top.is_file():
            yield top
            continue
        yield from _walk(top, ex, suffixes)


def _walk(root: Path, ex, suffixes: set[str]) -> Iterator[Path]:
    ignores: dict[Path, list[tuple[Path, pathspec.PathSpec]]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        inherited = ignores.get(here, [])
        own = _gitignore(here)
        specs = inherited + ([(here, own)] if own else [])

        def ignored(p: Path, is_dir: bool) -> bool:
            if _excluded(p, ex, root):
                return True
            for base, spec in specs:
                rel = p.relative_to(base).as_posix() + ("/" if is_dir else "")
                if spec.match_file(rel):
                    return True
            return False

        keep = []
        for d in sorted(dirnames):
            p = here / d
            if d in ALWAYS_SKIPPED or ignored(p, True):
                continue
            keep.append(d)
            ignores[p] = specs
        dirnames[:] = keep
        for name in sorted(filenames):
            p = here / name
            if p.suffix.lower() in suffixes and not ignored(p, False):
                yield p
