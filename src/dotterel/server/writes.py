"""Writing over HTTP: POST an article, dotterel codes it and stores its events.

Off unless the server was started with a token (``dotterel serve --token`` or the
``DOTTEREL_TOKEN`` environment variable); then every write must carry
``Authorization: Bearer <token>``. Without a token the store is opened read-only and a write is
answered 403; with a wrong or missing token, 401. Tokens are compared in constant time.

The body is one article as JSON (``application/json``: the fields of a JSONL input line) or
several as JSONL (``application/x-ndjson``), read through the same reader as
``dotterel ingest -`` so the checks and messages are the same. Bodies are bounded
(:data:`MAX_BODY_BYTES`) while they stream in, not after.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import ExtractionError, InputError
from ..pipeline import Outcome
from ..reading import bytes_stream, read_jsonl_stream
from ..records import Article, Event
from ..store import EventStore, IngestSummary
from .errors import BadRequest, Forbidden, PayloadTooLarge, Unauthorized, UnsupportedMediaType, error_body

__all__ = [
    "MAX_ARTICLES",
    "MAX_BODY_BYTES",
    "check_token",
    "post_articles",
    "read_body",
    "parse_articles",
]

#: Largest request body accepted, in bytes (a long news article is ~50 KB).
MAX_BODY_BYTES = 2 * 1024 * 1024
#: Most articles in one JSONL request; bigger batches belong to ``dotterel ingest``.
MAX_ARTICLES = 100


def check_token(request: Request) -> None:
    """Raise unless writes are on and the request carries the configured bearer token."""
    token: str | None = request.app.state.token
    if not token:
        raise Forbidden("writing is off: start the server with --token (or DOTTEREL_TOKEN) to allow it")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise Unauthorized("this endpoint needs the header 'Authorization: Bearer <token>'")
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        raise Unauthorized("wrong bearer token")


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, refused as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise PayloadTooLarge(f"request body over {limit} bytes")
        except ValueError:
            raise BadRequest("Content-Length is not a number") from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"request body over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_articles(body: bytes, content_type: str) -> list[Article]:
    """Articles from a JSON object (one) or JSONL (several), with the CLI reader's checks."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            obj = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BadRequest(f"body is not valid JSON: {exc}") from None
        except RecursionError:  # 1,000 nested brackets: no article (issue 17)
            raise BadRequest("body is JSON nested too deeply: an article is one flat object") from None
        if not isinstance(obj, dict):
            raise BadRequest(
                "body must be one JSON object with a 'text' field (use application/x-ndjson for several)"
            )
        # Back to one JSONL line for the CLI's reader. ASCII escapes keep a lone surrogate
        # ("\ud800") writable, so the reader names it as bad input rather than failing to encode it.
        try:
            body = json.dumps(obj, ensure_ascii=True).encode("ascii")
        except RecursionError:
            raise BadRequest("body is JSON nested too deeply: an article is one flat object") from None
    elif kind not in ("application/x-ndjson", "application/jsonl"):
        raise UnsupportedMediaType("send one article as application/json or several as application/x-ndjson")
    articles = list(read_jsonl_stream(bytes_stream(body), "<request>", None))
    if len(articles) > MAX_ARTICLES:
        raise PayloadTooLarge(f"more than {MAX_ARTICLES} articles in one request: use dotterel ingest")
    return articles


class _Coded:
    """The ingest :class:`~dotterel.store.ingest.Extractor` over articles coded beforehand."""

    def __init__(self, outcomes: list[Outcome]) -> None:
        self._by_article = {id(o.article): o for o in outcomes}

    def extract(self, article: Article) -> list[Event]:
        outcome = self._by_article[id(article)]
        if outcome.error is not None:
            raise outcome.error
        return outcome.events

    def pipe(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            yield article, self.extract(article)


def _result(article: Article, summary: IngestSummary, errors: list[str]) -> dict[str, Any]:
    """What became of one posted article."""
    if summary.errors:
        return {"id": article.id, "status": "failed", "error": errors[-1]}
    if summary.skipped:
        return {"id": article.id, "status": "already_stored", "error": None}
    status = "duplicate" if summary.duplicates else "stored"
    return {"id": article.id, "status": status, "error": None}


def _add(total: IngestSummary, one: IngestSummary) -> None:
    for f in fields(IngestSummary):
        mine, theirs = getattr(total, f.name), getattr(one, f.name)
        setattr(total, f.name, mine + theirs)  # counts add up, message lists concatenate


async def post_articles(request: Request) -> Response:
    """Code and store the posted articles; answer what became of each.

    201 when every article is stored (or was already); 207 when some could not be coded or stored:
    the others are stored all the same, and ``articles`` says which is which, with the error
    shape's ``error`` naming how many failed. Coding runs off the event loop and off the store's
    connection, so reads are answered while a long article is being coded.
    """
    check_token(request)
    body = await read_body(request)
    try:
        articles = parse_articles(body, request.headers.get("content-type", ""))
    except InputError as err:  # the CLI's message (naming the line), answered as a bad request
        raise BadRequest(f"{err.where}: {err.message}" if err.where else err.message) from None
    access = request.app.state.access
    coded = _Coded(await access.code(articles))

    def run(store: EventStore) -> tuple[IngestSummary, list[dict[str, Any]]]:
        total, results = IngestSummary(), []
        for article in articles:  # one at a time, so each article's fate is known
            errors: list[str] = []
            one = store.ingest([article], coded, skip_bad=True, on_error=errors.append)
            results.append(_result(article, one, errors))
            _add(total, one)
        return total, results

    summary, results = await access.call(run)
    content: dict[str, Any] = {
        "summary": summary.to_dict(),
        "article_ids": [a.id for a in articles],
        "articles": results,
    }
    failed = [r for r in results if r["status"] == "failed"]
    if not failed:
        return JSONResponse(content, status_code=201)
    message = f"{len(failed)} of {len(articles)} article(s) could not be coded or stored; the others are"
    content.update(error_body(207, ExtractionError.code, message))
    return JSONResponse(content, status_code=207)
