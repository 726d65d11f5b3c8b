"""The worker sends through a real SMTP server on loopback, retries with backoff, gives up, never twice."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samordna.accounts.models import User
from samordna.lib import services
from samordna.mail import services as mail
from samordna.mail.models import Delivery
from samordna.mail.tasks import send_delivery
from samordna.organisations.models import Forbund, Person

PDF = b"%PDF-1.7\n% kallelse\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _queue(forbund, recipients, **kwargs):
    with services.action("meeting.notice_sent", forbund=forbund):
        return mail.queue(subject="Kallelse till styrelsens sammanträde", forbund=forbund, kind="kallelse",
                          body="Välkomna till sammanträdet.\n\n§ 1 Mötets öppnande", recipients=recipients,
                          attachments=[("kallelse.pdf", PDF, "application/pdf")], **kwargs)


@pytest.fixture
def forbund(db):
    return Forbund.objects.create(slug="sf-test", name="Samordningsförbundet Test")


@pytest.fixture
def anna(db):
    return Person.objects.create(external_id="p-anna", name="Anna Åberg", email="anna@example.se")


def _later(delivery, seconds=1):
    """A clock just past the delivery's next attempt (no real waiting)."""
    delivery.refresh_from_db()
    return time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=seconds), tick=False)


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_a_committed_message_through_smtp_once(smtp_server, worker):
    """The real database backend and worker, committed rows, a real SMTP server: subject, body, recipient
    and the PDF arrive; a second batch and a second task for the same delivery send nothing."""
    forbund = Forbund.objects.create(slug="sf-smtp", name="Samordningsförbundet SMTP")
    anna = Person.objects.create(external_id="p-anna-smtp", name="Anna Åberg", email="anna@example.se")
    with transaction.atomic():
        message = _queue(forbund, [anna])
    assert not transaction.get_connection().in_atomic_block  # committed: the worker reads what any process would
    assert worker() == 1
    assert len(smtp_server.received) == 1
    got = smtp_server.received[0]
    assert got["to"] == ["anna@example.se"] and got["from"] == "kansli@samordna.example.se"
    email = got["message"]
    assert email["Subject"] == "Kallelse till styrelsens sammanträde"
    assert email["To"] == "Anna Åberg <anna@example.se>"
    assert "§ 1 Mötets öppnande" in email.get_body(preferencelist=("plain",)).get_content()
    (attachment,) = list(email.iter_attachments())
    assert attachment.get_filename() == "kallelse.pdf" and attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == PDF
    delivery = message.deliveries.get()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, "")
    assert delivery.sent_at is not None
    assert DBTaskResult.objects.get(id=delivery.task_id).status == "SUCCESSFUL"
    # never twice: another batch, and a stray second task for the same delivery
    assert worker() == 0
    send_delivery.enqueue(delivery.pk)
    assert worker() == 1
    assert len(smtp_server.received) == 1
    assert Delivery.objects.get(pk=delivery.pk).status == "sent"


def test_a_refusing_server_is_retried_with_backoff_then_the_delivery_has_failed(
        forbund, anna, smtp_server, worker, settings):
    settings.MAIL_MAX_ATTEMPTS = 3
    smtp_server.refuse = "451 4.3.0 Try again later"
    delivery = _queue(forbund, [anna]).deliveries.get()
    assert worker() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("queued", 1)
    assert "451" in delivery.last_error and "Try again later" in delivery.last_error
    assert delivery.next_attempt_at == pytest.approx(timezone.now() + datetime.timedelta(minutes=1),
                                                     abs=datetime.timedelta(seconds=5))
    assert worker() == 0  # not yet due
    with _later(delivery):
        assert worker() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("queued", 2)
    # the second wait is longer than the first
    with _later(delivery, seconds=-60):
        assert worker() == 0
    with _later(delivery):
        assert worker() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 3, None)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        assert worker() == 0  # given up: nothing left to run
    assert smtp_server.received == []


def test_a_closed_port_counts_as_a_failed_attempt(forbund, anna, closed_smtp_port, worker):
    delivery = _queue(forbund, [anna]).deliveries.get()
    assert worker() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("queued", 1)
    assert "ConnectionRefusedError" in delivery.last_error


def test_a_permanent_refusal_fails_at_once(forbund, anna, smtp_server, worker):
    smtp_server.refuse = "550 5.1.1 No such mailbox"
    delivery = _queue(forbund, [anna]).deliveries.get()
    assert worker() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "550" in delivery.last_error


def test_skicka_igen_sends_a_failed_delivery_at_the_persons_current_address(
        forbund, anna, smtp_server, worker, settings):
    settings.MAIL_MAX_ATTEMPTS = 1
    smtp_server.refuse = "451 4.3.0 Try again later"
    delivery = _queue(forbund, [anna]).deliveries.get()
    worker()
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    anna.email = "anna.aberg@example.se"
    anna.save()
    smtp_server.refuse = None
    user = User.objects.create_user(email="kansli@example.se", password="x" * 12, name="Kansliet")
    mail.retry(delivery, user=user)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.address) == ("queued", 0, "anna.aberg@example.se")
    assert worker() == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert [r["to"] for r in smtp_server.received] == [["anna.aberg@example.se"]]
    from samordna.audit.models import Action

    assert Action.objects.filter(name="mail.retried", forbund=forbund, user=user).count() == 1
    with pytest.raises(services.DomainError):
        mail.retry(delivery, user=user)  # a sent delivery is not sent again


def test_the_sweep_requeues_a_delivery_whose_task_was_lost(forbund, anna, smtp_server, worker):
    delivery = _queue(forbund, [anna]).deliveries.get()
    DBTaskResult.objects.all().delete()  # the task row is gone (pruned, a lost write)
    assert worker(sweep=False) == 0
    assert worker() == 1  # the sweep enqueued it again, the worker sent it
    delivery.refresh_from_db()
    assert delivery.status == "sent" and len(smtp_server.received) == 1
    assert mail.sweep() == 0  # nothing left to sweep


def test_the_sweep_sends_a_delivery_left_sending_by_a_dead_worker(forbund, anna, smtp_server, worker):
    delivery = _queue(forbund, [anna]).deliveries.get()
    # a worker claimed it and died before the send finished
    Delivery.objects.filter(pk=delivery.pk).update(status="sending")
    DBTaskResult.objects.update(status="RUNNING")
    assert mail.sweep() == 0  # a send in progress is left alone for a while
    with time_machine.travel(timezone.now() + mail.STALE_SENDING + datetime.timedelta(minutes=1), tick=False):
        assert worker() == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent" and len(smtp_server.received) == 1
