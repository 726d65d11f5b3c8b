"""Sending the kallelse: recipients on the meeting date, the agenda in the e-mail and a PDF, queued in the
action's transaction and sent by the worker through a real SMTP server; secret documents never go along."""

import datetime
import subprocess

import pytest

from samordna.audit.models import Action
from samordna.diarium import services as diarium
from samordna.lib.services import DomainError
from samordna.mail.models import Delivery, Message
from samordna.meetings import kallelse, services
from samordna.organisations.models import Mandate, MandateRole
from tests.conftest import TODAY
from tests.mail.conftest import smtp_server, worker  # noqa: F401  (fixtures)

OWN = "sf-vastra-vastmanland"


@pytest.fixture
def office(demo):
    from samordna.accounts.models import User

    return User.objects.get(email="chef@vastmanland.example.se")


@pytest.fixture
def planned(demo, office):
    forbund = demo[OWN]
    meeting = services.create_meeting(forbund, user=office, date=TODAY + datetime.timedelta(days=12),
                                      start_time=datetime.time(13, 30), place="Sala stadshus, Lilla salen")
    matter = diarium.register_matter(forbund, user=office, registered=TODAY, title="Ansökan om medel: Unga vuxna")
    diarium.add_document(forbund, user=office, matter=matter, title="Ansökan (offentlig)", classification="public",
                         upload=_upload("ansokan.txt", "Ansökan om medel"), registered=TODAY)
    diarium.add_document(forbund, user=office, matter=matter, title="Utredning om Kalle 19121212-1212",
                         classification="secret", osl_ground="OSL 26 kap. 1 §",
                         upload=_upload("utredning.txt", "19121212-1212"), registered=TODAY)
    services.add_item(meeting, user=office, matter=matter, proposal="Styrelsen beviljar 500 000 kr för insatsen.")
    return meeting


def _upload(name, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def test_the_recipients_are_the_board_and_the_forbundschef_on_the_meeting_date(planned):
    got = {r.person.pk for r in kallelse.recipients(planned)}
    expected = set(Mandate.objects.active_on(planned.date).filter(
        forbund=planned.forbund, role__in=[MandateRole.LEDAMOT, MandateRole.ERSATTARE, MandateRole.FORBUNDSCHEF],
    ).values_list("person_id", flat=True))
    assert got == expected and len(got) > 5


def test_sending_queues_one_email_per_recipient_with_the_agenda_and_a_pdf(planned, office):
    message = services.send_notice(planned, user=office, day=TODAY)
    planned.refresh_from_db()
    assert planned.notice_sent == TODAY
    assert Action.objects.filter(name="meeting.notice_emailed", object_id=str(planned.pk)).exists()
    addresses = set(message.deliveries.values_list("address", flat=True))
    assert addresses == {r.email.lower() for r in kallelse.recipients(planned) if r.email} or \
        addresses == {r.email for r in kallelse.recipients(planned) if r.email}
    assert "Ansökan om medel: Unga vuxna" in message.body and "Styrelsen beviljar 500 000 kr" in message.body
    assert "Ansökan (offentlig)" in message.body and "Sala stadshus" in message.body
    assert "19121212" not in message.body and "Utredning" not in message.body
    (attachment,) = message.attachments.all()
    pdf = bytes(attachment.content)
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Föredragningslista" in text and "Unga vuxna" in text and "19121212" not in text


def test_a_kallelse_sent_again_keeps_the_first_notice_date(planned, office):
    services.send_notice(planned, user=office, day=TODAY - datetime.timedelta(days=1))
    services.send_notice(planned, user=office, day=TODAY)
    planned.refresh_from_db()
    assert planned.notice_sent == TODAY - datetime.timedelta(days=1)
    assert Message.objects.filter(kind="kallelse", forbund=planned.forbund).count() >= 2


def test_a_kallelse_is_refused_after_the_meeting_and_for_an_empty_agenda(demo, office):
    before = Message.objects.filter(kind="kallelse").count()  # the demo's coming meeting has its kallelse
    past = services.create_meeting(demo[OWN], user=office, date=TODAY - datetime.timedelta(days=3))
    with pytest.raises(DomainError, match="redan varit"):
        services.send_notice(past, user=office, day=TODAY)
    empty = services.create_meeting(demo[OWN], user=office, date=TODAY + datetime.timedelta(days=20),
                                    with_opening_items=False)
    with pytest.raises(DomainError, match="tom"):
        services.send_notice(empty, user=office, day=TODAY)
    assert Message.objects.filter(kind="kallelse").count() == before


def test_the_worker_sends_the_kallelse_through_smtp(planned, office, smtp_server, worker):  # noqa: F811
    message = services.send_notice(planned, user=office, day=TODAY)
    assert worker() == message.deliveries.count() > 0
    assert set(Delivery.objects.filter(message=message).values_list("status", flat=True)) == {"sent"}
    first = smtp_server.received[0]["message"]
    assert " ".join(str(first["Subject"]).split()) == kallelse.subject(planned)  # a long subject is folded
    assert "Unga vuxna" in first.get_body(preferencelist=("plain",)).get_content()
    (attachment,) = list(first.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"


def test_the_office_sends_from_the_meeting_page_and_the_board_may_not(planned, persona_client):
    url = f"/f/{OWN}/sammantraden/{planned.external_id}/kallelse/"
    assert persona_client("board").post(url).status_code == 403
    response = persona_client("office").post(url, follow=True)
    assert response.status_code == 200 and "köad till" in response.content.decode()
    planned.refresh_from_db()
    assert planned.notice_sent == TODAY
