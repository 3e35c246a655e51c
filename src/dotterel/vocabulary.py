"""English word lists that several stages share, loaded once from ``data/words/``.

Word lists live in data files, not in Python, so that a linguist can change them without touching
code and so that each list has one source of truth: the extractor and the attribution stage read
the same speech verbs from here, which also keeps ``extract`` from importing ``provenance`` (data
flows one way: read → analyse → extract → resolve). Files hold lemmas separated by whitespace;
``#`` starts a comment.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["REPORTING_VERBS", "SPEECH_VERBS", "is_reporting_verb", "is_speech_verb", "words"]


@cache
def words(name: str) -> frozenset[str]:
    """The lower-cased words of ``data/words/<name>.txt`` (read once per process)."""
    text = (resources.files("dotterel") / "data" / "words" / f"{name}.txt").read_text("utf-8")
    return frozenset(w.lower() for line in text.splitlines() for w in line.split("#", 1)[0].split())


#: Verbs that introduce reported speech: never events by themselves.
SPEECH_VERBS: frozenset[str] = words("speech_verbs")

#: Verbs that attribute the clause they govern to their subject, but may be events of their own.
REPORTING_VERBS: frozenset[str] = SPEECH_VERBS | words("reporting_verbs")


def is_speech_verb(lemma: str) -> bool:
    """True when ``lemma`` introduces reported speech."""
    return lemma.lower() in SPEECH_VERBS


def is_reporting_verb(lemma: str) -> bool:
    """True when ``lemma`` attributes the clause it governs to its subject."""
    return lemma.lower() in REPORTING_VERBS
