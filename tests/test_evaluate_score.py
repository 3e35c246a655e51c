"""The scorer of ``dotterel evaluate`` (issue #3): exact figures on a small hand-made set.

Every number below was worked out by hand from the definitions in ``docs/evaluate.md``; the
scorer is a pure function, so no model is needed.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from dotterel.errors import EvaluationError
from dotterel.evaluate import (
    Evaluation,
    compare_with_baseline,
    read_baseline,
    render_text,
    score_gold,
    score_negatives,
    to_json,
)
from dotterel.evaluate.gold import GoldActor, GoldRecord, group_sentences, read_gold
from dotterel.evaluate.sweep import bootstrap_f1, confidence_sweep
from dotterel.records import QUAD_CODES, Entity, Event, Evidence, Span

from .conftest import shared_path


def ent(country: str | None = None, sector: str | None = None) -> Entity:
    return Entity(text="x", start=0, end=1, name="x", country=country, sector=sector)


def ev(
    etype: str, mode: str | None = None, actors=(), recipients=(), confidence=0.5, status="asserted"
) -> Event:
    return Event(
        id=f"e-{etype}",
        article_id="a",
        event_type=etype,
        mode=mode,
        context=[],
        quad_code=QUAD_CODES[etype],
        actor=list(actors),
        recipient=list(recipients),
        status=status,
        status_cue=None,
        attribution=None,
        location=None,
        date=None,
        date_text=None,
        date_precision=None,
        quantities={},
        trigger=Span("trigger", 0, 7),
        evidence=Evidence("s", 0, 1),
        confidence=confidence,
    )


def act(code: str | None, sector: str | None = None) -> GoldActor:
    return GoldActor(text=code or "", code=code, sector=sector)


def rec(rid: str, event: str, mode=None, source=(), target=()) -> GoldRecord:
    return GoldRecord(id=rid, text=f"sentence {rid}", event=event, mode=mode, source=source, target=target)


GOLD = [
    rec("g1", "AGREE", source=(act("HUN", "GOV"), act("ROU", "GOV"))),
    rec("g2", "ASSAULT", "explosives", source=(act("ISR", "MIL"),), target=(act("PSE"),)),
    rec("g3", "REQUEST", source=(act("IGO"),), target=(act("USA", "GOV"),)),
    rec("g4", "PROTEST", "demo", source=(act("FRA", "CVL"),)),
    rec("g5", "ACCUSE", source=(act("IGO"),)),
    rec("g6", "REQUEST", source=(act("USA"),), target=(act("IRN"),)),
]
PRED = [
    [ev("AGREE", actors=[ent("HUN", "GOV")]), ev("SUPPORT")],
    [ev("ASSAULT", "explosives", actors=[ent("ISR", "MIL")]), ev("ASSAULT", recipients=[ent("PSE")])],
    [],
    [ev("ASSAULT")],
    [ev("ACCUSE", actors=[ent("UNO")])],
    [ev("REQUEST", actors=[ent("USA")], recipients=[ent("IRQ")])],
]


@pytest.fixture()
def scores():
    return score_gold(GOLD, PRED)


def test_micro_precision_recall_f1(scores):
    assert (scores.tp, scores.fp, scores.fn) == (4, 2, 2)
    assert scores.precision == pytest.approx(4 / 6)
    assert scores.recall == pytest.approx(4 / 6)
    assert scores.f1 == pytest.approx(4 / 6)
    assert scores.exact == 3  # g2, g5, g6: predicted set equals the gold set


def test_quad_class_counts(scores):
    # g4's PROTEST was coded ASSAULT: wrong category, right quad class (4, material conflict).
    assert [x.quad for x in scores.sentences] == [
        (1, 0, 0),
        (1, 0, 0),
        (0, 0, 1),
        (1, 0, 0),
        (1, 0, 0),
        (1, 0, 0),
    ]
    assert (scores.quad_precision, scores.quad_recall) == (1.0, pytest.approx(5 / 6))
    assert scores.events_per_sentence == pytest.approx(7 / 6)


def test_per_category_counts(scores):
    table = {c.category: (c.tp, c.fp, c.fn) for c in scores.per_category}
    assert table == {
        "AGREE": (1, 0, 0),
        "SUPPORT": (0, 1, 0),
        "REQUEST": (1, 0, 1),
        "ACCUSE": (1, 0, 0),
        "PROTEST": (0, 0, 1),
        "ASSAULT": (1, 1, 0),
    }
    request = next(c for c in scores.per_category if c.category == "REQUEST")
    assert (request.precision, request.recall, request.f1) == (1.0, 0.5, pytest.approx(2 / 3))
    protest = next(c for c in scores.per_category if c.category == "PROTEST")
    assert protest.precision is None and protest.recall == 0.0


def test_confusion_rows_are_gold_columns_predicted_with_none(scores):
    assert scores.confusion == {
        "AGREE": {"AGREE": 1, "SUPPORT": 1},
        "ASSAULT": {"ASSAULT": 1},
        "REQUEST": {"NONE": 1, "REQUEST": 1},
        "PROTEST": {"ASSAULT": 1},
        "ACCUSE": {"ACCUSE": 1},
    }


def test_mode_accuracy_only_where_category_found(scores):
    # g2 has a mode and its category was found (one of its two ASSAULTs has the mode); g4 was missed.
    assert (scores.mode_correct, scores.mode_total) == (1, 1)
    assert scores.sentences[1].mode_correct is True
    assert scores.sentences[3].mode_correct is None


def test_actor_and_recipient_country(scores):
    a = scores.actor_country
    assert (a.matched, a.covered, a.total) == (4, 5, 7)  # IGO matched by UNO in g5
    assert a.accuracy == pytest.approx(0.8) and a.coverage == pytest.approx(5 / 7)
    r = scores.recipient_country
    assert (r.matched, r.covered, r.total) == (1, 2, 3)  # PSE found in g2; IRQ is not IRN in g6
    assert scores.sentences[0].matches["actor_country"] == (1, 2)


def test_sector_accuracy(scores):
    s = scores.actor_sector
    assert (s.matched, s.covered, s.total) == (3, 3, 4)
    rs = scores.recipient_sector
    assert (rs.matched, rs.covered, rs.total) == (0, 0, 1)
    assert rs.accuracy is None and rs.coverage == 0.0


def test_igo_does_not_match_a_country():
    scores = score_gold([rec("g", "ACCUSE", source=(act("IGO"),))], [[ev("ACCUSE", actors=[ent("USA")])]])
    assert scores.actor_country.matched == 0


def test_predicted_codes_are_normalised_like_the_gold():
    """The gold reader turns KOS into XKX; a coder's KOS must meet it (found in review, issue #3)."""
    gold = [rec("g", "ASSAULT", source=(act("SRB"),), target=(act("XKX"),))]
    pred = [[ev("ASSAULT", actors=[ent("SRB")], recipients=[ent("KOS")])]]
    assert score_gold(gold, pred).recipient_country.matched == 1


