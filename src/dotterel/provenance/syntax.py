"""Dependency-tree walks the provenance components share.

Place, date and quantity all ask the same question: which words belong to the clause of this
event's trigger? An event noun ("attacks") belongs to the verb that governs it ("launch attacks
across the Middle East"); a verb belongs to the verb it is an open complement or conjunct of. A
clausal complement ("said that ...", "conveyed that ..."), an adverbial or relative clause, starts a
clause of its own: what is attached above it describes the other clause (often the act of
reporting), not this event.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

__all__ = ["CLIMB_DEPS", "clause_tokens", "frame_overlaps", "trigger_indices"]

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


def frame_overlaps(frame, start: int, end: int) -> bool:
    """True when ``[start, end)`` overlaps one of the frame's actor or recipient spans."""
    return any(m.start < end and start < m.end for m in (*frame.actors, *frame.recipients))
