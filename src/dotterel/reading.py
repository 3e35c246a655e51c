"""Read articles from .txt, .jsonl, .html files, folders and stdin (DESIGN.md §4).

Readers yield :class:`~dotterel.records.Article` and raise :class:`~dotterel.errors.InputError`
naming the file and line for bad input. Passing ``on_error`` turns every per-article problem into
a callback instead (``--skip-bad``): the good articles keep flowing. Readers stream: a JSONL file
of any size is read line by line.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from .errors import InputError
from .records import Article

__all__ = [
    "MAX_ARTICLE_CHARS",
    "iter_articles",
    "parse_date",
    "read_jsonl_stream",
    "ARTICLE_SUFFIXES",
    "ErrorHandler",
    "JSONL_FIELDS",
    "MAX_ID_CHARS",
    "articles_from_text",
    "bytes_stream",
    "read_html",
    "read_txt",
]

#: Longest article accepted, in characters. News articles are a few thousand characters; a
#: multi-megabyte "article" is almost always a mis-split corpus or a binary file, and spaCy's own
#: default limit is 1,000,000.
MAX_ARTICLE_CHARS = 1_000_000

#: Longest article id accepted: ids go into file names, URLs and the store's keys.
MAX_ID_CHARS = 1_000

ARTICLE_SUFFIXES = {".txt", ".jsonl", ".html", ".htm"}
JSONL_FIELDS = {"id", "text", "title", "url", "outlet", "published", "language"}

ErrorHandler = Callable[[InputError], None]


def parse_date(value: str | date | None, *, where: str = "--published") -> date | None:
    """Parse an ISO date (``2023-11-15``; a full timestamp keeps its date part)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InputError(f"{where} must be an ISO date string such as 2023-11-15, got {value!r}")
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        # a full timestamp keeps its date part; "2023-11-15garbage" is no date (issue 17)
        if len(text) > 10 and text[10] in "T ":
            return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    shown = value if len(value) <= 40 else value[:40] + "…"
    raise InputError(f"{where} is not an ISO date such as 2023-11-15: {shown!r}")


def _decode(data: bytes, path: str) -> str:
    if not data.strip():
        raise InputError("file is empty: there is no article to code", path=path)
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes): expected UTF-8 text", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid UTF-8 at byte {exc.start}: re-save the file as UTF-8", path=path) from None
    return text


