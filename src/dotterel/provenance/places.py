"""Where an event happened: the place tied to its trigger, geocoded with the place index.

A sentence often names several places; only one is where the event happened. The rules, in order:

1. a locative phrase ("in/at/near/across X", also "in the city of X", "in X state") attached to the
   trigger or to a head of the trigger's clause (:func:`~dotterel.provenance.syntax.clause_tokens`);
2. a place compounded onto an event noun ("Gaza airstrikes");
3. otherwise the sentence's only locative place, unless it belongs to a clause above the trigger
   (the place where somebody *said* something is not where the reported event happened).

A place that is the subject, possessor or object of a verb is an actor by metonymy ("Tehran plans",
"Iran's Supreme Leader") and never a location, and nothing inside the frame's actor or recipient
spans is. Names with candidates in several countries (Rafah, Tripoli) take the candidate in a
country the article names elsewhere; the ``reason`` says which rule decided.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..records import QUAD_CODES, ActorMention, Frame, Location
from ..spans import char_span
from .gazetteer import BIG_CITY, Place, PlaceIndex, default_index
from .syntax import antecedent_frame, clause_tokens, frame_overlaps

__all__ = ["LOCATIVE_PREPS", "PlaceMention", "PlaceResolver", "place_mentions"]

#: Prepositions that say where something happens ("attacks on Israel" names a target, not a place).
LOCATIVE_PREPS: frozenset[str] = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "across",
        "throughout",
        "through",
        "within",
        "around",
        "along",
        "off",
    }
)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_DIRECTIONS = frozenset(
    str.split(
        "north south east west northern southern eastern western central northeastern northwestern "
        "southeastern southwestern north-east north-west south-east south-west"
    )
)
_PRECISION = {"city": "city", "admin1": "region", "gazetteer": None, "country": "country"}


@dataclass(slots=True)
class PlaceMention:
    """A place name in the text (``start``/``end`` are article offsets) and its candidates."""

    text: str
    start: int
    end: int
    root: Token
    candidates: list[Place]
    qualifier: str | None = None  # "southern" in "southern Lebanon"

    def __post_init__(self) -> None:
        """ "Kaduna state" and "the state of Sinaloa" mean the region, "the city of X" the city."""
        hint = _kind_hint(self.root)
        if hint is not None:
            preferred = [c for c in self.candidates if c.kind == hint]
            if preferred:
                self.candidates = preferred + [c for c in self.candidates if c.kind != hint]


_REGION_NOUNS = frozenset(
    str.split("state province department region governorate district county oblast municipality territory")
)
_CITY_NOUNS = frozenset(str.split("city town capital port village"))


def _kind_hint(root: Token) -> str | None:
    noun = None
    if root.dep_ in ("compound", "nmod") and root.i < root.head.i:
        noun = root.head  # "Kaduna state"
    elif root.dep_ == "pobj" and root.head.lower_ == "of":
        noun = root.head.head  # "the state of Sinaloa", "the city of Culiacán"
    if noun is None:
        return None
    lemma = noun.lemma_.lower()
    return "admin1" if lemma in _REGION_NOUNS else "city" if lemma in _CITY_NOUNS else None


def _trim(span: SpacySpan) -> tuple[SpacySpan, str | None]:
    """Drop a leading article and direction word: "the southern Gaza Strip" → "Gaza Strip"."""
    qualifier = None
    while len(span) > 1 and span[0].lower_ in ("the", *_DIRECTIONS):
        if span[0].lower_ != "the":
            qualifier = span[0].lower_
        span = span[1:]
    return span, qualifier


def place_mentions(doc: Doc, index: PlaceIndex) -> list[PlaceMention]:
    """Every GPE/LOC/FAC entity the index knows, in text order."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in _PLACE_LABELS:
            continue
        span, qualifier = ent, None
        candidates = index.lookup(ent.text)  # "South America" is a name, not the south of America
        if not candidates:
            span, qualifier = _trim(ent)
            candidates = index.lookup(span.text) if span is not ent else []
        if not candidates:
            continue
        if span[0].lower_ == "the" and len(span) > 1:
            span = span[1:]
        s = char_span(doc.text, span.start_char, span.end_char)
        out.append(PlaceMention(s.text, s.start, s.end, span.root, candidates, qualifier))
    out += _locative_names(doc, index, {t.i for m in out for t in doc.char_span(m.start, m.end) or ()})
    return sorted(out, key=lambda m: m.start)


