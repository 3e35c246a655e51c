"""Find knowledge-base names in a run of tokens with spaCy's ``PhraseMatcher`` (issue #16).

A KB alias is compared on its lookup key (:func:`~dotterel.actors.kb.norm`: lower case, no full
stops, hyphens as spaces), which is not a token attribute: "al-Qaeda" is three tokens whose key is
the two words "al qaeda", "People 's" is two tokens whose key is the one word "people's", and a
full stop token adds nothing. So the matcher runs over a *key view* of the tokens, not over the
tokens themselves: each token contributes the pieces of its key, cut at spaces and before every
apostrophe (:func:`key_units`), and every alias and nationality word is added as a pattern cut the
same way. Cutting before apostrophes lets "Iran" match inside "Iran 's" and "People's" match
whether the tokenizer split off the "'s" or not.

The matcher proposes; :meth:`NameMatcher._accept` decides, with the rules the old hand-written scan
had, on the exact text of the window:

* the window's key is its tokens' keys joined by spaces, except that a token starting with an
  apostrophe ("'s") is joined to the word before it, as aliases are written ("People's");
  a leading "the" is skipped ("the United Nations");
* an alias matches in lower case only if its entry says ``any_case``; otherwise some word of the
  window must be capitalised; a nationality word matches only when capitalised ("Iranian");
* a window never starts at punctuation or at a lower-case pronoun ("us" is not "US"), never ends at
  punctuation (which may sit inside it: "al - Qaeda"), and spans at most ``max_alias_words + 4``
  tokens;
* from the leftmost start the longest window wins, and names never overlap (a longest-leftmost
  choice, not ``spacy.util.filter_spans``, which prefers the longest span anywhere: for "A B C"
  with names "A B" and "B C D" the reader of "A" must see "A B", as it always has).

The valid windows of a document are found once (the resolver asks for the names of many phrases
of the same article), and a call for a phrase picks among those inside it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from spacy.attrs import ORTH
from spacy.matcher import PhraseMatcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from ..vocabulary import words
from .kb import KBEntity, KnowledgeBase, norm

__all__ = ["NameMatch", "NameMatcher", "key_units", "matcher_for"]

_LOWER_PRONOUNS = words("pronouns_not_names")
#: what a key piece that no name contains is replaced by in the key view, so the matcher's own
#: vocabulary holds only the pieces of names and does not grow with every article read
_OTHER = "\x00"
_KEYED_MAX = 1 << 16
_BEFORE_APOSTROPHE = re.compile(r"(?=')")


@dataclass(slots=True)
class NameMatch:
    """Tokens ``doc[start:end]`` name ``entities`` (best first) and/or a country word (``demonym``)."""

    start: int
    end: int
    text: str
    entities: list[KBEntity] = field(default_factory=list)
    demonym: str | None = None

    def covers(self, i: int) -> bool:
        return self.start <= i < self.end


@lru_cache(maxsize=1 << 16)
def key_units(key: str) -> tuple[str, ...]:
    """The pieces the matcher compares a normalised key by: words, cut before each apostrophe.

    ``"people's liberation army"`` → ``("people", "'s", "liberation", "army")``. A token's pieces
    are its key's pieces, so a window's pieces are the concatenation of its tokens' pieces, however
    the tokenizer cut the text.
    """
    return tuple(p for word in key.split(" ") for p in _BEFORE_APOSTROPHE.split(word) if p)


class NameMatcher:
    """One ``PhraseMatcher`` over every alias and nationality word of a KB (built in about 0.4 s)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.version = kb.version
        #: at most this many tokens from a window's first to its last (punctuation inside counts)
        self.limit = kb.max_alias_words + 4
        self.vocab = Vocab()
        self.matcher = PhraseMatcher(self.vocab)
        patterns = [key_units(name) for name in {*kb.aliases, *kb.demonyms}]
        self.pieces = frozenset(p for units in patterns for p in units)
        # each pattern as the tuple of its pieces' ids: the form the PhraseMatcher keeps its
        # patterns in and re-adds them from when it is unpickled; making 35,000 one-use Docs
        # instead takes seven times as long (2.5 s vs 0.35 s), paid by every process
        strings = self.vocab.strings
        self.matcher.add("NAME", [tuple(strings.add(p) for p in units) for units in patterns if units])
        #: a word's key and the ids of its pieces as the matcher sees them, by the word's ``orth``
        #: id: ids, not strings, because a ``Doc`` made from ids skips hashing every piece again
        #: (a tenth of the pre-scan's name search)
        self._keyed: dict[int, tuple[str, tuple[int, ...]]] = {}
        self._other = strings.add(_OTHER)
        self._only_other = (self._other,)
        self._last: tuple[Doc | None, list[int], list[NameMatch]] = (None, [], [])

    # --- the valid windows ---------------------------------------------------------------------
    def windows(self, tokens: Sequence[Token], orths: list[int], offset: int = 0) -> list[NameMatch]:
        """Every window of ``tokens`` (whose ``orth`` ids are ``orths``) that names something,
        sorted by start then longest first; ``offset`` is added to positions to give ``start``/``end``.
        """
        if not orths:
            return []
        strings = tokens[0].doc.vocab.strings
        known = self._keyed
        if len(known) > _KEYED_MAX:  # a long-running server reads ever new words
            known.clear()
        keys: list[str] = []
        pieces: list[int] = []
        owner: list[int] = []
        ids, other, only_other = self.vocab.strings, self._other, self._only_other
        for k, orth in enumerate(orths):
            entry = known.get(orth)
            if entry is None:
                key = norm(strings[orth])
                units = tuple(ids[u] if u in self.pieces else other for u in key_units(key))
                entry = known[orth] = (key, units)
            keys.append(entry[0])
            units = entry[1]
            if units == only_other and pieces and pieces[-1] == other:
                continue  # a run of words no name contains is one stop for the matcher
            for unit in units:
                pieces.append(unit)
                owner.append(k)
        if not pieces:
            return []
        window = _Window(self.kb, self.limit, tokens, _Texts(strings, orths), keys)
        found: dict[tuple[int, int], NameMatch] = {}
        tried: set[tuple[int, int]] = set()
        for _, a, b in self.matcher(Doc(self.vocab, words=pieces)):
            first, last = owner[a], owner[b - 1]
            for i in self._starts(keys, first):
                for j in self._ends(keys, last, i):
                    if (i, j) not in tried:
                        tried.add((i, j))
                        match = window.accept(i, j, offset)
                        if match is not None:
                            found[(i, j)] = match
        return [found[w] for w in sorted(found, key=lambda w: (w[0], -w[1]))]

    def _starts(self, keys: list[str], first: int) -> list[int]:
        """Where a window whose first key piece is the first token's may start: that token, or
        further left over tokens with no key (full stops, dashes) and one "the"."""
        out = [first]
        the_seen = False
        i = first - 1
        while i >= 0 and first - i < self.limit:
            if keys[i] == "the" and not the_seen:
                the_seen = True
            elif keys[i]:
                break
            out.append(i)
            i -= 1
        return out

    def _ends(self, keys: list[str], last: int, start: int) -> list[int]:
        """Where it may end: the last token, or further right over tokens with no key."""
        out = [last]
        j = last + 1
        while j < len(keys) and not keys[j] and j - start < self.limit:
            out.append(j)
            j += 1
        return out

    def doc_windows(self, doc: Doc) -> tuple[list[int], list[NameMatch]]:
        """The valid windows of the whole document and their starts, found once per document (the
        last document's are kept: the resolver reads one article at a time)."""
        last_doc, starts, found = self._last
        if last_doc is not doc:
            found = self.windows(doc, doc.to_array(ORTH).tolist())
            starts = [w.start for w in found]
            self._last = (doc, starts, found)
        return starts, found

    # --- a call ---------------------------------------------------------------------------------
    def find(self, tokens: Sequence[Token]) -> list[NameMatch]:
        """Longest-leftmost non-overlapping names in ``tokens`` (tokens of one Doc, in order)."""
        n = len(tokens)
        if n == 0:
            return []
        first_i = tokens[0].i
        candidates: Iterable[NameMatch]
        if isinstance(tokens, Doc | Span) or _contiguous(tokens, first_i):
            starts, windows = self.doc_windows(tokens[0].doc)
            candidates = islice(windows, bisect_left(starts, first_i), None)
        else:
            # a dependency subtree with a gap (a non-projective parse): read the tokens as given,
            # positions counted from the first, as the scan always did
            candidates = self.windows(tokens, [t.orth for t in tokens], first_i)
        out: list[NameMatch] = []
        pos, end = first_i, first_i + n
        for w in candidates:
            if w.start >= end:
                break
            if w.start >= pos and w.end <= end:
                out.append(NameMatch(w.start, w.end, w.text, list(w.entities), w.demonym))
                pos = w.end
        return out


