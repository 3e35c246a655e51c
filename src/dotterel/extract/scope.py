"""Whether an event happened, decided by syntactic scope (issue #12).

A cue governs an event only when the event's trigger lies in its scope. The walk starts at the
trigger and climbs the dependency tree one clause at a time, as factuality projection does in
De Facto (Saurí & Pustejovsky 2012) and TruthTeller (Lotan et al. 2013):

1. **Local cues** of the clause: negation ("not", "never", a subject or object with "no": "no one
   has claimed", "fired no shots"; "without"), modals ("could", "may"; "will"; "would" is future in
   reported speech, hypothetical in a main clause), a condition ("if", "unless") the clause is or
   depends on, a purpose infinitive ("to prevent ..."), a question, an imperative, an allegation
   ("alleged attack", "allegedly").
2. **The embedding word** then decides how that status projects into the clause it embeds, from its
   *signature* in ``data/status_scope.tsv``: implicatives pass their own status down ("did not
   manage to attack" → negated), negative implicatives flip it ("refused to attack", "denied that"),
   intentions make it future ("plans to attack"; "has no plans to attack" → negated), wishes and
   attempts, requests, beliefs and fears make it hypothetical ("tried to block", "called for talks",
   "believe ... attacked"), speech verbs leave it as it is (the attribution says who says so),
   factives make it true.
3. The walk stops where scope ends: a relative clause, an adverbial clause of time or cause, the
   subject of a clause ("the massacre may confirm ..."), an appositive. So "officials who did not
   attend said the army attacked" leaves the attack asserted.

The outer context wins over the inner one, except that a negation survives an intention ("plans
not to attack" is negated): "it appears that troops haven't engaged" is hypothetical, "refused to
send troops" negated. Each status carries the words that decided it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Token

from ..errors import ConfigError
from .clauses import CONDITION_MARKS

__all__ = ["SIGNATURES", "Scope", "ScopeStatus", "load_scope", "scope_status", "local_status", "status_at"]

#: What an embedding word can do to the event it embeds (see data/status_scope.tsv).
SIGNATURES = frozenset({"pass", "factive", "report", "negate", "future", "desire", "hypothetical", "negated"})
_VERBAL = ("VERB", "AUX")
_CLAUSAL = frozenset({"xcomp", "ccomp", "csubj"})
_NEG_DETS = frozenset({"no", "neither"})
_NEG_PRONOUNS = frozenset({"nobody", "nothing", "none", "noone", "no-one"})
_QUESTION_MARKS = frozenset({"whether", "if"})
_QUOTES = frozenset({'"', "'", "“", "”", "‘", "’", "``", "''", "«", "»"})


@dataclass(frozen=True, slots=True)
class ScopeStatus:
    """A status and the words that decided it."""

    status: str
    cue: str


@dataclass(frozen=True, slots=True)
class Scope:
    """The signatures of ``data/status_scope.tsv``: word → how it projects into what it embeds."""

    verbs: dict[str, str]
    nouns: dict[str, str]
    adjs: dict[str, str]
    preps: dict[str, str]
    amods: dict[str, str]
    advs: dict[str, str]
    modals: dict[str, str]
    negs: frozenset[str]
    negmodals: frozenset[str]

    def embedding(self, head: Token) -> str | None:
        """The signature of ``head`` as a word that embeds a clause."""
        lemma = head.lemma_.lower()
        if head.pos_ in _VERBAL:
            return self.verbs.get(lemma)
        if head.pos_ == "ADJ" or head.tag_ == "VBN":
            return self.adjs.get(lemma) or self.adjs.get(head.lower_) or self.verbs.get(lemma)
        if head.pos_ in ("NOUN", "PROPN"):
            return self.nouns.get(lemma) or self.nouns.get(head.lower_)
        return None


@cache
def load_scope() -> Scope:
    """Read the shipped signature table once."""
    tables: dict[str, dict[str, str]] = {
        k: {} for k in ("verb", "noun", "adj", "prep", "amod", "adv", "modal")
    }
    negs: set[str] = set()
    negmodals: set[str] = set()
    text = (resources.files("dotterel") / "data" / "status_scope.tsv").read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[0] not in (*tables, "neg", "negmodal") or fields[2] not in SIGNATURES:
            raise ConfigError(f"status_scope.tsv:{n}: expected KIND<TAB>WORDS<TAB>SIGNATURE, got {line!r}")
        kind, words, signature = fields
        for word in words.split():
            if kind == "neg":
                negs.add(word)
            elif kind == "negmodal":
                negmodals.add(word)
            else:
                tables[kind].setdefault(word, signature)
    return Scope(
        tables["verb"], tables["noun"], tables["adj"], tables["prep"], tables["amod"], tables["adv"],
        tables["modal"], frozenset(negs), frozenset(negmodals),
    )  # fmt: skip


# --- local cues: what the clause itself says ----------------------------------------------------


def _negation(node: Token, scope: Scope, nouns: list[Token]) -> str | None:
    """ "not"/"never" on a verb; "no one"/"no soldiers" as its subject or object; "no attack"."""
    if node.pos_ in (*_VERBAL, "ADJ"):
        for c in node.children:
            if c.dep_ == "neg" and c.lower_ in scope.negs:
                aux = [a.text for a in node.children if a.dep_ in ("aux", "auxpass") and a.i < c.i]
                return " ".join([*aux[-1:], c.text])
        for c in node.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj") and _negative_np(c):
                return c.doc[c.left_edge.i : c.i + 1].text
    for noun in nouns:
        if _negative_np(noun):
            return next(d.text for d in noun.children if d.dep_ == "det")
    if node.dep_ in ("pcomp", "pobj") and node.head.lower_ == "without":
        return "without"
    return None


def _negative_np(np: Token) -> bool:
    if np.lower_ in _NEG_PRONOUNS:
        return True
    return any(d.dep_ == "det" and d.lower_ in _NEG_DETS for d in np.children)


def _modal(node: Token, scope: Scope) -> ScopeStatus | None:
    """A modal or future auxiliary; "would" is future when reported, else a condition's outcome."""
    auxes = [c for c in node.children if c.dep_ in ("aux", "auxpass")]
    for i, c in enumerate(auxes):
        low = c.lower_
        if low in ("would", "'d") and c.tag_ == "MD":
            if i + 1 < len(auxes) and auxes[i + 1].lower_ == "have":
                return ScopeStatus("hypothetical", "would have")
            return ScopeStatus("future" if _reported(node) else "hypothetical", c.text)
        kind = scope.modals.get(low)
        if kind is not None:
            return ScopeStatus(kind, c.text)
    if node.dep_ == "xcomp" and node.head.lemma_ == "go" and node.head.tag_ == "VBG":
        return ScopeStatus("future", "going to")
    return None


