"""The demo's coming board meeting: planned through the services, with its agenda and the kallelse sent.

Relative to today, so that `make run` always shows a meeting ahead whose kallelse is out (PRACTICE.md §1):
two weeks ahead on a weekday, in the statutes' time, its agenda the standard opening items plus the
diarium's open application and the draft budget, the kallelse queued to the board by e-mail.
"""

import datetime

from samordna.accounts.models import Access, Role
from samordna.diarium.models import Matter, MatterStatus

from . import services


def _weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def plan_coming_meeting(forbund, today: datetime.date):
    """Create the coming meeting of `forbund` and send its kallelse; returns the meeting."""
    office = Access.objects.filter(forbund=forbund, role=Role.OFFICE).select_related("user").first()
    user = office.user if office else None
    meeting = services.create_meeting(
        forbund, user=user, date=_weekday(today + datetime.timedelta(days=14)), start_time=datetime.time(9, 0),
        place="Kommunhuset, sammanträdesrum Ängen", remote_allowed=True,
    )
    matters = Matter.objects.filter(forbund=forbund, status=MatterStatus.OPEN, secret=False).order_by("registered")
    proposals = {
        "application": "Styrelsen beviljar medel enligt ansökan för det första året.",
        "budget": "Styrelsen skickar utkastet till verksamhetsplan och budget på samråd med medlemmarna.",
    }
    for matter in matters:
        if matter.kind in proposals:
            services.add_item(meeting, user=user, matter=matter, proposal=proposals[matter.kind])
    services.add_item(meeting, user=user, title="Rapport från förbundschefen", kind="information")
    services.send_notice(meeting, user=user, day=today)
    return meeting
