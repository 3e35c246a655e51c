"""Issue #16: an intended or refused act is recoded once, in the status stage, never in the extractor.

The frame extractor (and the event classifier) code the act itself ("plans to attack" → ASSAULT);
the status stage decides the status and, right after, gives PLOVER's category for an intention
(AGREE / THREATEN) or a refusal (REJECT), finishing the frame again for it (recipient rules, mode).
"""

from __future__ import annotations

import pytest

from dotterel.extract.intentions import Intention, recoded_category
from dotterel.records import Governor


@pytest.mark.parametrize(
    ("event_type", "intention", "governors", "expected"),
    [
        ("ASSAULT", Intention.INTENDED, [], "THREATEN"),
        ("SANCTION", Intention.INTENDED, [], "THREATEN"),
        ("ACCUSE", Intention.INTENDED, [], None),  # verbal conflict: coded as is
        ("MOBILIZE", Intention.INTENDED, [], None),  # a planned deployment stays one
        ("CONSULT", Intention.INTENDED, [], "AGREE"),
        ("AGREE", Intention.INTENDED, [], None),
        ("AID", Intention.REFUSED, [], "REJECT"),
        ("AID", Intention.REFUSED, [Governor(1, "refuse", "reject")], None),  # the fold coded the refusal
        ("ASSAULT", Intention.REFUSED, [], None),  # "did not attack" stays ASSAULT, negated
        ("CONSULT", None, [], None),
    ],
)
def test_issue16_recoded_category_table(event_type, intention, governors, expected):
    assert recoded_category(event_type, intention, governors) == expected


@pytest.fixture(scope="module")
def stages():
    from dotterel.pipeline import Pipeline, PipelineConfig

    return (
        Pipeline(PipelineConfig(components=("dotterel_frames",))),
        Pipeline(PipelineConfig(components=("dotterel_frames", "dotterel_status"))),
    )


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "act", "coded", "status", "mode"),
    [
        ("Iran plans to attack Israel.", "ASSAULT", "THREATEN", "future", "violence"),
        ("The two presidents will meet in Geneva next week.", "CONSULT", "AGREE", "future", None),
        ("The government did not release the prisoners.", "RETREAT", "REJECT", "negated", None),
        ("Police arrested 40 protesters in the capital.", "COERCE", "COERCE", "asserted", "arrest"),
    ],
)
def test_issue16_extractor_codes_the_act_and_status_stage_recodes_it(stages, text, act, coded, status, mode):
    frames_only, with_status = stages
    [frame] = frames_only.nlp(text)._.frames
    assert frame.event_type == act and frame.basis is not None and frame.basis.event_type == act
    [event] = with_status.extract(text)
    assert (event.event_type, event.status, event.mode) == (coded, status, mode)


@pytest.mark.model
def test_issue16_recoded_threat_keeps_its_target(stages):
    """Finishing the frame again for THREATEN keeps the threatened act's recipient."""
    _, with_status = stages
    [event] = with_status.extract("Turkey threatened that it will bomb Kurdish positions in Syria.")
    assert event.event_type == "THREATEN" and event.recipient
