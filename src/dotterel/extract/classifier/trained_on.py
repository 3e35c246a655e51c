"""Which sentences the shipped event model was trained on, so an evaluation can say it is in-sample.

The training script writes one short hash per training sentence next to the weights
(``event_classifier.trained_on.txt``). ``dotterel evaluate`` reads it: when the gold it scores was in
the training data (the PLOVER GSR is), the rules + model figures are in-sample and say nothing about
new text, and the report says so instead of letting a 0.99 pass for a measurement.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["TRAINED_ON_FILE", "text_key", "trained_share"]

#: Beside ``event_classifier.npz`` in the package's ``data/models/``.
TRAINED_ON_FILE = "event_classifier.trained_on.txt"


def text_key(text: str) -> str:
    """The short hash a training sentence is listed under (sha1 of the stripped text, 12 hex digits)."""
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:12]


@cache
def _keys(path: str | None) -> frozenset[str]:
    file = Path(path) if path else resources.files("dotterel") / "data" / "models" / TRAINED_ON_FILE
    try:
        text = file.read_text("utf-8")
    except (FileNotFoundError, OSError):
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def trained_share(texts: Iterable[str], path: str | None = None) -> float | None:
    """The share of ``texts`` the shipped model was trained on (``None`` when nothing is listed)."""
    keys = _keys(path)
    texts = list(texts)
    if not keys or not texts:
        return None
    return sum(text_key(t) in keys for t in texts) / len(texts)
