"""The event classifier's training data and scoring (issue 10), without training anything.

The written sentences are licence-clean training data only if they are ours: none may be a
devsuite or held-out evaluation sentence. The training script scores frames the way the pipeline
codes them, through the status stage's recoding of intentions and refusals (issue 16).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys

import pytest

from .conftest import ROOT, shared_path

pytest.importorskip("sklearn")


@pytest.fixture(scope="module")
def train():
    spec = importlib.util.spec_from_file_location(
        "train_event_classifier", ROOT / "scripts" / "train_event_classifier.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def test_issue10_written_training_sentences_are_labelled_and_unique(train):
    samples = train.load_written()
    assert len(samples) >= 300
    assert len({s.group for s in samples}) == len(samples)  # ids
    assert len({_norm(s.text) for s in samples}) == len(samples)  # texts
    events = [s for s in samples if s.gold]
    assert {g[0] for s in events for g in s.gold} == set(train.PLOVER_EVENT_TYPES)  # every category


def test_issue10_no_training_sentence_is_an_evaluation_sentence(train):
    quad = shared_path("devsuite", "data", "quad-dev", "sentences.jsonl")
    held = [
        ROOT / "src" / "dotterel" / "data" / "eval" / name
        for name in ("heldout_gold.jsonl", "heldout_no_event.jsonl")
    ]
    evaluation = {
        _norm(json.loads(line)["text"])
        for path in (quad, *held)
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    }
    assert not [s.text for s in train.load_written() if _norm(s.text) in evaluation]


def test_issue10_scoring_recodes_intended_and_refused_acts_as_the_status_stage_does(train):
    intended = train.Example(["bias"], "CONSULT", None, 0, "CONSULT", "intended", ())
    refused = train.Example(["bias"], "CONCEDE", None, 0, "CONCEDE", "refused", ())
    folded_refusal = train.Example(["bias"], "REJECT", None, 0, "REJECT", "refused", ("reject",))
    proposal = train.Example(["bias"], "CONSULT", None, 0, None, "intended", ())
    assert intended.final("CONSULT") == "AGREE"  # "will meet"
    assert intended.final("ASSAULT") == "THREATEN"  # "will attack"
    assert intended.final("SANCTION") == "THREATEN"  # "will impose sanctions"
    assert refused.final("CONCEDE") == "REJECT"  # "will not lift the ban"
    assert folded_refusal.final("REJECT") == "REJECT"
    assert proposal.final("CONSULT") == "CONSULT"  # the status stage leaves proposals alone
