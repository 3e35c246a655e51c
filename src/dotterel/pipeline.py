"""The extraction pipeline: ``articles → events`` as one pure, reusable function.

A :class:`Pipeline` loads spaCy and dotterel's components once; :meth:`Pipeline.pipe` streams
articles through it in batches with flat memory. The same object is what a Ray worker holds
(``dotterel.distributed``), so batch coding on a cluster runs exactly this code.

Parallelism on one machine (``--processes``) lives in :mod:`dotterel.parallel`: worker processes
that each build their own ``Pipeline``.
"""

from __future__ import annotations

import importlib
import tomllib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from . import bounds  # noqa: F401  (registers dotterel_sentence_cap)
from .assemble import frame_to_event, frames_to_events
from .components import DEFAULT_COMPONENTS, import_components
from .errors import ConfigError, DotterelError, ExtractionError
from .nlp import DEFAULT_MODEL, load_spacy
from .normalise import exact_spans, normalise_text, shift_spans
from .reading import articles_from_text
from .recase import recase
from .records import Article, Event, Frame

__all__ = [
    "PIECE_CHARS",
    "Outcome",
    "Pipeline",
    "PipelineConfig",
    "extract_batch",
    "pieces",
    "successes",
    "build_nlp",
]


@dataclass(frozen=True)
class PipelineConfig:
    """How to build a pipeline.

    ``kb_path`` is a user knowledge-base file layered over the shipped one (``--kb``);
    ``lexicon_path`` a user event lexicon layered over the shipped one (``--lexicon``);
    ``component_config`` passes settings to individual components by factory name.
    """

    model: str = DEFAULT_MODEL
    components: tuple[str, ...] = DEFAULT_COMPONENTS
    kb_path: str | None = None
    lexicon_path: str | None = None
    component_config: dict[str, dict[str, Any]] = field(default_factory=dict)
    batch_size: int = 16

    @classmethod
    def from_file(cls, path: str | Path) -> PipelineConfig:
        """A configuration read from a TOML file, so a stage can be swapped without code.

        ``[pipeline]`` takes ``model``, ``components`` (factory names, in order), ``modules`` (modules
        to import first: they register your own factories), ``kb_path``, ``lexicon_path`` and
        ``batch_size``; ``[components.NAME]`` tables are that component's settings. See
        docs/architecture.md for a worked example.
        """
        where = str(path)
        try:
            data = tomllib.loads(Path(path).read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{where}: no such pipeline configuration file") from None
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{where}: cannot read the pipeline configuration: {exc}") from None
        section = data.get("pipeline", {})
        unknown = (set(data) - {"pipeline", "components"}) | (set(section) - _CONFIG_KEYS)
        if unknown:
            raise ConfigError(f"{where}: unknown setting(s) {', '.join(sorted(unknown))}")
        for module in section.get("modules", []):
            try:
                importlib.import_module(module)
            except ImportError as exc:
                raise ConfigError(f"{where}: cannot import module {module!r}: {exc}") from None
        settings = {k: v for k, v in section.items() if k != "modules"}
        if "components" in settings:
            settings["components"] = tuple(settings["components"])
        return cls(**settings, component_config=dict(data.get("components", {})))


#: The keys of a configuration file's ``[pipeline]`` table.
_CONFIG_KEYS = frozenset({"model", "components", "modules", "kb_path", "lexicon_path", "batch_size"})


def build_nlp(config: PipelineConfig) -> Language:
    """spaCy's pipeline with dotterel's components added in order."""
    nlp = load_spacy(config.model)
    # before the parser: bounds every stage. Named without "dotterel_" because it runs among spaCy's own.
    nlp.add_pipe("dotterel_sentence_cap", name="sentence_cap", first=True)
    import_components(config.components)
    for name in config.components:
        settings = dict(config.component_config.get(name, {}))
        if name == "dotterel_actors" and config.kb_path:
            settings.setdefault("kb_path", config.kb_path)
        if name == "dotterel_frames" and config.lexicon_path:
            settings.setdefault("lexicon_path", config.lexicon_path)
        try:
            nlp.add_pipe(name, config=settings)
        except ValueError as exc:
            raise ConfigError(f"cannot add component {name!r}: {exc}") from None
    return nlp


class Pipeline:
    """Load once, then code any number of articles."""

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig()
        self.nlp = build_nlp(self.config)

    def make_doc(self, article: Article) -> Doc:
        """Tokenise the normalised (and, if lower-case or all-caps, recased) text; attach the article."""
        text, quality = recase(normalise_text(article.text))
        doc = self.nlp.make_doc(text)
        doc._.article = article
        doc._.text_quality = quality
        doc._.text = text
        return doc

    def _code_pieces(self, article: Article) -> list[Event]:
        """Code an article longer than :data:`PIECE_CHARS` piece by piece (see :func:`pieces`).

        Each piece is a ``Doc`` of its own, so time grows linearly with the article's length and
        memory stays that of one piece; frames are moved back to article offsets before assembly.
        """
        text, quality = recase(normalise_text(article.text))
        frames: list[Frame] = []
        for start, end in pieces(text):
            with _stage(article, "tokenizer"):
                doc = self.nlp.make_doc(text[start:end])
                doc._.article = article
                doc._.text_quality = quality
                doc._.text = text[start:end]
            for name, proc in self.nlp.pipeline:
                with _stage(article, name):
                    doc = proc(doc)
            found = doc._.frames or []
            shift_spans(found, start)
            frames.extend(found)
        with _stage(article, "assemble"):
            exact_spans(frames, article.text)
            events = [frame_to_event(f, article) for f in frames]
            for e in events:  # as frames_to_events does for a whole Doc
                e.text_quality = quality
            events.sort(key=lambda e: (e.trigger.start, e.event_type))
            return events

    def analyse(self, article: Article) -> Doc:
        """Run the whole pipeline on one article and return the annotated ``Doc``.

        Any exception inside a stage becomes an :class:`ExtractionError` naming the article and
        the stage, so one article's failure is reported like bad input, never as a traceback.
        """
        with _stage(article, "tokenizer"):
            doc = self.make_doc(article)
        for name, proc in self.nlp.pipeline:
            with _stage(article, name):
                doc = proc(doc)
        return doc

    def extract(self, article: Article | str, *, published: date | None = None) -> list[Event]:
        """Events of one article (or of a bare string, with an optional publication date)."""
        if isinstance(article, str):
            article = articles_from_text(article, published=published)
        if len(article.text) > PIECE_CHARS:
            return self._code_pieces(article)
        return _assemble(self.analyse(article), article)

    def pipe(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int | None = None,
        on_error: Callable[[DotterelError], object] | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Stream ``(article, events)`` pairs, batching the spaCy work.

        An article that fails raises its :class:`ExtractionError` after every article before it
        has been yielded; with ``on_error`` the error is handed over instead, the article is left
        out and the stream goes on.
        """
        yield from successes(self.code(articles, batch_size=batch_size), on_error)

    def code(self, articles: Iterable[Article], *, batch_size: int | None = None) -> Iterator[Outcome]:
        """Stream one :class:`Outcome` per article, in input order: its events or its error."""
        size = batch_size or self.config.batch_size
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article]) -> list[Outcome]:
        if any(len(a.text) > PIECE_CHARS for a in batch):
            return [self._code_one(article) for article in batch]
        try:
            docs = [self.make_doc(a) for a in batch]
            processed = list(self.nlp.pipe(docs, batch_size=len(docs)))
        except Exception:
            # One article broke the batch: code each on its own, so only that one fails and its
            # error names it and the stage. (A DotterelError too: it may not name the article.)
            return [self._code_one(article) for article in batch]
        out = []
        for article, doc in zip(batch, processed, strict=True):
            try:
                out.append(Outcome(article, _assemble(doc, article)))
            except DotterelError as err:
                out.append(Outcome(article, [], err))
        return out

    def _code_one(self, article: Article) -> Outcome:
        try:
            if len(article.text) > PIECE_CHARS:
                return Outcome(article, self._code_pieces(article))
            return Outcome(article, _assemble(self.analyse(article), article))
        except DotterelError as err:
            if err.article_id is None and err.path is None:
                err.article_id = article.id
            return Outcome(article, [], err)


#: Articles longer than this are coded in pieces of at most this many characters, cut at a
#: paragraph end (else a sentence end, else a space). News articles are far shorter (the longest
#: of the development sets is 22,068 characters), so they are coded whole; a longer "article" is
#: almost always several joined together. Some stages relate every event to every other one of
#: their ``Doc`` (coreference, the article's most-named country), so pieces keep the cost linear
#: in the length and the memory that of one piece (issue 17).
PIECE_CHARS = 50_000


def pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` of consecutive pieces of ``text``, each at most ``size`` characters."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        lo, hi = start + size // 2, start + size
        cut = text.rfind("\n\n", lo, hi)
        if cut < 0:
            cut = text.rfind("\n", lo, hi)
        if cut < 0:
            cut = max(
                text.rfind(". ", lo, hi - 1), text.rfind("? ", lo, hi - 1), text.rfind("! ", lo, hi - 1)
            )
            cut = cut + 1 if cut >= 0 else -1
        if cut < 0:
            cut = text.rfind(" ", lo, hi)
        if cut <= start:
            cut = hi
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


@dataclass(frozen=True)
class Outcome:
    """What coding one article gave: its events, or the error that stopped it (``events`` empty)."""

    article: Article
    events: list[Event]
    error: DotterelError | None = None


def successes(
    outcomes: Iterable[Outcome], on_error: Callable[[DotterelError], object] | None = None
) -> Iterator[tuple[Article, list[Event]]]:
    """``(article, events)`` of each coded article; a failed one raises its error (after every
    article before it) or, with ``on_error``, is handed over and left out."""
    for outcome in outcomes:
        if outcome.error is not None:
            if on_error is None:
                raise outcome.error
            on_error(outcome.error)
            continue
        yield outcome.article, outcome.events


@contextmanager
def _stage(article: Article, stage: str) -> Iterator[None]:
    """Turn any exception inside ``stage`` into this article's :class:`ExtractionError`."""
    try:
        yield
    except DotterelError as err:
        if err.article_id is None and err.path is None:
            err.article_id = article.id
        if err.stage is None:
            err.stage = stage
        raise
    except Exception as exc:  # a bug in a stage: say which stage and which article
        raise ExtractionError(
            f"stage {stage} failed: {exc.__class__.__name__}: {_short(exc)}",
            article_id=article.id,
            stage=stage,
        ) from exc


def _assemble(doc: Doc, article: Article) -> list[Event]:
    with _stage(article, "assemble"):
        exact_spans(doc._.frames or [], article.text)  # span text from the original, not normalised
        return frames_to_events(doc, article)


def _short(exc: BaseException, limit: int = 200) -> str:
    """An exception's message cut to one short line (a message may quote a whole article)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def extract_batch(pipeline: Pipeline, articles: list[Article]) -> list[Event]:
    """The pure per-batch function a distributed engine maps: articles → events."""
    return [event for _, events in pipeline.pipe(articles) for event in events]
