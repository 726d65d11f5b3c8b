"""Finding and Rule types and the registry the rule families fill."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samordna.rules.context import ForbundContext

LEVELS = ("error", "warning", "info")
SEVERITY = {level: rank for rank, level in enumerate(LEVELS)}
AREAS = ("members", "board", "meetings", "insatser", "finance", "samrad")
SUBJECT_KINDS = (
    "forbund",
    "member",
    "mandate",
    "meeting",
    "item",
    "insats",
    "budget",
    "annual_report",
    "consultation",
)


@dataclass(frozen=True)
class Finding:
    """One departure from a rule, about one subject of one förbund."""

    rule: str
    level: str
    forbund: str
    subject: str
    message: str
    source: str
    subject_kind: str = "forbund"
    subject_id: str | None = None
    since: datetime.date | None = None

    def as_json(self) -> dict[str, str]:
        """The six fields of the exchange and API representation."""
        return {
            "rule": self.rule,
            "level": self.level,
            "forbund": self.forbund,
            "subject": self.subject,
            "message": self.message,
            "source": self.source,
        }

    def sort_key(self) -> tuple[Any, ...]:
        """Deterministic order: förbund, severity, rule, subject."""
        return (
            self.forbund,
            SEVERITY[self.level],
            self.rule,
            self.subject,
            self.subject_id or "",
            self.message,
        )


CheckFunction = Callable[["ForbundContext", datetime.date], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A catalogue entry: what a rule requires, why, and what to do."""

    id: str
    level: str
    source: str
    area: str
    title: str
    explanation: str
    advice: str
    source_text: str


# Filled at import time by the family modules, in catalogue order; engine.RULES is built from it.
REGISTRY: dict[str, tuple[Rule, CheckFunction]] = {}


def rule(
    id: str,
    *,
    level: str,
    source: str,
    area: str,
    title: str,
    explanation: str,
    advice: str,
    source_text: str,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function together with its catalogue entry."""
    assert level in LEVELS and area in AREAS, (id, level, area)

    def register(check: CheckFunction) -> CheckFunction:
        assert id not in REGISTRY, id
        entry = Rule(id, level, source, area, title, explanation, advice, source_text)
        REGISTRY[id] = (entry, check)
        return check

    return register
