"""Writing over HTTP: POST articles with the bearer token, coded by the real pipeline (issue #7)."""

from __future__ import annotations

import json

import pytest

from dotterel.server import create_app
from dotterel.store import EventStore
from tests.browser.support import InProcessClient
from tests.browser.synthetic import HOSTILE_PAYLOAD

AUTH = {"Authorization": "Bearer let-me-write"}


@pytest.fixture
def writable(pipeline):
    store = EventStore(":memory:")
    yield store, InProcessClient(create_app(store, token="let-me-write", pipeline_factory=lambda: pipeline))
    store.close()


@pytest.mark.model
def test_post_codes_and_stores_an_article(writable, seed_text):
    store, api = writable
    response = api.post(
        "/api/articles",
        json={"id": "seed", "text": seed_text, "published": "2023-11-15", "outlet": "Wire"},
        headers=AUTH,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["article_ids"] == ["seed"]
    summary = body["summary"]
    assert summary["articles"] == 1 and summary["errors"] == 0
    assert summary["mentions"] == store.stats().mentions > 0
    article = api.get("/api/articles/seed").json()
    assert article["text"] == seed_text and article["outlet"] == "Wire"
    page = api.get("/api/events", params={"article_id": "seed", "limit": 500}).json()
    assert page["total"] == store.stats().events
    again = api.post(
        "/api/articles", json={"id": "seed", "text": seed_text, "published": "2023-11-15"}, headers=AUTH
    ).json()
    assert again["summary"]["skipped"] == 1 and again["summary"]["mentions"] == 0


@pytest.mark.model
def test_post_jsonl_batch_keeps_hostile_text_as_text(writable):
    store, api = writable
    lines = [
        {
            "id": "a1",
            "text": f"Protesters marched in Paris on Monday. {HOSTILE_PAYLOAD}",
            "published": "2024-01-08",
        },
        {
            "id": "a2",
            "text": "Egypt and Qatar met with Hamas leaders in Cairo on Tuesday.",
            "published": "2024-01-09",
        },
    ]
    body = "\n".join(json.dumps(line) for line in lines).encode()
    response = api.post(
        "/api/articles", content=body, headers={**AUTH, "Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 201, response.text
    assert response.json()["summary"]["articles"] == 2
    stored = api.get("/api/articles/a1").json()
    assert stored["text"].endswith(HOSTILE_PAYLOAD)  # stored and served verbatim, as JSON text


def test_bad_jsonl_line_is_named_and_nothing_is_written():
    store = EventStore(":memory:")
    api = InProcessClient(create_app(store, token="let-me-write"))
    body = b'{"id": "ok", "text": "fine"}\n{"id": "bad", "txt": "typo"}\n'
    response = api.post(
        "/api/articles", content=body, headers={**AUTH, "Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 400
    assert "<request>:2" in response.json()["error"]["message"]
    assert store.stats().articles == 0
    store.close()
