"""Casualty and crowd counts in text: "killed 12", "over 11,000 lives", "dozens of protesters".

Text-level functions with no stage of their own, read by the frame extractor (does a background
noun's clause report deaths? :mod:`dotterel.extract.mentioned`) and by the quantity stage (which
count belongs to which event, :mod:`dotterel.provenance.quantities`), so ``extract`` never imports
``provenance``. A count is a number phrase, its value and the word it counts for (a casualty verb
or noun, a crowd noun); it belongs to no event here.

Vague plurals get the least they can mean, and the word as ``qualifier``: "dozens" → 24, "scores"
→ 40, "hundreds" → 200, "thousands" → 2000, "tens of thousands" → 20000. Qualifiers before a number
("at least", "over", "nearly", "about", "up to", "more than") are kept as written. Only people are
counted: "executed 52 arrest warrants" counts warrants, not dead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token

from ..spans import char_span, doc_text

__all__ = ["CATEGORIES", "MAX_COUNT", "Count", "fatality_scope_words", "find_counts", "parse_number"]

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
def fatality_scope_words() -> dict[str, frozenset[str]]:
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
    if low in fatality_scope_words().get("thing", frozenset()):
        return False  # "52 arrest warrants": an agent-noun ending, not people
    return low in _PEOPLE or noun.lemma_.lower() in _PEOPLE or low.endswith(_AGENT_SUFFIXES)


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
