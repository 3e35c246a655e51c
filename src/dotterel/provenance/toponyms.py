"""Toponyms: the place names of an article and which place each one means (issue #13).

Finding names (:func:`place_mentions`): spaCy's GPE/LOC/FAC entities the index knows, proper names
in locative phrases the small model missed ("in Sinaloa"), and sub-national descriptions ("Mexico's
east coast", "the north of Syria") that mean a part of a named place. Adjectives of nationality
("Syrian", spaCy's NORP) are never places.

Choosing a place (:func:`resolve_mentions`): every candidate of a name is scored, and the article
decides, as a human reader would:

- **hierarchy next to the name**: "Naroda, Ahmedabad", "Alexandria, La.", "Paris in Texas" — the
  candidate inside the area named right after it wins;
- **the admin areas and countries the article names elsewhere**: "Alexandria" in a story that
  names Louisiana, "Rafah" in one that names the Gaza Strip;
- **nearby places**: a candidate within 100 km of the article's other places;
- **population, as a prior only**: with no evidence the largest namesake is taken, and a tiny
  namesake abroad nothing points to is refused rather than guessed.

Each resolution's ``reason`` names the evidence that decided it. Two passes: the first picks by
prior and unambiguous context, the second lets every name see the others' first-pass choices.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..columns import string_ids, token_columns
from ..spans import char_span
from ..vocabulary import word_sets
from .gazetteer import BIG_CITY, Place, PlaceIndex, distance_km, normalise_name

__all__ = [
    "LOCATIVE_PREPS",
    "PlaceMention",
    "doc_text",
    "place_mentions",
    "place_words",
    "resolve_mentions",
    "MAX_CANDIDATES",
    "FOREIGN_CITY_MIN",
    "LONE_TOWN_MIN",
    "NEAR_KM",
    "nationality_countries",
]

#: Prepositions that say where something happens ("attacks on Israel" names a target, not a place);
#: ``data/words/prepositions.tsv``, set ``locative``.
LOCATIVE_PREPS: frozenset[str] = word_sets("prepositions")["locative"]
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: the same as ids of :func:`dotterel.columns.token_columns`, to scan a document's tokens in one array
_LOCATIVE_IDS = string_ids(LOCATIVE_PREPS)
_PREP_ID = get_string_id("prep")


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed at most once per doc: spaCy joins every token again on each access,
    which made the place component slower than the parser on long articles.

    The pipeline already keeps the text on ``doc._.text`` (:func:`dotterel.spans.doc_text`); joining
    it again once per article still cost a tenth of this stage, so only a ``Doc`` built elsewhere
    pays for the join (once, kept in ``user_data``).
    """
    text = doc._.text if Doc.has_extension("text") else None
    if text is None:
        text = doc.user_data.get("dotterel.text")
        if text is None:
            text = doc.user_data["dotterel.text"] = doc.text
    return text


@lru_cache(maxsize=1)
def place_words() -> dict[str, frozenset[str]]:
    """The word lists of ``data/gazetteer/place_words.tsv`` by kind."""
    text = (resources.files("dotterel") / "data" / "gazetteer" / "place_words.tsv").read_text("utf-8")
    out: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, words = line.split("\t", 1)
            out[kind] = frozenset(words.split())
    return out


@dataclass(slots=True)
class PlaceMention:
    """A place name in the text (``start``/``end`` are article offsets) and its candidates.

    ``qualifier`` is a direction or description of a part ("southern" in "southern Lebanon",
    "east coast" in "Mexico's east coast"): the mention then means a part of its place, at region
    precision. ``place``/``reason`` are set by :func:`resolve_mentions`.
    """

    text: str
    start: int
    end: int
    root: Token
    candidates: list[Place]
    qualifier: str | None = None
    place: Place | None = None
    reason: str = ""
    hint: tuple[str, ...] | None = None
    landmark: bool = False  # the name is a country's or one of our regions' own name ("China", "Middle East")
    described: bool = False  # a description of a part of a named place ("Mexico's east coast")

    def __post_init__(self) -> None:
        """ "Kaduna state" and "the state of Sinaloa" mean the region, "the city of X" the city."""
        self.landmark = any(c.kind in ("country", "gazetteer") and c.primary for c in self.candidates)
        self.hint = _kind_hint(self.root)
        if self.hint is not None:
            preferred = [c for c in self.candidates if c.kind in self.hint]
            if preferred:
                self.candidates = preferred + [c for c in self.candidates if c.kind not in self.hint]


