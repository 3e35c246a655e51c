"""How many: killed, injured, arrested and participants, from numbers next to casualty or crowd words.

Output shape (``frame.quantities``, a free object in the schema): the four plain numbers stay
readable, as in the design example, and every number keeps the words it came from under
``spans``::

    {"killed": 11000, "injured": None, "arrested": None, "participants": None,
     "spans": {"killed": {"value": 11000, "qualifier": "over", "text": "over 11,000",
                          "start": 1510, "end": 1521, "scope": "trigger"}}}

``scope`` is ``"trigger"`` when the count is attached to the event's own clause ("the attack killed
12", "gunmen opened fire, killing 12", "the conflict, which has claimed ... lives") and sets the
plain number. A count elsewhere in the same sentence is kept under ``spans`` with scope
``"sentence"`` and leaves the plain number ``None``: summing ``killed`` over events must not count
one death toll once per event of the sentence.

**Fatalities** (issue 15) are stricter than ``killed``: :func:`fatalities` is the number of dead of
this one incident, what ACLED and the store's ``fatalities`` mean. A count of a long-running
situation or a time span ("the ongoing conflict, which has claimed over 11,000 lives", "fighting
killed 3,000 people last year", "the violence has claimed 400 lives this year", "since 2006") still
sets ``killed`` (the text says it of the event) but is marked ``"total": true`` and is never an
incident's fatalities. The dead of another event named as this one's cause ("the deaths of 12
migrants sparked protests", "protests after the killing of five students") are scope
``"sentence"``. Only people are counted: "executed 52 arrest warrants" counts warrants, not dead.
The words these rules use are in ``data/fatality_scope.tsv``.

Finding the counts themselves (number phrases, vague plurals, qualifiers, what each counts) is
:mod:`dotterel.analysis.counts`, shared with the frame extractor; this module decides which count
belongs to which event.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..analysis.counts import CATEGORIES, MAX_COUNT, Count, fatality_scope_words, find_counts, parse_number
from ..records import Frame
from ..spans import doc_text
from .syntax import clause_tokens

__all__ = [
    "CATEGORIES",
    "MAX_COUNT",
    "Count",
    "fatalities",
    "find_counts",
    "parse_number",
    "QuantityFinder",
    "make_quantity_finder",
]


def _date_range(prep: Token) -> bool:
    """ "between January and May", "from 2010 to 2015" (not "the toll from Monday's bombing")."""
    sub = list(prep.subtree)
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if not objects or not all(o.ent_type_ == "DATE" for o in objects):
        return False  # "between the ELN and the EPL on March 15": the objects are not dates
    if prep.lower_ == "between":
        return any(t.lower_ == "and" for t in sub)
    ends = ("to", "until", "through")
    return any(t.lower_ in ends for t in sub) or any(
        c.dep_ == "prep" and c.lower_ in ends for c in prep.head.children
    )


def _spans_period(tok: Token) -> bool:
    """Is ``tok``'s clause bounded by a time span ("last year", "since 2006", "in 2022", "so far")?"""
    words = fatality_scope_words()
    periods, span_preps = words.get("period", frozenset()), words.get("span_prep", frozenset())
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in span_preps:
            return True
        if child.dep_ == "prep" and child.lower_ in ("between", "from") and _date_range(child):
            return True  # "between January and May", "from 2010 to 2015": a range of dates
        if child.dep_ in ("npadvmod", "advmod", "obl", "prep"):
            sub = list(child.subtree)
            if any(t.lower_ in periods for t in sub) and not any(t.lower_ == "ago" for t in sub):
                return True
    return False


def _other_event(count: Count, trigger: Token) -> bool:
    """Is the count the dead of another event the sentence names as a cause of this one?

    "The deaths of 12 migrants sparked protests", "protests erupted after the killing of 5
    students", "in retaliation for the deaths of 3 soldiers": the count hangs on the trigger's
    clause, but through a causal verb's subject or a preposition of cause, so it counts the earlier
    event's dead, not this one's.
    """
    words = fatality_scope_words()
    cause_verbs, cause_preps = words.get("cause_verb", frozenset()), words.get("cause_prep", frozenset())
    chain_t = {t.i for t in clause_tokens(trigger)}
    node = count.anchor
    while node.head.i != node.i and node.i not in chain_t:
        if node.lower_ in cause_preps and node.dep_ in ("prep", "advcl", "acl", "pcomp", "mark"):
            return True  # "after the killing of ...", "following the deaths of ..." (parsed as a verb too)
        if node.dep_ in ("nsubj", "nsubjpass") and node.head.lemma_.lower() in cause_verbs:
            return node.head.i != trigger.i
        node = node.head
    return False


