"""Reading gold and no-event files for ``dotterel evaluate`` (issue #3)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dotterel.errors import EvaluationError
from dotterel.evaluate import read_gold, read_negatives, shipped_negatives_path
from dotterel.evaluate.gold import (
    group_sentences,
    map_event,
    normalise_code,
    normalise_mode,
    normalise_sector,
)
from dotterel.records import PLOVER_EVENT_TYPES

from .conftest import shared_path


def _write(tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("DEMAND", ("REQUEST", None)),
        ("DISAPPROVE", ("ACCUSE", "disapprove")),
        ("FIGHT", ("ASSAULT", None)),
        ("INVESTIGATE", ("ACCUSE", "investigate")),
        ("DOCUMENT", ("AGREE", None)),
        ("assault", ("ASSAULT", None)),
    ],
)
def test_plover_05_names_map_to_20(old, new):
    assert map_event(old) == new


def test_unknown_event_name_is_refused():
    with pytest.raises(ValueError):
        map_event("SHOUT")


@pytest.mark.parametrize(
    ("code", "iso"),
    [("JAP", "JPN"), ("ITL", "ITA"), ("VTN", "VNM"), ("usa", "USA"), ("CIV", "CIV"), ("IGO", "IGO"),
     ("ISM", "ISM"), ("IMG", "IMG"), ("", None), ("***", None), (None, None)],
)  # fmt: skip
def test_codes_normalise_to_iso_or_plover_codes(code, iso):
    assert normalise_code(code) == iso  # CIV is Côte d'Ivoire as a country code


@pytest.mark.parametrize(
    ("sector", "norm"),
    [("GOV", "GOV"), ("CVLalb", "CVL"), ("CIV", "CVL"), ("CIVsrp", "CVL"), ("REBsna", "REB"), ("***", None),
     ("", None), (None, None), ("gov", "GOV")],
)  # fmt: skip
def test_sectors_take_three_letters(sector, norm):
    assert normalise_sector(sector) == norm


def test_old_modes_fold_into_plover_20_modes():
    assert normalise_mode("strike-hun") == "hunger"
    assert normalise_mode("demo-org") == "demo"
    assert normalise_mode("heavy-weapons") == "heavy-weapons"
    assert normalise_mode("") is None


def test_gsr_json_list_skips_header_and_maps_everything(tmp_path):
    records = [
        {"id": "HEADER", "event": "DOCUMENT", "eventText": "documentation"},
        {
            "id": "R1",
            "event": "DISAPPROVE",
            "date": "2000-01-01",
            "text": "Japan criticised Italy.",
            "source": [{"actorText": "Japan", "code": "JAP", "sector": "GOV"}],
            "target": [{"actorText": "Italy", "code": "ITL", "sector": "***"}],
            "mode": "",
        },
        {"id": "R2", "event": "PROTEST", "mode": "riot-spon", "text": "Crowds rioted.", "target": ""},
        {"id": "R2", "event": "FIGHT", "text": "Troops fought rebels."},
    ]
    path = _write(tmp_path, "gold.json", json.dumps(records))
    gold = read_gold(path)
    assert [g.id for g in gold] == ["R1", "R2", "R2#2"]  # a repeated id is kept apart
    r1 = gold[0]
    assert (r1.event, r1.mode, r1.original_event, r1.published) == (
        "ACCUSE",
        "disapprove",
        "DISAPPROVE",
        date(2000, 1, 1),
    )
    assert [(a.code, a.sector) for a in r1.source] == [("JPN", "GOV")]
    assert [(a.code, a.sector) for a in r1.target] == [("ITA", None)]
    assert (gold[1].event, gold[1].mode, gold[1].target) == ("PROTEST", "riot", ())
    assert gold[2].event == "ASSAULT"


def test_jsonl_gold_is_accepted(tmp_path):
    lines = [
        json.dumps(
            {"id": "a", "event": "ASSAULT", "text": "Rebels shelled the town.", "source": [{"code": "COD"}]}
        ),
        "",
        json.dumps({"id": "b", "event": "REQUEST", "text": "Kenya urged calm."}),
    ]
    gold = read_gold(_write(tmp_path, "gold.jsonl", "\n".join(lines)))
    assert [(g.id, g.event) for g in gold] == [("a", "ASSAULT"), ("b", "REQUEST")]
    assert gold[0].source[0].code == "COD" and gold[0].source[0].sector is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.json", "  \n", "gold file is empty"),
        ("broken.json", '[{"id": "a", ', "not valid JSON"),
        (
            "broken.jsonl",
            '{"id": "a", "event": "AGREE", "text": "x"}\n{oops}\n',
            "broken.jsonl:2: not valid JSON",
        ),
        ("noevent.jsonl", '{"id": "a", "text": "Something."}\n', "noevent.jsonl:1: missing 'event'"),
        ("unknown.jsonl", '{"id": "a", "event": "SHOUT", "text": "x"}\n', "unknown event 'SHOUT'"),
        ("scalar.json", "[1]", "record 1: expected a JSON object"),
        ("actors.jsonl", '{"event": "AGREE", "text": "x", "source": 5}\n', "'source' must be a list"),
        ("date.jsonl", '{"event": "AGREE", "text": "x", "date": "yesterday"}\n', "not an ISO date"),
        ("headeronly.json", '[{"id": "h", "event": "DOCUMENT"}]', "no gold records"),
    ],
)
def test_bad_gold_files_are_one_line_evaluation_errors(tmp_path, name, content, message):
    path = _write(tmp_path, name, content)
    with pytest.raises(EvaluationError) as info:
        read_gold(path)
    text = str(info.value)
    assert message in text and "\n" not in text and text.startswith("[E501]")


def test_missing_gold_file(tmp_path):
    with pytest.raises(EvaluationError, match="gold file not found"):
        read_gold(tmp_path / "nope.json")


def test_binary_gold_file(tmp_path):
    path = tmp_path / "gold.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(EvaluationError, match="invalid UTF-8"):
        read_gold(path)


def test_the_plover_gsr_reads_whole():
    gold = read_gold(shared_path("data", "plover-gsr", "PLOVER_GSR_CAMEO.json"))
    assert len(gold) == 322  # 323 records less the DOCUMENT header
    events = {g.event for g in gold}
    assert not events & {"DEMAND", "DISAPPROVE", "FIGHT", "INVESTIGATE", "DOCUMENT"}
    codes = {a.code for g in gold for a in g.source + g.target}
    assert not codes & {"JAP", "ITL", "VTN"}
    assert all(len(a.sector) == 3 for g in gold for a in g.source + g.target if a.sector)
    # Six sentences are coded twice (AID and REJECT on one, ...): they are scored once, with both.
    sentences = group_sentences(gold)
    assert len(sentences) == 316
    assert sum(len(s.records) for s in sentences) == 322


def test_shipped_negatives_set():
    negs = read_negatives(shipped_negatives_path())
    assert len(negs) >= 150
    assert len({n.id for n in negs}) == len(negs) and len({n.text for n in negs}) == len(negs)
    assert len({n.topic for n in negs}) >= 10


def test_bad_negatives_files(tmp_path):
    with pytest.raises(EvaluationError, match="needs a non-empty 'text'"):
        read_negatives(_write(tmp_path, "n.jsonl", '{"id": "a"}\n'))
    with pytest.raises(EvaluationError, match="n2.jsonl:1: not valid JSON"):
        read_negatives(_write(tmp_path, "n2.jsonl", "nope\n"))
    with pytest.raises(EvaluationError, match="no sentences"):
        read_negatives(_write(tmp_path, "n3.jsonl", "\n"))
    with pytest.raises(EvaluationError, match="duplicate id 'a'"):
        read_negatives(_write(tmp_path, "n4.jsonl", '{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n'))


def test_held_out_sets_read_and_cover_every_category():
    data = Path(str(shipped_negatives_path())).parent
    gold = read_gold(data / "heldout_gold.jsonl")
    assert sorted({g.event for g in gold}) == sorted(PLOVER_EVENT_TYPES)
    assert all(g.source for g in gold)
    negs = read_negatives(data / "heldout_no_event.jsonl")
    shipped = {n.text for n in read_negatives(shipped_negatives_path())}
    assert len(negs) >= 70 and not shipped & {n.text for n in negs}