def _reported(tok: Token) -> bool:
    """Inside a complement of another verb ("said they would boycott"): future in the past."""
    node = tok
    while node.dep_ != "ROOT" and node.head.i != node.i:
        if node.dep_ in ("ccomp", "xcomp", "parataxis"):
            return True
        node = node.head
    return False


def _condition(node: Token) -> str | None:
    """The clause is a condition ("if X attacks"), or the outcome of one ("will attack if ...")."""
    if node.dep_ == "advcl":
        marks = [c for c in node.children if c.dep_ == "mark" and c.lower_ in CONDITION_MARKS]
        if marks:
            return marks[0].text
    if node.tag_ == "VBD" and not any(c.dep_ == "aux" for c in node.children):
        return None  # "agreed to pay ... if": a past act is not made conditional by its terms
    for c in node.children:
        if c.dep_ == "advcl":
            marks = [m for m in c.children if m.dep_ == "mark" and m.lower_ in CONDITION_MARKS]
            if marks:
                return marks[0].text
    if any(c.dep_ == "aux" and c.lower_ in ("had", "were", "should") for c in node.children) and (
        _inverted(node)
    ):
        return next(c.text for c in node.children if c.dep_ == "aux")  # "Had they allowed ..."
    return None


def _inverted(node: Token) -> bool:
    """ "Had the relatives allowed ...": a conditional by inversion (auxiliary before the subject)."""
    if node.dep_ != "advcl":
        return False
    aux = next((c for c in node.children if c.dep_ == "aux"), None)
    subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return aux is not None and subj is not None and aux.i < subj.left_edge.i


def _purpose(node: Token) -> str | None:
    """ "to prevent ...", "in order to ...": a purpose infinitive names an aim, not an act."""
    if node.dep_ != "advcl" or node.pos_ not in _VERBAL:
        return None
    to = next((c for c in node.children if c.dep_ == "aux" and c.lower_ == "to"), None)
    if to is None:
        return None
    marks = [c.text for c in node.children if c.dep_ == "mark" and c.i < to.i]
    return " ".join([*marks, to.text]) if marks else to.text


def _question(node: Token) -> bool:
    """A clause that asks ("Why have a war?"), not one that reports a question."""
    if node.pos_ not in _VERBAL or node.dep_ not in ("ROOT", "ccomp", "conj", "parataxis"):
        return False
    last = node.right_edge
    doc = node.doc
    while last.i > node.i and (last.text in _QUOTES or last.is_space):
        last = doc[last.i - 1]
    if last.text != "?":
        return False
    # the question mark ends this clause, not a quoted question inside it ("asked: '... ?'")
    return not any(c.dep_ in _CLAUSAL and c.right_edge.i >= last.i - 1 for c in node.children)


