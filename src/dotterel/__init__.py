"""dotterel: news articles to structured, evidence-backed political event data (PLOVER).

The Python API in one breath::

    from dotterel import Pipeline, Article
    pipeline = Pipeline()                       # loads spaCy and dotterel's components once
    events = pipeline.extract("Rebels attacked an army base near Goma on Monday.")
    for event in events:
        print(event.to_dict())                  # the event contract (DESIGN.md §3)

``iter_articles`` reads files, folders and JSONL the way the CLI does; every error dotterel raises
on purpose is a :class:`DotterelError`.
"""

from __future__ import annotations

from .errors import (
    ConfigError,
    DotterelError,
    EvaluationError,
    ExtractionError,
    InputError,
    ModelError,
    RequestError,
    StoreError,
    StoreLockedError,
)
from .pipeline import Pipeline, PipelineConfig
from .reading import iter_articles
from .records import Article, Attribution, Entity, Event, Location, Span

__all__ = [
    "Article",
    "Attribution",
    "ConfigError",
    "DotterelError",
    "Entity",
    "EvaluationError",
    "Event",
    "ExtractionError",
    "InputError",
    "Location",
    "ModelError",
    "Pipeline",
    "PipelineConfig",
    "RequestError",
    "Span",
    "StoreError",
    "StoreLockedError",
    "iter_articles",
]
