"""The public API is exactly what ``__all__`` says (issue #2)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import dotterel
from dotterel import errors

SRC = Path(dotterel.__file__).resolve().parent


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


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def test_issue16_no_error_code_is_written_by_hand():
    """Every code comes from its class in ``dotterel.errors`` (the one table), never a literal such
    as ``"[E100] ..."`` or ``"E301"`` at a raise site: a code cannot drift from its class."""
    literal = re.compile(r"^\[?E\d{3}\b")
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "errors.py" and path.parent == SRC:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) and id(node) not in docs else None
            if isinstance(text, str) and literal.match(text):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}: {text[:40]!r}")
    assert offenders == []


def test_issue16_cli_system_and_internal_errors_are_in_the_table():
    """The CLI's last-resort messages use classes of the one table: E100 (the system), E300 (a bug)."""
    assert errors.ERROR_CODES["E100"][0] == "SystemFailure"
    assert errors.ERROR_CODES["E300"][0] == "InternalError"
    assert str(errors.SystemFailure("[Errno 28] No space left on device")).startswith("[E100] [Errno 28]")


#: ``__all__`` is checked exactly for every module of the package (issue #16): a public name a
#: module defines is in its ``__all__`` or is renamed with a leading underscore.
EXACT = ["."]
NOT_YET: tuple[str, ...] = ()


def _public_definitions(tree: ast.Module) -> set[str]:
    """Public names a module defines at top level (functions, classes, assignments)."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_")}


def _declared_all(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    return None


def test_issue16_every_module_has_an_all_naming_only_what_exists():
    import importlib

    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        declared = _declared_all(ast.parse(path.read_text("utf-8")))
        if path.name == "__init__.py" and declared is None:
            continue  # a package marker
        assert declared is not None, f"{rel} has no __all__"
        assert len(declared) == len(set(declared)), f"{rel}: a name is listed twice"
        parts = rel.with_suffix("").parts
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        module = importlib.import_module(".".join(("dotterel", *parts)))
        assert [n for n in declared if not hasattr(module, n)] == [], rel


def test_issue16_all_is_exact_for_every_module():
    """``__all__`` lists every public name a module defines: a newcomer reads it as the API."""
    offenders = {}
    for part in EXACT:
        base = SRC / part
        for path in sorted(base.rglob("*.py")) if base.is_dir() else [base]:
            rel = path.relative_to(SRC).as_posix()
            if rel.startswith(NOT_YET):
                continue
            tree = ast.parse(path.read_text("utf-8"))
            declared = _declared_all(tree)
            if declared is None:
                continue
            missing = _public_definitions(tree) - set(declared)
            if missing:
                offenders[rel] = sorted(missing)
    assert offenders == {}
