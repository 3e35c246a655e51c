"""The attribution stage's word lists, read once from ``data/attribution.tsv``."""

from __future__ import annotations

from functools import cache
from importlib import resources

from ..errors import ConfigError

__all__ = ["attribution_words"]


@cache
def attribution_words() -> dict[str, frozenset[str]]:
    """kind → words (lower case); multi-word entries are not used, so a word is one token."""
    text = (resources.files("dotterel") / "data" / "attribution.tsv").read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            raise ConfigError(f"attribution.tsv:{n}: expected KIND<TAB>WORDS, got {line!r}")
        kind, words = fields
        out.setdefault(kind, set()).update(words.split())
    return {k: frozenset(v) for k, v in out.items()}
