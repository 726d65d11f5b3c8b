"""Information to the members (FinsamL 18 §): the service, the prompt from the information-duty rule's helper,
the compose form, and the member organisation's view (a member user and a representative) with its access."""

import datetime
import re

import pytest
from django.urls import reverse

from samordna.lib.dates import today
from samordna.lib.services import DomainError

OWN = "sf-vastra-vastmanland"
OTHER = "sf-uppsala-norra"


def _user(email):
    from samordna.accounts.models import User

    return User.objects.get(email=email)


@pytest.fixture
def office(demo):
    return _user("chef@vastmanland.example.se")


@pytest.fixture
def pending(demo):
    """The demo's major decision whose information is pending (samrad/demo.py::seed_notices)."""
    from samordna.meetings.models import Item
    from samordna.samrad.notice_views import information_prompts

    [prompt] = information_prompts(demo[OWN], today())
    return Item.objects.select_related("meeting").get(pk=prompt["item"].pk)


@pytest.fixture
def documents(demo):
    from samordna.diarium.models import Document

    docs = Document.objects.filter(forbund=demo[OWN])
    return {"internal": docs.get(title="Utkast till verksamhetsplan"),
            "public": docs.get(title="Ansökan Steg till arbete"),
            "secret": docs.get(classification="secret")}


def _members(forbund):
    from samordna.organisations.models import Member

    return list(Member.objects.filter(forbund=forbund).active_on(today()))


# The pure helper the rule and the prompt share ----------------------------------------------------------

def test_the_helper_names_the_members_no_notice_reached_within_the_window():
    from samordna.rules.meetings import uninformed_members

    item = {"id": "i", "major": True, "decision": {"outcome": "approved"}}
    day = datetime.date(2026, 3, 1)
    notices = [{"date": "2026-03-05", "recipients": ["a"]}, {"date": "2026-04-20", "recipients": ["b"]},
               {"date": "2026-02-01", "recipients": ["c"]}]
    assert uninformed_members(item, day, notices, ["a", "b", "c"]) == ["c"]
    assert uninformed_members(item, day, notices, ["a", "b", "c"], datetime.date(2026, 3, 31)) == ["b", "c"]
    assert uninformed_members({**item, "major": False}, day, [], ["a"]) == []
    assert uninformed_members({**item, "decision": {"outcome": "tabled"}}, day, [], ["a"]) == []


# The service --------------------------------------------------------------------------------------------

def test_it_sends_the_information_to_each_members_representatives_and_records_it(demo, office, pending, documents):
    from samordna.audit.models import Action
    from samordna.mail.models import Delivery, Message
    from samordna.organisations.models import Representative
    from samordna.samrad import services
    from samordna.samrad.notice_views import information_prompts

    members = _members(demo[OWN])
    notice = services.send_information(demo[OWN], user=office, subject="Budget fastställd", text="Budgeten är klar.",
                                       day=today(), about=pending, documents=[documents["internal"]])
    assert notice.date == today() and notice.about == pending and notice.text == "Budgeten är klar."
    assert set(notice.recipients.all()) == set(members) and not notice.unreached.exists()
    assert [a.document for a in notice.attachments.all()] == [documents["internal"]]
    message = Message.objects.get(kind="information", forbund=demo[OWN])
    addresses = set(Delivery.objects.filter(message=message).values_list("address", flat=True))
    expected = {r.person.email for r in Representative.objects.filter(member__in=members).select_related("person")}
    assert addresses == expected and "medlem@vastmanland.example.se" in addresses
    assert [a.filename for a in message.attachments.all()] == [documents["internal"].original_name]
    assert "Budgeten är klar." in message.body and f"§ {pending.number}" in message.body
    assert Action.objects.filter(name="notice.sent", forbund=demo[OWN], object_id=str(notice.pk)).exists()
    assert information_prompts(demo[OWN], today()) == []


