"""Issue #16: the actor stages' open-class word lists are data files, read once, one source of truth.

The lists moved out of ``actors/coref.py``, ``actors/phrase.py``, ``actors/entity.py``,
``actors/resolver.py`` and ``extract/mentioned.py``; these tests check that each file loads into the
set its module uses, and that the module's behaviour follows the file (a word taken out of the file
changes what the rule does). The Doc here is built by hand, so no model is needed.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from dotterel import vocabulary
from dotterel.actors import coref, entity, metonymy, phrase, places, resolver
from dotterel.actors.kb import KnowledgeBase
from dotterel.extract import mentioned
from dotterel.provenance import dates


def test_issue16_each_new_word_file_loads_into_its_module():
    sets = vocabulary.word_sets("actor_phrase_words")
    assert sets["ally"] == phrase.ALLY_HEADS and "proxy" in phrase.ALLY_HEADS
    assert sets["located"] == phrase.LOCATED_WORDS and "headquartered" in phrase.LOCATED_WORDS
    assert sets["former"] == phrase.FORMER_WORDS and "ousted" in phrase.FORMER_WORDS
    assert sets["hedge"] == phrase.HEDGE_WORDS and "alleged" in phrase.HEDGE_WORDS
    assert coref.GOVERNMENT_WORDS == sets["government"] == {"government", "regime", "administration"}
    assert phrase.ALLY_HEADS | sets["relational"] == phrase.RELATIONAL_HEADS
    assert "rival" in phrase.RELATIONAL_HEADS
    assert sets["quantity"] == phrase.QUANTITY_HEADS and "thousands" in phrase.QUANTITY_HEADS
    assert sets["not_whose"] == phrase.NOT_WHOSE_WORDS and "occupied" in phrase.NOT_WHOSE_WORDS
    assert sets["generic"] == phrase.GENERIC_HEADS and "spokesman" in phrase.GENERIC_HEADS
    assert sets["title_skip"] == phrase.TITLE_SKIP and "sheikh" in phrase.TITLE_SKIP
    assert sets["armed"] == coref.ARMED_MODIFIERS and "militant" in coref.ARMED_MODIFIERS
    preps = vocabulary.word_sets("prepositions")
    assert preps["metonymy_locative"] == metonymy.LOCATIVE_PREPOSITIONS
    assert "within" in metonymy.LOCATIVE_PREPOSITIONS
    assert preps["not_event_date"] == dates._NOT_EVENT_DATE and "since" in dates._NOT_EVENT_DATE
    assert vocabulary.words("motion_verbs") == metonymy._MOTION and "fly" in metonymy._MOTION
    assert vocabulary.words("place_nouns") == places.PLACE_NOUNS and "village" in places.PLACE_NOUNS
    assert coref.DESCRIPTION_TYPES["militants"] == {"armed_group", "group"}
    assert coref.DESCRIPTION_TYPES["president"] == {"person"}
    assert coref.DESCRIPTION_TYPES["regime"] == {"country", "seat"}
    # every government word is a description of a country: the two files agree
    assert all(coref.DESCRIPTION_TYPES[w] == {"country", "seat"} for w in coref.GOVERNMENT_WORDS)
    assert vocabulary.words("name_joiners") == entity._NAME_JOINERS and "del" in entity._NAME_JOINERS
    assert mentioned._VIOLENT_COERCE == vocabulary.words("violent_coerce_nouns") == {"raid", "crackdown"}
    assert (
        resolver._ACT_PLACES
        == vocabulary.word_sets("prepositions")["act_place"]
        == {
            "in",
            "across",
            "throughout",
        }
    )


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the package's ``data/words`` that a test may edit, read by ``dotterel.vocabulary``."""
    shutil.copytree(Path(str(resources.files("dotterel") / "data" / "words")), tmp_path / "data" / "words")
    monkeypatch.setattr(vocabulary.resources, "files", lambda _package: tmp_path)
    vocabulary.words.cache_clear()
    vocabulary.word_sets.cache_clear()
    yield tmp_path / "data" / "words"
    vocabulary.words.cache_clear()
    vocabulary.word_sets.cache_clear()


def _cartel_del_golfo():
    doc = Doc(
        spacy.blank("en").vocab,  # a blank English vocab: lower-case forms, no model
        words=["Cartel", "del", "Golfo", "attacked"],
        pos=["PROPN", "ADP", "PROPN", "VERB"],
        heads=[3, 0, 1, 3],
        deps=["nsubj", "prep", "pobj", "ROOT"],
        ents=["B-ORG", "I-ORG", "I-ORG", "O"],
    )
    return doc[0], list(doc[0:3])


def test_issue16_name_joiners_file_decides_what_stays_inside_a_name(data_copy, monkeypatch):
    head, tokens = _cartel_del_golfo()
    assert entity.proper_name(head, tokens, KnowledgeBase()) == "Cartel del Golfo"
    path = data_copy / "name_joiners.txt"
    path.write_text(path.read_text("utf-8").replace(" del ", " "), "utf-8")
    edited = vocabulary.words("name_joiners")
    assert "del" not in edited and "de" in edited
    monkeypatch.setattr(entity, "_NAME_JOINERS", edited)
    assert entity.proper_name(head, tokens, KnowledgeBase()) == "Cartel"


def test_issue16_a_noun_on_two_description_lines_is_an_error(data_copy):
    path = data_copy / "description_types.tsv"
    path.write_text(path.read_text("utf-8") + "ngo\tmilitia\n", "utf-8")
    with pytest.raises(ValueError, match="militia"):
        coref._description_types()
