"""docs/store.md documents every option of `ingest` and `events`, every filter and format (issue #6)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from dotterel.cli.store_cmd import events, ingest
from dotterel.store import EXPORT_FORMATS, ClusterSettings, DedupSettings, EventFilter
from dotterel.store.export import ACLED_COLUMNS, GDELT_COLUMNS, GDELT_MENTION_COLUMNS

DOCS = Path(__file__).resolve().parent.parent / "docs"
DOC = (DOCS / "store.md").read_text("utf-8")
EXPORTS_DOC = (DOCS / "exports.md").read_text("utf-8")  # the GDELT and ACLED columns (issue 15)


@pytest.mark.parametrize("command", [ingest, events], ids=["ingest", "events"])
def test_every_store_command_option_is_documented(command):
    missing = [
        opt
        for param in command.params
        for opt in param.opts
        if opt.startswith("--") and opt not in DOC and param.name not in ("paths",)
    ]
    assert missing == []


def test_every_filter_setting_and_format_is_documented():
    fields = [f.name for f in dataclasses.fields(EventFilter)]
    fields += [f.name for f in dataclasses.fields(DedupSettings)] + [
        f.name for f in dataclasses.fields(ClusterSettings)
    ]
    assert [f for f in fields if f"`{f}`" not in DOC] == []
    assert [f for f in EXPORT_FORMATS if f"`{f}`" not in DOC] == []
    columns = GDELT_COLUMNS + GDELT_MENTION_COLUMNS + ACLED_COLUMNS
    assert [c for c in columns if c.split("_")[0] not in EXPORTS_DOC] == []
    assert [c for c in ACLED_COLUMNS + GDELT_MENTION_COLUMNS if f"`{c}`" not in EXPORTS_DOC] == []