def test_mismatched_lengths_are_an_evaluation_error():
    with pytest.raises(EvaluationError, match="2 gold sentences but 1"):
        score_gold(GOLD[:2], PRED[:1])


def test_negatives_rate():
    neg = score_negatives([("n1", "a"), ("n2", "b"), ("n3", "c")], [[], [ev("ASSAULT"), ev("ASSAULT")], []])
    assert (neg.sentences, neg.events, neg.sentences_with_events) == (3, 2, 1)
    assert neg.events_per_sentence == pytest.approx(2 / 3)
    assert neg.by_category == {"ASSAULT": 2}
    assert neg.flagged[0].id == "n2" and neg.flagged[0].triggers == ["trigger", "trigger"]


def test_report_text_and_json_shape(scores):
    neg = score_negatives([("n1", "a")], [[ev("CONSULT")]])
    result = Evaluation(gold_path="gold.json", scores=scores, negatives=neg, negatives_path="neg.jsonl")
    text = render_text(result, show=2)
    assert "precision 0.667  recall 0.667  F1 0.667" in text
    assert "misses: 1 with nothing predicted, 1 with something else predicted" in text  # g3, g4
    assert "1.000 events per sentence  (target <= 0.10: NOT met)" in text
    assert "(2 of 3; --show N for more)" in text  # g1, g3, g4
    data = json.loads(json.dumps(to_json(result)))
    ci = data["event_type"].pop("f1_ci95")
    assert data["event_type"] == {
        "precision": 0.6667, "recall": 0.6667, "f1": 0.6667, "tp": 4, "fp": 2, "fn": 2, "exact_sentences": 3,
        "events_per_sentence": 1.1667,
    }  # fmt: skip
    assert ci[0] <= 0.6667 <= ci[1]
    assert data["by_status"] == {"asserted": {"gold_category": 5, "other": 2}}
    assert [row["threshold"] for row in data["confidence_sweep"]][:2] == [0.0, 0.3]
    assert data["quad_class"] == {"precision": 1.0, "recall": 0.8333, "f1": 0.9091}
    assert data["actor_country"]["accuracy"] == 0.8
    assert data["confusion"]["REQUEST"] == {"NONE": 1, "REQUEST": 1}
    assert [r["id"] for r in data["results"]] == ["g1", "g2", "g3", "g4", "g5", "g6"]
    assert data["results"][0]["matches"]["actor_country"] == {"matched": 1, "scored": 2}
    assert data["no_event"]["events_per_sentence"] == 1.0
    assert data["no_event"]["flagged"][0]["predicted"] == ["CONSULT"]
    assert "Sentences with a wrong" not in render_text(result, show=0)
    assert "Right category, some actor or recipient country missed (2 of 2)" in text  # g1, g6
    assert "  g6  REQUEST  matched actor 1/1, recipient 0/1   gold USA -> IRN" in text
    assert data["results"][0]["gold_actors"] == {"source": ["HUN/GOV", "ROU/GOV"], "target": []}
    only = render_text(result, show=5, only=["PROTEST"])
    assert "involving PROTEST (1 of 1;" in only and "  g4  gold PROTEST:demo  predicted ASSAULT" in only
    assert "country missed" not in only


