"""Read gold event files (PLOVER GSR JSON, or JSONL with the same fields) into typed records.

The PLOVER gold-standard records (``PLOVER_GSR_CAMEO.json``) were coded with PLOVER 0.5b1, whose
category, mode and actor-code names differ from the PLOVER 2.0 names dotterel emits. Scoring
against them without translation would count every DEMAND/REQUEST or JAP/JPN pair as a miss, so
this module maps them once, here, and the scorer only ever sees PLOVER 2.0 names:

* categories: DEMAND→REQUEST, DISAPPROVE→ACCUSE (mode ``disapprove``), FIGHT→ASSAULT,
  INVESTIGATE→ACCUSE (mode ``investigate``), DOCUMENT→AGREE;
* modes: the 0.5b1 sub-modes fold into their 2.0 mode (``strike-hun``→``hunger``,
  ``demo-org``→``demo``, ``detain``→``arrest`` ...), see :data:`MODE_MAP`;
* actor codes: CAMEO-style country codes become ISO 3166 alpha-3 (JAP→JPN, ITL→ITA, VTN→VNM ...);
  PLOVER's international codes (IGO, UNO, EUR, NGO, ISM, IMG, MNC) stay as they are;
* sectors: the first three letters upper-cased (``CVLalb``→``CVL``), ``CIV``→``CVL``, ``***`` dropped.

Records without ``text`` (the GSR's DOCUMENT header) are skipped; a repeated id gets ``#2``.
Anything else malformed is an :class:`~dotterel.errors.EvaluationError` naming the file and record.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import EvaluationError, InputError
from ..reading import parse_date
from ..records import PLOVER_EVENT_TYPES

__all__ = [
    "EVENT_MAP",
    "INTERNATIONAL_CODES",
    "MODE_MAP",
    "GoldActor",
    "GoldRecord",
    "GoldSentence",
    "group_sentences",
    "map_event",
    "normalise_code",
    "normalise_mode",
    "normalise_sector",
    "read_gold",
]

#: PLOVER 0.5b1 category → (PLOVER 2.0 category, mode implied by the old name or None).
EVENT_MAP: dict[str, tuple[str, str | None]] = {
    "DEMAND": ("REQUEST", None),
    "DISAPPROVE": ("ACCUSE", "disapprove"),
    "FIGHT": ("ASSAULT", None),
    "INVESTIGATE": ("ACCUSE", "investigate"),
    "DOCUMENT": ("AGREE", None),
}

#: PLOVER 0.5b1 modes → the PLOVER 2.0 mode that covers them (NGEC's structured codebook).
MODE_MAP: dict[str, str] = {
    "strike-hun": "hunger",
    "strike-gen": "strike",
    "demo-org": "demo",
    "demo-spon": "demo",
    "riot-spon": "riot",
    "detain": "arrest",
    "confiscate": "seize",
    "host": "visit",
}

#: PLOVER's international non-state codes (manual, table 5.1): compared as they are.
INTERNATIONAL_CODES: frozenset[str] = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})

#: CAMEO country codes that are not ISO 3166 alpha-3 → the ISO code.
_CAMEO_COUNTRY: dict[str, str] = {
    "JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "UKG": "GBR", "GMY": "DEU", "FRN": "FRA", "SPN": "ESP",
    "SWD": "SWE", "NTH": "NLD", "AUL": "AUS", "ROK": "KOR", "DRV": "VNM", "TAW": "TWN",
    "BUL": "BGR", "DEN": "DNK", "GRG": "GEO", "KUW": "KWT", "LEB": "LBN", "MAA": "MRT", "NEP": "NPL",
    "PAL": "PSE", "PHI": "PHL", "POR": "PRT", "SAF": "ZAF", "SRI": "LKA", "SUD": "SDN", "TAJ": "TJK",
    "THI": "THA", "TRI": "TTO", "UAE": "ARE", "ZAM": "ZMB", "ZIM": "ZWE", "ROM": "ROU", "YUG": "SRB",
    "BOS": "BIH", "CRO": "HRV", "SLO": "SVN", "KOS": "XKX", "DRC": "COD", "CON": "COG",
}  # fmt: skip

_SECTOR_ALIASES = {"CIV": "CVL"}


@dataclass(frozen=True, slots=True)
class GoldActor:
    """One gold source or target: the words, the normalised country code and sector (or None)."""

    text: str
    code: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One gold sentence with its single coded event, names already mapped to PLOVER 2.0."""

    id: str
    text: str
    event: str
    mode: str | None = None
    published: date | None = None
    source: tuple[GoldActor, ...] = ()
    target: tuple[GoldActor, ...] = ()
    original_event: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """One sentence with every gold event coded on it: the unit that is coded and scored.

    Gold files may code one sentence more than once, one record per event (the GSR does so for six
    sentences, e.g. AID and REJECT on "Benin opened its borders ..."). Scoring those records apart
    would charge a perfect coder a false positive on each, so records with the same text and date
    become one sentence whose gold set G holds all their categories.
    """

    id: str
    text: str
    published: date | None
    records: tuple[GoldRecord, ...]

    @property
    def events(self) -> list[str]:
        """The distinct gold categories, in PLOVER order."""
        cats = {r.event for r in self.records}
        return [c for c in PLOVER_EVENT_TYPES if c in cats]

    @classmethod
    def of(cls, record: GoldRecord) -> GoldSentence:
        return cls(id=record.id, text=record.text, published=record.published, records=(record,))


