"""A replacement status stage for the configuration-swap test (issue #16): not a real coder.

It marks every frame ``hypothetical`` with the cue "swapped", so a test can see that the pipeline
built from a configuration file ran this stage instead of dotterel's.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class EverythingHypothetical:
    def __call__(self, doc: Doc) -> Doc:
        for frame in doc._.frames:
            frame.status, frame.status_cue = "hypothetical", "swapped"
        return doc


@Language.factory("test_status_everything_hypothetical", requires=["doc._.frames"], assigns=["doc._.frames"])
def make_everything_hypothetical(nlp: Language, name: str) -> EverythingHypothetical:
    return EverythingHypothetical()
