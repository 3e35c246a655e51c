"""Issue 18: ``ParallelPipeline`` hands out chunks so no worker idles at the end, keeps input order,
reports a failing article as that article's error, and brings a user's own stage to the workers.

The failing stage is a real spaCy component registered in this module, as a user registers one;
the spawned workers must import this module to build the pipeline (nothing is patched).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from dotterel.components import DEFAULT_COMPONENTS
from dotterel.errors import ConfigError, DotterelError, ExtractionError
from dotterel.parallel import ParallelPipeline, _factory_modules, chunk_sizes
from dotterel.pipeline import Pipeline, PipelineConfig
from dotterel.records import Article

from .issue18_corpus import ARTICLES

BOOM_STAGE = "issue18_boom"


@Language.component(BOOM_STAGE)
def _boom(doc: Doc) -> Doc:
    if "KABOOM" in doc.text:
        raise ZeroDivisionError("a bug in a user's stage")
    return doc


GATE_STAGE = "issue18_gate"


@Language.component(GATE_STAGE)
def _gate(doc: Doc) -> Doc:
    """``GATE-WAIT path`` waits (up to a minute) until ``path`` exists; ``GATE-OPEN path`` makes it."""
    words = doc.text.split()
    if len(words) >= 2 and words[0] == "GATE-OPEN":
        Path(words[1]).touch()
    if len(words) >= 2 and words[0] == "GATE-WAIT":
        deadline = time.monotonic() + 60
        while not Path(words[1]).exists():
            if time.monotonic() > deadline:
                raise TimeoutError("the gate was never opened: the other worker got no more chunks")
            time.sleep(0.05)
    return doc


@pytest.mark.parametrize("total", [0, 1, 3, 16, 52, 100, 1000])
@pytest.mark.parametrize(("size", "processes"), [(16, 2), (1, 2), (16, 4), (64, 8)])
def test_issue18_chunk_sizes_shrink_to_single_articles(total, size, processes):
    sizes = chunk_sizes(total, size, processes)
    assert sum(sizes) == total
    assert all(1 <= n <= size for n in sizes)
    assert sizes == sorted(sizes, reverse=True)  # big chunks first, the smallest last
    if total >= 2 * processes:  # the last chunks are single articles
        assert sizes[1 - 2 * processes :] == [1] * (2 * processes - 1)


def test_issue18_chunk_sizes_example():
    # 52 articles left for 2 workers (4 places in flight): shares of what is left, never above 16.
    assert chunk_sizes(52, 16, 2) == [13, 10, 8, 6, 4, 3, 2, 2, 1, 1, 1, 1]
    assert chunk_sizes(200, 16, 2)[:4] == [16, 16, 16, 16]


def test_issue18_a_users_stage_module_goes_to_the_workers():
    assert _factory_modules((*DEFAULT_COMPONENTS, BOOM_STAGE))[-1] == __name__
    assert all(not m.startswith("spacy") for m in _factory_modules(DEFAULT_COMPONENTS))
    assert _factory_modules(("no_such_stage",)) == ()


@pytest.mark.model
def test_issue18_chunked_workers_keep_order_and_report_each_failing_article():
    config = PipelineConfig(components=(*DEFAULT_COMPONENTS, BOOM_STAGE))
    texts = [a["text"] for a in ARTICLES if a.get("text")]
    # 23 articles, 2 bad ones: full chunks of 4, then the shrinking tail of single articles.
    bad = {5, 21}
    articles = [
        Article(id=f"x{i}", text=("KABOOM. " if i in bad else "") + texts[i % len(texts)]) for i in range(23)
    ]
    expected = list(Pipeline(config).code(articles, batch_size=4))
    with ParallelPipeline(config, processes=2) as pool:
        pool.wait_ready()
        got = list(pool.code(articles, batch_size=4))
        assert pool.worker_cpu_s > 0 and pool.worker_busy_s > 0
    assert [o.article.id for o in got] == [a.id for a in articles]
    for one, two in zip(expected, got, strict=True):
        assert [e.to_dict() for e in one.events] == [e.to_dict() for e in two.events]
        assert (one.error is None) == (two.error is None)
    failed = {o.article.id: o.error for o in got if o.error is not None}
    assert set(failed) == {"x5", "x21"}
    for article_id, err in failed.items():
        assert isinstance(err, ExtractionError)
        assert err.article_id == article_id and err.stage == BOOM_STAGE
    assert sum(len(o.events) for o in got) > 0


@pytest.mark.model
def test_issue18_wait_ready_raises_a_workers_build_error(tmp_path):
    missing = PipelineConfig(lexicon_path=str(tmp_path / "missing.tsv"))
    with ParallelPipeline(missing, processes=2) as pool, pytest.raises(DotterelError):
        pool.wait_ready()
    with pytest.raises(ConfigError):
        ParallelPipeline(processes=0)


@pytest.mark.model
def test_issue18_a_slow_chunk_does_not_hold_back_the_other_worker(tmp_path):
    # The first article waits until the seventh has been coded. Results go out in input order,
    # so the first chunk holds back the others' delivery; the other worker must still be sent
    # chunks 2-7 meanwhile (with 4 chunks in flight at most, it would wait for the first, which
    # waits for the seventh, and the gate would time out into an error).
    gate = tmp_path / "gate"
    config = PipelineConfig(components=(*DEFAULT_COMPONENTS, GATE_STAGE))
    texts = [f"GATE-WAIT {gate}"] + [ARTICLES[0]["text"]] * 5 + [f"GATE-OPEN {gate}", ARTICLES[0]["text"]]
    articles = [Article(id=f"s{i}", text=t) for i, t in enumerate(texts)]
    with ParallelPipeline(config, processes=2) as pool:
        pool.wait_ready()
        got = list(pool.code(articles, batch_size=1))
    assert [o.article.id for o in got] == [a.id for a in articles]
    assert [o.error for o in got] == [None] * len(articles)
    assert gate.exists()