def test_a_member_without_a_representative_is_recorded_as_not_reached_and_stays_prompted(demo, office, pending):
    from samordna.organisations import services as organisations
    from samordna.organisations.models import Member, Representative
    from samordna.samrad import services
    from samordna.samrad.notice_views import information_prompts

    norberg = Member.objects.get(external_id="vv-1962")
    for rep in Representative.objects.filter(member=norberg):
        organisations.end_representative(rep, today() - datetime.timedelta(days=1), user=office)
    notice = services.send_information(demo[OWN], user=office, subject="Budget", text="Text.", day=today(),
                                       about=pending)
    assert [m for m in notice.not_reached] == [norberg]
    assert norberg not in notice.recipients.all() and [u.member for u in notice.unreached.all()] == [norberg]
    [prompt] = information_prompts(demo[OWN], today())
    assert prompt["missing"] == [norberg] and not prompt["all"]


def test_it_never_sends_a_secret_document(demo, office, pending, documents):
    from samordna.mail.models import Message
    from samordna.samrad import services
    from samordna.samrad.models import Notice

    before = Notice.objects.count()
    with pytest.raises(DomainError) as error:
        services.send_information(demo[OWN], user=office, subject="S", text="T", day=today(), about=pending,
                                  documents=[documents["public"], documents["secret"]])
    assert error.value.field == "documents" and "sekretess" in str(error.value)
    assert Notice.objects.count() == before and not Message.objects.filter(kind="information").exists()


def test_it_refuses_another_forbunds_item_member_or_document(demo, office, pending):
    from samordna.diarium.models import Document
    from samordna.organisations.models import Member
    from samordna.samrad import services

    uppsala = demo[OTHER]
    with pytest.raises(DomainError) as error:
        services.send_information(uppsala, user=office, subject="S", text="T", day=today(), about=pending)
    assert error.value.field == "about"
    with pytest.raises(DomainError) as error:
        services.send_information(demo[OWN], user=office, subject="S", text="T", day=today(),
                                  members=[Member.objects.filter(forbund=uppsala).first()])
    assert error.value.field == "members"
    with pytest.raises(DomainError) as error:
        services.send_information(demo[OWN], user=office, subject="S", text="T", day=today(),
                                  documents=[Document.objects.filter(forbund=uppsala).first()])
    assert error.value.field == "documents"
    with pytest.raises(DomainError) as error:
        services.send_information(demo[OWN], user=office, subject=" ", text="T", day=today())
    assert error.value.field == "subject"


def test_the_import_keeps_the_information_text(demo, office, pending):
    from samordna.exchange.exporter import export_document
    from samordna.exchange.importer import import_document
    from samordna.lib import services as lib
    from samordna.samrad import services
    from samordna.samrad.models import Notice

    notice = services.send_information(demo[OWN], user=office, subject="S", text="Kvar efter importen.", day=today(),
                                       about=pending)
    with lib.action("exchange.imported", source="import"):
        import_document(export_document())
    assert Notice.objects.get(pk=notice.pk).text == "Kvar efter importen."


# The prompt and the compose form ----------------------------------------------------------------------

def test_the_meeting_page_and_the_overview_prompt_the_office(persona_client, pending):
    meeting = reverse("meeting-detail", kwargs={"slug": OWN, "subject_id": pending.meeting.external_id})
    compose = reverse("notice-new", kwargs={"slug": OWN}) + f"?paragraf={pending.external_id}"
    for address in (meeting, reverse("forbund-overview", kwargs={"slug": OWN})):
        html = persona_client("office").get(address).content.decode()
        assert "Medlemmarna ska informeras (FinsamL 18 §)" in html
        assert compose.replace("?", "?").split("?")[0] in html and pending.external_id in html
        assert "Informera medlemmarna" in html
        board = persona_client("board").get(address).content.decode()
        assert "Medlemmarna ska informeras" in board and "Informera medlemmarna<" not in board
        assert "Medlemmarna ska informeras" not in persona_client("member").get(address).content.decode()


def test_the_compose_form_is_prefilled_and_offers_no_secret_document(persona_client, pending, documents):
    client = persona_client("office")
    address = reverse("notice-new", kwargs={"slug": OWN})
    html = client.get(address, {"paragraf": pending.external_id}).content.decode()
    assert pending.title in html and f'name="documents" value="{documents["internal"].pk}"' in html
    assert documents["secret"].title not in html and f'name="documents" value="{documents["secret"].pk}"' not in html
    # The draft plan of the budget the item adopted is preselected.
    assert re.search(rf'name="documents" value="{documents["internal"].pk}"[^>]*checked', html)
    assert client.get(address, {"paragraf": "finns-inte"}).status_code == 404
    assert persona_client("member").get(address).status_code == 403
    assert persona_client("outsider").get(address).status_code == 404


