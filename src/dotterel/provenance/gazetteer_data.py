"""Reading dotterel's gazetteer files into the place index's columns (issue #13).

The files under ``data/gazetteer/`` are converted from GeoNames (CC BY 4.0) by
``scripts/build_gazetteer.py``: ``countries.tsv.gz``, ``admins.tsv.gz`` (first- and second-level
administrative areas with population-weighted centroids), ``cities.tsv.gz`` (every populated place
of about 1,000 people or more, with its admin1 code, admin2 name and alternate names), and our own
``places.tsv`` (seas, regions, territories). :func:`build_columns` turns them into the compact
columnar layout :class:`~dotterel.provenance.gazetteer.PlaceIndex` keeps and caches: parallel
arrays instead of millions of small Python objects, so the cache loads in a fraction of a second.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError

__all__ = ["DATA_FILES", "KINDS", "PRECISIONS", "build_columns", "data_bytes", "normalise_name", "read_rows"]

#: Kinds of place, by the index's code (``kind`` column).
KINDS: tuple[str, ...] = ("country", "gazetteer", "admin1", "admin2", "city")
#: Precisions, by the index's code.
PRECISIONS: tuple[str, ...] = ("country", "region", "city", "point")
DATA_FILES: tuple[str, ...] = ("countries.tsv.gz", "admins.tsv.gz", "cities.tsv.gz", "places.tsv")

#: Words a second-level area's name carries that news usually drop: "Barrow County" → "Barrow".
_ADMIN_SUFFIX = re.compile(
    r"\s+(County|Parish|Borough|Census Area|District|Municipality|Municipio|Regency|Prefecture)$"
)
_ADMIN_PREFIX = re.compile(r"^(Municipio de|Departamento de|Provincia de|Estado de|Borough of|City of) ")

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


def normalise_name(text: str) -> str:
    """Case-, accent- and article-insensitive key: "the Gaza Strip" and "Gaza strip" meet."""
    if not text.isascii():  # most names are plain ASCII: skip the decomposition (half the build time)
        text = text.replace("’", "'").replace("‘", "'")
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.split()).casefold()
    if text.startswith("the "):
        text = text[4:]
    return text


def _file(name: str):
    return resources.files("dotterel") / "data" / "gazetteer" / name


def data_bytes() -> Iterator[bytes]:
    """The raw bytes of every data file and of this module (the cache key hashes them)."""
    for name in DATA_FILES:
        yield _file(name).read_bytes()
    yield _abbreviations_text().encode("utf-8")
    yield Path(__file__).read_bytes()  # how the files become the index: a change must rebuild it


def _file_rows(name: str) -> Iterator[list[str]]:
    data = _file(name).read_bytes()
    text = gzip.decompress(data).decode("utf-8") if name.endswith(".gz") else data.decode("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def _abbreviations_text() -> str:
    return _file("abbreviations.tsv").read_text("utf-8")


def _abbreviations() -> dict[tuple[str, str], list[str]]:
    """(country alpha-2, admin1 code) → short forms news write ("La.", "Calif.")."""
    out: dict[tuple[str, str], list[str]] = {}
    for n, line in enumerate(_abbreviations_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise ConfigError(f"data/gazetteer/abbreviations.tsv line {n}: expected 3 tab-separated columns")
        out.setdefault((cols[0], cols[1]), []).extend(a for a in cols[2].split("|") if a)
    return out


class _Columns:
    """Accumulates places and names in the index's columnar layout."""

    def __init__(self) -> None:
        self.name: list[str] = []
        self.lat = array("d")
        self.lon = array("d")
        self.country = array("H")
        self.kind = array("B")
        self.precision = array("B")
        self.gid = array("q")
        self.pop = array("q")
        self.admin1 = array("i")
        self.admin2 = array("i")
        self.capital = array("B")
        self.countries: list[str | None] = [None]
        self._country_code: dict[str | None, int] = {None: 0}
        self.keys: dict[str, list[int]] = {}

    def country_code(self, iso3: str | None) -> int:
        if iso3 not in self._country_code:
            self._country_code[iso3] = len(self.countries)
            self.countries.append(iso3)
        return self._country_code[iso3]

    def add(
        self, name: str, lat: float | None, lon: float | None, iso3: str | None, kind: str, precision: str,
        gid: int = 0, pop: int = 0, admin1: int = -1, admin2: int = -1, alternates: list[str] = (),
        capital: bool = False,
    ) -> int:  # fmt: skip
        idx = len(self.name)
        self.name.append(name)
        self.lat.append(float("nan") if lat is None else lat)
        self.lon.append(float("nan") if lon is None else lon)
        self.country.append(self.country_code(iso3))
        self.kind.append(KINDS.index(kind))
        self.precision.append(PRECISIONS.index(precision))
        self.gid.append(gid)
        self.pop.append(pop)
        self.admin1.append(admin1)
        self.admin2.append(admin2)
        self.capital.append(capital)
        seen: set[str] = set()
        for i, label in enumerate([name, *alternates]):
            key = normalise_name(label)
            if key and key not in seen:
                seen.add(key)
                self.keys.setdefault(key, []).append(idx * 2 + (i == 0))
        return idx

    def freeze(self) -> dict[str, Any]:
        """The picklable layout. Strings are stored as one joined string plus start offsets, not
        as 500,000 ``str`` objects and a dict: unpickling bytes is what makes the cache load fast.
        Names are sorted, so a lookup is a binary search; each name's candidates are a run of
        ``refs`` (row * 2 + own-name flag) ending with -1."""
        refs = array("i")
        keys = sorted(self.keys)
        key_refs = array("i")
        for key in keys:
            key_refs.append(len(refs))
            refs.extend(self.keys[key])
            refs.append(-1)
        key_blob, key_start = _join(keys)
        name_blob, name_start = _join(self.name)
        cols = {k: getattr(self, k) for k in ("lat", "lon", "country", "kind", "precision")}
        cols |= {k: getattr(self, k) for k in ("gid", "pop", "admin1", "admin2", "capital", "countries")}
        return cols | {
            "key_blob": key_blob, "key_start": key_start, "key_refs": key_refs, "refs": refs,
            "name_blob": name_blob, "name_start": name_start,
        }  # fmt: skip


