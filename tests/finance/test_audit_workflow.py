"""The annual report's workflow: made by a board decision, the audit and remarks by the auditors only, the
board's responses by decision, discharge by the member's own user or the office, the deliveries to members."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from samordna.finance import services
from samordna.finance.models import AnnualReport, Audit, Discharge, Remark
from samordna.lib.services import DomainError
from tests.conftest import PERSONAS, TODAY
from tests.meetings.conducthelpers import LEDAMOTER, OWN, attend

pytestmark = pytest.mark.django_db


def _user(persona):
    from samordna.accounts.models import User

    return User.objects.get(email=PERSONAS[persona])


def _member(external_id):
    from samordna.organisations.models import Member

    return Member.objects.get(external_id=external_id)


@pytest.fixture
def forbund(demo):
    return demo[OWN]


@pytest.fixture
def meeting(forbund):
    """A meeting held today with four ledamöter present (quorate)."""
    from samordna.meetings import services as meetings

    meeting = meetings.create_meeting(forbund, user=_user("office"), date=TODAY)
    attend(meeting, _user("office"), *LEDAMOTER[:4])
    return meeting


@pytest.fixture
def new_report(forbund):
    """This year's annual report (the demo has none yet: it is made next spring)."""
    return services.create_annual_report(forbund, TODAY.year, user=_user("office"))


@pytest.fixture
def last_report(forbund):
    """Last year's annual report, made, with its audit (the demo's)."""
    return AnnualReport.objects.get(forbund=forbund, year=TODAY.year - 1)


def _decide(item, outcome="approved", text="Styrelsen beslutar enligt förslaget."):
    from samordna.meetings import services as meetings

    return meetings.decide(item, outcome, text, user=_user("office"))


def test_the_board_makes_the_annual_report_by_a_decision_on_its_item(new_report, meeting):
    item = services.put_annual_report_on_agenda(new_report, meeting, user=_user("office"))
    assert item.matter.annual_report == new_report and item.meeting == meeting
    new_report.refresh_from_db()
    assert new_report.made is None  # on the agenda is not yet made
    _decide(item)
    new_report.refresh_from_db()
    assert new_report.made == meeting.date and new_report.decided_in == item
    with pytest.raises(DomainError, match="redan upprättad"):
        services.put_annual_report_on_agenda(new_report, meeting, user=_user("office"))


def test_a_tabled_annual_report_is_not_made(new_report, meeting):
    item = services.put_annual_report_on_agenda(new_report, meeting, user=_user("office"))
    _decide(item, "tabled")
    new_report.refresh_from_db()
    assert new_report.made is None and new_report.decided_in is None


def test_another_items_decision_leaves_the_annual_report_alone(new_report, meeting):
    from samordna.meetings import services as meetings

    other = meetings.add_item(meeting, user=_user("office"), title="Övrigt ärende")
    _decide(other)
    new_report.refresh_from_db()
    assert new_report.made is None


def test_only_the_auditors_record_the_audit_and_its_remarks(last_report):
    members = list(_member("vv-fk").forbund.members.all())
    for persona in ("office", "board", "member"):
        with pytest.raises(PermissionDenied):
            services.record_audit(last_report, user=_user(persona), report_date=TODAY, delivered_to=members)
        with pytest.raises(PermissionDenied):
            services.add_remark(last_report.audit, user=_user(persona), text="Attesträtten är otydlig.")
    audit = services.record_audit(last_report, user=_user("auditor"), report_date=TODAY, delivered_to=members[:2],
                                  delivered_to_board=TODAY)
    assert Audit.objects.get(pk=audit.pk).report_date == TODAY
    assert set(audit.delivered_to.all()) == set(members[:2])
    remark = services.add_remark(audit, user=_user("auditor"), text="Attesträtten är otydlig.")
    assert remark.external_id.startswith(f"{OWN}-rem-{last_report.year}-")
    assert services.add_remark(audit, user=_user("admin"), text="Ännu en.").external_id != remark.external_id


def test_audit_refusals(last_report, forbund):
    from samordna.organisations.models import Member

    auditor = _user("auditor")
    with pytest.raises(DomainError) as error:
        services.record_audit(last_report, user=auditor, report_date=TODAY + datetime.timedelta(days=1))
    assert error.value.field == "report_date"
    with pytest.raises(DomainError) as error:
        services.record_audit(last_report, user=auditor, report_date=last_report.made - datetime.timedelta(days=1))
    assert error.value.field == "report_date"
    with pytest.raises(DomainError) as error:
        services.record_audit(last_report, user=auditor, report_date=TODAY,
                              delivered_to_board=TODAY - datetime.timedelta(days=400))
    assert error.value.field == "delivered_to_board"
    other = Member.objects.exclude(forbund=forbund).first()
    with pytest.raises(DomainError) as error:
        services.record_audit(last_report, user=auditor, report_date=TODAY, delivered_to=[other])
    assert error.value.field == "delivered_to"
    with pytest.raises(DomainError):
        services.add_remark(last_report.audit, user=auditor, text="   ")


