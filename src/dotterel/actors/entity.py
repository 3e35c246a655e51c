"""Which entity a resolved mention is, and its canonical name (issue #11).

A researcher counts entities, so a resolution ends in one of four kinds, decided here once the
rules (``reader.py``, ``resolver.py``) and coreference (``coref.py``) have read the phrase:

* a **KB entity**: its ``kb_id``, always shown by its KB name ("Rastrojos" for "The Rastrojos
  leader", "FARC" for "FARC members");
* a **named actor the KB lacks**: the fullest proper name in the phrase ("Ismael Zambada Garcia"
  for "the Sinaloa Cartel's Ismael Zambada Garcia"), never the descriptive words around it;
* a **generic agent**: a role noun with a country ("Mexican authorities", "the police" in an
  article about Mexico) is one entity per (country, sector), ``authorities:MEX:GOV``, named
  "authorities (Mexico)" -- the label per sector is in ``data/kb/generic-agents.tsv``;
* **no entity**: a pronoun or description nobody was found for ("they", "the group", "officials"
  with no country): ``name`` and ``kb_id`` are null, so it never becomes a node of the actor
  network, a row of the store's actors or an export's actor name. Its country and sector, when
  the text gave them, stay for coding.

The ``reason`` keeps the mention's own words whenever the name differs from them.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from ..spans import entity_at
from ..vocabulary import words
from .kb import KnowledgeBase
from .result import Resolution

__all__ = ["GENERIC_PREFIXES", "generic_entity", "generic_labels", "is_generic_id", "proper_name", "settle"]

#: entity labels that make a name, not a role ("PERSON", "ORG" ...)
_NAME_ENTS = frozenset({"PERSON", "ORG", "FAC", "GPE", "NORP", "LOC"})
#: lower-case words inside a proper name ("Revolutionary Armed Forces of Colombia", "Cartel del Golfo")
_NAME_JOINERS = words("name_joiners")
#: dependencies that keep a capitalised word inside the name it precedes
_NAME_DEPS = frozenset({"compound", "amod", "flat", "nmod"})


@lru_cache(maxsize=1)
def generic_labels() -> dict[str, str]:
    """PLOVER sector → the label of its generic entity ("GOV" → "authorities")."""
    text = (resources.files("dotterel") / "data" / "kb" / "generic-agents.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            sector, label = line.split("\t")[:2]
            out[sector.strip()] = label.strip()
    return out


def _slug(label: str) -> str:
    return label.replace(" ", "-")


#: the first part of every generic entity id ("authorities", "police" ...)
GENERIC_PREFIXES: frozenset[str] = frozenset(_slug(v) for v in generic_labels().values())


def is_generic_id(kb_id: str | None) -> bool:
    return bool(kb_id) and kb_id.split(":", 1)[0] in GENERIC_PREFIXES and kb_id.count(":") == 2


def generic_entity(kb: KnowledgeBase, country: str, sector: str) -> tuple[str, str] | None:
    """(id, name) of the one entity for role nouns of ``country`` and ``sector``, or None."""
    label = generic_labels().get(sector)
    if label is None:
        return None
    where = kb.country_name(country) or country
    return f"{_slug(label)}:{country}:{sector}", f"{label} ({where})"


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha or tok.text[:1].isupper() and "-" in tok.text


def proper_name(head: Token, tokens: list[Token], kb: KnowledgeBase) -> str | None:
    """The fullest proper name the head belongs to, or None when the head is a common noun.

    A capitalised role word alone ("Authorities" at the start of a sentence or a headline,
    "Mexican Police") is no name; "Jalisco Cartel" and "Federal Police" are.
    """
    doc = head.doc
    if head.pos_ == "NOUN":  # "the Colombian newspaper El Espectador": the apposed name says who
        inside = {t.i for t in tokens}
        named = [c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i in inside]
        if named:
            return proper_name(named[0], tokens, kb)
    if not (head.pos_ == "PROPN" or (_capitalised(head) and head.ent_type_ in _NAME_ENTS)):
        return None
    inside = {t.i for t in tokens}
    lo = head.i
    while lo - 1 in inside and _capitalised(doc[lo - 1]) and doc[lo - 1].dep_ in _NAME_DEPS:
        prev = doc[lo - 1]
        if kb.role_sector(prev.text) or kb.role_sector(prev.lemma_) or kb.demonym(prev.text):
            break  # a title or nationality before a name is not part of it ("President", "Mexican")
        lo -= 1
    ent = entity_at(head)  # not a scan of doc.ents per mention: that is quadratic (issue 17)
    if ent is not None and ent.label_ in ("PERSON", "ORG", "FAC"):
        first = min(ent.start, lo)  # "Ismael Zambada Garcia" when the entity is "Zambada Garcia"
        words = [t for t in doc[first : ent.end] if not (t.i == first and t.lower_ == "the")]
        # a headline's title case ("Mexico Cartels Stealing Gold to ...") makes no name
        titled = bool(words) and all(_capitalised(t) or t.lower_ in _NAME_JOINERS for t in words)
        if titled and not all(kb.role_sector(t.text) or kb.demonym(t.text) for t in words):
            return " ".join(t.text for t in words)
    owner = [c for c in head.children if c.dep_ == "poss" and _capitalised(c) and c.i in inside]
    if lo == head.i and owner and head.ent_type_ != "PERSON":
        # "the Attorney General's Office": the possessor is part of an institution's name
        lo = owner[0].i
        while doc[lo - 1].dep_ == "compound" and _capitalised(doc[lo - 1]) and lo - 1 in inside:
            lo -= 1
    words = doc[lo : head.i + 1]
    # a capitalised role word or nationality ("Authorities", "Mexican Police") names no one
    if all(kb.role_sector(t.text) or kb.role_sector(t.lemma_) or kb.demonym(t.text) for t in words):
        return None
    return words.text


def settle(res: Resolution, head: Token, tokens: list[Token], kb: KnowledgeBase, words: str) -> Resolution:
    """Give ``res`` its canonical entity and name (see the module docstring); ``words`` is the
    mention's own text, kept in ``reason`` when the name differs."""
    if (res.reason or "").startswith("coreference") or res.etype == "place":
        return res  # an antecedent was settled when it was resolved; places name themselves
    before = res.name
    if res.kb_id and not is_generic_id(res.kb_id):
        ent = kb.entities.get(res.kb_id)
        if res.kb_id.startswith("country:"):
            res.name = res.name if res.capital else (kb.country_name(res.kb_id[8:]) or res.name)
        elif ent is not None:
            res.name = ent.name
    elif res.kb_id is None:
        name = proper_name(head, tokens, kb) if res.office is None else None
        generic = generic_entity(kb, res.country, res.sector) if res.country and res.sector else None
        if name is not None:
            res.name = name
        elif res.office and res.country and res.sector:
            # one office holder per country: "Iran's Supreme Leader" → supreme-leader:IRN:GOV
            office = res.office.split(" (")[0]
            office = f"former {office}" if res.sector == "ELI" and not office.startswith("former") else office
            res.kb_id = f"{_slug(office)}:{res.country}:{res.sector}"
            res.name = f"{office} ({kb.country_name(res.country) or res.country})"
            res.reason = (
                f"{res.reason}; unnamed office holder: one entity per title and country ({res.kb_id})"
            )
        elif res.patron and res.sector and res.country is None and res.sector in generic_labels():
            # "Iran-backed militias": whose they are is unknown, who backs them is the entity
            label = generic_labels()[res.sector]
            res.kb_id = f"{_slug(label)}:{_slug(res.patron)}-backed:{res.sector}"
            res.name = f"{kb.country_name(res.patron) or res.patron}-backed {label}"  # "Iran-backed rebels"
            res.reason = f"{res.reason}; generic agent: one entity per sponsor and sector ({res.kb_id})"
        elif generic is not None:
            res.kb_id, res.name = generic
            res.reason = f"{res.reason}; generic agent: one entity per country and sector ({res.kb_id})"
        else:
            res.name = None
            why = (
                "a pronoun with no referent"
                if "pronoun" in (res.reason or "")
                else "a description that names no one (no name, KB entry, or country and sector)"
            )
            res.reason = f"{res.reason or 'unresolved'}; no canonical entity: {why}"
    if res.name != before and words and words != res.name and f"'{words}'" not in (res.reason or ""):
        res.reason = f"{res.reason}; the mention reads '{words}'"
    return res
