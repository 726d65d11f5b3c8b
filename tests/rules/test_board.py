"""board-seats, board-deputies-equal, board-eligibility, board-substitute-order, board-officers, board-term-length."""

from __future__ import annotations

from rulehelpers import mandates


def _add_mandate(forbund, **row):
    forbund["mandates"].append({"from": "2024-01-01", "to": "2026-12-31", **row})
    return row


def test_it_requires_an_ersattare_of_each_kommun(forbund, doc, check):
    forbund["mandates"].remove(mandates(doc, "ex-ers-k2")[0])
    findings = check(doc, rule="board-seats")
    assert [f.subject_id for f in findings] == ["ex-k2"]
    assert findings[0].level == "error" and "ersättare" in findings[0].message


def test_it_requires_seats_again_after_the_term_ended(doc, check):
    findings = check(doc, "2027-01-01", rule="board-seats")
    assert len(findings) == 5


def test_it_requires_as_many_ersattare_as_ledamoter(forbund, doc, check):
    _add_mandate(forbund, person="ex-rep-k1", role="ledamot", appointed_by="ex-k1", basis="fullmaktige")
    [finding] = check(doc, rule="board-deputies-equal")
    assert finding.level == "warning" and finding.subject_id == "ex-k1"


def test_it_requires_a_kommun_ledamot_to_sit_in_fullmaktige(doc, check):
    mandates(doc, "ex-led-k1", "ledamot")[0]["basis"] = "anstalld"
    [finding] = check(doc, rule="board-eligibility")
    assert finding.level == "error" and finding.subject_kind == "mandate"


def test_it_requires_an_fk_ledamot_to_be_employed(doc, check):
    mandates(doc, "ex-led-fk", "ledamot")[0]["basis"] = "fullmaktige"
    assert [f.level for f in check(doc, rule="board-eligibility")] == ["error"]


def test_it_reminds_when_the_basis_is_not_recorded(doc, check):
    mandates(doc, "ex-ers-af", "ersattare")[0]["basis"] = None
    [finding] = check(doc, rule="board-eligibility")
    assert finding.level == "info"


def test_it_requires_distinct_call_in_orders(forbund, doc, check):
    extra = _add_mandate(
        forbund,
        person="ex-rep-k1",
        role="ersattare",
        appointed_by="ex-k1",
        basis="fullmaktige",
        substitute_order=1,
    )
    [finding] = check(doc, rule="board-substitute-order")
    assert finding.subject_id == "ex-k1"
    forbund["mandates"][-1]["substitute_order"] = 2
    assert extra and check(doc, rule="board-substitute-order") == []


def test_it_requires_a_vice_ordforande(forbund, doc, check):
    forbund["mandates"].remove(mandates(doc, "ex-led-reg", "vice_ordforande")[0])
    [finding] = check(doc, rule="board-officers")
    assert "vice ordförande" in finding.message


def test_it_requires_the_ordforande_to_be_a_ledamot(doc, check):
    mandates(doc, "ex-led-k1", "ordforande")[0]["person"] = "ex-chef"
    [finding] = check(doc, rule="board-officers")
    assert "inte ledamot" in finding.message


def test_it_accepts_a_term_of_exactly_four_years(doc, check):
    mandates(doc, "ex-led-k1", "ledamot")[0]["to"] = "2027-12-31"
    assert check(doc, rule="board-term-length") == []


def test_it_finds_a_term_longer_than_four_years(doc, check):
    mandates(doc, "ex-led-k1", "ledamot")[0]["to"] = "2028-01-01"
    [finding] = check(doc, rule="board-term-length")
    assert finding.level == "warning"


def test_it_judges_an_open_term_by_four_years_from_its_start(doc, check):
    row = mandates(doc, "ex-led-k1", "ledamot")[0]
    row["from"], row["to"] = "2022-06-01", None
    assert check(doc, "2026-05-31", rule="board-term-length") == []
    [finding] = check(doc, "2026-06-01", rule="board-term-length")
    assert str(finding.since) == "2026-06-01"
