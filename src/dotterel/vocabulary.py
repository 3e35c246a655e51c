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
from types import MappingProxyType

__all__ = ["REPORTING_VERBS", "SPEECH_VERBS", "is_reporting_verb", "is_speech_verb", "word_sets", "words"]


@cache
def words(name: str) -> frozenset[str]:
    """The lower-cased words of ``data/words/<name>.txt`` (read once per process)."""
    text = (resources.files("dotterel") / "data" / "words" / f"{name}.txt").read_text("utf-8")
    return frozenset(w.lower() for line in text.splitlines() for w in line.split("#", 1)[0].split())


@cache
def word_sets(name: str) -> MappingProxyType[str, frozenset[str]]:
    """The named sets of ``data/words/<name>.tsv``: one set a line, ``name<TAB>words``.

    For small closed-class sets (prepositions) that several rules read: one file keeps them side
    by side, so that two rules asking the same question visibly read the same set.
    """
    text = (resources.files("dotterel") / "data" / "words" / f"{name}.tsv").read_text("utf-8")
    sets: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if not line:
            continue
        key, _, body = line.partition("\t")
        if key in sets or not body.split():
            raise ValueError(f"data/words/{name}.tsv: set {key!r} is repeated or empty")
        sets[key] = frozenset(w.lower() for w in body.split())
    return MappingProxyType(sets)


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
