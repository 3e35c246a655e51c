"""The place-name index: every name a place is known by → the places it may mean (issue #13).

Built from dotterel's gazetteer files (``data/gazetteer/``: GeoNames countries, first- and
second-level administrative areas and every populated place of about 1,000 people, converted by
``scripts/build_gazetteer.py``; CC BY 4.0) and our own seas and regions. The index keeps its places
in parallel arrays (:mod:`.gazetteer_data`), not one Python object per place, so the cached pickle
of 170,000 places and 450,000 names loads in a fraction of a second.

The cache lives under ``$DOTTEREL_CACHE``, ``$XDG_CACHE_HOME/dotterel`` or ``~/.cache/dotterel``,
which several installed versions of dotterel may share: its file name hashes the data files, the
layout version and the minimum population, so old and new code never read each other's cache.

Lookups return every candidate; choosing between them (Rafah in Gaza or in Egypt, Alexandria in
Egypt or Louisiana) is :mod:`.toponyms`' job, because only it knows the rest of the article.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import pickle
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .gazetteer_data import KINDS, PRECISIONS, build_columns, data_bytes, normalise_name

__all__ = [
    "BIG_CITY",
    "KIND_RANK",
    "Place",
    "PlaceIndex",
    "default_index",
    "distance_km",
    "normalise_name",
    "MIN_POPULATION",
]

#: Index layout version: bump when the pickled layout or what goes into it changes.
_FORMAT = 6

#: When one name means places of several kinds, the lower rank wins before population is
#: considered: "Mexico" is the country before it is an alternate name of Mexico City.
KIND_RANK: dict[str, int] = {"country": 0, "gazetteer": 1, "admin1": 3, "admin2": 4, "city": 4}

#: Looked-up names whose candidates are kept (the cache is emptied when full: bounded memory).
_LOOKUP_CACHE = 20_000

#: The default smallest populated place in the index (GeoNames' cities1000).
MIN_POPULATION = 1000


@dataclass(frozen=True, slots=True)
class Place:
    """One candidate place. ``kind`` says what it is (see :data:`KIND_RANK`); ``admin1``/``admin2``
    name the areas a city or district lies in (None when unknown or not applicable)."""

    name: str
    lat: float | None
    lon: float | None
    country: str | None
    precision: str
    kind: str
    geonameid: int | None = None
    population: int = 0
    primary: bool = True  # the looked-up name is the place's own name, not an alternate one
    admin1: str | None = None
    admin2: str | None = None
    ref: int = -1  # the place's row in its index (for hierarchy questions)
    capital: bool = False  # a national capital

    def contains(self, other: Place) -> bool:
        """Is ``other`` inside this place (country ⊃ admin1 ⊃ admin2 ⊃ city)?"""
        if self.ref == other.ref or self.country is None or other.country != self.country:
            return False
        if self.kind == "country":
            return other.kind != "country"
        if self.kind == "admin1":
            return other.kind in ("admin2", "city") and other.admin1 == self.name
        if self.kind == "admin2":
            return other.kind == "city" and other.admin2 == self.name and other.admin1 == self.admin1
        return False


#: A city at least this large, called by its own name, outranks a region of the same name: news
#: that say "Tehran" mean the city, not Tehran province.
BIG_CITY = 100_000


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance; infinite when either has no coordinates."""
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return math.inf
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _rank(p: Place) -> tuple[int, bool, int]:
    rank = KIND_RANK[p.kind]
    if p.kind == "city" and p.primary and p.population >= BIG_CITY:
        rank = KIND_RANK["admin1"] - 1
    return (rank, not p.primary, -p.population)


def _transliterated(name: str, key: str) -> bool:
    from rapidfuzz import fuzz

    return fuzz.ratio(normalise_name(name), key) >= 80


def _same_name(place: Place, key: str) -> bool:
    """The place's own name is the looked-up one, up to transliteration ("Janīn" for "Jenin"), not an
    alternate name of something else ("Morelos" for Ecatepec de Morelos)."""
    from rapidfuzz import fuzz

    return place.primary or fuzz.ratio(normalise_name(place.name), key) >= 75


