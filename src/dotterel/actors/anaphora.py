"""Words that only point at an actor named elsewhere: personal, demonstrative, relative and
indefinite pronouns (``data/kb/anaphora.tsv``).

They are never an entity themselves (issue #11): a first-person pronoun in a quote is its speaker,
a third-person one follows the article's coreference chain, and the rest are left with no entity
(``name`` and ``kb_id`` null) so that no "we" or "they" becomes a node of the actor network.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

__all__ = ["ANAPHORA", "Pronoun", "is_anaphor"]


@dataclass(frozen=True, slots=True)
class Pronoun:
    word: str
    person: int  #: 1, 2, 3, or 0 for demonstratives, relatives and indefinites
    number: str  #: sg, pl or any


def _load() -> dict[str, Pronoun]:
    text = (resources.files("dotterel") / "data" / "kb" / "anaphora.tsv").read_text("utf-8")
    out: dict[str, Pronoun] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, person, number = line.split("\t")[:3]
        out[word.strip().lower()] = Pronoun(word.strip().lower(), int(person), number.strip())
    return out


#: every anaphoric word, lower-cased
ANAPHORA: dict[str, Pronoun] = _load()


def is_anaphor(text: str) -> bool:
    """True when ``text`` is nothing but an anaphoric word ("we", "They", "those"; not "US")."""
    word = text.strip()
    return word.lower() in ANAPHORA and not (word.isupper() and len(word) > 1)
