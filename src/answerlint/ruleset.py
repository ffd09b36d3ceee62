"""Rule files: the pydantic schema, loading (built-in and user folders) and validation errors."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .finding import Severity

DOCS_URL = "https://answerlint.readthedocs.io/en/latest/rules/{code}/"
Within = Literal["sentence", "next", "previous", "passage", "paragraph", "answer"]
MARK = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)


class RuleFileError(Exception):
    """A rule file that cannot be used; the message is `file: field: problem`."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Cue(_Strict):
    """A named lexicon. `phrases` match lowercase lemmas (any inflection or case), `exact`
    matches lowercase words as written, `patterns` are spaCy Matcher token patterns."""

    phrases: list[str] = []
    exact: list[str] = []
    patterns: list[list[dict[str, Any]]] = []

    @model_validator(mode="after")
    def _not_empty(self) -> "Cue":
        if not (self.phrases or self.exact or self.patterns):
            raise ValueError("a cue needs phrases, exact or patterns")
        return self


class Condition(_Strict):
    cue: str
    within: Within = "sentence"


class Example(_Strict):
    text: str = Field(min_length=1)
    suggestion: str | None = None  # expected replacement (flag examples only)


def _examples(value: Any) -> Any:
    if isinstance(value, list):
        return [{"text": v} if isinstance(v, str) else v for v in value]
    return value


class Examples(_Strict):
    flag: list[Example] = Field(min_length=1)
    pass_: list[Example] = Field(min_length=1, alias="pass")

    _norm = field_validator("flag", "pass_", mode="before")(_examples)

    @field_validator("flag")
    @classmethod
    def _marked(cls, value: list[Example]) -> list[Example]:
        for i, ex in enumerate(value):
            if not MARK.search(ex.text):
                raise ValueError(f"example {i} has no [[...]] span marker")
        return value

    @field_validator("pass_")
    @classmethod
    def _unmarked(cls, value: list[Example]) -> list[Example]:
        for i, ex in enumerate(value):
            if MARK.search(ex.text):
                raise ValueError(f"example {i} is a pass example but has a [[...]] marker")
        return value


class RuleSpec(_Strict):
    code: str = Field(pattern=r"^[A-Z]{3}\d{3}$")
    name: str = Field(pattern=r"^[a-z]+(?:-[a-z]+)*$")
    severity: Severity = "warning"
    scope: Literal["sentence", "answer"] = "sentence"
    what: str = Field(min_length=1)
    why: str = Field(min_length=1)
    message: str = Field(min_length=1)
    suggestion: str = Field(min_length=1)
    suggestion_target: Literal["match", "sentence"] = "sentence"
    confidence: float = Field(0.8, ge=0.0, le=1.0)
    cues: dict[str, Cue] = {}
    trigger: str | list[str] | None = None
    requires: list[Condition] = []
    unless: list[Condition] = []
    check: str | None = None
    url: str | None = None
    examples: Examples

    @model_validator(mode="after")
    def _consistent(self) -> "RuleSpec":
        names = set(self.cues)
        if self.trigger is None and self.check is None:
            raise ValueError("a rule needs a trigger cue or a check")
        for name in self.triggers:
            if name not in names:
                raise ValueError(f"trigger: no cue named {name!r}")
        for cond in [*self.requires, *self.unless]:
            if cond.cue not in names:
                raise ValueError(f"condition names unknown cue {cond.cue!r}")
        return self

    @property
    def triggers(self) -> tuple[str, ...]:
        if self.trigger is None:
            return ()
        return (self.trigger,) if isinstance(self.trigger, str) else tuple(self.trigger)

    @property
    def doc_url(self) -> str:
        return self.url or DOCS_URL.format(code=self.code.lower())

    @property
    def family(self) -> str:
        return self.code[:3]


