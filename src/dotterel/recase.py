"""Recover the case of lower-cased and all-caps text before parsing, keeping every offset.

Police reports, headlines, chat exports and some wire feeds arrive lower-cased or in capitals.
spaCy's small English model leans on capitals to find names and sentence starts, so on such text
it misses the actors and misparses the clause, and the event is lost. This module detects the
two cases and recases the text **character for character** (the result has the same length, so
every offset the pipeline computes is an offset in the article as read):

- sentence starts and the pronoun "I" are capitalised;
- names the project already knows are given their own spelling: countries, their capitals and
  nationality words, the curated and Phoenix knowledge-base names, the shipped gazetteer, weekday
  and month names. The longest known name wins ("united nations security council"); a one-word
  name that is also a common English word (a stop word or an event-lexicon lemma, e.g. "strike",
  "hope") is left alone.

Text whose case looks normal is returned untouched. The pipeline records the verdict on
``doc._.text_quality`` and every event carries it as ``text_quality`` ("lower-case" or
"all-caps"; null for normal text), so a user knows the coding ran on repaired text.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS

__all__ = ["LOWER", "UPPER", "detect_case", "recase"]

LOWER = "lower-case"
UPPER = "all-caps"
_MIN_LETTERS = 12
_MAX_NAME_WORDS = 6
_WORD = re.compile(r"[^\W\d_][\w'’.\-]*", re.UNICODE)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s*[\"'“”’)]*\s+|\n\s*)[\"'“‘(\[]*([^\W\d_])", re.UNICODE)
_CALENDAR = (
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February April June July "
    "August September October November December"  # "may" and "march" are verbs far more often
)
#: Lower-case words never recased as names even when a knowledge-base entry is spelled so.
_NEVER = frozenset({"us", "it", "a", "i", "am", "is", "in", "as", "at", "or", "an", "to"})
_PHOENIX_NAME = re.compile(r'"name": "((?:[^"\\]|\\.)*)"')


def detect_case(text: str) -> str | None:
    """``"lower-case"``, ``"all-caps"`` or None (normal case, or too few letters to tell)."""
    upper = lower = 0
    for ch in text:
        if ch.isupper():
            upper += 1
        elif ch.islower():
            lower += 1
    letters = upper + lower
    if letters < _MIN_LETTERS:
        return None
    if upper <= letters * 0.01:
        return LOWER
    if lower <= letters * 0.05:
        return UPPER
    return None


def _read_names() -> list[str]:
    data = resources.files("dotterel") / "data"
    names: list[str] = list(_CALENDAR.split())
    for fname in ("countries.jsonl", "curated.jsonl"):
        for line in (data / "kb" / fname).read_text("utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            rec = json.loads(line)
            names.append(rec.get("name") or "")
            names.extend(rec.get("aliases") or [])
            names.extend(rec.get("demonyms") or [])
            if rec.get("capital"):
                names.append(rec["capital"])
    # 26,000 records: take the names with a regex rather than decoding every record
    phoenix = (data / "kb" / "phoenix-actors.jsonl").read_text("utf-8")
    names.extend(json.loads(f'"{m}"') for m in _PHOENIX_NAME.findall(phoenix))
    for line in (data / "gazetteer" / "places.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cols = line.split("\t")
            names.append(cols[0])
            if len(cols) > 1:
                names.extend(a for a in cols[1].split("|") if a)
    return names


def _common_words() -> set[str]:
    words = set(STOP_WORDS)
    lexicon = resources.files("dotterel") / "data" / "plover_lexicon.tsv"
    for line in lexicon.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            cols = line.split("\t")
            if len(cols) > 1:
                words.add(cols[1].lower())
    return words


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, str]:
    """Lower-cased known name → its own spelling (same length by construction)."""
    common = _common_words()
    vocab: dict[str, str] = {}
    for name in _read_names():
        name = " ".join(name.split())
        low = name.lower()
        if not name or len(low) != len(name) or name == low or low in _NEVER or low.startswith("the "):
            continue
        if " " not in low and low in common:
            continue
        if len(low.split()) > _MAX_NAME_WORDS:
            continue
        vocab.setdefault(low, name)
    return vocab


def _lower_keep_length(text: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def recase(text: str) -> tuple[str, str | None]:
    """``(text, quality)``: the text recased when it is lower-case or all-caps, same length."""
    quality = detect_case(text)
    if quality is None:
        return text, None
    base = _lower_keep_length(text) if quality == UPPER else text
    chars = list(base)
    vocab = _vocabulary()
    words = list(_WORD.finditer(base))
    i = 0
    while i < len(words):
        matched = 0
        for n in range(min(_MAX_NAME_WORDS, len(words) - i), 0, -1):
            start, end = words[i].start(), words[i + n - 1].end()
            segment = base[start:end].rstrip(".")
            cased = vocab.get(segment)
            if cased is not None and len(cased) == len(segment):
                chars[start : start + len(segment)] = cased
                matched = n
                break
        if not matched and words[i].group() == "i":
            chars[words[i].start()] = "I"
        i += matched or 1
    for m in _SENTENCE_START.finditer(base):
        pos = m.start(1)
        if len(chars[pos].upper()) == 1:
            chars[pos] = chars[pos].upper()
    out = "".join(chars)
    assert len(out) == len(text)
    return out, quality
