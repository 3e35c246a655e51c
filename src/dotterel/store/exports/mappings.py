"""The mapping tables shipped in ``data/exports/`` as lookups (each read once, then cached).

Every table says where it comes from in its header and in ``data/exports/SOURCES.md``; the
generated ones (``plover_to_cameo.tsv``, ``iso_fips.tsv``) are rebuilt by
``scripts/build_export_tables.py``. docs/exports.md prints each mapping for users.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from ...errors import ConfigError

__all__ = [
    "AcledType",
    "acled_inter",
    "acled_region",
    "acled_type",
    "acled_types",
    "cameo_code",
    "cameo_country",
    "cameo_type",
    "fips_country",
    "goldstein",
    "iso_numeric",
    "recorded_by_acled",
    "source_scale",
    "table",
    "OTHER",
]


def table(name: str, width: int) -> list[list[str]]:
    """The rows of ``data/exports/<name>`` (tab-separated, ``#`` comments), padded to ``width``."""
    try:
        text = resources.files("dotterel").joinpath("data", "exports", name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"mapping table {name} is missing from the installed package; reinstall dotterel"
        ) from None
    out = []
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        out.append((cells + [""] * width)[:width])
    return out


# -- GDELT / CAMEO -------------------------------------------------------------------------------


@cache
def _plover_to_cameo() -> dict[tuple[str, str], str]:
    return {(cat, mode): code for cat, mode, code in table("plover_to_cameo.tsv", 3)}


def cameo_code(category: str, mode: str | None) -> str:
    """The CAMEO event code of a PLOVER category and mode (an unlisted mode: the category's code)."""
    codes = _plover_to_cameo()
    return codes.get((category, mode or "")) or codes.get((category, ""), "")


@cache
def _goldstein() -> dict[str, float]:
    return {code: float(value) for code, value in table("goldstein.tsv", 2)}


def goldstein(code: str) -> float | None:
    """Goldstein score of a CAMEO code, from the code itself or its nearest listed parent."""
    scores = _goldstein()
    for n in range(len(code), 1, -1):
        if code[:n] in scores:
            return scores[code[:n]]
    return None


@cache
def _cameo_countries() -> dict[str, str]:
    return {iso3: cameo for iso3, cameo, _ in table("cameo_countries.tsv", 3)}


def cameo_country(code: str | None) -> str:
    """CAMEO country code of an ISO alpha-3 (or PLOVER IGO) code: ISO except ROM, TMP, KSV."""
    if not code:
        return ""
    return _cameo_countries().get(code, code)


@cache
def _cameo_types() -> dict[str, str]:
    return {sector: cameo for sector, cameo, _ in table("cameo_types.tsv", 3)}


def cameo_type(sector: str | None) -> str:
    """CAMEO actor type (role) code of a PLOVER sector; empty when CAMEO has none."""
    if not sector:
        return ""
    return _cameo_types().get(sector, "")


@cache
def _iso_fips() -> dict[str, tuple[str, str]]:
    return {iso3: (fips, numeric) for iso3, fips, numeric, _ in table("iso_fips.tsv", 4)}


def fips_country(code: str | None) -> str:
    """FIPS 10-4 country code of an ISO alpha-3 code (GDELT's geography codes); empty if unknown."""
    return _iso_fips().get(code or "", ("", ""))[0]


def iso_numeric(code: str | None) -> int | None:
    """ISO 3166-1 numeric code (ACLED's ``iso``); None when unknown."""
    numeric = _iso_fips().get(code or "", ("", ""))[1]
    return int(numeric) if numeric else None


# -- ACLED ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AcledType:
    event_type: str
    sub_event_type: str
    disorder_type: str


@cache
def acled_types() -> dict[tuple[str, str, str], AcledType]:
    return {(c, m, r): AcledType(e, s, d) for c, m, r, e, s, d in table("acled_types.tsv", 6)}


def recorded_by_acled() -> tuple[str, ...]:
    """PLOVER categories ACLED records (every category with a row in ``acled_types.tsv``)."""
    return tuple(sorted({c for c, _, _ in acled_types()}))


#: What an unrecorded category becomes with ``--all-events``.
OTHER = AcledType("Strategic developments", "Other", "Strategic developments")


def acled_type(category: str, mode: str | None, recipient: str) -> AcledType | None:
    """ACLED's type for a PLOVER category, mode and recipient kind (armed/civilians/protesters/none)."""
    types = acled_types()
    m = mode or ""
    for key in (
        (category, m, recipient),
        (category, m, "*"),
        (category, "*", recipient),
        (category, "*", "*"),
    ):
        if key in types:
            return types[key]
    return None


@cache
def _inter() -> dict[str, int]:
    return {sector: int(code) for sector, code, _ in table("acled_inter.tsv", 3)}


def acled_inter(sector: str | None) -> int | None:
    """ACLED actor type code (1-8) of a PLOVER sector; None when the sector says nothing."""
    return _inter().get(sector or "")


@cache
def _regions() -> dict[str, str]:
    out = {}
    for region, codes in table("acled_regions.tsv", 2):
        for code in codes.split():
            out[code] = region
    return out


def acled_region(code: str | None) -> str:
    """ACLED region of an ISO alpha-3 country code; empty when unknown."""
    return _regions().get(code or "", "")


@cache
def _scales() -> dict[str, str]:
    return {name.lower(): scale for name, scale in table("source_scale.tsv", 2)}


#: ACLED writes combined scales from the most local to the widest.
_SCALE_ORDER = ("Local", "Subnational", "National", "Regional", "International", "New media", "Other")


def source_scale(outlets: list[str]) -> str:
    """ACLED ``source_scale`` of an event's outlets: "International", "National-International", ..."""
    scales = _scales()
    found = {scales.get(o.strip().lower().removeprefix("www."), "Other") for o in outlets if o}
    if len(found) > 1:
        found.discard("Other")
    return "-".join(s for s in _SCALE_ORDER if s in found)
