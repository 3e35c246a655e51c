"""Attribution (issue #12): source spans a reader would underline, speakers across sentences and
paragraphs, quotations signed or opened with a colon, transcripts, and no source for the article's
own assertions."""

from __future__ import annotations

import pytest

from dotterel.provenance.quotes import quotes_in, turns_in
from tests.provenance_frames import add_frame, parse, run


def _attribution(pipeline, text: str, trigger: str, nth: int = 0):
    doc = parse(pipeline, text)
    frame = add_frame(doc, trigger, nth=nth)
    run(pipeline, doc, "dotterel_attribution")
    att = frame.attribution
    if att is not None:
        assert text[att.start : att.end] == att.text
    return att


def test_a_quotation_goes_on_over_paragraphs_that_reopen_it():
    text = '"We will fight on.\n\n"They attacked us first," he said.\nNothing quoted here.'
    [quote] = quotes_in(text)
    assert text[quote.start : quote.end].startswith("We will fight on.")
    assert text[quote.start : quote.end].endswith("They attacked us first,")
    assert "Nothing" not in text[quote.start : quote.end]


def test_a_quotation_goes_on_when_the_next_paragraph_only_balances_with_it():
    text = '"They are trying to silence us\n\nby cutting the power," a protester said.'
    [quote] = quotes_in(text)
    assert text[quote.start : quote.end].endswith("cutting the power,")


def test_a_stray_mark_ends_with_its_paragraph():
    text = 'He said "the army attacked.\n\nPolice arrested ten people on Monday.'
    [quote] = quotes_in(text)
    assert "Police" not in text[quote.start : quote.end]


def test_transcript_turns_need_two_labels_and_skip_headers():
    text = "WALLACE: Will she be there?\n\nPENCE: She will not attend.\n\nUPDATE: corrected."
    turns = turns_in(text)
    assert [text[t.speaker[0] : t.speaker[1]] for t in turns] == ["WALLACE", "PENCE"]
    assert turns_in("UPDATE: The story was corrected.") == []


@pytest.mark.model
def test_pronoun_source_keeps_its_own_span_and_resolves_to_the_speaker(pipeline):
    text = (
        "Defence Minister Ali Khan said on Monday that talks had failed. "
        "He added that rebels shelled the town."
    )
    att = _attribution(pipeline, text, "shelled")
    assert att.text == "He" and att.inherited is True and att.named is True
    assert att.source.text == "Defence Minister Ali Khan" and "'He' refers back" in att.reason


@pytest.mark.model
def test_full_source_phrase_is_the_span(pipeline):
    text = "Three officials requesting anonymity said militias attacked the convoy."
    att = _attribution(pipeline, text, "attacked")
    assert att.text == "Three officials requesting anonymity" and att.count == 3 and att.named is False
    text = "A spokesman for the ministry said troops raided the village."
    att = _attribution(pipeline, text, "raided")
    assert att.text == "A spokesman for the ministry" and att.named is True


@pytest.mark.model
def test_quotation_over_two_paragraphs_takes_the_speaker_after_it(pipeline):
    text = (
        '"The soldiers came at night.\n\n"They burned the market and shot two men," '
        "said Amina Yusuf, a resident.\n\nThe army has not commented."
    )
    att = _attribution(pipeline, text, "burned")
    assert att.source.text.startswith("Amina Yusuf") and att.quoted is True
    att = _attribution(pipeline, text, "came")  # one quotation over two paragraphs: one speaker
    assert att is not None and att.source.text.startswith("Amina Yusuf") and att.quoted is True


@pytest.mark.model
def test_a_quotation_after_an_attributed_one_carries_its_speaker_over(pipeline):
    text = '"I was a victim," Morales said. "Armed men burned our houses."'
    att = _attribution(pipeline, text, "burned")
    assert att.source.text == "Morales" and att.inherited is True
    assert "goes on from the words of 'Morales'" in att.reason


@pytest.mark.model
def test_quotation_opened_after_a_colon_takes_the_speaker_before_it(pipeline):
    text = 'The governor said:\n\n"Gunmen attacked the police station and fled."'
    att = _attribution(pipeline, text, "attacked")
    assert att.text == "The governor" and att.named is True


@pytest.mark.model
def test_signed_quotation(pipeline):
    text = "“The police beat us with sticks.” ― Maria Lopez\n“We want peace.” ― Juan Perez"
    att = _attribution(pipeline, text, "beat")
    assert att.text == "Maria Lopez" and att.cue == "―" and att.named is True


@pytest.mark.model
def test_first_person_inside_a_quotation_is_the_quoted_speaker(pipeline):
    text = '"I think the rebels attacked the convoy," the governor said.'
    att = _attribution(pipeline, text, "attacked")
    assert att.text == "the governor"


@pytest.mark.model
def test_transcript_speaker(pipeline):
    text = "WALLACE: What happened there?\n\nPENCE: The militia attacked the town on Sunday."
    att = _attribution(pipeline, text, "attacked")
    assert att.text == "PENCE" and att.cue == "transcript"


@pytest.mark.model
def test_article_own_assertion_after_a_quotation_carries_none(pipeline):
    text = '"We were attacked," the mayor said.\n\nSoldiers arrested five men in the town on Friday.'
    assert _attribution(pipeline, text, "arrested") is None


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "source"),
    [
        ("The army shelled the town, according to a spokesman for the ministry.", "shelled", "a spokesman"),
        ("A senior official told Reuters that the army shelled the town.", "shelled", "A senior official"),
        ("In a statement, the ministry said troops raided the camp.", "raided", "the ministry"),
        ("Reports said rebels ambushed a convoy near the border.", "ambushed", "Reports"),
        ("The opposition continues to insist that police beat the protesters.", "beat", "The opposition"),
    ],
)
def test_reporting_cues(pipeline, text, trigger, source):
    att = _attribution(pipeline, text, trigger)
    assert att is not None and att.text.startswith(source)


@pytest.mark.model
def test_a_clause_of_time_with_a_speech_verb_is_no_report(pipeline):
    text = "While a curfew was announced at midnight, soldiers raided the district."
    assert _attribution(pipeline, text, "raided") is None


@pytest.mark.model
def test_the_passive_subject_of_a_speech_verb_is_what_is_said_not_who_says_it(pipeline):
    text = "Hezbollah was reported to have attacked the post."
    att = _attribution(pipeline, text, "attacked")
    assert att is not None and att.source is None and att.named is False