#: Nouns that name a kind of place: "the Norte de Santander department", "the city of Culiacán".
_PLACE_NOUNS = frozenset(
    str.split(
        "city town village municipality department state province region district county capital port "
        "border area neighborhood neighbourhood community"
    )
)


def _proper_run(tok: Token) -> SpacySpan | None:
    """The proper name ending at ``tok``: "Norte de Santander" from its compounds, "San Pedro Sula"."""
    if tok.pos_ != "PROPN":
        return None
    start = tok.i
    while (
        start > tok.sent.start
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
    for prep in doc:
        if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE_PREPS:
            continue
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            heads = [pobj]
            if pobj.lower_ in _PLACE_NOUNS:  # "the city of X", "X department"
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
                s = char_span(doc.text, span.start_char, span.end_char)
                out.append(PlaceMention(s.text, s.start, s.end, span.root, candidates))
    return out


def _article_countries(mentions: list[PlaceMention]) -> Counter[str]:
    """Countries the article names unambiguously: the context that decides ambiguous names."""
    counts: Counter[str] = Counter()
    for m in mentions:
        best = m.candidates[0]
        countries = {c.country for c in m.candidates if c.kind == best.kind and c.country}
        if best.kind == "city" and best.population < BIG_CITY:
            continue  # a small town's namesake abroad ("Baja", Hungary) must not vote for itself
        if best.country and (best.kind == "country" or len(countries) == 1):
            counts[best.country] += 1
    return counts


#: A city outside every country the article names is believed only when it is this large: "Baja"
#: in a story about Mexico is Baja California, not the Hungarian town of that name.
FOREIGN_CITY_MIN = 1_000_000


#: A namesake this many times smaller than the best candidate is no rival: "Paris" in a story that
#: names the United States is still Paris, France, not Paris, Texas.
RIVAL_RATIO = 20


def _comparable(rival: Place, best: Place) -> bool:
    """Can ``rival`` compete with ``best`` for the name? (Regions have no population: they can.)"""
    if not rival.population or not best.population:
        return True
    return rival.population * RIVAL_RATIO >= best.population


def _choose(mention: PlaceMention, countries: Counter[str]) -> tuple[Place | None, str]:
    """The candidate the mention means (``None`` when none fits the article), and why."""
    cands = mention.candidates
    best = cands[0]
    small = best.kind in ("city", "admin1") and best.population < FOREIGN_CITY_MIN
    if small and countries and not any(c.country in countries for c in cands):
        return None, f"'{mention.text}': no candidate in the article's countries"
    rivals = [
        c
        for c in cands[1:]
        if c.country != best.country and c.kind in ("city", "admin1") and _comparable(c, best)
    ]
    if best.kind in ("country", "gazetteer") or not rivals:
        return best, f"{best.kind} '{best.name}'" + (
            "" if best.primary else f" (alternate name '{mention.text}')"
        )
    options = [best, *rivals]
    named = sorted((c for c in options if c.country in countries), key=lambda c: -countries[c.country])
    listed = ", ".join(sorted({c.country or "?" for c in cands}))
    if named:
        pick = named[0]
        return pick, (
            f"'{mention.text}' is ambiguous ({listed}); chose {pick.country}: "
            f"the article names {countries[pick.country]} other place(s) in {pick.country}"
        )
    return (
        best,
        f"'{mention.text}' is ambiguous ({listed}); chose the largest: no other place in the article decides",
    )


def _in_phrase(mention: PlaceMention, pobj: Token) -> bool:
    """Is the mention the object of a locative phrase headed by ``pobj``?

    Covers "in Tehran", "in Sinaloa state", "in the city of Culiacán", "in Culiacán, Sinaloa".
    """
    root = mention.root
    if root.i == pobj.i:
        return True
    if root.head.i == pobj.i and root.dep_ in ("compound", "nmod", "appos", "conj"):
        return True
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.i == pobj.i


def _locative_mentions(token: Token, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Places in the locative phrases attached directly to ``token``, in text order."""
    found = []
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE_PREPS:
            continue
        for pobj in prep.children:
            if pobj.dep_ == "pobj":
                found += [m for m in mentions if _in_phrase(m, pobj)]
    return sorted(found, key=lambda m: m.start)


def _clause_nouns(chain: list[Token], material: bool = False) -> list[Token]:
    """Nouns that are arguments of the clause ("attacked a bar in Culiacán"), nearest first.

    Descends from the clause's tokens through objects, subjects and prepositions, never into
    another clause (a relative, adverbial or complement clause has its own place).
    """
    seen = {t.i for t in chain}
    out: list[Token] = []
    todo = list(chain)
    while todo:
        tok = todo.pop(0)
        for child in tok.children:
            if child.i in seen or child.dep_ not in _ARGUMENT_DEPS:
                continue
            topic = child.dep_ == "prep" and child.lower_ in _TOPIC_PREPS
            if topic and not (material and child.lower_ in _TARGET_PREPS):
                continue  # "concerns about abuse in South America": the topic's place, not the event's
            seen.add(child.i)
            if child.pos_ in ("NOUN", "PROPN", "PRON"):
                out.append(child)
            todo.append(child)
    return out


#: For a material act these name its target, and the target's place is where it happens: "an
#: airstrike on a market in Idlib".
_TARGET_PREPS = frozenset({"on", "against"})
_OWN_CLAUSE = frozenset({"ccomp", "advcl", "relcl", "csubj", "parataxis"})
#: Prepositions that introduce what an act is about or aimed at, not where it happens.
_TOPIC_PREPS = frozenset(
    {"about", "regarding", "concerning", "over", "on", "against", "for", "despite", "like", "than", "as"}
)
#: Subjects are left out: "authorities in Colombia" says where the actor is based, not the event.
_ARGUMENT_DEPS = frozenset({"dobj", "nsubjpass", "pobj", "prep", "attr", "dative", "conj", "appos"})


def _in_parentheses(text: str, start: int, char: int) -> bool:
    before = text[start:char]
    return before.count("(") > before.count(")")


_AIMED_AT = "the place the act was aimed at (the recipient: a city or region, not a country)"


def _within(spans: list[ActorMention], m: PlaceMention) -> bool:
    return any(a.start < m.end and m.start < a.end for a in spans)


def _usable(frame: Frame, m: PlaceMention, material: bool) -> bool:
    """Places in the actor's span are never the location ("Tehran plans", "militias in Gaza"); places in
    the recipient's span are, for a material act, when they are cities or regions: shelling Kharkiv
    happens in Kharkiv, "attacked a police station in Culiacán" in Culiacán. A country as recipient
    ("attacked Israel") and any place in the recipient of a verbal act ("accused Kyiv") stay actors."""
    if _within(frame.actors, m):
        return False
    if not _within(frame.recipients, m) or (m.root.dep_ == "pobj" and m.root.head.lower_ in LOCATIVE_PREPS):
        return True  # "in Cuernavaca" is a place even when the extractor's recipient span covers it
    return material and m.candidates[0].kind != "country" and m.candidates[0].precision != "country"


class PlaceResolver:
    """The ``dotterel_places`` component: fills ``frame.location``."""

    def __init__(self, index: PlaceIndex) -> None:
        self.index = index

    def __call__(self, doc: Doc) -> Doc:
        frames: list[Frame] = doc._.frames or []
        if not frames:
            return doc
        mentions = place_mentions(doc, self.index)
        countries = _article_countries(mentions)
        for frame in frames:
            found = self._tied(doc, frame, mentions)
            if found is not None:
                mention, rule = found
                place, why = _choose(mention, countries)
                if place is not None:
                    frame.location = self._location(mention, place, f"{rule}; {why}")
        for frame in frames:
            if frame.location is None:
                earlier = antecedent_frame(doc, frame, lambda f: f.location is not None)
                if earlier is not None:
                    frame.location = replace(
                        earlier.location,
                        reason=f"'{frame.trigger.text}' refers back to the earlier '{earlier.trigger.text}' "
                        f"located in {earlier.location.text}",
                    )
        return doc

    def _tied(self, doc: Doc, frame: Frame, mentions: list[PlaceMention]) -> tuple[PlaceMention, str] | None:
        trigger = doc[frame.trigger_token]
        material = QUAD_CODES.get(frame.event_type) in (2, 4)
        usable = [m for m in mentions if _usable(frame, m, material)]
        chain = clause_tokens(trigger)
        for depth, tok in enumerate(chain):
            hits = _locative_mentions(tok, usable)
            if hits:
                where = "the trigger" if depth == 0 else f"'{tok.text}' in the trigger's clause"
                return hits[0], f"locative phrase attached to {where}"
        for noun in _clause_nouns(chain, material):
            hits = _locative_mentions(noun, usable)
            if hits:
                return hits[0], f"locative phrase on '{noun.text}', an argument of the trigger's clause"
        if trigger.pos_ in ("NOUN", "PROPN"):
            for m in usable:
                if m.root.head.i == trigger.i and m.root.dep_ == "compound":
                    return m, "place compounded onto the event noun"
        if material:
            for r in frame.recipients:
                inside = [m for m in usable if r.start <= m.start and m.end <= r.end]
                named = inside or self._recipient_name(doc, r)
                if named:
                    return named[0], _AIMED_AT
        return self._sentence_place(doc, frame, trigger, chain, mentions)

    def _sentence_place(
        self, doc: Doc, frame: Frame, trigger: Token, chain: list[Token], mentions: list[PlaceMention]
    ) -> tuple[PlaceMention, str] | None:
        """The sentence's only locative place, if it is not attached above the trigger's clause."""
        sent = doc[trigger.i].sent
        ancestors = {t.i for t in trigger.ancestors}
        # What the act is about is not where it happens: "raised concerns about abuse in South America".
        topics = [c for t in (*chain, *_clause_nouns(chain)) for c in t.children if c.lower_ in _TOPIC_PREPS]
        blocked = {t.i for prep in topics if prep.dep_ == "prep" for t in prep.subtree}
        # A clause of its own below the trigger ("alleging [X is linked to violence in Sinaloa]").
        clauses = [c for t in (*chain, *_clause_nouns(chain)) for c in t.children if c.dep_ in _OWN_CLAUSE]
        blocked |= {t.i for c in clauses for t in c.subtree}
        inside = [m for m in mentions if sent.start_char <= m.start < sent.end_char]
        candidates: dict[str, PlaceMention] = {}
        for tok in sent:
            hits = _locative_mentions(tok, inside)
            if not hits or tok.i in {c.i for c in chain} or tok.i in blocked:
                continue
            if tok.i in ancestors or clause_tokens(tok)[-1].i in ancestors:
                continue  # a place of the clause above (e.g. where it was said) is not this one's
            if tok.pos_ in ("VERB", "AUX"):
                continue  # the place of another verb ("captured and tried in the US") is that verb's
            for m in hits:
                if any(frame_overlaps(f, m.start, m.end) for f in doc._.frames or []):
                    continue
                if _in_parentheses(doc.text, sent.start_char, m.start):
                    continue  # an aside: "(the largest in Latin America)"
                candidates.setdefault(m.candidates[0].name, m)
        if len(candidates) == 1:
            (m,) = candidates.values()
            return m, "the sentence's only place (not attached to the trigger)"
        return None

    def _recipient_name(self, doc: Doc, recipient: ActorMention) -> list[PlaceMention]:
        """A recipient that is a proper name the recogniser did not tag as a place ("shelled Kharkiv")."""
        span = _proper_run(doc[recipient.head])
        if span is None:
            return []
        candidates = self.index.lookup(span.text)
        if not candidates or candidates[0].kind not in ("city", "admin1") or not candidates[0].primary:
            return []  # "Gutierrez" is a surname before it is an alternate name of Tuxtla Gutiérrez
        if span.root.ent_type_ == "PERSON" and candidates[0].population < BIG_CITY:
            return []  # a person's name that is also a small town's
        s = char_span(doc.text, span.start_char, span.end_char)
        return [PlaceMention(s.text, s.start, s.end, span.root, candidates)]

    @staticmethod
    def _location(mention: PlaceMention, place: Place, reason: str) -> Location:
        precision = _PRECISION[place.kind] or place.precision
        if mention.qualifier:
            reason += f"; '{mention.qualifier}' part of it"
            if precision == "country":
                precision = "region"
        return Location(
            text=mention.text,
            start=mention.start,
            end=mention.end,
            name=place.name,
            lat=place.lat,
            lon=place.lon,
            country=place.country,
            precision=precision,
            geonameid=place.geonameid,
            reason=reason,
        )


@Language.factory(
    "dotterel_places",
    requires=["doc.ents", "token.dep", "doc._.frames"],
    assigns=["doc._.frames"],
    default_config={"min_city_population": 15000},
)
def make_place_resolver(nlp: Language, name: str, min_city_population: int) -> PlaceResolver:
    return PlaceResolver(default_index(min_city_population))
