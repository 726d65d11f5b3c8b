"""Insats rules: parties, direction, follow-up registration, reports, anchoring, budget."""

from __future__ import annotations

from rulehelpers import by_id, item


def _steget(forbund):
    return by_id(forbund["insatser"], "ex-ins-steget")


def _samverkan(forbund):
    return by_id(forbund["insatser"], "ex-ins-samverkan")


def test_it_counts_fk_and_a_kommun_as_two_parties(forbund, doc, check):
    _steget(forbund)["parties"] = ["ex-fk", "ex-k1"]
    assert check(doc, rule="insats-parties") == []


def test_it_counts_all_kommuner_as_one_party(forbund, doc, check):
    _steget(forbund)["parties"] = ["ex-k1", "ex-k2"]
    [finding] = check(doc, rule="insats-parties")
    assert finding.level == "error" and finding.subject == "Insats Steget vidare"


def test_it_judges_parties_only_of_approved_insatser(forbund, doc, check):
    _steget(forbund)["parties"] = ["ex-k1"]
    for item_id in ("ex-m-2024-03-13-p1", "ex-m-2025-09-10-p1"):
        item(doc, item_id)["decision"]["outcome"] = "rejected"
    assert check(doc, rule="insats-parties") == []


def test_it_requires_a_direction(forbund, doc, check):
    _samverkan(forbund)["direction"] = None
    [finding] = check(doc, rule="insats-direction")
    assert finding.subject_id == "ex-ins-samverkan"


def test_it_requires_registration_within_thirty_days(forbund, doc, check):
    _steget(forbund)["followup_registered"] = "2024-05-01"
    assert check(doc, rule="insats-followup-registered") == []
    _steget(forbund)["followup_registered"] = "2024-05-02"
    [finding] = check(doc, rule="insats-followup-registered")
    assert str(finding.since) == "2024-05-02"


def test_it_counts_a_missing_registration_as_not_done(forbund, doc, check):
    _samverkan(forbund)["followup_registered"] = None
    assert len(check(doc, rule="insats-followup-registered")) == 1


def test_it_requires_a_report_within_the_interval(forbund, doc, check):
    assert check(doc, "2026-08-14", rule="insats-reports") == []
    [finding] = check(doc, "2026-08-15", rule="insats-reports")
    assert "2026-04-14" in finding.message


def test_it_follows_the_statutes_report_interval(forbund, doc, check):
    forbund["statutes"]["report_interval_months"] = 2
    assert len(check(doc, "2026-06-30", rule="insats-reports")) == 1


def test_it_requires_a_final_report_three_months_after_the_end(forbund, doc, check):
    _samverkan(forbund)["reports"].pop()
    assert check(doc, "2026-03-31", rule="insats-reports") == []
    [finding] = check(doc, "2026-04-01", rule="insats-reports")
    assert "slutrapport" in finding.message


def test_it_accepts_anchoring_on_the_day_of_the_decision(forbund, doc, check):
    _steget(forbund)["anchoring"][0]["date"] = "2024-03-13"
    assert check(doc, rule="insats-anchoring") == []


def test_it_requires_anchoring_before_the_decision(forbund, doc, check):
    _steget(forbund)["anchoring"][0]["date"] = "2024-03-14"
    [finding] = check(doc, rule="insats-anchoring")
    assert "Västerås" in finding.message


def test_it_requires_anchoring_with_each_concerned_member(forbund, doc, check):
    _samverkan(forbund)["concerns"] = ["ex-reg"]
    [finding] = check(doc, rule="insats-anchoring")
    assert finding.subject_id == "ex-ins-samverkan"


def test_it_finds_funds_beyond_the_budget(forbund, doc, check):
    forbund["budgets"][2]["allocations"]["insatser"] = 1799999
    [finding] = check(doc, rule="insats-within-budget")
    assert finding.subject == "Budget 2026" and finding.level == "error"
    forbund["budgets"][2]["allocations"]["insatser"] = 1800000
    assert check(doc, rule="insats-within-budget") == []


def test_it_skips_the_budget_check_without_an_allocation(forbund, doc, check):
    forbund["budgets"][2]["allocations"] = None
    assert check(doc, rule="insats-within-budget") == []
