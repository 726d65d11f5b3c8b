"""Fixtures for the rule engine tests: a compliant exchange document and a checker."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from typing import Any

import pytest
from rulehelpers import CLEAN_DATE, EXEMPEL, assert_consistent

from samordna.rules import Finding, check_document


@pytest.fixture
def doc() -> dict[str, Any]:
    """A fresh compliant document (exempel.json)."""
    return copy.deepcopy(EXEMPEL)


@pytest.fixture
def forbund(doc: dict[str, Any]) -> dict[str, Any]:
    """Förbund `ex` of the document."""
    return doc["forbund"][0]


@pytest.fixture
def check() -> Callable[..., list[Finding]]:
    """Run the engine (optionally for one rule) and check every finding against the catalogue."""

    def run(
        doc: dict[str, Any], as_of: str = CLEAN_DATE, rule: str | None = None, **kwargs: Any
    ) -> list[Finding]:
        findings = check_document(doc, datetime.date.fromisoformat(as_of), **kwargs)
        assert_consistent(findings)
        return [f for f in findings if rule is None or f.rule == rule]

    return run


@pytest.fixture(autouse=True)
def _fast_password_hashing() -> None:
    """The rule tests need no Django: override the project-wide autouse fixture that needs `settings`."""
