"""Helpers for the rule engine tests: the example document and ways to edit it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from samordna.rules import RULES, Finding

IN_REPO = Path(__file__).resolve().parent / "data" / "exempel.json"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "examples" / "exempel.json"
CLEAN_DATE = "2026-06-30"
# Findings whose level may differ from the catalogue's (DOMAIN §3: same id, other level).
LEVEL_VARIANTS = {("board-eligibility", "info"), ("discharge-recorded", "warning")}


def load_exempel() -> dict[str, Any]:
    """The example document, preferring the in-repo copy."""
    path = IN_REPO if IN_REPO.exists() else SHARED
    return json.loads(path.read_text(encoding="utf-8"))


EXEMPEL = load_exempel()


def assert_consistent(findings: list[Finding]) -> None:
    """Every finding names a catalogue rule and carries its level and source."""
    for finding in findings:
        entry = RULES[finding.rule]
        assert finding.source == entry.source
        assert finding.level == entry.level or (finding.rule, finding.level) in LEVEL_VARIANTS


def clone_forbund(doc: dict[str, Any], prefix: str) -> dict[str, Any]:
    """Add a copy of förbund `ex` (persons, consultations) under ids starting with `prefix`."""

    def rename(value: Any) -> Any:
        text = json.dumps(value).replace('"ex-', f'"{prefix}-').replace('"ex"', f'"{prefix}"')
        return json.loads(text)

    forbund = rename(EXEMPEL["forbund"][0])
    forbund["name"] = f"Samordningsförbundet {prefix}"
    doc["forbund"].append(forbund)
    doc["persons"].extend(rename(EXEMPEL["persons"]))
    doc["consultations"].extend(rename(EXEMPEL["consultations"]))
    return forbund


def by_id(rows: list[dict[str, Any]], row_id: str) -> dict[str, Any]:
    """The row with this id."""
    return next(row for row in rows if row.get("id") == row_id)


def meeting(doc: dict[str, Any], meeting_id: str) -> dict[str, Any]:
    """A meeting of förbund `ex`."""
    return by_id(doc["forbund"][0]["meetings"], meeting_id)


def item(doc: dict[str, Any], item_id: str) -> dict[str, Any]:
    """An item of förbund `ex`."""
    for row in doc["forbund"][0]["meetings"]:
        for entry in row.get("items") or []:
            if entry["id"] == item_id:
                return entry
    raise KeyError(item_id)


def mandates(doc: dict[str, Any], person: str, role: str | None = None) -> list[dict[str, Any]]:
    """Mandates of a person in förbund `ex`."""
    return [m for m in doc["forbund"][0]["mandates"] if m["person"] == person and role in (None, m["role"])]


def consultation(doc: dict[str, Any], consultation_id: str) -> dict[str, Any]:
    """A consultation of the document."""
    return by_id(doc["consultations"], consultation_id)


def forbund_mandate(doc: dict[str, Any], person: str, role: str) -> dict[str, Any]:
    """The one mandate of a person with a role in förbund `ex`."""
    [row] = mandates(doc, person, role)
    return row
