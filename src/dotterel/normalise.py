"""Text normalisation that never moves a character.

Every substitution here keeps the text's length, so offsets computed on the normalised text are
offsets in the article exactly as it was read (DESIGN.md §3). The *text* of a span is another
matter: sliced from the normalised copy it would hold a space where the article has a no-break
space or a tab, so :func:`exact_spans` re-slices every span of the finished frames from the
original text (``text[start:end] == span.text``, always). That is why a leading ``Article:``
label is blanked with spaces instead of cut off, and why typographic characters are only swapped
one-for-one.
"""

from __future__ import annotations

import re
from typing import Any

from .records import Evidence, Frame

__all__ = ["exact_spans", "normalise_text"]

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


def _sliced(obj: Any, text: str) -> Any:
    """``obj`` (a span-like record with ``text``, ``start``, ``end``) with its text from ``text``."""
    if obj is None or obj.start is None or obj.end is None:
        return obj
    exact = text[obj.start : obj.end]
    if obj.text == exact:
        return obj
    obj.text = exact
    return obj


def exact_spans(frames: list[Frame], text: str) -> None:
    """Re-slice the text of every span in ``frames`` from the original article ``text``.

    Only a normalised character (tab, no-break, thin or zero-width space, BOM, a blanked label)
    can make the two differ; the offsets are the same either way.
    """
    for frame in frames:
        frame.trigger = _sliced(frame.trigger, text)
        sent = frame.sentence
        if text[sent.start : sent.end] != sent.sentence:
            frame.sentence = Evidence(text[sent.start : sent.end], sent.start, sent.end)
        for mention in (*frame.actors, *frame.recipients):
            _sliced(mention, text)
        if frame.attribution is not None:
            _sliced(frame.attribution, text)
            _sliced(frame.attribution.source, text)
        _sliced(frame.location, text)
        _sliced(frame.date, text)
        for info in (frame.quantities.get("spans") or {}).values():
            if (
                isinstance(info, dict)
                and isinstance(info.get("start"), int)
                and isinstance(info.get("end"), int)
            ):
                info["text"] = text[info["start"] : info["end"]]