def _imperative(node: Token) -> bool:
    """ "Fight them," he urged; "Stop the bloodshed": a command, not an act."""
    if node.tag_ != "VB" or node.dep_ not in ("ROOT", "ccomp", "parataxis", "advcl"):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark", "expl") for c in node.children):
        return False
    first = node.left_edge
    doc = node.doc
    while first.i < node.i and (
        first.text in _QUOTES or first.is_punct or first.lower_ in ("please", "just")
    ):
        first = doc[first.i + 1]
    return first.i == node.i


def _hedge(node: Token, scope: Scope, nouns: list[Token]) -> ScopeStatus | None:
    """ "the alleged attack", "a planned strike", "a foiled plot", "allegedly attacked"."""
    for noun in nouns:
        for c in noun.children:
            if c.dep_ in ("amod", "compound") and (kind := scope.amods.get(c.lower_)):
                return ScopeStatus("negated" if kind == "negate" else kind, c.text)
    for c in node.children:
        if c.dep_ == "advmod" and (kind := scope.advs.get(c.lower_)):
            return ScopeStatus(kind, c.text)
    return None


def local_status(node: Token, scope: Scope, nouns: list[Token] = ()) -> ScopeStatus | None:
    """What the clause of ``node`` says about itself; negation first, then conditions and modals."""
    neg = _negation(node, scope, list(nouns) or ([node] if node.pos_ == "NOUN" else []))
    cond = _condition(node)
    if neg is not None:
        if neg.split()[0].lower() in scope.negmodals:  # "must not allow", "may not attack"
            return ScopeStatus("hypothetical", neg)
        return ScopeStatus("negated", f"{neg} ... {cond}" if cond else neg)
    if cond is not None:
        return ScopeStatus("hypothetical", cond)
    modal = _modal(node, scope)
    if modal is not None and modal.status == "hypothetical":
        return modal
    purpose = _purpose(node)
    if purpose is not None:
        return ScopeStatus("hypothetical", purpose)
    if _question(node):
        return ScopeStatus("hypothetical", "?")
    whether = next((c for c in node.children if c.dep_ == "mark" and c.lower_ == "whether"), None)
    if whether is not None and node.pos_ in _VERBAL:
        return ScopeStatus("hypothetical", whether.text)  # "a question on whether he opposed ..."
    if _imperative(node):
        return ScopeStatus("hypothetical", node.text)
    hedge = _hedge(node, scope, list(nouns) or ([node] if node.pos_ == "NOUN" else []))
    if hedge is not None and hedge.status != "future":
        return hedge
    return modal or hedge


# --- projection: what the embedding word does to it ---------------------------------------------


def _project(signature: str, outer: ScopeStatus | None, cue: str) -> ScopeStatus | None:
    """The embedded event's status, given the embedding word's signature and its own status."""
    status = outer.status if outer is not None else "asserted"
    if signature == "pass":
        return outer if status != "asserted" else None
    if signature == "factive":
        return None
    if signature == "report":
        if status == "negated":  # "did not say that", "could not confirm that"
            return ScopeStatus("hypothetical", _join(outer.cue, cue) if outer else cue)
        return None  # "I can confirm that", "will say that": the report stands
    if signature == "negate":
        if status == "negated":
            return None  # "did not fail to": it happened
        if status == "hypothetical":
            return outer
        return ScopeStatus("negated", cue)
    if signature == "future":
        if status == "negated":
            return ScopeStatus("negated", _join(outer.cue, cue) if outer else cue)
        if status == "hypothetical":
            return outer
        return ScopeStatus("future", cue)
    if signature == "desire":
        if status in ("negated", "hypothetical"):
            return ScopeStatus("hypothetical", _join(outer.cue, cue) if outer else cue)
        return ScopeStatus("future", cue)
    if signature == "irrealis" and outer is not None:
        return outer  # "plans to use its allies to launch attacks": the plan decides
    return ScopeStatus("hypothetical", cue)


def _join(outer: str, inner: str) -> str:
    """ "no plans" + "plans to" → "no plans to"; "does not" + "want to" → "does not want to"."""
    last = outer.split()[-1]
    words = inner.split()
    return " ".join([outer, *words[1:]]) if words and words[0] == last else f"{outer} {inner}"


def _combine(inner: ScopeStatus | None, outer: ScopeStatus | None) -> ScopeStatus | None:
    """The outer context wins, except that a negation survives an intention ("plans not to")."""
    if outer is None:
        return inner
    if inner is None:
        return outer
    if inner.status == "negated" and outer.status == "future":
        return inner
    if inner.status == "future" and outer.status == "future":
        return inner
    return outer


def _marker(node: Token) -> str | None:
    """The word that introduces a complement: "to", "that", "whether"."""
    for c in node.children:
        if c.dep_ in ("aux", "mark") and c.lower_ in ("to", "that", "whether", "if"):
            return c.lower_ if c.lower_ in ("that", "whether", "if") else c.text
    return None


