"""The learned layer over the rule frames: features, the shipped model, the spaCy component."""

from .features import candidate_features, main_predicate
from .model import NO_EVENT, EventModel, load_model, shipped_model_path

__all__ = [
    "NO_EVENT",
    "EventModel",
    "candidate_features",
    "load_model",
    "main_predicate",
    "shipped_model_path",
]
