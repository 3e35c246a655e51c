"""Issue #13: the gazetteer — populated places down to ~1,000 people, admin1/admin2 with points,
countries, our regions; a cache that old and new code never share."""

from __future__ import annotations

import pickle

import pytest

from dotterel.provenance import gazetteer
from dotterel.provenance.gazetteer import PlaceIndex, distance_km
from dotterel.provenance.gazetteer_data import read_rows
from tests.issue13_slices import slice_index


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    return slice_index(
        {"Naroda", "Ahmedabad", "Alexandria", "Barrow County", "Jenin", "Washington", "Tehran"}
    )


def test_issue13_towns_of_a_few_thousand_people_are_known(index):
    naroda = index.lookup("Naroda")[0]
    assert (naroda.country, naroda.kind, naroda.admin1, naroda.admin2) == (
        "IND",
        "city",
        "Gujarat",
        "Ahmadabad",
    )
    assert 1_000 <= naroda.population < 15_000 and naroda.lat is not None


def test_issue13_admin_areas_have_points_and_a_hierarchy(index):
    barrow = index.lookup("Barrow County")[0]
    assert (barrow.kind, barrow.admin1, barrow.country) == ("admin2", "Georgia", "USA")
    assert barrow.lat == pytest.approx(34.0, abs=0.3) and barrow.lon == pytest.approx(-83.7, abs=0.3)
    georgia = next(p for p in index.lookup("Georgia") if p.kind == "admin1")
    assert georgia.lat is not None and georgia.contains(barrow) and not barrow.contains(georgia)
    assert index.parent(index.lookup("Naroda")[0]).name == "Ahmadabad"
    assert index.lookup("Barrow")[0].name == "Barrow County"  # news drop "County"


def test_issue13_state_abbreviations_and_iso_spellings_name_admin1(index):
    assert index.lookup("La.")[0].name == "Louisiana"
    assert index.lookup("Calif.")[0].name == "California"
    south = index.lookup("South Carolina")
    assert south[0].name == "South Carolina" and all(p.name != "North Carolina" for p in south)


def test_issue13_a_transliteration_is_the_places_own_name(index):
    jenin = [p for p in index.lookup("Jenin") if p.country == "PSE" and p.kind == "city"]
    assert jenin and jenin[0].primary  # GeoNames spells it "Janīn"


def test_issue13_capitals_and_country_points(index):
    washington = [p for p in index.lookup("Washington") if p.kind == "city" and p.capital]
    assert washington and washington[0].country == "USA"
    iran = index.lookup("Iran")[0]
    assert iran.kind == "country" and distance_km(iran, index.lookup("Tehran")[0]) < 800


def test_issue13_every_data_file_row_is_well_formed():
    cities = read_rows("cities.tsv.gz")
    assert len(cities) > 150_000 and all(len(r) == 10 for r in cities[::997])
    assert min(int(r[5]) for r in cities) < 1_500  # down to about 1,000 people
    admins = read_rows("admins.tsv.gz")
    assert {r[0] for r in admins} == {"1", "2"} and all(r[4] and r[5] for r in admins)


def test_issue13_cache_key_changes_with_the_data_and_the_code(monkeypatch):
    key = gazetteer._cache_key(1000)
    assert key != gazetteer._cache_key(15000)
    monkeypatch.setattr(gazetteer, "_KEYS", {})
    monkeypatch.setattr(gazetteer, "_FORMAT", gazetteer._FORMAT + 1)
    assert gazetteer._cache_key(1000) != key


def test_issue13_a_foreign_or_damaged_cache_file_is_rebuilt_not_read(tmp_path, monkeypatch):
    small = {"cities.tsv.gz": read_rows("cities.tsv.gz")[:50]}
    path = tmp_path / f"places-{gazetteer._cache_key(1000)}.pickle"
    path.write_bytes(pickle.dumps({"format": -1}))  # another version's layout under the same name
    built = []
    real_init = PlaceIndex.__init__

    def fake_build(cls, m=1000, rows=None):
        built.append(m)
        index = cls.__new__(cls)
        real_init(index, gazetteer.build_columns(m, small | {"admins.tsv.gz": []}))
        return index

    monkeypatch.setattr(PlaceIndex, "build", classmethod(fake_build))
    index = PlaceIndex.load(cache_dir=tmp_path)
    assert built == [1000] and index.n_places > 0
    assert PlaceIndex.load(cache_dir=tmp_path).n_places == index.n_places and built == [1000]
