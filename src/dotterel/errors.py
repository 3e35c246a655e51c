"""dotterel's exception hierarchy.

Every error dotterel raises on purpose is a :class:`DotterelError`, so a caller (the CLI, the HTTP
API, a Ray worker) can catch one class and turn it into a one-line message. Each subclass carries a
short code (``E1xx`` input, ``E2xx`` configuration and models, ``E3xx`` extraction, ``E4xx`` the
store, ``E5xx`` evaluation, ``E6xx`` the server) and context: which article, file, line and stage.
Messages say what went wrong *and* how to fix it, in one line.

    DotterelError
    ├── SystemFailure       the operating system refused a read or write (disk full, permissions)
    ├── InputError          bad article input (empty, binary, bad UTF-8, malformed JSON, too big)
    ├── ConfigError         bad options, knowledge-base or gazetteer files
    ├── ModelError          the spaCy pipeline or a shipped model is missing or broken
    ├── InternalError       a bug: an unexpected exception, reported in one line
    ├── ExtractionError     a pipeline stage failed on an article
    ├── StoreError          the event store cannot be opened, migrated or written
    │   └── StoreLockedError  another process holds the store's write lock
    ├── EvaluationError     a gold file cannot be read or scored
    └── RequestError        an HTTP request cannot be served (E600; 500 when nothing more is known)
        ├── BadRequest            400: a query parameter or body is invalid
        ├── Unauthorized          401: a write without the right bearer token
        ├── Forbidden             403: writing is switched off on this server
        ├── NotFound              404: no such route, event, article or actor
        ├── MethodNotAllowed      405: the route exists, the method does not
        ├── PayloadTooLarge       413: a body over the server's limit
        ├── UnsupportedMediaType  415: a body in a content type the endpoint does not read
        └── ExplorerNotBuilt      503: the web bundle is missing

:data:`ERROR_CODES` is the one table of codes: every class above with its code and what it means,
built from the classes themselves so a code can never be listed twice or drift from its class
(``tests/test_exported_members.py`` checks that codes are unique and ``__all__`` is exact).
"""

from __future__ import annotations

__all__ = [
    "ERROR_CODES",
    "BadRequest",
    "ConfigError",
    "DotterelError",
    "EvaluationError",
    "ExplorerNotBuilt",
    "ExtractionError",
    "Forbidden",
    "InputError",
    "InternalError",
    "MethodNotAllowed",
    "ModelError",
    "NotFound",
    "PayloadTooLarge",
    "RequestError",
    "StoreError",
    "StoreLockedError",
    "SystemFailure",
    "Unauthorized",
    "UnsupportedMediaType",
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

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from its parts, so it survives a worker process or a Ray task with its context.
        return (_rebuild, (type(self), self.message, self._context()))

    def _context(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "article_id": self.article_id, "stage": self.stage}

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


class SystemFailure(DotterelError):
    """The operating system refused a read or write (disk full, permission denied): its own words."""

    code = "E100"


class InputError(DotterelError):
    """An article cannot be read: empty, binary, bad encoding, malformed JSON, missing ``text``."""

    code = "E101"


class ConfigError(DotterelError):
    """An option or a user-supplied data file (knowledge base, gazetteer) is invalid."""

    code = "E201"


class ModelError(DotterelError):
    """The spaCy pipeline or another shipped model cannot be loaded."""

    code = "E202"


class InternalError(DotterelError):
    """An unexpected exception: a bug in dotterel, reported in one line (please report it)."""

    code = "E300"


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
    """An HTTP request cannot be served; the server answers with the JSON error shape.

    The subclasses below carry their own HTTP status; this base class is also the code (E600) of
    an internal error that the server answers without details.
    """

    code = "E600"
    status = 500

    def __init__(self, message: str, *, status: int | None = None, **context: object) -> None:
        if status is not None:
            self.status = status
        super().__init__(message, **context)  # type: ignore[arg-type]

    def _context(self) -> dict[str, object]:
        return {**super()._context(), "status": self.status}


class BadRequest(RequestError):
    """A query parameter, header or request body is invalid (400)."""

    code = "E601"
    status = 400


class Unauthorized(RequestError):
    """A write without the bearer token, or with a wrong one (401)."""

    code = "E602"
    status = 401


class Forbidden(RequestError):
    """Writing is switched off on this server: no token was configured (403)."""

    code = "E603"
    status = 403


class NotFound(RequestError):
    """No such route, event, article or actor (404)."""

    code = "E604"
    status = 404


class MethodNotAllowed(RequestError):
    """The route exists but not for this HTTP method (405)."""

    code = "E605"
    status = 405


class PayloadTooLarge(RequestError):
    """A request body over the server's limit (413)."""

    code = "E606"
    status = 413


class UnsupportedMediaType(RequestError):
    """A body in a content type the endpoint does not read (415)."""

    code = "E607"
    status = 415


class ExplorerNotBuilt(RequestError):
    """The web explorer's bundle is missing: run ``make setup`` (503)."""

    code = "E608"
    status = 503


def _error_classes() -> list[type[DotterelError]]:
    """Every error class of this module, base class first, in definition order."""
    return [c for c in list(globals().values()) if isinstance(c, type) and issubclass(c, DotterelError)]


#: The one table of error codes: code → (class name, what it means). Built from the classes.
ERROR_CODES: dict[str, tuple[str, str]] = {
    c.code: (c.__name__, (c.__doc__ or "").strip().splitlines()[0]) for c in _error_classes()
}


def _rebuild(cls: type[DotterelError], message: str, context: dict[str, object]) -> DotterelError:
    return cls(message, **context)  # type: ignore[arg-type]
