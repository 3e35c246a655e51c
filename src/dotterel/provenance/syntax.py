"""Dependency-tree walks the provenance components share.

Place, date and quantity all ask the same question: which words belong to the clause of this
event's trigger? An event noun ("attacks") belongs to the verb that governs it ("launch attacks
across the Middle East"); a verb belongs to the verb it is an open complement or conjunct of. A
clausal complement ("said that ...", "conveyed that ..."), an adverbial or relative clause, starts a
clause of its own: what is attached above it describes the other clause (often the act of
reporting), not this event.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from ..records import Frame

__all__ = ["CLIMB_DEPS", "antecedent_frame", "clause_tokens", "frame_overlaps", "trigger_indices"]

#: Dependencies that keep a token inside its head's clause when climbing towards the root.
CLIMB_DEPS: frozenset[str] = frozenset(
    {
        "xcomp",
        "conj",
        "dobj",
        "pobj",
        "prep",
        "pcomp",
        "nsubj",
        "nsubjpass",
        "compound",
        "nmod",
        "attr",
        "oprd",
    }
)


def clause_tokens(trigger: Token) -> list[Token]:
    """The trigger and the heads of its clause, nearest first, stopping at a clause boundary."""
    out = [trigger]
    cur = trigger
    while cur.dep_ in CLIMB_DEPS and cur.head.i != cur.i:
        if cur.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children):
            break  # "X is on trial in Chicago, and dozens have been arrested": a clause of its own
        cur = cur.head
        out.append(cur)
    return out


def trigger_indices(doc: Doc) -> set[int]:
    """Token indices of every frame's trigger head on ``doc``."""
    return {f.trigger_token for f in (doc._.frames or [])}


def frame_overlaps(frame: Frame, start: int, end: int) -> bool:
    """True when ``[start, end)`` overlaps one of the frame's actor or recipient spans."""
    return any(m.start < end and start < m.end for m in (*frame.actors, *frame.recipients))


def antecedent_frame(doc: Doc, frame: Frame, has: Callable[[Frame], bool]) -> Frame | None:
    """The earlier frame a definite event noun refers back to: "During the meeting" → "a meeting in
    Tehran". Same trigger lemma, same category, earlier in the text, and ``has(earlier)`` true.

    Only a definite noun ("the/this/that meeting") refers back; "another meeting" is a new event.
    """
    trigger = doc[frame.trigger_token]
    if trigger.pos_ != "NOUN":
        return None
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in trigger.children):
        return None
    for other in reversed(doc._.frames or []):
        if other is frame or other.trigger_token >= frame.trigger_token:
            continue
        if (
            other.event_type == frame.event_type
            and doc[other.trigger_token].lemma_ == trigger.lemma_
            and has(other)
        ):
            return other
    return None
