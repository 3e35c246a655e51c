"""Reported-speech verbs, as the attribution stage reads them.

The lists live in ``data/words/`` and are loaded by :mod:`dotterel.vocabulary`, which the extractor
reads too (so ``extract`` never imports ``provenance``); this module keeps the provenance-side names.
"""

from __future__ import annotations

from ..vocabulary import REPORTING_VERBS, SPEECH_VERBS, is_reporting_verb, is_speech_verb

__all__ = ["REPORTING_VERBS", "SPEECH_VERBS", "is_reporting_verb", "is_speech_verb"]