def _join(strings: list[str]) -> tuple[str, array]:
    starts = array("I", [0])
    for text in strings:
        starts.append(starts[-1] + len(text))
    return "".join(strings), starts


def _f(text: str) -> float | None:
    return float(text) if text else None


def read_rows(name: str) -> list[list[str]]:
    """The rows of one gazetteer file (``countries.tsv.gz``, ``admins.tsv.gz``, ...), split on tabs."""
    return list(_file_rows(name))


def build_columns(
    min_city_population: int = 1000, rows: dict[str, Iterable[list[str]]] | None = None
) -> dict[str, Any]:
    """All places of the data files, in the index's layout (a few seconds; the index caches it).

    ``rows`` replaces some files by rows of the same layout (:func:`read_rows`): tests build a small
    index from a real slice of the gazetteer this way.
    """
    import pycountry

    def _rows(name: str) -> Iterable[list[str]]:
        return rows[name] if rows is not None and name in rows else _file_rows(name)

    cols = _Columns()
    iso3_of: dict[str, str] = {}
    for cc, iso3, name, gid, pop, lat, lon in _rows("countries.tsv.gz"):
        iso3_of[cc] = iso3
        alternates: list[str] = []
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            alternates += [getattr(pc, "common_name", None), pc.name, getattr(pc, "official_name", None)]
        alternates += _COUNTRY_ALIASES.get(cc, [])
        cols.add(name, _f(lat), _f(lon), iso3, "country", "country", int(gid), int(pop),
                 alternates=[a for a in alternates if a])  # fmt: skip

    for n, row in enumerate(_rows("places.tsv"), 1):
        if len(row) < 6:
            raise ConfigError(f"data/gazetteer/places.tsv row {n}: expected 7 tab-separated columns")
        name, aliases, lat, lon, country, precision = row[:6]
        cols.add(name, _f(lat), _f(lon), country or None, "gazetteer", precision,
                 alternates=[a for a in aliases.split("|") if a])  # fmt: skip

    subdivisions = _subdivision_names(pycountry)
    abbreviations = _abbreviations()
    admin1: dict[tuple[str, str], int] = {}
    admin2: dict[tuple[str, str, str], int] = {}
    for level, cc, code, name, lat, lon, pop, _alts in _rows("admins.tsv.gz"):
        iso3 = iso3_of.get(cc)
        if level == "1":
            alternates = _admin1_alternates(name, subdivisions.get(cc, ())) + abbreviations.get(
                (cc, code), []
            )
            admin1[(cc, code)] = cols.add(
                name, float(lat), float(lon), iso3, "admin1", "region", 0, int(pop), alternates=alternates
            )
        else:
            alternates = [s for s in (_ADMIN_SUFFIX.sub("", name), _ADMIN_PREFIX.sub("", name)) if s != name]
            admin2[(cc, code, name)] = cols.add(
                name, float(lat), float(lon), iso3, "admin2", "region", 0, int(pop),
                admin1=admin1.get((cc, code), -1), alternates=alternates,
            )  # fmt: skip

    for gid, name, lat, lon, cc, pop, a1, a2, alts, capital in _rows("cities.tsv.gz"):
        population = int(pop)
        if population < min_city_population:
            continue
        cols.add(
            name, float(lat), float(lon), iso3_of.get(cc), "city", "city", int(gid), population,
            admin1=admin1.get((cc, a1), -1), admin2=admin2.get((cc, a1, a2), -1) if a2 else -1,
            alternates=alts.split("|") if alts else [], capital=capital == "1",
        )  # fmt: skip
    return cols.freeze()


def _subdivision_names(pycountry: Any) -> dict[str, list[tuple[str, str]]]:
    """ISO 3166-2 first-level subdivision names (and their keys) by country: extra spellings for
    GeoNames' admin1 areas."""
    out: dict[str, list[tuple[str, str]]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            out.setdefault(sub.country_code, []).append((sub.name, normalise_name(sub.name)))
    return out


def _admin1_alternates(name: str, iso_names: list[tuple[str, str]] | tuple[()]) -> list[str]:
    """ISO spellings of the same area ("Michoacán de Ocampo" for GeoNames' "Michoacan")."""
    from rapidfuzz import fuzz

    key = normalise_name(name)
    out = []
    for iso, other in iso_names:
        # same first word: "North Carolina" is no spelling of "South Carolina" however alike
        same_start = other.split(" ")[0] == key.split(" ")[0] or other[:4] == key[:4]
        if other != key and same_start and (fuzz.ratio(other, key) >= 85 or other.startswith(key + " ")):
            out.append(iso)
    return out
