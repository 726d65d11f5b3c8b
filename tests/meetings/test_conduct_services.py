"""The conduct services at the meeting: attendance, serving ersättare, jäv, yrkanden, votes, reservations,
notes, decisions and OJ, with their refusals; consistent with the rule engine's findings."""

from __future__ import annotations

import datetime

import pytest

from samordna.audit.models import Action
from samordna.lib.services import DomainError
from samordna.meetings import services
from samordna.meetings.models import Attendance, Outcome
from tests.conftest import TODAY
from tests.meetings.conducthelpers import (  # noqa: F401
    CHAIR,
    LEDAMOTER,
    OWN,
    attend,
    item,
    meeting_fixture,
    person,
    second_deputy_fixture,
    user_fixture,
)

pytestmark = pytest.mark.django_db


def _findings(rule):
    from samordna.exchange.exporter import export_document
    from samordna.rules import check_document

    found = check_document(export_document([OWN]), TODAY + datetime.timedelta(days=1))
    return [f for f in found if f.rule == rule and (f.subject_id or "").startswith("vv-m-conduct")]


def test_attendance_is_recorded_with_its_capacity_and_named_action(meeting, user):
    [row] = attend(meeting, user, "p-vv-fk-led")
    assert row.capacity == "ledamot" and row.presence == "present" and not row.remote
    [chef] = attend(meeting, user, "p-karin", presence="remote")
    assert chef.capacity == "forbundschef" and chef.remote and chef.presence == "remote"
    assert Action.objects.filter(name="attendance.recorded", forbund=meeting.forbund).count() == 2
    row = services.record_attendance(meeting, person("p-vv-fk-led"), "absent", user=user)
    assert Attendance.objects.get(pk=row.pk).presence == "absent"


def test_attendance_refusals(meeting, user):
    with pytest.raises(DomainError) as error:
        services.record_attendance(meeting, person("p-erik"), "here", user=user)
    assert error.value.field == "presence"
    with pytest.raises(DomainError) as error:
        services.record_attendance(meeting, person("p-erik"), "present", arrives_at_item=5, leaves_at_item=3,
                                   user=user)
    assert error.value.field == "leaves_at_item"
    meeting.remote_allowed = False
    with pytest.raises(DomainError, match="distans"):
        services.record_attendance(meeting, person("p-erik"), "remote", user=user)


def test_substitutes_are_proposed_in_call_in_order_for_an_absent_ledamot_of_the_same_member(
        meeting, user, second_deputy):
    attend(meeting, user, *[p for p in LEDAMOTER if p != "p-vv-1961-led"])
    attend(meeting, user, "p-vv-1961-led", presence="absent")
    # Both Hallstahammar ersättare are present, the second one recorded first; Norberg's too.
    attend(meeting, user, "p-vv-1961-ers2", "p-vv-1961-ers", "p-vv-1962-ers")
    [proposal] = services.propose_substitutes(meeting)
    assert proposal["ledamot"].external_id == "p-vv-1961-led"
    assert [p.external_id for p in proposal["candidates"]] == ["p-vv-1961-ers", "p-vv-1961-ers2"]
    first = Attendance.objects.get(meeting=meeting, person__external_id="p-vv-1961-ers")
    services.set_serving(first, person("p-vv-1961-led"), user=user)
    [proposal] = services.propose_substitutes(meeting)
    assert [p.external_id for p in proposal["candidates"]] == ["p-vv-1961-ers2"]
    assert [p.external_id for p in proposal["served_by"]] == ["p-vv-1961-ers"]
    assert _findings("meeting-substitute") == [] and _findings("meeting-substitute-order") == []


def test_serving_refusals(meeting, user):
    attend(meeting, user, "p-vv-fk-led", "p-vv-1962-ers")
    deputy = Attendance.objects.get(meeting=meeting, person__external_id="p-vv-1962-ers")
    with pytest.raises(DomainError, match="samma medlem") as error:
        services.set_serving(deputy, person("p-vv-1961-led"), user=user)
    assert error.value.field == "replaces"
    attend(meeting, user, "p-vv-1962-led")
    with pytest.raises(DomainError, match="själv närvarande"):
        services.set_serving(deputy, person("p-vv-1962-led"), user=user)
    # Norberg's ledamot leaves after § 1: the ersättare serves from § 2.
    services.record_attendance(meeting, person("p-vv-1962-led"), "present", leaves_at_item=1, user=user)
    with pytest.raises(DomainError):
        services.set_serving(deputy, person("p-vv-1962-led"), 1, 3, user=user)
    services.set_serving(deputy, person("p-vv-1962-led"), 2, None, user=user)
    state = services.meeting_state(meeting)
    assert "p-vv-1962-ers" not in state.items["vv-m-conduct-p1"].voters
    assert "p-vv-1962-led" in state.items["vv-m-conduct-p1"].voters
    assert "p-vv-1962-ers" in state.items["vv-m-conduct-p2"].voters
    assert "p-vv-1962-led" not in state.items["vv-m-conduct-p2"].voters


