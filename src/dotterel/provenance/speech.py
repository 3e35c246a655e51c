"""Reported-speech verbs: the words that introduce what somebody says.

They are never events by themselves (the reported content is the event); the attribution stage
turns them into the event's ``attribution``. The frame extractor imports this list so it does not
code "said" as an event.
"""

from __future__ import annotations

__all__ = ["REPORTING_VERBS", "SPEECH_VERBS", "is_reporting_verb", "is_speech_verb"]

SPEECH_VERBS: frozenset[str] = frozenset(
    str.split(
        """
    say tell report disclose reveal state announce add claim assert note explain confirm
    declare write quote suggest insist maintain argue acknowledge admit comment remark
    indicate mention recount describe recall observe predict estimate believe think
    convey emphasize emphasise stress reiterate underline highlight signal testify tweet post
    """
    )
)


def is_speech_verb(lemma: str) -> bool:
    """True when ``lemma`` (lower case) introduces reported speech."""
    return lemma.lower() in SPEECH_VERBS


#: Verbs that attribute what follows to a source but may be events of their own ("alleged that ..."
#: can be an accusation): the attribution stage reads them, the frame extractor is free to code them.
REPORTING_VERBS: frozenset[str] = SPEECH_VERBS | frozenset(
    str.split(
        """
    allege contend affirm inform assure specify detail divulge clarify underscore hint speculate
    caution recount relate recall cite brief
    """
    )
)


def is_reporting_verb(lemma: str) -> bool:
    """True when ``lemma`` (lower case) attributes the clause it governs to its subject."""
    return lemma.lower() in REPORTING_VERBS
