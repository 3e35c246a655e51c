"""Where an event happened: the best place the text supports, and how it was tied (issue #13).

The article's place names are found and resolved once (:mod:`.toponyms`); this module ties each
event to one of them. A sentence often names several places; only one is where the event happened.
The rules, strongest first, and the ``basis`` each gives the location:

1. ``trigger``: a locative phrase ("in/at/near/across X", also "in the city of X", "in X state")
   attached to the trigger;
2. ``clause``: one attached to a head of the trigger's clause
   (:func:`~dotterel.provenance.syntax.clause_tokens`) or to an argument of it ("attacked a bar in
   Culiacán"), a place compounded onto an event noun ("Gaza airstrikes"), the city or region a
   material act was aimed at ("shelled Kharkiv");
3. ``antecedent``: a definite event noun ("during the meeting") takes the earlier event's place;
4. ``sentence``: the sentence's locative place nearest the trigger that no other verb, clause above
   or topic ("concerns about abuse in X") claims, else a place the sentence names in passing;
5. ``dateline``: the article's dateline ("ALEXANDRIA, La. —");
6. ``article``: the article's main place (the place it names most, or its one country).

A place that is the subject, possessor or object of a verb is an actor by metonymy ("Tehran plans",
"Iran's Supreme Leader") and never tied by rules 1-4, and nothing inside the frame's actor span is.
Rules 5 and 6 are weaker claims, and ``basis`` says so (exports map them to ACLED precision 2-3).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..records import QUAD_CODES, ActorMention, Frame, Location
from ..spans import char_span
from ..vocabulary import word_sets
from .gazetteer import BIG_CITY, Place, PlaceIndex, default_index
from .syntax import antecedent_frame, clause_tokens, frame_overlaps
from .toponyms import LOCATIVE_PREPS, PlaceMention, _proper_run, doc_text, place_mentions, resolve_mentions

__all__ = [
    "LOCATIVE_PREPS",
    "PlaceMention",
    "PlaceResolver",
    "place_mentions",
    "MIN_UNTAGGED_TOWN",
    "make_place_resolver",
]

_PRECISION = {"city": "city", "admin1": "region", "admin2": "region", "gazetteer": None, "country": "country"}


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


def _sentence_hits(
    doc: Doc, sent: Span, mentions: list[PlaceMention]
) -> list[tuple[Token, list[PlaceMention]]]:
    """The sentence's tokens with locative places, found once per sentence, not once per frame.

    Kept in ``doc.user_data`` for the length of the stage: per frame it made the stage quadratic
    in the length of a sentence with many events (issue 17).
    """
    key = ("dotterel_places_hits", sent.start, id(mentions))  # one mention list per stage call
    found = doc.user_data.get(key)
    if found is None:
        inside = [m for m in mentions if sent.start_char <= m.start < sent.end_char]
        found = [(tok, hits) for tok in sent if (hits := _locative_mentions(tok, inside))]
        doc.user_data[key] = found
    return found


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
#: airstrike on a market in Idlib" (``data/words/prepositions.tsv``, as every set below).
_TARGET_PREPS = word_sets("prepositions")["material_target"]
_OWN_CLAUSE = frozenset({"ccomp", "advcl", "relcl", "csubj", "parataxis"})
#: Prepositions that introduce what an act is about or aimed at, not where it happens.
_TOPIC_PREPS = word_sets("prepositions")["topic"]
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


#: The smallest town an untagged recipient name may be ("shelled Tulkarm").
MIN_UNTAGGED_TOWN = 15_000
#: A dateline: the article opens with a place (capitals or not), optionally a state, then a dash or
#: an agency in parentheses: "ALEXANDRIA, La. —", "KABUL (Reuters) -", "Mexico City, Mexico –".
_DATELINE = re.compile(
    r"^\s*([A-Z][^\n,()—–-]{1,40}?)(?:,\s*[^\n,()—–-]{1,30}?)?\s*(?:\([^)]{1,40}\)\s*)?[—–-]{1,2}\s"
)


class PlaceResolver:
    """The ``dotterel_places`` component: fills ``frame.location``."""

    def __init__(self, index: PlaceIndex, article_fallback: bool = True) -> None:
        self.index = index
        self.article_fallback = article_fallback

    def __call__(self, doc: Doc) -> Doc:
        frames: list[Frame] = doc._.frames or []
        if not frames:
            return doc
        mentions = place_mentions(doc, self.index)
        resolve_mentions(doc, mentions)
        mentions = [m for m in mentions if m.place is not None]
        dateline = _dateline(doc, mentions)
        if (
            dateline is not None
        ):  # "Culiacán, Mexico — Gunmen attacked ...": the dateline is no part of the sentence
            mentions = [m for m in mentions if m.start >= dateline[1]]
        for frame in frames:
            found = self._tied(doc, frame, mentions)
            if found is not None:
                mention, rule, basis = found
                frame.location = self._location(mention, f"{rule}; {mention.reason}", basis)
        for frame in frames:
            if frame.location is None:
                earlier = antecedent_frame(doc, frame, lambda f: f.location is not None)
                if earlier is not None:
                    frame.location = replace(
                        earlier.location,
                        reason=f"'{frame.trigger.text}' refers back to the earlier '{earlier.trigger.text}' "
                        f"located in {earlier.location.text}",
                        basis="antecedent",
                    )
        for frame in frames:
            if frame.location is None:
                m = self._sentence_mention(doc, frame, mentions)
                if m is not None:
                    frame.location = self._location(
                        m,
                        f"the sentence names '{m.text}' (not attached to the trigger); {m.reason}",
                        "sentence",
                    )
        if self.article_fallback and dateline is not None:
            m = dateline[0]
            for frame in frames:
                if frame.location is None:
                    frame.location = self._location(
                        m, f"the article's dateline '{m.text}'; {m.reason}", "dateline"
                    )
        if self.article_fallback and any(f.location is None for f in frames):
            main = _main_place(mentions)
            if main is not None:
                mention, why, basis = main
                named = [m for m in mentions if m.place is not None and m.place.ref == mention.place.ref]  # type: ignore[union-attr]
                for frame in frames:
                    sent = _sentence(doc, frame.trigger_token)
                    if frame.location is None and not all(
                        sent.start_char <= m.start < sent.end_char for m in named
                    ):  # the event's own sentence already said why its place is not this event's
                        frame.location = self._location(mention, why, basis)
        return doc

    def _tied(
        self, doc: Doc, frame: Frame, mentions: list[PlaceMention]
    ) -> tuple[PlaceMention, str, str] | None:
        trigger = doc[frame.trigger_token]
        material = QUAD_CODES.get(frame.event_type) in (2, 4)
        usable = [m for m in mentions if _usable(frame, m, material)]
        chain = clause_tokens(trigger)
        for depth, tok in enumerate(chain):
            hits = _locative_mentions(tok, usable)
            if hits:
                if depth == 0:
                    return hits[0], "locative phrase attached to the trigger", "trigger"
                return hits[0], f"locative phrase attached to '{tok.text}' in the trigger's clause", "clause"
        for noun in _clause_nouns(chain, material):
            hits = _locative_mentions(noun, usable)
            if hits:
                return (
                    hits[0],
                    f"locative phrase on '{noun.text}', an argument of the trigger's clause",
                    "clause",
                )
        if trigger.pos_ in ("NOUN", "PROPN"):
            for m in usable:
                if m.root.head.i == trigger.i and m.root.dep_ == "compound":
                    return m, "place compounded onto the event noun", "trigger"
        if material:
            for m in usable:  # "shelled Kharkiv", "battered Mexico's east coast"
                aimed = m.root.head.i == trigger.i and m.root.dep_ == "dobj"
                if aimed and (m.place.kind != "country" or m.qualifier):  # type: ignore[union-attr]
                    return m, _AIMED_AT, "clause"
            for r in frame.recipients:
                inside = [m for m in usable if r.start <= m.start and m.end <= r.end]
                named = inside or self._recipient_name(doc, r, mentions)
                if named:
                    return named[0], _AIMED_AT, "clause"
        found = self._sentence_place(doc, frame, trigger, chain, mentions)
        return (*found, "sentence") if found is not None else None

    def _sentence_place(
        self, doc: Doc, frame: Frame, trigger: Token, chain: list[Token], mentions: list[PlaceMention]
    ) -> tuple[PlaceMention, str] | None:
        """The sentence's locative place nearest the trigger, if it is not attached above the
        trigger's clause, to another verb, to a topic or to a clause of its own."""
        sent = _sentence(doc, trigger.i)
        blocked = _blocked(trigger, chain)
        ancestors = {t.i for t in trigger.ancestors}
        candidates: list[PlaceMention] = []
        chain_ids = {c.i for c in chain}
        for tok, hits in _sentence_hits(doc, sent, mentions):
            if tok.i in chain_ids or tok.i in blocked:
                continue
            if tok.i in ancestors or clause_tokens(tok)[-1].i in ancestors:
                continue  # a place of the clause above (e.g. where it was said) is not this one's
            if tok.pos_ in ("VERB", "AUX"):
                continue  # the place of another verb ("captured and tried in the US") is that verb's
            for m in hits:
                if any(frame_overlaps(f, m.start, m.end) for f in doc._.frames or []):
                    continue
                if _in_parentheses(doc_text(doc), sent.start_char, m.start):
                    continue  # an aside: "(the largest in Latin America)"
                candidates.append(m)
        if not candidates:
            return None
        names = {m.place.ref for m in candidates}  # type: ignore[union-attr]
        m = min(candidates, key=lambda m: abs(m.root.i - trigger.i))
        if len(names) == 1:
            return m, "the sentence's only place (not attached to the trigger)"
        return m, f"the sentence's locative place nearest the trigger (of {len(names)})"

    def _sentence_mention(self, doc: Doc, frame: Frame, mentions: list[PlaceMention]) -> PlaceMention | None:
        """Any place the event's sentence names that is not an actor, a topic, the place of the
        clause above or of a clause of its own: sub-national places first, nearest the trigger."""
        trigger = doc[frame.trigger_token]
        sent = _sentence(doc, trigger.i)
        chain = clause_tokens(trigger)
        blocked = _blocked(trigger, chain)
        chain_ids = {c.i for c in chain}
        found = []
        for m in mentions:
            if not sent.start_char <= m.start < sent.end_char or _within(frame.actors, m):
                continue
            if m.root.i in blocked or not _in_passing(m.root):
                continue
            verb = _verb_of(m.root)
            if verb is not None and verb.i not in chain_ids:
                continue  # another verb's place ("captured and tried in the US"), or the clause above's
            if _in_parentheses(doc_text(doc), sent.start_char, m.start):
                continue
            if any(frame_overlaps(f, m.start, m.end) for f in doc._.frames or [] if f is not frame):
                continue
            found.append(m)
        if not found:
            return None
        return min(found, key=lambda m: (m.place.kind == "country", abs(m.root.i - trigger.i)))  # type: ignore[union-attr]

    def _recipient_name(
        self, doc: Doc, recipient: ActorMention, mentions: list[PlaceMention]
    ) -> list[PlaceMention]:
        """A recipient that is a proper name the recogniser did not tag as a place ("shelled Kharkiv").

        A name it tagged as something else (an organisation, a person) counts only in a country
        the article names: "Toyota" in a story about Detroit is the carmaker, not the Japanese city.
        """
        span = _proper_run(doc[recipient.head])
        if span is None:
            return []
        candidates = self.index.lookup(span.text)
        if not candidates or candidates[0].kind not in ("city", "admin1") or not candidates[0].primary:
            return []  # "Gutierrez" is a surname before it is an alternate name of Tuxtla Gutiérrez
        if candidates[0].population < MIN_UNTAGGED_TOWN:
            return []  # a village's name the recogniser did not call a place is most likely something else
        if span.root.ent_type_ == "PERSON" and candidates[0].population < BIG_CITY:
            return []  # a person's name that is also a small town's
        countries = {m.place.country for m in mentions if m.place is not None}
        if span.root.ent_type_ and countries and candidates[0].country not in countries:
            return []
        s = char_span(doc_text(doc), span.start_char, span.end_char)
        m = PlaceMention(s.text, s.start, s.end, span.root, candidates)
        m.place, m.reason = candidates[0], f"{candidates[0].kind} '{candidates[0].name}'"
        return [m]

    @staticmethod
    def _location(mention: PlaceMention, reason: str, basis: str) -> Location:
        place: Place = mention.place  # type: ignore[assignment]
        precision = _PRECISION[place.kind] or place.precision
        if mention.qualifier:
            reason += f"; the '{mention.qualifier}' part of it"
            if precision in ("country", "city"):
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
            admin1=place.admin1 if place.kind != "admin1" else None,
            admin2=place.admin2 if place.kind == "city" else None,
            basis=basis,
        )


