"""The kallelse (notice) of a board meeting: who receives it and what it says.

PRACTICE.md §1: a written kallelse states time, place, whether remote attendance is allowed and the agenda
(föredragningslista) with each item's förslag till beslut and documents. It goes to every ledamot and
ersättare with a mandate on the meeting date and to the förbundschef. Secret documents are never listed in
it (the kallelse is an e-mail); internal ones are links that need a login.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.organisations.models import Mandate, MandateRole, Person

NOTICE_ROLES = (MandateRole.LEDAMOT, MandateRole.ERSATTARE, MandateRole.FORBUNDSCHEF)
ROLE_ORDER = {MandateRole.LEDAMOT: 0, MandateRole.ERSATTARE: 1, MandateRole.FORBUNDSCHEF: 2}


@dataclass
class Recipient:
    person: Person
    role: str
    member: str = ""

    @property
    def email(self):
        return self.person.email

    @property
    def name(self):
        return self.person.name


def recipients(meeting) -> list[Recipient]:
    """Ledamöter, ersättare (in call-in order) and the förbundschef with a mandate on the meeting date;
    each person once, in the role listed first."""
    mandates = (Mandate.objects.active_on(meeting.date)
                .filter(forbund_id=meeting.forbund_id, role__in=NOTICE_ROLES)
                .select_related("person").prefetch_related("appointed_by"))
    ordered = sorted(mandates, key=lambda m: (ROLE_ORDER[m.role], m.substitute_order or 0, m.person.name))
    seen, found = set(), []
    for mandate in ordered:
        if mandate.person_id in seen:
            continue
        seen.add(mandate.person_id)
        member = ", ".join(sorted(m.name for m in mandate.appointed_by.all()))
        found.append(Recipient(mandate.person, mandate.get_role_display(), member))
    return found


@dataclass
class AgendaEntry:
    item: object
    documents: list = field(default_factory=list)  # (title, url, needs_login)


def _documents(item):
    """The item's documents a kallelse may name: never a secret one."""
    matter = getattr(item, "matter", None)
    if matter is None or matter.secret:
        return []
    found = []
    for document in matter.documents.all():
        if document.classification == "secret":
            continue
        url = settings.SITE_URL + reverse("document-download", kwargs={"slug": item.meeting.forbund.slug, "pk": document.pk})
        found.append((document.title, url, document.classification != "public"))
    return found


def context(meeting) -> dict:
    items = list(meeting.items.select_related("presenter", "matter", "meeting__forbund")
                 .prefetch_related("matter__documents").order_by("number", "pk"))
    agenda = [AgendaEntry(item, _documents(item)) for item in items]
    return {
        "meeting": meeting,
        "forbund": meeting.forbund,
        "agenda": agenda,
        "url": settings.SITE_URL + reverse("meeting-detail", kwargs={"slug": meeting.forbund.slug,
                                                               "subject_id": meeting.external_id}),
        "any_login": any(needs_login for entry in agenda for (_t, _u, needs_login) in entry.documents),
    }


def subject(meeting) -> str:
    return _("Kallelse till %(forbund)s styrelsesammanträde %(date)s") % {
        "forbund": meeting.forbund.name, "date": meeting.date.isoformat()}


def text(meeting, ctx=None) -> str:
    return render_to_string("meetings/kallelse/email.txt", ctx or context(meeting))


def pdf(meeting, ctx=None, *, day) -> bytes:
    """The kallelse as a tagged PDF/A (the same data and day give the same bytes)."""
    from samordna.lib.pdf import render_pdf

    return render_pdf("meetings/kallelse/pdf.html", ctx or context(meeting), title=subject(meeting), created=day,
                      author=meeting.forbund.name)
