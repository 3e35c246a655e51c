"""Loading what ``dotterel batch`` coded on a cluster: the store's side of ``ingest --events``.

The rows (:mod:`dotterel.batchio`) are replayed in input order through the very ingest a local
run uses (:meth:`EventStore.ingest`): the same triage (already stored → skipped, so a re-run adds
nothing and an interrupted load resumes), the same de-duplication (with the MinHash signatures
the workers computed) and the same clustering; only the model is not run again, because
:class:`CodedEvents` hands the ingest the events that came with each row.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from datasketch import MinHash

from ..batchio import CodedArticle, read_coded
from ..errors import DotterelError, ExtractionError, InputError
from ..records import Article, Event
from .dedup import Deduplicator

__all__ = ["CodedEvents"]


class CodedEvents:
    """An :class:`~dotterel.store.Extractor` over a batch output, fed as its rows are read.

    Only the rows of the last few chunks are kept (``keep``): the ingest asks for an article's
    events in the chunk it was read in, so memory stays flat however big the output is.
    """

    def __init__(
        self,
        folder: str | Path,
        *,
        on_error: Callable[[InputError | str], None] | None = None,
        keep: int = 4096,
    ) -> None:
        self.folder = folder
        self.on_error = on_error
        self.keep = keep
        self._events: OrderedDict[str, list[Event]] = OrderedDict()
        self._sigs: OrderedDict[str, bytes] = OrderedDict()

    def articles(self) -> Iterator[Article]:
        """The stored articles of the output in input order; error rows are reported or raised."""
        for row in read_coded(self.folder):
            if row.error is not None or row.article is None:
                self._bad(row)
                continue
            aid = row.article.id
            self._remember(self._events, aid, row.events)
            if row.minhash is not None:
                self._remember(self._sigs, aid, row.minhash)
            yield row.article

    def _remember(self, table: OrderedDict, key: str, value: object) -> None:
        table[key] = value
        table.move_to_end(key)
        while len(table) > self.keep:
            table.popitem(last=False)

    def _bad(self, row: CodedArticle) -> None:
        """The error the worker recorded, raised (or reported) as the same kind of error."""
        message = row.error or f"row {row.source}:{row.line} of {self.folder} has no article text"
        code, _, rest = message.partition("] ")
        err: DotterelError
        if code.startswith("[E1") and rest:
            err = InputError(rest)
        else:
            err = ExtractionError(rest if code.startswith("[E") and rest else message)
        if self.on_error is None:
            raise err
        self.on_error(err)

    # --- what the ingest asks -----------------------------------------------------------------
    def signature(self, article: Article) -> MinHash | None:
        data = self._sigs.get(article.id)
        return Deduplicator.decode(data) if data is not None else None

    def pipe(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            yield article, self.extract(article)

    def extract(self, article: Article) -> list[Event]:
        try:
            return self._events[article.id]
        except KeyError:
            raise ExtractionError(
                "no coded events for this article in the batch output", article_id=article.id
            ) from None
