"""What the knowledge base says about a matched name, and how the sentence overrides it.

``from_match`` turns a KB match into a resolution on the article's date (a person's dated roles, a
seat of government acting for its state, a Phoenix city listed under its country); ``in_text``
lets evidence in the sentence (an affiliation, a country + role noun, a title) outrank the KB role.
Split out of ``resolver.py`` (issue #16 item 7); behaviour unchanged.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from .coref import ArticleMemory
from .kb import KBEntity, KnowledgeBase
from .matching import NameMatch, find_names, pick_entity
from .phrase import ORG_TYPES, sector_of
from .result import Resolution

__all__ = ["from_match", "in_text", "patron_name"]


def from_match(
    kb: KnowledgeBase, m: NameMatch, head: Token, when: date | None, mem: ArticleMemory, *, acting: bool
) -> Resolution | None:
    ent = pick_entity(m.entities, when, mem.seen_ids)
    if ent is not None and ent.type == "country" and not kb.is_country_name(ent.country or "", m.text):
        # Phoenix lists cities and provinces under their country: "Tabriz" is a place in Iran
        return Resolution(
            name=f"{m.text} ({ent.name})",
            country=ent.country,
            kb_id=ent.id,
            etype="place",
            reason=f"place '{m.text}' in {ent.country} (Phoenix country entry)",
        )
    if ent is None:
        if m.demonym:
            name = kb.country_name(m.demonym) or m.text
            return Resolution(
                name=name,
                country=m.demonym,
                kb_id=f"country:{m.demonym}",
                reason=f"country word '{m.text}'",
                etype="country",
            )
        return None
    if ent.type == "seat":
        role = ent.roles[0] if ent.roles else None
        country = role.country if role else None
        if acting:
            # a capital stands for its state: same kb_id as the country, so "Tehran" and "Iran"
            # are one actor downstream; named seats (the Kremlin, the Pentagon) keep their own
            is_capital = ent.id.startswith("capital:")
            return Resolution(
                name=(kb.country_name(country) or ent.name) if is_capital else ent.name,
                country=country,
                sector=role.sector if role else None,
                kb_id=f"country:{country}" if is_capital else ent.id,
                etype="country",
                capital=ent.name if is_capital else None,
                reason=f"metonymy: seat of government '{ent.name}' acting → {country} {sector_of(role)}",
            )
        return Resolution(
            name=ent.name,
            country=ent.place_country or country,
            kb_id=ent.id,
            etype="place",
            reason=f"place: '{ent.name}' is where it happens (locative), not who acts",
        )
    role, why = ent.role_on(when)
    if role is None:
        return Resolution(name=ent.name, kb_id=ent.id, etype=ent.type, reason=f"KB {ent.id}: {why}")
    country = role.country
    sector = role.sector
    if country is None:  # a sector-only role ("[ELI]"): the country of the entity's other roles
        country = ent.country
    if country is None and ent.type in ORG_TYPES:
        # "National Union for the Total Independence of Angola": a group the KB gives no country
        # names it in its own name (issue #11)
        country = _country_in_name(kb, m, head)
        if country is not None:
            why = f"{why}; country named in its own name ({country})"
    if ent.type == "person" and ent.affiliation and role.sector in (None, "ELI"):
        aff = kb.entities.get(ent.affiliation)
        if aff is not None:
            arole, _ = aff.role_on(when)
            if arole is not None:
                country, sector = arole.country, arole.sector
                why = f"{why}; affiliation {aff.name}"
    return Resolution(
        name=ent.name,
        country=country,
        sector=sector,
        kb_id=ent.id,
        etype=ent.type,
        reason=f"KB {ent.id} ({ent.source}): {why}",
        patron=patron_name(kb, ent.patron),
        affiliation=ent.affiliation,
    )


def in_text(
    res: Resolution,
    mod_country: str | None,
    mod_entity: tuple[KBEntity, object] | None,
    mod_why: str,
    role_sector: str | None,
    role_words: str,
    when: date | None,
) -> Resolution:
    """In-text evidence outranks a KB role: affiliation, then country + role noun."""
    if res.etype in ("country", "place"):
        if role_sector and res.etype == "country" and res.kb_id and not res.kb_id.startswith("country:"):
            return res
        if role_sector and res.etype == "country":
            res.sector = role_sector
            res.reason = f"{res.reason}; role noun '{role_words}' → {role_sector}"
        return res
    if mod_entity is not None and res.etype == "person" and mod_entity[0].type in ORG_TYPES:
        ent, role = mod_entity
        if role is not None:
            # the group says whose; its sector, else the title ("UN Secretary-General X" → UNO GOV)
            res.country, res.sector = role.country or res.country, role.sector or role_sector
            res.affiliation = ent.id
            res.reason = f"in-text affiliation '{ent.name}' ({mod_why}) outranks the KB role; {res.reason}"
        return res
    if mod_country and role_sector:
        if (res.country, res.sector) != (mod_country, role_sector):
            res.reason = (
                f"in-text: {mod_why}, role '{role_words}' → {role_sector} (outranks KB); {res.reason}"
            )
        res.country, res.sector = mod_country, role_sector
    elif mod_country and mod_country != res.country:
        res.country = mod_country
        res.reason = f"in-text country: {mod_why} (outranks KB); {res.reason}"
    elif role_sector and res.etype == "person" and res.sector != role_sector:
        # a title in the sentence ("President X") is present-tense evidence; a KB role may be stale
        res.sector = role_sector
        res.reason = f"in-text title '{role_words}' → {role_sector} (outranks KB); {res.reason}"
    elif role_sector and res.sector is None and res.etype in ORG_TYPES:
        res.sector = role_sector
        res.reason = f"{res.reason}; head noun '{role_words}' → {role_sector}"
    return res


def patron_name(kb: KnowledgeBase, entity_id: str | None) -> str | None:
    if not entity_id:
        return None
    ent = kb.entities.get(entity_id)
    if ent is None:
        return entity_id
    return ent.country if ent.type == "country" else ent.name


def _country_in_name(kb: KnowledgeBase, m: NameMatch, head: Token) -> str | None:
    """The one country named inside a matched name after its first word, if any (each inner
    window is searched, since the name itself is the longest match from its first word)."""
    doc = head.doc
    codes = {
        e.country
        for i in range(m.start + 1, m.end)
        for inner in find_names(kb, doc[i : m.end])
        if inner.start == i
        for e in inner.entities[:1]
        if e.type == "country" and e.country and kb.is_country_name(e.country, inner.text)
    }
    return codes.pop() if len(codes) == 1 else None