def test_posting_a_secret_document_is_an_error_on_the_form(persona_client, demo, pending, documents):
    from samordna.samrad.models import Notice

    client = persona_client("office")
    before = Notice.objects.count()
    response = client.post(reverse("notice-new", kwargs={"slug": OWN}), {
        "paragraf": pending.external_id, "subject": "S", "text": "T",
        "members": [m.pk for m in _members(demo[OWN])], "documents": [documents["secret"].pk]})
    assert response.status_code == 200 and "Formuläret innehåller fel" in response.content.decode()
    assert Notice.objects.count() == before


def test_the_office_sends_it_from_the_form_and_the_prompt_is_gone(persona_client, demo, pending, documents):
    from samordna.samrad.models import Notice

    client = persona_client("office")
    response = client.post(reverse("notice-new", kwargs={"slug": OWN}), {
        "paragraf": pending.external_id, "subject": "Budget fastställd", "text": "Budgeten är fastställd.",
        "members": [m.pk for m in _members(demo[OWN])], "documents": [documents["internal"].pk]}, follow=True)
    notice = Notice.objects.get(about=pending)
    assert response.redirect_chain[-1][0] == reverse("notice-detail", kwargs={"slug": OWN,
                                                                              "notice_pk": notice.pk})
    html = response.content.decode()
    assert "Informationen är skickad till representanterna för 6 medlemmar." in html
    assert "Budgeten är fastställd." in html
    overview = client.get(reverse("forbund-overview", kwargs={"slug": OWN})).content.decode()
    assert "Medlemmarna ska informeras" not in overview


