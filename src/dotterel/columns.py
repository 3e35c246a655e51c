"""Token attributes of a whole ``Doc`` read in one call, for the stages that scan every token.

Reading an attribute through a spaCy ``Token`` builds a Python object per token and looks a
string up per attribute. Several stages walk every token of the article for the few they want (a
plural role noun in an argument position, a locative preposition, a content word of a sentence),
and paid that for all of them, several times per article (issue 18: dotterel's own stages were
a third of spaCy's time). ``Doc.to_array`` reads the same values in C; a stage filters on them
and builds ``Token`` objects only for the tokens it keeps.

Values are spaCy's integer ids (a symbol's id, else the string's hash): compare them with
:func:`string_ids`, never with strings.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.attrs import HEAD
from spacy.strings import get_string_id
from spacy.tokens import Doc

__all__ = ["string_ids", "token_columns", "token_heads"]


def token_columns(doc: Doc, attrs: tuple[str, ...]) -> tuple[list[int], ...]:
    """One list per attribute of ``attrs`` (spaCy names such as ``"DEP"``, ``"LOWER"``), one id per token.

    Read once per document and kept in ``doc.user_data``: the stages run after the parse, which
    no longer changes. Columns, not a row per token: lists of plain ints are a handful of objects
    for the garbage collector, where a list per token made it sweep the whole heap more often.
    """
    key = ("dotterel_columns", attrs)
    columns = doc.user_data.get(key)
    if columns is None:
        if len(doc):
            array = doc.to_array(list(attrs)).reshape(len(doc), len(attrs))  # 1-D for one attribute
            columns = tuple(array[:, k].tolist() for k in range(len(attrs)))
        else:
            columns = tuple([] for _ in attrs)
        doc.user_data[key] = columns
    return columns


def token_heads(doc: Doc) -> list[int]:
    """The index of every token's head (a root is its own head), read once per document.

    ``Doc.to_array`` gives heads as offsets in unsigned ints; this is ``token.head.i`` for each
    token without building two ``Token`` objects per token.
    """
    key = "dotterel_heads"
    heads = doc.user_data.get(key)
    if heads is None:
        offsets = doc.to_array([HEAD]).astype(np.int64).ravel()  # wraps the negative offsets back
        heads = doc.user_data[key] = (offsets + np.arange(len(doc), dtype=np.int64)).tolist()
    return heads


def string_ids(strings: Iterable[str]) -> frozenset[int]:
    """The ids :func:`token_columns` gives for these strings (labels, tags, lower-cased words)."""
    return frozenset(get_string_id(s) for s in strings)
