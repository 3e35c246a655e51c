"""The public API is exactly what ``__all__`` says (issue #2)."""

from __future__ import annotations

import dotterel
from dotterel import errors


def test_all_names_exist_and_nothing_else_is_public():
    for name in dotterel.__all__:
        assert hasattr(dotterel, name), name
    public = {n for n in vars(dotterel) if not n.startswith("_") and n[0].isupper()}
    assert public <= set(dotterel.__all__)


def test_every_error_is_a_dotterel_error_with_a_unique_code():
    classes = [getattr(errors, n) for n in errors.__all__]
    assert all(issubclass(c, errors.DotterelError) for c in classes)
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes))


def test_error_message_is_one_line_and_names_the_place():
    err = errors.InputError("malformed JSON\n(Expecting value)", path="in.jsonl", line=3)
    assert str(err) == "[E101] in.jsonl:3: malformed JSON (Expecting value)"
    assert str(errors.StoreError("locked", article_id="a1")) == "[E401] article a1: locked"
