"""The event classifier component (issue 10): veto, overrule, propose, model file errors.

The fast tests build parsed ``Doc``s by hand and hand the component a tiny model whose weights
say what it should decide, so they pin the component's logic, not the shipped model's opinions.
The ``model`` tests run the real pipeline with the shipped weights.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from dotterel.errors import ConfigError
from dotterel.extract.classifier.component import EventClassifier
from dotterel.extract.classifier.model import NO_EVENT, EventModel, load_model, shipped_model_path
from dotterel.nlp import register_extensions
from dotterel.records import PLOVER_EVENT_TYPES, Evidence, Frame, Span

LABELS = (*PLOVER_EVENT_TYPES, NO_EVENT)
#: feature → (label, weight): what the tiny model believes
BELIEFS = {"tl=express": (NO_EVENT, 6.0), "tl=seize": ("COERCE", 6.0), "tl=kill": ("ASSAULT", 6.0)}


def tiny_model() -> EventModel:
    vocab = sorted(BELIEFS)
    coef = np.zeros((len(vocab), len(LABELS)), dtype=np.float32)
    for i, f in enumerate(vocab):
        label, weight = BELIEFS[f]
        coef[i, LABELS.index(label)] = weight
    arrays = {
        "vocab": np.array(vocab),
        "labels": np.array(LABELS),
        "coef": coef,
        "intercept": np.zeros(len(LABELS), dtype=np.float32),
        "temperature": np.array(1.0, dtype=np.float32),
        "mode_labels": np.array(["COERCE:seize", "ASSAULT:-"]),
        "mode_coef": np.zeros((len(vocab), 2), dtype=np.float32),
        "mode_intercept": np.zeros(2, dtype=np.float32),
    }
    return EventModel(arrays, "tiny")


def parsed(words, lemmas, pos, deps, heads) -> Doc:
    """A hand-parsed one-sentence ``Doc`` (heads are absolute token indices)."""
    register_extensions()
    doc = Doc(Vocab(), words=words, lemmas=lemmas, pos=pos, deps=deps, heads=heads)
    doc._.frames = []
    return doc


def frame_on(doc: Doc, i: int, event_type: str) -> Frame:
    tok = doc[i]
    sent = doc[:]
    return Frame(
        trigger=Span(tok.text, tok.idx, tok.idx + len(tok.text)),
        trigger_token=i,
        event_type=event_type,
        sentence=Evidence(sent.text, 0, len(doc.text)),
        confidence=0.7,
    )


def statement_doc() -> Doc:
    return parsed(
        ["Officials", "expressed", "concern", "."],
        ["official", "express", "concern", "."],
        ["NOUN", "VERB", "NOUN", "PUNCT"],
        ["nsubj", "ROOT", "dobj", "punct"],
        [1, 1, 1, 1],
    )


def seizure_doc() -> Doc:
    return parsed(
        ["Police", "seized", "the", "weapons", "."],
        ["police", "seize", "the", "weapon", "."],
        ["NOUN", "VERB", "DET", "NOUN", "PUNCT"],
        ["nsubj", "ROOT", "det", "dobj", "punct"],
        [1, 1, 3, 1, 1],
    )


def killing_doc() -> Doc:
    return parsed(
        ["Gunmen", "killed", "three", "villagers", "."],
        ["gunman", "kill", "three", "villager", "."],
        ["NOUN", "VERB", "NUM", "NOUN", "PUNCT"],
        ["nsubj", "ROOT", "nummod", "dobj", "punct"],
        [1, 1, 3, 1, 1],
    )


def test_issue10_model_vetoes_a_frame_it_calls_no_event():
    doc = statement_doc()
    doc._.frames = [frame_on(doc, 1, "ACCUSE")]
    EventClassifier(tiny_model())(doc)
    assert doc._.frames == []


def test_issue10_model_overrules_the_lexicon_and_the_rule_category_stays_visible():
    doc = seizure_doc()
    doc._.frames = [frame_on(doc, 1, "ASSAULT")]
    EventClassifier(tiny_model())(doc)
    [frame] = doc._.frames
    assert frame.event_type == "COERCE"
    assert frame.mode == "seize"
    assert frame.coding is not None
    assert (frame.coding.decision, frame.coding.rule_event_type) == ("overruled", "ASSAULT")
    assert frame.coding.rule_confidence == pytest.approx(0.7)
    assert frame.confidence == pytest.approx(frame.coding.model_probability)
    assert frame.confidence > 0.9


def test_issue10_model_keeps_the_rule_category_when_it_agrees():
    doc = killing_doc()
    doc._.frames = [frame_on(doc, 1, "ASSAULT")]
    EventClassifier(tiny_model())(doc)
    [frame] = doc._.frames
    assert (frame.event_type, frame.coding.decision) == ("ASSAULT", "kept")


def test_issue10_an_uncertain_model_neither_vetoes_nor_overrules():
    doc = statement_doc()
    doc._.frames = [frame_on(doc, 1, "ACCUSE")]
    EventClassifier(tiny_model(), veto_threshold=0.999)(doc)
    [frame] = doc._.frames
    assert (frame.event_type, frame.coding.decision) == ("ACCUSE", "kept")


def test_issue10_model_proposes_an_event_on_the_main_predicate_when_rules_found_none():
    doc = killing_doc()
    EventClassifier(tiny_model())(doc)
    [frame] = doc._.frames
    assert frame.event_type == "ASSAULT"
    assert frame.trigger.text == "killed"
    assert [a.text for a in frame.actors] == ["Gunmen"]
    assert frame.coding.decision == "proposed"
    assert frame.coding.rule_event_type is None


def test_issue10_no_proposal_when_the_model_is_not_confident():
    doc = killing_doc()
    EventClassifier(tiny_model(), propose_threshold=0.9999)(doc)
    assert doc._.frames == []


def test_issue10_no_proposal_on_a_sentence_the_model_calls_no_event():
    doc = statement_doc()
    EventClassifier(tiny_model())(doc)
    assert doc._.frames == []


def test_issue10_missing_model_file_is_a_config_error_naming_it(tmp_path):
    missing = tmp_path / "nope.npz"
    with pytest.raises(ConfigError) as err:
        load_model(missing)
    assert err.value.code.startswith("E2")
    assert str(missing) in str(err.value)


def test_issue10_corrupt_model_file_is_a_config_error_naming_it(tmp_path):
    bad = tmp_path / "event_classifier.npz"
    bad.write_bytes(b"PK\x03\x04 definitely not a model")
    with pytest.raises(ConfigError) as err:
        load_model(bad)
    assert str(bad) in str(err.value)
    assert "\n" not in str(err.value)


def test_issue10_model_file_without_a_head_is_a_config_error(tmp_path):
    partial = tmp_path / "partial.npz"
    np.savez(partial, vocab=np.array(["bias"]), labels=np.array(LABELS))
    with pytest.raises(ConfigError, match="lacks"):
        load_model(partial)


def test_issue10_shipped_weights_are_small_and_load():
    path = shipped_model_path()
    assert path.stat().st_size <= 30 * 1024 * 1024
    model = load_model()
    assert set(model.labels) == set(LABELS)
    assert model.temperature > 0


@pytest.mark.model
def test_issue10_pipeline_with_shipped_weights_codes_and_explains(pipeline, event_schema):
    import jsonschema

    events = pipeline.extract("Three people were killed in the violence in the north on Monday, police said.")
    assert [e.event_type for e in events] == ["ASSAULT"]
    record = events[0].to_dict()
    jsonschema.validate(record, event_schema)
    assert record["coding"]["decision"] in ("kept", "overruled", "proposed")
    assert 0 < record["confidence"] <= 1
    assert json.loads(json.dumps(record))["coding"]["model_event_type"] == "ASSAULT"


@pytest.mark.model
def test_issue10_a_broken_model_path_fails_the_pipeline_with_a_config_error(tmp_path):
    from dotterel.pipeline import Pipeline, PipelineConfig

    config = PipelineConfig(
        component_config={"dotterel_event_classifier": {"model_path": str(tmp_path / "x.npz")}}
    )
    with pytest.raises(ConfigError, match="x.npz"):
        Pipeline(config)
