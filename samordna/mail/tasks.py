"""The task the worker runs for each delivery: send it once, or count the failure and try again later.

Idempotent: the task claims its delivery by moving it from queued to sending in one conditional UPDATE, so a
delivery already sent (or being sent by another task) is never sent twice. The delivery's row, not the
task's result, is the truth the office sees.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import Delivery, DeliveryStatus

logger = logging.getLogger("samordna.mail")

# The wait before the next attempt, by the number of attempts made so far (the last one repeats).
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600)


def retry_delay(attempts: int) -> int:
    """Seconds to wait after `attempts` failed attempts."""
    return RETRY_DELAYS[min(max(attempts, 1), len(RETRY_DELAYS)) - 1]


def max_attempts() -> int:
    return max(1, int(getattr(settings, "MAIL_MAX_ATTEMPTS", 5)))


def build_email(delivery: Delivery, connection=None) -> EmailMultiAlternatives:
    """The e-mail of one delivery: the message's subject, text, html and attachments to its one address."""
    message = delivery.message
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.body, from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.recipient], connection=connection,
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return email


def _smtp_code(error: BaseException) -> int | None:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return min(codes) if codes else None
    return getattr(error, "smtp_code", None)


def is_permanent(error: BaseException) -> bool:
    """A 5xx answer (no such mailbox, refused for good): trying again cannot help."""
    code = _smtp_code(error)
    return code is not None and 500 <= code < 600


def describe(error: BaseException) -> str:
    code = _smtp_code(error)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()), (code, b""))
        detail = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"SMTP {code}: {detail}"[:1000]
    if isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) \
            else str(error.smtp_error)
        return f"SMTP {code}: {detail}"[:1000]
    return f"{type(error).__name__}: {error}"[:1000]


def enqueue(delivery: Delivery, *, run_after=None) -> str:
    """Enqueue the task that sends `delivery` (in the caller's transaction: the database backend writes the
    task row there) and remember its id on the delivery. Returns the task id."""
    sender = send_delivery
    if run_after is not None and sender.get_backend().supports_defer:
        sender = sender.using(run_after=run_after)
    result = sender.enqueue(delivery.pk)
    Delivery.objects.filter(pk=delivery.pk).update(task_id=str(result.id))
    delivery.task_id = str(result.id)
    return delivery.task_id


def _failed(delivery_id: int, error: BaseException) -> str:
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.status != DeliveryStatus.SENDING:
            return delivery.status
        delivery.attempts += 1
        delivery.last_error = describe(error)
        if delivery.attempts >= max_attempts() or is_permanent(error):
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
            delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "updated_at"])
            logger.warning("mail: delivery %s failed for good after %s attempts: %s", delivery.pk,
                           delivery.attempts, delivery.last_error)
            return delivery.status
        delivery.status = DeliveryStatus.QUEUED
        delivery.next_attempt_at = now + datetime.timedelta(seconds=retry_delay(delivery.attempts))
        delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "updated_at"])
        enqueue(delivery, run_after=delivery.next_attempt_at)
    logger.info("mail: delivery %s attempt %s failed, next at %s: %s", delivery_id, delivery.attempts,
                delivery.next_attempt_at, delivery.last_error)
    return delivery.status


def _shown(delivery_id: int) -> None:
    """A delivery's status changed by a queryset update (no signal): the pages that show it are stale."""
    from samordna.checks.store import touch

    touch(Delivery.objects.filter(pk=delivery_id).values_list("message__forbund_id", flat=True))


@task()
def send_delivery(delivery_id: int) -> str:
    """Send one delivery. Returns its status afterwards (the task's result; the delivery row is the truth)."""
    claimed = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.SENDING, updated_at=timezone.now())
    if not claimed:  # sent already, given up, or being sent by another task
        return Delivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first() or "missing"
    _shown(delivery_id)
    delivery = Delivery.objects.select_related("message").get(pk=delivery_id)
    try:
        connection = get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None)) \
            if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend") else get_connection()
        build_email(delivery, connection=connection).send(fail_silently=False)
    except Exception as error:  # every failure of a send is counted and shown, none stops the worker
        return _failed(delivery_id, error)
    Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), attempts=delivery.attempts + 1, last_error="",
        next_attempt_at=None, updated_at=timezone.now())
    _shown(delivery_id)
    return DeliveryStatus.SENT
