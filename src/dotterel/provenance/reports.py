"""Reports: the cues that put words in somebody's mouth, and the source each names.

A *report* is found in the dependency parse:

- a reporting verb (:data:`~dotterel.provenance.speech.REPORTING_VERBS`) whose complement holds the
  trigger: "Reuters reports that Hezbollah was caught off guard", "X conveyed to Y that Iran would
  not engage", "..., officials said";
- "according to SOURCE" attached to the trigger or a head above it;
- "as disclosed/reported/confirmed by SOURCE", an adverbial speech clause on the trigger's clause;
- "reportedly", "allegedly" on the trigger's clause (no source named).

The source's head noun decides ``named`` (a proper name or a definite institution such as "the
police") and ``count`` (its numeral: "six officials" → 6, "an official" → 1); outlets come from
:mod:`~dotterel.provenance.outlets`. Word lists: ``data/attribution.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from ..columns import token_columns
from ..spans import sentence_ents
from .outlets import find_outlet
from .speech import is_reporting_verb
from .words import attribution_words

__all__ = ["FIRST_PERSON", "SUBJECT_DEPS", "Report", "describe", "find_reports", "reports_for"]

#: How a clause hangs under a speech verb when it is the thing said.
_COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "dobj"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_WORDS = attribution_words()
_HEDGES = _WORDS["hedge"]
#: Head nouns of identified institutions: "the police said" names its source.
_INSTITUTIONS = _WORDS["institution"]
#: Role nouns that identify one person when definite: "the minister", "Colombia's top commander".
_ROLES = _WORDS["role"]
FIRST_PERSON = _WORDS["first_person"]
_SPOKESPEOPLE = _WORDS["spokesperson"]
#: Sources that are documents: named when whose document it is is named.
_DOCUMENTS = _WORDS["document"]
_NUMBERS = {
    w: i
    for i, w in enumerate(
        str.split(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen twenty"
        )
    )
}
_PRONOUNS = {"he": "singular", "she": "singular", "they": "plural"}


@dataclass(slots=True)
class Report:
    """One reporting cue in the text and the source it names (``None`` for "reportedly")."""

    cue: str
    cue_token: Token
    source: Token | None
    named: bool
    count: int | None
    outlet: str | None
    text_span: tuple[int, int] | None  # the whole source phrase
    core_span: tuple[int, int] | None  # the source's name or noun phrase, without clauses
    pronoun: str | None = None


def _number(tok: Token) -> int | None:
    text = tok.lower_.replace(",", "")
    if text.isascii() and text.isdigit() and len(text) <= 9:  # "²" is a digit to isdigit (issue 17)
        return int(text)
    return _NUMBERS.get(text)


def _core(head: Token) -> tuple[int, int]:
    """The source's noun phrase up to its head: "three Iranian and Hamas officials"."""
    start = head.left_edge.i
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "nummod"):
            end = max(end, child.right_edge.i + 1)
    return start, end


def _count(head: Token) -> int | None:
    own = _number(head)
    if own and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        return own  # "one of the investigators", "two of the officials"
    if head.lemma_.lower() in _INSTITUTIONS | _DOCUMENTS:
        return None  # a count is of people: "a report" is one document, not one source
    for child in head.children:
        if child.dep_ in ("nummod", "quantmod"):
            value = _number(child)
            if value:
                return value
    if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children) and head.tag_ == "NN":
        return 1
    return None


def _named(head: Token, depth: int = 0) -> bool:
    """A proper name, a definite institution ("the police"), or a document of one ("figures from
    the Venezuelan government", "a report by the UN") names its source; "officials" does not."""
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG"):
        return True
    if any(c.dep_ == "appos" and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON") for c in head.children):
        return True  # "Colombia's top military commander, General Alberto Jose Mejia"
    lemma = head.lemma_.lower()
    indefinite = any(
        (c.dep_ == "det" and c.lower_ in ("a", "an")) or c.dep_ == "nummod" for c in head.children
    )
    definite = any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in head.children)
    if lemma in _INSTITUTIONS and not indefinite:
        return True  # "police said", "the ministry said", "Colombian authorities said"
    if lemma in _ROLES and definite:
        return True
    if lemma in _SPOKESPEOPLE:  # "a spokesman for the army": the army speaks
        preps = [c for c in head.children if c.dep_ == "prep" and c.lower_ in ("for", "of")]
        return any(_named(p, 1) for prep in preps for p in prep.children if p.dep_ == "pobj")
    if depth == 0 and lemma in _DOCUMENTS:
        if any(c.dep_ == "compound" and (c.pos_ == "PROPN" or c.ent_type_ == "ORG") for c in head.children):
            return True  # "a United Nations report"
        preps = [c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "from", "by")]
        return any(_named(p, 1) for prep in preps for p in prep.children if p.dep_ == "pobj")
    return False


