"""docs/provenance.md documents every provenance component, output field and setting (issue #5)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from dotterel.components import COMPONENT_MODULES
from dotterel.provenance.quantities import CATEGORIES
from dotterel.records import Attribution, Location

DOC = (Path(__file__).resolve().parent.parent / "docs" / "provenance.md").read_text("utf-8")


def test_every_provenance_component_is_documented():
    names = [name for name, module in COMPONENT_MODULES.items() if module.startswith("dotterel.provenance.")]
    assert len(names) == 4
    assert [n for n in names if f"`{n}`" not in DOC] == []


def test_every_attribution_and_location_field_is_documented():
    fields = [f.name for f in dataclasses.fields(Attribution)] + [
        f.name for f in dataclasses.fields(Location)
    ]
    assert [f for f in fields if f'"{f}"' not in DOC and f"`{f}`" not in DOC] == []


def test_quantity_categories_and_settings_are_documented():
    assert [c for c in CATEGORIES if f'"{c}"' not in DOC] == []
    assert "min_city_population" in DOC and "DOTTEREL_CACHE" in DOC
