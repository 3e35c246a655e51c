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
from collections.abc import Iterator
from typing import Any

from .records import Evidence, Frame

__all__ = ["exact_spans", "normalise_text", "shift_spans", "MAX_RUN"]

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


#: Longest run of non-space characters handed to the tokenizer as one piece. spaCy splits
#: prefixes and suffixes off a token one character at a time, re-slicing the rest each time, so a
#: run of 20,000 emoji or quote marks took minutes (issue 17). No word is this long; a longer run
#: (a URL, base64, a wall of emoji) is cut by a space every so many characters in the copy the
#: parser reads. Span text is always sliced from the original (:func:`exact_spans`).
MAX_RUN = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


def _cut_long_runs(text: str) -> str:
    pieces: list[str] = []
    last = 0
    for match in _LONG_RUN.finditer(text):
        chars = list(match.group())
        for i in range(MAX_RUN, len(chars), MAX_RUN):
            chars[i] = " "  # one for one: the length, and so every offset, stays
        pieces.append(text[last : match.start()])
        pieces.append("".join(chars))
        last = match.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def normalise_text(text: str) -> str:
    """Return ``text`` with labels blanked, odd spaces replaced and endless tokens cut.

    ``len`` is unchanged, so every offset in the result is an offset in ``text``.
    """
    out = _cut_long_runs(text.translate(_CHAR_MAP))
    match = _LABEL.match(out)
    if match:
        start, end = match.start(2), match.end()
        out = out[:start] + " " * (end - start) + out[end:]
    assert len(out) == len(text)
    return out


def _span_records(frame: Frame) -> Iterator[Any]:
    """Every record of ``frame`` that carries ``start``/``end`` article offsets."""
    yield frame.trigger
    yield frame.sentence
    yield from frame.actors
    yield from frame.recipients
    if frame.attribution is not None:
        yield frame.attribution
        if frame.attribution.source is not None:
            yield frame.attribution.source
    if frame.location is not None:
        yield frame.location
    if frame.date is not None and frame.date.start is not None and frame.date.end is not None:
        yield frame.date
    for info in (frame.quantities.get("spans") or {}).values():
        if isinstance(info, dict) and isinstance(info.get("start"), int) and isinstance(info.get("end"), int):
            yield info


def _get(rec: Any, key: str) -> Any:
    return rec[key] if isinstance(rec, dict) else getattr(rec, key)


def _set(rec: Any, key: str, value: Any) -> None:
    if isinstance(rec, dict):
        rec[key] = value
    else:
        setattr(rec, key, value)


def exact_spans(frames: list[Frame], text: str) -> None:
    """Re-slice the text of every span in ``frames`` from the original article ``text``.

    Only a normalised character (tab, no-break, thin or zero-width space, BOM, a blanked label, a
    cut run) can make the two differ; the offsets are the same either way.
    """
    for frame in frames:
        for rec in _span_records(frame):
            key = "sentence" if isinstance(rec, Evidence) else "text"
            exact = text[_get(rec, "start") : _get(rec, "end")]
            if _get(rec, key) != exact:
                _set(rec, key, exact)


def shift_spans(frames: list[Frame], offset: int) -> None:
    """Move every span of ``frames`` by ``offset`` characters (a piece of a long article → the article).

    A record shared by several frames (an inherited attribution, one mention) moves once.
    """
    seen: set[int] = set()
    for frame in frames:
        for rec in _span_records(frame):
            if id(rec) in seen:
                continue
            seen.add(id(rec))
            _set(rec, "start", _get(rec, "start") + offset)
            _set(rec, "end", _get(rec, "end") + offset)
