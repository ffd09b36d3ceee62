"""Placeholder until the trained model lands: no artifact is shipped, so the rules run alone."""
from __future__ import annotations


def load_classifier(model_dir: str | None = None):
    return None
