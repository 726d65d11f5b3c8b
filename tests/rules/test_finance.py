"""Budget, annual report, audit, discharge and equity rules."""

from __future__ import annotations

from rulehelpers import consultation, mandates


def test_it_finds_a_budget_adopted_after_november(forbund, doc, check):
    forbund["budgets"][2]["adopted"] = "2025-12-01"
    [finding] = check(doc, rule="budget-deadline")
    assert finding.subject == "Budget 2026" and "2025-12-01" in finding.message


def test_it_does_not_judge_budgets_due_before_the_forbund_existed(forbund, doc, check):
    forbund["budgets"].pop(0)  # 2024: its deadline 2023-11-30 came before the founding
    assert check(doc, rule="budget-deadline") == []


def test_it_accepts_a_medlemssamrad_with_budget_on_the_agenda(doc, check):
    doc["consultations"] = [c for c in doc["consultations"] if c["id"] != "ex-budgetsamrad-2025-10-08"]
    assert check(doc, rule="budget-consultation") == []


def test_it_requires_consultation_of_every_member_before_the_budget(doc, check):
    doc["consultations"] = [c for c in doc["consultations"] if c["id"] != "ex-budgetsamrad-2025-10-08"]
    consultation(doc, "ex-samrad-2025-05-14")["agenda"].pop()
    [finding] = check(doc, rule="budget-consultation")
    assert finding.subject == "Budget 2026" and "Försäkringskassan" in finding.message


def test_it_ignores_a_written_consultation_after_adoption(forbund, doc, check):
    for row in forbund["budgets"][0]["consulted"]:
        row["date"] = "2024-01-15"
    [finding] = check(doc, rule="budget-consultation")
    assert finding.subject == "Budget 2024"


def test_it_finds_a_late_annual_report(forbund, doc, check):
    forbund["annual_reports"][1]["made"] = "2026-04-01"
    [finding] = check(doc, rule="annual-report-deadline")
    assert finding.subject == "Årsredovisning 2025" and str(finding.since) == "2026-04-01"


def test_it_waits_for_the_annual_report_deadline(forbund, doc, check):
    forbund["annual_reports"].pop()
    assert check(doc, "2026-03-31", rule="annual-report-deadline") == []
    assert len(check(doc, "2026-04-01", rule="annual-report-deadline")) == 1


def test_it_requires_the_audit_report_to_reach_every_member(forbund, doc, check):
    forbund["annual_reports"][1]["audit"]["delivered_to"].remove("ex-k2")
    [finding] = check(doc, rule="audit-report-delivered")
    assert "Hallstahammar" in finding.message and finding.level == "warning"


def test_it_requires_an_auditor_for_the_state(forbund, doc, check):
    forbund["mandates"].remove(mandates(doc, "ex-rev-fk")[0])
    [finding] = check(doc, rule="auditors-appointed")
    assert "Försäkringskassan" in finding.message


def test_it_accepts_a_joint_auditor(forbund, doc, check):
    mandates(doc, "ex-rev-kom")[0]["appointed_by"] = ["ex-reg", "ex-k1"]
    [finding] = check(doc, rule="auditors-appointed")
    assert "Hallstahammar" in finding.message and "Västerås" not in finding.message


def test_it_requires_answers_to_remarks_within_three_months(forbund, doc, check):
    remark = forbund["annual_reports"][1]["audit"]["remarks"][0]
    remark["response"]["date"] = "2026-07-07"
    assert check(doc, "2026-12-20", rule="audit-remarks-answered") == []
    remark["response"] = None
    assert check(doc, "2026-07-07", rule="audit-remarks-answered") == []
    [finding] = check(doc, "2026-07-08", rule="audit-remarks-answered")
    assert finding.subject_id == "ex-rem-2025"


def test_it_reminds_of_a_missing_discharge(forbund, doc, check):
    forbund["annual_reports"][0]["discharge"].pop()
    [finding] = check(doc, rule="discharge-recorded")
    assert finding.level == "info" and "Hallstahammar" in finding.message


def test_it_warns_of_a_refused_discharge(forbund, doc, check):
    forbund["annual_reports"][1]["discharge"][0]["decision"] = "refused"
    [finding] = check(doc, rule="discharge-recorded")
    assert finding.level == "warning" and "vägrat" in finding.message


def test_it_finds_equity_above_the_ceiling(forbund, doc, check):
    forbund["statutes"]["equity_ceiling"] = [
        {"up_to": 5000000, "percent": 20},
        {"up_to": None, "percent": 10},
    ]
    findings = check(doc, rule="equity-ceiling")
    assert [f.subject for f in findings] == ["Årsredovisning 2024", "Årsredovisning 2025"]


def test_it_accepts_equity_at_the_ceiling(forbund, doc, check):
    forbund["statutes"]["equity_ceiling"] = [
        {"up_to": 5000000, "percent": 20},
        {"up_to": None, "percent": 15},
    ]
    assert check(doc, rule="equity-ceiling") == []
