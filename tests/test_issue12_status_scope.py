"""Status by syntactic scope (issue #12): each rule on a hand-made sentence, with a negative twin
where the same cue is present but out of the trigger's scope."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.model


def status_of(status_coder, text, trigger):
    from dotterel.records import Article

    events = status_coder.extract(Article(id="s", text=text, published=date(2024, 3, 1)))
    [event] = [e for e in events if e.trigger.text.split()[0] == trigger]
    return event.status, event.status_cue


@pytest.mark.parametrize(
    ("text", "trigger", "status", "cue"),
    [
        # negation of the trigger, of its subject ("no one", "no ... were") or its object
        ("No one has claimed responsibility for the attacks.", "claimed", "negated", "No one"),
        ("The rebels crossed the border without firing a shot.", "firing", "negated", "without"),
        # negation of a verb that embeds it: implicatives pass it down, negative implicatives flip it
        ("Troops did not manage to capture the town.", "capture", "negated", "did not"),
        ("The army refused to attack the village.", "attack", "negated", "refused to"),
        # a negation under "may"/"must" forbids or doubts; under "will"/"cannot" it denies
        ("Israel may not attack Iran before the election.", "attack", "hypothetical", "may not"),
        ("Israel will not attack Iran before the election.", "attack", "negated", "will not"),
        # an intention: future; a negated intention: negated; a negated wish: hypothetical
        ("Israel plans to attack Iran.", "attack", "future", "plans to"),
        ("Israel has no plans to attack Iran.", "attack", "negated", "no plans to"),
        ("Iran does not want to attack Israel.", "attack", "hypothetical", "does not want to"),
        # attempts, speculation, embedded questions, allegations: not known to have happened
        ("The president tried to block the shipments.", "block", "hypothetical", "tried to"),
        ("It appears that the troops have not engaged the rebels.", "engaged", "hypothetical", "appears"),
        ("Officials did not say whether the army attacked the town.", "attacked", "hypothetical", "whether"),
        ("Police allegedly beat the protesters.", "beat", "hypothetical", "allegedly"),
        # an indefinite event noun as subject is inside its verb's modality (a definite one is not:
        # see the massacre below)
        ("An embargo on Iraq could plunge the world into crisis.", "embargo", "hypothetical", "could"),
        # questions and commands are not acts
        ("Why attack the town?", "attack", "hypothetical", "?"),
        ('"Fight them," he urged Iraqis.', "Fight", "hypothetical", "Fight"),
        # "would": a condition's outcome in a main clause, future in reported speech
        ("The army would withdraw if the rebels disarm.", "withdraw", "hypothetical", "if"),
        ("The ministry said the army would withdraw from the town.", "withdraw", "future", "would"),
    ],
)
def test_cue_in_scope(status_coder, text, trigger, status, cue):
    assert status_of(status_coder, text, trigger) == (status, cue)


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # the negation sits in a relative clause on the speaker, not above the trigger
        ("Officials who did not attend said the army attacked the town.", "attacked"),
        # the negation is on the other conjunct, which has its own subject
        ("The soldiers killed three people and the police did not arrest anyone.", "killed"),
        # the negation is inside the relative clause on the object
        ("The police arrested the protesters, who had not attacked anyone.", "arrested"),
        # a modal on the verb the event noun is the subject of: about the massacre, not the event
        ("The massacre of seven villagers may confirm that the group is expanding.", "massacre"),
        # "can confirm": a report that stands, the arrest is asserted
        ("The police spokesman said he can confirm that a suspect was arrested.", "arrested"),
        # a refusal coded as REJECT happened: only the refused act would be negated
        ("Turkey refused to send troops to Iraq.", "refused"),
        # an implicative verb passes its own (asserted) status down: the vote imposed them
        ("The UN Security Council voted to impose sanctions on North Korea.", "impose"),
        # a past act is not made conditional by its terms
        ("The company agreed to pay $10 a share if the value falls.", "agreed"),
    ],
)
def test_cue_out_of_scope_leaves_the_event_asserted(status_coder, text, trigger):
    assert status_of(status_coder, text, trigger) == ("asserted", None)


def test_conjunct_sharing_the_negated_auxiliary_is_negated(status_coder):
    text = "The army did not attack the village or shell the town."
    assert status_of(status_coder, text, "shell") == ("negated", "did not")
    text = "The suspect had not attacked the guards or kidnapped the driver, police said."
    assert status_of(status_coder, text, "kidnapped")[0] == "negated"


def test_the_shipped_scope_table_reads_and_every_row_is_well_formed():
    from dotterel.extract.scope import load_scope

    scope = load_scope()
    assert scope.verbs["refuse"] == "negate" and scope.verbs["plan"] == "future"
    assert scope.nouns["attempt"] == "hypothetical" and "not" in scope.negs
    assert "must" in scope.negmodals and "will" not in scope.negmodals
