"""Configuration: [tool.answerlint] in pyproject.toml or .answerlint.toml, found by walking up."""
from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .finding import Severity

FailOn = Literal["error", "warning", "info", "never"]
CONFIG_FILES = (".answerlint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration problem; the message is one line (`file: key: problem`)."""


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    select: list[str] | None = None
    ignore: list[str] = []
    extend_select: list[str] = Field(default=[], alias="extend-select")
    per_file_ignores: dict[str, list[str]] = Field(default={}, alias="per-file-ignores")
    severity: dict[str, Severity] = {}
    exclude: list[str] = []
    rule_dirs: list[str] = Field(default=[], alias="rule-dirs")
    fail_on: FailOn = Field(default="warning", alias="fail-on")
    classifier: bool = True
    model: str | None = None

    # Where the config file lives: relative paths and globs are read from here.
    base: Path | None = Field(default=None, exclude=True)
    source: str | None = Field(default=None, exclude=True)

    def with_overrides(self, **changes) -> "Config":
        data = self.model_dump(by_alias=False)
        data.update({k: v for k, v in changes.items() if v is not None})
        return Config.model_validate({**data, "base": self.base, "source": self.source})

    def ignored_for(self, path: str | None) -> set[str]:
        """Selectors ignored for one file by per-file-ignores (globs relative to the config)."""
        if not path or not self.per_file_ignores:
            return set()
        p = Path(path)
        try:
            rel = p.resolve().relative_to(self.base.resolve()) if self.base else p
        except ValueError:
            rel = p
        rel_s = PurePosixPath(rel).as_posix()
        out: set[str] = set()
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(rel_s, pattern) or fnmatch.fnmatch(p.name, pattern) or PurePosixPath(rel_s).match(pattern):
                out.update(codes)
        return out

    def rule_paths(self) -> list[Path]:
        base = self.base or Path.cwd()
        return [(base / d) for d in self.rule_dirs]


def _format(label: str, exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"]) or "(config)"
    msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
    return f"{label}: {loc}: {msg}"


def parse_config(data: dict, label: str, base: Path | None) -> Config:
    if not isinstance(data, dict):
        raise ConfigError(f"{label}: (config): expected a table")
    for key in ("base", "source"):
        if key in data:
            raise ConfigError(f"{label}: {key}: unknown key")
    try:
        return Config.model_validate({**data, "base": base, "source": label})
    except ValidationError as exc:
        raise ConfigError(_format(label, exc)) from None


def load_file(path: Path) -> Config | None:
    """Read one config file; None when it is a pyproject.toml without [tool.answerlint]."""
    label = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{label}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{label}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{label}: invalid TOML ({exc})") from None
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("answerlint")
        if section is None:
            return None
        return parse_config(section, f"{label}: [tool.answerlint]", path.parent)
    return parse_config(data, label, path.parent)


def discover(start: Path) -> Config:
    """The nearest config above `start` (a file or directory); defaults when there is none."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for d in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = d / name
            if candidate.is_file():
                cfg = load_file(candidate)
                if cfg is not None:
                    return cfg
    return Config()
