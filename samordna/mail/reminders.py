"""Reminders by e-mail, each sent exactly once, on its day.

An app names what is due with a *source*: a function `source(today) -> iterable of Due`, registered in its
`ready()` with `reminders.register(source)`. A source is cheap (a few queries whatever the history) and
pure in its judgement: the dates come from the rule package (samordna/rules/), the source only says, for
`today`, which reminders are due — a week before, on the day, overdue — each with a key that is unique for
ever (e.g. `insats-report:<pk>:<due date>:week-before`).

`send_due(today)` asks every source and sends each due reminder whose key has not been sent: one action
("påminnelse skickades") queues the e-mail (samordna.mail.services.queue) and records the key in the same
transaction, so a reminder is sent once even when the worker runs it twice or two workers race. A reminder
that was due while nothing ran (the server was down) is sent on the next run, as long as its source still
says it is due (a source decides how long that is: an overdue notice usually stays due until the thing is
done). The worker runs `send_due` at its start and then every `REMINDER_SECONDS`; `samordna reminders
[--date YYYY-MM-DD]` runs it once.
"""

import dataclasses
import datetime
import logging
from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction

from samordna.lib import services

logger = logging.getLogger("samordna.mail")


@dataclasses.dataclass(frozen=True)
class Due:
    key: str  # unique for ever: the reminder is sent once
    forbund: object  # the Forbund it concerns (or None)
    subject: str
    body: str
    recipients: tuple  # as samordna.mail.services.queue takes them
    kind: str = "reminder"
    about: object = None  # the object, label or (label, url) the e-mail is about
    attachments: tuple = ()


SOURCES: list[Callable[[datetime.date], Iterable[Due]]] = []


def register(source: Callable[[datetime.date], Iterable[Due]]):
    """Register a source of due reminders; usable as a decorator. Registering twice is a no-op."""
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def due(today: datetime.date) -> list[Due]:
    """Every reminder the sources say is due today, sent or not."""
    return [item for source in list(SOURCES) for item in source(today)]


def sent_keys(keys: Iterable[str]) -> set[str]:
    from .models import Reminder

    keys = list(keys)
    return set(Reminder.objects.filter(key__in=keys).values_list("key", flat=True)) if keys else set()


@services.service
def send_due(today: datetime.date | None = None) -> list[Due]:
    """Send every due reminder not sent before; returns those sent now."""
    from samordna.lib.dates import today as current_day

    from .models import Reminder
    from .services import queue

    today = today or current_day()
    waiting = due(today)
    done = sent_keys(item.key for item in waiting)
    sent = []
    for item in waiting:
        if item.key in done:
            continue
        done.add(item.key)
        try:
            with transaction.atomic(), services.action(
                    "reminder.sent", forbund=item.forbund, source="system",
                    data={"key": item.key, "subject": item.subject, "kind": item.kind}):
                message = queue(subject=item.subject, body=item.body, recipients=item.recipients,
                                forbund=item.forbund, kind=item.kind, about=item.about,
                                attachments=item.attachments)
                services.save(Reminder(key=item.key, forbund=item.forbund, day=today, message=message))
        except IntegrityError:  # another worker sent it first
            continue
        sent.append(item)
    return sent


def register_sentences() -> None:
    from django.utils.translation import gettext_lazy

    from samordna.lib import audit

    audit.describe_action("reminder.sent", gettext_lazy("Påminnelse skickades: %(subject)s"))
