"""Actor resolution rules (issue #4), one sentence per rule, parsed by the real spaCy model.

The sentences are our own; each test resolves a span through the same entry point the
``dotterel_actors`` component uses (``ActorResolver.resolve`` after the article pre-scan).
"""

from __future__ import annotations

from datetime import date

import pytest

from dotterel.actors.coref import ArticleMemory
from dotterel.actors.kb import load_kb
from dotterel.actors.resolver import ActorResolver
from dotterel.actors.result import Resolution

pytestmark = pytest.mark.model

PUBLISHED = date(2023, 11, 15)


@pytest.fixture(scope="module")
def nlp():
    from dotterel.nlp import load_spacy

    return load_spacy()


@pytest.fixture(scope="module")
def resolve(nlp):
    resolver = ActorResolver(load_kb())

    def run(text: str, phrase: str, *, when: date | None = PUBLISHED, nth: int = 0, quad: int | None = None):
        doc = nlp(text)
        start = -1
        for _ in range(nth + 1):
            start = text.index(phrase, start + 1)
        memory = ArticleMemory()
        resolver.prescan(doc, when, memory)
        return resolver.resolve(doc, start, start + len(phrase), None, when, memory, target_quad=quad)

    return run


def _cs(res: Resolution) -> tuple[str | None, str | None]:
    return res.country, res.sector


def test_kb_name(resolve):
    res = resolve("Hezbollah fired rockets at northern Israel on Sunday.", "Hezbollah")
    assert _cs(res) == ("LBN", "REB")
    assert res.kb_id == "group:hezbollah" and res.reason.startswith("KB")


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Iranian officials denied the report on Monday.", "Iranian officials", ("IRN", "GOV")),
        ("US forces struck a weapons depot near the border.", "US forces", ("USA", "MIL")),
        ("Egyptian police arrested dozens of people in Cairo.", "Egyptian police", ("EGY", "COP")),
        ("Thousands of protesters in Georgia marched.", "Thousands of protesters in Georgia", ("GEO", "CVL")),
        ("Colombian troops killed three guerrillas.", "Colombian troops", ("COL", "MIL")),
    ],
)  # fmt: skip
def test_country_word_and_role_noun(resolve, text, phrase, expected):
    res = resolve(text, phrase)
    assert _cs(res) == expected
    assert "role noun" in res.reason


def test_possessive_and_apposition(resolve):
    text = "Iran's Supreme Leader, Ayatollah Ali Khamenei, received the delegation."
    res = resolve(text, "Iran's Supreme Leader, Ayatollah Ali Khamenei")
    assert _cs(res) == ("IRN", "GOV")
    assert res.name == "Ali Khamenei"


def test_affiliation_in_the_text_outranks_the_kb_role(resolve):
    # Haniyeh's KB roles include PA prime minister (GOV, 2006-2014); the text says Hamas leader.
    res = resolve(
        "Hamas leader Ismail Haniyeh met Qatari mediators.",
        "Hamas leader Ismail Haniyeh",
        when=date(2012, 5, 1),
    )
    assert _cs(res) == ("PSE", "REB")
    assert "affiliation" in res.reason


def test_sponsor_compound_is_a_patron_not_the_actor(resolve):
    res = resolve("Iran-backed militias attacked a base in eastern Syria.", "Iran-backed militias")
    assert res.patron == "IRN"
    assert res.country != "IRN"
    assert res.sector == "REB"


def test_capital_that_acts_is_its_government(resolve):
    res = resolve("Tehran warned Washington against any escalation.", "Tehran")
    assert _cs(res) == ("IRN", "GOV") and "metonymy" in res.reason
    res = resolve("Tehran warned Washington against any escalation.", "Washington")
    assert _cs(res) == ("USA", "GOV")


def test_seat_of_government_acts(resolve):
    assert _cs(resolve("The Kremlin rejected the proposal.", "The Kremlin")) == ("RUS", "GOV")
    assert _cs(resolve("The Pentagon sent two more destroyers.", "The Pentagon")) == ("USA", "MIL")


