"""members-composition and contribution-split."""

from __future__ import annotations

import pytest
from rulehelpers import by_id

from samordna.rules import RULES


@pytest.mark.parametrize("rule", list(RULES))
def test_it_passes_every_rule_on_the_compliant_example(doc, check, rule):
    assert check(doc, "2026-06-30", rule=rule) == []


def test_it_accepts_a_membership_on_its_last_day(forbund, doc, check):
    by_id(forbund["members"], "ex-k2")["left"] = "2026-06-30"
    assert check(doc, "2026-06-30", rule="members-composition") == []


def test_it_requires_af_in_the_forbund(forbund, doc, check):
    forbund["members"] = [m for m in forbund["members"] if m["id"] != "ex-af"]
    [finding] = check(doc, rule="members-composition")
    assert finding.level == "error" and "Arbetsförmedlingen" in finding.message


def test_it_requires_a_kommun_on_the_as_of_date(forbund, doc, check):
    for member_id in ("ex-k1", "ex-k2"):
        by_id(forbund["members"], member_id)["left"] = "2025-12-31"
    [finding] = check(doc, rule="members-composition")
    assert "kommuner" in finding.message


def test_it_accepts_a_split_off_by_rounding(forbund, doc, check):
    budget = forbund["budgets"][2]
    budget["contributions"][0]["amount"] += 2  # four payers: four kronor tolerance
    assert check(doc, rule="contribution-split") == []


def test_it_accepts_the_state_half_as_fk_and_af_quarters(forbund, doc, check):
    budget = forbund["budgets"][2]
    budget["contributions"][0]["amount"] = 2000000
    budget["contributions"].append({"member": "ex-af", "amount": 2000000})
    assert check(doc, rule="contribution-split") == []


def test_it_finds_a_wrong_split(forbund, doc, check):
    forbund["budgets"][2]["contributions"][1]["amount"] = 3000000
    [finding] = check(doc, rule="contribution-split")
    assert finding.subject == "Budget 2026" and finding.subject_kind == "budget"
    assert "regionerna" in finding.message


def test_it_finds_a_contribution_from_a_non_member(forbund, doc, check):
    forbund["budgets"][2]["contributions"].append({"member": "ey-k9", "amount": 0})
    [finding] = check(doc, rule="contribution-split")
    assert "inte är medlem" in finding.message