def _kind_hint(root: Token) -> tuple[str, ...] | None:
    noun = None
    if root.dep_ in ("compound", "nmod") and root.i < root.head.i:
        noun = root.head  # "Kaduna state"
    elif root.dep_ == "pobj" and root.head.lower_ == "of":
        noun = root.head.head  # "the state of Sinaloa", "the city of Culiacán"
    if noun is None:
        return None
    lemma = noun.lemma_.lower()
    words = place_words()
    if lemma in words["region_noun"]:
        return (
            ("admin2", "admin1") if lemma in ("county", "parish", "district", "municipality") else ("admin1",)
        )
    return ("city",) if lemma in words["city_noun"] else None


# --- finding place names -----------------------------------------------------------------------


def _trim(span: SpacySpan) -> tuple[SpacySpan, str | None]:
    """Drop a leading article and direction word: "the southern Gaza Strip" → "Gaza Strip"."""
    qualifier = None
    directions = place_words()["direction"]
    while len(span) > 1 and span[0].lower_ in ("the", *directions):
        if span[0].lower_ != "the":
            qualifier = span[0].lower_
        span = span[1:]
    return span, qualifier


def _direction_before(span: SpacySpan) -> Token | None:
    """A direction adjective right before the name and modifying it: "northern" in "northern Syria"."""
    if span.start == 0:
        return None
    prev = span.doc[span.start - 1]
    if (
        prev.lower_ in place_words()["direction"]
        and prev.dep_ == "amod"
        and prev.head.i in range(span.start, span.end)
    ):
        return prev
    return None


def _is_demonym(span: SpacySpan, candidates: list[Place]) -> bool:
    """ "Syrian", "Iraqi": an adjective that only an alternate name of a place matches."""
    return span.root.pos_ == "ADJ" and not any(c.primary for c in candidates)


def _is_description(span: SpacySpan) -> bool:
    """Only direction and part words ("east coast", "the North", "border region"): no name at all."""
    words = place_words()
    content = [t for t in span if t.lower_ != "the"]
    return bool(content) and all(t.lower_ in words["direction"] or t.lower_ in words["part"] for t in content)


