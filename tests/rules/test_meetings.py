"""Meeting rules: quorum, majority, vote eligibility, substitutes, notice, minutes, information duty."""

from __future__ import annotations

from rulehelpers import forbund_mandate, item, meeting

SEPT = "ex-m-2025-09-10"
SEPT_ITEM = "ex-m-2025-09-10-p1"
MARCH_ITEM = "ex-m-2026-03-11-p1"


def _votes(doc, item_id, yes=(), no=(), abstain=()):
    decision = item(doc, item_id)["decision"]
    decision["votes"] = (
        [{"person": p, "vote": "yes"} for p in yes]
        + [{"person": p, "vote": "no"} for p in no]
        + [{"person": p, "vote": "abstain"} for p in abstain]
    )
    return decision


def _attend(doc, meeting_id, *people):
    row = meeting(doc, meeting_id)
    row["attendance"] = [a for a in row["attendance"] if a["person"] in people or a["capacity"] != "ledamot"]


def test_it_accepts_three_of_five_seats(doc, check):
    _attend(doc, "ex-m-2026-03-11", "ex-led-fk", "ex-led-af", "ex-led-reg")
    assert check(doc, rule="meeting-quorum") == []


def test_it_finds_a_decision_without_quorum(doc, check):
    _attend(doc, "ex-m-2026-03-11", "ex-led-fk", "ex-led-af")
    [finding] = check(doc, rule="meeting-quorum")
    assert finding.subject == "Sammanträde 2026-03-11, § 1" and finding.subject_id == MARCH_ITEM


def test_it_counts_recusal_and_substitutes_per_item(doc, check):
    row = item(doc, SEPT_ITEM)
    row["recused"] += [{"person": p} for p in ("ex-led-fk", "ex-led-af")]
    assert check(doc, rule="meeting-quorum") == []  # 5 - 3 + 1 = 3 of 5
    row["substitutes"] = []
    assert [f.subject_id for f in check(doc, rule="meeting-quorum")] == [SEPT_ITEM]


def test_it_follows_the_votes(doc, check):
    _votes(
        doc, MARCH_ITEM, yes=["ex-led-fk", "ex-led-af", "ex-led-reg"], no=["ex-led-k1"], abstain=["ex-led-k2"]
    )
    assert check(doc, rule="meeting-majority") == []


def test_it_finds_an_outcome_against_the_votes(doc, check):
    decision = _votes(doc, MARCH_ITEM, yes=["ex-led-fk"], no=["ex-led-af", "ex-led-reg"])
    assert decision["outcome"] == "approved"
    [finding] = check(doc, rule="meeting-majority")
    assert finding.level == "error"


def test_it_lets_the_ordforande_decide_a_tie(doc, check):
    decision = _votes(doc, MARCH_ITEM, yes=["ex-led-k1", "ex-led-fk"], no=["ex-led-af", "ex-led-reg"])
    decision["casting_vote"] = "ex-led-k1"
    assert check(doc, rule="meeting-majority") == []
    decision["casting_vote"] = "ex-led-fk"
    [finding] = check(doc, rule="meeting-majority")
    assert "inte var ordförande" in finding.message


def test_it_decides_a_tie_in_an_election_by_lot(doc, check):
    row = item(doc, MARCH_ITEM)
    row["personnel_or_election"] = True
    decision = _votes(doc, MARCH_ITEM, yes=["ex-led-k1", "ex-led-fk"], no=["ex-led-af", "ex-led-reg"])
    decision["casting_vote"] = "ex-led-k1"
    assert len(check(doc, rule="meeting-majority")) == 1
    decision["lot"] = True
    assert check(doc, rule="meeting-majority") == []


def test_it_lets_the_named_substitute_vote(doc, check):
    _votes(doc, SEPT_ITEM, yes=["ex-led-fk", "ex-led-af", "ex-led-reg", "ex-led-k1", "ex-ers-k2"])
    assert check(doc, rule="meeting-vote-eligibility") == []


def test_it_finds_a_vote_by_a_recused_ledamot(doc, check):
    _votes(doc, SEPT_ITEM, yes=["ex-led-fk", "ex-led-k2"])
    [finding] = check(doc, rule="meeting-vote-eligibility")
    assert "Ledamot Hallstahammar" in finding.message


