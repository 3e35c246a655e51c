"""According to whom: the source that reports each event.

A *report* is a cue that puts words in somebody's mouth, found in the dependency parse:

- a reporting verb (:data:`~dotterel.provenance.speech.REPORTING_VERBS`) whose complement holds the
  trigger: "Reuters reports that Hezbollah was caught off guard", "X conveyed to Y that Iran would
  not engage", "..., officials said";
- "according to SOURCE" attached to the trigger or a head above it;
- "as disclosed/reported/confirmed by SOURCE", an adverbial speech clause on the trigger's clause;
- "reportedly", "allegedly" on the trigger's clause (no source named).

The nearest report wins, so in "sources reveal that Iran will refrain ..., as disclosed by three
Iranian and Hamas officials" the event under "reveal" is attributed to the three officials, the more
specific cue. The source's head noun decides ``named`` (a proper name or a definite institution
such as "the police") and ``count`` (its numeral: "six officials" → 6, "an official" → 1); outlets
come from :mod:`~dotterel.provenance.outlets`. ``quoted`` says whether the trigger sits inside
quotation marks (a direct quote) or not (paraphrase).

Inheritance is never a guess: a report inherits an earlier source only when the text points back
to it — a pronoun subject ("he said" after "Mohanad Hage Ali said"), a definite repeat ("the
officials added" after "six officials said"), or a sentence that continues a quotation. Such an
attribution carries ``inherited=True`` and a ``reason`` naming the earlier source.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..records import Attribution, Entity, Frame
from ..spans import char_span
from .outlets import find_outlet
from .speech import is_reporting_verb

__all__ = ["AttributionFinder", "Report", "find_reports", "reports_for"]

#: How a clause hangs under a speech verb when it is the thing said.
_COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "dobj"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_HEDGES = frozenset({"reportedly", "allegedly", "purportedly", "supposedly", "apparently"})
#: Head nouns of identified institutions: "the police said" names its source.
_INSTITUTIONS = frozenset(
    str.split(
        "police army military navy government ministry office court presidency embassy agency committee "
        "council commission authority authorities parliament congress senate party company newspaper "
        "force forces report statement"
    )
)
#: Role nouns that identify one person when definite: "the minister", "Colombia's top commander".
_ROLES = frozenset(
    str.split(
        "minister president governor mayor commander director chief spokesman spokeswoman spokesperson "
        "secretary attorney prosecutor judge general ambassador head leader senator lawmaker congressman"
    )
)
_FIRST_PERSON = frozenset({"i", "we", "you"})
_SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson", "representative"})
#: Sources that are documents: named when whose document it is is named.
_DOCUMENTS = frozenset(
    str.split(
        "figure figures data statistics report reports study survey document documents records statement "
        "tally count estimate toll census poll analysis investigation assessment"
    )
)
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


def _report(cue: str, cue_token: Token, source: Token | None, extra: list[Token] = ()) -> Report:
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
    source = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:
        by_obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if by_obj is not None and (source is None or source.dep_ == "nsubjpass"):
            source = by_obj
    if source is not None and source.dep_ == "nsubjpass" and source.lower_ == "it":
        source = None  # "it was reported that": no source given
    elif source is None and _quoting_verb(verb) is not None:
        source = _speech_source(_quoting_verb(verb))[0]  # "X was quoted as saying": X
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
    return verb.dep_ == "conj" or verb.tag_ == "VBG"


#: Verbs of finding: they attribute a "that" clause ("the report found that police killed 12") but
#: not an object ("police found the bodies of five men who had been shot").
_FINDING = frozenset({"find", "show", "conclude", "determine", "establish", "document", "verify"})


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
    for ent in reversed([e for e in sent.ents if e.end <= verb.i]):
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
                out.append(_report("according to", child, pobj))
        elif child.dep_ in ("advcl", "parataxis", "ccomp") and _is_report_verb(child):
            if child.i == trigger.i or any(c.dep_ in _COMPLEMENT_DEPS for c in child.children):
                continue  # a speech verb with its own complement reports that, not this node
            source, extra = _speech_source(child)
            cue_tokens = [
                child,
                *(c for c in child.children if c.dep_ in ("mark", "agent", "aux", "auxpass")),
            ]
            out.append(_report(_cue_text(cue_tokens), child, source, extra))
        elif child.dep_ == "advmod" and child.lower_ in _HEDGES:
            out.append(_report(child.lower_, child, None))
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
            out.append(_report(_cue_text(cue_tokens), head, source, extra))
        out += _attached_reports(head, trigger)
        child = head
    # "I"/"we" inside a quotation are the quoted speaker: prefer the report that names them.
    outer = [r for r in out if r.source is None or r.source.lower_ not in _FIRST_PERSON]
    return outer + [r for r in out if r not in outer] if outer else out


def find_reports(doc: Doc) -> list[Report]:
    """Every speech-verb report in the document, in text order (the memory for inheritance)."""
    out = []
    for tok in doc:
        if _is_report_verb(tok):
            source, extra = _speech_source(tok)
            if source is not None:
                out.append(_report(tok.text, tok, source, extra))
        elif tok.lower_ == "according" and tok.dep_ == "prep":
            out += [r for r in _attached_reports(tok.head, tok.head) if r.cue_token.i == tok.i]
    return out


#: How many sentences back a quotation may have opened (quotes spanning more are rare, and a stray
#: quotation mark should not flip the rest of the article).
_QUOTE_WINDOW = 4


def _window_start(sent: SpacySpan) -> int:
    """Character offset where the quotation window before ``sent`` begins."""
    doc = sent.doc
    for _ in range(_QUOTE_WINDOW):
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
    return sent.start_char


def _quote_open(text: str) -> bool:
    """Is a quotation open at the end of ``text``? CSV-escaped doubled quotes count once."""
    text = text.replace('""', '"')
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1 or text.count("«") > text.count("»")


def _inside_quotes(sent: SpacySpan, char: int) -> bool:
    """Quotation marks are counted from the paragraph's start: a window starting inside a quotation
    would see only its closing mark and turn everything after it into a quote."""
    text = sent.doc.text
    start = text.rfind("\n", 0, sent.start_char) + 1
    if start == 0 and text.startswith('"') and text.replace('""', '"').count('"') % 2 == 1:
        start = 1  # an unbalanced quotation mark opening the whole text is a CSV artefact
    return _quote_open(text[start:char])


def _introduces_quote(report: Report) -> bool:
    """Is the report a quotation's attribution: '..." Morales said' or 'Morales said: "...'?"""
    doc = report.cue_token.doc
    first = min(
        report.cue_token.i, report.source.left_edge.i if report.source is not None else report.cue_token.i
    )
    last = max(
        report.cue_token.i, report.source.right_edge.i if report.source is not None else report.cue_token.i
    )
    near = doc[max(first - 2, 0) : min(last + 3, len(doc))]
    return any(_has_quote(t.text) for t in near)


