"""The demo's samråd and information to members, through the services, relative to today.

`seed_notices(day)` (information to members, FinsamL 18 §): in Västra Västmanland, the latest major decision's
information is pending (so the meeting page and the overview prompt it), and the one before it was sent
through the product, with its text and a document of the diarium, to each member's representatives.
"""

from __future__ import annotations

import datetime


def seed_notices(day: datetime.date) -> None:
    """Called by the demo command inside its one action, after the diarium and the users."""
    from samordna.accounts.models import Access, Role
    from samordna.diarium.models import Classification, Document
    from samordna.lib import services as lib
    from samordna.meetings.models import Item
    from samordna.organisations.models import Forbund
    from samordna.rules.context import DECIDED_OUTCOMES

    from . import services
    from .models import Notice

    forbund = Forbund.objects.filter(slug="sf-vastra-vastmanland").first()
    if forbund is None:
        return
    items = list(Item.objects.filter(forbund=forbund, major=True, decision__outcome__in=DECIDED_OUTCOMES,
                                     meeting__date__lte=day).select_related("meeting")
                 .order_by("-meeting__date", "-number")[:2])
    if len(items) < 2:
        return
    pending, sent = items
    for notice in Notice.objects.filter(about=pending):
        lib.remove(notice)
    earlier = list(Notice.objects.filter(about=sent).order_by("date", "pk"))
    date = earlier[0].date if earlier and earlier[0].date else min(day, sent.meeting.date + datetime.timedelta(days=7))
    subject = earlier[0].subject if earlier and earlier[0].subject else f"Information om beslut: {sent.title}"
    for notice in earlier:
        lib.remove(notice)
    office = Access.objects.filter(forbund=forbund, role=Role.OFFICE).select_related("user").first()
    documents = Document.objects.filter(forbund=forbund, classification=Classification.PUBLIC,
                                        matter__secret=False).order_by("registered", "pk")[:1]
    decision = getattr(sent, "decision", None)
    services.send_information(
        forbund, user=office.user if office else None, subject=subject, day=date, about=sent, documents=documents,
        text=(f"Styrelsen beslutade vid sammanträdet {sent.meeting.date.isoformat()} (§ {sent.number}): "
              f"{(decision.text if decision and decision.text else sent.title) or ''}\n\n"
              "Beslutet är av större ekonomisk betydelse för medlemmarna. Frågor besvaras av förbundschefen."))