def test_capital_where_something_happens_is_a_place(resolve):
    res = resolve("The two delegations held talks in Tehran on Tuesday.", "Tehran")
    assert res.country == "IRN" and res.sector is None
    assert "place" in res.reason


def test_place_hit_by_a_material_act_stands_for_its_people(resolve):
    res = resolve("Rebels shelled Kabul overnight.", "Kabul", quad=4)
    assert _cs(res) == ("AFG", "CVL")
    res = resolve("The army imposed a curfew in Kandahar.", "Kandahar", quad=4)
    assert _cs(res) == ("AFG", "CVL")
    res = resolve("Officials demanded an apology from Kabul.", "Kabul", quad=3)  # words address a government
    assert _cs(res) == ("AFG", "GOV")


def test_definite_description_finds_the_earlier_group(resolve):
    text = (
        "Hamas fighters crossed the fence at dawn. Officials later accused the militant group of war crimes."
    )
    res = resolve(text, "the militant group")
    assert res.kb_id == "group:hamas" and "coreference" in res.reason


def test_alliance_description(resolve):
    text = "NATO held a summit in Vilnius. The alliance later agreed to new defence plans."
    res = resolve(text, "The alliance")
    assert res.kb_id == "igo:nato"


@pytest.mark.parametrize(
    ("text", "phrase", "kb_id"),
    [
        ("Iran said it would not intervene in the war.", "it", "country:IRN"),
        (
            "Vladimir Putin arrived in Minsk on Monday. He met the Belarusian president.",
            "He",
            "person:vladimir-putin",
        ),
    ],
)
def test_pronoun_finds_the_compatible_actor(resolve, text, phrase, kb_id):
    res = resolve(text, phrase)
    assert res.kb_id == kb_id and "pronoun" in res.reason


def test_short_name_finds_the_full_name_seen_earlier(resolve):
    text = "Ayatollah Ali Khamenei addressed the crowd. Later, Ayatollah Khamenei praised the army."
    res = resolve(text, "Ayatollah Khamenei")
    assert res.name == "Ali Khamenei" and _cs(res) == ("IRN", "GOV")
    text = "Tomas Varga, an adviser, spoke first. Varga then left the meeting."
    assert resolve(text, "Varga", nth=1).name == "Tomas Varga"


def test_dated_role_judged_against_the_publication_date(resolve):
    text = "Joe Biden visited Kyiv."
    assert _cs(resolve(text, "Joe Biden", when=date(2023, 2, 20))) == ("USA", "GOV")
    res = resolve(text, "Joe Biden", when=date(2026, 1, 10))
    assert _cs(res) == ("USA", "ELI") and "former" in res.reason


def test_title_in_the_text_outranks_the_kb(resolve):
    res = resolve("Former president Joe Biden criticised the plan.", "Former president Joe Biden")
    assert res.sector == "ELI"


def test_ethnic_group_takes_the_country_it_lives_in(resolve):
    res = resolve("Ethnic Albanians in Serbia protested against the curfew.", "Ethnic Albanians in Serbia")
    assert _cs(res) == ("SRB", "CVL")


def test_domestic_role_takes_the_country_of_its_sentence(resolve):
    res = resolve("Opposition groups in Zimbabwe said the judge had been bribed.", "the judge")
    assert _cs(res) == ("ZWE", "JUD") and "context" in res.reason


def test_unresolvable_mention_keeps_raw_text_and_says_so(resolve):
    res = resolve("The committee postponed its meeting.", "The committee")
    assert res.country is None and res.kb_id is None
    assert res.name is None  # a description that names no one is no entity (issue #11)
    assert res.reason.startswith("unresolved")


def test_rank_takes_the_institution_before_it(resolve):
    res = resolve("Two Mexican police commanders were arrested on Friday.", "Two Mexican police commanders")
    assert _cs(res) == ("MEX", "COP")
    assert _cs(resolve("A senior army officer resigned.", "A senior army officer")) == (None, "MIL")


def test_based_in_a_city_is_not_the_city(resolve):
    res = resolve(
        "The Bogota-based Asociacion Minga denounced the killings.", "The Bogota-based Asociacion Minga"
    )
    assert res.country == "COL"
    assert res.sector != "GOV" and "metonymy" not in (res.reason or "")


