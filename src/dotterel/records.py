"""Typed records that flow between dotterel's stages.

``Article`` comes out of the readers; ``Frame`` (with its ``ActorMention``s) is what the spaCy
components fill in on ``doc._.frames``; ``Event`` is the output contract (DESIGN.md §3,
``schema/event.schema.json``). Stages hand these on; they never pass loose dicts.

Offsets: every ``start``/``end`` indexes ``Article.text`` exactly as it was read. The analyser
normalises text only by same-length substitutions, so spaCy's character offsets are article
offsets too and no stage needs to translate them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

__all__ = [
    "record_spans",
    "ActorMention",
    "Article",
    "Coding",
    "Attribution",
    "DateInfo",
    "Entity",
    "Event",
    "Evidence",
    "Frame",
    "FrameBasis",
    "Governor",
    "LOCATION_BASES",
    "Location",
    "Mentioned",
    "MentionKind",
    "OwnDate",
    "Span",
    "PLOVER_EVENT_TYPES",
    "QUAD_CODES",
    "STATUSES",
]

PLOVER_EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

#: PLOVER quad class of each category: 1 verbal coop, 2 material coop, 3 verbal conflict,
#: 4 material conflict, as numbered in the PLOVER manual's Table 7.2 ("Quad categories in PLOVER").
#: The manual contradicts itself on SANCTION (§3.13.4 says material conflict); the numeric table,
#: CAMEO (16, "reduce relations") and the Phoenix/ConfliBERT quad classes put it in verbal
#: conflict, so ``quad_code`` does too (issue 10). Rules that mean "a material hostile act" say
#: so with ``is_hostile`` (extract/folds.py), which still counts SANCTION.
QUAD_CODES: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip

STATUSES: tuple[str, ...] = ("asserted", "negated", "hypothetical", "future", "historical")


@dataclass(frozen=True, slots=True)
class Article:
    """One input article as read, before any analysis.

    ``origin`` says where it came from (``file.jsonl:3``) so later errors can point at it.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    language: str = "en"
    origin: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text: the store uses it to recognise identical copies."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Span:
    """A piece of the article: ``article.text[start:end] == text``."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Entity:
    """A resolved actor or recipient (contract: ``actor[]`` / ``recipient[]``).

    ``name`` is None when the mention is no entity (an unresolved pronoun or description, issue
    #11): it is kept in the record with its country/sector and reason, but never counted as an actor.
    The contract (DESIGN.md, ``event.schema.json``) requires ``name`` to be a string, so the JSON
    record carries the mention's own words there and ``"canonical": false``; ``from_dict`` reads
    that back as None (and still reads older records whose ``name`` is null).
    """

    text: str
    start: int
    end: int
    name: str | None
    country: str | None = None
    sector: str | None = None
    kb_id: str | None = None
    reason: str | None = None
    patron: str | None = None  #: sponsor named in the text ("Iran-backed" → IRN), never the actor itself

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        # no entity: the contract's name is a string, so the words stand in and "canonical" says so
        d["canonical"] = self.name is not None
        if self.name is None:
            d["name"] = self.text
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        """The entity of a JSON record: ``"canonical": false`` (or an older null name) is no entity."""
        fields = {k: v for k, v in d.items() if k != "canonical"}
        if d.get("canonical") is False:
            fields["name"] = None
        return cls(**fields)


@dataclass(slots=True)
class ActorMention:
    """An actor or recipient span proposed by the frame extractor, filled in by the resolver.

    ``head`` is the token index of the span's syntactic head; ``patron`` holds a sponsor named in
    a compound modifier ("Iran-backed militias") so it is not mistaken for the actor itself.
    """

    text: str
    start: int
    end: int
    head: int
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    kb_id: str | None = None
    reason: str | None = None
    patron: str | None = None

    def to_entity(self) -> Entity:
        return Entity(
            text=self.text,
            start=self.start,
            end=self.end,
            # resolved (reason set): None means no entity; never resolved: the raw text
            name=self.name if self.reason is not None else self.text,
            country=self.country,
            sector=self.sector,
            kb_id=self.kb_id,
            reason=self.reason or "unresolved: raw text kept",
            patron=self.patron,
        )


@dataclass(slots=True)
class Attribution:
    """Who reports an event (contract: ``attribution``); ``inherited`` when carried over."""

    text: str
    start: int
    end: int
    named: bool
    count: int | None
    cue: str | None
    outlet: str | None = None
    source: Entity | None = None
    quoted: bool | None = None
    inherited: bool = False
    reason: str | None = None  # why an inherited source was carried over

    def to_dict(self) -> dict[str, Any]:
        out = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "named": self.named,
            "count": self.count,
            "cue": self.cue,
            "outlet": self.outlet,
            "quoted": self.quoted,
            "inherited": self.inherited,
            "reason": self.reason,
        }
        out["source"] = self.source.to_dict() if self.source else None
        return out


@dataclass(slots=True)
class Location:
    """A geocoded place (contract: ``location``).

    ``admin1``/``admin2`` name the first- and second-level areas the place lies in (state,
    county), as ACLED and GDELT exports need them. ``basis`` says how the place was tied to the
    event (:data:`LOCATION_BASES`): the text's own words (``trigger``, ``clause``, ``sentence``), an
    earlier event it refers back to (``antecedent``), or only the article (``dateline``,
    ``article``), which is a weaker claim.
    """

    text: str
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    precision: str
    geonameid: int | None = None
    reason: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    basis: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def acled_precision(self) -> int:
        """ACLED's geo-precision: 1 the named town itself, 2 a part of a region or a town only the
        article (not the event's sentence) names, 3 a larger region or the country."""
        if self.precision in ("country",):
            return 3
        if self.precision == "region":
            return 2 if self.basis in ("trigger", "clause", "sentence", "antecedent") else 3
        return 1 if self.basis in ("trigger", "clause", "sentence", "antecedent", None) else 2


#: How a location was tied to its event, strongest first (``Location.basis``).
LOCATION_BASES: tuple[str, ...] = ("trigger", "clause", "sentence", "antecedent", "dateline", "article")


@dataclass(slots=True)
class DateInfo:
    """The event's date, the words it came from, and how precise it is."""

    date: date | None
    precision: str | None
    text: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Evidence:
    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Governor:
    """A control verb folded into a frame ("plans" in "plans to launch attacks").

    ``fold`` says how it governs its complement (``future``, ``agree``, ``reject``, ``negate``,
    ``request``, ``accuse``, ``threaten``, ``aspect``); the status stage reads it for its cues.
    """

    token: int
    lemma: str
    fold: str


@dataclass(frozen=True, slots=True)
class FrameBasis:
    """What the extractor found for a frame, kept so a later stage can recode its category.

    PLOVER codes an intended cooperative act AGREE, an intended hostile act THREATEN and a refused
    cooperative act REJECT; that is decided in the status stage, after the extractor (and the event
    classifier) coded the act itself. When the category changes, the frame's recipient rules, mode
    and confidence are worked out again from this record (:mod:`dotterel.extract.finish`).
    """

    #: the category the extractor coded (the act itself: "plans to attack" → ASSAULT)
    event_type: str
    #: the nominal trigger's token index ("launched attacks" → "attacks"), if any
    noun: int | None
    #: the act a folded frame is about ("threatened to shell towns" → ASSAULT), with its mode
    inner: tuple[str, str | None] | None
    #: the lexicon row's category, mode and strength
    entry_type: str | None
    entry_mode: str | None
    strength: float
    #: a one-word nominal trigger (a little less sure than a verb)
    single_noun: bool
    #: recipients from the frame's own objects and target prepositions, before any recipient rule
    own_recipients: tuple[ActorMention, ...]


class MentionKind(StrEnum):
    """Why the extractor coded a background noun as an event of its own (issue #5).

    The value is the words written into ``Frame.notes``, the trail a person reads; stages read
    the typed :class:`Mentioned` record (``Frame.mentioned``), never the note.
    """

    OWN_DATE = "mentioned event: own date"
    OWN_TOLL = "mentioned event: own death toll"


@dataclass(frozen=True, slots=True)
class OwnDate:
    """A date entity on the noun itself ("the October 7 attacks"), resolved against publication."""

    text: str
    date: date
    precision: str


@dataclass(frozen=True, slots=True)
class Mentioned:
    """A background violence noun coded because the text gives it a date or a death toll of its own.

    Written by the frame extractor, which resolves the noun's own date once (``own_date``, against
    the publication date or, without one, a fixed base only to check it is a date); the status
    stage reads it to mark the event ``historical`` when that date is before publication.
    """

    kind: MentionKind
    own_date: OwnDate | None = None


@dataclass(slots=True)
class Coding:
    """How the event classifier coded a frame, beside what the rules proposed (``coding``).

    ``decision`` is ``kept`` (the model agrees with the lexicon), ``overruled`` (the model chose
    another category), or ``proposed`` (the rules found nothing; the model coded the sentence's
    main predicate). ``rule_event_type`` is null for a proposal. ``model_event_type`` is the
    model's most likely class, ``NONE`` when it leaned to "no event" without vetoing;
    ``model_probability`` is its calibrated probability of the category the event carries.
    """

    decision: str
    rule_event_type: str | None
    model_event_type: str
    model_probability: float
    rule_confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "rule_event_type": self.rule_event_type,
            "model_event_type": self.model_event_type,
            "model_probability": round(self.model_probability, 3),
            "rule_confidence": None if self.rule_confidence is None else round(self.rule_confidence, 3),
        }


@dataclass(slots=True)
class Frame:
    """One event frame, built up by the pipeline components on ``doc._.frames``.

    The extractor sets the trigger, category, mode, actor and recipient spans and the sentence;
    the status, attribution, resolution, place, date and quantity components fill in the rest.
    ``trigger_token`` is the index of the trigger's head token in the ``Doc``.
    """

    trigger: Span
    trigger_token: int
    event_type: str
    sentence: Evidence
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    recipients: list[ActorMention] = field(default_factory=list)
    status: str = "asserted"
    status_cue: str | None = None
    attribution: Attribution | None = None
    location: Location | None = None
    date: DateInfo | None = None
    quantities: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.5
    lexicon_entry: str | None = None
    notes: list[str] = field(default_factory=list)
    governors: list[Governor] = field(default_factory=list)
    coding: Coding | None = None
    #: set by the extractor when a background noun is coded for its own date or toll
    mentioned: Mentioned | None = None
    #: set by the extractor (not on frames the event classifier proposes)
    basis: FrameBasis | None = None


@dataclass(slots=True)
class Event:
    """One coded event mention: the output contract (DESIGN.md §3)."""

    id: str
    article_id: str
    event_type: str
    mode: str | None
    context: list[str]
    quad_code: int
    actor: list[Entity]
    recipient: list[Entity]
    status: str
    status_cue: str | None
    attribution: Attribution | None
    location: Location | None
    date: str | None
    date_text: str | None
    date_precision: str | None
    quantities: dict[str, Any]
    trigger: Span
    evidence: Evidence
    confidence: float
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    coding: Coding | None = None
    text_quality: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON record; keys follow the schema, extra keys only ever added."""
        return {
            "id": self.id,
            "article_id": self.article_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "context": list(self.context),
            "quad_code": self.quad_code,
            "actor": [e.to_dict() for e in self.actor],
            "recipient": [e.to_dict() for e in self.recipient],
            "status": self.status,
            "status_cue": self.status_cue,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "location": self.location.to_dict() if self.location else None,
            "date": self.date,
            "date_text": self.date_text,
            "date_precision": self.date_precision,
            "quantities": dict(self.quantities),
            "trigger": self.trigger.to_dict(),
            "evidence": self.evidence.to_dict(),
            "confidence": round(float(self.confidence), 3),
            "published": self.published,
            "outlet": self.outlet,
            "url": self.url,
            "coding": self.coding.to_dict() if self.coding else None,
            "text_quality": self.text_quality,
        }


def record_spans(record: dict[str, Any]) -> Iterator[tuple[str, int, int]]:
    """Every ``(text, start, end)`` an event record (its JSON form) claims in the article's text.

    The offsets contract says ``article.text[start:end] == text`` for each of them (trigger,
    evidence sentence, actors, recipients, attribution, location, quantities); the fuzz bench and
    the property tests check that invariant through this one list, so a new span field is added
    here once.
    """
    yield record["trigger"]["text"], record["trigger"]["start"], record["trigger"]["end"]
    yield record["evidence"]["sentence"], record["evidence"]["start"], record["evidence"]["end"]
    for role in ("actor", "recipient"):
        for ent in record[role]:
            yield ent["text"], ent["start"], ent["end"]
    for key in ("attribution", "location"):
        if record.get(key):
            yield record[key]["text"], record[key]["start"], record[key]["end"]
    for info in ((record.get("quantities") or {}).get("spans") or {}).values():
        yield info["text"], info["start"], info["end"]
