"""Issue #16: KB names are found with spaCy's PhraseMatcher, with the rules the hand-written scan had.

Every sentence here is made up for the test. ``_reference_scan`` is the scan ``find_names`` ran
before the port (word by word, stopping as soon as no alias can follow); the property test checks
that the matcher finds exactly what it found on random token runs and every sub-range of them.
"""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.tokens import Doc

from dotterel.actors.kb import KnowledgeBase, norm
from dotterel.actors.matching import NameMatch, find_names
from dotterel.actors.name_matcher import key_units

ENTITIES = [
    {"id": "country:USA", "name": "United States", "type": "country", "country": "USA",
     "aliases": ["US", "U.S.", "United States of America"], "demonyms": ["American", "Americans"]},
    {"id": "country:IRN", "name": "Iran", "type": "country", "country": "IRN", "demonyms": ["Iranian"]},
    {"id": "t:un", "name": "United Nations", "type": "igo", "country": "IGO", "aliases": ["UN"]},
    {"id": "t:unsc", "name": "United Nations Security Council", "type": "igo", "country": "IGO"},
    {"id": "t:pla", "name": "People's Liberation Army", "type": "organisation", "country": "CHN",
     "sector": "MIL"},
    {"id": "t:aq", "name": "al-Qaeda", "type": "armed_group", "sector": "REB", "aliases": ["al Qaida"]},
    {"id": "t:police", "name": "Federal Police", "type": "organisation", "country": "IRQ",
     "sector": "COP", "any_case": True},
    {"id": "t:redarmy", "name": "Red Army", "type": "organisation", "sector": "MIL"},
    {"id": "t:faction", "name": "Army Faction Group", "type": "armed_group", "sector": "REB"},
]  # fmt: skip

_LOWER_PRONOUNS = frozenset({"us", "it", "we", "he", "she", "they", "i", "me", "him", "her", "them"})


def _kb(entities: list[dict] = ENTITIES) -> KnowledgeBase:
    kb = KnowledgeBase()
    for n, rec in enumerate(entities, 1):
        kb.add_record(dict(rec), source=f"test:{n}")
    return kb


def _reference_prefixes(kb: KnowledgeBase) -> set[str]:
    """The alias prefix set the KB used to build for the scan."""
    out: set[str] = set()
    for key in [*kb.aliases, *kb.demonyms]:
        words = key.split(" ")
        for n in range(1, len(words) + 1):
            out.add(" ".join(words[:n]))
            if "'" in words[n - 1]:
                out.add(" ".join([*words[: n - 1], words[n - 1].split("'")[0]]).strip())
    return out


def _reference_scan(kb: KnowledgeBase, tokens, prefixes: set[str]) -> list[NameMatch]:
    """``find_names`` before issue #16's port (``actors/matching.py`` at 8d94a83), verbatim."""
    out: list[NameMatch] = []
    n = len(tokens)
    if n == 0:
        return out
    first_i = tokens[0].i
    texts = [t.text for t in tokens]
    keys = [norm(t) for t in texts]
    punct = [t.is_punct or t.is_space for t in tokens]
    upper = [t[:1].isupper() for t in texts]
    limit = kb.max_alias_words + 4
    i = 0
    while i < n:
        if punct[i] or (keys[i] in _LOWER_PRONOUNS and texts[i].islower()):
            i += 1
            continue
        best: NameMatch | None = None
        parts: list[str] = []
        capital = False
        for j in range(i, min(n, i + limit)):
            capital = capital or upper[j]
            if keys[j].startswith("'") and parts:
                parts[-1] += keys[j]
            elif keys[j]:
                parts.append(keys[j])
            key = " ".join(parts)
            if key.startswith("the "):
                key = key[4:]
            elif key == "the":
                continue
            if not key:
                continue
            if key not in prefixes:
                break
            if punct[j]:
                continue
            ents = kb.lookup(key)
            if ents and not capital:
                ents = [e for e in ents if e.any_case]
            dem = kb.demonyms.get(key) if capital else None
            if ents or dem:
                best = NameMatch(first_i + i, first_i + j + 1, " ".join(texts[i : j + 1]), ents, dem)
        if best is not None:
            out.append(best)
            i += best.end - best.start
        else:
            i += 1
    return out