def _format_error(label: str, exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"] if p != "__root__") or "(rule)"
    loc = loc.replace("pass_", "pass")
    msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
    msg = msg.removeprefix("Value error, ")
    return f"{label}: {loc}: {msg}"


COMPILED = "_compiled.json"  # the built-in rules pre-parsed, keyed by a hash of their YAML


def parse_rule(text: str, label: str, *, validate_patterns: bool = True) -> RuleSpec:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: same safety, faster
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise RuleFileError(f"{label}: {where}: invalid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict):
        raise RuleFileError(f"{label}: (file): a rule file must be a mapping")
    try:
        spec = RuleSpec.model_validate(data)
    except ValidationError as exc:
        raise RuleFileError(_format_error(label, exc)) from None
    from .checks import CHECKS

    if spec.check is not None and spec.check not in CHECKS:
        raise RuleFileError(f"{label}: check: no built-in check named {spec.check!r}")
    if validate_patterns:
        _validate_patterns(spec, label)
    return spec


def _validate_patterns(spec: RuleSpec, label: str) -> None:
    from spacy.matcher import Matcher

    from .nlp import get_nlp

    matcher = Matcher(get_nlp().vocab, validate=True)
    for name, cue in spec.cues.items():
        for i, pattern in enumerate(cue.patterns):
            try:
                matcher.add(f"{name}{i}", [pattern])
            except Exception as exc:  # spaCy raises ValueError / MatchPatternError
                first = str(exc).strip().splitlines()
                detail = next((ln.strip() for ln in first if ln.strip().startswith("-")), first[0] if first else "")
                raise RuleFileError(f"{label}: cues.{name}.patterns.{i}: invalid pattern {detail}") from None


def _rule_files(folder: Path | resources.abc.Traversable) -> list:
    files = [p for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")) and not p.name.startswith("_")]
    return sorted(files, key=lambda p: p.name)


def builtin_folder():
    packaged = resources.files("answerlint") / "rules"
    if packaged.is_dir():
        return packaged
    # Editable install / source checkout: the top-level rules/ folder beside src/.
    return Path(__file__).resolve().parents[2] / "rules"


@functools.cache
def builtin_rules(validate_patterns: bool = False) -> tuple[RuleSpec, ...]:
    """The shipped rules. Their Matcher patterns are schema-checked by the test suite, not at every start.
    `rules/_compiled.json` holds them pre-parsed (YAML parsing was a visible part of start-up); it is
    used only when its hash matches the YAML files beside it, so a stale copy can never be read."""
    folder = builtin_folder()
    texts = _rule_texts(folder)
    if not validate_patterns:
        compiled = _read_compiled(folder, texts)
        if compiled is not None:
            return compiled
    return tuple(parse_rule(text, f"rules/{name}", validate_patterns=validate_patterns) for name, text in texts)


def _rule_texts(folder) -> list[tuple[str, str]]:
    return [(f.name, f.read_text(encoding="utf-8")) for f in _rule_files(folder)]


def rules_digest(texts: list[tuple[str, str]]) -> str:
    import hashlib

    h = hashlib.sha256()
    for name, text in texts:
        h.update(name.encode() + b"\0" + text.encode("utf-8") + b"\0")
    return h.hexdigest()


def _read_compiled(folder, texts: list[tuple[str, str]]) -> tuple[RuleSpec, ...] | None:
    import json

    f = folder / COMPILED
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("sha256") != rules_digest(texts):
        return None
    from .checks import CHECKS

    try:
        specs = tuple(RuleSpec.model_validate(r) for r in data["rules"])
    except (ValidationError, KeyError, TypeError):
        return None
    if any(s.check is not None and s.check not in CHECKS for s in specs):
        return None
    return specs


def write_compiled(folder: Path | None = None) -> Path:
    """Regenerate `rules/_compiled.json` from the YAML files (run after editing a built-in rule)."""
    import json

    folder = Path(folder or builtin_folder())
    texts = _rule_texts(folder)
    specs = [parse_rule(text, f"rules/{name}") for name, text in texts]
    data = {"sha256": rules_digest(texts), "rules": [s.model_dump(mode="json", by_alias=True) for s in specs]}
    out = folder / COMPILED
    out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    print(write_compiled())


def load_rule_dir(path: Path) -> list[RuleSpec]:
    if not path.is_dir():
        raise RuleFileError(f"{path}: (folder): not a directory")
    specs = []
    for f in _rule_files(path):
        try:
            text = f.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleFileError(f"{f}: (file): cannot read ({exc})") from None
        specs.append(parse_rule(text, str(f)))
    return specs


def merge(base: Iterable[RuleSpec], extra: Iterable[RuleSpec]) -> tuple[RuleSpec, ...]:
    """Built-in rules plus user rules; a user rule with a built-in code replaces it."""
    by_code = {r.code: r for r in base}
    for r in extra:
        by_code[r.code] = r
    return tuple(sorted(by_code.values(), key=lambda r: r.code))
