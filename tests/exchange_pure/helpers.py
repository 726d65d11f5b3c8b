"""Shared helpers for the pure exchange tests."""

import copy
import json
from pathlib import Path

from samordna.exchange.validate import validate_document

EXEMPEL = Path(__file__).parent / "data" / "exempel.json"


def exempel() -> dict:
    """A fresh copy of the whole valid example document."""
    with EXEMPEL.open(encoding="utf-8") as handle:
        return json.load(handle)


def problems_after(change) -> list[str]:
    """The problems (as strings) of the example after `change(doc)` edited it in place."""
    doc = copy.deepcopy(exempel())
    change(doc)
    return [str(problem) for problem in validate_document(doc)]
