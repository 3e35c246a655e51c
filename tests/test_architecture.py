"""The shape of the code (issue #16): data flows one way and the pure stages never read the clock."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "dotterel"

#: Packages and modules of the pure ``articles → events`` function: same input, same output.
PURE = ["extract", "provenance", "actors", "assemble.py", "pipeline.py", "normalise.py", "vocabulary.py"]


def _modules(*parts: str) -> list[Path]:
    out: list[Path] = []
    for part in parts:
        path = SRC / part
        out.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return out


def test_pure_stages_never_read_the_clock():
    """Dates resolve against the publication date (or a fixed base), never ``date.today()``."""
    offenders = []
    for path in _modules(*PURE):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("today", "now", "utcnow")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in ("date", "datetime")
            ):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []
