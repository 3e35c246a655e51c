"""Text normalisation that never moves a character.

Every substitution here keeps the text's length, so offsets computed on the normalised text are
offsets in the article exactly as it was read (DESIGN.md §3). That is why a leading ``Article:``
label is blanked with spaces instead of cut off, and why typographic characters are only swapped
one-for-one.
"""

from __future__ import annotations

import re

__all__ = ["normalise_text"]

# A label that wire feeds and scrapers put before the body: "Article:", "STORY:", "Text -".
_LABEL = re.compile(r"\A(\s*)(article|story|text|body|content)\s*[:\-\u2013\u2014]\s", re.IGNORECASE)

# One-for-one replacements that help the parser; never change the length.
_CHAR_MAP = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2009": " ",  # thin space
        "\u202f": " ",
        "\u200b": " ",  # zero-width space (kept as a space so offsets stay put)
        "\ufeff": " ",
        "\t": " ",
    }
)


def normalise_text(text: str) -> str:
    """Return ``text`` with labels blanked and odd spaces replaced; ``len`` is unchanged."""
    out = text.translate(_CHAR_MAP)
    match = _LABEL.match(out)
    if match:
        start, end = match.start(2), match.end()
        out = out[:start] + " " * (end - start) + out[end:]
    assert len(out) == len(text)
    return out