def _check_unicode(value: str, field: str, path: str, line: int | None) -> None:
    """Refuse a lone surrogate ("\\ud800" in JSON): it is no character and cannot be written out."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"'{field}' contains a lone surrogate (U+{ord(value[exc.start]):04X}) at character "
            f"{exc.start}: not valid Unicode; fix the encoding of the source",
            path=path,
            line=line,
        ) from None


def _check_text(text: str, path: str, line: int | None = None) -> None:
    _check_unicode(text, "text", path, line)
    if not text.strip():
        raise InputError("article text is empty", path=path, line=line)
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"article is too long ({len(text):,} characters, limit {MAX_ARTICLE_CHARS:,}): "
            "split the corpus into one article per record",
            path=path,
            line=line,
        )


def _text_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def read_txt(path: Path, published: date | None) -> Article:
    """One plain-text file is one article; its id is the file name without extension."""
    where = str(path)
    if path.stat().st_size > MAX_ARTICLE_CHARS * 4:
        raise InputError(f"file is too large ({path.stat().st_size:,} bytes) for one article", path=where)
    text = _decode(path.read_bytes(), where)
    _check_text(text, where)
    return Article(id=path.stem, text=text, published=published, origin=where)


def read_html(path: Path, published: date | None) -> Article:
    """Extract the main text of a saved web page with trafilatura (never fetching anything).

    The extracted text *is* the article for offsets: ``text[start:end]`` indexes it.
    """
    import trafilatura

    where = str(path)
    if path.stat().st_size > MAX_ARTICLE_CHARS * 8:
        raise InputError(f"file is too large ({path.stat().st_size:,} bytes) for one page", path=where)
    html = _decode(path.read_bytes(), where)
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise InputError("no article text found in this HTML page", path=where)
    _check_text(text, where)
    meta = trafilatura.extract_metadata(html)
    page_date = None
    if meta is not None and meta.date:
        try:
            page_date = parse_date(meta.date)
        except InputError:
            page_date = None
    return Article(
        id=path.stem,
        text=text,
        title=(meta.title if meta else None) or None,
        url=(meta.url if meta else None) or None,
        outlet=(meta.sitename if meta else None) or None,
        published=published or page_date,
        origin=where,
    )


def _article_from_json(obj: Any, where: str, line: int, published: date | None) -> Article:
    if not isinstance(obj, dict):
        raise InputError("expected a JSON object with a 'text' field", path=where, line=line)
    text = obj.get("text")
    if text is None:
        raise InputError("record has no 'text' field", path=where, line=line)
    if not isinstance(text, str):
        raise InputError("'text' must be a string", path=where, line=line)
    _check_text(text, where, line)
    unknown = sorted(set(obj) - JSONL_FIELDS)
    if unknown:
        raise InputError(
            f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(JSONL_FIELDS))}",
            path=where,
            line=line,
        )
    art_id = obj.get("id")
    if art_id is None:
        art_id = _text_id(text)
    elif isinstance(art_id, bool) or not isinstance(art_id, str | int):
        raise InputError("'id' must be a string or integer", path=where, line=line)
    elif isinstance(art_id, str):
        _check_unicode(art_id, "id", where, line)
        if not art_id.strip():
            raise InputError(
                "'id' is empty: give the article an id or leave the field out", path=where, line=line
            )
        if len(art_id) > MAX_ID_CHARS:
            raise InputError(f"'id' is longer than {MAX_ID_CHARS} characters", path=where, line=line)
    for key in ("title", "url", "outlet", "language"):
        if obj.get(key) is not None:
            if not isinstance(obj[key], str):
                raise InputError(f"'{key}' must be a string", path=where, line=line)
            _check_unicode(obj[key], key, where, line)
    pub = parse_date(obj.get("published"), where=f"{where}:{line}: 'published'") or published
    return Article(
        id=str(art_id),
        text=text,
        title=obj.get("title"),
        url=obj.get("url"),
        outlet=obj.get("outlet"),
        published=pub,
        language=obj.get("language") or "en",
        origin=f"{where}:{line}",
    )


def read_jsonl_stream(
    stream: IO[bytes], where: str, published: date | None, on_error: ErrorHandler | None = None
) -> Iterator[Article]:
    """Yield one article per non-blank line of a JSONL byte stream."""
    seen_any = False
    for lineno, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        seen_any = True
        try:
            if b"\x00" in raw:
                raise InputError(
                    "binary data (NUL bytes) where a JSON line was expected", path=where, line=lineno
                )
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"invalid UTF-8 at byte {exc.start} of the line", path=where, line=lineno
                ) from None
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"malformed JSON ({exc.msg} at column {exc.pos + 1})", path=where, line=lineno
                ) from None
            except RecursionError:
                raise InputError(
                    "JSON nested too deeply: an article is one flat object", path=where, line=lineno
                ) from None
            yield _article_from_json(obj, where, lineno, published)
        except InputError as err:
            if on_error is None:
                raise
            on_error(err)
    if not seen_any:
        err = InputError("no articles: the JSONL input is empty", path=where)
        if on_error is None:
            raise err
        on_error(err)


def _read_file(path: Path, published: date | None, on_error: ErrorHandler | None) -> Iterator[Article]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            with path.open("rb") as fh:
                yield from read_jsonl_stream(fh, str(path), published, on_error)
        elif suffix in (".html", ".htm"):
            yield read_html(path, published)
        else:
            yield read_txt(path, published)
    except InputError as err:
        if on_error is None:
            raise
        on_error(err)


def _folder_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def iter_articles(
    paths: Iterable[str],
    *,
    published: date | None = None,
    on_error: ErrorHandler | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Article]:
    """Yield the articles in ``paths`` (files, folders, or ``-`` for JSONL on stdin).

    Missing paths and folders without articles are errors in their own right; with
    ``on_error`` they are reported and the remaining paths are still read.
    """
    names = list(paths) or ["-"]
    for name in names:
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_jsonl_stream(stream, "<stdin>", published, on_error)
            continue
        path = Path(name)
        try:
            if not path.exists():
                raise InputError("no such file or folder", path=name)
            if path.is_dir():
                files = _folder_files(path)
                if not files:
                    raise InputError(
                        f"folder has no articles (looked for {', '.join(sorted(ARTICLE_SUFFIXES))})",
                        path=name,
                    )
            else:
                files = [path]
        except InputError as err:
            if on_error is None:
                raise
            on_error(err)
            continue
        for file in files:
            yield from _read_file(file, published, on_error)


def articles_from_text(text: str, *, article_id: str | None = None, published: date | None = None) -> Article:
    """Build an article from a string (Python API and HTTP API), with the same checks as files."""
    _check_text(text, "<text>")
    return Article(id=article_id or _text_id(text), text=text, published=published, origin="<text>")


def bytes_stream(data: bytes) -> IO[bytes]:
    """Wrap bytes as a stream for :func:`read_jsonl_stream` (HTTP uploads, tests)."""
    return io.BytesIO(data)
