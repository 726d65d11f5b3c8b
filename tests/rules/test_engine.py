"""The engine as a whole: acceptance on exempel.json, the catalogue, ordering and scoping."""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

import pytest
from rulehelpers import CLEAN_DATE, clone_forbund, consultation, meeting

from samordna.rules import RULES, Finding, Rule, check_document
from samordna.rules.base import AREAS, LEVELS, SUBJECT_KINDS

DOMAIN = Path(__file__).resolve().parents[3] / "shared" / "DOMAIN.md"


def test_it_finds_nothing_wrong_in_exempel_in_june_2026(doc, check):
    findings = check(doc, "2026-06-30")
    assert [f for f in findings if f.level in ("error", "warning")] == []


def test_it_finds_the_missing_budget_and_report_in_december_2026(doc, check):
    findings = [f for f in check(doc, "2026-12-20") if f.level in ("error", "warning")]
    assert [(f.rule, f.level) for f in findings] == [
        ("budget-deadline", "error"),
        ("insats-reports", "warning"),
    ]
    assert findings[0].subject == "Budget 2027"
    assert findings[0].since == datetime.date(2026, 12, 1)
    assert "Steget vidare" in findings[1].subject


def test_it_has_exactly_the_catalogue_of_domain_md():
    assert len(RULES) == 38
    if not DOMAIN.exists():
        pytest.skip("shared/DOMAIN.md is not beside the repository")
    ids = re.findall(r"^\| `([a-z-]+)` \| (error|warning|info) \|", DOMAIN.read_text(encoding="utf-8"), re.M)
    assert [i for i, _ in ids] == list(RULES)
    assert {i: level for i, level in ids} == {i: r.level for i, r in RULES.items()}


def test_it_describes_every_rule_in_swedish():
    for rule_id, rule in RULES.items():
        assert isinstance(rule, Rule) and rule.id == rule_id
        assert rule.level in LEVELS and rule.area in AREAS
        assert rule.title and rule.explanation and rule.advice and rule.source_text and rule.source


def test_it_keeps_source_and_level_of_the_catalogue_on_findings(doc, check):
    # A document broken in many ways at once; check() asserts consistency on every finding.
    forbund = doc["forbund"][0]
    forbund["mandates"] = [m for m in forbund["mandates"] if m["role"] != "vice_ordforande"]
    forbund["mandates"][0]["basis"] = None
    forbund["annual_reports"][0]["discharge"][0]["decision"] = "refused"
    meeting(doc, "ex-m-2026-05-20")["notice_sent"] = None
    consultation(doc, "ex-samrad-2025-05-14")["decisions"] = ["Beslut"]
    findings = check(doc, "2026-12-20")
    assert {f.rule for f in findings} >= {
        "board-officers",
        "board-eligibility",
        "discharge-recorded",
        "meeting-notice",
    }
    assert {(f.rule, f.level) for f in findings} >= {
        ("board-eligibility", "info"),
        ("discharge-recorded", "warning"),
    }
    for finding in findings:
        assert finding.subject_kind in SUBJECT_KINDS
        assert finding.forbund == "ex" and finding.subject and finding.message


def test_it_gives_the_six_json_fields():
    finding = Finding(
        "budget-deadline", "error", "ex", "Budget 2027", "Saknas.", "FinsamL 23 §", "budget", "2027"
    )
    assert finding.as_json() == {
        "rule": "budget-deadline",
        "level": "error",
        "forbund": "ex",
        "subject": "Budget 2027",
        "message": "Saknas.",
        "source": "FinsamL 23 §",
    }
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.rule = "x"  # type: ignore[misc]


def test_it_sorts_by_forbund_severity_rule_and_subject(doc, check):
    clone_forbund(doc, "ey")
    findings = check(doc, "2026-12-20")
    assert findings == sorted(findings, key=Finding.sort_key)
    assert [f.forbund for f in findings] == ["ex", "ex", "ey", "ey"]
    keys = [(f.forbund, ["error", "warning", "info"].index(f.level), f.rule, f.subject) for f in findings]
    assert keys == sorted(keys)


def test_it_checks_only_the_forbund_asked_for(doc, check):
    clone_forbund(doc, "ey")
    doc["forbund"][1]["budgets"] = []
    only_ex = check(doc, "2026-06-30", forbund_ids=["ex", "unknown"])
    assert {f.forbund for f in only_ex} <= {"ex"}
    assert {f.forbund for f in check(doc, "2026-06-30", rule="budget-deadline")} == {"ey"}


def test_it_ignores_facts_dated_after_the_as_of_date(doc, check):
    # The budget for 2026 was adopted in November 2025; judged in October 2025 it does not exist yet.
    findings = check(doc, "2025-10-31")
    assert [f for f in findings if f.level != "info"] == []
    bad = meeting(doc, "ex-m-2026-03-11")
    bad["attendance"] = bad["attendance"][:1]
    assert check(doc, "2026-03-10", rule="meeting-quorum") == []
    assert check(doc, "2026-03-11", rule="meeting-quorum") != []


def test_it_uses_the_first_data_as_founding_date_when_unknown(doc, check):
    doc["forbund"][0]["founded"] = None
    # The earliest date in the data (the mandates from 2024-01-01) stands in for the founding.
    assert check(doc, "2026-06-30") == []
    doc["forbund"][0]["founded"] = "2023-06-01"
    rules = {(f.rule, f.subject) for f in check(doc, "2026-06-30")}
    assert ("budget-deadline", "Budget 2024") in rules
    assert ("annual-report-deadline", "Årsredovisning 2023") in rules


def test_it_returns_a_list_of_findings_for_an_empty_document():
    doc = {"format": "samordna-exchange/1", "persons": [], "forbund": [], "consultations": []}
    assert check_document(doc, datetime.date.fromisoformat(CLEAN_DATE)) == []