def test_a_remark_is_answered_only_by_the_boards_decision(last_report, meeting):
    remark = services.add_remark(last_report.audit, user=_user("auditor"), text="Internkontrollen bör ses över.")
    with pytest.raises(PermissionDenied):
        services.put_remark_on_agenda(remark, meeting, user=_user("auditor"))
    item = services.put_remark_on_agenda(remark, meeting, user=_user("office"))
    remark.refresh_from_db()
    assert remark.response_item == item and remark.response_date is None
    with pytest.raises(DomainError, match="redan på dagordningen"):
        services.put_remark_on_agenda(remark, meeting, user=_user("office"))
    _decide(item, "tabled")
    remark.refresh_from_db()
    assert remark.response_date is None  # bordlagt: not answered
    _decide(item, "approved", "Internkontrollplanen revideras till nästa år.")
    remark.refresh_from_db()
    assert remark.response_date == meeting.date and remark.response_decided_in == item
    assert remark.response_extra["text"] == "Internkontrollplanen revideras till nästa år."
    # An answered remark is closed: neither the auditors change it nor does it go on an agenda again.
    with pytest.raises(DomainError):
        services.change_remark(remark, user=_user("auditor"), text="Annat")
    with pytest.raises(DomainError):
        services.put_remark_on_agenda(remark, meeting, user=_user("office"))


def test_discharge_by_the_members_own_user_only_for_its_own_member(last_report):
    own, other = _member("vv-1980"), _member("vv-1961")
    member_user = _user("member")
    with pytest.raises(PermissionDenied):
        services.record_discharge(last_report, other, user=member_user, decision="granted", date=TODAY)
    for persona in ("board", "auditor"):
        with pytest.raises(PermissionDenied):
            services.record_discharge(last_report, own, user=_user(persona), decision="granted", date=TODAY)
    row = services.record_discharge(last_report, own, user=member_user, decision="refused", date=TODAY)
    assert Discharge.objects.filter(annual_report=last_report, member=own).get() == row
    assert row.decision == "refused" and row.date == TODAY
    # The office on behalf of any member; the member's row is updated, not doubled.
    services.record_discharge(last_report, own, user=_user("office"), decision="granted", date=TODAY)
    services.record_discharge(last_report, other, user=_user("office"), decision="granted", date=TODAY)
    assert Discharge.objects.filter(annual_report=last_report, member=own).get().decision == "granted"


def test_discharge_refusals(last_report, demo):
    from samordna.organisations.models import Member

    office, own = _user("office"), _member("vv-1980")
    with pytest.raises(DomainError) as error:
        services.record_discharge(last_report, own, user=office, decision="maybe", date=TODAY)
    assert error.value.field == "decision"
    with pytest.raises(DomainError) as error:
        services.record_discharge(last_report, own, user=office, decision="granted",
                                  date=datetime.date(last_report.year, 12, 31))
    assert error.value.field == "date"
    foreign = Member.objects.exclude(forbund=last_report.forbund).first()
    with pytest.raises(DomainError) as error:
        services.record_discharge(last_report, foreign, user=office, decision="granted", date=TODAY)
    assert error.value.field == "member"


def test_delivery_to_the_members_representatives_with_the_report_pdf(last_report):
    from samordna.mail.models import Attachment, Delivery

    message = services.deliver_annual_report(last_report, user=_user("office"), day=TODAY)
    last_report.refresh_from_db()
    assert last_report.delivered_to_members == TODAY
    addresses = set(Delivery.objects.filter(message=message).values_list("name", flat=True))
    assert "Maria Holm" in addresses  # Västerås's representative
    [pdf] = Attachment.objects.filter(message=message)
    assert pdf.filename == f"arsredovisning-{last_report.year}.pdf" and bytes(pdf.content).startswith(b"%PDF")
    with pytest.raises(PermissionDenied):
        services.deliver_annual_report(last_report, user=_user("member"), day=TODAY)


