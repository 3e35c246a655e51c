"""Places as actors: the gazetteer for place names the KB lacks, and countries that split.

The KB (Phoenix + curated) knows capitals and some cities, but news names thousands of towns
("Jericho", "Cizre") that it does not. A mention whose head is a place name the parser labels as a
place would otherwise stay unresolved; the place index (GeoNames, shipped for the location
component) says which country it is in.

The place index answers with today's borders. A town named in an article published before a
country split belonged to the state that existed then: Juba was in Sudan until 9 July 2011, and
event datasets (CAMEO, ICEWS, the PLOVER GSR) code it so. ``country_on`` maps a successor state
back to its predecessor for articles published before the split.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from spacy.tokens import Token

from ..provenance.gazetteer import Place, PlaceIndex, default_index
from ..spans import entity_at
from ..vocabulary import words
from .metonymy import is_locative
from .result import Resolution

__all__ = [
    "COUNTRY_SPLITS",
    "country_on",
    "place_in_phrase",
    "place_of",
    "MIN_ACTOR_TOWN",
    "MIN_NAMESAKE_POPULATION",
    "PLACE_NOUNS",
    "disambiguate",
    "named_elsewhere",
]

#: successor state → (predecessor state, date the successor became independent). Only splits where
#: the predecessor state still exists under the same code; dissolutions (USSR, Yugoslavia,
#: Czechoslovakia) have no single code to map back to and are left alone.
COUNTRY_SPLITS: dict[str, tuple[str, date]] = {
    "SSD": ("SDN", date(2011, 7, 9)),
    "ERI": ("ETH", date(1993, 5, 24)),
    "TLS": ("IDN", date(2002, 5, 20)),
}

#: nouns that introduce a place's name: "the town of Cizre", "the border city of Rafah"
PLACE_NOUNS = words("place_nouns")

#: the smallest city that may take a shared name away from the place the KB means ("Tripoli")
MIN_NAMESAKE_POPULATION = 100_000

#: the smallest town whose name may resolve an actor: the place index goes down to villages of 1,000
#: people for locations, but an actor named after a place is a town the news knows ("Cizre")
MIN_ACTOR_TOWN = 15_000

#: entity labels of a name that may be a place
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def country_on(code: str | None, when: date | None) -> tuple[str | None, str]:
    """The country a place in ``code`` belonged to on ``when``, and why it changed ('' if it did not)."""
    if code is None or when is None or code not in COUNTRY_SPLITS:
        return code, ""
    before, split = COUNTRY_SPLITS[code]
    if when < split:
        return before, f"published before {code} split from {before} ({split.isoformat()}): {before}"
    return code, ""


@lru_cache(maxsize=1)
def _index() -> PlaceIndex:
    return default_index()


def _actor_places(name: str) -> list[Place]:
    """Candidates an actor may be: countries, our regions, admin1 areas and towns of 15,000+."""
    return [
        p
        for p in _index().lookup(name)
        if p.kind in ("country", "gazetteer", "admin1")
        or (p.kind == "city" and p.population >= MIN_ACTOR_TOWN)
    ]


def _named_place(head: Token) -> tuple[Token, bool]:
    """For "the town of X" (or "the town X"), the name X and True; else ``head`` and False."""
    if head.lemma_.lower() not in PLACE_NOUNS:
        return head, False
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            names = [g for g in child.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
            if names:
                return names[0], True
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child, True
    return head, False


def place_in_phrase(head: Token) -> Resolution | None:
    """A place the KB lacks named in the head's "of"/"in" phrase ("the government of Sindh
    province", "police in Jericho"), resolved through the gazetteer; None when there is none."""
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("of", "in"):
            continue
        for obj in (g for g in prep.children if g.dep_ == "pobj"):
            names = [obj] if obj.pos_ == "PROPN" else [c for c in obj.children if c.dep_ == "compound"]
            for name in names:
                where = place_of(name)
                if where is not None and where.country:
                    return where
    return None


def place_of(head: Token) -> Resolution | None:
    """Resolve a place name the KB lacks ("Jericho") through the gazetteer, else None.

    Only a name the parser labels as a place (GPE/LOC/FAC) and that is a place's own name in the
    index counts: "Jordan" the person or an alternate spelling shared with a far-away village must
    not become a country.
    """
    head, named_place = _named_place(head)
    if head.pos_ != "PROPN" or not head.ent_type_:
        return None
    # the small model often labels a town ORG ("shelled Tulkarm"); a locative preposition or a place
    # noun ("the town of X") says it is a place after all
    if head.ent_type_ not in _PLACE_LABELS and not (
        named_place or (head.ent_type_ == "ORG" and is_locative(head))
    ):
        return None
    ent = entity_at(head)
    if ent is None:
        return None
    words = ent.text
    if words.lower().startswith("the "):
        words = words[4:]
    places = [p for p in _actor_places(words) if p.primary and p.country]
    if not places:
        return None
    best = places[0]
    if any(p.country != best.country for p in places[1:] if p.kind == best.kind):
        # "Tripoli" (Libya or Lebanon), "Greenville": the name alone does not say which country
        return None
    return Resolution(
        name=best.name,
        country=best.country,
        etype="place",
        reason=f"place '{words}' in {best.country} (gazetteer {best.kind})",
    )


def named_elsewhere(countries: list[tuple[int, int, str]], lo: int, hi: int) -> set[str]:
    """Countries the article names outside chars [lo, hi) (``ArticleMemory.countries``)."""
    return {c for o, _, c in countries if not lo <= o < hi}


def disambiguate(name: str, code: str | None, named: set[str]) -> tuple[str | None, str]:
    """The country of an ambiguous place name, judged by the countries the article names.

    "Tripoli" is Libya's capital and a Lebanese port; the KB says Libya. When the article never names
    the KB's country but names exactly one other country that has a place so called ("the north
    Lebanese port"), the place is there. Returns (code, why); why is '' when nothing changed.
    """
    if code is None or code in named:
        return code, ""
    # only a namesake big enough to make news on its own: Geneva, Illinois must not pull Geneva out of
    # Switzerland in an article that names the United States
    others = {
        p.country
        for p in _actor_places(name)
        if p.primary and p.country and p.kind == "city" and p.population >= MIN_NAMESAKE_POPULATION
    }
    others.discard(code)
    here = others & named
    if len(here) == 1:
        other = next(iter(here))
        return other, f"'{name}' is also a place in {other}, which the article names ({code} it does not)"
    return code, ""
