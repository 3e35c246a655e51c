"""The ``dotterel_actors`` spaCy component: resolve every frame's actors, recipients and sources.

It reads ``doc._.frames`` (mentions proposed by the frame extractor, attribution sources set by the
attribution stage) and ``doc._.article.published`` (dated KB roles are judged against it), and
fills each mention's ``name``, ``country``, ``sector``, ``kb_id``, ``reason`` and ``patron``.

The KB is loaded once per process (``load_kb`` is cached) and shared by every article; per-article
coreference state lives in an :class:`ArticleMemory` built fresh for each ``Doc``. The resolver is
registered as ``dotterel.actor_resolver.v1`` so another implementation can be swapped in.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from ..records import QUAD_CODES, ActorMention, Entity
from .anaphora import is_anaphor
from .conjoined import split_conjoined_nationalities
from .coref import ArticleMemory
from .kb import KnowledgeBase, load_kb
from .resolver import ActorResolver
from .result import Resolution

__all__ = [
    "ActorComponent",
    "make_actor_component",
    "actor_resolver_v1",
]


@registry.misc("dotterel.actor_resolver.v1")
def actor_resolver_v1(kb_path: str | None = None) -> ActorResolver:
    return ActorResolver(load_kb(kb_path))


class ActorComponent:
    def __init__(self, resolver: ActorResolver) -> None:
        self.resolver = resolver

    @property
    def kb(self) -> KnowledgeBase:
        return self.resolver.kb

    def __call__(self, doc: Doc) -> Doc:
        frames = doc._.frames or []
        if not frames:
            return doc
        article = doc._.article
        when: date | None = getattr(article, "published", None)
        memory = ArticleMemory()
        self.resolver.prescan(doc, when, memory)
        # resolve in text order, so coreference only ever looks back
        jobs: list[tuple[int, ActorMention | Entity, int | None, str | None]] = []
        for frame in frames:
            quad = QUAD_CODES.get(frame.event_type)
            jobs += [(m.start, m, None, None) for m in frame.actors]
            jobs += [(m.start, m, quad, frame.event_type) for m in frame.recipients]
            source = frame.attribution.source if frame.attribution is not None else None
            if source is not None:
                jobs.append((source.start, source, None, None))
        for _, mention, quad, event in sorted(jobs, key=lambda j: j[0]):
            head = getattr(mention, "head", None)
            res = self.resolver.resolve(
                doc, mention.start, mention.end, head, when, memory, target_quad=quad, target_event=event
            )
            if res.sector is None and res.etype == "country" and quad in (None, 1, 3):
                # "Iran rejected the proposal", "urged Kenya to ...": a state that acts or is
                # addressed is its government, as an acting capital is (PLOVER's IRN GOV); a country
                # hit by a material act keeps no sector (its people or territory may be meant).
                res.sector = "GOV"
                res.reason = f"{res.reason}; a country that acts or is addressed stands for its government"
            if hasattr(mention, "head"):
                res.fill(mention)
                _point_at_antecedent(mention, res, memory)
            else:
                res.fill_entity(mention)
        for frame in frames:
            frame.actors = _distinct(
                [s for m in frame.actors for s in split_conjoined_nationalities(doc, m, self.kb)]
            )
            frame.recipients = _distinct(
                [s for m in frame.recipients for s in split_conjoined_nationalities(doc, m, self.kb)]
            )
        return doc


#: the longest antecedent (in words) a pronoun is shown at
_MAX_ANTECEDENT_WORDS = 8


def _point_at_antecedent(mention: ActorMention, res: Resolution, memory: ArticleMemory) -> None:
    """A pronoun resolved to a name earlier in its own sentence ("Russia said it had expelled
    diplomats") is shown at the name: the span a reader (and a PLOVER coder) marks as the actor.
    The pronoun's words stay in ``reason``; across sentences the pronoun keeps its own span."""
    if res.antecedent is None or not is_anaphor(mention.text):
        return
    start, end = res.antecedent
    words = memory.text[start:end]
    if "," in words or len(words.split()) > _MAX_ANTECEDENT_WORDS:
        return  # "Iran, as the leader of the alliance,": a phrase with asides is no span to show
    if end <= mention.start and memory.sentence_at(start) == memory.sentence_at(mention.start):
        words = mention.text
        mention.text, mention.start, mention.end = memory.text[start:end], start, end
        mention.reason = (
            f"{mention.reason}; shown at the antecedent in its sentence (the text reads '{words}')"
        )


def _distinct(mentions: list[ActorMention]) -> list[ActorMention]:
    """One mention per span (a pronoun shown at its antecedent may repeat a listed actor)."""
    seen: set[tuple[int, int]] = set()
    out = []
    for m in mentions:
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out


@Language.factory(
    "dotterel_actors",
    requires=["doc._.frames", "doc._.article"],
    assigns=["doc._.frames"],
    default_config={"kb_path": None},
)
def make_actor_component(nlp: Language, name: str, kb_path: str | None) -> ActorComponent:
    return ActorComponent(actor_resolver_v1(kb_path))
