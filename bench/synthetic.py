"""Synthetic event mentions at any scale, for the clustering benchmark and its equivalence test.

A deterministic stream of articles (lists of :class:`Event`) spread over ``days`` days, shaped
like a news day: skewed categories (many ASSAULT, CONSULT, ...), actors drawn from a long-tailed
pool (a few very frequent, most rare; a third unresolved names), half the mentions with a
recipient, most with a place, and a few non-asserted statuses. Wire stories repeat the same
event across outlets, so clusters of several mentions form, as in real data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from dotterel.records import QUAD_CODES, Entity, Event, Evidence, Location, Span

#: (category, share of mentions); quad codes come from the contract's table.
TYPES = (
    ("ASSAULT", 20), ("CONSULT", 15), ("COERCE", 10), ("PROTEST", 8), ("ACCUSE", 8), ("AGREE", 6),
    ("SUPPORT", 6), ("REQUEST", 5), ("THREATEN", 5), ("COOPERATE", 4), ("REJECT", 4), ("AID", 3),
    ("SANCTION", 2), ("MOBILIZE", 2), ("CONCEDE", 1), ("RETREAT", 1),
)  # fmt: skip
COUNTRIES = tuple(f"C{i:02d}" for i in range(190))
SECTORS = ("GOV", "MIL", "REB", "CVL", "POL", "BUS", None)
STATUSES = ("asserted",) * 17 + ("negated", "hypothetical", "future")


def _zipf_cumulative(n: int) -> list[float]:
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / rank
        out.append(total)
    return out


class World:
    """Actors and places drawn once; ``pick_actor`` is long-tailed (Pareto ranks)."""

    def __init__(self, rng: random.Random, n_actors: int = 50_000, n_places: int = 5_000) -> None:
        self.rng = rng
        self.actors = []
        # Zipf's law (exponent 1), the usual model of how often entities are named in news: the
        # most frequent actor is in about 9% of mentions, the most frequent country about 17%.
        self.ranks = list(range(n_actors))
        self.cum = _zipf_cumulative(n_actors)
        country_cum = _zipf_cumulative(len(COUNTRIES))
        for i in range(n_actors):
            country = rng.choices(COUNTRIES, cum_weights=country_cum)[0]
            resolved = rng.random() < 0.67
            self.actors.append(
                dict(
                    text=f"actor {i}",
                    name=f"Actor {i}",
                    country=country,
                    sector=rng.choice(SECTORS),
                    kb_id=f"Q{i}" if resolved else None,
                )
            )
        self.places = [
            Location(
                text=f"place {i}",
                start=0,
                end=7,
                name=f"Place {i}",
                lat=rng.uniform(-60, 70),
                lon=rng.uniform(-180, 180),
                country=COUNTRIES[i % len(COUNTRIES)],
                precision="city" if i % 10 else "country",
                geonameid=100_000 + i,
            )
            for i in range(n_places)
        ]

    def pick_actor(self) -> Entity:
        a = self.actors[self.rng.choices(self.ranks, cum_weights=self.cum)[0]]
        return Entity(text=a["text"], start=0, end=len(a["text"]), name=a["name"], country=a["country"],
                      sector=a["sector"], kb_id=a["kb_id"])  # fmt: skip


def articles(
    n_events: int, *, days: int = 365, seed: int = 18, start: date = date(2024, 1, 1), prefix: str = "art"
) -> Iterator[list[Event]]:
    """About ``n_events`` mentions in articles of 1-7 events (ids ``{prefix}{i}``), in date order."""
    rng = random.Random(seed)
    world = World(rng)
    types = [t for t, _ in TYPES]
    weights = [w for _, w in TYPES]
    n_articles = max(1, n_events // 4)
    made = 0
    stories: list[tuple[str, list[Entity], list[Entity], Location | None]] = []  # recent events, re-reported
    for i in range(n_articles):
        if made >= n_events:
            return
        day = start + timedelta(days=i * days // n_articles)
        art = f"{prefix}{i}"
        events = []
        for j in range(rng.randint(1, 7)):
            if stories and rng.random() < 0.35:  # another outlet's report of a recent event
                etype, actors, recipients, loc = rng.choice(stories)
            else:
                etype = rng.choices(types, weights)[0]
                actors = [world.pick_actor() for _ in range(1 if rng.random() < 0.8 else 2)]
                recipients = [world.pick_actor()] if rng.random() < 0.5 else []
                loc = rng.choice(world.places) if rng.random() < 0.7 else None
                stories.append((etype, actors, recipients, loc))
                if len(stories) > 2000:
                    stories.pop(0)
            when = day - timedelta(days=rng.choice((0, 0, 0, 1)))
            sentence = f"{actors[0].text} {etype.lower()} {recipients[0].text if recipients else ''} #{i}.{j}"
            events.append(
                Event(
                    id=f"{art}-e{j}",
                    article_id=art,
                    event_type=etype,
                    mode=None,
                    context=[],
                    quad_code=QUAD_CODES[etype],
                    actor=actors,
                    recipient=recipients,
                    status=rng.choice(STATUSES),
                    status_cue=None,
                    attribution=None,
                    location=loc,
                    date=when.isoformat(),
                    date_text=None,
                    date_precision="day",
                    quantities={},
                    trigger=Span(etype.lower(), 0, len(etype)),
                    evidence=Evidence(sentence, 0, len(sentence)),
                    confidence=round(rng.uniform(0.3, 0.95), 3),
                    published=day.isoformat(),
                    outlet=f"outlet{rng.randint(0, 300)}",
                    url=None,
                )
            )
        made += len(events)
        yield events
