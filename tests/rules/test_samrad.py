"""Medlemssamråd rules."""

from __future__ import annotations

from rulehelpers import clone_forbund, consultation

MAY_2025 = "ex-samrad-2025-05-14"


def test_it_requires_a_samrad_every_full_year(doc, check):
    doc["consultations"].remove(consultation(doc, MAY_2025))
    [finding] = check(doc, rule="samrad-annual")
    assert finding.subject == "Medlemssamråd 2025" and finding.level == "warning"


def test_it_does_not_count_a_budget_consultation_as_medlemssamrad(doc, check):
    consultation(doc, MAY_2025)["kind"] = "budget"
    assert len(check(doc, rule="samrad-annual")) == 1


def test_it_does_not_judge_a_year_not_lived_in_whole(forbund, doc, check):
    forbund["founded"] = "2024-01-02"
    consultation(doc, "ex-samrad-2024-05-15")["date"] = "2025-05-15"
    assert check(doc, rule="samrad-annual") == []


def test_it_finds_a_board_member_representing_a_member(doc, check):
    consultation(doc, MAY_2025)["participants"][3]["person"] = "ex-ers-k1"
    [finding] = check(doc, rule="samrad-representatives")
    assert "Ersättare Västerås" in finding.message


def test_it_requires_every_member_represented(doc, check):
    consultation(doc, MAY_2025)["participants"].pop(4)
    [finding] = check(doc, rule="samrad-all-members")
    assert "Hallstahammar" in finding.message and finding.subject_id == MAY_2025


def test_it_requires_the_forbundschef_at_the_samrad(doc, check):
    consultation(doc, MAY_2025)["participants"].pop()
    [finding] = check(doc, rule="samrad-forbund-delegation")
    assert "förbundschefen" in finding.message


def test_it_requires_the_forbund_delegate_to_hold_a_ledamot_mandate(doc, check):
    consultation(doc, MAY_2025)["participants"][5]["person"] = "ex-ers-fk"
    [finding] = check(doc, rule="samrad-forbund-delegation")
    assert "ledamot" in finding.message


def test_it_requires_a_convener_appointed_by_a_member(doc, check):
    consultation(doc, MAY_2025)["convener"]["appointed_by"] = None
    [finding] = check(doc, rule="samrad-convener")
    assert finding.subject == "Medlemssamråd 2025-05-14"


def test_it_reminds_of_a_samrad_outside_spring(doc, check):
    consultation(doc, MAY_2025)["date"] = "2025-09-17"
    [finding] = check(doc, rule="samrad-timing")
    assert finding.level == "info" and "våren" in finding.message


def test_it_reminds_of_a_samrad_before_the_audit_report(doc, check):
    consultation(doc, MAY_2025)["date"] = "2025-04-01"
    [finding] = check(doc, rule="samrad-timing")
    assert "revisionsberättelsen" in finding.message


def test_it_reminds_of_missing_agenda_topics(doc, check):
    consultation(doc, MAY_2025)["agenda"] = consultation(doc, MAY_2025)["agenda"][:3]
    [finding] = check(doc, rule="samrad-agenda")
    assert finding.level == "info" and "budgetförutsättningar" in finding.message


def test_it_finds_a_decision_at_a_samrad(doc, check):
    consultation(doc, MAY_2025)["decisions"] = ["Samrådet beslutar att höja bidragen."]
    [finding] = check(doc, rule="samrad-no-decisions")
    assert finding.level == "warning"


def test_it_ignores_a_samrad_after_the_as_of_date(doc, check):
    consultation(doc, "ex-samrad-2026-05-13")["decisions"] = ["Beslut"]
    assert check(doc, "2026-05-12", rule="samrad-no-decisions") == []


def test_it_reports_a_shared_samrad_once_per_covered_forbund(doc, check):
    clone_forbund(doc, "ey")
    shared = consultation(doc, MAY_2025)
    shared["forbund"] = ["ex", "ey"]
    shared["participants"] += [
        {"person": "ey-rep-k1", "represents": "ey-k1"},
        {"person": "ey-led-k1", "for_forbund": "ey", "capacity": "ordforande"},
        {"person": "ey-chef", "for_forbund": "ey", "capacity": "forbundschef"},
    ]
    # FK, AF, the region and Hallstahammar are the same organisations in both förbund.
    assert check(doc, rule="samrad-all-members") == []
    shared["decisions"] = ["Beslut"]
    findings = check(doc, rule="samrad-no-decisions")
    assert sorted(f.forbund for f in findings) == ["ex", "ey"]


def test_it_finds_a_representative_on_the_board_of_another_covered_forbund(doc, check):
    clone_forbund(doc, "ey")
    shared = consultation(doc, MAY_2025)
    shared["forbund"] = ["ex", "ey"]
    shared["participants"][0]["person"] = "ey-led-fk"
    findings = check(doc, rule="samrad-representatives")
    assert sorted(f.forbund for f in findings) == ["ex", "ey"]
