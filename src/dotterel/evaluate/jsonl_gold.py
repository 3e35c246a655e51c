"""Reading a JSONL gold file: one place for the loop every gold reader shares.

Each reader hands in how to turn one parsed row into its item; this module finds the file, skips
blank lines, and turns any malformed line into an ``EvaluationError`` naming the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import EvaluationError, InputError

__all__ = ["read_jsonl_gold"]

_T = TypeVar("_T")


def read_jsonl_gold(path: str | Path, kind: str, parse_row: Callable[[dict[str, Any]], _T]) -> list[_T]:
    """The items of a JSONL gold file of ``kind`` ("status", "attribution"), one per non-blank line."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{kind} gold file not found: {p}")
    out: list[_T] = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(parse_row(json.loads(line)))
        except (KeyError, TypeError, ValueError, AttributeError, InputError, json.JSONDecodeError) as exc:
            raise EvaluationError(
                f"{p}:{n}: not {'an' if kind[0] in 'aeiou' else 'a'} {kind} gold record ({exc})"
            ) from exc
    return out