def _context(node: Token, scope: Scope, depth: int) -> ScopeStatus | None:
    """The status the clause above ``node`` imposes on it (``None``: none, or scope ends here)."""
    dep, head = node.dep_, node.head
    if head.i == node.i or depth > 12:
        return None
    if dep == "conj":
        if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in node.children):
            return None  # a clause of its own: "X was arrested and Y will be released"
        # a regular past form after a perfect ("had not admitted ... or implicated") is the tagger's
        # VBD/VBN ambiguity, not a tense of its own
        participle = (
            node.tag_ == "VBD"
            and node.lower_.endswith("ed")
            and any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children)
        )
        if (
            node.tag_ in ("VBD", "VBZ", "VBP")
            and not participle
            and head.pos_ in _VERBAL
            and head.tag_ not in ("VBD", "VBZ", "VBP")
        ):
            return None  # finite with its own tense
        if any(c.dep_ == "cc" and c.lower_ in ("but", "yet") for c in head.children if head.i < c.i < node.i):
            return None  # "did not attack but fled"
        return status_at(head, scope, depth + 1)
    if dep in _CLAUSAL or (dep == "dobj" and node.tag_ == "VBG"):
        marker = _marker(node)
        if marker in _QUESTION_MARKS and dep == "ccomp":
            return ScopeStatus("hypothetical", marker)  # "wouldn't say if he was asked", "whether"
        signature = scope.embedding(head)
        if signature is None:
            if dep == "xcomp" and marker == "to" and head.pos_ in (*_VERBAL, "ADJ"):
                signature = "irrealis"  # an infinitive names an act not (yet) done
            elif dep == "xcomp" and head.pos_ in _VERBAL and head.lemma_.lower() == "be":
                signature = "pass"  # "the first would be to launch ..."
            else:
                return None
        cue = " ".join(t for t in (head.text, marker if marker in ("to",) else None) if t)
        return _project(signature, status_at(head, scope, depth + 1), cue)
    if dep == "acl" and _marker(node) == "to":  # "an attempt to get out", "no plans to attack"
        signature = scope.embedding(head) or "irrealis"
        return _project(signature, status_at(head, scope, depth + 1), f"{head.text} to")
    if dep in ("pobj", "pcomp") and head.pos_ == "ADP":
        owner = head.head
        if owner.i == head.i:
            return None
        key = f"{owner.lemma_.lower()}:{head.lower_}"
        signature = scope.preps.get(key)
        if signature is None and owner.pos_ == "NOUN" and head.lower_ in ("to", "for", "of", "in", "on"):
            signature = scope.nouns.get(owner.lemma_.lower())
        if signature is None:
            if head.lower_ == "by" and node.tag_ == "VBG" and owner.pos_ in _VERBAL:
                return status_at(owner, scope, depth + 1)  # the means of an act shares its status
            return None
        return _project(signature, status_at(owner, scope, depth + 1), f"{owner.text} {head.text}")
    if dep == "dobj" and node.pos_ == "NOUN" and head.pos_ in _VERBAL:
        signature = scope.embedding(head)  # "planned an attack", "launched attacks", "held talks"
        outer = status_at(head, scope, depth + 1)
        if signature in (None, "pass", "factive", "report"):
            return outer
        return _project(signature, outer, head.text)
    if dep in ("nsubj", "nsubjpass") and node.pos_ == "NOUN" and head.pos_ in _VERBAL and _indefinite(node):
        return status_at(head, scope, depth + 1)  # "an embargo could plunge ...": in the modal's scope
    if dep == "advcl" and not any(c.dep_ == "mark" for c in node.children) and node.tag_ in ("VBG", "VBN"):
        return status_at(head, scope, depth + 1)  # "struck Gaza, killing 20": shares the act's status
    return None


def _indefinite(noun: Token) -> bool:
    """ "an embargo", "a new attack": an indefinite subject is inside the clause's modality; a
    definite one ("the massacre", "Monday's attack") is presupposed to have happened."""
    dets = [c for c in noun.children if c.dep_ in ("det", "poss")]
    return bool(dets) and all(d.dep_ == "det" and d.lower_ in ("a", "an", "any", "another") for d in dets)


def status_at(node: Token, scope: Scope, depth: int = 0, nouns: list[Token] = ()) -> ScopeStatus | None:
    """The status of the predicate at ``node`` (``None`` = asserted, as far as scope tells)."""
    return _combine(local_status(node, scope, nouns), _context(node, scope, depth))


def scope_status(trigger: Token, nouns: list[Token] = ()) -> ScopeStatus | None:
    """The status of an event whose trigger head is ``trigger`` (``nouns``: the event noun of a
    light verb, "held no talks"), or ``None`` when nothing in scope makes it other than asserted."""
    return status_at(trigger, load_scope(), 0, nouns)
