"""Reading an actor's noun phrase: which words say who, whose, on whose behalf, or nothing.

The word lists and dependency tests the resolver applies to a mention's tokens live here, apart
from the resolution rules, so each stays small and a rule reads as a sentence: a name that
``modifies`` the head says whose; ``is_patron`` marks "Iran-backed"; ``counts_others`` sees
through "thousands of"; ``names_a_body`` reads "the Bush administration" as an institution.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..vocabulary import word_sets, words
from .kb import KBEntity, KnowledgeBase
from .matching import NameMatch

__all__ = [
    "ALLY_HEADS",
    "ARGUMENT_DEPS",
    "DOMESTIC_SECTORS",
    "FORMER_WORDS",
    "GENERIC_HEADS",
    "GROUP_SECTORS",
    "HYPHENS",
    "INSTITUTION_SECTORS",
    "LOCATED_WORDS",
    "MAX_ROLE_WORDS",
    "NOT_WHOSE_WORDS",
    "NP_DEPS",
    "ORG_TYPES",
    "PATRON_WORDS",
    "QUANTITY_HEADS",
    "RELATIONAL_HEADS",
    "TITLE_SKIP",
    "WHOSE_PATH",
    "WHOSE_PREPOSITIONS",
    "counts_others",
    "hyphenated",
    "is_clause",
    "is_ethnic",
    "is_patron",
    "is_person",
    "is_proper",
    "modifies",
    "names_a_body",
    "noun_phrase",
    "not_whose",
    "sector_of",
    "via_preposition",
    "HEDGE_WORDS",
]

#: dependency labels that keep a token inside the actor's noun phrase
NP_DEPS = frozenset(
    {
        "compound",
        "amod",
        "poss",
        "det",
        "nummod",
        "quantmod",
        "nmod",
        "case",
        "punct",
        "flat",
        "appos",
        "prep",
        "pobj",
        "predet",
        "advmod",
        "npadvmod",
        "hmod",
        "hyph",
        "cc",
        "conj",
    }
)
#: second halves of a sponsor compound: "Iran-backed", "US-funded", "Russian-trained"
#: (data/words/patron_verbs.txt, shared with the frame extractor's spans)
PATRON_WORDS = words("patron_verbs")
#: word sets of an actor phrase that change whom it names (data/words/actor_phrase_words.tsv)
_PHRASE_WORDS = word_sets("actor_phrase_words")
#: heads that only count or group the real actor: "thousands of protesters", "members of Hamas"
QUANTITY_HEADS = _PHRASE_WORDS["quantity"]
#: longest role phrase tried ("army general chief of staff" is the longest that matters in news)
MAX_ROLE_WORDS = 5
#: nouns that name a relation to someone else: their possessor is the other party
ALLY_HEADS = _PHRASE_WORDS["ally"]
RELATIONAL_HEADS = ALLY_HEADS | _PHRASE_WORDS["relational"]
#: sectors of singular nouns that name an institution, which "it" can point back to
INSTITUTION_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "JRN", "PTY", "BUS"})
#: dependency labels of nouns that fill a verb's argument slot
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"})
#: sectors of actors that belong to one country, so the article's context may say which
DOMESTIC_SECTORS = frozenset(
    {
        "GOV",
        "MIL",
        "COP",
        "JUD",
        "LEG",
        "PTY",
        "OPP",
        "REB",
        "SPY",
        "PRM",
        "CVL",
        "EDU",
        "REL",
        "LAB",
        "AGR",
        "JRN",
        "MED",
        "BUS",
        "CRM",
        "ELI",
        "REF",
        "SOC",
        "UAF",
    }
)
#: "Bogota-based", "London-headquartered": where an actor sits, not who it is
LOCATED_WORDS = _PHRASE_WORDS["located"]
#: "Israeli-occupied West Bank", "Kurdish-held town": the name controls the place, it is not whose
NOT_WHOSE_WORDS = _PHRASE_WORDS["not_whose"]
ORG_TYPES = frozenset({"organisation", "armed_group", "igo", "ngo", "company", "alliance"})
#: sectors of groups whose members keep the group's sector ("Hamas officials" are Hamas)
GROUP_SECTORS = frozenset({"REB", "CRM", "PRM", "UAF"})
#: heads that say "some group" and let their modifiers say which ("opposition groups", "rebel group")
GENERIC_HEADS = _PHRASE_WORDS["generic"]
#: modifiers that turn an office into a former office (PLOVER ELI)
FORMER_WORDS = _PHRASE_WORDS["former"]
#: hedges before a role or name ("suspected militant X", "alleged gang leader"): they doubt the role,
#: they are not one ("suspect" the noun is a role: CVL)
HEDGE_WORDS = _PHRASE_WORDS["hedge"]
TITLE_SKIP = _PHRASE_WORDS["title_skip"]


def is_clause(tok: Token) -> bool:
    return tok.dep_ in ("relcl", "acl", "advcl", "ccomp", "xcomp")


#: prepositions whose object says whose or where from: "rebels in Darfur", "students throughout Indonesia"
WHOSE_PREPOSITIONS = frozenset({"of", "in", "from", "throughout", "near", "across", "inside", "within"})
#: dependency labels on the path from a modifier up to the head that still say "whose"
WHOSE_PATH = frozenset(
    {"compound", "amod", "poss", "nmod", "flat", "case", "conj", "cc", "pobj", "appos", "npadvmod"}
)


def modifies(m: NameMatch, head: Token) -> bool:
    """The name modifies the head itself ("Iran's", "US", "Iranian and Hamas", "in Darfur"), not
    something inside a prepositional phrase further down ("attacks on Israeli targets")."""
    doc = head.doc
    tok = doc[m.end - 1]
    while tok.head.i in range(m.start, m.end) and tok.head.i != tok.i:
        tok = tok.head
    for _ in range(8):
        if tok.i == head.i:
            return True
        if not m.start <= tok.i < m.end and tok.lemma_.lower() in RELATIONAL_HEADS:
            return False  # "the chief of Israel's militia ally": Israel is the ally's partner, not whose
        sibling = tok.head.i == head.head.i != head.i and tok.dep_ in ("amod", "compound", "poss")
        if tok.i < head.i and sibling:
            return True  # "Israeli army" cut out of "Israeli army bulldozers": a sibling before the head
        if tok.dep_ == "prep":
            owner = tok.head  # "rebels in Darfur"; "Haniyeh, the leader of Hamas" (via the apposition)
            on_head = owner.i == head.i or (owner.dep_ == "appos" and owner.head.i == head.i)
            if tok.lower_ not in WHOSE_PREPOSITIONS or not on_head:
                return False
        elif tok.dep_ not in WHOSE_PATH:
            return False
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def via_preposition(m: NameMatch, head: Token) -> bool:
    """The name reaches the head through a preposition ("militia ally in southern Lebanon")."""
    tok = head.doc[m.end - 1]
    for _ in range(8):
        if tok.i == head.i or tok.head.i == tok.i:
            return False
        if tok.dep_ == "prep":
            return True
        tok = tok.head
    return False


def names_a_body(kb: KnowledgeBase, m: NameMatch, head: Token) -> bool:
    """A person's alias ending in an institution noun ("Bush administration") names the institution."""
    person = bool(m.entities) and all(e.type == "person" for e in m.entities)
    return (
        person
        and head.pos_ == "NOUN"
        and head.i == m.end - 1
        and m.end - m.start > 1
        and bool(kb.role_sector(head.lemma_) or kb.role_sector(head.text))
    )