def describe(cue: str, cue_token: Token, source: Token | None, extra: list[Token] = ()) -> Report:
    """Describe a report from its source head (``extra`` may hold "told Reuters"-style objects)."""
    doc = cue_token.doc
    if source is None:
        outlet = next((o for o in (find_outlet(t.text) for t in extra) if o), None)
        return Report(cue, cue_token, None, False, None, outlet, None, None)
    span = (source.left_edge.i, source.right_edge.i + 1)
    core = _core(source)
    phrase = doc[span[0] : span[1]].text
    own_outlet = find_outlet(phrase)
    outlet = own_outlet or next(
        (o for o in (find_outlet(doc[t.left_edge.i : t.right_edge.i + 1].text) for t in extra) if o), None
    )
    pronoun = _PRONOUNS.get(source.lower_) if source.pos_ == "PRON" else None
    return Report(
        cue,
        cue_token,
        source,
        _named(source) or own_outlet is not None,
        _count(source),
        outlet,
        span,
        core,
        pronoun,
    )


def _speech_source(verb: Token) -> tuple[Token | None, list[Token]]:
    """The subject (or passive agent) of a speech verb, and its addressees ("told Reuters")."""
    source = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:
        by_obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if by_obj is not None and (source is None or source.dep_ == "nsubjpass"):
            source = by_obj
    if source is not None and source.dep_ == "nsubjpass":
        source = None  # "it was reported that", "a curfew was announced": what is said, not who says it
    elif source is None and _quoting_verb(verb) is not None:
        quoting = _quoting_verb(verb)  # "X was quoted as saying": X
        source = next((c for c in quoting.children if c.dep_ in SUBJECT_DEPS), None)
    elif source is None and agent is None and verb.dep_ in _SHARED_SUBJECT and _shares_subject(verb):
        source = _speech_source(verb.head)[0]  # "... and said", "Mejia said, adding that": shared subject
    elif source is None and agent is None and verb.dep_ in ("ROOT", "ccomp", "parataxis"):
        source = _name_before(verb)
    extra = [c for c in verb.children if c.dep_ in ("dative", "dobj")]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("to", "with"):
            extra += [c for c in prep.children if c.dep_ == "pobj"]
    return source, extra


_SHARED_SUBJECT = frozenset({"conj", "advcl", "xcomp"})


def _quoting_verb(verb: Token) -> Token | None:
    """ "quoted" in "X was quoted as saying" (the participle hangs on "as")."""
    head = verb.head.head if verb.head.dep_ == "prep" and verb.head.lower_ == "as" else verb.head
    return head if head.i != verb.i and head.lemma_ == "quote" and head.pos_ == "VERB" else None


def _shares_subject(verb: Token) -> bool:
    """ "... and said", "said, adding that": the head's subject speaks. Not after a passive head: in
    "was murdered ..., believed to have been shot", the victim is not the one who believes."""
    head = verb.head
    if head.pos_ != "VERB" or any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children):
        return False
    return verb.dep_ in ("conj", "xcomp") or verb.tag_ == "VBG"  # "continues to insist that"


#: Verbs of finding: they attribute a "that" clause ("the report found that police killed 12") but
#: not an object ("police found the bodies of five men who had been shot").
_FINDING = _WORDS["finding"]


def _is_finding(tok: Token) -> bool:
    return (
        tok.pos_ == "VERB"
        and tok.lemma_.lower() in _FINDING
        and not any(c.dep_ == "neg" for c in tok.children)
    )


