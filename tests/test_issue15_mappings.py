"""Issue 15: every shipped export mapping table is complete, valid and says what its source says."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pycountry
import pytest

from dotterel.store.exports import mappings
from dotterel.store.exports.acled import acled_filter
from dotterel.store.exports.common import ExportOptions, Query
from dotterel.store.exports.places import country_name, place_codes

ROOT = Path(__file__).resolve().parents[1]
CAMEO2PLOVER = ROOT.parent / "shared" / "reference" / "CAMEO2PLOVER-2021.txt"
PLOVER = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip
#: ACLED Codebook (2023): event type → its sub-event types.
ACLED_TYPOLOGY = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}
ACLED_REGIONS = {
    "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa", "Middle East",
    "South Asia", "Southeast Asia", "East Asia", "Caucasus and Central Asia", "Europe", "North America",
    "Central America", "South America", "Caribbean", "Oceania", "Antarctica",
}  # fmt: skip


def _lexicon_pairs() -> set[tuple[str, str]]:
    """Every (category, mode) the shipped lexicon can give an event."""
    pairs = set()
    for name in ("plover_lexicon.tsv", "plover_lexicon_overrides.tsv"):
        text = resources.files("dotterel").joinpath("data", name).read_text(encoding="utf-8")
        for line in text.splitlines():
            cols = line.split("\t")
            if not line.startswith("#") and len(cols) > 4 and cols[4] not in ("-", ""):
                pairs.add((cols[3], cols[4]))
    return pairs


# -- PLOVER → CAMEO ------------------------------------------------------------------------------


def test_every_category_and_every_lexicon_mode_has_its_own_cameo_code():
    table = mappings._plover_to_cameo()
    assert {c for c, m in table if m == ""} == set(PLOVER)
    missing = sorted(p for p in _lexicon_pairs() if p not in table)
    assert not missing, f"modes the lexicon gives but the CAMEO table lacks: {missing}"
    for cue_mode in ("suicide-attack", "sexual", "drone", "primitive"):  # extract/modes.py cues
        assert ("ASSAULT", cue_mode) in table


def test_every_cameo_code_is_a_real_code_with_a_goldstein_score():
    for (cat, mode), code in mappings._plover_to_cameo().items():
        assert re.fullmatch(r"\d{3,4}", code), (cat, mode, code)
        score = mappings.goldstein(code)
        assert score is not None and -10 <= score <= 10, (cat, mode, code)


@pytest.mark.skipif(not CAMEO2PLOVER.exists(), reason="../shared/reference is not beside the project")
def test_cameo_table_is_the_inverse_of_cameo2plover_and_up_to_date():
    """Each code maps back to its PLOVER pair (aliases excepted), and the shipped file is what the
    generator writes today."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build", ROOT / "scripts" / "build_export_tables.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)  # type: ignore[union-attr]
    forward = build.read_cameo2plover(CAMEO2PLOVER)
    rows = build.build_plover_to_cameo(CAMEO2PLOVER)
    shipped = [r[:3] for r in mappings.table("plover_to_cameo.tsv", 3)]
    assert [list(r[:3]) for r in rows] == shipped
    for cat, mode, code, why in rows:
        if why.startswith("inverse"):
            assert forward[code] == (cat, mode), (cat, mode, code)
    assert mappings.cameo_code("PROTEST", "demo") == "141"  # the covering code, not 1411
    assert mappings.cameo_code("AGREE", None) == "030"  # the root's general act


def test_cameo_code_spot_values_and_fallback():
    assert mappings.cameo_code("ASSAULT", "firearms") == "193"
    assert mappings.cameo_code("COERCE", "arrest") == "173"
    assert mappings.cameo_code("ASSAULT", "explosives") == "1832"
    assert mappings.cameo_code("CONSULT", "visit") == "042"
    assert mappings.cameo_code("ASSAULT", "no-such-mode") == mappings.cameo_code("ASSAULT", None) == "180"


# -- Goldstein -----------------------------------------------------------------------------------