def test_quorum_is_live_per_item_and_a_decision_without_it_is_refused(meeting, user):
    attend(meeting, user, "p-vv-fk-led", "p-vv-af-led", "p-vv-reg-led")
    state = services.meeting_state(meeting).items["vv-m-conduct-p1"]
    assert (state.seats, len(state.voters), state.quorum_needed, state.quorate) == (6, 3, 4, False)
    with pytest.raises(DomainError, match="inte beslutför") as error:
        services.decide(item(meeting, 1), Outcome.APPROVED, "Bifall", user=user)
    assert error.value.field == "outcome"
    services.decide(item(meeting, 1), Outcome.NOTED, user=user)  # no decision of the board's own
    attend(meeting, user, CHAIR)
    assert services.meeting_state(meeting).items["vv-m-conduct-p1"].quorate
    decision = services.decide(item(meeting, 1), Outcome.APPROVED, "Styrelsen fastställer budgeten.", user=user,
                               sent_to="Medlemmarna")
    assert decision.outcome == "approved" and item(meeting, 1).sent_to == "Medlemmarna"
    assert _findings("meeting-quorum") == []


def test_jav_with_a_deputy_changes_the_voting_members_of_that_item_only(meeting, user):
    attend(meeting, user, *LEDAMOTER)
    attend(meeting, user, "p-vv-1961-ers")
    with pytest.raises(DomainError, match="inte närvarande") as error:
        services.add_recusal(item(meeting, 2), person("p-vv-1962-ers"), "Styrelseledamot i sökande förening",
                             user=user)
    assert error.value.field == "person"
    with pytest.raises(DomainError, match="samma medlem") as error:
        services.add_recusal(item(meeting, 2), person("p-vv-fk-led"), "jäv", deputy=person("p-vv-1961-ers"),
                             user=user)
    assert error.value.field == "deputy"
    services.add_recusal(item(meeting, 2), person("p-vv-1961-led"), "Styrelseledamot i sökande förening",
                         deputy=person("p-vv-1961-ers"), user=user)
    state = services.meeting_state(meeting)
    second, first = state.items["vv-m-conduct-p2"].voters, state.items["vv-m-conduct-p1"].voters
    assert "p-vv-1961-led" not in second and "p-vv-1961-ers" in second and len(second) == 6
    assert "p-vv-1961-led" in first and "p-vv-1961-ers" not in first and len(first) == 6
    # The recused ledamot cannot vote on the item, nor move a motion on it.
    with pytest.raises(DomainError, match="inte röstberättigad"):
        services.record_votes(item(meeting, 2), {person("p-vv-1961-led"): "yes"}, user=user)
    with pytest.raises(DomainError, match="inte röstberättigad"):
        services.add_motion(item(meeting, 2), person("p-vv-1961-led"), "Bifall", user=user)
    assert Action.objects.filter(name="recusal.added").count() == 1


def _tie(meeting, chair_vote="yes"):
    votes = {person(p): "yes" for p in ("p-vv-fk-led", "p-vv-af-led")}
    votes |= {person(p): "no" for p in ("p-vv-reg-led", "p-vv-1961-led", "p-vv-1962-led")}
    votes[person(CHAIR)] = chair_vote
    return votes


def test_a_tie_is_decided_by_the_ordforandes_casting_vote_consistent_with_the_rule(meeting, user):
    attend(meeting, user, *LEDAMOTER)
    decision = services.record_votes(item(meeting, 1), _tie(meeting, "yes"), user=user)
    assert decision.outcome == "approved" and decision.casting_vote.external_id == CHAIR and decision.vote_requested
    assert decision.votes.count() == 6
    state = services.meeting_state(meeting).items["vv-m-conduct-p1"]
    assert (state.vote.yes, state.vote.no, state.vote.by, state.vote.approved) == (3, 3, "casting_vote", True)
    assert _findings("meeting-majority") == [] and _findings("meeting-vote-eligibility") == []
    decision = services.record_votes(decision, _tie(meeting, "no"), user=user)
    assert decision.outcome == "rejected" and decision.votes.count() == 6
    with pytest.raises(DomainError, match="utslagsröst"):
        services.record_votes(decision, _tie(meeting, "abstain") | {person("p-vv-1962-led"): "abstain"},
                              user=user)  # 2–2 and the ordförande abstained
    # The decision must follow the vote.
    with pytest.raises(DomainError, match="voteringen"):
        services.decide(item(meeting, 1), Outcome.APPROVED, user=user)
    assert _findings("meeting-majority") == []


def test_a_tie_in_an_election_is_decided_by_lot(meeting, user):
    attend(meeting, user, *LEDAMOTER)
    with pytest.raises(DomainError, match="lotten") as error:
        services.record_votes(item(meeting, 3), _tie(meeting), user=user)
    assert error.value.field == "lot"
    decision = services.record_votes(item(meeting, 3), _tie(meeting), lot="yes", user=user)
    assert decision.outcome == "elected" and decision.lot and decision.casting_vote is None
    assert _findings("meeting-majority") == []


