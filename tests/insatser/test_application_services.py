"""The application's way through the services: draft, submit (a matter in the diarium), withdraw, anchoring,
the agenda, the board's decision on each outcome (the decision handler), the agreement once the protokoll is
adjusted, the start and the registration in Uppföljning Finsam, after which direction and follow-up method
are locked."""

import datetime

import pytest

from samordna.audit.models import Action
from samordna.diarium.models import MatterKind, MatterStatus
from samordna.insatser import services
from samordna.insatser.models import Agreement, Funding, FundingRequest, InsatsStatus
from samordna.lib.dates import today
from samordna.lib.services import DomainError

from .conftest import adjust, application_fields, decide_application, held_meeting

pytestmark = pytest.mark.django_db


def test_a_draft_is_saved_with_its_funds_per_year(application, members):
    assert application.status == InsatsStatus.DRAFT and application.applicant == members["vv-1980"]
    assert services.requested_by_year(application) == {today().year + 1: 100_000}
    assert set(application.parties.all()) == {members["vv-1980"], members["vv-af"]}
    assert Action.objects.filter(name="insats.application_created", object_id=str(application.pk)).exists()


def test_the_owner_must_be_a_party_and_members_of_another_forbund_are_refused(forbund, members, office, demo):
    from samordna.organisations.models import Member

    with pytest.raises(DomainError, match="Huvudmannen ska vara en av") as error:
        services.create_application(forbund, user=office, **application_fields(members, owner=members["vv-reg"]))
    assert error.value.field == "owner"
    other = Member.objects.exclude(forbund=forbund).first()
    with pytest.raises(DomainError, match="egna förbundet"):
        services.create_application(forbund, user=office, **application_fields(members, concerns=[other]))
    with pytest.raises(DomainError, match="mellan 2000 och 2100"):
        services.create_application(forbund, user=office, requested={1999: 5}, **application_fields(members))


def test_changing_the_funds_replaces_the_years(application, member_user):
    year = today().year + 1
    services.change_application(application, user=member_user, requested={year: 90_000, year + 1: 80_000})
    assert services.requested_by_year(application) == {year: 90_000, year + 1: 80_000}
    services.change_application(application, user=member_user, requested={year + 1: 70_000})
    assert services.requested_by_year(application) == {year + 1: 70_000}


def test_submitting_registers_a_matter_linked_to_the_insats(submitted, members):
    assert submitted.status == InsatsStatus.SUBMITTED and submitted.submitted_on == today()
    matter = services.open_matter(submitted)
    assert matter.kind == MatterKind.APPLICATION and matter.insats == submitted
    assert matter.counterpart == "Västerås" and matter.title == "Ansökan om medel: Testinsats"
    with pytest.raises(DomainError, match="Bara ett utkast kan lämnas in"):
        services.submit_application(submitted, user=None)


def test_an_incomplete_draft_or_one_without_funds_cannot_be_submitted(forbund, members, office):
    draft = services.create_application(forbund, user=office, **application_fields(members, goals=""))
    with pytest.raises(DomainError, match="mål"):
        services.submit_application(draft, user=office)
    services.change_application(draft, user=office, goals="Arbete")
    with pytest.raises(DomainError, match="medel som söks") as error:
        services.submit_application(draft, user=office)
    assert error.value.field == "requested"


def test_withdrawing_closes_the_matter_and_a_decided_application_cannot_be_withdrawn(submitted, member_user,
                                                                                      office):
    matter = services.open_matter(submitted)
    services.withdraw_application(submitted, user=member_user)
    matter.refresh_from_db()
    assert submitted.status == InsatsStatus.WITHDRAWN and matter.status == MatterStatus.CLOSED
    with pytest.raises(DomainError, match="Bara en ansökan som inte är beslutad"):
        services.withdraw_application(submitted, user=member_user)
    with pytest.raises(DomainError, match="återtagen och kan inte ändras"):
        services.change_application(submitted, user=office, name="Nytt namn")


def test_an_application_on_a_coming_agenda_cannot_be_withdrawn(submitted, office):
    meeting = held_meeting(submitted.forbund, office)
    services.set_proposal(submitted, user=office, proposal="Bifall.")
    services.put_on_agenda(submitted, meeting, user=office)
    with pytest.raises(DomainError, match="föredragningslistan"):
        services.withdraw_application(submitted, user=office)


def test_anchoring_needs_a_date_not_ahead_and_who(submitted, members, office):
    with pytest.raises(DomainError, match="inte har kommit") as error:
        services.record_anchoring(submitted, members["vv-1961"], user=office,
                                  date=today() + datetime.timedelta(days=1), by="Nämnden")
    assert error.value.field == "date"
    with pytest.raises(DomainError, match="Ange vem") as error:
        services.record_anchoring(submitted, members["vv-1961"], user=office, date=today(), by=" ")
    row = services.record_anchoring(submitted, members["vv-1961"], user=office, date=today(), by="KS Hallstahammar")
    again = services.record_anchoring(submitted, members["vv-1961"], user=office, date=today(), by="Kommunstyrelsen")
    assert again.pk == row.pk and again.by == "Kommunstyrelsen"