def test_confidence_sweep_rescores_kept_events():
    gold = [rec("a", "ASSAULT"), rec("b", "AGREE")]
    pred = [[ev("ASSAULT", confidence=0.9), ev("COERCE", confidence=0.4)], [ev("AGREE", confidence=0.5)]]
    neg = score_negatives([("n1", "x"), ("n2", "y")], [[ev("CONSULT", confidence=0.45)], []])
    rows = confidence_sweep(score_gold(gold, pred), neg, thresholds=(0.0, 0.45, 0.6))
    assert [(r.precision, r.recall, r.no_event_rate) for r in rows] == [
        (pytest.approx(2 / 3), 1.0, 0.5),  # everything kept
        (1.0, 1.0, 0.5),  # COERCE (0.4) dropped; CONSULT at exactly 0.45 kept
        (1.0, 0.5, 0.0),  # only the 0.9 ASSAULT survives
    ]


def test_bootstrap_interval_is_reproducible_and_brackets_f1(scores):
    lo, hi = bootstrap_f1(scores)
    assert (lo, hi) == bootstrap_f1(scores)
    assert 0.0 <= lo <= scores.f1 <= hi <= 1.0
    one = score_gold(GOLD[:1], PRED[:1])
    assert bootstrap_f1(one) is None


def test_events_by_status():
    gold = [rec("a", "ASSAULT"), rec("b", "AGREE")]
    pred = [
        [ev("ASSAULT", status="negated"), ev("THREATEN", status="future")],
        [ev("AGREE", status="future")],
    ]
    assert score_gold(gold, pred).by_status == {"future": (1, 1), "negated": (1, 0)}


