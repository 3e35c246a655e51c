"""Attribution (issue #5): who reports each event, with the span it came from."""

from __future__ import annotations

import pytest

from tests.provenance_frames import add_frame, parse, run

pytestmark = pytest.mark.model


def _attribution(pipeline, text: str, trigger: str, nth: int = 0):
    doc = parse(pipeline, text)
    frame = add_frame(doc, trigger, nth=nth)
    run(pipeline, doc, "dotterel_attribution")
    att = frame.attribution
    if att is not None:  # every span it claims is exact
        assert text[att.start : att.end] == att.text
        if att.source is not None:
            assert text[att.source.start : att.source.end] == att.source.text
    return att


def test_named_speaker_of_reported_speech(pipeline):
    att = _attribution(
        pipeline, "Police chief Juan Perez said gunmen attacked the station overnight.", "attacked"
    )
    assert att.named is True and att.cue == "said" and att.count is None
    assert "Juan Perez" in att.source.text
    assert att.quoted is False and att.inherited is False


def test_outlet_as_subject(pipeline):
    att = _attribution(
        pipeline, "Reuters reported that rebels ambushed an army convoy near the border.", "ambushed"
    )
    assert att.outlet == "Reuters" and att.named is True and att.text == "Reuters"


def test_outlet_as_addressee_keeps_anonymous_source(pipeline):
    att = _attribution(pipeline, "A senior official told Reuters that the army shelled the town.", "shelled")
    assert att.outlet == "Reuters"
    assert att.named is False and att.count == 1 and att.source.text == "A senior official"


def test_according_to_counts_anonymous_sources(pipeline):
    att = _attribution(pipeline, "Troops raided the village at dawn, according to two witnesses.", "raided")
    assert (att.cue, att.count, att.named) == ("according to", 2, False)
    assert att.text == "two witnesses"


def test_as_disclosed_by_beats_the_vaguer_reporting_verb(pipeline):
    """issue #5: "sources reveal that ..., as disclosed by three officials" → the three officials."""
    text = "Sources reveal that the army will storm the camp, as disclosed by four military officials."
    att = _attribution(pipeline, text, "storm")
    assert att.count == 4 and att.named is False
    assert att.text.startswith("four military officials")


def test_hedge_without_source(pipeline):
    att = _attribution(pipeline, "Gunmen reportedly kidnapped the mayor of the town.", "kidnapped")
    assert att.cue == "reportedly" and att.source is None and att.named is False


def test_article_own_assertion_has_no_attribution(pipeline):
    assert _attribution(pipeline, "Troops raided the village on Monday.", "raided") is None


def test_event_outside_the_reported_clause_is_not_attributed(pipeline):
    text = "The army attacked the town after the minister said talks had failed."
    assert _attribution(pipeline, text, "attacked") is None


def test_direct_quote_is_marked_quoted(pipeline):
    att = _attribution(
        pipeline, "“Our forces attacked the camp at night,” the defence minister said.", "attacked"
    )
    assert att.quoted is True and att.named is True


def test_pronoun_inherits_the_named_speaker_and_says_so(pipeline):
    text = "Mohanad Hage Ali said the strike was planned for weeks. He said militias attacked the base."
    att = _attribution(pipeline, text, "attacked")
    assert att.inherited is True and att.named is True
    assert att.source.text == "Mohanad Hage Ali" and "He" in att.reason


def test_definite_repeat_inherits_the_count(pipeline):
    text = "Six officials said Iran armed the group. The officials said Hezbollah attacked the border post."
    att = _attribution(pipeline, text, "attacked")
    assert att.inherited is True and att.count == 6 and att.named is False


def test_no_silent_inheritance_without_a_cue(pipeline):
    text = "Six officials said Iran armed the group. Hezbollah attacked the border post."
    assert _attribution(pipeline, text, "attacked") is None


def test_seed_article_anonymous_officials(pipeline, seed_text):
    """issue #5: the events under "as disclosed by three ... officials" and "according to six officials"."""
    doc = parse(pipeline, seed_text)
    refrain = add_frame(doc, "refrain", event_type="REJECT")
    launch = add_frame(doc, "launch")
    attacks = add_frame(doc, "attacks", nth=2)
    run(pipeline, doc, "dotterel_attribution")
    assert (refrain.attribution.count, refrain.attribution.named) == (3, False)
    assert refrain.attribution.text.startswith("three Iranian and Hamas officials")
    for frame in (launch, attacks):
        assert (frame.attribution.count, frame.attribution.named, frame.attribution.cue) == (
            6,
            False,
            "according to",
        )


def test_seed_pipeline_events_carry_the_anonymous_counts(seed_events, seed_text):
    """Through the whole pipeline: events in the two anonymously sourced sentences carry 3 and 6."""
    counts = set()
    for event in seed_events:
        sentence = event.evidence.sentence
        if "as disclosed by three" in sentence or "according to six officials" in sentence:
            assert event.attribution is not None and event.attribution.named is False
            counts.add(event.attribution.count)
    assert counts == {3, 6}


