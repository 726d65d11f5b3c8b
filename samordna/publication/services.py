"""State changes of the anslag (PRACTICE.md §1): posting the anslag of adjusted minutes, taking it down.

The dates are the rule package's (`samordna.rules.deadlines`): the last day to appeal is computed once, at
posting, and kept on the anslag. Posting also records the date on the minutes (`Minutes.published`, the
exchange format's "published"), so the two never disagree.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from samordna.lib import services
from samordna.lib.dates import in_range, today
from samordna.lib.services import DomainError
from samordna.meetings.models import Minutes
from samordna.rules import deadlines

from .models import Anslag


def paragraph_span(numbers) -> str:
    """The paragraphs of a protokoll as an anslag names them: "§ 84", "§§ 84–92", "§§ 84–86, 88"."""
    values = sorted({n for n in numbers if n is not None})
    if not values:
        return ""
    runs: list[list[int]] = []
    for n in values:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    text = ", ".join(f"{a}–{b}" if b > a else f"{a}" for a, b in runs)
    return f"§ {text}" if len(values) == 1 else f"§§ {text}"


def _posted_by_name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    person = getattr(user, "person", None)
    return user.name or (person.name if person is not None else "")


def _check_day(day, field="posted"):
    if not isinstance(day, datetime.date) or not in_range(day):
        raise DomainError(_("Ange ett giltigt datum."), field=field)


@services.service
def post_anslag(minutes: Minutes, *, user, day: datetime.date) -> Anslag:
    """Post the anslag of adjusted minutes on the förbund's public page on `day`: the appeal period starts."""
    _check_day(day)
    minutes = Minutes.objects.select_for_update().select_related("meeting", "forbund").get(pk=minutes.pk)
    if minutes.adjusted is None:
        raise DomainError(_("Protokollet är inte justerat. Anslaget kan sättas upp först när protokollet har "
                            "justerats."), field="minutes", code="not_adjusted")
    if day < minutes.adjusted:
        raise DomainError(_("Anslaget kan inte sättas upp före justeringen (%(day)s).")
                          % {"day": minutes.adjusted.isoformat()}, field="posted", code="before_adjusted")
    if Anslag.objects.filter(minutes=minutes).exists():
        raise DomainError(_("Protokollet är redan anslaget."), field="minutes", code="already_posted")
    forbund = minutes.forbund
    numbers = minutes.meeting.items.values_list("number", flat=True)
    anslag = Anslag(
        forbund=forbund, minutes=minutes, posted=day, appeal_until=deadlines.appeal_last_day(day),
        kept_at=forbund.minutes_place, posted_by=user if getattr(user, "is_authenticated", False) else None,
        posted_by_name=_posted_by_name(user), paragraphs=paragraph_span(numbers),
    )
    data = {"minutes": minutes.pk, "posted": day.isoformat(), "appeal_until": anslag.appeal_until.isoformat(),
            "paragraphs": anslag.paragraphs}
    with services.action("anslag.posted", user=user, forbund=forbund, obj=anslag, data=data):
        services.save(anslag)
        if minutes.published != day:
            minutes.published = day
            services.save(minutes)
    return anslag


@services.service
def take_down(anslag: Anslag, *, user, day: datetime.date) -> Anslag:
    """Take the anslag down on `day`: only once the appeal period is over (it stays up all of it)."""
    _check_day(day, "taken_down")
    anslag = Anslag.objects.select_for_update().get(pk=anslag.pk)
    if anslag.taken_down is not None:
        raise DomainError(_("Anslaget är redan nedtaget."), field="taken_down", code="already_down")
    if day <= anslag.appeal_until:
        raise DomainError(
            _("Anslaget ska sitta uppe till och med sista dagen för överklagan (%(day)s); det kan tas ned "
              "tidigast %(down)s.") % {"day": anslag.appeal_until.isoformat(),
                                       "down": (anslag.appeal_until + deadlines.ONE_DAY).isoformat()},
            field="taken_down", code="appeal_period")
    with services.action("anslag.taken_down", user=user, forbund=anslag.forbund, obj=anslag,
                         data={"taken_down": day.isoformat()}):
        anslag.taken_down = day
        services.save(anslag)
    return anslag


def on_minutes_adjusted(minutes=None, user=None, day=None, *, sender=None, **kwargs):
    """Receiver for `samordna.protokoll.signals.minutes_adjusted`: post the anslag of the minutes just
    adjusted (on `day`, default today). Callable as `on_minutes_adjusted(minutes, user, day)` or as a signal
    receiver (`minutes=`, `user=`, `day=` keyword arguments; `sender` may be the minutes). Does nothing when
    the anslag is already posted, so a repeated signal is harmless."""
    if minutes is None and isinstance(sender, Minutes):
        minutes = sender
    if minutes is None:
        return None
    if Anslag.objects.filter(minutes_id=minutes.pk).exists():
        return None
    return post_anslag(minutes, user=user, day=day or today())