def _is_total(count: Count, trigger: Token) -> bool:
    """A war's, a period's or a place's total rather than the dead of one incident (issue 15).

    The count is a total when the event itself is a long-running situation ("the war, which has
    killed ..."), when the verb that counts has such a situation as its subject ("the violence has
    claimed 400 lives"), or when the clause that counts is bounded by a time span ("... last year",
    "since 2006", "so far this year").
    """
    aggregate = fatality_scope_words().get("aggregate", frozenset())
    if trigger.lemma_.lower() in aggregate and trigger.pos_ == "NOUN":
        return True
    anchor = count.anchor
    heads = [anchor]
    node = anchor
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i and len(heads) < 4:
        node = node.head  # "have resulted in six deaths": the verb that counts governs the noun
        heads.append(node)
    for tok in heads:
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.lemma_.lower() in aggregate:
            return True
        if tok.pos_ in ("VERB", "AUX"):
            # the verb's own modifiers, and a fronted one the parser hung on its subject's clause
            # ("Since 2017, clashes between police and demonstrators opposed to ... have resulted")
            near = [tok, *(c for c in tok.children if c.dep_ in ("advcl", "xcomp", "nsubj", "nsubjpass"))]
            if any(_spans_period(t) for t in near):
                return True
    return False


def _tied(count: Count, trigger: Token) -> bool:
    """Does the count's anchor belong to the trigger's clause, or hang directly on it?

    "Gunmen attacked a village, killing 14 and wounding 20": the participle clauses hang on
    "attacked"; "the conflict, which has claimed ... lives": the relative clause hangs on the event
    noun. A count in a relative clause on some other noun of the sentence is not the event's.
    """
    a = count.anchor
    chain_t = {t.i for t in clause_tokens(trigger)}
    chain_a = clause_tokens(a)
    if chain_t & {t.i for t in chain_a}:
        return True  # one clause: "the fighting ... resulted in at least six deaths"
    if chain_a[-1].head.i in chain_t:
        return True
    # "At least 3 people died when security forces opened fire": the act is the deaths' adverbial clause.
    head_t = list(clause_tokens(trigger))[-1]
    if head_t.dep_ == "advcl" and head_t.head.i in {t.i for t in chain_a}:
        return True
    return _in_relative_clause_of(a, trigger)


def _in_relative_clause_of(anchor: Token, trigger: Token) -> bool:
    """ "air raids in which officials said 20 people were killed": the count is reported inside the
    event noun's own relative clause, however deep the reporting verbs nest it (issue #5)."""
    node = anchor
    while node.head.i != node.i:
        if node.dep_ in ("relcl", "acl") and node.head.i == trigger.i:
            return True
        if node.dep_ not in ("ccomp", "xcomp", "conj", "relcl", "acl") and node.pos_ in ("VERB", "AUX"):
            return False  # a clause of another kind (adverbial, subject): not the noun's
        node = node.head
    return False


def fatalities(quantities: dict[str, Any] | None) -> int | None:
    """The dead of this one incident: ``killed`` when tied to the trigger and not a total."""
    if not quantities:
        return None
    killed = quantities.get("killed")
    if not isinstance(killed, int) or isinstance(killed, bool):
        return None
    info = (quantities.get("spans") or {}).get("killed") or {}
    if info.get("total") or info.get("scope", "trigger") != "trigger":
        return None
    return killed


class QuantityFinder:
    """The ``dotterel_quantities`` component: fills ``frame.quantities``."""

    def __call__(self, doc: Doc) -> Doc:
        frames: list[Frame] = doc._.frames or []
        counts_by_sent: dict[int, list[Count]] = {}
        for frame in frames:
            trigger = doc[frame.trigger_token]
            sent = trigger.sent
            if sent.start not in counts_by_sent:
                counts_by_sent[sent.start] = find_counts(doc, sent.start, sent.end)
            frame.quantities = self._quantities(counts_by_sent[sent.start], trigger, doc)
        return doc

    @staticmethod
    def _quantities(counts: list[Count], trigger: Token, doc: Doc) -> dict[str, Any]:
        out: dict[str, Any] = dict.fromkeys(CATEGORIES)
        spans: dict[str, dict[str, Any]] = {}
        for c in counts:
            scope = "trigger" if _tied(c, trigger) else "sentence"
            total = False
            if scope == "trigger" and c.category == "killed":
                if _other_event(c, trigger):
                    scope = "sentence"  # the dead of the event that caused this one
                else:
                    total = _is_total(c, trigger)  # a war's or a year's toll
            have = spans.get(c.category)
            if have is not None and (have["scope"] == "trigger" or scope == "sentence"):
                continue  # the first count of a category wins; one tied to the trigger beats the rest
            text = doc_text(doc)[c.start : c.end]
            spans[c.category] = {
                "value": c.value, "qualifier": c.qualifier, "text": text,
                "start": c.start, "end": c.end, "scope": scope,
            }  # fmt: skip
            if total:
                spans[c.category]["total"] = True
        for cat, info in spans.items():
            if info["scope"] == "trigger":
                out[cat] = info["value"]
        if spans:
            out["spans"] = spans
        return out


@Language.factory(
    "dotterel_quantities", requires=["token.dep", "token.lemma", "doc._.frames"], assigns=["doc._.frames"]
)
def make_quantity_finder(nlp: Language, name: str) -> QuantityFinder:
    return QuantityFinder()
