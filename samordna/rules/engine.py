"""The rule engine: the catalogue (RULES) and check_document, judging an exchange document as of a date."""

from __future__ import annotations

import datetime
from typing import Any

from samordna.rules import board, finance, insatser, meetings, members, samrad
from samordna.rules.base import REGISTRY, Finding, Rule
from samordna.rules.context import DocumentIndex

__all__ = ["RULES", "Finding", "Rule", "check_document"]

# Catalogue order of DOMAIN.md §3: the families in that order, each in its registration order.
_FAMILIES = (members, board, meetings, insatser, finance, samrad)
_CHECKS = [
    (entry, check)
    for family in _FAMILIES
    for entry, check in REGISTRY.values()
    if check.__module__ == family.__name__
]
RULES: dict[str, Rule] = {entry.id: entry for entry, _check in _CHECKS}
assert len(RULES) == len(REGISTRY), "every rule belongs to a family module"


def check_document(
    doc: dict[str, Any],
    as_of: datetime.date,
    forbund_ids: list[str] | None = None,
) -> list[Finding]:
    """All findings for the document's förbund (or the given ones) as of a date, sorted."""
    index = DocumentIndex(doc, as_of)
    selected = list(index.forbund) if forbund_ids is None else [f for f in forbund_ids if f in index.forbund]
    findings: list[Finding] = []
    for forbund_id in dict.fromkeys(selected):
        ctx = index.context(forbund_id)
        for _entry, check in _CHECKS:
            findings.extend(check(ctx, as_of))
    findings.sort(key=Finding.sort_key)
    return findings