def test_it_finds_a_vote_by_a_non_serving_ersattare(doc, check):
    _votes(doc, MARCH_ITEM, yes=["ex-led-fk", "ex-ers-fk"])
    assert len(check(doc, rule="meeting-vote-eligibility")) == 1


def test_it_finds_an_ersattare_serving_for_another_members_ledamot(doc, check):
    serving = meeting(doc, "ex-m-2025-05-21")["attendance"][4]
    serving["replaces"] = "ex-led-k1"
    findings = check(doc, rule="meeting-substitute")
    assert len(findings) == 1 and "annan medlem" in findings[0].message


def test_it_finds_an_ersattare_serving_for_someone_present(doc, check):
    row = meeting(doc, SEPT)
    row["attendance"][5]["serving"] = True
    row["attendance"][5]["replaces"] = "ex-led-k2"
    [finding] = check(doc, rule="meeting-substitute")
    assert finding.subject_kind == "meeting" and "närvarande" in finding.message


def test_it_finds_an_item_substitute_for_a_ledamot_taking_part(doc, check):
    item(doc, SEPT_ITEM)["recused"] = []
    [finding] = check(doc, rule="meeting-substitute")
    assert finding.subject_kind == "item"


def test_it_calls_in_ersattare_in_order(forbund, doc, check):
    forbund["mandates"].append(
        {
            "person": "ex-rep-k2",
            "role": "ersattare",
            "appointed_by": "ex-k2",
            "basis": "fullmaktige",
            "substitute_order": 2,
            "from": "2024-01-01",
            "to": "2026-12-31",
        }
    )
    meeting(doc, "ex-m-2025-05-21")["attendance"].append(
        {"person": "ex-rep-k2", "capacity": "ersattare", "serving": False}
    )
    assert check(doc, rule="meeting-substitute-order") == []
    forbund_mandate(doc, "ex-ers-k2", "ersattare")["substitute_order"] = 3
    [finding] = check(doc, rule="meeting-substitute-order")
    assert finding.level == "warning" and "Representant Hallstahammar" in finding.message


def test_it_accepts_notice_exactly_seven_days_before(doc, check):
    meeting(doc, "ex-m-2026-05-20")["notice_sent"] = "2026-05-13"
    assert check(doc, rule="meeting-notice") == []


def test_it_finds_a_late_notice(doc, check):
    meeting(doc, "ex-m-2026-05-20")["notice_sent"] = "2026-05-14"
    [finding] = check(doc, rule="meeting-notice")
    assert str(finding.since) == "2026-05-14"


def test_it_finds_a_missing_notice_and_late_documents(doc, check):
    row = meeting(doc, "ex-m-2026-03-11")
    row["notice_sent"] = None
    row["items"][0]["documents_sent"] = "2026-03-05"
    findings = check(doc, rule="meeting-notice")
    assert {f.subject for f in findings} == {"Sammanträde 2026-03-11"} and len(findings) == 2


def test_it_waits_for_the_adjustment_deadline(doc, check):
    meeting(doc, "ex-m-2026-05-20")["minutes"] = None
    assert check(doc, "2026-06-03", rule="minutes-adjusted") == []
    [finding] = check(doc, "2026-06-04", rule="minutes-adjusted")
    assert str(finding.since) == "2026-06-04"


def test_it_finds_minutes_adjusted_only_by_the_ordforande(doc, check):
    meeting(doc, "ex-m-2026-05-20")["minutes"]["adjusters"] = ["ex-led-k1"]
    [finding] = check(doc, rule="minutes-adjusted")
    assert "utöver ordföranden" in finding.message


def test_it_finds_a_major_decision_not_reported_to_members(forbund, doc, check):
    forbund["notices"][2]["recipients"].remove("ex-k2")
    [finding] = check(doc, rule="information-duty")
    assert finding.subject_id == "ex-m-2025-11-26-p1" and "Hallstahammar" in finding.message


def test_it_requires_the_information_within_thirty_days(forbund, doc, check):
    forbund["notices"][2]["date"] = "2025-12-27"
    assert check(doc, "2025-12-26", rule="information-duty") == []
    assert len(check(doc, "2025-12-27", rule="information-duty")) == 1