def test_reservations_only_by_who_did_not_vote_for_the_decision(meeting, user):
    attend(meeting, user, *LEDAMOTER)
    votes = {person(p): "yes" for p in LEDAMOTER[:4]} | {person("p-vv-1961-led"): "no",
                                                         person("p-vv-1962-led"): "abstain"}
    decision = services.record_votes(item(meeting, 2), votes, user=user)
    assert decision.outcome == "approved"
    with pytest.raises(DomainError, match="röstade ja") as error:
        services.add_reservation(decision, person("p-vv-fk-led"), "Nej", user=user)
    assert error.value.field == "person"
    with pytest.raises(DomainError, match="avstod"):
        services.add_reservation(decision, person("p-vv-1962-led"), "Nej", user=user)
    with pytest.raises(DomainError, match="inte röstberättigad"):
        services.add_reservation(decision, person("p-karin"), "Nej", user=user)
    reservation = services.add_reservation(decision, person("p-vv-1961-led"), "Saknar förankring", user=user)
    assert reservation.reason == "Saknar förankring"
    assert Action.objects.filter(name="reservation.added").count() == 1
    with pytest.raises(DomainError, match="redan"):
        services.add_reservation(decision, person("p-vv-1961-led"), "igen", user=user)


def test_motions_proposition_order_notes_and_oj(meeting, user):
    attend(meeting, user, *LEDAMOTER)
    attend(meeting, user, "p-karin")
    first = services.add_motion(item(meeting, 2), person("p-vv-fk-led"), "Bifall till förslaget", user=user)
    second = services.add_motion(item(meeting, 2), person("p-vv-1962-led"), "Avslag", user=user)
    third = services.add_motion(item(meeting, 2), person("p-vv-af-led"), "Återremiss", user=user)
    assert [m.order for m in (first, second, third)] == [1, 2, 3]
    with pytest.raises(DomainError, match="inte röstberättigad"):
        services.add_motion(item(meeting, 2), person("p-karin"), "Bifall", user=user)
    services.withdraw_motion(third, user=user)
    with pytest.raises(DomainError, match="återtaget"):
        services.set_proposition_order(item(meeting, 2), [first, third], user=user)
    ordered = services.set_proposition_order(item(meeting, 2), [second, first], user=user)
    assert [(m.pk, m.put_order) for m in ordered] == [(second.pk, 1), (first.pk, 2), (third.pk, None)]
    note = services.add_note(item(meeting, 2), person("p-vv-1962-led"), "Norberg vill se en plan.", user=user)
    assert note.text == "Norberg vill se en plan."
    with pytest.raises(DomainError, match="beslutet"):
        services.mark_immediate_adjust(item(meeting, 2), user=user)
    services.decide(item(meeting, 2), Outcome.APPROVED, "Styrelsen beviljar medel.", user=user)
    assert services.mark_immediate_adjust(item(meeting, 2), user=user).immediate_adjust
    doc_item = next(i for i in services.meeting_state(meeting).meeting.raw["items"] if i["id"] == "vv-m-conduct-p2")
    assert [m["put_order"] for m in doc_item["motions"]] == [2, 1, None] and doc_item["immediate_adjust"]
    assert doc_item["notes"] == [{"person": "p-vv-1962-led", "text": "Norberg vill se en plan."}]


def test_a_referred_back_matter_stays_open(meeting, user):
    from samordna.diarium.models import Matter

    attend(meeting, user, *LEDAMOTER)
    matter = Matter.objects.create(forbund=meeting.forbund, year=TODAY.year, serial=999, dnr=f"{TODAY.year}/999",
                                   registered=TODAY, title="Ansökan")
    target = item(meeting, 2)
    target.matter = matter
    target.save()
    services.decide(target, Outcome.REFERRED_BACK, "Ärendet återremitteras.", user=user)
    matter.refresh_from_db()
    assert matter.status == "open"


def test_nothing_changes_once_the_minutes_are_adjusted(meeting, user):
    from samordna.meetings.models import Minutes

    attend(meeting, user, *LEDAMOTER)
    Minutes.objects.create(meeting=meeting, forbund=meeting.forbund, adjusted=TODAY)
    meeting.refresh_from_db()
    calls = [
        lambda: services.record_attendance(meeting, person("p-karin"), "present", user=user),
        lambda: services.decide(item(meeting, 1), Outcome.APPROVED, "x", user=user),
        lambda: services.add_note(item(meeting, 1), None, "x", user=user),
        lambda: services.add_motion(item(meeting, 1), person(CHAIR), "x", user=user),
        lambda: services.record_votes(item(meeting, 1), {person(CHAIR): "yes"}, user=user),
        lambda: services.mark_immediate_adjust(item(meeting, 1), user=user),
    ]
    for call in calls:
        with pytest.raises(DomainError, match="justerat"):
            call()


def test_the_model_keeps_remote_and_presence_together(meeting):
    from django.core.exceptions import ValidationError

    row = Attendance(meeting=meeting, person=person("p-karin"), capacity="forbundschef", remote=True)
    row.full_clean()
    assert row.presence == "remote"
    row = Attendance(meeting=meeting, person=person("p-vv-1962-ers"), capacity="ersattare", presence="absent",
                     serving=True, replaces=person("p-vv-1962-led"))
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "serving" in error.value.message_dict
