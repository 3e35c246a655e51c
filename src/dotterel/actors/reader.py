"""Read one actor noun phrase by role: who the head names, whose the modifiers say, what sector.

* the **head** (or its apposition) names *who*: a KB entity, a country, a seat of government, or
  a role noun ("officials" GOV, "forces" MIL, "militia" REB);
* **modifiers** (possessive, compound, adjective, "in X") say *whose*: "Iran's Supreme Leader",
  "Iranian officials", "US forces", "Hamas leader Ismail Haniyeh", "rebels in Darfur";
* a **patron** compound ("Iran-backed militias") names a sponsor, never the actor itself.

A pronoun goes to ``pronouns.py``; a definite description or a short name to coreference
(``coref.py``). The context rules that need the whole article (context country, places hit by
conflict) stay in ``resolver.py``. Split out of ``resolver.py`` (issue #16 item 7).
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from .anaphora import ANAPHORA
from .coref import DESCRIPTION_TYPES, ArticleMemory, is_office
from .entity import proper_name
from .kb import KBEntity, KnowledgeBase, norm
from .kb_roles import from_match, in_text
from .matching import NameMatch, find_names, pick_entity
from .metonymy import is_locative
from .phrase import (
    ALLY_HEADS,
    FORMER_WORDS,
    GENERIC_HEADS,
    GROUP_SECTORS,
    HEDGE_WORDS,
    MAX_ROLE_WORDS,
    ORG_TYPES,
    RELATIONAL_HEADS,
    TITLE_SKIP,
    is_ethnic,
    is_patron,
    is_person,
    is_proper,
    modifies,
    names_a_body,
    not_whose,
    via_preposition,
)
from .places import disambiguate, named_elsewhere
from .pronouns import resolve_anaphor
from .result import Resolution

__all__ = ["PhraseReader"]


class PhraseReader:
    """The phrase rules over a shared, read-only KB (stateless; per-article state is ``ArticleMemory``)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def read(
        self,
        head: Token,
        tokens: list[Token],
        when: date | None,
        mem: ArticleMemory,
        span_text: str,
        span_chars: tuple[int, int] = (0, 1 << 62),
    ) -> Resolution:
        """Resolve the phrase ``tokens`` headed by ``head`` from its own words (and coreference)."""
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
        if head.i > 1 and head.doc[head.i - 1].text == "(":
            # "the Central African Republic (CAR)": the abbreviation is the name's, whatever else the
            # KB files under it (issue #11)
            named = next((m for m in matches if m.end == head.i - 1 and m.entities), None)
            if named is not None:
                matches = [m for m in matches if not m.covers(head.i)]
                head_match = named
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
            res = from_match(self.kb, identity, head, when, mem, acting=not is_locative(head))
            if res is not None:
                res = in_text(res, mod_country, mod_entity, mod_why, role_sector, role_words, when)
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
        doc = head.doc
        for tok in candidates:
            # the words ending at ``tok``, longest first, as written and with ``tok`` lemmatised;
            # their texts are read once per candidate, not once per length (this loop runs for
            # every actor mention and every group noun the pre-scan reads)
            longest = min(kb.max_role_words, MAX_ROLE_WORDS, tok.i + 1)
            before = [doc[k] for k in range(tok.i - longest + 1, tok.i)]
            plain = [w.text for w in before]
            spaced = [w.text_with_ws for w in before]
            last, lemma = tok.text, tok.lemma_
            generic_head = tok.i == head.i and lemma.lower() in GENERIC_HEADS
            for n in range(longest, 0, -1):
                k = longest - n  # where this length's words start in ``before``
                texts = ["".join(spaced[k:]) + last, " ".join([*plain[k:], lemma])]
                if n == 1 and tok.i < tok.right_edge.i <= tok.i + 3:  # "secretary-general" after a name
                    texts.insert(0, doc[tok.i : tok.right_edge.i + 1].text)
                for text in texts:
                    sector = kb.role_sector(text)
                    generic = n == 1 and generic_head
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