def test_goldstein_table_is_the_published_one():
    scores = mappings._goldstein()
    assert len(scores) == 311 and {c for c in scores if len(c) == 2} == {f"{i:02d}" for i in range(1, 21)}
    # values as published in CAMEO.goldsteinscale.txt
    assert (scores["042"], scores["0874"], scores["190"], scores["1823"], scores["130"]) == (
        1.9,
        10,
        -10,
        -10,
        -4.4,
    )
    assert mappings.goldstein("1411") == -6.5 and mappings.goldstein("99") is None


# -- countries and geography ---------------------------------------------------------------------


def test_iso_to_fips_covers_every_iso_country_and_agrees_on_numeric_codes():
    rows = mappings._iso_fips()
    for c in pycountry.countries:
        if c.alpha_3 in rows and rows[c.alpha_3][1]:
            assert int(rows[c.alpha_3][1]) == int(c.numeric), c.alpha_3
    covered = sum(1 for c in pycountry.countries if mappings.fips_country(c.alpha_3))
    assert covered >= 245
    expected = {"ISR": "IS", "PSE": "WE", "GBR": "UK", "DEU": "GM", "USA": "US", "MEX": "MX", "SRB": "RI"}
    assert {k: mappings.fips_country(k) for k in expected} == expected
    assert mappings.iso_numeric("COL") == 170 and mappings.iso_numeric(None) is None


def test_cameo_country_codes_are_iso_except_the_documented_ones():
    assert [mappings.cameo_country(c) for c in ("ROU", "TLS", "XKX", "IRN", "IGO", None)] == [
        "ROM", "TMP", "KSV", "IRN", "IGO", "",
    ]  # fmt: skip
    for iso3, _, _ in mappings.table("cameo_countries.tsv", 3):
        assert pycountry.countries.get(alpha_3=iso3) or iso3 == "XKX"


def test_place_codes_fips_adm1_and_gaza():
    gaza = place_codes("Gaza City", "PSE", "city", 281133, None)
    assert (gaza.fips, gaza.adm1, gaza.feature_id) == ("GZ", "GZ", "281133")
    tehran = place_codes("Tehran", "IRN", "city", 112931, None)
    assert tehran.fips == "IR" and re.fullmatch(r"IR\d\d", tehran.adm1)
    country = place_codes("Lebanon", "LBN", "country", 272103, None)
    assert (country.fips, country.adm1, country.feature_id, country.full_name) == (
        "LE",
        "LE",
        "LE",
        "Lebanon",
    )
    assert place_codes("Texas", "USA", "region", None, None).adm1 == "USTX"  # a first-level region
    assert place_codes("Geneva", "CHE", "city", 2660646, None).adm1 == "SZ"  # GeoNames codes not FIPS
    assert place_codes(None, None, None, None, None).full_name == ""


def test_country_names_as_acled_writes_them():
    assert [country_name(c) for c in ("PSE", "COD", "RUS", "MEX", "XKX")] == [
        "Palestine", "Democratic Republic of Congo", "Russia", "Mexico", "Kosovo",
    ]  # fmt: skip


# -- ACLED ---------------------------------------------------------------------------------------


def test_acled_type_table_uses_only_acleds_typology():
    for (cat, _, recipient), t in mappings.acled_types().items():
        assert cat in PLOVER and recipient in {"*", "armed", "civilians", "protesters", "none"}
        assert t.sub_event_type in ACLED_TYPOLOGY[t.event_type], t
        assert t.disorder_type in {"Political violence", "Demonstrations", "Strategic developments",
                                   "Political violence; Demonstrations"}  # fmt: skip
    for cat in mappings.recorded_by_acled():
        assert mappings.acled_type(cat, "no-such-mode", "none") is not None  # every category has a catch-all


