"""The typed result of resolving one actor mention, shared by the resolver and coreference."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import ActorMention, Entity

__all__ = ["Resolution"]


@dataclass(slots=True)
class Resolution:
    """Who a mention is. ``etype`` is the KB entity type (person, armed_group, country, ...) or a
    type read from the text (``group`` for a plural role noun); ``reason`` says which rule decided."""

    name: str | None = None
    country: str | None = None
    sector: str | None = None
    kb_id: str | None = None
    reason: str | None = None
    patron: str | None = None
    etype: str | None = None
    plural: bool = False
    #: the capital a metonymic government was named by ("Tehran" for IRN GOV), else None
    capital: str | None = None
    #: the KB id of the organisation a person belongs to (what "we" in their quote is)
    affiliation: str | None = None
    #: the title of an unnamed office holder ("supreme leader" for "Iran's Supreme Leader")
    office: str | None = None
    #: character span of the named antecedent a pronoun was resolved to (coreference), else None
    antecedent: tuple[int, int] | None = None

    @property
    def resolved(self) -> bool:
        return bool(self.kb_id or self.country or self.sector)

    def fill(self, mention: ActorMention) -> None:
        """Write this resolution into the frame's mention (raw text and offsets stay as they are)."""
        mention.name = self.name  # None: no canonical entity (an unresolved pronoun or description)
        mention.country = self.country
        mention.sector = self.sector
        mention.kb_id = self.kb_id
        mention.reason = self.reason or "unresolved: no KB name, country word or role noun"
        mention.patron = self.patron

    def fill_entity(self, entity: Entity) -> None:
        """Write into an attribution source ``Entity``."""
        entity.name = self.name
        entity.country = self.country
        entity.sector = self.sector
        entity.kb_id = self.kb_id
        entity.reason = self.reason or "unresolved: no KB name, country word or role noun"
        entity.patron = self.patron
