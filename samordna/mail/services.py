"""The e-mail queue's service API.

`queue(...)` is called by another app's service *inside* its own action: it writes the message, its
attachments, one delivery per recipient and one django-tasks task row per delivery, all in the caller's
transaction. A rollback leaves neither e-mail nor task; a commit leaves both, so a process that dies
between the commit and the send loses nothing: the worker (`samordna worker`, started by `samordna
serve`) sends what is queued. `sweep()`, run by the worker every MAIL_SWEEP_SECONDS, re-enqueues a
delivery whose task was lost (its row pruned, a worker killed while sending).

`retry(delivery, user=)` is the office's "Skicka igen" for a delivery that failed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.lib import services
from samordna.lib.services import DomainError

from . import tasks
from .models import Attachment, Delivery, DeliveryStatus, Message

# A delivery left "sending" this long was being sent by a worker that died: it is sent again.
STALE_SENDING = datetime.timedelta(minutes=15)
# At most this much attached to one message (the kallelse's PDF is far smaller).
MAX_ATTACHMENTS_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Recipient:
    address: str
    name: str
    person: object = None
    source: object = None  # what the caller passed


def _recipient(item) -> Recipient:
    if isinstance(item, (tuple, list)):
        if len(item) == 1:
            address, name = item[0], ""
        elif len(item) == 2:
            address, name = item
        else:
            raise TypeError("a recipient tuple is (address, name)")
        return Recipient((address or "").strip(), (name or "").strip(), None, item)
    if isinstance(item, str):
        return Recipient(item.strip(), "", None, item)
    from samordna.organisations.models import Person

    person = item if isinstance(item, Person) else getattr(item, "person", None)
    if not isinstance(person, Person):
        person = None
    address = (getattr(item, "email", "") or "").strip()
    name = (getattr(item, "name", "") or str(item)).strip()
    return Recipient(address, name, person, item)


def _attachment(item) -> tuple[str, bytes, str]:
    """(filename, content, mimetype) from a tuple, a dict or an object with those attributes."""
    if isinstance(item, dict):
        filename, content, mimetype = item["filename"], item["content"], item.get("mimetype")
    elif isinstance(item, (tuple, list)):
        filename, content, mimetype = (list(item) + [None])[:3]
    else:
        filename, content, mimetype = item.filename, item.content, getattr(item, "mimetype", None)
    if isinstance(content, str):
        content = content.encode("utf-8")
    return str(filename), bytes(content), mimetype or "application/pdf"


def _safe_url(url) -> str:
    """A link the pages may show: a path of the site or an http(s) address, else none."""
    url = str(url or "").strip()
    return url[:500] if url.startswith(("/", "https://", "http://")) and not url.startswith("//") else ""


def _about(about) -> dict:
    if about is None:
        return {}
    if isinstance(about, str):
        return {"about_label": about[:300]}
    if isinstance(about, (tuple, list)):
        label, url = about
        return {"about_label": str(label)[:300], "about_url": _safe_url(url)}
    if isinstance(about, models.Model):
        url = about.get_absolute_url() if hasattr(about, "get_absolute_url") else ""
        return {"about_type": ContentType.objects.get_for_model(about), "about_id": str(about.pk),
                "about_label": str(about)[:300], "about_url": _safe_url(url)}
    raise TypeError("about is a model instance, a label, or (label, url)")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


@services.service
def queue(*, subject, body, recipients: Iterable, forbund=None, kind: str = "", attachments=(), html=None,
          about=None) -> Message:
    """Queue one e-mail to each recipient, in the caller's transaction (call it inside your action).

    `recipients`: Persons (or anything with `.email` and `.name`), `(address, name)` tuples or addresses.
    A recipient without an address gets no e-mail: it is recorded as a delivery "Saknar e-postadress" and
    returned in `message.without_address` (the objects as passed), so the caller can say so. The same
    address twice gets one e-mail. `attachments`: `(filename, bytes, mimetype)` tuples (or dicts/objects
    with those names). `about`: the object the e-mail is about, a label, or `(label, url)`.
    Returns the Message (with `.without_address` and `.queued`, the deliveries to send)."""
    subject = _one_line(subject)[:300]
    if not subject:
        raise DomainError(_("Ett utskick måste ha ett ämne."), field="subject")
    files = [_attachment(item) for item in attachments]
    if sum(len(content) for _name, content, _type in files) > MAX_ATTACHMENTS_BYTES:
        raise DomainError(_("Bilagorna är för stora för ett e-postutskick (högst 10 MB)."), field="attachments")
    wanted = [_recipient(item) for item in recipients]
    for recipient in wanted:
        if recipient.address:
            try:
                validate_email(recipient.address)
            except ValidationError:
                raise DomainError(_("”%(address)s” är ingen giltig e-postadress.") % {
                    "address": recipient.address}, field="recipients") from None
    action = services.current_action()
    message = Message.objects.create(
        forbund=forbund, kind=kind, subject=subject, body=str(body), html=html, action=action, **_about(about))
    Attachment.objects.bulk_create(
        Attachment(message=message, filename=name, content=content, mimetype=mimetype)
        for name, content, mimetype in files)
    seen: set[str] = set()
    deliveries, without = [], []
    for recipient in wanted:
        if not recipient.address:
            without.append(recipient.source)
            deliveries.append(Delivery(message=message, name=recipient.name[:200], person=recipient.person,
                                       status=DeliveryStatus.NO_ADDRESS))
            continue
        key = recipient.address.lower()
        if key in seen:
            continue
        seen.add(key)
        deliveries.append(Delivery(message=message, address=recipient.address, name=recipient.name[:200],
                                   person=recipient.person, status=DeliveryStatus.QUEUED))
    Delivery.objects.bulk_create(deliveries)
    if any(d.pk is None for d in deliveries):  # a database without RETURNING: read the ids back
        deliveries = list(message.deliveries.all())
    queued = [d for d in deliveries if d.status == DeliveryStatus.QUEUED]
    for delivery in queued:
        tasks.enqueue(delivery)
    message.without_address = without
    message.queued = queued
    return message


@services.service
def retry(delivery: Delivery, *, user) -> Delivery:
    """Send a failed delivery again ("Skicka igen"): its attempts start over, at the person's current
    address when the person has one."""
    delivery = Delivery.objects.select_for_update(of=("self",)).select_related("message", "person").get(
        pk=delivery.pk)
    if delivery.status not in (DeliveryStatus.FAILED, DeliveryStatus.NO_ADDRESS):
        raise DomainError(_("Bara ett misslyckat utskick kan skickas igen."), field="status")
    address = (delivery.person.email or "").strip() if delivery.person else ""
    address = address or delivery.address
    if not address:
        raise DomainError(_("%(name)s saknar e-postadress. Lägg till den på personen först.") % {
            "name": delivery.name or _("Mottagaren")}, field="address")
    message = delivery.message
    with services.action("mail.retried", user=user, forbund=message.forbund, obj=delivery,
                         data={"message": message.pk, "address": address, "attempts": delivery.attempts}):
        delivery.address = address
        delivery.status = DeliveryStatus.QUEUED
        delivery.attempts = 0
        delivery.next_attempt_at = None
        delivery.save(update_fields=["address", "status", "attempts", "next_attempt_at", "updated_at"])
        tasks.enqueue(delivery)
    return delivery


def _pending_task_ids(task_ids) -> set[str]:
    """The ids among `task_ids` whose task is still to run or running (the database backend only)."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    ids = [task_id for task_id in task_ids if task_id]
    pending = DBTaskResult.objects.filter(
        id__in=ids, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).values_list("id", flat=True)
    return {str(task_id) for task_id in pending}


