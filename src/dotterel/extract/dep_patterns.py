"""Named dependency patterns: the tree shapes the recipient rules look for, kept as data.

Each construction a recipient rule reads ("complained over X", "withdrew troops from X", "a
demand that X ...") is one entry of ``data/rules/recipient_patterns.json``: a name, one or more
spaCy :class:`~spacy.matcher.DependencyMatcher` patterns (alternatives of the same construction),
the node whose token the construction finds (``finds``), what to keep of those tokens (``keep``),
and a hand-written example sentence that a test parses. The file is read and compiled once
(:data:`PATTERNS`); a malformed entry is a one-line :class:`~dotterel.errors.ConfigError` naming
it, so a typo never silently switches a rule off.

What a pattern may say beyond spaCy's own token attributes:

- ``{"IN": ["@pressure_nouns"]}``: an item starting with ``@`` is a word list of ``data/words/``
  (``@prepositions:grievance`` is one named set of a ``.tsv`` list), so a pattern reads the same
  words the rest of the extractor reads (one source of truth);
- ``"LEMMA_LOWER"``: the lower-cased lemma (spaCy keeps the case of a proper noun's lemma, the
  word lists are lower-case);
- ``"unless"``: patterns that veto a match when they match the same tokens on the nodes they share
  with it ("a demand that X ...", but not "a demand which X ...": a relative clause, no party).

How matches are ordered (the rules that keep only the first one depend on it): alternatives in
file order; within one alternative, by the positions of the matched tokens taken node by node in
pattern order, which is the order of nested loops over the children of each node; each token once.

How they are run: spaCy compiles and checks every pattern when the file is read, and
:meth:`PatternSet.spacy_find` runs spaCy's own ``DependencyMatcher``. The extractor asks a
different question, though: not "where in this article does the shape occur" but "does it hang
from *this* token" (the pattern's first node, its *anchor*: the frame's trigger). spaCy's matcher
answers the first by trying every combination of candidate tokens of the whole document (or of a
copy of a span), which made the frame stage four times slower; :meth:`PatternSet.find` walks the
tree down from the anchor instead, node by node, with the same token tests and operators
(``>``, ``>>``, ``<``, ``<<``; attributes ``DEP``, ``LOWER``, ``ORTH``, ``LEMMA``, ``POS``, ``TAG``,
``ENT_TYPE`` and extensions, as values or ``IN`` / ``NOT_IN`` lists; anything else is refused
when the file is read). ``tests/test_issue16_dep_patterns.py`` checks the two give the same matches.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Token
from spacy.vocab import Vocab

from ..errors import ConfigError
from ..vocabulary import word_sets, words

__all__ = ["KEEPS", "PATTERNS", "DepPattern", "PatternSet", "load_patterns"]

#: What a construction keeps of the tokens its pattern found (applied by ``constructions.py``):
#: ``all``; ``parties`` (those that can be a party); ``parties_else_owners`` (those, else whom the
#: things found concern: "over Israeli raids" → Israeli); ``owners_of_things`` (whom the things
#: that are no party concern: "for a war against Iraq" → Iraq).
KEEPS: frozenset[str] = frozenset({"all", "parties", "parties_else_owners", "owners_of_things"})

#: Where a rule starts a pattern: the frame's trigger or its nominal trigger.
_ANCHORS = frozenset({"trigger", "noun"})
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_LEMMA_LOWER = "lemma_lower"

if not Token.has_extension(_LEMMA_LOWER):
    Token.set_extension(_LEMMA_LOWER, getter=lambda t: t.lemma_.lower())

#: The token attributes the anchored search reads (spaCy's names), and the operators it follows.
_ATTRS: dict[str, Callable[[Token], str]] = {
    "DEP": lambda t: t.dep_, "LOWER": lambda t: t.lower_, "ORTH": lambda t: t.text,
    "TEXT": lambda t: t.text, "LEMMA": lambda t: t.lemma_, "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_, "ENT_TYPE": lambda t: t.ent_type_,
}  # fmt: skip
_OPS: dict[str, Callable[[Token], Iterable[Token]]] = {
    ">": lambda t: t.children,
    ">>": lambda t: (x for x in t.subtree if x.i != t.i),
    "<": lambda t: (t.head,) if t.head.i != t.i else (),
    "<<": lambda t: t.ancestors,
}
_Test = Callable[[Token], bool]


def _value_test(get: Callable[[Token], Any], spec: Any, where: str) -> _Test:
    if isinstance(spec, dict):
        if set(spec) - {"IN", "NOT_IN"}:
            raise ConfigError(f"{where}: only IN and NOT_IN are supported, not {sorted(spec)}")
        tests = [(op == "IN", frozenset(values)) for op, values in spec.items()]
        return lambda t: all((get(t) in values) == inside for inside, values in tests)
    return lambda t: get(t) == spec


def _token_test(attrs: dict[str, Any], where: str) -> _Test:
    """One node's token test, with spaCy's meaning of its attributes."""
    tests: list[_Test] = []
    for key, spec in attrs.items():
        if key == "_":
            for ext, ext_spec in spec.items():
                tests.append(_value_test(lambda t, e=ext: getattr(t._, e), ext_spec, where))
        elif key in _ATTRS:
            tests.append(_value_test(_ATTRS[key], spec, where))
        else:
            raise ConfigError(f"{where}: attribute {key} is not one the pattern search reads "
                              f"({', '.join(sorted(_ATTRS))}, LEMMA_LOWER or an extension)")  # fmt: skip
    return lambda t: all(test(t) for test in tests)


@dataclass(frozen=True, slots=True)
class _Search:
    """A pattern ready to walk from its anchor: per node, its left node, operator and token test."""

    nodes: tuple[str, ...]
    steps: tuple[tuple[int, str, _Test], ...]

    def run(self, anchor: Token) -> list[tuple[int, ...]]:
        """Every binding of the nodes with the first on ``anchor``, as token positions, sorted."""
        if not self.steps[0][2](anchor):
            return []
        found: list[tuple[Token, ...]] = [(anchor,)]
        for left, op, test in self.steps[1:]:
            found = [(*b, t) for b in found for t in _OPS[op](b[left]) if test(t)]
            if not found:
                return []
        return sorted(tuple(t.i for t in b) for b in found)


def _search(pattern: tuple[dict[str, Any], ...], where: str) -> _Search:
    nodes = _nodes(pattern)
    steps: list[tuple[int, str, _Test]] = []
    for k, node in enumerate(pattern):
        left, op = node.get("LEFT_ID"), node.get("REL_OP")
        if k and (left not in nodes[:k] or op not in _OPS):
            raise ConfigError(f"{where}: node {nodes[k]!r}: LEFT_ID must name an earlier node and REL_OP "
                              f"be one the pattern search follows ({' '.join(_OPS)})")  # fmt: skip
        steps.append(
            (nodes.index(left) if k else -1, op or "", _token_test(node.get("RIGHT_ATTRS", {}), where))
        )
    return _Search(tuple(nodes), tuple(steps))


@dataclass(frozen=True, slots=True)
class DepPattern:
    """One named construction: its alternative patterns, the node it finds, what it keeps."""

    name: str
    #: spaCy DependencyMatcher patterns (``@`` word lists resolved), tried in this order
    alternatives: tuple[tuple[dict[str, Any], ...], ...]
    #: the node (``RIGHT_ID``) whose token the construction finds
    finds: str
    keep: str
    #: how deep ``*owners*`` keeps look below a thing ("restrictions on the movement of X": 2)
    owner_depth: int
    #: keep only the first token found
    first: bool
    #: where a rule row naming this pattern starts it (``trigger`` or ``noun``)
    anchor: str
    #: patterns that veto a match sharing their tokens on common nodes
    unless: tuple[tuple[dict[str, Any], ...], ...]
    #: a hand-written sentence, its anchor word and the word the pattern finds there
    example: tuple[str, str, str]
    description: str


def _nodes(pattern: tuple[dict[str, Any], ...]) -> list[str]:
    return [str(node.get("RIGHT_ID")) for node in pattern]


def _expand(value: Any, where: str) -> Any:
    """``@list`` / ``@file:set`` items of IN / NOT_IN lists → the words of that data file."""
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for op, arg in value.items():
        if op in ("IN", "NOT_IN") and isinstance(arg, list):
            items: set[str] = set()
            for item in arg:
                if isinstance(item, str) and item.startswith("@"):
                    ref, _, key = item[1:].partition(":")
                    try:
                        items |= word_sets(ref)[key] if key else words(ref)
                    except (OSError, KeyError, ValueError):
                        raise ConfigError(f"{where}: no word list {item!r} in data/words/") from None
                else:
                    items.add(item)
            arg = sorted(items)
        out[op] = arg
    return out


def _node(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: each node must be an object with RIGHT_ID and RIGHT_ATTRS")
    node = dict(raw)
    attrs = node.get("RIGHT_ATTRS", {})
    if not isinstance(attrs, dict):
        raise ConfigError(f"{where}: RIGHT_ATTRS must be an object")
    attrs = {k: _expand(v, where) for k, v in attrs.items()}
    if "LEMMA_LOWER" in attrs:
        attrs["_"] = {**attrs.get("_", {}), _LEMMA_LOWER: attrs.pop("LEMMA_LOWER")}
    node["RIGHT_ATTRS"] = attrs
    return node


def _patterns(raw: Any, where: str, *, required: bool) -> tuple[tuple[dict[str, Any], ...], ...]:
    if raw is None and not required:
        return ()
    if not isinstance(raw, list) or (required and not raw):
        raise ConfigError(f"{where}: expected a list of patterns (each a list of nodes)")
    out = []
    for k, pattern in enumerate(raw):
        if not isinstance(pattern, list) or not pattern:
            raise ConfigError(f"{where}: pattern {k + 1} must be a non-empty list of nodes")
        out.append(tuple(_node(node, f"{where} pattern {k + 1}") for node in pattern))
    return tuple(out)


def _entry(raw: Any, source: str, n: int) -> DepPattern:
    name = raw.get("name") if isinstance(raw, dict) else None
    where = f"{source}: entry {n} ({name!r})" if name else f"{source}: entry {n}"
    if not isinstance(raw, dict) or not isinstance(name, str) or not _NAME.match(name):
        raise ConfigError(f"{where}: needs a name (lower-case letters, digits and _)")
    unknown = sorted(set(raw) - {"name", "description", "patterns", "finds", "keep", "owner_depth",
                                 "first", "anchor", "unless", "example"})  # fmt: skip
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(unknown)}")
    alternatives = _patterns(raw.get("patterns"), where, required=True)
    unless = _patterns(raw.get("unless"), f"{where} unless", required=False)
    finds = raw.get("finds")
    for k, pattern in enumerate(alternatives):
        if finds not in _nodes(pattern):
            raise ConfigError(f"{where}: pattern {k + 1} has no node {finds!r} (the node it finds)")
    for k, pattern in enumerate(unless):
        if not set(_nodes(pattern)[1:]) & {x for p in alternatives for x in _nodes(p)}:
            raise ConfigError(f"{where}: unless pattern {k + 1} shares no node with the patterns")
    keep = raw.get("keep", "all")
    if keep not in KEEPS:
        raise ConfigError(f"{where}: keep must be one of {', '.join(sorted(KEEPS))}, not {keep!r}")
    depth = raw.get("owner_depth", 1)
    anchor = raw.get("anchor", "trigger")
    if not isinstance(depth, int) or not 1 <= depth <= 3:
        raise ConfigError(f"{where}: owner_depth must be 1, 2 or 3")
    if anchor not in _ANCHORS:
        raise ConfigError(f"{where}: anchor must be trigger or noun, not {anchor!r}")
    example = raw.get("example")
    fields = ("text", "anchor", "finds")
    if not isinstance(example, dict) or not all(isinstance(example.get(k), str) for k in fields):
        raise ConfigError(f"{where}: example must give text, anchor and finds (a sentence, two of its words)")
    return DepPattern(
        name=name, alternatives=alternatives, finds=finds, keep=keep, owner_depth=depth,
        first=bool(raw.get("first", False)), anchor=anchor, unless=unless,
        example=(example["text"], example["anchor"], example["finds"]),
        description=str(raw.get("description", "")),
    )  # fmt: skip


def _compile(p: DepPattern, vocab: Vocab, source: str) -> DependencyMatcher:
    """One matcher per entry, so that a rule runs only its own pattern."""
    matcher = DependencyMatcher(vocab, validate=True)
    for tag, group in (("#", p.alternatives), ("!", p.unless)):
        for k, pattern in enumerate(group):
            try:
                matcher.add(f"{p.name}{tag}{k}", [list(pattern)])
            except (ValueError, KeyError, TypeError) as err:
                lines = [ln.strip() for ln in str(err).splitlines() if ln.strip()]
                first = lines[0] if lines else type(err).__name__
                kind = "unless pattern" if tag == "!" else "pattern"
                raise ConfigError(f"{source}: entry {p.name!r} {kind} {k + 1} is not a valid spaCy "
                                  f"dependency pattern: {first}") from None  # fmt: skip
    return matcher


def load_patterns(text: str, source: str = "recipient_patterns.json") -> PatternSet:
    """Read and check the pattern file (JSON: a list of entries); compile it once to check it.

    Every problem is a :class:`~dotterel.errors.ConfigError` naming the file and the entry.
    """
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise ConfigError(f"{source}: not valid JSON (line {err.lineno}: {err.msg})") from None
    if not isinstance(raw, list):
        raise ConfigError(f"{source}: expected a list of pattern entries")
    patterns = tuple(_entry(item, source, n) for n, item in enumerate(raw, 1))
    seen: set[str] = set()
    for p in patterns:
        if p.name in seen:
            raise ConfigError(f"{source}: entry {p.name!r} is listed twice")
        seen.add(p.name)
    vocab = Vocab()
    for p in patterns:  # spaCy checks every node now, not on the first article
        _compile(p, vocab, source)
    return PatternSet(patterns, source)


class PatternSet:
    """The compiled patterns: searched from an anchor token (:meth:`find`), or by spaCy's matcher."""

    def __init__(self, patterns: tuple[DepPattern, ...], source: str) -> None:
        self.by_name: MappingProxyType[str, DepPattern] = MappingProxyType({p.name: p for p in patterns})
        self.source = source
        self._searches = {
            p.name: (
                tuple(
                    _search(a, f"{source}: entry {p.name!r} pattern {k + 1}")
                    for k, a in enumerate(p.alternatives)
                ),
                tuple(
                    _search(u, f"{source}: entry {p.name!r} unless {k + 1}") for k, u in enumerate(p.unless)
                ),
            )
            for p in patterns
        }
        self._matchers: dict[int, tuple[Vocab, dict[str, DependencyMatcher]]] = {}

    def __iter__(self) -> Iterator[DepPattern]:
        return iter(self.by_name.values())

    def __contains__(self, name: object) -> bool:
        return name in self.by_name

    def matchers(self, vocab: Vocab) -> dict[str, DependencyMatcher]:
        """spaCy's matchers for ``vocab`` by entry name, compiled on first use."""
        found = self._matchers.get(id(vocab))
        if found is None or found[0] is not vocab:
            found = (vocab, {p.name: _compile(p, vocab, self.source) for p in self})
            self._matchers[id(vocab)] = found
        return found[1]

    def matches(self, name: str, anchor: Token) -> list[list[tuple[int, ...]]]:
        """Per alternative, the token positions of every match from ``anchor`` (node order), sorted."""
        return [search.run(anchor) for search in self._searches[name][0]]

    def spacy_matches(self, name: str, anchor: Token) -> list[list[tuple[int, ...]]]:
        """:meth:`matches` as spaCy's ``DependencyMatcher`` finds them (over the whole document):
        the reference the anchored search is checked against."""
        out: list[list[tuple[int, ...]]] = [[] for _ in self.by_name[name].alternatives]
        strings = anchor.doc.vocab.strings
        for match_id, ids in self.matchers(anchor.doc.vocab)[name](anchor.doc):
            key = strings[match_id]
            if ids[0] == anchor.i and "#" in key:
                out[int(key.rpartition("#")[2])].append(tuple(ids))
        return [sorted(set(m)) for m in out]

    def find(self, name: str, anchor: Token) -> list[Token]:
        """The tokens pattern ``name`` finds from ``anchor``, in match order, each once."""
        p = self.by_name[name]
        alternatives, unless = self._searches[name]
        vetoes = [(list(u.nodes), u.run(anchor)) for u in unless]
        out: list[Token] = []
        seen: set[int] = set()
        for search in alternatives:
            nodes = list(search.nodes)
            at = nodes.index(p.finds)
            for ids in search.run(anchor):
                if ids[at] in seen or _vetoed(nodes, ids, vetoes):
                    continue
                seen.add(ids[at])
                out.append(anchor.doc[ids[at]])
        return out


_Vetoes = list[tuple[list[str], list[tuple[int, ...]]]]


def _vetoed(nodes: list[str], ids: tuple[int, ...], vetoes: _Vetoes) -> bool:
    """Whether an ``unless`` match binds the same tokens as ``ids`` on every node they share."""
    bound = dict(zip(nodes, ids, strict=True))
    for unodes, matches in vetoes:
        shared = [(j, bound[u]) for j, u in enumerate(unodes) if u in bound]
        if any(all(m[j] == i for j, i in shared) for m in matches):
            return True
    return False


#: The shipped patterns (``data/rules/recipient_patterns.json``), read and checked on import.
PATTERNS: PatternSet = load_patterns(
    (resources.files("dotterel") / "data" / "rules" / "recipient_patterns.json").read_text("utf-8")
)
