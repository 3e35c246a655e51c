"""The shape of the code (issue #16): data flows one way and the pure stages never read the clock."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

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


STAGE_TEXT = (
    "Rebels attacked a police post in Lagos on Monday, killing three officers, police said. "
    "The government will not negotiate with the group, a spokesman for the ministry told Reuters. "
    "Iran's Supreme Leader met Hamas leader Ismail Haniyeh in Tehran. "
    "Police arrested 40 protesters in Kabul. The company reported higher profits this quarter."
)


@pytest.mark.model
def test_each_stage_writes_only_the_fields_it_declares(pipeline, seed_text):
    """Data flows one way: a stage writes its own ``Frame`` fields, never another stage's."""
    import copy
    import dataclasses
    from datetime import date

    from dotterel.components import STAGE_WRITES
    from dotterel.records import Article

    for text in (STAGE_TEXT, seed_text):
        doc = pipeline.make_doc(Article(id="a", text=text, published=date(2024, 5, 8)))
        before: list[dict] | None = None
        seen = []
        for name, proc in pipeline.nlp.pipeline:
            doc = proc(doc)
            if not name.startswith("dotterel_"):
                continue
            assert name in STAGE_WRITES, f"{name} declares no fields in components.STAGE_WRITES"
            after = [dataclasses.asdict(f) for f in doc._.frames]
            if before is not None:
                changed = {"<frames>"} if len(after) != len(before) else set()
                if not changed:
                    changed = {k for a, b in zip(before, after, strict=True) for k in a if a[k] != b[k]}
                assert changed <= STAGE_WRITES[name], f"{name} wrote {sorted(changed - STAGE_WRITES[name])}"
            before = copy.deepcopy(after)
            seen.append(name)
        assert len(seen) == len(STAGE_WRITES)
        assert doc._.frames, "the text reports events"
