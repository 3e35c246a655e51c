"""Issue 18 item 5: stages scan a document's tokens from arrays (``dotterel.columns``), not Tokens.

The arrays must say exactly what the ``Token`` attributes they replace say, or a stage would
change its output; these tests compare them token by token on a hand-built parse.
"""

from __future__ import annotations

from spacy.lang.en import English
from spacy.tokens import Doc
from spacy.vocab import Vocab

from dotterel.columns import string_ids, token_columns, token_heads
from dotterel.extract.classifier.features import sentence_features
from dotterel.extract.frame_syntax import top_down

#: the parse of 'The rebels said "we attacked" 5 posts in Syria?'
DEPS = ["det", "nsubj", "ROOT", "punct", "nsubj", "ccomp", "punct", "nummod", "dobj", "prep", "pobj", "punct"]


def _doc() -> Doc:
    words = ["The", "rebels", "said", '"', "we", "attacked", '"', "5", "posts", "in", "Syria", "?"]
    doc = Doc(
        English().vocab,  # English lexeme flags: is_stop, is_alpha, like_num
        words=words,
        spaces=[True, True, True, False, True, False, True, True, True, True, False, False],
        pos=["DET", "NOUN", "VERB", "PUNCT", "PRON", "VERB", "PUNCT", "NUM", "NOUN", "ADP", "PROPN", "PUNCT"],
        tags=["DT", "NNS", "VBD", "``", "PRP", "VBD", "''", "CD", "NNS", "IN", "NNP", "."],
        deps=[
            "det",
            "nsubj",
            "ROOT",
            "punct",
            "nsubj",
            "ccomp",
            "punct",
            "nummod",
            "dobj",
            "prep",
            "pobj",
            "punct",
        ],
        heads=[1, 2, 2, 2, 5, 2, 2, 8, 5, 8, 9, 2],
        lemmas=["the", "rebel", "say", '"', "we", "attack", '"', "5", "post", "in", "Syria", "?"],
        ents=["O", "O", "O", "O", "O", "O", "O", "B-CARDINAL", "O", "O", "B-GPE", "O"],
    )
    return doc


def test_issue18_columns_match_token_attributes() -> None:
    doc = _doc()
    tags, deps, lowers, pos_ids = token_columns(doc, ("TAG", "DEP", "LOWER", "POS"))
    for tok, tag, dep, lower, pos in zip(doc, tags, deps, lowers, pos_ids, strict=True):
        assert tag in string_ids([tok.tag_]) and tag not in string_ids(["NNX"])
        assert dep in string_ids([tok.dep_])
        assert lower in string_ids([tok.lower_])
        assert pos in string_ids([tok.pos_])
    # read once per document: the same lists come back
    assert token_columns(doc, ("TAG", "DEP", "LOWER", "POS"))[0] is tags


def test_issue18_one_column_and_heads() -> None:
    doc = _doc()
    assert token_columns(doc, ("POS",)) == ([t.pos for t in doc],)
    assert token_heads(doc) == [t.head.i for t in doc]


def test_issue18_top_down_order() -> None:
    """Governors before dependents, each level in text order (the frame extractor's walk)."""
    doc = _doc()
    assert top_down(doc[:]) == [2, 1, 3, 5, 6, 11, 0, 4, 8, 7, 9, 10]


def test_issue18_columns_of_an_empty_doc() -> None:
    assert token_columns(Doc(Vocab(), words=[]), ("POS", "LOWER")) == ([], [])


def test_issue18_sentence_features_from_columns() -> None:
    """The features read from the arrays are those the Token attributes give."""
    doc = _doc()
    sent = doc[:]
    expected = set()
    for t in sent:
        if t.pos_ in ("NOUN", "VERB", "ADJ", "ADV") and not t.is_stop and t.is_alpha:
            expected.add(f"w={t.lemma_.lower()}")
        if t.ent_type_ and t.ent_iob_ == "B":
            expected.add(f"ent={t.ent_type_}")
        if t.like_num:
            expected.add("has_num")
    assert sentence_features(sent) == (*sorted(expected), "question", "quote")
    assert {"w=rebel", "w=say", "w=attack", "ent=CARDINAL", "ent=GPE", "has_num"} <= expected