def test_document_of_a_named_institution_is_named(pipeline):
    text = "According to figures from the Venezuelan government, troops destroyed 36 airstrips."
    att = _attribution(pipeline, text, "destroyed")
    assert att.named is True and att.cue == "according to"


def test_institutions_and_definite_roles_are_named(pipeline):
    assert (
        _attribution(pipeline, "Police have said that armed men attacked the bus.", "attacked").named is True
    )
    text = "The defence minister said that rebels attacked the base."
    assert _attribution(pipeline, text, "attacked").named is True


def test_negated_reporting_verb_attributes_nothing(pipeline):
    text = "Authorities could not confirm that the air force bombed the camp."
    assert _attribution(pipeline, text, "bombed") is None


def test_first_person_in_a_quote_gives_way_to_the_named_speaker(pipeline):
    text = "“We can confirm that gang leaders ordered the attacks,” police chief Carlos Leba said."
    att = _attribution(pipeline, text, "ordered")
    assert att.named is True and "Leba" in att.text


def test_participle_shares_the_speakers_subject(pipeline):
    text = "General Mejia said the talks failed, adding that the rebels attacked the base."
    att = _attribution(pipeline, text, "attacked")
    assert att.source is not None and "Mejia" in att.source.text


def test_multi_sentence_quote_inherits_its_speaker(pipeline):
    text = (
        "“I was a victim of the agency,” Morales said. “Armed Americans commanded the police. "
        "They repressed us.”"
    )
    att = _attribution(pipeline, text, "repressed")
    assert att.inherited is True and att.quoted is True and att.source.text == "Morales"
    assert "quotation" in att.reason


def test_csv_doubled_quotes_count_as_one(pipeline):
    text = 'The mayor spoke. ""Gunmen attacked the bus,"" the mayor of Tibu said.'
    assert _attribution(pipeline, text, "attacked").quoted is True


def test_passive_participle_does_not_make_the_victim_a_source(pipeline):
    text = "Army corporal Jose Ramos was murdered in the province, believed to have been shot by gunmen."
    att = _attribution(pipeline, text, "shot")
    assert att is not None and att.cue == "believed" and att.source is None and att.named is False


def test_unbalanced_leading_quote_is_not_a_quotation(pipeline):
    """A CSV export's stray opening mark must not put the whole article inside a quotation."""
    text = '"Leader Arrested. The leader was arrested on Monday, La Nacion reported. Police raided his house.'
    assert _attribution(pipeline, text, "raided") is None
    assert _attribution(pipeline, text, "arrested").quoted is False


def test_quotation_opened_and_closed_before_is_not_open(pipeline):
    text = (
        '"We see no commitment. The new agents are lazy. They only want money," Gonzalez was quoted as '
        "saying. Corruption is common. Venezuela disbanded a police force in 2011. "
        "Since then, security forces have been accused of extortion."
    )
    assert _attribution(pipeline, text, "accused") is None


def test_quoted_as_saying_names_the_quoted(pipeline):
    text = "Gonzalez was quoted as saying that the gangs had attacked the prison."
    att = _attribution(pipeline, text, "attacked")
    assert att.source is not None and att.source.text == "Gonzalez" and att.named is True


def test_claiming_responsibility_is_not_reporting(pipeline):
    text = "The Islamic State claimed responsibility for the attack on the checkpoint."
    assert _attribution(pipeline, text, "attack") is None


def test_spokesperson_of_a_named_body_is_named(pipeline):
    text = "A spokesman for the Colombian army said that rebels had ambushed a patrol."
    att = _attribution(pipeline, text, "ambushed")
    assert att.named is True
    text = "An official at the ministry said that rebels had ambushed a patrol."
    assert _attribution(pipeline, text, "ambushed").named is False


def test_partitive_source_is_counted(pipeline):
    text = "One of the investigators told La Prensa Grafica that the gangs had attacked a patrol."
    att = _attribution(pipeline, text, "attacked")
    assert (att.count, att.named, att.outlet) == (1, False, "La Prensa Gráfica")


def test_alleging_attributes_its_complement(pipeline):
    att = _attribution(pipeline, "Residents alleged that soldiers had burned the village.", "burned")
    assert att.cue == "alleged" and att.named is False and att.source.text == "Residents"


def test_tally_by_an_outlet(pipeline):
    att = _attribution(pipeline, "Rebels shelled the city, according to a tally by AFP.", "shelled")
    assert att.outlet == "Agence France-Presse" and att.named is True


def test_finding_attributes_a_that_clause_only(pipeline):
    att = _attribution(
        pipeline, "A UN investigation found that soldiers had executed 12 prisoners.", "executed"
    )
    assert att is not None and att.cue == "found" and att.named is True
    text = "Police found the bodies of five men who had been shot in the head."
    assert _attribution(pipeline, text, "shot") is None
