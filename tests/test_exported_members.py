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
    classes = [getattr(errors, n) for n in errors.__all__ if n != "ERROR_CODES"]
    assert all(issubclass(c, errors.DotterelError) for c in classes)
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes))


def test_error_message_is_one_line_and_names_the_place():
    err = errors.InputError("malformed JSON\n(Expecting value)", path="in.jsonl", line=3)
    assert str(err) == "[E101] in.jsonl:3: malformed JSON (Expecting value)"
    assert str(errors.StoreError("locked", article_id="a1")) == "[E401] article a1: locked"


def test_error_codes_table_lists_every_error_class_once():
    """One table of codes (issue #16): HTTP errors are part of the one hierarchy."""
    classes = [getattr(errors, n) for n in errors.__all__ if n != "ERROR_CODES"]
    assert {c.code for c in classes} == set(errors.ERROR_CODES)
    assert errors.ERROR_CODES["E601"][0] == "BadRequest"
    assert issubclass(errors.NotFound, errors.RequestError) and errors.NotFound.status == 404


def test_errors_all_is_exact():
    public = {n for n, v in vars(errors).items() if not n.startswith("_") and isinstance(v, type)}
    public.discard("annotations")
    assert public == set(errors.__all__) - {"ERROR_CODES"}