def _plain(matches: list[NameMatch]) -> list[tuple]:
    return [(m.start, m.end, m.text, [e.id for e in m.entities], m.demonym) for m in matches]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def kb():
    return _kb()


def names(kb, nlp, text: str) -> list[tuple[str, list[str], str | None]]:
    return [(m.text, [e.id for e in m.entities], m.demonym) for m in find_names(kb, nlp.make_doc(text))]


def test_issue16_an_alias_needs_a_capital_unless_any_case(kb, nlp):
    assert names(kb, nlp, "Officials of the united nations met.") == []
    assert names(kb, nlp, "Officials of the United nations met.") == [("the United nations", ["t:un"], None)]
    # an any_case entry matches in lower case
    assert names(kb, nlp, "the federal police said") == [("the federal police", ["t:police"], None)]


def test_issue16_nationality_words_only_when_capitalised(kb, nlp):
    assert names(kb, nlp, "an Iranian drone") == [("Iranian", [], "IRN")]
    assert names(kb, nlp, "an iranian drone") == []


def test_issue16_lower_case_pronoun_us_is_not_the_country(kb, nlp):
    assert names(kb, nlp, "They told us that US troops left.") == [("US", ["country:USA"], None)]
    assert names(kb, nlp, "he called it off") == []


def test_issue16_a_leading_the_is_skipped_and_kept_in_the_match(kb, nlp):
    doc = nlp.make_doc("Envoys of the United Nations arrived.")
    (m,) = find_names(kb, doc)
    assert (doc[m.start].text, m.text, m.entities[0].id) == ("the", "the United Nations", "t:un")
    # "The" at the start of a sentence is a capital: the window's case rule sees it
    assert names(kb, nlp, "The federal police") == [("The federal police", ["t:police"], None)]


def test_issue16_possessive_joins_the_word_before_it(kb, nlp):
    assert names(kb, nlp, "the People's Liberation Army drilled") == [
        ("the People 's Liberation Army", ["t:pla"], None)
    ]
    # the name before a possessive is still found ("Iran 's" is "Iran" + "'s")
    assert names(kb, nlp, "Iran's navy") == [("Iran", ["country:IRN"], None)]


def test_issue16_punctuation_inside_a_name_but_never_at_its_end(kb, nlp):
    assert names(kb, nlp, "al-Qaeda fighters") == [("al - Qaeda", ["t:aq"], None)]
    assert names(kb, nlp, "the U.S. said") == [("the U.S.", ["country:USA"], None)]
    assert names(kb, nlp, "US. Then") == [("US", ["country:USA"], None)]


def test_issue16_longest_name_wins(kb, nlp):
    assert names(kb, nlp, "the United Nations Security Council voted") == [
        ("the United Nations Security Council", ["t:unsc"], None)
    ]
    assert names(kb, nlp, "the United States of America") == [
        ("the United States of America", ["country:USA"], None)
    ]


def test_issue16_leftmost_name_wins_and_names_never_overlap(kb, nlp):
    # "Red Army" and "Army Faction Group" overlap: the one that starts first is kept (filter_spans
    # would keep the longer one, which the reader of "Red" has never seen)
    assert names(kb, nlp, "the Red Army Faction Group") == [("the Red Army", ["t:redarmy"], None)]
    assert names(kb, nlp, "an Army Faction Group attack") == [("Army Faction Group", ["t:faction"], None)]


def test_issue16_a_phrase_sees_only_the_names_inside_it(kb, nlp):
    doc = nlp.make_doc("the United Nations Security Council and US envoys")
    assert find_names(kb, doc[2:5]) == []  # "Nations Security Council" without "United"
    assert [m.text for m in find_names(kb, doc[1:3])] == ["United Nations"]
    assert [m.text for m in find_names(kb, list(doc)[5:8])] == ["US"]


