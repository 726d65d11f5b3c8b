"""The demo's coming medlemssamråd: planned for the spring of next year, covering both demo förbund, with the
members' representatives and the förbund's delegations invited and the invitations sent (queued); and the
information to members (`seed_notices`, below)."""

from __future__ import annotations

import datetime


def seed_samrad(day: datetime.date):
    """Plan and invite (inside the demo's action), by the office of Västra Västmanland. Returns the samråd."""
    from samordna.organisations.models import Forbund, Member, Person

    from . import services

    own = Forbund.objects.filter(slug="sf-vastra-vastmanland").first()
    other = Forbund.objects.filter(slug="sf-uppsala-norra").first()
    if own is None or other is None:
        return None
    consultation = services.plan_consultation(
        own, user=None, kind="medlemssamrad", date=datetime.date(day.year + 1, 5, 12), start_time=datetime.time(9, 30),
        place="Västerås stadshus, Sessionssalen", other_forbund=[other],
        convener_person=Person.objects.filter(external_id="p-maria").first(),
        convener_appointed_by=Member.objects.filter(external_id="vv-1980").first(),
    )
    services.invite_representatives(consultation, own, user=None)
    services.invite_delegations(consultation, own, user=None)
    services.send_invitations(consultation, own, user=None, day=day)
    return consultation
# `seed_notices(day)` (information to members, FinsamL 18 §): in Västra Västmanland, the latest major
# decision's information is pending (so the meeting page and the overview prompt it), and the one before it was
# sent through the product, with its text and a document of the diarium, to each member's representatives.

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