def test_baseline_comparison_lists_fixed_and_broken(scores, tmp_path):
    before = to_json(Evaluation(gold_path="g", scores=score_gold(GOLD, [[], *PRED[1:]])))
    path = tmp_path / "before.json"
    path.write_text(json.dumps(before), encoding="utf-8")
    # Baseline: g1 got nothing (wrong), g2 right. Now: g1 exactly AGREE (right), g2 nothing (wrong).
    now = score_gold(GOLD, [[ev("AGREE")], [], *PRED[2:]])
    c = compare_with_baseline(read_baseline(path), str(path), now)
    assert (c.fixed, c.broken, c.unmatched) == (["g1"], ["g2"], 0)
    assert c.f1_before == round(before["event_type"]["f1"], 4) and c.f1_after == pytest.approx(now.f1)
    text = render_text(Evaluation(gold_path="g", scores=now, comparison=c), show=5)
    assert "sentences fixed 1, broken 1" in text and "fixed: g1" in text and "broken: g2" in text


def test_bad_baseline_files(tmp_path):
    with pytest.raises(EvaluationError, match="baseline file not found"):
        read_baseline(tmp_path / "none.json")
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    with pytest.raises(EvaluationError, match="not the output of `dotterel evaluate --json`"):
        read_baseline(tmp_path / "a.json")
    (tmp_path / "b.json").write_text("{nope", encoding="utf-8")
    with pytest.raises(EvaluationError, match="not valid JSON"):
        read_baseline(tmp_path / "b.json")


def test_a_sentence_coded_twice_is_one_sentence_with_two_gold_events():
    text = "Benin opened its borders to West Africans expelled by Nigeria and refused Ghana's request."
    m1 = GoldRecord(id="m1", text=text, event="AID", source=(act("BEN"),), target=(act("NGA"),))
    m2 = GoldRecord(id="m2", text=text, event="REJECT", source=(act("BEN"),), target=(act("GHA"),))
    other_day = GoldRecord(id="m3", text=text, event="AID", published=date(2001, 1, 1))
    sentences = group_sentences([m1, m2, other_day])
    assert [(x.id, x.events) for x in sentences] == [("m1+m2", ["AID", "REJECT"]), ("m3", ["AID"])]
    scores = score_gold(sentences[:1], [[ev("AID", actors=[ent("BEN")]), ev("ASSAULT")]])
    assert (scores.tp, scores.fp, scores.fn) == (1, 1, 1)
    # REJECT's row does not count AID, the sentence's other gold category, as a confusion.
    assert scores.confusion == {"AID": {"AID": 1, "ASSAULT": 1}, "REJECT": {"ASSAULT": 1}}
    a, r = scores.actor_country, scores.recipient_country
    assert ((a.matched, a.covered, a.total), (r.matched, r.covered, r.total)) == ((1, 1, 2), (0, 1, 2))
    assert scores.sentences[0].gold == ["AID", "REJECT"]


def test_a_perfect_coder_scores_one_on_the_whole_gsr():
    """The gold itself, turned into events, must score 1.0 everywhere: no figure is capped by the scorer."""
    sentences = group_sentences(read_gold(shared_path("data", "plover-gsr", "PLOVER_GSR_CAMEO.json")))
    oracle = [
        [
            ev(
                r.event,
                r.mode,
                actors=[ent(a.code, a.sector) for a in r.source],
                recipients=[ent(a.code, a.sector) for a in r.target],
            )
            for r in s.records
        ]
        for s in sentences
    ]
    scores = score_gold(sentences, oracle)
    assert (scores.precision, scores.recall, scores.fp) == (1.0, 1.0, 0)
    assert scores.mode_accuracy == 1.0 and scores.exact == len(sentences)
    for m in (scores.actor_country, scores.recipient_country, scores.actor_sector, scores.recipient_sector):
        assert m.accuracy == 1.0 and m.coverage == 1.0
    nothing = score_gold(sentences, [[] for _ in sentences])
    assert (nothing.precision, nothing.recall, nothing.actor_country.coverage) == (None, 0.0, 0.0)
