"""Readers: every kind of input, and every kind of bad input (issue #2)."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from dotterel.errors import InputError
from dotterel.reading import MAX_ARTICLE_CHARS, iter_articles, read_jsonl_stream


def _collect(paths, **kw):
    errors: list[InputError] = []
    arts = list(iter_articles([str(p) for p in paths], on_error=errors.append, **kw))
    return arts, errors


def test_txt_article_keeps_text_exactly(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text("Article: Police arrested ten protesters in Lagos.\n", encoding="utf-8")
    (art,) = iter_articles([str(p)], published=date(2024, 1, 2))
    assert art.id == "story"
    assert art.text == "Article: Police arrested ten protesters in Lagos.\n"
    assert art.published == date(2024, 1, 2)


def test_jsonl_fields_and_published(tmp_path):
    p = tmp_path / "a.jsonl"
    rows = [
        {"id": "a1", "text": "Troops shelled the town.", "outlet": "Reuters", "published": "2024-03-01"},
        {"id": 7, "text": "Ministers met in Paris.", "url": "http://x"},
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    a1, a2 = iter_articles([str(p)], published=date(2020, 1, 1))
    assert (a1.id, a1.outlet, a1.published) == ("a1", "Reuters", date(2024, 3, 1))
    assert (a2.id, a2.url, a2.published) == ("7", "http://x", date(2020, 1, 1))


def test_folder_reads_all_article_files_sorted(tmp_path):
    (tmp_path / "b.txt").write_text("Rebels attacked a convoy.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Rebels attacked a base.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    assert [a.id for a in iter_articles([str(tmp_path)])] == ["a", "b"]


def test_html_is_extracted_without_fetching(tmp_path):
    p = tmp_path / "page.html"
    body = (
        "<p>" + " ".join(["Rebels attacked an army base near Goma on Monday, officials said."] * 6) + "</p>"
    )
    p.write_text(
        f"<html><head><title>Goma attack</title></head><body><article>{body}</article></body></html>",
        encoding="utf-8",
    )
    (art,) = iter_articles([str(p)])
    assert "Rebels attacked an army base" in art.text
    assert art.id == "page"


def test_reader_takes_jsonl_from_stdin():
    stream = io.BytesIO(b'{"id": "s1", "text": "Protesters marched in Kyiv."}\n')
    (art,) = iter_articles(["-"], stdin=stream)
    assert art.id == "s1"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\n ", "file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin1.txt", "Caf\u00e9 bombing in Bogot\u00e1".encode("latin-1"), "invalid UTF-8"),
    ],
)
def test_bad_files_raise_clear_errors(tmp_path, name, content, message):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(InputError) as info:
        list(iter_articles([str(p)]))
    text = str(info.value)
    assert message in text and str(p) in text and "\n" not in text


def test_malformed_jsonl_line_names_file_and_line(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"id": "1", "text": "Troops withdrew."}\n{"id": "2", "text": \n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(iter_articles([str(p)]))
    assert f"{p}:2:" in str(info.value) and "malformed JSON" in str(info.value)


def test_jsonl_line_without_text(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"id": "1", "body": "no text"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.jsonl:1: record has no 'text' field"):
        list(iter_articles([str(p)]))


def test_jsonl_unknown_field_is_rejected(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"id": "1", "text": "Troops withdrew.", "colour": "red"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown field"):
        list(iter_articles([str(p)]))


def test_jsonl_bad_published_date(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"id": "1", "text": "Troops withdrew.", "published": "last Tuesday"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="not an ISO date"):
        list(iter_articles([str(p)]))


def test_huge_article_is_rejected(tmp_path):
    p = tmp_path / "huge.txt"
    p.write_text("Troops attacked the town. " * (5 * 1024 * 1024 // 26), encoding="utf-8")
    assert p.stat().st_size > MAX_ARTICLE_CHARS
    with pytest.raises(InputError, match="too (long|large)"):
        list(iter_articles([str(p)]))


def test_reader_rejects_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        list(iter_articles([str(tmp_path / "nope.txt")]))
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="folder has no articles"):
        list(iter_articles([str(tmp_path / "empty")]))


def test_skip_bad_keeps_good_articles(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Rebels attacked a convoy.", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    lines = tmp_path / "m.jsonl"
    lines.write_text(
        '{"id": "ok", "text": "Police arrested ten."}\nnot json\n{"id": "x"}\n', encoding="utf-8"
    )
    arts, errors = _collect([good, bad, lines, tmp_path / "missing.txt"])
    assert [a.id for a in arts] == ["good", "ok"]
    assert len(errors) == 4
    assert any(":2:" in str(e) for e in errors) and any(":3:" in str(e) for e in errors)


def test_jsonl_stream_with_nul_bytes():
    with pytest.raises(InputError, match="binary"):
        list(read_jsonl_stream(io.BytesIO(b'{"text": "a\x00"}\n'), "<x>", None))