def _has_quote(text: str) -> bool:
    return any(q in text for q in ('"', "“", "”", "«", "»"))


class AttributionFinder:
    """The ``dotterel_attribution`` component: fills ``frame.attribution``."""

    def __call__(self, doc: Doc) -> Doc:
        frames: list[Frame] = doc._.frames or []
        if not frames:
            return doc
        memory = find_reports(doc)
        for frame in frames:
            trigger = doc[frame.trigger_token]
            found = reports_for(trigger)
            quoted = _inside_quotes(trigger.sent, trigger.idx)
            if found:
                frame.attribution = self._resolve(doc, found[0], memory, quoted)
            else:
                frame.attribution = self._continued_quote(doc, trigger, memory, quoted)
        return doc

    def _resolve(self, doc: Doc, report: Report, memory: list[Report], quoted: bool) -> Attribution:
        """The attribution of a report, following a pronoun or definite repeat back to its source."""
        earlier = self._antecedent(report, memory)
        if earlier is not None:
            word = doc[report.core_span[0] : report.core_span[1]].text if report.core_span else ""
            att = self._attribution(doc, replace(earlier, cue=report.cue, cue_token=report.cue_token), quoted)
            att.inherited = True
            att.reason = f"'{word}' refers back to '{att.source.text if att.source else att.text}'"
            return att
        return self._attribution(doc, report, quoted)

    @staticmethod
    def _antecedent(report: Report, memory: list[Report]) -> Report | None:
        if report.source is None:
            return None
        earlier = [r for r in memory if r.cue_token.i < report.cue_token.i and r.pronoun is None]
        if report.pronoun == "singular":
            return next(
                (r for r in reversed(earlier) if r.source.ent_type_ == "PERSON" or r.source.tag_ == "NNP"),
                None,
            )
        if report.pronoun == "plural":
            return next((r for r in reversed(earlier) if r.source.tag_ in ("NNS", "NNPS")), None)
        definite = any(
            c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in report.source.children
        )
        if definite and report.count is None and not report.named:
            lemma = report.source.lemma_.lower()
            return next((r for r in reversed(earlier) if r.source.lemma_.lower() == lemma and r.count), None)
        return None

    def _continued_quote(
        self, doc: Doc, trigger: Token, memory: list[Report], quoted: bool
    ) -> Attribution | None:
        """Words inside a quotation that continues one attributed just before ("..., Morales said.
        "Armed Americans commanded the police. They repressed us."") are the same speaker's."""
        if not quoted:
            return None
        sent = trigger.sent
        start = _window_start(sent)
        last = [r for r in memory if start <= r.cue_token.idx < sent.start_char and _introduces_quote(r)]
        if not last:
            return None
        att = self._resolve(doc, last[-1], memory, True)  # "he said" before: follow "he" back too
        att.inherited = True
        who = att.source.text if att.source else att.text
        att.reason = f"inside a quotation that continues the words attributed to '{who}' just before"
        return att

    @staticmethod
    def _attribution(doc: Doc, report: Report, quoted: bool) -> Attribution:
        if report.text_span is None:
            s = char_span(doc.text, report.cue_token.idx, report.cue_token.idx + len(report.cue_token.text))
            return Attribution(s.text, s.start, s.end, False, None, report.cue, report.outlet, None, quoted)
        span = doc[report.text_span[0] : report.text_span[1]]
        core = doc[report.core_span[0] : report.core_span[1]]
        s = char_span(doc.text, span.start_char, span.end_char)
        c = char_span(doc.text, core.start_char, core.end_char)
        source = Entity(
            text=c.text, start=c.start, end=c.end, name=c.text,
            reason="attribution source as written; resolved by the actor stage",
        )  # fmt: skip
        att = Attribution(
            s.text, s.start, s.end, report.named, report.count, report.cue, report.outlet, source, quoted
        )
        if report.source is not None and report.source.dep_ not in (*_SUBJECT_DEPS, "pobj"):
            att.reason = "the parser found no subject: the speaker is the nearest name before the verb"
        return att


@Language.factory(
    "dotterel_attribution", requires=["token.dep", "token.lemma", "doc._.frames"], assigns=["doc._.frames"]
)
def make_attribution_finder(nlp: Language, name: str) -> AttributionFinder:
    return AttributionFinder()