class _Window:
    """The exact rules for one proposed window ``tokens[i..j]`` (both ends included)."""

    def __init__(
        self,
        kb: KnowledgeBase,
        limit: int,
        tokens: Sequence[Token],
        texts: _Texts,
        keys: list[str],
    ) -> None:
        self.kb, self.limit = kb, limit
        self.tokens, self.texts, self.keys = tokens, texts, keys

    def accept(self, i: int, j: int, offset: int) -> NameMatch | None:
        texts, keys = self.texts, self.keys
        if j - i >= self.limit or _punct(self.tokens[i]) or _punct(self.tokens[j]):
            return None
        if keys[i] in _LOWER_PRONOUNS and texts[i].islower():
            return None
        parts: list[str] = []
        for key in keys[i : j + 1]:
            if key.startswith("'") and parts:  # "People 's" → "people's", as the alias is written
                parts[-1] += key
            elif key:
                parts.append(key)
        key = " ".join(parts)
        if key == "the":
            return None
        if key.startswith("the "):
            key = key[4:]
        if key not in self.kb.aliases and key not in self.kb.demonyms:
            return None
        words = [texts[k] for k in range(i, j + 1)]
        capital = any(t[:1].isupper() for t in words)
        ents = self.kb.lookup(key)
        if ents and not capital:
            ents = [e for e in ents if e.any_case]
        dem = self.kb.demonyms.get(key) if capital else None
        if not ents and not dem:
            return None
        return NameMatch(offset + i, offset + j + 1, " ".join(words), ents, dem)


def _punct(token: Token) -> bool:
    return token.is_punct or token.is_space


def _contiguous(tokens: Sequence[Token], first_i: int) -> bool:
    n = len(tokens)
    return tokens[-1].i == first_i + n - 1 and [t.i for t in tokens] == list(range(first_i, first_i + n))


class _Texts:
    """A token's text by position, decoded only for the few windows the matcher proposes."""

    __slots__ = ("orths", "strings")

    def __init__(self, strings: StringStore, orths: list[int]) -> None:
        self.strings, self.orths = strings, orths

    def __getitem__(self, k: int) -> str:
        return self.strings[self.orths[k]]


def matcher_for(kb: KnowledgeBase) -> NameMatcher:
    """The KB's matcher, built on first use and again after the KB gains names."""
    matcher = kb.matcher
    if not isinstance(matcher, NameMatcher) or matcher.version != kb.version:
        matcher = kb.matcher = NameMatcher(kb)
    return matcher
