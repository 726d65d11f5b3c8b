"""The demo's coming medlemssamråd: planned for the spring of next year, covering both demo förbund, with the
members' representatives and the förbund's delegations invited and the invitations sent (queued)."""

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
