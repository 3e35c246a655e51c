"""Resolve one actor mention: KB names, then what the text itself says, then coreference.

The frame extractor hands over a span and its head token; the span may be too short or too long,
so the resolver rebuilds the noun phrase from the head's dependency subtree and reads it by role:

* the **head** (or its apposition) names *who*: a KB entity, a country, a seat of government, or
  a role noun ("officials" GOV, "forces" MIL, "militia" REB);
* **modifiers** (possessive, compound, adjective, "in X") say *whose*: "Iran's Supreme Leader",
  "Iranian officials", "US forces", "Hamas leader Ismail Haniyeh", "rebels in Darfur";
* a **patron** compound ("Iran-backed militias") names a sponsor, never the actor itself.

In-text evidence outranks the KB: "Hamas leader Ismail Haniyeh" takes Hamas's country and sector
even when the KB's dated roles for him say otherwise. A mention with no name resolves through
coreference (``coref.py``); one with nothing at all keeps its raw text and says so in ``reason``.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Token

from ..spans import doc_text
from .anaphora import ANAPHORA
from .coref import DESCRIPTION_TYPES, ArticleMemory, is_office
from .entity import proper_name, settle
from .kb import KBEntity, KnowledgeBase, norm
from .matching import NameMatch, find_names, pick_entity
from .metonymy import is_locative
from .phrase import (
    ALLY_HEADS,
    ARGUMENT_DEPS,
    DOMESTIC_SECTORS,
    FORMER_WORDS,
    GENERIC_HEADS,
    GROUP_SECTORS,
    HEDGE_WORDS,
    INSTITUTION_SECTORS,
    LOCATED_WORDS,
    MAX_ROLE_WORDS,
    NP_DEPS,
    ORG_TYPES,
    RELATIONAL_HEADS,
    TITLE_SKIP,
    WHOSE_PREPOSITIONS,
    counts_others,
    is_clause,
    is_ethnic,
    is_patron,
    is_person,
    is_proper,
    modifies,
    names_a_body,
    not_whose,
    sector_of,
    via_preposition,
)
from .places import country_on, disambiguate, named_elsewhere, place_in_phrase, place_of
from .pronouns import resolve_anaphor
from .result import Resolution

__all__ = ["ActorResolver"]

#: prepositions that say where an act happens ("blocked streets in Hong Kong")
_ACT_PLACES = frozenset({"in", "across", "throughout"})


class ActorResolver:
    """Stateless rules over a shared, read-only KB; per-article state lives in ``ArticleMemory``."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    # --- entry points ------------------------------------------------------------------------
    def resolve(
        self,
        doc: Doc,
        start: int,
        end: int,
        head_i: int | None,
        when: date | None,
        memory: ArticleMemory,
        *,
        target_quad: int | None = None,
        target_event: str | None = None,
    ) -> Resolution:
        """Resolve the mention ``doc.text[start:end]``. ``target_quad`` is the PLOVER quad class of the
        event when the mention is its recipient: a place hit by conflict (quad 3 or 4) stands for the
        people in it, and so does a capital hit by a material act (quad 4) — "shelled Kabul" — while a
        capital addressed by words ("demanded an apology from Moscow") is still its government.
        ``target_event`` is the event type when the mention is a recipient: a place a protest is aimed
        at stands for its authorities, not its people."""
        head, tokens = self._phrase(doc, start, end, head_i)
        if head is None:
            return Resolution(reason="unresolved: empty span")
        text = memory.text or doc_text(doc)
        res = self._resolve_tokens(head, tokens, when, memory, text[start:end].strip(), (start, end))
        if res.country is None and res.kb_id is None:
            # "the town of Cizre": the place noun is only a role word; the name says which country
            place = place_of(head)
            if place is not None:
                res = place
        if res.country is None and res.sector and res.kb_id is None:
            # "the government of Sindh province", "police in Michoacan": a place the KB lacks says whose
            where = place_in_phrase(head)
            if where is not None:
                res.country = where.country
                res.reason = f"{res.reason}; country of the place '{where.name}' ({where.country})"
        if (
            res.country is None
            and res.sector in DOMESTIC_SECTORS
            and res.etype not in ("igo", "ngo", "alliance")
            and res.patron is None  # "Iran-backed militias" attacking US forces are not American
        ):
            # "President Mugabe", "rebels", "the judge": a domestic role with no country in the phrase;
            # first where its own act happens ("people blocked streets in Hong Kong"), then context
            code, why = self._place_of_act(head, when, memory)
            if code is None:
                code, why = memory.context_country(head, start, end)
            if code:
                res.country = code
                res.reason = f"{res.reason}; country from context: {why} ({code})"
        if target_quad == 4 and res.capital:
            res.etype, res.name, res.sector = "place", res.capital, None
        if target_quad in (3, 4) and res.etype == "country" and res.sector is None and is_locative(head):
            # "a village in western Cambodia", "a curfew in southeastern Turkey": a country named as
            # where a conflict event happened stands for the people there, not its government
            res.etype = "place"
            res.reason = f"{res.reason}; country named as the place of a conflict event"
        if (
            res.etype == "place"
            and res.country
            and not self.kb.is_country_name(res.country, text[start:end].strip())
        ):
            code, why = disambiguate(
                text[start:end].strip(), res.country, named_elsewhere(memory.countries, start, end)
            )
            if why:
                res.country, res.reason = code, f"{res.reason}; {why}"
        if res.etype == "place" and res.country:
            # a town keeps the country it belonged to when the article was written (Juba in 2005: Sudan)
            code, why = country_on(res.country, when)
            if why:
                res.country, res.reason = code, f"{res.reason}; {why}"
        if (
            target_quad in (3, 4)
            and res.etype == "place"
            and res.sector in (None, "GOV")
            and target_event == "PROTEST"
        ):
            # "protesters blocked roads in Algiers": a protest is addressed to the authorities there
            res.sector = "GOV"
            res.reason = f"{res.reason}; target of a protest: the authorities of the place (GOV)"
        elif target_quad in (3, 4) and res.etype == "place" and res.sector in (None, "GOV"):
            # "shelled Juba", "a curfew in Algiers": the people of the place bear it (CVL)
            res.sector = "CVL"
            res.reason = f"{res.reason}; target of a conflict event: the population of the place (CVL)"
        res = settle(res, head, tokens, self.kb, text[start:end].strip())
        if res.resolved:
            memory.add((tokens[0], tokens[-1]), res)
        return res

    def prescan(self, doc: Doc, when: date | None, memory: ArticleMemory) -> None:
        """Record every KB name and PERSON entity of the article, for later coreference."""
        memory.index(doc)
        tokens = list(doc)
        for m in find_names(self.kb, tokens):
            head = doc[m.end - 1]
            res = self._from_match(m, head, when, memory, acting=not is_locative(head))
            if (
                res is not None
                and res.country
                and not (is_patron(m, doc) or not_whose(m, doc) or is_ethnic(doc, m))
            ):
                memory.note_country(head, res.country)
            if res is not None and res.kb_id:
                memory.add((doc[m.start], head), res)
        for ent in doc.ents:
            if ent.label_ == "PERSON" and not any(a.start <= ent.start_char < a.end for a in memory.items):
                # a person the KB does not know: read their title and whose they are from the text
                # ("Opposition leader Juan Guaido"), or an earlier full name for a surname
                head, phrase = self._phrase(doc, ent.start_char, ent.end_char, ent.root.i)
                res = None
                if head is not None:
                    res = self._resolve_tokens(head, phrase, when, memory, ent.text)
                if res is None or not res.resolved:
                    res = Resolution(name=ent.text, etype="person", reason="person named in the article")
                else:
                    res.etype, res.name = "person", res.name if res.kb_id else ent.text
                memory.add((ent[0], ent[-1]), res)
        # plural groups in argument positions ("the militants", "Iranian officials"): what "they" and
        # "the rebels" may point back to
        for tok in tokens:
            if tok.tag_ not in ("NNS", "NN") or tok.dep_ not in ARGUMENT_DEPS:
                continue
            sector = self.kb.role_sector(tok.lemma_) or self.kb.role_sector(tok.text)
            # singular nouns only for institutions ("the army said it..."), not "the man"
            if sector is None or (tok.tag_ == "NN" and sector not in INSTITUTION_SECTORS):
                continue
            head, phrase = self._phrase(doc, tok.idx, tok.idx + len(tok), tok.i)
            if head is None or any(a.start <= tok.idx < a.end for a in memory.items):
                continue
            words = memory.text[phrase[0].idx : phrase[-1].idx + len(phrase[-1])]
            res = self._resolve_tokens(head, phrase, when, memory, words)
            if res.sector and res.etype in ("group", "organisation"):
                if res.country is None and res.sector in DOMESTIC_SECTORS:
                    code, why = memory.context_country(head, phrase[0].idx, phrase[-1].idx + 1)
                    if code:
                        res.country, res.reason = code, f"{res.reason}; country from context: {why} ({code})"
                res = settle(res, head, phrase, self.kb, words)
                memory.add((phrase[0], phrase[-1]), res)

    def _place_of_act(self, head: Token, when: date | None, mem: ArticleMemory) -> tuple[str | None, str]:
        """The country of the place where the mention's own verb happens, for a subject with none:
        "hundreds of thousands of people blocked streets in Hong Kong" → HKG (issue #11)."""
        top = head
        while top.dep_ == "pobj" and top.head.dep_ == "prep":  # "thousands of people": the subject
            top = top.head.head
        if top.dep_ not in ("nsubj", "nsubjpass"):
            return None, ""
        verb = top.head
        # the verb, its object, or its target ("fired tear gas at protesters in Caracas")
        holders = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
        holders += [g for p in verb.children if p.dep_ == "prep" and p.lower_ not in _ACT_PLACES
                    for g in p.children if g.dep_ == "pobj"]  # fmt: skip
        for obj in (g for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ in _ACT_PLACES
                    for g in p.children if g.dep_ == "pobj"):  # fmt: skip
            for m in find_names(self.kb, list(obj.subtree)):
                res = self._from_match(m, obj, when, mem, acting=False)
                if (
                    res is not None
                    and res.country
                    and len(res.country) == 3
                    and res.country not in ("IGO", "NGO")
                ):
                    return res.country, f"its act happens in '{m.text}'"
            where = place_of(obj)
            if where is not None and where.country:
                return where.country, f"its act happens in '{obj.text}'"
        return None, ""

    # --- the noun phrase ---------------------------------------------------------------------
    def _phrase(self, doc: Doc, start: int, end: int, head_i: int | None) -> tuple[Token | None, list[Token]]:
        window = doc.char_span(start, end, alignment_mode="expand")
        inside = [t for t in window if not t.is_space] if window is not None else []
        if not inside:
            return None, []
        if head_i is not None and 0 <= head_i < len(doc) and doc[head_i] in inside:
            head = doc[head_i]
        else:
            ids = {t.i for t in inside}
            roots = [t for t in inside if t.head.i not in ids or t.head.i == t.i]
            # several roots ("Israeli police" cut out of "Israeli police custody"): English noun
            # phrases end in their head, so take the last nominal one
            nominal = [t for t in roots if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM")]
            head = (nominal or roots or inside)[-1]
        # "thousands of protesters", "members of Hamas": the group is the object of "of"
        while counts_others(head):
            of = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
            pobj = [g for c in of for g in c.children if g.dep_ == "pobj"]
            if not pobj:
                break
            head = pobj[0]
        # "the Bogota-based Asociacion MINGA": the city only says where the actor is based
        based = head.head
        if head.dep_ in ("npadvmod", "compound") and based.lower_ in LOCATED_WORDS and based.dep_ == "amod":
            head = based.head
        # the span may be cut short: take the head's noun-phrase subtree (never a relative clause)
        keep = {t.i for t in inside}
        stack = [head]
        while stack:
            t = stack.pop()
            for c in t.children:
                if c.dep_ in NP_DEPS and c.i not in keep and not is_clause(c):
                    if t.i == head.i and c.dep_ in ("conj", "cc"):
                        continue  # "Hezbollah, militias and the Houthis": other actors, not this one
                    if c.dep_ in ("prep",) and c.lower_ not in WHOSE_PREPOSITIONS:
                        continue
                    if c.dep_ == "appos" and c.left_edge.i > t.i + 4:
                        continue  # an apposition sits right after its noun; a far one is a misparse
                    keep.add(c.i)
                    stack.append(c)
        lo, hi = min(keep), max(keep)
        return head, [doc[i] for i in range(lo, hi + 1)]

    # --- the rules ---------------------------------------------------------------------------
    def _resolve_tokens(
        self,
        head: Token,
        tokens: list[Token],
        when: date | None,
        mem: ArticleMemory,
        span_text: str,
        span_chars: tuple[int, int] = (0, 1 << 62),
    ) -> Resolution:
        if head.pos_ == "PRON" or (
            head.lower_ in ANAPHORA and len(tokens) == 1 and head.pos_ != "PROPN" and not head.is_upper
        ):  # "US" is a country, not "us"
            return resolve_anaphor(self, head, when, mem)

        matches = find_names(self.kb, tokens)
        # a sponsor is never the actor itself -- unless the mention is the sponsor's own name ("US" of
        # "the US-led war", proposed as the war's owner)
        patron_match = next((m for m in matches if is_patron(m, head.doc) and not m.covers(head.i)), None)
        matches = [m for m in matches if m is not patron_match and not not_whose(m, head.doc)]
        head_match = next((m for m in matches if m.covers(head.i)), None)
        appos = [c for c in head.children if c.dep_ == "appos"]
        appos_match = None
        if head_match is None or not head_match.entities:
            appos_match = next((m for m in matches for a in appos if m.covers(a.i)), None)
        identity = head_match if head_match is not None else appos_match
        if identity is head_match and head_match is not None and names_a_body(self.kb, head_match, head):
            # "the Bush administration", "the Putin government": a person's name on an institution
            # says whose it is; the institution acts
            identity = None
        modifiers = [m for m in matches if m is not identity]
        patron = self._patron(patron_match, when, mem)

        role_sector, role_words = self._role(head, tokens, identity)
        if role_sector and identity is None:
            # "the commander of the rebels", "the deputy chief of a militia": an armed group's leader
            # belongs to the group's sector, not to the army or police his title would suggest
            role_sector, role_words = self._group_of(head) or (role_sector, role_words)
        modifiers = [m for m in modifiers if modifies(m, head)]
        # names inside the span the extractor marked come first ("US and *British forces*")
        lo, hi = span_chars
        modifiers.sort(key=lambda m: not (lo <= head.doc[m.start].idx < hi))
        if head.lemma_.lower() in RELATIONAL_HEADS:
            # "Israel's militia ally", "Iran's proxies": the possessor is the partner, not whose
            # but "its EU partners", "NATO allies": fellow members of a body, which says whose they are
            partners = [m for m in modifiers if not via_preposition(m, head) and not self._body(m, when, mem)]
            modifiers = [m for m in modifiers if m not in partners]
            if partners and patron is None and head.lemma_.lower() in ALLY_HEADS:
                patron = self._patron(partners[0], when, mem)
        mod_country, mod_entity, mod_why = self._whose(modifiers, tokens, when, mem)
        if identity is None and mod_country is None and patron is None:
            # "the terror group", "the alliance": a definite description points back before a
            # role noun alone can say what it is
            desc = self._description(head, tokens, mem)
            if desc is not None:
                return desc

        if identity is not None:
            res = self._from_match(identity, head, when, mem, acting=not is_locative(head))
            if res is not None:
                res = self._in_text(res, mod_country, mod_entity, mod_why, role_sector, role_words, when)
                res.patron = res.patron or patron
                if identity.demonym and is_ethnic(head.doc, identity) and not identity.entities[1:]:
                    # "ethnic Albanians (in Serbia)": an ethnicity says nothing about the state
                    res.country, res.kb_id = mod_country, None
                    res.reason = (
                        f"ethnic group '{identity.text}': country only from the text ({mod_why or 'none'})"
                    )
                    res.sector, res.etype, res.plural = role_sector or "CVL", "group", True
                    return res
                if identity.demonym and head.pos_ in ("NOUN", "PROPN") and head.tag_ in ("NNS", "NNPS"):
                    # "Palestinians", "Bosnian Serbs", "Albanians in Serbia": a people; a country named
                    # beside it says where they live
                    res.sector, res.etype, res.plural = res.sector or role_sector or "CVL", "group", True
                    res.reason = f"{res.reason}; plural nationality word: the people (CVL)"
                    if mod_country and mod_country != res.country:
                        res.country = mod_country
                        res.reason = f"{res.reason}; {mod_why}"
                return res

        # no name for the head: a role noun, maybe with whose-modifiers; else coreference
        name = span_text
        if mod_entity is not None and mod_entity[0].type in ORG_TYPES:
            ent, role = mod_entity
            sector = (
                role.sector
                if role and role.sector in GROUP_SECTORS
                else (role_sector or (role.sector if role else None))
            )
            person = proper_name(head, tokens, self.kb) if is_proper(head) else None
            if person is not None:
                # "the Sinaloa Cartel's Ismael Zambada Garcia": a named member, not the group itself
                return Resolution(
                    name=person,
                    country=role.country if role else ent.country,
                    sector=sector,
                    reason=f"member of {ent.name} ({mod_why}), named '{person}' (not in the KB)",
                    patron=patron,
                    etype="person",
                    affiliation=ent.id,
                )
            return Resolution(
                name=name,
                country=role.country if role else ent.country,
                sector=sector,
                kb_id=ent.id,
                reason=f"members of {ent.name} ({mod_why})"
                + (f"; role noun '{role_words}'" if role_sector else ""),
                patron=patron,
                etype="group",
                plural=head.tag_ in ("NNS", "NNPS"),
            )
        if role_sector is None and not mod_country and patron is None and is_proper(head):
            short = mem.short_name(
                [t for t in tokens if t.lower_ not in TITLE_SKIP and not t.is_punct] or [head]
            )
            if short is not None:
                return short
        if role_sector is None and mod_country and head.ent_type_ == "NORP" and head.tag_ in ("NNS", "NNPS"):
            role_sector, role_words = "CVL", f"{head.text} (a people)"
        if role_sector or mod_country or patron:
            why = []
            if mod_country:
                why.append(mod_why)
            if role_sector:
                why.append(f"role noun '{role_words}' → {role_sector}")
            if patron:
                why.append(f"sponsor compound: backed by {patron}, not the actor")
            office = role_sector is not None and is_office(head, tokens)
            return Resolution(
                name=name,
                country=mod_country,
                sector=role_sector,
                reason="; ".join(why),
                patron=patron,
                etype="person"
                if office
                else "group"
                if head.tag_ in ("NNS", "NNPS")
                else "organisation"
                if role_sector
                else None,
                office=role_words if office else None,
                plural=head.tag_ in ("NNS", "NNPS"),
            )
        return Resolution(name=name, reason="unresolved: no KB name, country word or role noun")

    def _from_match(
        self, m: NameMatch, head: Token, when: date | None, mem: ArticleMemory, *, acting: bool
    ) -> Resolution | None:
        ent = pick_entity(m.entities, when, mem.seen_ids)
        if (
            ent is not None
            and ent.type == "country"
            and not self.kb.is_country_name(ent.country or "", m.text)
        ):
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
                name = self.kb.country_name(m.demonym) or m.text
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
                    name=(self.kb.country_name(country) or ent.name) if is_capital else ent.name,
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
        if ent.type == "person" and ent.affiliation and role.sector in (None, "ELI"):
            aff = self.kb.entities.get(ent.affiliation)
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
            patron=self._patron_name(ent.patron),
            affiliation=ent.affiliation,
        )

    def _in_text(
        self,
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
                res.reason = (
                    f"in-text affiliation '{ent.name}' ({mod_why}) outranks the KB role; {res.reason}"
                )
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

    def _role(self, head: Token, tokens: list[Token], identity: NameMatch | None) -> tuple[str | None, str]:
        """The sector of the role noun phrase: at the head, else a title before/apposed to a name."""
        kb = self.kb
        candidates: list[Token] = []
        if identity is None or not identity.covers(head.i):
            candidates.append(head)
        # titles and role nouns next to a named head: "Iran's Supreme Leader, Ayatollah Ali Khamenei"
        candidates += [t for t in tokens if t.dep_ == "appos" and t.head.i == head.i]
        if head.dep_ == "appos":
            candidates.append(head.head)
        # titles before a name ("President", "Prime Minister") and role words before a generic head
        # ("opposition groups", "rebel group"), nearest the head first
        candidates += sorted(
            (
                t
                for t in tokens
                if t.dep_ in ("compound", "amod", "nmod", "poss") and t.head.i == head.i and t.i < head.i
            ),
            # a name's titles come first ("Prime Minister Mohammed Shia al-Sudani"): read them left to
            # right; a common noun's nearest modifier decides ("opposition groups")
            key=lambda t: t.i if head.pos_ == "PROPN" else -t.i,
        )
        if head.pos_ == "ADJ" and head.head.pos_ == "NOUN":  # "(Palestinian) youths"
            candidates.append(head.head)
        if identity is not None and identity.entities and all(e.type != "person" for e in identity.entities):
            # words inside an organisation's own name are not its role: "General" in "the UN General
            # Assembly" is no army general (a person's KB alias may hold a title, so persons keep theirs)
            candidates = [t for t in candidates if not identity.covers(t.i)]
        candidates = [t for t in candidates if t.lower_ not in HEDGE_WORDS]
        fallback: tuple[str | None, str] = (None, "")
        for tok in candidates:
            for n in range(min(kb.max_role_words, MAX_ROLE_WORDS, tok.i + 1), 0, -1):
                words = tok.doc[tok.i - n + 1 : tok.i + 1]
                texts = [words.text, " ".join([*(w.text for w in words[:-1]), tok.lemma_])]
                if n == 1 and tok.i < tok.right_edge.i <= tok.i + 3:  # "secretary-general" after a name
                    texts.insert(0, tok.doc[tok.i : tok.right_edge.i + 1].text)
                for text in texts:
                    sector = kb.role_sector(text)
                    generic = n == 1 and tok.i == head.i and tok.lemma_.lower() in GENERIC_HEADS
                    if sector in ("UNK", "NON") or (sector and generic):
                        fallback = fallback if fallback[0] else (sector, norm(text))
                        continue
                    if sector:
                        if any(t.lower_ in FORMER_WORDS for t in tokens if t.i < tok.i):
                            return "ELI", f"{norm(text)} (former)"
                        return sector, norm(text)
        return fallback if fallback[0] not in ("UNK", "NON") else (None, "")

    def _whose(
        self, modifiers: list[NameMatch], tokens: list[Token], when: date | None, mem: ArticleMemory
    ) -> tuple[str | None, tuple[KBEntity, object] | None, str]:
        """The country (or organisation) the modifiers name: possessive, compound, adjective, 'in X'."""
        for m in modifiers:
            ent = pick_entity(m.entities, when, mem.seen_ids)
            tok = tokens[0].doc[m.end - 1]
            # "Bush administration" → USA; but "Omar Hassan al-Bashir" is one name, not Hassan's
            if is_person(ent) and not m.demonym and tok.pos_ == "PROPN" and tok.head.pos_ == "PROPN":
                continue
            if ent is not None and ent.type in ORG_TYPES:
                role, _ = ent.role_on(when)
                return (
                    (role.country if role else ent.country),
                    (ent, role),
                    f"modifier '{m.text}' → {ent.name}",
                )
            if is_ethnic(tokens[0].doc, m):
                continue
            code = m.demonym or (ent.country if ent is not None and ent.type in ("country", "seat") else None)
            if code and not m.demonym and not self.kb.is_country_name(code, m.text):
                # "militias in Tripoli ... the north Lebanese port": a place name shared by two countries
                doc = tokens[0].doc
                lo, hi = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])
                code, why = disambiguate(m.text, code, named_elsewhere(mem.countries, lo, hi))
                if why:
                    return code, None, f"modifier '{m.text}' → {code}: {why}"
            if code is None and ent is not None:
                code = ent.country
            if code:
                return code, None, f"modifier '{m.text}' → {code}"
        return None, None, ""

    def _group_of(self, head: Token) -> tuple[str, str] | None:
        """The sector of an armed or criminal group the head is "of", if any."""
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                for tok in [obj, *(c for c in obj.children if c.dep_ in ("compound", "amod"))]:
                    sector = self.kb.role_sector(tok.lemma_) or self.kb.role_sector(tok.text)
                    if sector in GROUP_SECTORS:
                        return sector, f"{head.lemma_} of {tok.text}"
        return None

    def _body(self, m: NameMatch, when: date | None, mem: ArticleMemory) -> bool:
        """True when ``m`` names a body of states (an IGO or alliance) that others are members of."""
        ent = pick_entity(m.entities, when, mem.seen_ids)
        return ent is not None and ent.type in ("igo", "alliance") and not m.demonym

    def _patron(self, m: NameMatch | None, when: date | None, mem: ArticleMemory) -> str | None:
        if m is None:
            return None
        ent = pick_entity(m.entities, when, mem.seen_ids)
        if m.demonym:
            return m.demonym
        if ent is not None:
            return ent.country if ent.type in ("country", "seat") else ent.name
        return None

    def _patron_name(self, entity_id: str | None) -> str | None:
        if not entity_id:
            return None
        ent = self.kb.entities.get(entity_id)
        if ent is None:
            return entity_id
        return ent.country if ent.type == "country" else ent.name

    def _description(self, head: Token, tokens: list[Token], mem: ArticleMemory) -> Resolution | None:
        has_det = any(
            t.lower_ in ("the", "this", "that", "these", "those") and t.dep_ == "det" for t in tokens
        )
        if (
            not has_det
            or head.lower_ not in DESCRIPTION_TYPES
            and head.lemma_.lower() not in DESCRIPTION_TYPES
        ):
            return None
        person = DESCRIPTION_TYPES.get(head.lower_, DESCRIPTION_TYPES.get(head.lemma_.lower())) == {"person"}
        if person and any((c.dep_ == "prep" and c.lower_ == "of") or c.dep_ == "poss" for c in head.children):
            return None  # "the leader of the alliance", "the gang's leader": defined by their complement
        mods = [t for t in tokens if t.i < head.i and t.dep_ in ("amod", "compound")]
        # "the criminal groups" may only point back to criminals, "the terror group" to armed groups
        sector = None
        if mods:
            sector = self.kb.role_sector(
                " ".join([*(m.text for m in mods), head.lemma_])
            ) or self.kb.role_sector(" ".join([*(m.text for m in mods), head.text]))
        elif person:  # "the president" points back to a person in government, "the commander" to a soldier
            sector = self.kb.role_sector(head.lemma_)
        return mem.description(head, mods, sector)
