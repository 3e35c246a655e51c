"""Issue 15: `dotterel events` refuses filters that cannot match, exports every row, and prints a
table that marks cut text, shows status and confidence, and is plain TSV when piped."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from dotterel.cli import main
from dotterel.cli.table import clip, print_page
from dotterel.store import EventStore

from .test_store_records import article, event

LONG = (
    "Israeli aircraft struck a residential block in Gaza City on Tuesday, killing 11 people, Palestinian "
    "health officials said, in the deadliest strike on the city since the start of the month, while "
    "rescuers searched the rubble."
)
TALK = "Iran's foreign minister met Hezbollah's leader in Beirut on Tuesday."


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.duckdb"
    with EventStore(path) as s:
        a = article("a", LONG, outlet="Reuters")
        s.add_article(a, [event(a, "ASSAULT", ["Israel"], ["Hamas"], place="Gaza City", killed=11)])
        t = article("t", TALK, outlet="AFP")
        s.add_article(
            t, [event(t, "CONSULT", ["Iran"], ["Hezbollah"], place="Beirut", status="hypothetical")]
        )
    return str(path)


def _run(*args: str):
    return CliRunner().invoke(main, ["events", *args])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "BOMBING"], "[E201] --type 'BOMBING' is not a PLOVER category: use one of AGREE"),
        (["--country", "Mexico"], "[E201] --country 'Mexico' is not a country code"),
        (["--actor-country", "Israel"], "(did you mean ISR?)"),
        (["--recipient-country", "ZZZ"], "--recipient-country 'ZZZ' is not a country code"),
        (
            ["--since", "2023-12-01", "--until", "2023-11-01"],
            "--since 2023-12-01 is after --until 2023-11-01",
        ),
    ],
)
def test_filters_that_cannot_match_are_errors(db, args, message):
    result = _run("--db", db, *args)
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.startswith("Error: [E201]")
    assert result.stdout == ""


def test_codes_in_any_case_are_accepted(db):
    result = _run("--db", db, "--type", "assault", "--country", "pse", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_exports_have_no_row_cap(db):
    result = _run("--db", db, "--format", "jsonl", "--limit", "20000")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_table_is_tsv_when_not_a_terminal(db):
    result = _run("--db", db)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    header = lines[0].split("\t")
    assert header[:6] == ["id", "date", "event", "quad", "status", "confidence"]
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    assert {r["status"] for r in rows} == {"asserted", "hypothetical"}
    assert {r["confidence"] for r in rows} == {"0.80"}
    assert any(r["evidence"] == LONG for r in rows)  # whole, not cut
    assert "events 1-2 of 2" in result.stderr


def test_terminal_table_marks_cut_text_and_shows_status_and_confidence(db):
    with EventStore(db, read_only=True) as store:
        page = store.query_events(limit=50, offset=0)
    out = io.StringIO()
    print_page(page, tsv=False, out=out)
    text = out.getvalue()
    assert "…" in text and LONG not in text
    assert "hypothetical" in text and "0.80" in text and "events 1-2 of 2" in text
    assert clip("a  b\nc", 10) == "a b c" and clip("x" * 20, 10) == "x" * 9 + "…"


def test_acled_counts_what_it_leaves_out_and_all_events_keeps_it(db):
    result = _run("--db", db, "--format", "acled")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2  # header + the strike
    assert "Left out 1 events ACLED would not record" in result.stderr
    every = _run("--db", db, "--format", "acled", "--all-events")
    assert len(every.stdout.splitlines()) == 3 and "Left out" not in every.stderr


def test_gdelt_header_option_and_mentions(db, tmp_path):
    plain = _run("--db", db, "--format", "gdelt")
    assert plain.stdout.splitlines()[0].split("\t")[0].isdigit()
    headed = _run("--db", db, "--format", "gdelt", "--header")
    assert headed.stdout.splitlines()[0].startswith("GLOBALEVENTID\tSQLDATE\t")
    out = tmp_path / "m.tsv"
    wrote = _run("--db", db, "--format", "gdelt-mentions", "--out", str(out))
    assert wrote.exit_code == 0 and f"Wrote 2 mentions to {out}" in wrote.stderr
    assert len(out.read_text().splitlines()) == 2
