"""queue(): the e-mail and its task rows are written in the caller's transaction, or not at all."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from samordna.audit.models import Action
from samordna.lib import services
from samordna.lib.services import DomainError
from samordna.mail import services as mail
from samordna.mail.models import Attachment, Delivery, Message
from samordna.organisations.models import Forbund, Person

PDF = b"%PDF-1.7\n% test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def forbund(db):
    return Forbund.objects.create(slug="sf-test", name="Samordningsförbundet Test")


@pytest.fixture
def people(db):
    return [Person.objects.create(external_id="p-anna", name="Anna Ek", email="anna@example.se"),
            Person.objects.create(external_id="p-bo", name="Bo Ström", email=None),
            Person.objects.create(external_id="p-cia", name="Cia Berg", email="cia@example.se")]


def test_a_rollback_of_the_action_leaves_no_message_and_no_task(forbund, people):
    class Boom(Exception):
        pass

    with pytest.raises(Boom), services.action("meeting.notice_sent", forbund=forbund):
        mail.queue(subject="Kallelse", body="Välkomna", recipients=people, forbund=forbund,
                   attachments=[("kallelse.pdf", PDF, "application/pdf")])
        assert Message.objects.count() == 1 and DBTaskResult.objects.count() == 2  # written, in the transaction
        raise Boom
    assert not Message.objects.exists()
    assert not Delivery.objects.exists()
    assert not Attachment.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert not Action.objects.filter(name="meeting.notice_sent").exists()


def test_a_committed_action_leaves_the_message_its_deliveries_and_one_task_per_delivery(forbund, people):
    with transaction.atomic(), services.action("meeting.notice_sent", forbund=forbund) as action:
        message = mail.queue(subject="Kallelse till\nsammanträde", body="Välkomna", forbund=forbund,
                             kind="kallelse", recipients=[*people, ("anna@EXAMPLE.se", "Anna igen"),
                                                          ("extern@example.org", "Extern")],
                             attachments=[("kallelse.pdf", PDF, "application/pdf")], about=forbund)
    message.refresh_from_db()
    assert message.action == action
    assert message.subject == "Kallelse till sammanträde"  # one line: no header injection
    assert message.about_object == forbund and message.about_label == str(forbund)
    assert [p.name for p in message.without_address] == ["Bo Ström"]
    rows = {d.name: d for d in message.deliveries.all()}
    # the same address twice gets one e-mail; the person without an address is recorded, not sent
    assert {name: (d.address, d.status) for name, d in rows.items()} == {
        "Anna Ek": ("anna@example.se", "queued"), "Bo Ström": ("", "no_address"),
        "Cia Berg": ("cia@example.se", "queued"), "Extern": ("extern@example.org", "queued")}
    assert rows["Anna Ek"].person == people[0] and rows["Extern"].person is None
    tasks = {str(t.id): t for t in DBTaskResult.objects.all()}
    assert len(tasks) == 3
    for name in ("Anna Ek", "Cia Berg", "Extern"):
        task = tasks[rows[name].task_id]
        assert task.task_path == "samordna.mail.tasks.send_delivery"
        assert task.args_kwargs == {"args": [rows[name].pk], "kwargs": {}}
        assert task.status == "READY"
    assert bytes(message.attachments.get().content) == PDF


@pytest.mark.parametrize("url, shown", [("/f/sf-test/sammantraden/m-1/", "/f/sf-test/sammantraden/m-1/"),
                                        ("javascript:alert(1)", ""), ("//evil.example.org/", "")])
def test_the_link_of_what_it_is_about_is_a_path_or_http(forbund, url, shown):
    message = mail.queue(subject="Hej", body="Text", recipients=[], about=("Sammanträde 1 mars", url))
    assert (message.about_label, message.about_url) == ("Sammanträde 1 mars", shown)


def test_queue_without_an_action_links_none(forbund):
    message = mail.queue(subject="Påminnelse", body="Text", recipients=[("a@example.se", "A")])
    assert message.action is None and message.forbund is None
    assert message.deliveries.get().status == "queued"


@pytest.mark.parametrize("kwargs, field", [
    ({"subject": "  ", "recipients": [("a@example.se", "A")]}, "subject"),
    ({"subject": "Hej", "recipients": [("inte en adress", "A")]}, "recipients"),
    ({"subject": "Hej", "recipients": [], "attachments": [("stor.pdf", b"x" * (10 * 1024 * 1024 + 1))]},
     "attachments"),
])
def test_bad_input_is_a_domain_error_and_writes_nothing(forbund, kwargs, field):
    with pytest.raises(DomainError) as error:
        mail.queue(body="Text", **kwargs)
    assert error.value.field == field
    assert not Message.objects.exists() and not DBTaskResult.objects.exists()