def test_the_agenda_needs_a_proposal_and_a_coming_meeting(submitted, office):
    meeting = held_meeting(submitted.forbund, office)
    with pytest.raises(DomainError, match="förslag till beslut först"):
        services.put_on_agenda(submitted, meeting, user=office)
    services.set_proposal(submitted, user=office, proposal="Styrelsen beviljar.")
    from samordna.meetings.models import Meeting

    past = Meeting.objects.filter(forbund=submitted.forbund, date__lt=today()).first()
    with pytest.raises(DomainError, match="kommande sammanträde"):
        services.put_on_agenda(submitted, past, user=office)
    item = services.put_on_agenda(submitted, meeting, user=office)
    assert item.matter == services.open_matter(submitted) and item.proposal == "Styrelsen beviljar."


def test_bifall_approves_and_records_the_funds_per_year_linked_to_the_paragraph(submitted, office):
    year = today().year + 1
    services.change_application(submitted, user=office, requested={year: 100_000, year + 1: 50_000})
    item = decide_application(submitted, "approved", office)
    submitted.refresh_from_db()
    assert submitted.status == InsatsStatus.APPROVED and submitted.decided_in == item
    assert sorted(Funding.objects.filter(insats=submitted).values_list("year", "amount", "decided_in")) == [
        (year, 100_000, item.pk), (year + 1, 50_000, item.pk)]
    # The same paragraph decided again (a mistake corrected at the meeting): rejected, the funds go.
    from samordna.meetings.services import decide

    decide(item, "rejected", "Avslag.", user=office)
    submitted.refresh_from_db()
    assert submitted.status == InsatsStatus.REJECTED and not Funding.objects.filter(insats=submitted).exists()


def test_avslag_rejects(submitted, office):
    decide_application(submitted, "rejected", office)
    submitted.refresh_from_db()
    assert submitted.status == InsatsStatus.REJECTED and not Funding.objects.filter(insats=submitted).exists()


@pytest.mark.parametrize("outcome", ["referred_back", "tabled"])
def test_aterremiss_and_bordlaggning_leave_it_in_beredning(submitted, office, outcome):
    decide_application(submitted, outcome, office)
    submitted.refresh_from_db()
    assert submitted.status == InsatsStatus.SUBMITTED and submitted.decided_in is None
    assert services.open_matter(submitted) is not None


def test_a_decision_on_another_matter_leaves_insatser_alone(submitted, office):
    from samordna.meetings.services import add_item, decide

    meeting = held_meeting(submitted.forbund, office)
    item = add_item(meeting, user=office, title="Budgetuppföljning")
    decide(item, "approved", "Godkänd.", user=office)
    submitted.refresh_from_db()
    assert submitted.status == InsatsStatus.SUBMITTED


def _approved(submitted, office):
    item = decide_application(submitted, "approved", office)
    submitted.refresh_from_db()
    return item


def test_the_agreement_waits_for_the_adjusted_protokoll(submitted, office, members):
    item = _approved(submitted, office)
    parties = [members["vv-1980"], members["vv-af"]]
    with pytest.raises(DomainError, match="först när protokollet från sammanträdet .* är justerat"):
        services.record_agreement(submitted, user=office, date=today(), parties=parties)
    adjust(item.meeting)
    with pytest.raises(DomainError, match="minst två avtalsparter"):
        services.record_agreement(submitted, user=office, date=today(), parties=parties[:1])
    with pytest.raises(DomainError, match="före justeringen"):
        services.record_agreement(submitted, user=office, date=today() - datetime.timedelta(days=1), parties=parties)
    agreement = services.record_agreement(submitted, user=office, date=today(), parties=parties)
    assert set(agreement.parties.all()) == set(parties)
    with pytest.raises(DomainError, match="redan registrerat"):
        services.record_agreement(submitted, user=office, date=today(), parties=parties)


def test_start_and_registration_then_direction_and_method_are_locked(submitted, office, members):
    item = _approved(submitted, office)
    with pytest.raises(DomainError, match="Registrera avtalet innan"):
        services.start_insats(submitted, user=office, start=today())
    adjust(item.meeting)
    services.record_agreement(submitted, user=office, date=today(), parties=[members["vv-1980"], members["vv-af"]])
    services.start_insats(submitted, user=office, start=today())
    assert submitted.status == InsatsStatus.ACTIVE and submitted.start == today()
    # Before the registration the direction may still change.
    services.change_application(submitted, user=office, direction="struktur")
    services.register_followup(submitted, user=office, date=today(), followup_id="UF-123")
    assert (submitted.followup_registered, submitted.followup_id) == (today(), "UF-123")
    with pytest.raises(DomainError, match="Inriktning kan inte ändras: insatsen registrerades i Uppföljning") as e:
        services.change_application(submitted, user=office, direction="individ")
    assert e.value.field == "direction"
    with pytest.raises(DomainError, match="Uppföljningsmetod kan inte ändras") as e:
        services.change_application(submitted, user=office, followup_method="Annan metod")
    assert e.value.field == "followup_method"
    services.change_application(submitted, user=office, goals="Nya mål", direction="struktur")  # unchanged: fine
    with pytest.raises(DomainError, match="redan"):
        services.register_followup(submitted, user=office, date=today(), followup_id="UF-124")


def test_funds_are_not_changed_after_the_decision(submitted, office):
    _approved(submitted, office)
    with pytest.raises(DomainError, match="sökta medlen ändras inte"):
        services.change_application(submitted, user=office, requested={today().year + 1: 1})
    assert FundingRequest.objects.filter(insats=submitted).count() == 1
    assert not Agreement.objects.filter(insats=submitted).exists()
