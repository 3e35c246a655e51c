"""Issue 17: property-based fuzzing (hypothesis) of the readers, normalisation and the pipeline.

Invariants: no exception but ``DotterelError``; every span equals its slice of the ORIGINAL text;
every record validates against the schema. The default profile is fast (``make test``); set
``DOTTEREL_HYPOTHESIS=fuzz`` for thousands of examples.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import date

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dotterel.errors import DotterelError, InputError
from dotterel.normalise import normalise_text
from dotterel.provenance.dates import resolve_date
from dotterel.provenance.quantities import MAX_COUNT, parse_number
from dotterel.reading import bytes_stream, read_jsonl_stream
from dotterel.records import Article, record_spans

settings.register_profile(
    "fast", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("DOTTEREL_HYPOTHESIS", "fast"))

#: Words and pieces that exercise the stages: events, dates, numbers, odd whitespace and symbols.
PIECES = [
    "Rebels", "attacked", "a police post", "in Lagos", "on February 29", "Feb. 29, 2100", "March 32",
    "killed", "999999999999999999999", "1,2,3,4", "3.14159", "10^400", "2147483648", "dozens of",
    "protesters", "Police arrested 40 people", "said", "according to Reuters", "officials said",
    "\u00a0", "\t", "\u2009", "\u200b", "\ufeff", "\n\n", "😀" * 30, '"', "(", ")", ".", ",", "yesterday",
    "last year", "Hamas", "Israel", "Gaza City", "Kabul", "on Tuesday", "Article:", "very " * 20, "-",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), min_size=1, max_size=40).map(
    " ".join
)


@given(st.text())
def test_issue17_normalise_keeps_every_offset(text):
    assert len(normalise_text(text)) == len(text)


@given(st.lists(st.text(max_size=30), max_size=6))
def test_issue17_parse_number_is_null_or_a_count(words):
    value = parse_number(words)
    assert value is None or (isinstance(value, int) and 1 <= value <= MAX_COUNT)


@given(st.text(max_size=40), st.dates())
def test_issue17_resolve_date_never_crashes_or_looks_forward(text, published):
    found = resolve_date(text, published)
    assert found is None or found[0] <= published


@given(st.binary(max_size=300))
def test_issue17_jsonl_reader_raises_only_input_errors(data):
    with contextlib.suppress(InputError):
        list(read_jsonl_stream(bytes_stream(data), "fuzz.jsonl", None))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
records = st.fixed_dictionaries(
    {"text": st.one_of(texts, json_values)},
    optional={
        "id": json_values,
        "published": st.one_of(st.dates().map(str), json_values),
        "title": json_values,
    },
)


@given(records)
def test_issue17_jsonl_records_read_or_fail_cleanly(record):
    line = json.dumps(record).encode("utf-8")
    try:
        articles = list(read_jsonl_stream(bytes_stream(line), "fuzz.jsonl", None))
    except InputError:
        return
    assert len(articles) == 1 and articles[0].text == record["text"]


@pytest.mark.model
@given(texts, st.one_of(st.none(), st.dates()))
def test_issue17_pipeline_codes_or_reports_any_text(pipeline, event_schema, text, published):
    try:
        events = pipeline.extract(Article(id="fuzz", text=text, published=published))
    except DotterelError as err:
        assert err.code.startswith("E1"), f"a stage failed: {err}"  # bad input, never a stage crash
        return
    for event in events:
        record = json.loads(json.dumps(event.to_dict()))
        jsonschema.validate(record, event_schema)
        for claimed, start, end in record_spans(record):
            assert text[start:end] == claimed


@pytest.mark.model
@given(st.text(max_size=2000))
def test_issue17_pipeline_never_crashes_on_arbitrary_unicode(pipeline, text):
    with contextlib.suppress(InputError):
        pipeline.extract(Article(id="fuzz", text=text, published=date(2023, 11, 15)))
