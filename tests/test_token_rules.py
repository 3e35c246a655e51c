"""The fast attribute ruler and lemmatizer (dotterel.token_rules) give spaCy's own token attributes.

Issue 18 (our stages at most 25% over spaCy; a GDELT day in 45 min on 32 cores): spaCy's
rule-based ``attribute_ruler`` and ``lemmatizer`` cost ~17 ms of ~93 ms per article; the
memoised versions must be exact, so every test compares with the stock components.
"""

from __future__ import annotations

import pickle

import numpy
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

from tests.conftest import SEED, SHARED

pytestmark = pytest.mark.model

_COLUMNS = [POS, TAG, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]

#: Texts that reach the ruler's rarer rules: expletive "there" + be (a two-token rule whose
#: second token is set), possessive pronouns, irregular "gets"/"got", whitespace tokens (the
#: IS_SPACE rules), all-caps and lower-case text, an empty text.
TRICKY = [
    "There is a man. There were two of them, and there's more.\n\n  Then there are others.",
    "Hers is his; its gets got. Ours and theirs won't.",
    "  \n\t Leading   spaces\u00a0and\ttabs.  \n",
    "HAMAS FIGHTERS ATTACKED ISRAELI TROOPS NEAR GAZA ON MONDAY, OFFICIALS SAID.",
    "hamas fighters attacked israeli troops near gaza on monday, officials said.",
    "",
    "U.S. Secretary of State Antony Blinken met Egypt's President in Cairo on Feb. 29, 2024.",
]


def _texts() -> list[str]:
    texts = [SEED.read_text("utf-8"), *TRICKY]
    corpus = SHARED / "data" / "corpora" / "insightcrime-train.tsv"
    if corpus.exists():  # ../shared beside the project (CI has it); 40 real articles
        with corpus.open(encoding="utf-8") as fh:
            texts += [line.split("\t", 1)[0] for _, line in zip(range(40), fh, strict=False)]
    return texts


def _annotations(doc) -> tuple:
    return (
        doc.to_array(_COLUMNS).tolist(),
        [str(t.morph) for t in doc],
        [t.lemma_ for t in doc],
        [t.pos_ for t in doc],
    )


@pytest.fixture(scope="module")
def models():
    from dotterel.nlp import load_spacy

    return load_spacy(fast_rules=False), load_spacy()


def test_issue18_fast_rules_replace_both_components(models):
    from dotterel.token_rules import FastAttributeRuler, FastLemmatizer

    stock, fast = models
    assert stock.pipe_names == fast.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)
    assert not isinstance(stock.get_pipe("attribute_ruler"), FastAttributeRuler)


def test_issue18_fast_rules_give_spacys_token_attributes(models):
    stock, fast = models
    texts = _texts()
    # twice: the second pass runs on warm memos
    for _ in range(2):
        for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
            assert _annotations(a) == _annotations(b), a.text[:80]


def test_issue18_fast_rules_match_spacy_with_a_tiny_memo(models, monkeypatch):
    """A memo that starts again every few entries (the bound for a day of news) changes nothing."""
    import dotterel.token_rules as token_rules
    from dotterel.nlp import load_spacy

    monkeypatch.setattr(token_rules, "_MEMO_LIMIT", 8)
    fast = load_spacy()
    stock = models[0]
    texts = _texts()[:6]
    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert _annotations(a) == _annotations(b)


def _two_rulers(patterns: list[dict]):
    """A blank pipeline's ruler with ``patterns``, stock and fast, on a tagged blank English."""
    import spacy

    from dotterel.token_rules import speed_up

    pair = []
    for fast in (False, True):
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("attribute_ruler")
        ruler.add_patterns(patterns)
        if fast:
            speed_up(nlp)
        pair.append((nlp, ruler))
    return pair


def test_issue18_fast_ruler_applies_rules_in_spacys_order():
    """Two rules on one token: the later one's value wins, as in spaCy's sorted matches."""
    patterns = [
        {"patterns": [[{"LOWER": "gaza"}]], "attrs": {"POS": "NOUN", "LEMMA": "first"}},
        {"patterns": [[{"LOWER": {"IN": ["gaza", "rafah"]}}]], "attrs": {"POS": "PROPN"}},
        {"patterns": [[{"LOWER": {"REGEX": "^ra"}}]], "attrs": {"LEMMA": "regex"}},
        {"patterns": [[{"LOWER": "in"}, {"LOWER": "gaza"}]], "attrs": {"MORPH": "Case=Loc"}, "index": 1},
        {
            "patterns": [[{"LOWER": {"NOT_IN": ["in"]}}, {"IS_SPACE": True}]],
            "attrs": {"TAG": "SP"},
            "index": -1,
        },
    ]
    (stock, _), (fast, ruler) = _two_rulers(patterns)
    from dotterel.token_rules import FastAttributeRuler

    assert isinstance(ruler, FastAttributeRuler)
    text = "Strikes in Gaza and Rafah  \n went on in gaza"
    a, b = stock(text), fast(text)
    assert _annotations(a) == _annotations(b)
    gaza = b[2]
    assert (gaza.pos_, gaza.lemma_, str(gaza.morph)) == ("PROPN", "first", "Case=Loc")
    assert b[4].lemma_ == "regex"


def test_issue18_fast_ruler_leaves_what_it_cannot_read_to_spacy():
    """A quantifier ("OP") or an attribute it does not key on: spaCy's own ruler stays."""
    from dotterel.token_rules import FastAttributeRuler

    for pattern in (
        [{"LOWER": "gaza", "OP": "+"}],
        [{"ORTH": "Gaza"}],
        [{"LOWER": {"FUZZY": "gaza"}}],
    ):
        (stock, _), (fast, ruler) = _two_rulers([{"patterns": [pattern], "attrs": {"POS": "PROPN"}}])
        assert not isinstance(ruler, FastAttributeRuler), pattern
        assert _annotations(stock("Gaza Gaza city")) == _annotations(fast("Gaza Gaza city"))


def test_issue18_fast_ruler_sees_rules_added_after_the_swap():
    (stock, stock_ruler), (fast, ruler) = _two_rulers(
        [{"patterns": [[{"LOWER": "gaza"}]], "attrs": {"POS": "X"}}]
    )
    assert fast("Gaza")[0].pos_ == "X"
    for r in (stock_ruler, ruler):
        r.add_patterns([{"patterns": [[{"LOWER": "gaza"}]], "attrs": {"POS": "PROPN"}}])
    assert fast("Gaza")[0].pos_ == stock("Gaza")[0].pos_ == "PROPN"
    ruler.clear()
    assert fast("Gaza")[0].pos_ == ""


def test_issue18_fast_pipeline_pickles(models):
    """Pickled and loaded back (as a process pool may), it still gives spaCy's attributes."""
    stock, fast = models
    fast("warm the memos up.")
    copy = pickle.loads(pickle.dumps(fast))
    text = TRICKY[0]
    assert _annotations(copy(text)) == _annotations(stock(text))
    assert numpy.array_equal(copy(text).to_array([LEMMA]), stock(text).to_array([LEMMA]))