def group_sentences(records: Sequence[GoldRecord]) -> list[GoldSentence]:
    """Records with the same text and date as one :class:`GoldSentence`, in first-seen order.

    The sentence's id joins its records' ids with ``+`` when there are several.
    """
    groups: dict[tuple[str, date | None], list[GoldRecord]] = {}
    for rec in records:
        groups.setdefault((rec.text, rec.published), []).append(rec)
    return [
        GoldSentence(id="+".join(r.id for r in recs), text=text, published=published, records=tuple(recs))
        for (text, published), recs in groups.items()
    ]


def map_event(name: str) -> tuple[str, str | None]:
    """PLOVER 2.0 category and implied mode for a 2.0 or 0.5b1 category name (any case).

    Raises ``ValueError`` for a name that is neither.
    """
    key = name.strip().upper()
    if key in EVENT_MAP:
        return EVENT_MAP[key]
    if key in PLOVER_EVENT_TYPES:
        return key, None
    raise ValueError(name)


def normalise_mode(mode: Any) -> str | None:
    """A PLOVER 2.0 mode name, or None for an empty mode."""
    if not isinstance(mode, str) or not mode.strip():
        return None
    key = mode.strip().lower()
    return MODE_MAP.get(key, key)


def normalise_code(code: Any) -> str | None:
    """ISO 3166 alpha-3 (or a PLOVER international code) for a gold actor code; None if empty."""
    if not isinstance(code, str) or not code.strip() or code.strip() == "***":
        return None
    key = code.strip().upper()
    return _CAMEO_COUNTRY.get(key, key)


def normalise_sector(sector: Any) -> str | None:
    """The three-letter PLOVER sector (``CVLalb``→``CVL``, ``CIV``→``CVL``); None for none/``***``."""
    if not isinstance(sector, str):
        return None
    key = sector.strip()[:3].upper()
    if len(key) < 3 or key == "***":
        return None
    return _SECTOR_ALIASES.get(key, key)


@dataclass(frozen=True, slots=True)
class _Where:
    """Where a raw record sits: ``path:line`` for JSONL, ``path: record N`` for a JSON list."""

    path: str
    label: str
    line: int | None

    def error(self, message: str) -> EvaluationError:
        text = message if self.line is not None else f"{self.label}: {message}"
        return EvaluationError(text, path=self.path, line=self.line)