def counts_others(tok: Token) -> bool:
    """A head that counts or groups its "of" object: "thousands of", "a group of" (not "the group of")."""
    if not (tok.lower_ in QUANTITY_HEADS or tok.like_num):
        return False
    return not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)


def is_proper(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON"


def is_person(ent: KBEntity | None) -> bool:
    return ent is not None and ent.type == "person"


def sector_of(role: object) -> str:
    return getattr(role, "sector", None) or "(no sector)"


def is_ethnic(doc: Doc, m: NameMatch) -> bool:
    """A nationality word right after "ethnic" names an ethnicity ("ethnic Albanians in Serbia")."""
    return m.start > 0 and doc[m.start - 1].lower_ == "ethnic"


HYPHENS = ("-", "\u2010", "\u2011")


def hyphenated(m: NameMatch, doc: Doc) -> tuple[str, str]:
    """The words hyphenated to a name: ("pro", "") for "pro-Iranian", ("", "backed") for "Iran-backed"."""
    before = after = ""
    if m.start >= 2 and doc[m.start - 1].text in HYPHENS:
        before = doc[m.start - 2].lower_
    elif m.start >= 1 and doc[m.start - 1].lower_ in ("pro", "anti") and doc[m.start - 1].whitespace_ == "":
        before = doc[m.start - 1].lower_
    if m.end + 1 < len(doc) and doc[m.end].text in HYPHENS:
        after = doc[m.end + 1].lower_
    return before, after


def is_patron(m: NameMatch, doc: Doc) -> bool:
    """``Iran-backed``, ``pro-Iranian``: the name is a sponsor or sympathy, not the actor's identity."""
    before, after = hyphenated(m, doc)
    return after in PATRON_WORDS or before == "pro"


def not_whose(m: NameMatch, doc: Doc) -> bool:
    """``anti-Syria``, ``Israeli-occupied``: the name is an adversary or occupier, not whose."""
    before, after = hyphenated(m, doc)
    return before in ("anti", "non", "ex") or after in NOT_WHOSE_WORDS


def noun_phrase(doc: Doc, start: int, end: int, head_i: int | None) -> tuple[Token | None, list[Token]]:
    """The mention's head and noun phrase: the span may be cut short or run long, so the phrase is
    rebuilt from the head's dependency subtree (never a relative clause or another conjoined actor)."""
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