class PlaceIndex:
    """Normalised name → candidate places. Build with :meth:`build` or (cached) :meth:`load`."""

    def __init__(self, columns: dict[str, Any]) -> None:
        self._c = columns
        self._keys = columns["key_blob"]
        self._key_start = columns["key_start"]
        self._names = columns["name_blob"]
        self._name_start = columns["name_start"]
        self._cache: dict[str, list[Place]] = {}  # news repeat their place names

    def __len__(self) -> int:
        return len(self._key_start) - 1

    @property
    def n_places(self) -> int:
        return len(self._name_start) - 1

    def _name(self, ref: int) -> str:
        return self._names[self._name_start[ref] : self._name_start[ref + 1]]

    def _find(self, key: str) -> int:
        """Binary search of the sorted names; the run's offset into ``refs`` or -1."""
        blob, start = self._keys, self._key_start
        lo, hi = 0, len(start) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if blob[start[mid] : start[mid + 1]] < key:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(start) - 1 and blob[start[lo] : start[lo + 1]] == key:
            return self._c["key_refs"][lo]
        return -1

    def place(self, ref: int, primary: bool = True) -> Place:
        """The place in row ``ref``."""
        c = self._c
        lat, lon = c["lat"][ref], c["lon"][ref]
        a1, a2 = c["admin1"][ref], c["admin2"][ref]
        kind = KINDS[c["kind"][ref]]
        name = self._name(ref)
        return Place(
            name=name,
            lat=None if math.isnan(lat) else lat,
            lon=None if math.isnan(lon) else lon,
            country=c["countries"][c["country"][ref]],
            precision=PRECISIONS[c["precision"][ref]],
            kind=kind,
            geonameid=c["gid"][ref] or None,
            population=c["pop"][ref],
            primary=primary,
            admin1=self._name(a1) if a1 >= 0 else (name if kind == "admin1" else None),
            admin2=self._name(a2) if a2 >= 0 else (name if kind == "admin2" else None),
            ref=ref,
            capital=bool(c["capital"][ref]),
        )

    def parent(self, place: Place) -> Place | None:
        """The admin area a place lies in: admin2 for a city when known, else admin1."""
        c = self._c
        for col in ("admin2", "admin1"):
            ref = c[col][place.ref] if place.ref >= 0 else -1
            if ref >= 0 and ref != place.ref:
                return self.place(ref)
        return None

    def lookup(self, text: str) -> list[Place]:
        """All places called ``text``, best first by kind, own-name match and population."""
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= _LOOKUP_CACHE:
                self._cache.clear()
            found = self._cache[text] = self._lookup(text)
        return list(found)

    def _lookup(self, text: str) -> list[Place]:
        key = normalise_name(text)
        at = self._find(key)
        if at < 0:
            return []
        out = []
        refs = self._c["refs"]
        while refs[at] >= 0:
            ref, own = refs[at] >> 1, bool(refs[at] & 1)
            if not own and _transliterated(self._name(ref), key):
                own = True  # "Janīn" looked up as "Jenin" is the place's own name, spelled otherwise
            out.append(self.place(ref, own))
            at += 1
        out.sort(key=_rank)
        if out[0].kind in ("admin1", "admin2"):
            # A region named after its own city ("Jenin", "Sagaing") means the city unless the text
            # says "state/province" (the place component's hint); the city also has a point.
            region = out[0]
            same = (p for p in out if p.kind == "city" and region.contains(p) and _same_name(p, key))
            city = next(same, None)
            if city is not None:
                out.remove(city)
                out.insert(0, city)
        return out

    # --- building -------------------------------------------------------------------------------

    @classmethod
    def build(
        cls, min_city_population: int = MIN_POPULATION, rows: dict[str, Iterable[list[str]]] | None = None
    ) -> PlaceIndex:
        """Build from the data files (a few seconds); prefer :meth:`load`, which caches. ``rows``
        replaces some files by a slice of them (see :func:`.gazetteer_data.build_columns`)."""
        return cls(build_columns(min_city_population, rows))

    @classmethod
    def load(cls, min_city_population: int = MIN_POPULATION, cache_dir: Path | None = None) -> PlaceIndex:
        """The index from the cache, building and caching it on first use."""
        folder = cache_dir or _cache_dir()
        path = folder / f"places-{_cache_key(min_city_population)}.pickle"
        if path.exists():
            try:
                with path.open("rb") as fh:
                    columns = pickle.load(fh)
                if isinstance(columns, dict) and columns.get("format") == _FORMAT:
                    return cls(columns)
            except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError):
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
                pickle.dump(self._c | {"format": _FORMAT}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            return


def _cache_dir() -> Path:
    base = os.environ.get("DOTTEREL_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "dotterel" if base else Path.home() / ".cache" / "dotterel"


_KEYS: dict[int, str] = {}


def _cache_key(min_city_population: int) -> str:
    """Hash of the layout version, the minimum population, pycountry's version and every data file."""
    if min_city_population not in _KEYS:
        from importlib import metadata

        digest = hashlib.sha256(f"{_FORMAT}-{min_city_population}".encode())
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(metadata.version("pycountry").encode())
        for data in data_bytes():
            digest.update(hashlib.sha256(data).digest())
        _KEYS[min_city_population] = digest.hexdigest()[:20]
    return _KEYS[min_city_population]


_DEFAULT: dict[int, PlaceIndex] = {}


def default_index(min_city_population: int = MIN_POPULATION) -> PlaceIndex:
    """One shared index per process (the place component, the actor resolver and the benchmark)."""
    if min_city_population not in _DEFAULT:
        _DEFAULT[min_city_population] = PlaceIndex.load(min_city_population)
    return _DEFAULT[min_city_population]
