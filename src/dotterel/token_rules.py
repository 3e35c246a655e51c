"""Exact, faster stand-ins for two of spaCy's rule-based components: ``attribute_ruler`` and ``lemmatizer``.

Why: in ``en_core_web_sm`` these two rule components cost about a fifth of spaCy's whole time per
article (the attribute ruler ~14 ms, the lemmatizer ~4 ms of ~93 ms on the corpus sample), not
because their rules are expensive but because spaCy runs them through the general ``Matcher``
and a Python loop that makes a ``Token`` object per word. At GDELT's 730,000 articles a day that is
about 3.5 core-hours of the ~23 a day costs. Both components' results depend on a handful of a
token's attributes only, so they can be memoised per distinct key:

- the attribute ruler's single-token patterns on (TAG, LOWER, DEP, IS_SPACE): the set of rules that
  match a token is computed once per distinct key; its few multi-token patterns are checked at
  each position as the ``Matcher`` would;
- the lemmatizer on (ORTH, POS, MORPH), the key spaCy's own rule lemmatizer caches on.

The results are **the same as spaCy's**, not an approximation: rules are applied in the same order
(a later rule wins, as in ``AttributeRuler.match``'s sort), through spaCy's own ``set_token_attrs``;
lemmas come from spaCy's own ``lemmatize``. A pattern this module does not understand (an
operator, a quantifier, an extension attribute) leaves spaCy's component as it is, so a different
model can never get different output, only no speed-up. ``tests/test_token_rules.py`` compares
every token attribute with the stock components over a corpus sample.

The components stay spaCy's: only their class is swapped for a subclass (:func:`speed_up`), so the
pipeline's names, config and serialisation are unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.pipeline.lemmatizer import Lemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc

__all__ = ["FastAttributeRuler", "FastLemmatizer", "speed_up"]

#: The token attributes a supported pattern may test, in the order of a token's key.
_KEY_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_KEY_IDS = [TAG, LOWER, DEP, IS_SPACE]

#: The token attributes a rule may set (written back with ``Doc.from_array``).
_SET_COLUMNS = [POS, TAG, MORPH, LEMMA, DEP]

_TokenKey = tuple[str, str, str, bool]

#: Entries a memo keeps before it starts again (bounded memory over millions of articles).
_MEMO_LIMIT = 1 << 18
_Predicate = Callable[[_TokenKey], bool]


def _as_key(ids: tuple[int, ...], strings: StringStore) -> _TokenKey:
    """A token's (TAG, LOWER, DEP, IS_SPACE) from its ``to_array`` row."""
    return (strings[ids[0]], strings[ids[1]], strings[ids[2]], bool(ids[3]))


def _value_test(attr: str, spec: Any) -> _Predicate | None:
    """A test of one attribute of a token key, as spaCy's ``Matcher`` reads ``{attr: spec}``;
    ``None`` for a form it may read differently (then nothing is replaced)."""
    i = _KEY_ATTRS.index(attr)
    if attr == "IS_SPACE":
        if isinstance(spec, bool):
            return lambda key: key[i] is spec
        return None
    if isinstance(spec, str):
        return lambda key: key[i] == spec
    if not isinstance(spec, dict) or len(spec) != 1:
        return None
    ((op, arg),) = spec.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
        values = frozenset(arg)
        if op == "IN":
            return lambda key: key[i] in values
        return lambda key: key[i] not in values
    if op == "REGEX" and isinstance(arg, str):
        regex = re.compile(arg)
        return lambda key: regex.search(key[i]) is not None
    return None


def _token_test(spec: dict[str, Any]) -> _Predicate | None:
    """All of one pattern token's tests (spaCy's ``Matcher``: every key must hold)."""
    tests: list[_Predicate] = []
    for attr, value in spec.items():
        if attr not in _KEY_ATTRS:
            return None
        test = _value_test(attr, value)
        if test is None:
            return None
        tests.append(test)
    return lambda key: all(t(key) for t in tests)


def _no_rules() -> None:
    return None


