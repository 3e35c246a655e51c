"""GET /api/export: the matching events as a file, through the store's own exporters.

The store writes the export (the same code as ``dotterel events --format``) to a temporary file,
which is streamed back and deleted once sent: Parquet needs a seekable file, and a file keeps
memory flat however many events match.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ..store import EXPORT_FORMATS, EventStore
from .params import FILTER_PARAMS, MAX_OFFSET, check_known, choice, event_filter, int_param

__all__ = ["MAX_EXPORT_ROWS", "MEDIA_TYPES", "export"]

#: Most rows one export request may ask for with ``limit`` (no limit: every matching row).
MAX_EXPORT_ROWS = 10_000_000

#: Content type and file suffix of each format; unknown ones are sent as bytes.
MEDIA_TYPES: dict[str, tuple[str, str]] = {
    "jsonl": ("application/x-ndjson", "jsonl"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "gdelt": ("text/tab-separated-values; charset=utf-8", "tsv"),
    "gdelt-mentions": ("text/tab-separated-values; charset=utf-8", "tsv"),
    "acled": ("text/csv; charset=utf-8", "csv"),
    "graphml": ("application/xml", "graphml"),
    "gexf": ("application/xml", "gexf"),
}


async def export(request: Request) -> Response:
    params = request.query_params
    check_known(params, set(FILTER_PARAMS) | {"format", "level", "limit", "offset", "header", "all_events"})
    fmt = choice(params, "format", EXPORT_FORMATS, "jsonl")
    level = choice(params, "level", ("events", "mentions"), "events")
    filters = event_filter(params)
    limit = int_param(params, "limit", 0, 1, MAX_EXPORT_ROWS) or None
    offset = int_param(params, "offset", 0, 0, MAX_OFFSET)
    header_choice = choice(params, "header", ("true", "false", "default"), "default")
    header = None if header_choice == "default" else header_choice == "true"
    all_events = choice(params, "all_events", ("true", "false"), "false") == "true"
    media, suffix = MEDIA_TYPES.get(fmt, ("application/octet-stream", fmt))
    fd, name = tempfile.mkstemp(prefix="dotterel-export-", suffix=f".{suffix}")
    os.close(fd)
    path = Path(name)

    def run(store: EventStore) -> int:
        return store.export(
            fmt,  # type: ignore[arg-type]
            filters,
            path,
            level=level,  # type: ignore[arg-type]
            limit=limit,
            offset=offset,
            header=header,
            all_events=all_events,
        )

    try:
        rows = await request.app.state.access.call(run)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(
        path,
        media_type=media,
        filename=f"dotterel-{fmt if fmt.startswith(('gdelt', 'acled')) else level}.{suffix}",
        headers={"X-Dotterel-Rows": str(rows)},
        background=BackgroundTask(path.unlink, missing_ok=True),
    )