def test_an_item_is_marked_major_on_its_edit_form(persona_client, demo):
    from samordna.meetings.models import Item

    item = Item.objects.filter(forbund=demo[OWN], meeting__date__gt=today(), major=False).first()
    client = persona_client("office")
    address = reverse("meeting-item-edit", kwargs={"slug": OWN, "subject_id": item.meeting.external_id,
                                                   "item_id": item.external_id})
    response = client.post(address, {"title": item.title, "kind": item.kind, "proposal": item.proposal,
                                     "major": "on"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.major


# The member organisation's view ------------------------------------------------------------------------

def _member_pk(external_id):
    from samordna.organisations.models import Member

    return Member.objects.get(external_id=external_id).pk


def test_the_member_user_sees_its_forbunds_material_and_what_it_received(persona_client, demo, office, pending,
                                                                          documents):
    from samordna.samrad import services

    notice = services.send_information(demo[OWN], user=office, subject="Budget fastställd", text="Se bilagan.",
                                       day=today(), about=pending, documents=[documents["internal"]])
    client = persona_client("member")
    response = client.get(reverse("member-home"))
    vasteras = _member_pk("vv-1980")
    assert response.status_code == 302 and response["Location"] == reverse("member-page", args=[vasteras])
    html = client.get(reverse("member-page", args=[vasteras])).content.decode()
    assert "Västerås" in html and "Budget fastställd" in html and "Utkast till verksamhetsplan" in html
    assert "Förlängd insats: Samverkan psykisk hälsa" in html  # the demo's information sent before
    assert documents["secret"].title not in html and "Uppsala" not in html
    page = client.get(reverse("member-notice", args=[vasteras, notice.pk])).content.decode()
    assert "Se bilagan." in page
    download = client.get(reverse("member-document", args=[vasteras, documents["internal"].pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"


def test_the_member_view_never_serves_a_secret_or_another_forbunds_document(persona_client, demo, documents):
    from samordna.diarium.models import Document

    client = persona_client("member")
    vasteras = _member_pk("vv-1980")
    assert client.get(reverse("member-document", args=[vasteras, documents["secret"].pk])).status_code == 404
    other = Document.objects.filter(forbund=demo[OTHER]).exclude(classification="secret").first()
    assert client.get(reverse("member-document", args=[vasteras, other.pk])).status_code == 404
    # Another member of the same förbund, and a member of another förbund: not found.
    assert client.get(reverse("member-page", args=[_member_pk("vv-fk")])).status_code == 404
    from samordna.organisations.models import Member

    uppsala = Member.objects.filter(forbund=demo[OTHER]).first()
    assert client.get(reverse("member-page", args=[uppsala.pk])).status_code == 404
    assert persona_client("office").get(reverse("member-page", args=[vasteras])).status_code == 404


def test_a_representative_who_logs_in_sees_the_members_view_but_names_no_one(client, demo):
    from samordna.accounts.models import User
    from samordna.organisations.models import Person

    person = Person.objects.get(name="Åsa Lindberg")
    user = User.objects.create_user(email="asa@example.se", password="x" * 12, name=person.name, person=person)
    client.force_login(user)
    fk = _member_pk("vv-fk")
    assert client.get(reverse("member-home"))["Location"] == reverse("member-page", args=[fk])
    html = client.get(reverse("member-page", args=[fk])).content.decode()
    assert "Försäkringskassan" in html and "Du är medlemsorganisationens representant." in html
    assert "Lägg till representant" not in html and "Begäran från sökande" not in html
    response = client.post(reverse("member-page-representatives", args=[fk]), {"name": "X", "email": "x@example.se"})
    assert response.status_code == 404
    assert client.get(reverse("member-page", args=[_member_pk("vv-1980")])).status_code == 404
    # Without a role in the förbund, its own pages stay closed to the representative.
    assert client.get(reverse("forbund-notices", kwargs={"slug": OWN})).status_code == 404


def test_the_member_user_names_and_ends_a_representative(persona_client, demo):
    from samordna.organisations.models import Representative

    client = persona_client("member")
    vasteras = _member_pk("vv-1980")
    response = client.post(reverse("member-page-representatives", args=[vasteras]),
                           {"name": "Olof Berg", "email": "olof.berg@vasteras.example.se"})
    assert response.status_code == 302
    rep = Representative.objects.get(member_id=vasteras, person__name="Olof Berg")
    assert rep.date_from == today() and rep.person.email == "olof.berg@vasteras.example.se"
    bad = client.post(reverse("member-page-representatives", args=[vasteras]), {"name": "", "email": "nej"})
    assert bad.status_code == 200 and "Ange representantens namn." in bad.content.decode()
    client.post(reverse("member-page-representative-end", args=[vasteras, rep.pk]),
                {"date_to": today().isoformat()})
    rep.refresh_from_db()
    assert rep.date_to == today()
    # The office sees the new representative on its page of the member.
    office = persona_client("office").get(reverse("member-representatives", kwargs={"slug": OWN,
                                                                                    "member_pk": vasteras}))
    assert "Olof Berg" in office.content.decode()


def test_the_office_page_of_representatives_is_the_offices_alone(persona_client, demo):
    vasteras = _member_pk("vv-1980")
    address = reverse("member-representatives", kwargs={"slug": OWN, "member_pk": vasteras})
    assert persona_client("member").get(address).status_code == 403
    assert persona_client("outsider").get(address).status_code == 404
    from samordna.organisations.models import Member

    other = Member.objects.filter(forbund=demo[OTHER]).first()
    wrong = reverse("member-representatives", kwargs={"slug": OWN, "member_pk": other.pk})
    assert persona_client("office").get(wrong).status_code == 404
    client = persona_client("office")
    response = client.post(address, {"name": "Eva Nord", "email": "eva.nord@example.se"}, follow=True)
    assert "Eva Nord är representant för Västerås." in response.content.decode()
    assert re.search(r"Eva Nord", client.get(address).content.decode())


def test_the_information_sent_answers_the_information_duty_rule(demo, office, pending):
    from samordna.checks.store import forbund_findings
    from samordna.rules.deadlines import information_due
    from samordna.samrad import services

    later = information_due(pending.meeting.date) + datetime.timedelta(days=1)

    def about_item():
        return [f for f in forbund_findings(demo[OWN], later)
                if f.rule == "information-duty" and f.subject_id == pending.external_id]

    assert len(about_item()) == 1
    services.send_information(demo[OWN], user=office, subject="Budget", text="Text.", day=today(), about=pending)
    assert about_item() == []