def _blocked(trigger: Token, chain: list[Token]) -> set[int]:
    """Tokens whose places are not this event's: topics ("concerns about abuse in X") and clauses of
    their own below the trigger ("alleging [X is linked to violence in Sinaloa]")."""
    nouns = _clause_nouns(chain)
    topics = [
        c for t in (*chain, *nouns) for c in t.children if c.lower_ in _TOPIC_PREPS and c.dep_ == "prep"
    ]
    clauses = [c for t in (*chain, *nouns) for c in t.children if c.dep_ in _OWN_CLAUSE]
    return {t.i for c in (*topics, *clauses) for t in c.subtree}


def _sentence(doc: Doc, i: int) -> Span:
    """The sentence of token ``i``. ``Token.sent`` walks every sentence of the doc on each call,
    which made the place component the slowest dotterel stage on long articles; found by walking
    out from the token to the nearest sentence starts instead."""
    start = i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return doc[start:end]


def _in_passing(tok: Token) -> bool:
    """A place named as a modifier ("a Texas court", "Gaza airstrikes", "the mayor of Alexandria",
    "Bogotá, the capital") or in a locative phrase: not a participant ("the conflict with Israel",
    "troops from Texas") and not an actor by metonymy ("Tehran plans", "Iran's leader")."""
    if tok.dep_ in ("compound", "nmod", "amod", "appos", "npadvmod"):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in (*LOCATIVE_PREPS, "of")