def _actors(
    value: Any, role: str, where: _Where, warn: Callable[[str], None] | None
) -> tuple[GoldActor, ...]:
    """The gold actors of one role; wrong types are errors, never read as something else (issue 17).

    ``None`` or ``""`` is no actor (the GSR's spelling of "none"). A non-empty string is an error
    for ``source``; for ``target`` it is read as no recipient with a warning, because a PLOVER event
    may have no target and the GSR itself has a stray word there (a ``context`` value) once.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return ()
    if isinstance(value, str) and role == "target":
        if warn is not None:
            warn(f"{where.path}: {where.label}: 'target' is {value!r}, not a list of actors: read as none")
        return ()
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise where.error(f"'{role}' must be a list of actors (objects with actorText/code), got {value!r}")
    out = []
    for item in value:
        if not isinstance(item, dict):
            raise where.error(f"each '{role}' actor must be an object with actorText/code, got {item!r}")
        for key in ("actorText", "code", "sector"):
            if item.get(key) is not None and not isinstance(item[key], str):
                raise where.error(f"'{role}' actor field {key!r} must be a string, got {item[key]!r}")
        out.append(
            GoldActor(
                text=item.get("actorText") or "",
                code=normalise_code(item.get("code")),
                sector=normalise_sector(item.get("sector")),
            )
        )
    return tuple(out)


def _record(raw: Any, where: _Where, warn: Callable[[str], None] | None = None) -> GoldRecord | None:
    if not isinstance(raw, dict):
        raise where.error(f"expected a JSON object, got {type(raw).__name__}")
    text = raw.get("text")
    if text is None or (isinstance(text, str) and not text.strip()):
        return None  # the DOCUMENT header and other documentation records
    if not isinstance(text, str):
        raise where.error("'text' must be a string")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # "\ud800" in JSON: no character, and it cannot be printed
        raise where.error(f"'text' has a lone surrogate at character {exc.start}: not Unicode") from None
    event = raw.get("event")
    if not isinstance(event, str) or not event.strip():
        raise where.error("missing 'event' (a PLOVER category such as ASSAULT)")
    try:
        category, implied_mode = map_event(event)
    except ValueError:
        raise where.error(
            f"unknown event {event!r}: use a PLOVER category ({', '.join(PLOVER_EVENT_TYPES)}) "
            "or a PLOVER 0.5b1 name (DEMAND, DISAPPROVE, FIGHT, INVESTIGATE, DOCUMENT)"
        ) from None
    try:
        published = parse_date(raw.get("date"), where="'date'")
    except InputError as err:
        raise where.error(err.message) from None
    rid = raw.get("id")
    if isinstance(rid, bool) or not isinstance(rid, str | int | None):
        raise where.error(f"'id' must be a string, got {rid!r}")
    mode = raw.get("mode")
    if mode is not None and not isinstance(mode, str):
        raise where.error(f"'mode' must be a string, got {mode!r}")
    return GoldRecord(
        id=str(rid) if rid not in (None, "") else where.label,
        text=text,
        event=category,
        mode=normalise_mode(raw.get("mode")) or implied_mode,
        published=published,
        source=_actors(raw.get("source"), "source", where, warn),
        target=_actors(raw.get("target"), "target", where, warn),
        original_event=event.strip().upper(),
    )


def _load(path: Path) -> list[tuple[Any, str, int | None]]:
    """Raw records with a label (``record 3`` / ``line 3``) and a line number for JSONL."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise EvaluationError("gold file not found", path=str(path)) from None
    except IsADirectoryError:
        raise EvaluationError(
            "is a folder: pass a gold file (.json list or .jsonl)", path=str(path)
        ) from None
    except OSError as exc:
        raise EvaluationError(f"cannot read gold file: {exc.strerror}", path=str(path)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"invalid UTF-8 at byte {exc.start}", path=str(path)) from None
    if not text.strip():
        raise EvaluationError("gold file is empty", path=str(path))
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise EvaluationError(f"not valid JSON: {exc.msg}", path=str(path), line=exc.lineno) from None
        except RecursionError:
            raise EvaluationError("JSON nested too deeply for a gold file", path=str(path)) from None
        return [(item, f"record {i}", None) for i, item in enumerate(items, 1)]
    out = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationError(
                f"not valid JSON ({exc.msg}): a gold file is a JSON list or one JSON record per line",
                path=str(path),
                line=lineno,
            ) from None
        except RecursionError:
            raise EvaluationError("JSON nested too deeply", path=str(path), line=lineno) from None
        out.append((item, f"line {lineno}", lineno))
    return out


def read_gold(path: str | Path, warn: Callable[[str], None] | None = None) -> list[GoldRecord]:
    """All scorable gold records of a PLOVER GSR JSON list or a JSONL file, in file order.

    ``warn`` gets a line for each value read leniently (a stray word where a target list belongs).
    """
    path = Path(path)
    records = []
    seen: Counter[str] = Counter()
    for raw, label, line in _load(path):
        rec = _record(raw, _Where(str(path), label, line), warn)
        if rec is None:
            continue
        seen[rec.id] += 1
        if seen[rec.id] > 1:
            # The GSR itself repeats an id for two different sentences; keep both, apart.
            rec = replace(rec, id=f"{rec.id}#{seen[rec.id]}")
        records.append(rec)
    if not records:
        raise EvaluationError("no gold records with 'text' and 'event' found", path=str(path))
    return records