def _uses_database_backend() -> bool:
    from django_tasks_db import DatabaseBackend

    return isinstance(tasks.send_delivery.get_backend(), DatabaseBackend)


def sweep(*, now: datetime.datetime | None = None) -> int:
    """Re-enqueue the deliveries whose task is lost: queued without a pending task, or left "sending" for
    longer than STALE_SENDING (its worker died mid-send; the e-mail may go out twice, never not at all).
    Returns how many were enqueued again."""
    if not _uses_database_backend():
        return 0
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        stale = Delivery.objects.filter(status=DeliveryStatus.SENDING, updated_at__lt=now - STALE_SENDING)
        for delivery in stale.select_for_update():
            delivery.status = DeliveryStatus.QUEUED
            delivery.last_error = delivery.last_error or _("Avbröts under sändning; skickas igen.")
            delivery.save(update_fields=["status", "last_error", "updated_at"])
            tasks.enqueue(delivery, run_after=delivery.next_attempt_at)
            count += 1
        queued = list(Delivery.objects.filter(status=DeliveryStatus.QUEUED).only("id", "task_id",
                                                                                    "next_attempt_at"))
        pending = _pending_task_ids([d.task_id for d in queued])
        for delivery in queued:
            if delivery.task_id not in pending:
                run_after = delivery.next_attempt_at if delivery.next_attempt_at and \
                    delivery.next_attempt_at > now else None
                tasks.enqueue(delivery, run_after=run_after)
                count += 1
    return count