@pytest.mark.parametrize(
    ("category", "mode", "recipient", "expected"),
    [
        ("ASSAULT", "aerial", "civilians", ("Explosions/Remote violence", "Air/drone strike")),
        ("ASSAULT", "explosives", "armed", ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        ("ASSAULT", "firearms", "armed", ("Battles", "Armed clash")),
        ("ASSAULT", "firearms", "civilians", ("Violence against civilians", "Attack")),
        ("ASSAULT", None, "protesters", ("Protests", "Excessive force against protesters")),
        ("ASSAULT", "abduct", "armed", ("Violence against civilians", "Abduction/forced disappearance")),
        ("PROTEST", "demo", "none", ("Protests", "Peaceful protest")),
        ("PROTEST", "riot", "armed", ("Riots", "Violent demonstration")),
        ("COERCE", "arrest", "civilians", ("Strategic developments", "Arrests")),
        ("COERCE", "seize", "none", ("Strategic developments", "Looting/property destruction")),
        ("MOBILIZE", "troops", "none", ("Strategic developments", "Change to group/activity")),
        ("AGREE", None, "armed", ("Strategic developments", "Agreement")),
    ],
)
def test_acled_type_rules(category, mode, recipient, expected):
    t = mappings.acled_type(category, mode, recipient)
    assert t is not None and (t.event_type, t.sub_event_type) == expected


def test_verbal_and_non_acled_categories_are_not_recorded():
    recorded = set(mappings.recorded_by_acled())
    assert recorded == {"AGREE", "ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT"}
    q = acled_filter(Query("", []), ExportOptions())
    assert "event_type IN" in q.where and "status_group = 'happened'" in q.where
    assert acled_filter(Query("", []), ExportOptions(all_events=True)).where == ""


def test_acled_filter_keeps_the_page_parameters_last():
    q = acled_filter(Query("WHERE e.quad_code IN (?)", [4, 10, 0], " LIMIT ? OFFSET ?"), ExportOptions())
    assert q.params[0] == 4 and q.params[-2:] == [10, 0]


def test_acled_inter_regions_scales():
    assert {code for code in mappings._inter().values()} <= set(range(1, 9))
    assert [mappings.acled_inter(s) for s in ("MIL", "REB", "CRM", "CVL", "UNO", "REL")] == [
        1,
        2,
        3,
        7,
        8,
        None,
    ]
    regions = mappings._regions()
    assert set(regions.values()) <= ACLED_REGIONS
    assert all(pycountry.countries.get(alpha_3=c) or c == "XKX" for c in regions)
    assert sum(1 for c in pycountry.countries if c.alpha_3 in regions) >= 240
    assert [mappings.acled_region(c) for c in ("MEX", "SYR", "COL", "UKR")] == [
        "Central America", "Middle East", "South America", "Europe",
    ]  # fmt: skip
    assert mappings.source_scale(["Reuters", "El Tiempo"]) == "International"
    assert mappings.source_scale(["NPR", "reuters.com"]) == "National-International"
    assert mappings.source_scale(["Some Blog"]) == "Other" and mappings.source_scale([]) == ""


def test_every_sector_the_kb_gives_has_a_cameo_role_row():
    text = resources.files("dotterel").joinpath("data", "kb", "roles.tsv").read_text(encoding="utf-8")
    sectors = {line.split("\t")[1] for line in text.splitlines() if line and not line.startswith("#")}
    listed = set(mappings._cameo_types())
    assert {s for s in sectors if len(s) == 3} <= listed


def test_generic_actors_get_acleds_names():
    from dotterel.store.exports.acled import _generic_name
    from dotterel.store.exports.common import Actor

    def name(label, country, sector, kb="kb:1", inter=1):
        return _generic_name(Actor("x", label, country, sector, kb), inter, "PSE")

    assert name("military (Israel)", "ISR", "MIL") == "Military Forces of Israel"
    assert name("police (Mexico)", "MEX", "COP") == "Police Forces of Mexico"
    assert name("authorities (Colombia)", "COL", "GOV") == "Government of Colombia"
    assert name("residents", None, "CVL", kb=None, inter=7) == "Civilians (Palestine)"
    assert name("Hamas", "PSE", "REB") == "Hamas" and name("Israel", "ISR", "GOV") == "Israel"
    assert name("Hamas", "PSE", "GOV", kb=None) == "Hamas"  # a proper name stays, resolved or not
