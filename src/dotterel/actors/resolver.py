"""Resolve one actor mention in its article: the phrase's own reading, then its context.

``reader.py`` reads the noun phrase (KB names, whose, role noun, pronouns, descriptions); this
module adds what needs the article or the event: a domestic role's country from where its act
happens or from context, places hit by conflict (their people, CVL) or targeted by a protest (their
authorities), countries that split, shared place names; then ``entity.settle`` makes the result a
countable entity. ``prescan`` fills the article's memory for coreference first.

In-text evidence outranks the KB: "Hamas leader Ismail Haniyeh" takes Hamas's country and sector
even when the KB's dated roles for him say otherwise. A mention with no name resolves through
coreference (``coref.py``); one with nothing at all keeps its raw text and says so in ``reason``.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Token

from ..columns import string_ids, token_columns
from ..spans import doc_text
from ..vocabulary import word_sets, words
from .coref import ArticleMemory
from .entity import settle
from .kb import KnowledgeBase
from .kb_roles import from_match
from .matching import find_names
from .metonymy import is_locative
from .name_matcher import matcher_for
from .phrase import (
    ARGUMENT_DEPS,
    DOMESTIC_SECTORS,
    INSTITUTION_SECTORS,
    is_ethnic,
    is_patron,
    not_whose,
    noun_phrase,
)
from .places import country_on, disambiguate, named_elsewhere, place_in_phrase, place_of
from .reader import PhraseReader
from .result import Resolution

__all__ = ["ActorResolver"]

#: prepositions that say where an act happens ("blocked streets in Hong Kong")
_ACT_PLACES = word_sets("prepositions")["act_place"]
#: "in defiance of Chinese authorities", "in protest of": a reason, not where the act happens
_REASON_NOUNS = words("reason_nouns")
#: the pre-scan's group nouns: common nouns (plural, or singular for institutions) as arguments
_NOUN_TAGS = string_ids(("NNS", "NN"))
_ARGUMENT_DEP_IDS = string_ids(ARGUMENT_DEPS)


class ActorResolver:
    """Stateless rules over a shared, read-only KB; per-article state lives in ``ArticleMemory``."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.reader = PhraseReader(kb)
        matcher_for(kb)  # build the name matcher with the pipeline, not inside the first article

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
        head, tokens = noun_phrase(doc, start, end, head_i)
        if head is None:
            return Resolution(reason="unresolved: empty span")
        text = memory.text or doc_text(doc)
        res = self.reader.read(head, tokens, when, memory, text[start:end].strip(), (start, end))
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
        for m in find_names(self.kb, doc):
            head = doc[m.end - 1]
            res = from_match(self.kb, m, head, when, memory, acting=not is_locative(head))
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
                head, phrase = noun_phrase(doc, ent.start_char, ent.end_char, ent.root.i)
                res = None
                if head is not None:
                    res = self.reader.read(head, phrase, when, memory, ent.text)
                if res is None or not res.resolved:
                    res = Resolution(name=ent.text, etype="person", reason="person named in the article")
                else:
                    res.etype, res.name = "person", res.name if res.kb_id else ent.text
                memory.add((ent[0], ent[-1]), res)
        # plural groups in argument positions ("the militants", "Iranian officials"): what "they" and
        # "the rebels" may point back to; tag and label are read from one array, a Token is built
        # only for a noun in an argument position (see dotterel.columns)
        tags, deps = token_columns(doc, ("TAG", "DEP"))
        for i, (tag, dep) in enumerate(zip(tags, deps, strict=True)):
            if tag not in _NOUN_TAGS or dep not in _ARGUMENT_DEP_IDS:
                continue
            tok = doc[i]
            sector = self.kb.role_sector(tok.lemma_) or self.kb.role_sector(tok.text)
            # singular nouns only for institutions ("the army said it..."), not "the man"
            if sector is None or (tok.tag_ == "NN" and sector not in INSTITUTION_SECTORS):
                continue
            head, phrase = noun_phrase(doc, tok.idx, tok.idx + len(tok), tok.i)
            if head is None or any(a.start <= tok.idx < a.end for a in memory.items):
                continue
            words = memory.text[phrase[0].idx : phrase[-1].idx + len(phrase[-1])]
            res = self.reader.read(head, phrase, when, memory, words)
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
        places = (g for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ in _ACT_PLACES
                  for g in p.children if g.dep_ == "pobj")  # fmt: skip
        for obj in (g for g in places if g.lemma_.lower() not in _REASON_NOUNS):
            for m in find_names(self.kb, list(obj.subtree)):
                res = from_match(self.kb, m, obj, when, mem, acting=False)
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
