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

Vague plurals get the least they can mean, and the word as ``qualifier``: "dozens" → 24, "scores"
→ 40, "hundreds" → 200, "thousands" → 2000, "tens of thousands" → 20000. Qualifiers before a number
("at least", "over", "nearly", "about", "up to", "more than") are kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..records import Frame
from ..spans import char_span, doc_text
from .syntax import clause_tokens

__all__ = ["CATEGORIES", "MAX_COUNT", "Count", "fatalities", "find_counts", "parse_number"]

CATEGORIES: tuple[str, ...] = ("killed", "injured", "arrested", "participants")

_VERBS = {
    "killed": {
        "kill",
        "murder",
        "slay",
        "massacre",
        "execute",
        "assassinate",
        "behead",
        "lynch",
        "die",
        "perish",
    },
    "injured": {"injure", "wound", "hurt", "maim"},
    "arrested": {"arrest", "detain", "capture", "apprehend", "jail", "imprison", "round", "nab"},
    "participants": {
        "march",
        "rally",
        "gather",
        "demonstrate",
        "protest",
        "strike",
        "assemble",
        "attend",
        "join",
    },
}
_NOUNS = {
    "killed": {"death", "fatality", "body", "dead", "corpse", "homicide", "murder", "killing"},
    "injured": {"injury", "injured", "wounded", "casualty"},
    "arrested": {"arrest", "detention", "detainee", "arrestee"},
    "participants": {"protester", "protestor", "demonstrator", "marcher", "participant", "striker", "rioter"},
}
#: "claimed 11,000 lives", "cost hundreds of lives"
_LIFE_VERBS = {"claim", "take", "cost", "lose", "leave"}
_TOLL_VERBS = {"rise", "climb", "reach", "stand", "hit", "increase", "jump", "surpass", "exceed", "top"}
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2_000_000}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12}
_WORDS = {
    w: i
    for i, w in enumerate(
        str.split(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
            "sixteen seventeen eighteen nineteen twenty"
        )
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1}
_QUALIFIER = re.compile(
    r"(at least|more than|over|nearly|almost|about|around|approximately|some|up to|fewer than|less than|"
    r"roughly|an estimated|as many as|at most|close to|upwards of)\s+$",
    re.IGNORECASE,
)


#: The largest count dotterel reports. No event has killed, injured, arrested or gathered two
#: billion people, so a bigger number is a misreading (a phone number, an ID, "10^400"), and
#: staying within it keeps every count inside the store's 32-bit INTEGER columns.
MAX_COUNT = 2**31 - 1

#: A numeral as news writes it: "40", "11,000" (groups of three), "1.5"; ASCII digits only.
_NUMERAL = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")


def parse_number(words: list[str]) -> int | None:
    """The value of a number phrase: "11,000", "1.5 million", "twenty-five", "two dozen".

    Exact (fractions, never floats) and strict: a malformed numeral ("1,2,3,4"), a phrase that is
    not a whole number ("3.14159"), two numerals in a row ("10 400") or a value over
    :data:`MAX_COUNT` is ``None`` — no value rather than a wrong one.
    """
    total, current, seen = Fraction(0), Fraction(0), False
    for raw in words:
        w = raw.lower()
        if w and w[0].isdigit():
            if len(w) > 24 or not _NUMERAL.fullmatch(w):
                return None
            if current:
                return None  # "10 400": two numbers, not one
            current = Fraction(w.replace(",", ""))
        elif w in _WORDS:
            current += _WORDS[w]
        elif "-" in w and all(p in _WORDS for p in w.split("-")):
            current += sum(_WORDS[p] for p in w.split("-"))
        elif w in _SCALE:
            current = (current or 1) * _SCALE[w]
            if _SCALE[w] >= 1000:
                total, current = total + current, Fraction(0)
        elif w == "and":
            continue
        else:
            return None
        if total + current > MAX_COUNT:
            return None
        seen = True
    value = total + current
    if not seen or value.denominator != 1 or value <= 0:
        return None
    return int(value)


@dataclass(slots=True)
class Count:
    """One casualty or crowd count and the word it counts for (``anchor``: verb or noun)."""

    category: str
    value: int
    qualifier: str | None
    start: int
    end: int
    anchor: Token


def _number_phrase(tok: Token) -> tuple[list[Token], int | None, str | None]:
    """The number tokens around ``tok``, their value and a vague-plural word, or ([], None, None)."""
    if tok.lower_ in _VAGUE:
        if (
            tok.i >= 2
            and tok.doc[tok.i - 1].lower_ == "of"
            and tok.doc[tok.i - 2].lower_ in ("tens", "hundreds")
        ):
            outer = tok.doc[tok.i - 2]
            scale = 10 if outer.lower_ == "tens" else 100
            return (
                [outer, tok.doc[tok.i - 1], tok],
                scale * _VAGUE[tok.lower_],
                f"{outer.lower_} of {tok.lower_}",
            )
        return [tok], _VAGUE[tok.lower_], tok.lower_
    if not tok.like_num or tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"):
        return [], None, None
    toks = [tok]
    for child in tok.children:
        if child.dep_ in ("compound", "quantmod") and (child.like_num or child.lower_ in _SCALE):
            toks.append(child)
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in _SCALE and nxt not in toks:
        toks.append(nxt)
    toks.sort(key=lambda t: t.i)
    return toks, parse_number([t.text for t in toks]), None


def _category_of_noun(noun: Token) -> tuple[str, Token] | None:
    """What a counted noun counts: "deaths" → killed, "people" killed by a verb → killed."""
    lemma = noun.lemma_.lower()
    if any(c.dep_ == "prep" and c.lower_ == "per" for c in noun.children):
        return None  # "92 homicides per 100,000 inhabitants" is a rate, not a count
    for cat, nouns in _NOUNS.items():
        if lemma in nouns or noun.lower_ in nouns:
            if cat == "participants" and noun.dep_ in ("dobj", "nsubjpass"):
                done_to = _verb_category(noun.head)
                if done_to in ("killed", "injured", "arrested"):
                    return done_to, noun.head  # "detained 300 protesters" counts arrests
            return cat, noun
    if lemma == "life" and noun.head.lemma_.lower() in _LIFE_VERBS:
        return "killed", noun.head
    if lemma == "toll":
        return "killed", noun
    holder = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    if holder is not None and holder.lemma_.lower() in _NOUNS["killed"] and _is_person(noun):
        return "killed", holder  # "the bodies of seven men", "the deaths of 12 people"
    if not _is_person(noun):
        return None  # "59,000 wild animals captured", "32 rifles seized": not people
    for child in noun.children:  # "12 people dead", "five wounded"
        for cat in ("killed", "injured"):
            if child.lemma_.lower() in _NOUNS[cat] and child.dep_ in ("amod", "acl"):
                return cat, noun
    verb = noun.head
    if noun.dep_ == "conj":  # "killed 5 soldiers and 3 civilians": the second count shares the verb
        verb = noun.head.head
    if noun.dep_ in ("dobj", "nsubjpass", "nsubj", "conj", "pobj") and verb.pos_ in ("VERB", "AUX"):
        cat = _verb_category(verb)
        if cat == "participants" and noun.dep_ not in ("nsubj", "conj"):
            return None  # "joined 40 people" is not a crowd of 40
        if cat:
            return cat, verb
    for child in noun.children:  # "four officials jailed in 2005": only when no governing verb counts
        if child.dep_ == "acl" and _verb_category(child) in ("killed", "injured", "arrested"):
            return _verb_category(child), child
    return None


#: Nouns for people that do not look like agent nouns ("-ers", "-ists", "-ians", ...).
_PEOPLE = frozenset(
    str.split(
        "people person persons man men woman women child children boy boys girl girls member members "
        "suspect suspects officer officers soldier soldiers police policeman policemen civilian civilians "
        "militant militants guerrilla guerrillas fighter fighters rebel rebels leader leaders lieutenant "
        "lieutenants student students migrant migrants resident residents journalist journalists "
        "individual individuals other others inmate inmates prisoner prisoners troops troop victim victims "
        "official officials agent agents guard guards youth youths family families relative relatives "
        "teenager teenagers minor minors adult adults citizen citizens national nationals hitman hitmen "
        "gunman gunmen kingpin kingpins boss bosses operative operatives associate associates"
    )
)
_AGENT_SUFFIXES = ("ers", "ors", "ists", "ians", "ants", "ents", "ees", "ites", "men")


@cache
def _scope_words() -> dict[str, frozenset[str]]:
    """``data/fatality_scope.tsv``: aggregate nouns, period words, span prepositions, thing nouns."""
    text = resources.files("dotterel").joinpath("data", "fatality_scope.tsv").read_text(encoding="utf-8")
    words: dict[str, set[str]] = {}
    for raw in text.splitlines():
        if raw.strip() and not raw.startswith("#"):
            kind, word = raw.split("\t")[:2]
            words.setdefault(kind, set()).add(word.strip().lower())
    return {k: frozenset(v) for k, v in words.items()}


def _is_person(noun: Token) -> bool:
    """Does the noun name people? (Numbers, pronouns and names count as people.)"""
    low = noun.lower_
    if noun.pos_ in ("NUM", "PRON", "PROPN") or noun.ent_type_ in ("NORP", "PERSON", "CARDINAL"):
        return True
    if low in _scope_words().get("thing", frozenset()):
        return False  # "52 arrest warrants": an agent-noun ending, not people
    return low in _PEOPLE or noun.lemma_.lower() in _PEOPLE or low.endswith(_AGENT_SUFFIXES)


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
    words = _scope_words()
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
    words = _scope_words()
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
    aggregate = _scope_words().get("aggregate", frozenset())
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


def _verb_category(verb: Token) -> str | None:
    """The category a verb reports: "killed", or "left ... dead", "shot dead"."""
    lemma = verb.lemma_.lower()
    cat = next((cat for cat, verbs in _VERBS.items() if lemma in verbs), None)
    if cat is not None:
        return cat
    for child in verb.children:
        if child.dep_ in ("oprd", "acomp", "xcomp", "advmod", "dobj", "ccomp"):
            word = child.lower_
            if word == "dead":
                return "killed"
            if word in ("wounded", "injured"):
                return "injured"
    return None


def _anchor(num: Token) -> tuple[str, Token] | None:
    """The casualty or crowd word a number token counts, with its category."""
    if num.dep_ == "nummod" or num.dep_ == "compound":
        return _category_of_noun(num.head)
    if num.lower_ in _VAGUE or num.dep_ in ("dobj", "nsubjpass", "nsubj", "conj", "appos"):
        of = next((c for c in num.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None:
            found = _category_of_noun(pobj)
            if found:
                return found
        return _category_of_noun(num)
    if num.dep_ == "pobj" and num.head.dep_ == "prep":  # "the death toll rose to 30", "a toll of 30"
        host = num.head.head
        if host.lemma_.lower() == "toll":
            return "killed", host
        subj = next((c for c in host.children if c.dep_ == "nsubj"), None)
        if (
            host.lemma_.lower() in _TOLL_VERBS
            and subj is not None
            and subj.lemma_.lower() in ("toll", "death")
        ):
            return "killed", host
    return None


def find_counts(doc: Doc, start: int = 0, end: int | None = None) -> list[Count]:
    """Every casualty or crowd count in tokens ``start:end``."""
    out, used = [], set()
    for tok in doc[start:end]:
        if tok.i in used:
            continue
        toks, value, vague = _number_phrase(tok)
        if not toks or value is None:
            continue
        found = _anchor(tok)
        if found is None:
            continue
        used.update(t.i for t in toks)
        first, last = toks[0], toks[-1]
        s, e = first.idx, last.idx + len(last.text)
        before = doc_text(doc)[max(first.sent.start_char, s - 25) : s]
        m = _QUALIFIER.search(before)
        qualifier = vague
        if m:
            qualifier = m.group(1).lower()
            s -= len(before) - m.start()
        span = char_span(doc_text(doc), s, e)
        out.append(Count(found[0], value, qualifier, span.start, span.end, found[1]))
    return out


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
