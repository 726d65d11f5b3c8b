"""The rule functions the meeting page shares with the findings: item bounds of presence and serving,
absent rows, the vote result, the item state and the substitutes proposed in call-in order."""

from __future__ import annotations

from rulehelpers import item, meeting

from samordna.rules.meetings import meeting_state, vote_result

MAY = "ex-m-2025-05-21"  # ex-ers-k2 serves for ex-led-k2; §§ 1 (decision) and 2 (information)
MAY_ITEM = "ex-m-2025-05-21-p1"


def _row(doc, meeting_id, person_id):
    return next(a for a in meeting(doc, meeting_id)["attendance"] if a["person"] == person_id)


def test_an_absent_row_is_not_attendance(doc, check):
    rows = meeting(doc, "ex-m-2026-03-11")["attendance"]
    for pid in ("ex-led-reg", "ex-led-k1", "ex-led-k2"):
        next(a for a in rows if a["person"] == pid)["presence"] = "absent"
    [finding] = check(doc, rule="meeting-quorum")
    assert "med 2 röstberättigade av styrelsens 5 platser" in finding.message


def test_a_ledamot_who_arrives_later_votes_only_from_that_item(doc, check):
    state = meeting_state(doc, MAY)
    assert "ex-led-fk" in state.items[MAY_ITEM].voters
    _row(doc, MAY, "ex-led-fk")["arrives_at_item"] = 2
    _row(doc, MAY, "ex-led-af")["arrives_at_item"] = 2
    state = meeting_state(doc, MAY)
    assert state.items[MAY_ITEM].voters == {"ex-led-reg", "ex-led-k1", "ex-ers-k2"}
    assert state.items[MAY_ITEM].quorate  # 3 of 5
    _row(doc, MAY, "ex-led-reg")["leaves_at_item"] = 0
    [finding] = check(doc, rule="meeting-quorum")
    assert finding.subject_id == MAY_ITEM


def test_an_ersattare_serves_only_within_their_items(doc, check):
    row = _row(doc, MAY, "ex-ers-k2")
    row["serving_from_item"] = 2
    assert "ex-ers-k2" not in meeting_state(doc, MAY).items[MAY_ITEM].voters
    item(doc, MAY_ITEM)["decision"]["votes"] = [{"person": "ex-ers-k2", "vote": "yes"}]
    [finding] = check(doc, rule="meeting-vote-eligibility")
    assert "utan att vara röstberättigad" in finding.message


def test_a_ledamot_who_leaves_may_be_replaced_for_the_rest(doc, check):
    rows = meeting(doc, MAY)["attendance"]
    rows.append({"person": "ex-led-k2", "capacity": "ledamot", "leaves_at_item": 1})
    _row(doc, MAY, "ex-ers-k2")["serving_from_item"] = 2
    assert check(doc, rule="meeting-substitute") == []
    _row(doc, MAY, "ex-ers-k2")["serving_from_item"] = 1
    [finding] = check(doc, rule="meeting-substitute")
    assert "som själv är närvarande" in finding.message


def test_the_vote_result_follows_the_votes_the_casting_vote_and_the_lot():
    def votes(*pairs):
        return [{"person": p, "vote": v} for p, v in pairs]

    assert vote_result(votes(("a", "yes"), ("b", "no"), ("c", "yes"), ("d", "abstain")), lot_item=False,
                       chair="a", casting_vote=None, lot=False).approved is True
    tie = votes(("a", "no"), ("b", "yes"))
    result = vote_result(tie, lot_item=False, chair="a", casting_vote="a", lot=False)
    assert (result.by, result.approved, result.problem) == ("casting_vote", False, None)
    assert vote_result(tie, lot_item=False, chair="a", casting_vote="b", lot=False).problem == "not_chair"
    assert vote_result(tie, lot_item=False, chair="a", casting_vote=None, lot=False).problem == "no_casting_vote"
    assert vote_result(tie, lot_item=True, chair="a", casting_vote="a", lot=False).problem == "no_lot"
    result = vote_result(tie, lot_item=True, chair="a", casting_vote=None, lot=True)
    assert (result.by, result.approved, result.problem) == ("lot", None, None)


def test_the_state_shows_seats_quorum_and_chair(doc):
    state = meeting_state(doc, MAY).items[MAY_ITEM]
    assert (state.seats, state.quorum_needed, len(state.voters), state.quorate) == (5, 3, 5, True)
    assert state.chair == "ex-led-k1" and not state.lot_item and state.vote is None


def test_substitutes_are_proposed_in_call_in_order_of_the_same_member(doc):
    forbund = doc["forbund"][0]
    doc["persons"].append({"id": "ex-ers-k2b", "name": "Andra ersättaren"})
    forbund["mandates"].append({"person": "ex-ers-k2b", "role": "ersattare", "appointed_by": "ex-k2",
                                "substitute_order": 2, "from": "2024-01-01", "to": "2026-12-31"})
    rows = meeting(doc, MAY)["attendance"]
    rows.remove(_row(doc, MAY, "ex-ers-k2"))
    rows += [{"person": "ex-ers-k2b", "capacity": "ersattare"}, {"person": "ex-ers-k2", "capacity": "ersattare"},
             {"person": "ex-ers-fk", "capacity": "ersattare"}]
    [proposal] = meeting_state(doc, MAY).proposals
    assert (proposal.ledamot, proposal.member, proposal.candidates) == ("ex-led-k2", "ex-k2", ("ex-ers-k2", "ex-ers-k2b"))
    _row(doc, MAY, "ex-ers-k2").update(serving=True, replaces="ex-led-k2")
    [proposal] = meeting_state(doc, MAY).proposals
    assert proposal.candidates == ("ex-ers-k2b",) and proposal.served_by == ("ex-ers-k2",)
