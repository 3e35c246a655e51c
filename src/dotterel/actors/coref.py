"""In-article coreference: pronouns, short names and definite descriptions → earlier actors.

No coreference model ships offline (DESIGN.md §2), so these are rules over an article memory: the
resolver records every actor it identifies (KB names found anywhere in the article, and each
frame's actors) with its offset and type, and a later "it", "he", "Khamenei", "the terror group" or
"the alliance" looks back for the nearest compatible one. Compatibility is by type (a person for
"he", an armed group for "the militant group") so the nearest *mention* is not blindly taken.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from ..spans import doc_text
from ..vocabulary import word_sets
from .quotes import QuoteIndex
from .result import Resolution

__all__ = [
    "Antecedent",
    "ArticleMemory",
    "DESCRIPTION_TYPES",
    "PRONOUN_TYPES",
    "ARMED_MODIFIERS",
    "GOVERNMENT_WORDS",
    "INTERNATIONAL_CODES",
    "is_office",
]

_ORGS = frozenset({"organisation", "armed_group", "igo", "ngo", "company", "alliance", "group"})
#: pronoun → entity types it can refer to
PRONOUN_TYPES: dict[str, frozenset[str]] = {
    **{p: frozenset({"person"}) for p in ("he", "him", "his", "himself", "she", "her", "hers", "herself")},
    **{p: _ORGS | {"country", "seat"} for p in ("it", "its", "itself")},
    **{p: _ORGS for p in ("they", "them", "their", "theirs", "themselves")},
}
#: PLOVER codes for international actors: never a "country of the context"
INTERNATIONAL_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})


def _description_types() -> dict[str, frozenset[str]]:
    """``data/words/description_types.tsv`` as noun → types; a noun on two lines is an error, since
    the second line would silently win."""
    table: dict[str, frozenset[str]] = {}
    for types, nouns in word_sets("description_types").items():
        for noun in nouns:
            if noun in table:
                raise ValueError(f"data/words/description_types.tsv: {noun!r} is on two lines")
            table[noun] = frozenset(types.split(","))
    return table


#: head noun of a definite description → entity types it can refer to
DESCRIPTION_TYPES: dict[str, frozenset[str]] = _description_types()
#: descriptions whose adjective demands an armed group ("the terror group", "the militant group")
ARMED_MODIFIERS = word_sets("actor_phrase_words")["armed"]
#: description heads that, pointing at a country, mean its government
GOVERNMENT_WORDS = word_sets("actor_phrase_words")["government"]


def is_office(head: Token, tokens: list[Token]) -> bool:
    """ "Iran's Supreme Leader", "the Mexican president": a definite singular title is one person
    (an office holder), whom "he" may point back to; "a soldier" or "officials" are not."""
    if head.tag_ not in ("NN", "NNP") or DESCRIPTION_TYPES.get(head.lemma_.lower()) != frozenset({"person"}):
        return False
    return any(
        (t.dep_ == "det" and t.lower_ in ("the", "this")) or t.dep_ == "poss" for t in tokens if t.i < head.i
    ) or (head.text[:1].isupper() and head.i > 0 and not head.is_sent_start)


@dataclass(slots=True)
class Antecedent:
    start: int
    end: int
    sentence: int
    resolution: Resolution
    surname: str | None = None
    subject: bool = False


@dataclass
class ArticleMemory:
    """The actors identified so far in one article, in text order."""

    items: list[Antecedent] = field(default_factory=list)
    #: first token index and first character of each sentence (set once per Doc by ``index``):
    #: spaCy's ``token.sent`` walks the sentence list on every call, too slow per mention
    sentence_tokens: list[int] = field(default_factory=list)
    sentence_chars: list[int] = field(default_factory=list)

    text: str = ""
    #: the article's quotations and their speakers (first-person pronouns resolve to them)
    quotes: QuoteIndex | None = None

    def index(self, doc: Doc) -> None:
        self.text = doc_text(doc)  # Doc.text re-joins every token on each access
        if len(doc) == 0:
            return
        starts = doc.to_array("SENT_START")  # one C array, not a Span per sentence
        self.sentence_tokens = [0, *(int(i) for i in (starts == 1).nonzero()[0] if i > 0)]
        self.sentence_chars = [doc[i].idx for i in self.sentence_tokens]
        self.quotes = QuoteIndex(doc, self.sentence_tokens)

    def sentence_at(self, char: int) -> int:
        """The first character of the sentence holding character ``char``."""
        if not self.sentence_chars:
            return 0
        return self.sentence_chars[max(bisect_right(self.sentence_chars, char) - 1, 0)]

    def sentence_of(self, tok: Token) -> int:
        """The first token index of ``tok``'s sentence."""
        if not self.sentence_tokens:
            return tok.sent.start
        return self.sentence_tokens[bisect_right(self.sentence_tokens, tok.i) - 1]

    #: (char offset, sentence start token, country code) of every country-bearing name in the article
    countries: list[tuple[int, int, str]] = field(default_factory=list)

    def note_country(self, tok: Token, code: str) -> None:
        if code and len(code) == 3 and code not in INTERNATIONAL_CODES:
            self.countries.append((tok.idx, self.sentence_of(tok), code))

    def context_country(self, tok: Token, lo: int, hi: int) -> tuple[str | None, str]:
        """The country the context gives a mention at chars [lo, hi): the only country named in its
        sentence, else the article's most-named country when it clearly leads (named at least twice
        and more often than any other)."""
        outside = [(o, s, c) for o, s, c in self.countries if not lo <= o < hi]
        here = {c for _, s, c in outside if s == self.sentence_of(tok)}
        if len(here) == 1:
            return next(iter(here)), "the only country named in its sentence"
        counts: dict[str, int] = {}
        for _, _, c in outside:
            counts[c] = counts.get(c, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        leads = bool(ranked) and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1])
        if leads and (not here or ranked[0][0] in here):
            return ranked[0][0], f"the article's most-named country ({ranked[0][1]} mentions)"
        return None, ""

    @property
    def seen_ids(self) -> set[str]:
        return {a.resolution.kb_id for a in self.items if a.resolution.kb_id}

    def add(self, token_span: tuple[Token, Token], res: Resolution) -> None:
        first, last = token_span
        if not res.resolved and res.etype != "person":
            return
        while last.is_punct and last.i > first.i:  # "Police in Mexico," keeps no trailing comma
            last = last.doc[last.i - 1]
        end = last.idx + len(last)
        same = [a for a in self.items if a.start == first.idx]
        if same and same[0].end >= end:
            return
        if same:  # "Iranian" was noted; "Iranian officials" is the fuller actor starting there
            self.items.remove(same[0])
        surname = last.text if res.etype == "person" else None
        subject = last.dep_ in ("nsubj", "nsubjpass") or first.head.dep_ in ("nsubj", "nsubjpass")
        item = Antecedent(first.idx, last.idx + len(last), self.sentence_of(first), res, surname, subject)
        self.items.append(item)
        self.items.sort(key=lambda a: a.start)

    def _before(self, offset: int, types: frozenset[str], window_sentences: int, doc_sent_starts: list[int]):
        """Compatible antecedents ending before ``offset``, nearest first, within a few sentences."""
        limit_sent = _sentence_floor(offset, doc_sent_starts, window_sentences)
        for a in reversed(self.items):
            if a.end > offset or a.start < limit_sent:
                continue
            if a.resolution.etype in types:
                yield a

    def pronoun(self, tok: Token) -> Resolution | None:
        """It/he/they → the subject of the governing speech clause, else the nearest compatible actor."""
        types = PRONOUN_TYPES.get(tok.lower_)
        if types is None:
            return None
        starts = self.sentence_chars
        # "Iran maintains it will not intervene": the pronoun's clause reports its own subject.
        for anc in tok.ancestors:
            if anc.pos_ in ("VERB", "AUX"):
                for child in anc.children:
                    if child.dep_ in ("nsubj", "nsubjpass") and child.i < tok.i:
                        a = self._at(child)
                        if a is not None and a.resolution.etype in types:
                            return _via(a, f"pronoun '{tok.text}' → subject of the reporting clause")
        # people are picked up again further away than groups ("he" three sentences on)
        window = 3 if types == PRONOUN_TYPES["he"] else 2
        for a in self._before(tok.idx, types, window, starts):
            return _via(a, f"pronoun '{tok.text}' → nearest compatible earlier actor")
        return None

    def description(
        self, head: Token, modifiers: list[Token], sector: str | None = None
    ) -> Resolution | None:
        """The terror group / the alliance / the government → the nearest compatible earlier actor.

        ``sector`` is what the description's own words say ("criminal groups" CRM): an antecedent with
        another known sector is skipped."""
        word = head.lower_ if head.lower_ in DESCRIPTION_TYPES else head.lemma_.lower()
        types = DESCRIPTION_TYPES.get(word)
        if types is None:
            return None
        armed = any(m.lower_ in ARMED_MODIFIERS for m in modifiers)
        starts = self.sentence_chars
        for a in self._before(head.idx, types, 6, starts):
            if (
                armed
                and a.resolution.sector not in ("REB", "UAF", "PRM", None)
                and a.resolution.etype != "alliance"
            ):
                continue
            if sector and a.resolution.sector and a.resolution.sector != sector and not armed:
                continue
            res = _via(
                a, f"definite description '{_phrase(head, modifiers)}' → nearest compatible earlier actor"
            )
            if word in GOVERNMENT_WORDS and res.etype in ("country", "seat"):
                res.sector = "GOV"
            return res
        return None

    def short_name(self, tokens: list[Token]) -> Resolution | None:
        """A surname or title + surname ("Khamenei", "Ayatollah Khamenei") → the person named earlier."""
        last = tokens[-1].text
        for a in reversed(self.items):
            if a.start >= tokens[0].idx:
                continue
            if a.resolution.etype == "person" and a.surname == last:
                return _via(a, f"short name '{last}' → {a.resolution.name} named earlier")
        return None

    def _at(self, tok: Token) -> Antecedent | None:
        lo, hi = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)
        for a in self.items:
            if lo <= a.start < hi:
                return a
        return None


def _via(a: Antecedent, why: str) -> Resolution:
    base = a.resolution
    return replace(
        base, reason=f"coreference: {why} ({base.name}; {base.reason})", antecedent=(a.start, a.end)
    )


def _phrase(head: Token, modifiers: list[Token]) -> str:
    words = sorted([*modifiers, head], key=lambda t: t.i)
    return " ".join(t.text for t in words)


def _sentence_floor(offset: int, starts: list[int], back: int) -> int:
    idx = 0
    for k, s in enumerate(starts):
        if s <= offset:
            idx = k
    return starts[max(0, idx - back)] if starts else 0
