"""``docs/evaluate.md`` keeps up with the ``evaluate`` command and its package (issue #3)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from dotterel.cli.evaluate_cmd import evaluate

DOC = Path(__file__).resolve().parent.parent / "docs" / "evaluate.md"


def test_every_evaluate_option_is_documented():
    text = DOC.read_text("utf-8")
    for param in evaluate.params:
        for opt in [*param.opts, *param.secondary_opts]:
            if opt.startswith("--"):
                assert f"`{opt}" in text or f"/{opt}`" in text, f"{opt} is not in docs/evaluate.md"


def test_docs_carry_a_real_run():
    text = DOC.read_text("utf-8")
    start, end = text.index("<!-- example:start -->"), text.index("<!-- example:end -->")
    example = text[start:end]
    assert "Event type (per sentence): precision" in example and "Confusion (rows: gold" in example


@pytest.mark.parametrize("module", ["", ".gold", ".score", ".report", ".run", ".negatives", ".sweep"])
def test_all_names_exist(module):
    mod = importlib.import_module(f"dotterel.evaluate{module}")
    for name in mod.__all__:
        assert hasattr(mod, name), f"dotterel.evaluate{module}.{name}"
