"""Issue #13: toponym resolution from the article, and every event given the best place the text
supports with its basis. Each rule has hand-made sentences; the index is a real slice of the
gazetteer (tests/issue13_slices.py) handed to the real place component."""

from __future__ import annotations

import pytest

from dotterel.provenance.places import PlaceResolver
from dotterel.provenance.toponyms import place_mentions, resolve_mentions
from tests.issue13_slices import slice_index
from tests.provenance_frames import add_frame, parse

pytestmark = pytest.mark.model

NAMES = {
    "Alexandria", "Naroda", "Ahmedabad", "Richmond", "Berkeley", "Culiacán", "China", "Paris", "Tehran",
    "Basra", "Rafah", "Kharkiv",
}  # fmt: skip


@pytest.fixture(scope="module")
def resolver() -> PlaceResolver:
    return PlaceResolver(slice_index(NAMES))


def _location(pipeline, resolver, text: str, trigger: str, nth: int = 0):
    doc = parse(pipeline, text)
    frame = add_frame(doc, trigger, nth=nth)
    resolver(doc)
    loc = frame.location
    if loc is not None:
        assert text[loc.start : loc.end] == loc.text and loc.reason and loc.basis
    return loc


def _places(pipeline, resolver, text: str) -> dict[str, tuple]:
    doc = parse(pipeline, text)
    mentions = place_mentions(doc, resolver.index)
    resolve_mentions(doc, mentions)
    return {m.text: (m.place and (m.place.name, m.place.country, m.place.kind), m.reason) for m in mentions}


def test_issue13_the_area_named_after_the_town_decides(pipeline, resolver):
    loc = _location(pipeline, resolver, "Rioters set fire to homes in Naroda, Ahmedabad, on Thursday.", "set")
    assert (loc.name, loc.country, loc.admin2) == ("Naroda", "IND", "Ahmadabad") and "Ahmedabad" in loc.reason
    loc = _location(pipeline, resolver, "Police arrested a man in Alexandria, La., on Friday.", "arrested")
    assert (loc.country, loc.admin1) == ("USA", "Louisiana")


def test_issue13_an_area_named_elsewhere_in_the_article_decides(pipeline, resolver):
    text = "Flooding hit central Louisiana this week. Rescuers evacuated families in Alexandria on Sunday."
    loc = _location(pipeline, resolver, text, "evacuated")
    assert (loc.country, loc.admin1) == ("USA", "Louisiana") and "Louisiana" in loc.reason


def test_issue13_the_articles_country_decides(pipeline, resolver):
    text = "Egypt's interior ministry said police detained protesters in Alexandria."
    assert _location(pipeline, resolver, text, "detained").country == "EGY"


def test_issue13_nearby_places_decide(pipeline, resolver):
    text = "Students rallied in Berkeley on Monday. Later, police arrested protesters in Richmond."
    loc = _location(pipeline, resolver, text, "arrested")
    assert (loc.country, loc.admin1) == ("USA", "California") and "km from 'Berkeley'" in loc.reason


def test_issue13_population_is_only_a_prior(pipeline, resolver):
    loc = _location(pipeline, resolver, "Protesters marched in Alexandria on Friday.", "marched")
    assert loc.country == "EGY" and "ambiguous" in loc.reason  # nothing else decides: the largest
    paris = _places(pipeline, resolver, "Officials met in Paris, Texas, on Monday.")
    assert paris["Paris"][0][1] == "USA"


def test_issue13_a_country_name_is_the_country(pipeline, resolver):
    places = _places(pipeline, resolver, "Ranchers in Texas sold cattle. Factories in China closed.")
    assert places["China"][0] == ("China", "CHN", "country")


def test_issue13_demonyms_are_not_places(pipeline, resolver):
    assert _location(pipeline, resolver, "Syrian troops shelled the positions on Monday.", "shelled") is None


def test_issue13_a_nationality_word_is_evidence_for_the_country(pipeline, resolver):
    loc = _location(pipeline, resolver, "Iraqi police arrested a suspect in Basra.", "arrested")
    assert loc.country == "IRQ" and "in IRQ" in loc.reason


def test_issue13_parts_of_a_country_stay_inside_it_at_region_precision(pipeline, resolver):
    loc = _location(pipeline, resolver, "A storm battered Mexico's east coast on Monday.", "battered")
    assert (loc.country, loc.precision) == ("MEX", "region") and "east coast" in loc.text
    loc = _location(pipeline, resolver, "Turkish jets struck targets in northern Syria.", "struck")
    assert (loc.text, loc.country, loc.precision) == ("northern Syria", "SYR", "region")
    assert "northern" in loc.reason


def test_issue13_basis_trigger_sentence_and_null(pipeline, resolver):
    loc = _location(pipeline, resolver, "Gunmen attacked a police station in Culiacán on Monday.", "attacked")
    assert (loc.name, loc.basis, loc.admin1, loc.precision) == ("Culiacán", "trigger", "Sinaloa", "city")
    assert loc.acled_precision == 1
    loc = _location(
        pipeline, resolver, "After the storm, soldiers in Culiacán distributed food.", "distributed"
    )
    assert (loc.name, loc.basis) == ("Culiacán", "sentence")
    assert _location(pipeline, resolver, "Gunmen attacked a convoy on Monday.", "attacked") is None


def test_issue13_dateline_and_main_place_are_weaker_bases(pipeline, resolver):
    text = "Culiacán, Mexico — Gunmen attacked a convoy on Monday, officials said."
    loc = _location(pipeline, resolver, text, "attacked")
    assert (loc.name, loc.basis) == ("Culiacán", "dateline") and loc.acled_precision == 2
    text = "Violence has surged in Sinaloa. Families in Sinaloa fear the cartels. Gunmen attacked a convoy."
    loc = _location(pipeline, resolver, text, "attacked")
    assert (loc.name, loc.basis, loc.precision) == (
        "Sinaloa",
        "article",
        "region",
    ) and "main place" in loc.reason


def test_issue13_a_place_the_sentence_refused_is_not_brought_back_by_the_article(pipeline, resolver):
    text = "He was later captured and tried in the US for trafficking."
    assert _location(pipeline, resolver, text, "captured") is None


def test_issue13_the_seed_articles_tehran_stays_a_city_point(pipeline, resolver, seed_text):
    doc = parse(pipeline, seed_text)
    meeting = add_frame(doc, "meeting", event_type="CONSULT")
    resolver(doc)
    loc = meeting.location
    assert (loc.name, loc.precision, loc.country, loc.basis) == ("Tehran", "city", "IRN", "trigger")
    assert loc.lat == pytest.approx(35.69, abs=0.05) and loc.lon == pytest.approx(51.42, abs=0.05)
