"""Issue 17: a sentence whose root the model labels ``dep`` (a whitespace root) never hangs a stage.

``bench/fuzz.py --cases 10000`` hung on its case 993: an article starting with a no-break space.
The parser makes that space a sentence root (its own head) and the model's attribute ruler then
labels it ``dep`` instead of ``ROOT``, so every "walk up to the ROOT" loop of the extraction
stages went round forever. The walks now also stop at a token that is its own head.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dotterel.extract.clauses import _describes_speaker, is_background
from dotterel.extract.cues import _reported
from dotterel.extract.modes import _clause_words
from dotterel.records import Article

#: The fuzz case (seed 17, case 993), as generated.
FUZZ_993 = (
    "\u00a0 and according to Reuters - March 00 \u202f Police arrested 40 people in Kabul on Tuesday "
    "Hamas yesterday March 32 Feb. 29, 2100 killed Police arrested 40 people in Kabul on Tuesday "
    "Feb. 29, 2100 last year \n\n"
)


@pytest.fixture
def self_headed_dep_doc() -> Doc:
    """A parsed doc whose first token is its own head but labelled ``dep``, not ``ROOT``."""
    vocab = spacy.blank("en").vocab
    words = ["\u00a0", "and", "police", "arrested", "people"]
    return Doc(
        vocab,
        words=words,
        heads=[0, 3, 3, 0, 3],
        deps=["dep", "cc", "nsubj", "conj", "dobj"],
        pos=["SPACE", "CCONJ", "NOUN", "VERB", "NOUN"],
    )


def test_issue17_walks_to_the_root_stop_at_a_self_headed_token(self_headed_dep_doc):
    doc = self_headed_dep_doc
    assert doc[0].head.i == 0 and doc[0].dep_ == "dep"
    for tok in doc:
        assert isinstance(is_background(tok), bool)
        assert isinstance(_describes_speaker(tok), bool)
        assert isinstance(_reported(tok), bool)
        assert isinstance(_clause_words(tok), set)


@pytest.mark.model
def test_issue17_fuzz_case_993_is_coded(pipeline):
    events = pipeline.extract(Article(id="c993", text=FUZZ_993))
    for event in events:
        assert FUZZ_993[event.trigger.start : event.trigger.end] == event.trigger.text


def test_issue17_is_background_stops_at_the_stop_token_by_index():
    """``stop`` is compared by index: spaCy builds a new Token object on every access, so an
    identity test (``node is not stop``) never matched and the walk ran past ``stop``."""
    vocab = spacy.blank("en").vocab
    # "militants who attacked fled": "attacked" is a relative clause on "militants"
    doc = Doc(
        vocab,
        words=["militants", "who", "attacked", "fled"],
        heads=[3, 2, 0, 3],
        deps=["nsubj", "nsubj", "relcl", "ROOT"],
        pos=["NOUN", "PRON", "VERB", "VERB"],
    )
    assert is_background(doc[2]) is True
    assert is_background(doc[2], stop=doc[2]) is False  # the walk starts at stop: nothing above it counts
    assert is_background(doc[1], stop=doc[2]) is False