def test_titles_before_a_name_are_read_left_to_right(resolve):
    text = "Iraqi Prime Minister Mohammed Shia al-Sudani met the envoy."
    assert _cs(resolve(text, "Iraqi Prime Minister Mohammed Shia al-Sudani")) == ("IRQ", "GOV")


def test_seat_that_stands_for_a_body_elsewhere(resolve):
    assert _cs(resolve("Brussels imposed new sanctions on Iran.", "Brussels")) == ("EUR", "GOV")
    res = resolve("Ministers met in Brussels on Monday.", "Brussels")
    assert res.country == "BEL" and res.sector is None


def test_possessive_inside_a_name(resolve):
    text = "Officials urged the Democratic People's Republic of Korea to return to talks."
    assert resolve(text, "the Democratic People's Republic of Korea").country == "PRK"


def test_they_finds_the_plural_group_named_before(resolve):
    text = "Colombian rebels ambushed an army patrol on Monday. They killed four soldiers."
    res = resolve(text, "They")
    assert _cs(res) == ("COL", "REB") and res.name == "rebels (Colombia)"


def test_affiliation_in_an_apposition(resolve):
    text = "Yahya Sinwar, the leader of Hamas in Gaza, rejected the offer."
    res = resolve(text, "Yahya Sinwar, the leader of Hamas in Gaza", when=date(2015, 1, 1))
    assert _cs(res) == ("PSE", "REB") and res.name == "Yahya Sinwar"
    text = "Ali Mansour, a commander of Hezbollah, was killed."
    assert _cs(resolve(text, "Ali Mansour, a commander of Hezbollah")) == ("LBN", "REB")


def test_person_named_institution_is_the_institution(resolve):
    res = resolve(
        "The Biden administration announced new sanctions.", "The Biden administration", when=date(2026, 1, 1)
    )
    assert _cs(res) == ("USA", "GOV")  # not Biden himself, who is ELI by then


def test_possessor_of_an_ally_is_its_patron(resolve):
    text = "Israel's militia ally in southern Lebanon shelled a village."
    res = resolve(text, "Israel's militia ally in southern Lebanon")
    assert res.country == "LBN" and res.patron == "ISR" and res.sector == "REB"


def test_shared_nationality_word_goes_to_the_country_news_means():
    from dotterel.actors.kb import load_kb

    assert load_kb().demonym("Congolese") == "COD"


def test_description_only_points_back_to_a_compatible_sector(resolve):
    text = "The BBC reported the killings. Police said the criminal groups fought over the port."
    res = resolve(text, "the criminal groups")
    assert res.kb_id is None and res.sector == "CRM"  # not the BBC


def test_span_cut_from_a_longer_phrase(resolve):
    # the extractor may mark "Israeli police" inside "Israeli police custody"
    text = "The prisoner died in Israeli police custody last week."
    assert _cs(resolve(text, "Israeli police")) == ("ISR", "COP")
    text = "US and British forces must protect civilians."
    assert resolve(text, "British forces").country == "GBR"


def test_office_takes_the_role_of_its_possessor(resolve):
    text = "Guatemala's attorney general's office charged three officials."
    res = resolve(text, "Guatemala's attorney general's office")
    assert _cs(res) == ("GTM", "JUD")


def test_it_finds_an_institution_named_by_a_role_noun(resolve):
    text = "Police in Lagos arrested a man on Friday. It said more arrests would follow."
    res = resolve(text, "It")
    assert _cs(res) == ("NGA", "COP") and "pronoun" in res.reason


def test_person_description_points_back_to_a_matching_office(resolve):
    text = (
        "Opposition leader Juan Guaido met diplomats. President Nicolas Maduro rejected the talks. "
        "Guaido urged calm. The president ordered arrests."
    )
    assert resolve(text, "The president", when=date(2019, 3, 1)).kb_id == "person:nicolas-maduro"
    res = resolve(text, "Guaido", nth=1, when=date(2019, 3, 1))
    assert res.name == "Juan Guaido" and res.sector == "OPP"
