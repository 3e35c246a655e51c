"""Issue 17: impossible dates and numbers are no value (null), never a crash or a guess."""

from __future__ import annotations

from datetime import date

import pytest

from dotterel.errors import StoreError
from dotterel.provenance.dates import resolve_date
from dotterel.provenance.quantities import MAX_COUNT, parse_number
from dotterel.store.tables import INT32_MAX


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("February 29", date(2024, 1, 10)),  # resolves to 2023: no leap year (was ValueError)
        ("Feb. 29", date(2023, 5, 1)),
        ("February 29th", date(2023, 5, 1)),
        ("Feb. 29, 2100", date(2023, 5, 1)),
        ("February 29, 2023", date(2023, 5, 1)),  # was 2020-02-29
        ("March 32", date(2023, 5, 1)),  # was 1932-03-01
        ("March 00", date(2023, 5, 1)),  # was 2000-03-01
        ("April 31", date(2023, 5, 1)),
    ],
)
def test_issue17_impossible_calendar_dates_are_null(text, published):
    assert resolve_date(text, published) is None


@pytest.mark.parametrize(
    "text", ["last year", "yesterday", "last month", "March 2", "last night", "2 days ago"]
)
def test_issue17_dates_before_year_one_are_null_not_a_crash(text):
    assert resolve_date(text, date(1, 1, 1)) is None


@pytest.mark.parametrize("text", ["tomorrow", "next year", "December 31"])
def test_issue17_dates_after_year_9999_never_crash(text):
    found = resolve_date(text, date(9999, 12, 31))
    assert found is None or found[0] <= date(9999, 12, 31)


def test_issue17_possible_dates_still_resolve():
    assert resolve_date("February 29", date(2024, 3, 10)) == (date(2024, 2, 29), "day")
    assert resolve_date("Feb. 29, 2020", date(2023, 5, 1)) == (date(2020, 2, 29), "day")
    assert resolve_date("December", date(2023, 11, 15)) == (date(2022, 12, 1), "month")
    assert resolve_date("March 2021", date(2023, 11, 15)) == (date(2021, 3, 1), "month")
    assert resolve_date("yesterday", date(1, 1, 2)) == (date(1, 1, 1), "day")


@pytest.mark.parametrize(
    "words",
    [
        ["9" * 400],  # was OverflowError
        ["1" + ",000" * 103],  # was OverflowError
        ["99999999999999999999"],  # was rounded through a float
        ["2147483648"],  # one over the store's INTEGER columns
        ["1,2,3,4"],  # was 1234
        ["1,5"],
        ["3.14159"],  # was 3
        ["10", "400"],  # "10^400" split by the tokenizer: was 410
        ["²"],  # a digit to str.isdigit, not a numeral
        ["٣"],
        ["0"],
        ["3", "billion"],
        ["1" + "0" * 5000],  # past Python's int-from-string digit limit
    ],
)
def test_issue17_impossible_or_malformed_numbers_are_null(words):
    assert parse_number(words) is None


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["11,000"], 11000),
        (["1.5", "million"], 1_500_000),
        (["2.5", "billion"], None),  # over MAX_COUNT
        (["1.5", "billion"], 1_500_000_000),
        (["twenty-five"], 25),
        (["two", "dozen"], 24),
        (["a", "hundred"], 100),
        (["2147483647"], 2147483647),
    ],
)
def test_issue17_numbers_are_exact(words, value):
    assert parse_number(words) == value


def test_issue17_max_count_fits_the_store():
    assert MAX_COUNT == INT32_MAX


def test_issue17_store_refuses_a_count_its_columns_cannot_hold(tmp_path):
    from dotterel.store import EventStore

    from .test_store_records import article, event

    art = article("big", "Israel struck Gaza City, officials said.")
    ev = event(art, "ASSAULT", ["Israel"], ["Hamas"], place="Gaza City")
    ev.quantities = {"killed": 2**31, "injured": None, "arrested": None, "participants": None}
    with EventStore(str(tmp_path / "s.duckdb")) as store:
        with pytest.raises(StoreError, match="killed 2147483648"):
            store.add_article(art, [ev])
        assert store.stats().articles == 0
