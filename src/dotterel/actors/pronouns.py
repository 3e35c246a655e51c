"""Pronouns are never entities themselves (issue #11): who "we", "they", "who" stand for.

* first person in a quote ("'We will not negotiate,' the commander said") → the quote's speaker
  (``quotes.py``); "we" said by a person → their organisation (KB or in-text affiliation), else
  their country's institution (a president's "we" is ``authorities:MEX:GOV``);
* second person → no entity (the addressee is rarely named and "you" is often impersonal);
* relative pronouns ("the police, who arrested ...") → the noun their clause describes;
* third person → the article's coreference chain (``coref.py``);
* anything else, or no referent → a resolution with no name, which ``entity.settle`` leaves with
  no canonical entity and a reason that says so.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Token

from .anaphora import ANAPHORA
from .coref import ArticleMemory
from .entity import generic_entity, settle
from .kb import KnowledgeBase
from .phrase import noun_phrase
from .result import Resolution

if TYPE_CHECKING:
    from .reader import PhraseReader

__all__ = ["resolve_anaphor"]


def resolve_anaphor(reader: PhraseReader, head: Token, when: date | None, mem: ArticleMemory) -> Resolution:
    """A pronoun is never an entity itself: "we"/"I" in a quote → its speaker (for "we", the
    speaker's organisation or their country's institution); "who"/"which" → the noun its clause
    describes; "he"/"it"/"they" → coreference; anything else is left with no entity."""
    p = ANAPHORA.get(head.lower_)
    if p is not None and p.person == 1:
        speaker = mem.quotes.speaker(head) if mem.quotes is not None else None
        if speaker is None:
            return Resolution(reason=f"unresolved pronoun '{head.text}': first person outside a quote")
        if speaker.lower_ in ANAPHORA and ANAPHORA[speaker.lower_].person == 1:
            return Resolution(
                reason=f"unresolved pronoun '{head.text}': the quote's speaker is '{speaker.text}'"
            )
        shead, stokens = noun_phrase(head.doc, speaker.idx, speaker.idx + len(speaker), speaker.i)
        if shead is None:
            return Resolution(reason=f"unresolved pronoun '{head.text}': no speaker")
        words = " ".join(t.text for t in stokens)
        who = settle(reader.read(shead, stokens, when, mem, words), shead, stokens, reader.kb, words)
        why = f"first-person '{head.text}' in a quote → its speaker '{words}'"
        if p.number == "pl" and who.etype == "person":
            who = _side_of(reader.kb, who)
            why = f"{why}, and their side"
        if who.name is None:
            return Resolution(reason=f"unresolved pronoun '{head.text}': {why} has no entity")
        return replace(who, reason=f"{why} ({who.name}; {who.reason})")
    if p is not None and p.person == 2:
        return Resolution(reason=f"unresolved pronoun '{head.text}': the addressee is not named")
    if head.lower_ in ("who", "which", "that") and head.head.dep_ == "relcl":
        noun = head.head.head  # "the police, who arrested ...": the noun the clause describes
        if noun.pos_ in ("NOUN", "PROPN"):
            nhead, ntokens = noun_phrase(head.doc, noun.idx, noun.idx + len(noun), noun.i)
            if nhead is not None:
                words = " ".join(t.text for t in ntokens)
                res = reader.read(nhead, ntokens, when, mem, words)
                res = settle(res, nhead, ntokens, reader.kb, words)
                if res.name is not None:
                    res.reason = f"relative pronoun '{head.text}' → '{words}': {res.reason}"
                    words_only = [t for t in ntokens if not t.is_punct] or ntokens
                    res.antecedent = (words_only[0].idx, words_only[-1].idx + len(words_only[-1]))
                    return res
    res = mem.pronoun(head)
    if res is not None:
        return res
    kind = "no earlier actor fits" if p is None or p.person == 3 else "it names no one"
    return Resolution(reason=f"unresolved pronoun '{head.text}': {kind}")


def _side_of(kb: KnowledgeBase, person: Resolution) -> Resolution:
    """ "we" said by a person: their organisation, else their country's institution, else nobody."""
    ent = kb.entities.get(person.affiliation or "")
    if ent is not None:
        role = ent.roles[0] if ent.roles else None
        return Resolution(
            name=ent.name,
            country=role.country if role else ent.country,
            sector=role.sector if role else None,
            kb_id=ent.id,
            etype=ent.type,
            reason=f"organisation of {person.name}",
        )
    if person.country and person.sector and person.sector != "ELI":
        generic = generic_entity(kb, person.country, person.sector)
        if generic is not None:
            return Resolution(
                name=generic[1],
                country=person.country,
                sector=person.sector,
                kb_id=generic[0],
                etype="group",
                reason=f"the institution of {person.name} ({person.country} {person.sector})",
            )
    return Resolution(reason=f"{person.name} speaks for no organisation the text or KB names")