def test_a_secret_document_never_goes_with_the_delivery(last_report, forbund):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samordna.diarium import services as diarium
    from samordna.mail.models import Attachment

    office = _user("office")
    secret = diarium.add_document(forbund, user=office, upload=SimpleUploadedFile("a.txt", b"hemligt innehall"),
                                  title="Hemlig bilaga", classification="secret", osl_ground="OSL 26 kap. 1 §",
                                  registered=TODAY)
    services.change_annual_report(last_report, user=office, document=secret)
    message = services.deliver_annual_report(last_report, user=office, day=TODAY)
    assert [a.filename for a in Attachment.objects.filter(message=message)] == [
        f"arsredovisning-{last_report.year}.pdf"]
    public = diarium.add_document(forbund, user=office, upload=SimpleUploadedFile("b.txt", b"offentligt innehall"),
                                  title="Årsredovisningen", classification="public", registered=TODAY)
    services.change_annual_report(last_report, user=office, document=public)
    message = services.deliver_annual_report(last_report, user=office, day=TODAY)
    assert sorted(a.filename for a in Attachment.objects.filter(message=message)) == [
        f"arsredovisning-{last_report.year}.pdf", "b.txt"]


def test_an_unmade_report_is_not_delivered(new_report):
    with pytest.raises(DomainError, match="inte upprättad"):
        services.deliver_annual_report(new_report, user=_user("office"), day=TODAY)


def test_goal_follow_up(new_report, forbund):
    from samordna.finance.models import Goal, Plan

    plan = Plan.objects.create(forbund=forbund, year=new_report.year)
    goal = Goal.objects.create(forbund=forbund, plan=plan, text="Fler i arbete")
    with pytest.raises(DomainError):
        services.follow_up_goal(goal, user=_user("office"), outcome="great")
    with pytest.raises(PermissionDenied):
        services.follow_up_goal(goal, user=_user("board"), outcome="met")
    services.follow_up_goal(goal, user=_user("office"), outcome="partly", text="Hälften av målet.")
    assert services.goals_of(new_report) == [goal] and Goal.objects.get(pk=goal.pk).outcome == "partly"


# The pages: the auditor writes, the office reads (403 on the auditor's pages), another förbund is a 404 ------

def test_audit_pages_are_the_auditors(persona_client, last_report):
    year = last_report.year
    for persona, status in (("auditor", 200), ("admin", 200), ("office", 403), ("member", 403), ("outsider", 404)):
        response = persona_client(persona).get(f"/f/{OWN}/arsredovisningar/{year}/revision/")
        assert response.status_code == status, persona
        response = persona_client(persona).get(f"/f/{OWN}/arsredovisningar/{year}/anmarkningar/ny/")
        assert response.status_code == status, persona
    page = persona_client("office").get(f"/f/{OWN}/arsredovisningar/{year}/")
    assert page.status_code == 200 and "Lägg till anmärkning" not in page.content.decode()


def test_the_auditor_records_a_remark_through_the_page(persona_client, last_report):
    client = persona_client("auditor")
    url = f"/f/{OWN}/arsredovisningar/{last_report.year}/anmarkningar/ny/"
    response = client.post(url, {"text": ""})
    assert response.status_code == 200 and "Formuläret innehåller fel" in response.content.decode()
    response = client.post(url, {"text": "Delegationsordningen följs inte."})
    assert response.status_code == 302
    assert Remark.objects.filter(audit__annual_report=last_report, text="Delegationsordningen följs inte.").exists()


def test_discharge_page_for_the_members_own_user(persona_client, last_report):
    own, other = _member("vv-1980"), _member("vv-1961")
    base = f"/f/{OWN}/arsredovisningar/{last_report.year}/ansvarsfrihet"
    client = persona_client("member")
    assert client.get(f"{base}/{other.pk}/").status_code == 403
    assert client.get(f"{base}/{own.pk}/").status_code == 200
    response = client.post(f"{base}/{own.pk}/", {"decision": "refused", "date": TODAY.isoformat()})
    assert response.status_code == 302
    for persona in ("member", "board", "auditor", "office"):
        page = persona_client(persona).get(f"/f/{OWN}/arsredovisningar/{last_report.year}/").content.decode()
        assert "har vägrat styrelsen ansvarsfrihet" in page and own.name in page, persona
    assert "vägrat styrelsen ansvarsfrihet" in persona_client("board").get(f"/f/{OWN}/").content.decode()
    assert persona_client("outsider").get(f"{base}/{own.pk}/").status_code == 404


def test_a_date_in_the_future_is_a_clear_error_not_a_500(persona_client, last_report):
    own = _member("vv-1980")
    response = persona_client("office").post(
        f"/f/{OWN}/arsredovisningar/{last_report.year}/ansvarsfrihet/{own.pk}/",
        {"decision": "granted", "date": (TODAY + datetime.timedelta(days=3)).isoformat()})
    assert response.status_code == 200 and "Datumet kan inte ligga efter" in response.content.decode()
