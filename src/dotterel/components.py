"""The ordered list of dotterel's spaCy components.

Each entry names a component factory registered with ``@Language.factory`` in its own module; the
pipeline adds them in this order after spaCy's own components. Data flows one way: frames are
proposed by the rules, chosen or vetoed by the event classifier, then their status, attribution,
actors, place, date and numbers are filled in. To swap a stage, register another factory and pass
its name in ``PipelineConfig.components``.
"""

from __future__ import annotations

import importlib

__all__ = ["COMPONENT_MODULES", "DEFAULT_COMPONENTS", "STAGE_WRITES", "import_components"]

#: factory name → module that registers it
COMPONENT_MODULES: dict[str, str] = {
    "dotterel_frames": "dotterel.extract.frames",
    "dotterel_event_classifier": "dotterel.extract.classifier.component",
    "dotterel_status": "dotterel.extract.status",
    "dotterel_attribution": "dotterel.provenance.attribution",
    "dotterel_actors": "dotterel.actors.component",
    "dotterel_places": "dotterel.provenance.places",
    "dotterel_dates": "dotterel.provenance.dates",
    "dotterel_quantities": "dotterel.provenance.quantities",
}

DEFAULT_COMPONENTS: tuple[str, ...] = tuple(COMPONENT_MODULES)

#: The ``Frame`` fields each stage may write (spaCy's ``assigns`` can only say ``doc._.frames``).
#: ``"<frames>"`` means the stage may add or drop frames. ``tests/test_architecture.py`` runs the
#: pipeline stage by stage and fails when a stage writes a field it does not declare here.
STAGE_WRITES: dict[str, frozenset[str]] = {
    "dotterel_frames": frozenset({"<frames>"}),
    "dotterel_event_classifier": frozenset({"<frames>", "event_type", "mode", "confidence", "coding"}),
    # status, then PLOVER's category for an intended or refused act (extract/intentions.py)
    "dotterel_status": frozenset(
        {"status", "status_cue", "confidence", "event_type", "mode", "recipients", "notes"}
    ),
    "dotterel_attribution": frozenset({"attribution"}),
    "dotterel_actors": frozenset({"actors", "recipients", "attribution"}),
    "dotterel_places": frozenset({"location"}),
    "dotterel_dates": frozenset({"date"}),
    "dotterel_quantities": frozenset({"quantities"}),
}


def import_components(names: tuple[str, ...] = DEFAULT_COMPONENTS) -> None:
    """Import the modules that register the named factories (spaCy needs them registered)."""
    for name in names:
        module = COMPONENT_MODULES.get(name)
        if module is not None:
            importlib.import_module(module)