def _verb_of(tok: Token) -> Token | None:
    """The verb whose clause holds ``tok``: the first verb among its heads."""
    cur = tok
    while cur.head.i != cur.i:
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return None


def _dateline(doc: Doc, mentions: list[PlaceMention]) -> tuple[PlaceMention, int] | None:
    """The place of the article's dateline ("ALEXANDRIA, La. —", "KABUL (Reuters) -") and where the
    dateline ends, or None."""
    match = _DATELINE.match(doc_text(doc))
    first = mentions[0] if mentions else None
    if match is None or first is None or first.start != match.start(1):
        return None
    return first, match.end()


def _main_place(mentions: list[PlaceMention]) -> tuple[PlaceMention, str, str] | None:
    """The article's main place: the place it names most often (twice at least, in its main
    country or a region across countries), else its one country. Possessors ("Mexico's government")
    count for the country only."""
    # a possessor ("Mexico's government") names whose actor it is, not the story's scene
    places = [m for m in mentions if not m.qualifier and m.root.dep_ != "poss"]
    counts = Counter(m.place.ref for m in places if m.place.kind != "country")  # type: ignore[union-attr]
    countries = Counter(m.place.country for m in mentions if m.place.country)  # type: ignore[union-attr]
    if counts:
        ref, n = counts.most_common(1)[0]
        tie = [r for r, k in counts.items() if k == n]
        if n >= 2 and len(tie) == 1:
            m = next(m for m in places if m.place.ref == ref)  # type: ignore[union-attr]
            # in the article's main country, or a region across countries ("the Middle East")
            if m.place.country in (None, countries.most_common(1)[0][0] if countries else None):  # type: ignore[union-attr]
                return m, f"the article's main place ('{m.text}', named {n} times); {m.reason}", "article"
    if len(countries) == 1:
        (code,) = countries
        country = sorted(
            (m for m in mentions if m.place.kind == "country"),  # type: ignore[union-attr]
            key=lambda m: m.qualifier is not None,  # "Mexico" before "Mexico's east coast"
        )
        if country:
            m = country[0]
            return m, f"the article's only country ('{m.text}'); {m.reason}", "article"
    return None


@Language.factory(
    "dotterel_places",
    requires=["doc.ents", "token.dep", "doc._.frames"],
    assigns=["doc._.frames"],
    default_config={"min_city_population": 1000, "article_fallback": True},
)
def make_place_resolver(
    nlp: Language, name: str, min_city_population: int, article_fallback: bool
) -> PlaceResolver:
    return PlaceResolver(default_index(min_city_population), article_fallback)