def test_issue16_a_gapped_token_list_is_read_as_given(kb, nlp):
    doc = nlp.make_doc("United Kingdom and Nations envoys")
    tokens = [doc[0], doc[3]]  # a dependency subtree with a gap
    prefixes = _reference_prefixes(kb)
    assert _plain(find_names(kb, tokens)) == _plain(_reference_scan(kb, tokens, prefixes))
    assert [m.text for m in find_names(kb, tokens)] == ["United Nations"]


def test_issue16_the_matcher_sees_names_added_after_first_use(nlp):
    kb = _kb()
    assert names(kb, nlp, "Hezbollah said") == []
    kb.add_record({"id": "t:hzb", "name": "Hezbollah", "type": "armed_group"}, source="test")
    assert names(kb, nlp, "Hezbollah said") == [("Hezbollah", ["t:hzb"], None)]


def test_issue16_key_units_cut_before_apostrophes():
    assert key_units("people's liberation army") == ("people", "'s", "liberation", "army")
    assert key_units("o'neill's pub") == ("o", "'neill", "'s", "pub")
    assert key_units("") == ()


def test_issue16_a_word_with_two_apostrophes_is_found_when_the_tokenizer_splits_it(nlp):
    """The one difference from the scan: it stopped at "O'Neill" (not a prefix it had stored) before
    reaching "O'Neill 's Pub"; the matcher compares the whole window."""
    kb = _kb([{"id": "t:pub", "name": "O'Neill's Pub", "type": "company"}])
    doc = nlp.make_doc("at O'Neill's Pub")
    assert [m.text for m in find_names(kb, doc)] == ["O'Neill 's Pub"]
    assert _reference_scan(kb, list(doc), _reference_prefixes(kb)) == []


WORDS = [
    "the", "The", "united", "United", "nations", "Nations", "states", "States", "of", "America",
    "US", "us", "U.S.", "Security", "Council", "People", "'s", "People's", "Liberation", "Army",
    "al", "-", "Qaeda", "Qaida", "federal", "Federal", "police", "Police", "Iran", "Iranian",
    "iranian", "Americans", ",", ".", "Red", "Faction", "Group", "it", "It", "and", "said",
]  # fmt: skip


def test_issue16_matcher_equals_the_old_scan_on_random_token_runs(kb):
    vocab = spacy.blank("en").vocab
    prefixes = _reference_prefixes(kb)
    rng = random.Random(16)
    for _ in range(400):
        doc = Doc(vocab, words=[rng.choice(WORDS) for _ in range(rng.randint(1, 14))])
        tokens = list(doc)
        for lo in range(len(doc)):
            for hi in range(lo + 1, len(doc) + 1):
                got = _plain(find_names(kb, doc[lo:hi]))
                want = _plain(_reference_scan(kb, tokens[lo:hi], prefixes))
                assert got == want, (doc.text, lo, hi)


def test_issue16_patterns_as_id_tuples_match_like_pattern_docs(kb):
    """The matcher is given each pattern as the tuple of its pieces' ids (seven times faster to
    build than one Doc per alias); a matcher given Docs must find the same."""
    from spacy.matcher import PhraseMatcher

    from dotterel.actors.name_matcher import matcher_for

    fast = matcher_for(kb)
    slow = PhraseMatcher(fast.vocab)
    names = sorted({*kb.aliases, *kb.demonyms})
    slow.add("NAME", [Doc(fast.vocab, words=list(key_units(n))) for n in names])
    rng = random.Random(17)
    pieces = sorted(fast.pieces)
    for _ in range(200):
        doc = Doc(fast.vocab, words=[rng.choice(pieces) for _ in range(rng.randint(1, 10))])
        assert sorted(fast.matcher(doc)) == sorted(slow(doc))
