"""The shipped event classifier: a linear model over sparse parse features, read from one ``.npz``.

Training (``scripts/train_event_classifier.py``) uses scikit-learn; inference needs only NumPy:
the file holds the feature vocabulary, the weight matrix, the class names and a temperature
fitted on held-out predictions, so the probabilities are calibrated (docs/event-classifier.md
has the reliability table). No pickle: a file from anywhere cannot run code when loaded.

Two heads share the vocabulary: the category head (16 PLOVER categories plus ``NONE``, "no
event") and the mode head, whose classes are ``CATEGORY:mode`` pairs.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from ...errors import ConfigError
from ...records import PLOVER_EVENT_TYPES

__all__ = [
    "NO_EVENT",
    "EventModel",
    "Prediction",
    "load_model",
    "shipped_model_path",
    "SHIPPED_MODEL",
]

NO_EVENT = "NONE"
SHIPPED_MODEL = "event_classifier.npz"
_REQUIRED = (
    "vocab",
    "labels",
    "coef",
    "intercept",
    "temperature",
    "mode_labels",
    "mode_coef",
    "mode_intercept",
)


@dataclass(frozen=True, slots=True)
class Prediction:
    """The model's distribution over the categories and "no event" for one candidate.

    ``rows`` are the candidate's feature rows: the mode head scores them only when a mode is asked.
    """

    probs: dict[str, float]
    rows: list[int]

    @property
    def best(self) -> tuple[str, float]:
        label = max(self.probs, key=self.probs.__getitem__)
        return label, self.probs[label]


class EventModel:
    """Category and mode heads over one shared sparse vocabulary."""

    def __init__(self, arrays: dict[str, np.ndarray], source: str) -> None:
        self.source = source
        vocab = [str(v) for v in arrays["vocab"]]
        self.index = {f: i for i, f in enumerate(vocab)}
        self.labels = [str(v) for v in arrays["labels"]]
        self.coef = arrays["coef"].astype(np.float32)
        self.intercept = arrays["intercept"].astype(np.float32)
        self.temperature = float(arrays["temperature"])
        self.mode_labels = [str(v) for v in arrays["mode_labels"]]
        self.mode_coef = arrays["mode_coef"].astype(np.float32)
        self.mode_intercept = arrays["mode_intercept"].astype(np.float32)
        self._check()

    def _check(self) -> None:
        n = len(self.index)
        if self.coef.shape != (n, len(self.labels)) or self.intercept.shape != (len(self.labels),):
            raise ConfigError("event model weights do not match its vocabulary or labels", path=self.source)
        if self.mode_coef.shape != (n, len(self.mode_labels)):
            raise ConfigError("event model mode weights do not match its vocabulary", path=self.source)
        unknown = set(self.labels) - set(PLOVER_EVENT_TYPES) - {NO_EVENT}
        if unknown or not self.temperature > 0:
            raise ConfigError(f"event model has unknown labels {sorted(unknown)}", path=self.source)

    def _rows(self, features: list[str]) -> list[int]:
        return sorted({self.index[f] for f in features if f in self.index})

    def predict(self, features: list[str]) -> Prediction:
        rows = self._rows(features)
        logits = self.coef[rows].sum(axis=0) + self.intercept
        z = logits / self.temperature
        z = np.exp(z - z.max())
        p = z / z.sum()
        return Prediction({lab: float(v) for lab, v in zip(self.labels, p, strict=True)}, rows)

    def mode(self, prediction: Prediction, event_type: str, *, floor: float = 0.5) -> str | None:
        """The most likely mode of ``event_type``, or None when no mode of it is likely enough."""
        pairs = [(i, lab.split(":", 1)[1]) for i, lab in enumerate(self.mode_labels)
                 if lab.split(":", 1)[0] == event_type]  # fmt: skip
        if not pairs:
            return None
        columns = [i for i, _ in pairs]
        scores = self.mode_coef[np.ix_(prediction.rows, columns)].sum(axis=0) + self.mode_intercept[columns]
        e = np.exp(scores - scores.max())
        p = e / e.sum()
        best = int(p.argmax())
        mode = pairs[best][1]
        return mode if mode != "-" and p[best] >= floor else None


def shipped_model_path() -> Path:
    return Path(str(resources.files("dotterel") / "data" / "models" / SHIPPED_MODEL))


def load_model(path: str | Path | None = None) -> EventModel:
    """Read a model file; a missing or corrupt file is a :class:`ConfigError` naming it."""
    p = Path(path) if path is not None else shipped_model_path()
    try:
        with p.open("rb") as fh, np.load(fh, allow_pickle=False) as data:  # we close the file, not NumPy
            missing = [k for k in _REQUIRED if k not in data.files]
            if missing:
                raise ConfigError(f"event model file lacks {', '.join(missing)}; retrain it", path=str(p))
            arrays = {k: data[k] for k in _REQUIRED}
    except FileNotFoundError:
        raise ConfigError(
            "event model file not found; reinstall dotterel or run scripts/train_event_classifier.py",
            path=str(p),
        ) from None
    except (OSError, ValueError, TypeError, zipfile.BadZipFile, EOFError) as exc:
        raise ConfigError(
            f"event model file is corrupt ({exc.__class__.__name__}); reinstall dotterel or retrain it",
            path=str(p),
        ) from None
    return EventModel(arrays, str(p))