class _CompiledRules:
    """The attribute ruler's rules as key tests, in rule order; ``ok`` is False if any rule is one
    this module does not read exactly as spaCy's ``Matcher`` does."""

    def __init__(self, ruler: AttributeRuler) -> None:
        # single-token rules, filed under the TAG or LOWER they require (most do), so that a new
        # key is tested against a few rules instead of all of them
        self.by_tag: dict[str, list[tuple[int, _Predicate]]] = {}
        self.by_lower: dict[str, list[tuple[int, _Predicate]]] = {}
        self.unanchored: list[tuple[int, _Predicate]] = []
        self.multi: list[tuple[int, int, list[_Predicate]]] = []  # (rule, index, token tests)
        self.attrs: list[dict[int, int]] = ruler.attrs
        self.ok = True
        for rule, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
            if any(not isinstance(k, int) for k in attrs):  # an extension attribute ("_")
                self.ok = False
                return
            for pattern in ruler.matcher.get(ruler.vocab.strings[str(rule)])[1]:
                tests = [_token_test(spec) for spec in pattern]
                if not tests or any(t is None for t in tests) or not -len(tests) <= index < len(tests):
                    self.ok = False
                    return
                if len(tests) == 1:
                    self._file(rule, pattern[0], tests[0])  # type: ignore[arg-type]
                else:
                    self.multi.append((rule, index % len(tests), tests))  # type: ignore[arg-type]
            if any(attr not in _SET_COLUMNS for attr in attrs):
                self.ok = False
                return
        self._single_memo: dict[tuple[int, ...], tuple[int, ...]] = {}
        self._first_memo: dict[tuple[int, ...], tuple[int, ...]] = {}
        self._merged_memo: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}

    def __reduce__(self) -> tuple[Callable[[], None], tuple[()]]:
        """Pickled as ``None`` (its tests are closures): the ruler rebuilds it on first use."""
        return _no_rules, ()

    def _file(self, rule: int, spec: dict[str, Any], test: _Predicate) -> None:
        if isinstance(spec.get("TAG"), str):
            self.by_tag.setdefault(spec["TAG"], []).append((rule, test))
        elif isinstance(spec.get("LOWER"), str):
            self.by_lower.setdefault(spec["LOWER"], []).append((rule, test))
        else:
            self.unanchored.append((rule, test))

    def single_rules(self, ids: tuple[int, ...], vocab_strings: StringStore) -> tuple[int, ...]:
        """The single-token rules that match a token with these attribute ids (read as strings
        only the first time), in rule order."""
        found = self._single_memo.get(ids)
        if found is None:
            strings = _as_key(ids, vocab_strings)
            candidates = [
                *self.by_tag.get(strings[0], ()),
                *self.by_lower.get(strings[1], ()),
                *self.unanchored,
            ]
            found = tuple(sorted({rule for rule, test in candidates if test(strings)}))
            if len(self._single_memo) >= _MEMO_LIMIT:  # a day of news has a long tail of words
                self._single_memo.clear()
            self._single_memo[ids] = found
        return found

    def merged(self, rules: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        """(column, value) to write for a token these rules match: a later rule's value wins,
        as when spaCy applies them one after the other."""
        found = self._merged_memo.get(rules)
        if found is None:
            values: dict[int, int] = {}
            for rule in rules:
                values.update(self.attrs[rule])
            found = tuple((_SET_COLUMNS.index(attr), value) for attr, value in values.items())
            self._merged_memo[rules] = found
        return found

    def multi_starts(self, ids: tuple[int, ...], vocab_strings: StringStore) -> tuple[int, ...]:
        """The multi-token patterns (by position in ``multi``) whose first token matches a token
        with these attribute ids."""
        found = self._first_memo.get(ids)
        if found is None:
            strings = _as_key(ids, vocab_strings)
            found = tuple(j for j, (_, _, tests) in enumerate(self.multi) if tests[0](strings))
            if len(self._first_memo) >= _MEMO_LIMIT:
                self._first_memo.clear()
            self._first_memo[ids] = found
        return found


class FastAttributeRuler(AttributeRuler):
    """spaCy's ``AttributeRuler`` with its matching memoised per token key (see the module doc).

    The compiled rules are dropped whenever spaCy's own ``add`` or ``clear`` changes the rules
    (``add_patterns``, ``from_disk`` and ``from_bytes`` go through them), and rebuilt on the next
    document; rules it cannot read exactly send the document through spaCy's own code.
    """

    _compiled: _CompiledRules | None = None

    def clear(self) -> None:
        self._compiled = None
        super().clear()

    def add(self, *args: Any, **kwargs: Any) -> None:
        self._compiled = None
        super().add(*args, **kwargs)

    def __call__(self, doc: Doc) -> Doc:
        if self._compiled is None:
            self._compiled = _CompiledRules(self)
        if not self._compiled.ok:
            return super().__call__(doc)
        try:
            return self._apply(doc, self._compiled)
        except Exception as exc:  # spaCy's own error-handler contract, as the stock component
            return self.get_error_handler()(self.name, self, [doc], exc)

    def _apply(self, doc: Doc, compiled: _CompiledRules) -> Doc:
        n = len(doc)
        if not n:
            return doc
        strings = self.vocab.strings
        rows = doc.to_array(_KEY_IDS).tolist()

        ids = [tuple(row) for row in rows]
        per_token = [compiled.single_rules(key, strings) for key in ids]
        if compiled.multi:
            for start, key in enumerate(ids):
                for j in compiled.multi_starts(key, strings):
                    rule, index, tests = compiled.multi[j]
                    end = start + len(tests)
                    if end <= n and all(
                        t(_as_key(ids[start + k], strings)) for k, t in enumerate(tests[1:], 1)
                    ):
                        at = start + index
                        per_token[at] = tuple(sorted({*per_token[at], rule}))
        values = doc.to_array(_SET_COLUMNS)
        changed = False
        for i, rules in enumerate(per_token):
            if rules:
                for column, value in compiled.merged(rules):
                    values[i, column] = value
                changed = True
        if changed:  # spaCy sets each attribute as a token struct field, as ``from_array`` does
            doc.from_array(_SET_COLUMNS, values)
        return doc


class FastLemmatizer:
    """Mixed into the pipeline's own lemmatizer class: its rule lemmas memoised on spaCy's cache key
    (ORTH, POS, MORPH) as string ids, so most tokens cost a dictionary look-up."""

    _lemma_ids: dict[tuple[int, int, int], int]

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:  # type: ignore[attr-defined]
            self._validate_tables(Errors.E1004)  # type: ignore[attr-defined]
        try:
            return self._lemmatize_doc(doc)
        except Exception as exc:  # spaCy's own error-handler contract, as the stock component
            return self.get_error_handler()(self.name, self, [doc], exc)  # type: ignore[attr-defined]

    def _lemmatize_doc(self, doc: Doc) -> Doc:
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        memo = self._lemma_ids
        overwrite = self.overwrite  # type: ignore[attr-defined]
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if not overwrite and lemma != 0:
                continue
            key = (orth, pos, morph)
            lemma_id = memo.get(key)
            if lemma_id is None:
                if len(memo) >= _MEMO_LIMIT:
                    memo.clear()
                lemma_id = strings.add(self.lemmatize(doc[i])[0])  # type: ignore[attr-defined]
                if pos not in _UNCACHED_POS:  # spaCy does not cache these either (they warn)
                    memo[key] = lemma_id
            doc[i].lemma = lemma_id
        return doc


#: POS values whose lemma spaCy's rule lemmatizer computes without caching ("" warns W108).
_UNCACHED_POS = frozenset({0})


def _swap_ruler(ruler: AttributeRuler) -> bool:
    compiled = _CompiledRules(ruler)
    if not compiled.ok or type(ruler) is not AttributeRuler:
        return False
    ruler.__class__ = FastAttributeRuler
    ruler._compiled = compiled  # type: ignore[attr-defined]
    return True


def _fast_class(base: type) -> type:
    """The fast subclass of a lemmatizer class, made once and kept in this module under its name
    (so that a pipeline holding it still pickles)."""
    name = f"Fast{base.__name__}"
    cls = globals().get(name)
    if cls is None or cls.__bases__ != (FastLemmatizer, base):
        cls = type(name, (FastLemmatizer, base), {"__module__": __name__, "__qualname__": name})
        globals()[name] = cls
    return cls


def _swap_lemmatizer(lemmatizer: Lemmatizer) -> bool:
    if getattr(lemmatizer, "mode", None) != "rule" or isinstance(lemmatizer, FastLemmatizer):
        return False
    lemmatizer.__class__ = _fast_class(type(lemmatizer))
    lemmatizer._lemma_ids = {}  # type: ignore[attr-defined]
    return True


def speed_up(nlp: Language, names: Sequence[str] | None = None) -> list[str]:
    """Swap the stock ``attribute_ruler`` and rule ``lemmatizer`` of ``nlp`` for their exact fast
    versions; return the names of the components swapped (none when their rules are not ones this
    module reads exactly as spaCy does)."""
    swapped = []
    for name, proc in nlp.pipeline:
        if names is not None and name not in names:
            continue
        if (
            isinstance(proc, AttributeRuler)
            and _swap_ruler(proc)
            or isinstance(proc, Lemmatizer)
            and _swap_lemmatizer(proc)
        ):
            swapped.append(name)
    return swapped
