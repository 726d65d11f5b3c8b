"""The demo's anslag: every adjusted protokoll of the demo is posted, as the office would have done.

The exchange document carries the posting day as the minutes' "published" (the demo sets it to the day of
justering), so the anslag is derived from it: posted that day in the name of the förbund's office user, the appeal
period computed by the rule, and taken down the day after the period once that day has come. The demo
command calls it inside its one action ("exchange.imported"), which the anslag join; called alone, one
action per förbund ("anslag.posted") holds them.
"""

from __future__ import annotations

from samordna.accounts.models import Access, Role
from samordna.lib import services
from samordna.lib.dates import today as today_in_stockholm
from samordna.meetings.models import Minutes
from samordna.organisations.models import Forbund

from . import services as publication


def post_demo_anslag(today=None) -> int:
    """Post (and, when its period is over, take down) the anslag of every adjusted demo protokoll that has
    none; returns how many were posted."""
    today = today or today_in_stockholm()
    posted = 0
    for forbund in Forbund.objects.order_by("slug"):
        minutes = list(Minutes.objects.filter(forbund=forbund, adjusted__isnull=False, adjusted__lte=today,
                                              anslag__isnull=True).select_related("meeting").order_by("adjusted"))
        if not minutes:
            continue
        access = Access.objects.filter(forbund=forbund, role=Role.OFFICE).select_related("user").order_by("pk").first()
        user = access.user if access else None
        # The action is the demo's own (no user, as the import's); each anslag names the office as poster.
        with services.action("anslag.posted", user=None, forbund=forbund,
                             summary=f"Demo: {len(minutes)} anslag", data={"demo": True, "count": len(minutes)}):
            for m in minutes:
                day = m.published if m.published and m.adjusted <= m.published <= today else m.adjusted
                anslag = publication.post_anslag(m, user=user, day=day)
                if anslag.down_day <= today:
                    publication.take_down(anslag, user=user, day=anslag.down_day)
                posted += 1
    return posted
