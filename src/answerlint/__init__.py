"""answerlint: lint written answers to product-sense and data-science questions for reasoning anti-patterns."""
from .__about__ import __version__

__all__ = ["__version__", "lint_text", "lint_paths", "Finding", "Linter", "Config"]


def __getattr__(name: str):
    # Lazy: `import answerlint` stays cheap; spaCy loads on first use.
    if name in ("lint_text", "lint_paths", "Linter"):
        from . import api

        return getattr(api, name)
    if name == "Finding":
        from .finding import Finding

        return Finding
    if name == "Config":
        from .config import Config

        return Config
    raise AttributeError(name)
