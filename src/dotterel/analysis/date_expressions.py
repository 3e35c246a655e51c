"""Calendar expressions: is a phrase a date, and which day, month or year does it name?

Text-level functions with no stage of their own, read by the frame extractor (a background noun's
own date, :mod:`dotterel.extract.mentioned`) and by the date stage (:mod:`dotterel.provenance.dates`),
so ``extract`` never imports ``provenance``. Each expression is resolved relative to the article's
publication date, preferring the past, because news reports what already happened: "October 7" in
an article of 2023-11-15 is 2023-10-07, "on Monday" the Monday before.

Durations and ages are not dates: "four decades", "nearly two decades", "three days", "aged 40"
name a stretch of time or a person's age, and dateparser would happily turn "four decades" into
1983. An expression is accepted only when it has a calendar anchor (a month, weekday, year,
"yesterday", "ago", "last/this/next ...").
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

__all__ = ["has_calendar_anchor", "resolve_date"]

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_ANCHOR = re.compile(
    rf"\b({_MONTHS}|{_WEEKDAYS}|yesterday|today|tonight|tomorrow|ago)\b\.?"
    r"|\b(1[89]|20)\d\d\b(?!s)"
    r"|\b(last|this|next|previous|past)\s+(week|weekend|month|year|night|spring|summer|autumn|fall|winter)\b",
    re.IGNORECASE,
)
_AGE = re.compile(r"\b(years?|months?)[- ]old\b|\baged?\b", re.IGNORECASE)
_VAGUE_PREFIX = re.compile(r"^(early|mid|late|the end of|the beginning of|the start of)[- ]", re.IGNORECASE)
_PERIOD_PRECISION = {"day": "day", "part_of_day": "day", "time": None, "month": "month", "year": "year"}


def has_calendar_anchor(text: str) -> bool:
    """True for "October 7", "last week", "two years ago"; False for "four decades", "aged 40"."""
    return bool(_ANCHOR.search(text)) and not _AGE.search(text)


def _parser(published: date):
    from dateparser.date import DateDataParser

    base = datetime(published.year, published.month, published.day)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    return DateDataParser(languages=["en"], settings=settings)


def _week(start: date) -> tuple[date, str]:
    """A week, stated as the coarsest calendar unit holding all of it (the schema has no "week")."""
    monday = start - timedelta(days=start.weekday())
    sunday = monday + timedelta(days=6)
    if monday.month == sunday.month:
        return monday.replace(day=1), "month"
    return monday.replace(month=1, day=1), "year"


_MONTH_NUMBER = {
    name: n
    for n, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
#: A day of up to three digits and any four-digit year are *read* here, so that "March 32",
#: "March 00" and "February 29, 2023" are recognised as impossible instead of reaching dateparser,
#: which would guess 1932-03-01, 2000-03-01 and 2020-02-29.
_CALENDAR = re.compile(
    r"^(?:(?P<month>[a-z]+)\.?(?: (?P<day>\d{1,3})(?:st|nd|rd|th)?)?,?(?: (?P<year>\d{4}))?"
    r"|(?P<year_only>(?:1[89]|20)\d\d))$",
    re.IGNORECASE,
)


class _NoSuchDate(Exception):
    """A calendar date that does not exist ("February 29, 2023", "March 32"): no value, never a guess."""


_WEEKDAY_DAY = re.compile(rf"^(?:on )?({_WEEKDAYS}),? (?:the )?(\d{{1,2}})(?:st|nd|rd|th)?$")


def _weekday_day(text: str, published: date) -> tuple[date, str] | None:
    """ "Thursday 11": the latest 11th on or before publication that fell on a Thursday."""
    m = _WEEKDAY_DAY.match(text)
    if m is None:
        return None
    weekday, day = _WEEKDAYS.split("|").index(m[1]), int(m[2])
    when = published
    for _ in range(450):
        if when.day == day and when.weekday() == weekday:
            return when, "day"
        when -= timedelta(days=1)
    return None


_BARE_WEEKDAY = re.compile(rf"^(?:(on|last|this|past) )?({_WEEKDAYS})$")


def _weekday(text: str, published: date) -> tuple[date, str] | None:
    """ "on Thursday": the latest Thursday on or before publication.

    News uses a bare weekday for this week's days, the day of publication included, so "Thursday"
    in an article published on a Thursday is that day ("last Thursday" is the week before).
    """
    m = _BARE_WEEKDAY.match(text)
    if m is None:
        return None
    back = (published.weekday() - _WEEKDAYS.split("|").index(m[2])) % 7
    if m[1] == "last" and back == 0:
        back = 7
    return published - timedelta(days=back), "day"


def _relative(text: str, published: date) -> tuple[date, str] | None:
    """The commonest relative expressions, computed directly ("today", "last year", "this month")."""
    found = _weekday_day(text, published) or _weekday(text, published)
    if found is not None:
        return found
    if text in ("today", "tonight"):
        return published, "day"
    if text in ("yesterday", "last night"):
        return published - timedelta(days=1), "day"
    if text == "this month":
        return published.replace(day=1), "month"
    if text == "last month":
        return (published.replace(day=1) - timedelta(days=1)).replace(day=1), "month"
    if text == "this year":
        return published.replace(month=1, day=1), "year"
    if text in ("last year", "the previous year"):
        return date(published.year - 1, 1, 1), "year"
    return None


def _calendar(text: str, published: date) -> tuple[date, str] | None:
    """Plain calendar dates ("October 7", "Oct. 7, 2023", "March 2021", "2019") without dateparser.

    These are most DATE entities in news; dateparser takes milliseconds for each, this microseconds.
    Returns ``None`` for anything else (weekdays, relative expressions), which goes to dateparser.
    """
    relative = _relative(text.strip().lower(), published)
    if relative is not None:
        return relative
    m = _CALENDAR.match(text.strip())
    if m is None:
        return None
    if m["year_only"]:
        return date(int(m["year_only"]), 1, 1), "year"
    month = _MONTH_NUMBER.get(m["month"].lower())
    if month is None:
        return None
    year = int(m["year"]) if m["year"] else published.year
    day = int(m["day"]) if m["day"] else 1
    if not m["year"] and (month, day) > (published.month, published.day):
        year -= 1  # news looks back: "December" in November is last December
    try:
        when = date(year, month, day)
    except ValueError:
        # "February 29" when the year it resolves to is no leap year, "March 32", "Feb. 29, 2100"
        raise _NoSuchDate(text) from None
    return when, ("day" if m["day"] else "month")


@lru_cache(maxsize=8192)
def resolve_date(text: str, published: date) -> tuple[date, str] | None:
    """``(date, precision)`` of a date expression, or ``None`` when it is no calendar date.

    Cached: the same expression against the same publication date recurs across a batch. An
    impossible date ("February 29" resolving to a common year, "March 32") and a date that would
    fall outside the calendar (year 0: "last year" in an article dated 0001-01-01) are ``None``.
    """
    if not has_calendar_anchor(text):
        return None
    try:
        return _resolve(text, published)
    except (_NoSuchDate, OverflowError, ValueError):
        # ValueError/OverflowError: date arithmetic past year 1 or 9999, here or in dateparser
        return None


def _resolve(text: str, published: date) -> tuple[date, str] | None:
    plain = _calendar(text, published)
    if plain is not None:
        return plain if plain[0] <= published else None
    parser = _parser(published)
    data = parser.get_date_data(text)
    vague = False
    if data.date_obj is None and _VAGUE_PREFIX.match(text):
        data, vague = parser.get_date_data(_VAGUE_PREFIX.sub("", text)), True
    if data.date_obj is None:
        return None
    when = data.date_obj.date()
    if when > published:
        return None  # news dates are in the past; a future date here is a misreading
    if data.period == "week":
        return _week(when)
    precision = _PERIOD_PRECISION.get(data.period or "day")
    if precision is None:
        return None
    if precision != "day" and re.search(_WEEKDAYS, text, re.IGNORECASE):
        return None  # a weekday read as a month or year is a misreading
    if vague and precision == "day":
        precision = "month"
    if precision == "month":
        when = when.replace(day=1)
    elif precision == "year":
        when = when.replace(month=1, day=1)
    return when, precision
