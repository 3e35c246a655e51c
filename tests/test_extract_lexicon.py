"""The PLOVER lexicon: shipped files, curated overrides, user files, the CAMEO converter (issue #2/#3)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from dotterel.errors import ConfigError
from dotterel.extract.lexicon import load_lexicon

from .conftest import ROOT, shared_path


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def token(words, heads, deps, lemmas, pos, i):
    """Token ``i`` of a Doc built by hand (no model needed)."""
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, lemmas=lemmas, pos=pos)
    return doc[i]


def test_curated_overrides_beat_cameo_defaults(lexicon):
    agree = token(["They", "agreed"], [1, 1], ["nsubj", "ROOT"], ["they", "agree"], ["PRON", "VERB"], 1)
    entry = lexicon.verb(agree)
    assert entry.event_type == "AGREE" and entry.source == "curated"  # CAMEO 050 would say SUPPORT
    raid = token(["Police", "raided"], [1, 1], ["nsubj", "ROOT"], ["police", "raid"], ["NOUN", "VERB"], 1)
    assert lexicon.verb(raid).event_type == "COERCE"


def test_verb_patterns_match_dependents(lexicon):
    words, lemmas = ["Hamas", "called", "on", "allies"], ["Hamas", "call", "on", "ally"]
    call = token(
        words, [1, 1, 1, 2], ["nsubj", "ROOT", "prep", "pobj"], lemmas, ["PROPN", "VERB", "ADP", "NOUN"], 1
    )
    assert lexicon.verb(call).event_type == "REQUEST"
    bare = token(["He", "called"], [1, 1], ["nsubj", "ROOT"], ["he", "call"], ["PRON", "VERB"], 1)
    assert lexicon.verb(bare).event_type != "REQUEST"


def test_switched_off_pattern_wins_over_the_verb(lexicon):
    words = ["officials", "requesting", "anonymity"]
    tok = token(
        words,
        [1, 1, 1],
        ["nsubj", "ROOT", "dobj"],
        ["official", "request", "anonymity"],
        ["NOUN", "VERB", "NOUN"],
        1,
    )
    assert lexicon.verb(tok).event_type is None


def test_nominal_triggers_and_weak_nouns(lexicon):
    clashes = token(["clashes"], [0], ["ROOT"], ["clash"], ["NOUN"], 0)
    assert lexicon.noun(clashes).event_type == "ASSAULT" and not lexicon.noun(clashes).weak
    conflict = token(["conflict"], [0], ["ROOT"], ["conflict"], ["NOUN"], 0)
    assert lexicon.noun(conflict).weak  # an event only as the object of a light verb


def test_user_lexicon_layers_over_the_shipped_one(tmp_path):
    user = tmp_path / "mine.tsv"
    user.write_text(
        "noun\tsit-down\t-\tPROTEST\tdemo\t-\t-\tuser\t-\nverb\tagree\t-\tSUPPORT\t-\t-\t-\tuser\t-\n"
    )
    lex = load_lexicon(user)
    sit = token(["sit-down"], [0], ["ROOT"], ["sit-down"], ["NOUN"], 0)
    assert lex.noun(sit).event_type == "PROTEST"
    agree = token(["agreed"], [0], ["ROOT"], ["agree"], ["VERB"], 0)
    assert lex.verb(agree).event_type == "SUPPORT"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("verb\tagree\t-\tFRIENDLY\n", "not a PLOVER event type"),
        ("adverb\tagree\t-\tAGREE\n", "part of speech"),
        ("verb\tagree\t-\tAGREE\t-\t-\t-\tuser\tfold:sideways\n", "unknown fold"),
        ("verb\tagree\n", "at least 4"),
    ],
)
def test_bad_user_rows_are_config_errors_naming_the_line(tmp_path, row, message):
    user = tmp_path / "bad.tsv"
    user.write_text("# comment\n" + row)
    with pytest.raises(ConfigError, match=message) as err:
        load_lexicon(user)
    assert "bad.tsv:2" in str(err.value)


def test_missing_user_lexicon_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read lexicon"):
        load_lexicon(tmp_path / "nope.tsv")


def test_shipped_lexicon_keeps_the_phoenix_mit_notice():
    text = (ROOT / "src" / "dotterel" / "data" / "plover_lexicon.tsv").read_text("utf-8")
    assert "MIT License" in text and "Open Event Data Alliance" in text


def test_build_script_converts_cameo_through_the_plover_table(tmp_path, monkeypatch):
    cameo = shared_path("data", "phoenix-dictionaries", "CAMEO.2.0.txt")
    table = shared_path("reference", "CAMEO2PLOVER-2021.txt")
    spec = importlib.util.spec_from_file_location("build_lexicon", ROOT / "scripts" / "build_lexicon.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_lexicon", module)
    spec.loader.exec_module(module)
    rows, _ = module.build(cameo, table, tmp_path)
    assert rows > 1000
    lines = Path(tmp_path / "plover_lexicon.tsv").read_text("utf-8").splitlines()
    defaults = {tuple(line.split("\t")[1:4]) for line in lines if not line.startswith("#")}
    assert ("attack", "-", "ASSAULT") in defaults
    assert ("arrest", "-", "COERCE") in defaults
    # a generated file the curated overrides never live in
    assert not (tmp_path / "plover_lexicon_overrides.tsv").exists()


def test_frames_component_takes_a_user_lexicon(tmp_path):
    from dotterel.pipeline import Pipeline, PipelineConfig

    user = tmp_path / "mine.tsv"
    user.write_text("verb\tpicnic\t-\tCONSULT\tvisit\t-\t-\tuser\t-\n")
    config = PipelineConfig(
        components=("dotterel_frames", "dotterel_status"),
        component_config={"dotterel_frames": {"lexicon_path": str(user)}},
    )
    [event] = Pipeline(config).extract("The two presidents picnicked in Geneva.")
    assert (event.event_type, event.mode) == ("CONSULT", "visit")