def place_mentions(doc: Doc, index: PlaceIndex) -> list[PlaceMention]:
    """Every place name the index knows, and every description of a part of one, in text order."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in _PLACE_LABELS or _is_description(ent):
            continue
        span, qualifier = ent, None
        candidates = index.lookup(ent.text)  # "South America" is a name, not the south of America
        if not candidates:
            span, qualifier = _trim(ent)
            candidates = index.lookup(span.text) if span is not ent else []
        if not candidates or _is_demonym(span, candidates):
            continue
        if span[0].lower_ == "the" and len(span) > 1:
            span = span[1:]
        direction = _direction_before(span)
        if direction is not None and qualifier is None:  # "northern Syria", the entity being "Syria"
            qualifier, span = direction.lower_, doc[direction.i : span.end]
        s = char_span(doc_text(doc), span.start_char, span.end_char)
        out.append(PlaceMention(s.text, s.start, s.end, span.root, candidates, qualifier))
    out += _locative_names(doc, index, {t.i for m in out for t in doc.char_span(m.start, m.end) or ()})
    out += _descriptions(doc, out)
    return sorted(out, key=lambda m: m.start)


def _descriptions(doc: Doc, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """ "Mexico's east coast", "the north of Syria", "Syria's border region": a part of a named
    country or region, which means that place at region precision (never a town called "Coast")."""
    words = place_words()
    by_root = {m.root.i: m for m in mentions}
    out = []
    part_words, nouns = _description_ids()
    lowers, pos_ids = token_columns(doc, ("LOWER", "POS"))
    for i, (lower, pos) in enumerate(zip(lowers, pos_ids, strict=True)):
        if lower not in part_words or pos not in nouns:
            continue
        tok = doc[i]
        owner = None
        for child in tok.children:
            if child.dep_ == "poss" and child.i in by_root:
                owner = by_root[child.i]
            elif child.dep_ == "prep" and child.lower_ == "of":
                owner = next((by_root[g.i] for g in child.children if g.i in by_root), owner)
        if owner is None or owner.candidates[0].kind not in ("country", "admin1", "gazetteer"):
            continue
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound") and c.lower_ in words["direction"]]
        described = " ".join([*(m.lower_ for m in mods), tok.lower_])
        lo = min(owner.start, *(m.idx for m in mods), tok.idx)
        hi = max(owner.end, tok.idx + len(tok))
        s = char_span(doc_text(doc), lo, hi)
        areas = [c for c in owner.candidates if c.kind in ("country", "admin1", "gazetteer")]
        out.append(PlaceMention(s.text, s.start, s.end, tok, areas, described, described=True))
    return out


@lru_cache(maxsize=1)
def _description_ids() -> tuple[frozenset[int], frozenset[int]]:
    """The ids (:mod:`dotterel.columns`) of the part and direction words, and of the noun tags."""
    words = place_words()
    return string_ids(words["part"] | words["direction"]), string_ids(("NOUN", "PROPN"))


def _proper_run(tok: Token) -> SpacySpan | None:
    """The proper name ending at ``tok``: "Norte de Santander" from its compounds, "San Pedro Sula"."""
    if tok.pos_ != "PROPN":
        return None
    start = tok.i
    while (
        start > 0
        and not tok.doc[start].is_sent_start
        and tok.doc[start - 1].head.i in range(start, tok.i + 1)
        and (
            tok.doc[start - 1].pos_ == "PROPN"
            or tok.doc[start - 1].lower_ in ("de", "del", "la", "el", "do", "da")
        )
    ):
        start -= 1
    while tok.doc[start].pos_ != "PROPN":
        start += 1
    return tok.doc[start : tok.i + 1]


def _locative_names(doc: Doc, index: PlaceIndex, covered: set[int]) -> list[PlaceMention]:
    """Proper names in locative phrases that spaCy's small model did not label as places.

    "in Bogotá" tagged PERSON, "in Sinaloa" with no label, "the Norte de Santander department" as
    ORG: inside "in/at/near ..." a proper name the place index knows is taken as a place. Outside
    locative phrases names are left to the entity recogniser (a person called Jordan is not a country).
    """
    out: list[PlaceMention] = []
    nouns = place_words()["place_noun"]
    deps, lowers = token_columns(doc, ("DEP", "LOWER"))
    for i, (dep, lower) in enumerate(zip(deps, lowers, strict=True)):
        if dep != _PREP_ID or lower not in _LOCATIVE_IDS:
            continue
        prep = doc[i]
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            heads = [pobj]
            if pobj.lower_ in nouns:  # "the city of X", "X department"
                heads += [c for c in pobj.children if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"]
                for of in (c for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"):
                    heads += [c for c in of.children if c.dep_ == "pobj"]
            for head in heads:
                span = _proper_run(head)
                if span is None or any(t.i in covered for t in span):
                    continue
                candidates = index.lookup(span.text)
                if span.root.ent_type_ not in _PLACE_LABELS:
                    # A name the recogniser did not call a place must be a place's own name, not
                    # one of its alternate names: "within Hamas" is not Hamm, Germany.
                    candidates = [c for c in candidates if c.primary]
                if not candidates:
                    continue
                covered.update(t.i for t in span)
                s = char_span(doc_text(doc), span.start_char, span.end_char)
                out.append(PlaceMention(s.text, s.start, s.end, span.root, candidates))
    return out


# --- choosing a place ---------------------------------------------------------------------------

#: Candidates considered per name (best first by kind, own name, population).
MAX_CANDIDATES = 40
#: A city outside every country the article names is believed only when it is this large: "Baja"
#: in a story about Mexico is Baja California, not the Hungarian town of that name.
FOREIGN_CITY_MIN = 1_000_000
#: With no evidence at all, a town smaller than this is a guess among namesakes: refused.
LONE_TOWN_MIN = 5_000
#: Within this distance of another place of the article, a candidate is "nearby".
NEAR_KM = 100.0

_KIND_PRIOR = {"country": 3.0, "gazetteer": 2.6, "admin1": 1.2, "admin2": 0.4, "city": 0.0}


def _prior(c: Place) -> float:
    """Kind, own name, population (log, capped): evidence-free preference among namesakes."""
    score = _KIND_PRIOR[c.kind] + (1.0 if c.primary else 0.0)
    if c.kind == "city" and c.primary and c.population >= BIG_CITY:
        score += 1.8  # "Tehran" the city before Tehran province, "Washington" the capital before the state
    if c.capital and c.primary:
        score += 0.6
    return score + 0.35 * min(math.log10(c.population + 10), 7.0)


@dataclass(slots=True)
class _Context:
    """What the rest of the article says, from the current choices of its *other* names: repeats of
    the same name ("Paris" ... "Paris") are never evidence for each other."""

    countries: Counter[str]  # of the places named
    areas: list[tuple[Place, PlaceMention]]  # admin areas, regions and countries chosen
    points: list[tuple[Place, PlaceMention]]  # places with coordinates (not countries, not parts)
    nationalities: Counter[str] = field(default_factory=Counter)  # "Iraqi" → IRQ: evidence, not places


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Nationality word → country code, from the knowledge base's country records."""
    import json

    text = (resources.files("dotterel") / "data" / "kb" / "countries.jsonl").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip():
            rec = json.loads(line)
            for word in rec.get("demonyms") or ():
                out.setdefault(word.casefold(), rec["country"])
    return out


