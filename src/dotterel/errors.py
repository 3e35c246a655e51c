"""dotterel's exception hierarchy.

Every error dotterel raises on purpose is a :class:`DotterelError`, so a caller (the CLI, the HTTP
API, a Ray worker) can catch one class and turn it into a one-line message. Each subclass carries a
short code (``E1xx`` input, ``E2xx`` configuration and models, ``E3xx`` extraction, ``E4xx`` the
store, ``E5xx`` evaluation, ``E6xx`` the server) and context: which article, file, line and stage.
Messages say what went wrong *and* how to fix it, in one line.

    DotterelError
    ├── InputError          bad article input (empty, binary, bad UTF-8, malformed JSON, too big)
    ├── ConfigError         bad options, knowledge-base or gazetteer files
    ├── ModelError          the spaCy pipeline or a shipped model is missing or broken
    ├── ExtractionError     a pipeline stage failed on an article
    ├── StoreError          the event store cannot be opened, migrated or written
    │   └── StoreLockedError  another process holds the store's write lock
    ├── EvaluationError     a gold file cannot be read or scored
    └── RequestError        an HTTP request is invalid (maps to a 4xx)
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DotterelError",
    "EvaluationError",
    "ExtractionError",
    "InputError",
    "ModelError",
    "RequestError",
    "StoreError",
    "StoreLockedError",
]


class DotterelError(Exception):
    """Base class of every error dotterel raises on purpose.

    ``str(err)`` is the one-line message the CLI prints after ``Error:``; it names the file and
    line (or the article) when they are known, so a user can find the bad record.
    """

    code = "E000"

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        article_id: str | None = None,
        stage: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.article_id = article_id
        self.stage = stage
        super().__init__(self.__str__())

    @property
    def where(self) -> str:
        """Where the problem is, as ``file:line`` or ``article ID``; empty when unknown."""
        if self.path is not None and self.line is not None:
            return f"{self.path}:{self.line}"
        if self.path is not None:
            return self.path
        if self.article_id is not None:
            return f"article {self.article_id}"
        return ""

    def __str__(self) -> str:
        where = self.where
        text = " ".join(self.message.split())  # always one line
        return f"[{self.code}] {where}: {text}" if where else f"[{self.code}] {text}"


class InputError(DotterelError):
    """An article cannot be read: empty, binary, bad encoding, malformed JSON, missing ``text``."""

    code = "E101"


class ConfigError(DotterelError):
    """An option or a user-supplied data file (knowledge base, gazetteer) is invalid."""

    code = "E201"


class ModelError(DotterelError):
    """The spaCy pipeline or another shipped model cannot be loaded."""

    code = "E202"


class ExtractionError(DotterelError):
    """A pipeline stage failed on one article (a bug: please report it with the article)."""

    code = "E301"


class StoreError(DotterelError):
    """The event store cannot be opened, migrated, read or written."""

    code = "E401"


class StoreLockedError(StoreError):
    """Another process is writing to the store; DuckDB allows one writer at a time."""

    code = "E402"


class EvaluationError(DotterelError):
    """A gold file cannot be read or scored."""

    code = "E501"


class RequestError(DotterelError):
    """An HTTP request is invalid; the server answers it with a 4xx and the JSON error shape."""

    code = "E601"

    def __init__(self, message: str, *, status: int = 400, **context: object) -> None:
        self.status = status
        super().__init__(message, **context)  # type: ignore[arg-type]