def _is_report_verb(tok: Token) -> bool:
    """A speech verb that reports: not negated ("cannot confirm"), not "it is telling that"."""
    if tok.pos_ != "VERB" or not is_reporting_verb(tok.lemma_):
        return False
    if any(c.dep_ == "neg" for c in tok.children):
        return False
    if any(c.dep_ == "dobj" and c.lemma_.lower() in ("responsibility", "credit") for c in tok.children):
        return False  # "ISIS claimed responsibility for the attack" names the perpetrator, not a reporter
    return not any(c.dep_ == "nsubj" and c.lower_ in ("it", "this", "that") for c in tok.children)


def _name_before(verb: Token) -> Token | None:
    """The nearest person or organisation before a speech verb whose subject the parser lost.

    Long appositions ("In a meeting in Tehran, Iran's Supreme Leader, Ayatollah Ali Khamenei,
    conveyed ...") often leave the verb without a subject; the name right before it is the speaker.
    """
    sent = verb.sent
    for ent in reversed([e for e in sentence_ents(sent) if e.end <= verb.i]):  # O(sentence), not O(doc)
        if ent.label_ in ("PERSON", "ORG"):
            return ent.root
    return None


def _cue_text(tokens: list[Token]) -> str:
    return " ".join(t.text for t in sorted(tokens, key=lambda t: t.i))


def _attached_reports(node: Token, trigger: Token) -> list[Report]:
    """Reports hanging off ``node``: "according to X", "as disclosed by X", "X said" (parataxis)."""
    out = []
    for child in node.children:
        if child.dep_ == "prep" and child.lower_ == "according":
            to = next((c for c in child.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is not None:
                out.append(describe("according to", child, pobj))
        elif child.dep_ in ("advcl", "parataxis", "ccomp") and _is_report_verb(child):
            if child.i == trigger.i or any(c.dep_ in _COMPLEMENT_DEPS for c in child.children):
                continue  # a speech verb with its own complement reports that, not this node
            if any(c.dep_ == "mark" and c.lower_ != "as" for c in child.children):
                continue  # "while a curfew was announced": a clause of time, not "as disclosed by"
            source, extra = _speech_source(child)
            cue_tokens = [
                child,
                *(c for c in child.children if c.dep_ in ("mark", "agent", "aux", "auxpass")),
            ]
            out.append(describe(_cue_text(cue_tokens), child, source, extra))
        elif child.dep_ == "advmod" and child.lower_ in _HEDGES:
            out.append(describe(child.lower_, child, None))
    return out


def reports_for(trigger: Token) -> list[Report]:
    """Every report that covers ``trigger``, nearest first."""
    out = _attached_reports(trigger, trigger)
    child = trigger
    for head in trigger.ancestors:
        if (
            _is_finding(head)
            and child.dep_ == "ccomp"
            or _is_report_verb(head)
            and child.dep_ in _COMPLEMENT_DEPS
        ):
            source, extra = _speech_source(head)
            cue_tokens = [head, *(c for c in head.children if c.dep_ in ("aux", "auxpass", "prt"))]
            out.append(describe(_cue_text(cue_tokens), head, source, extra))
        out += _attached_reports(head, trigger)
        child = head
    # "I"/"we" inside a quotation are the quoted speaker: prefer the report that names them.
    outer = [r for r in out if r.source is None or r.source.lower_ not in FIRST_PERSON]
    return outer + [r for r in out if r not in outer] if outer else out


_VERB_ID, _ACCORDING_ID = get_string_id("VERB"), get_string_id("according")


def find_reports(doc: Doc) -> list[Report]:
    """Every speech-verb report in the document, in text order (the memory for inheritance)."""
    out = []
    # only verbs and "according" can start a report: read from one array (dotterel.columns), so a
    # Token is built for those alone, not for every token of the article
    pos_ids, lowers = token_columns(doc, ("POS", "LOWER"))
    for i, (pos, lower) in enumerate(zip(pos_ids, lowers, strict=True)):
        if pos != _VERB_ID and lower != _ACCORDING_ID:
            continue
        tok = doc[i]
        if _is_report_verb(tok):
            source, extra = _speech_source(tok)
            if source is not None:
                out.append(describe(tok.text, tok, source, extra))
        elif tok.lower_ == "according" and tok.dep_ == "prep":
            out += [r for r in _attached_reports(tok.head, tok.head) if r.cue_token.i == tok.i]
    return out