def nationality_countries(doc: Doc) -> Counter[str]:
    """Countries the article's nationality words point to ("Iraqi police" → IRQ), once per word: never
    places themselves, but evidence for a name's country ("Iraqi police ... in Basra")."""
    demonyms = _demonyms()
    words = {e.text.casefold() for e in doc.ents if e.label_ == "NORP"}
    return Counter(code for w in words if (code := demonyms.get(w)) is not None)


def _context(mentions: list[PlaceMention], key: str) -> _Context:
    countries: Counter[str] = Counter()
    areas = []
    points = []
    seen: set[int] = set()
    for m in mentions:
        p = m.place
        if p is None or normalise_name(m.text) == key:
            continue
        if p.country and not m.described:  # "Mexico's east coast" repeats "Mexico": no second vote
            countries[p.country] += 2 if p.kind == "country" else 1
        if p.kind in ("admin1", "admin2", "country"):
            areas.append((p, m))
        if p.kind != "country" and p.lat is not None and not m.described and p.ref not in seen:
            seen.add(p.ref)  # one place named five times is one neighbour
            points.append((p, m))
    return _Context(countries, areas, points)


def _container(doc: Doc, mentions: list[PlaceMention], i: int) -> PlaceMention | None:
    """The name right after mention ``i`` that says where it is: "Naroda, Ahmedabad", "Alexandria,
    La.", "Paris in Texas", "Rafah (Gaza)"."""
    if i + 1 >= len(mentions):
        return None
    m, n = mentions[i], mentions[i + 1]
    between = doc_text(doc)[m.end : n.start].strip().lower()
    return n if between in (",", "in", "(", "of", "-", "—", "in the", ", in") else None


