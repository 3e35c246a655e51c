"""The shape of the code (issue #16): data flows one way and the pure stages never read the clock."""

from __future__ import annotations

import ast
import re
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


def _module_name(path: Path) -> str:
    parts = ("dotterel",) + path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1]) if parts[-1] == "__init__" else ".".join(parts)


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Ids of import nodes under ``if TYPE_CHECKING:`` (never run, so never part of a cycle)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skip


def _imports(name: str, is_package: bool, text: str, known: set[str]) -> set[str]:
    """The ``known`` modules that the module ``name`` (source ``text``) imports anywhere in its body."""
    package = name if is_package else name.rpartition(".")[0]
    tree = ast.parse(text)
    skip = _type_checking_only(tree)
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # ``from pkg import mod`` imports the module ``pkg.mod`` when there is one
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        out |= {t for t in targets if t in known and t != name}
    return out


def _import_graph() -> dict[str, set[str]]:
    """``dotterel`` module → the ``dotterel`` modules it imports, at top level or inside functions."""
    paths = {_module_name(p): p for p in _modules(".")}
    known = set(paths)
    return {
        name: _imports(name, path.name == "__init__.py", path.read_text("utf-8"), known)
        for name, path in paths.items()
    }


def test_issue16_import_graph_has_no_cycle():
    """No ``dotterel`` module imports, directly or through others, a module that imports it back.

    Late imports inside functions count too: they hide a cycle, they do not remove it (the old
    ``extract.arguments`` ↔ ``extract.clauses`` pair).
    """
    graph = _import_graph()
    assert len(graph) > 50 and "dotterel.extract.clauses" in graph["dotterel.extract.arguments"]
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []


#: Layers that data flows through, earliest first: a module may import its own layer or an earlier
#: one's shared helpers, never a LATER stage. ``extract`` (frames, classifier, status) runs before
#: ``provenance`` (attribution, places, dates, quantities), so it must not import it; what both
#: need (calendar expressions, casualty counts, word lists) lives in ``dotterel.analysis`` and
#: ``dotterel.vocabulary``, which import neither.
FORBIDDEN_ARROWS = (
    ("dotterel.extract", "dotterel.provenance"),
    ("dotterel.analysis", "dotterel.extract"),
    ("dotterel.analysis", "dotterel.provenance"),
    ("dotterel.vocabulary", "dotterel.extract"),
    ("dotterel.vocabulary", "dotterel.provenance"),
)
#: Arrows still to be removed by their owners, each named with its reason; nothing else is allowed.
#: (Empty: the event classifier's features read speech verbs from ``dotterel.vocabulary``.)
ALLOWED_FOR_NOW: set[tuple[str, str]] = set()


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_issue16_no_arrow_from_an_earlier_stage_to_a_later_one():
    """Stages only read what earlier stages wrote: no ``extract`` module imports ``provenance``.

    The frame extractor used to call the date and quantity stages' functions to decide whether a
    background noun is an event of its own (``extract/mentioned.py``); both now read the shared
    text-level functions of ``dotterel.analysis``.
    """
    graph = _import_graph()
    assert "dotterel.analysis.counts" in graph["dotterel.extract.mentioned"]
    arrows = sorted(
        (src, dst)
        for src, targets in graph.items()
        for dst in targets
        for early, late in FORBIDDEN_ARROWS
        if _inside(src, early) and _inside(dst, late) and (src, dst) not in ALLOWED_FOR_NOW
    )
    assert arrows == []


#: Modules that may read the status cues: the status stage (which also recodes intentions) and the
#: event classifier's veto guard (it never vetoes a negated or intended act).
STATUS_READERS = {
    "dotterel.extract.status",
    "dotterel.extract.intentions",
    "dotterel.extract.scope",
    "dotterel.extract.classifier.component",
}


def test_issue16_status_is_decided_in_the_status_stage_only():
    """The frame extractor codes the act; it never reads the status cues or changes a category
    for them (the old future → AGREE/THREATEN, negated → REJECT step of ``frames.py``)."""
    graph = _import_graph()
    readers = {
        m for m, targets in graph.items() if targets & {"dotterel.extract.cues", "dotterel.extract.scope"}
    }
    assert "dotterel.extract.intentions" in readers
    assert readers <= STATUS_READERS, sorted(readers - STATUS_READERS)


def test_issue16_forbidden_arrow_rule_can_fail():
    """The rule sees an extract → provenance import written anywhere in a module's body."""
    known = {"dotterel.extract.mentioned", "dotterel.provenance.dates"}
    text = "def f():\n    from ..provenance.dates import resolve_date\n"
    found = _imports("dotterel.extract.mentioned", False, text, known)
    assert found == {"dotterel.provenance.dates"}
    assert any(
        _inside("dotterel.extract.mentioned", a) and _inside(d, b) for d in found for a, b in FORBIDDEN_ARROWS
    )


def test_issue16_import_graph_sees_late_and_relative_imports():
    """A function-level relative import counts as an arrow; a TYPE_CHECKING-only import does not."""
    known = {"dotterel.extract.arguments", "dotterel.extract.clauses", "dotterel.records"}
    text = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from ..records import Frame\n"
        "def f():\n    from .arguments import mention\n"
    )
    assert _imports("dotterel.extract.clauses", False, text, known) == {"dotterel.extract.arguments"}


def test_issue16_word_sets_are_named_once_and_never_empty():
    """``data/words/prepositions.tsv`` names each set once; every set the code reads exists."""
    from dotterel.vocabulary import word_sets

    sets = word_sets("prepositions")
    assert sets["target"] >= {"against", "on", "with"} and "in" in sets["setting"]
    pattern = re.compile(r'(?:_PREPS|word_sets\("prepositions"\))\["(\w+)"\]')
    names = {
        n for path in _modules("extract", "provenance") for n in pattern.findall(path.read_text("utf-8"))
    }
    assert names and names <= set(sets)
    assert {"locative", "material_target", "topic"} <= names  # the place stage reads the same file