def _score(c: Place, m: PlaceMention, ctx: _Context, container: PlaceMention | None) -> tuple[float, str]:
    """A candidate's score and the strongest evidence for it."""
    score = _prior(c)
    evidence: list[tuple[float, str]] = []
    if m.hint is not None and c.kind in m.hint:
        noun = m.root.head.lower_ if m.root.dep_ != "pobj" else m.root.head.head.lower_
        evidence.append((4.0, f"the text calls it a {noun}"))
    if container is not None and container.candidates:
        inside = [a for a in container.candidates if a.contains(c)]
        near = [a for a in container.candidates if a.kind == "city" and distance_km(a, c) <= 30]
        if inside or near:
            a = (inside or near)[0]
            evidence.append((6.0, f"named with '{container.text}' ({a.name}, {a.country}), which it lies in"))
    named_areas = [(p, o) for p, o in ctx.areas if p.kind != "country" and p.contains(c)]
    if named_areas:
        area, other = named_areas[0]
        # weaker for an alternate name: "Washington" is the capital, not Washington County, Oklahoma
        weight = 3.5 if c.primary else 2.0
        evidence.append((weight, f"in {area.name}, which the article names ('{other.text}')"))
    inside_it = {p.ref for p, _ in ctx.points if c.contains(p)}
    if inside_it:
        evidence.append(
            (min(3.0, 1.0 * len(inside_it)), f"holds {len(inside_it)} other place(s) the article names")
        )
    near = [(distance_km(c, p), o.text) for p, o in ctx.points if p.ref != c.ref]
    near = [(d, t) for d, t in near if d <= NEAR_KM]
    if near and c.kind != "country":
        d, t = min(near)
        evidence.append((1.5, f"{d:.0f} km from '{t}', which the article also names"))
    others = ctx.countries + ctx.nationalities  # evidence; refusals below use named places only
    if c.country and others[c.country] > 0 and c.kind != "country":
        evidence.append(
            (
                1.5 + 0.3 * min(others[c.country], 5),
                f"in {c.country}, which the article names {others[c.country]} other time(s)",
            )
        )
    elif ctx.countries and c.kind in ("city", "admin2") and c.population < FOREIGN_CITY_MIN:
        score -= 2.0
    if c.kind in ("city", "admin2") and m.landmark and not any(w >= 4.0 for w, _ in evidence):
        # "China" is the country, not China, Texas, unless the text says "China, Texas"; "the Middle
        # East" is the region, not a Baltimore neighbourhood of that name
        score -= 4.0
    score += sum(w for w, _ in evidence)
    evidence.sort(reverse=True)
    return score, "; ".join(why for _, why in evidence[:2])


def resolve_mentions(doc: Doc, mentions: list[PlaceMention]) -> None:
    """Set ``place`` and ``reason`` on every mention (``place`` None when nothing fits the article)."""
    for m in mentions:
        m.candidates = m.candidates[:MAX_CANDIDATES]
        m.place = m.candidates[0]
    containers = [_container(doc, mentions, i) for i in range(len(mentions))]
    nationalities = nationality_countries(doc)
    for _ in range(2):
        contexts: dict[str, _Context] = {}
        for i, m in enumerate(mentions):
            key = normalise_name(m.text)
            if key not in contexts:
                contexts[key] = _context(mentions, key)
                contexts[key].nationalities = nationalities
            m.place, m.reason = _decide(m, contexts[key], containers[i])


def _decide(m: PlaceMention, ctx: _Context, container: PlaceMention | None) -> tuple[Place | None, str]:
    scored = []
    for c in m.candidates:
        s, why = _score(c, m, ctx, container)
        scored.append((s, -c.ref, c, why))
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    _, _, best, why = scored[0]
    foreign = ctx.countries and not any(c.country in ctx.countries for c in m.candidates)
    small = best.kind in ("city", "admin1", "admin2") and best.population < FOREIGN_CITY_MIN
    if foreign and small and not why:
        return None, f"'{m.text}': no candidate in the article's countries"
    if (
        not why
        and best.kind in ("city", "admin2")
        and best.population < LONE_TOWN_MIN
        and len(m.candidates) > 1
    ):
        return (
            None,
            f"'{m.text}': {len(m.candidates)} small places share the name and nothing in the article decides",
        )
    label = f"{best.kind} '{best.name}'" + ("" if best.primary else f" (alternate name '{m.text}')")
    rivals = {
        c.country
        for c in m.candidates
        if c.country != best.country and c.kind in ("city", "admin1", "admin2")
    }
    if why:
        return best, f"{label}: {why}"
    if rivals and best.kind not in ("country", "gazetteer"):
        listed = ", ".join(sorted({c.country or "?" for c in m.candidates}))
        return (
            best,
            f"{label}: '{m.text}' is ambiguous ({listed}); chose the largest, nothing in the article decides",
        )
    return best, label
