"""Mina sammanträden: a board member's coming kallelser, the minutes they must justera, and their own record
(votes, reservations, jäv), in every förbund where they sit on the board and may read internal documents."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samordna.lib.access import Cap, can, role_in, visible_forbund
from samordna.lib.dates import today
from samordna.lib.paging import chosen_year, year_nav
from samordna.lib.services import DomainError
from samordna.meetings.models import Meeting, Recusal, Reservation, Vote
from samordna.organisations.models import Mandate, MandateRole

from . import services
from .models import NoticeRead

SEATS = (MandateRole.LEDAMOT, MandateRole.ERSATTARE, MandateRole.ORDFORANDE, MandateRole.VICE_ORDFORANDE)
# Minutes waiting for justering are looked for this far back (they are due within the statutes' days).
ADJUST_WINDOW = datetime.timedelta(days=120)


def _board_forbund(user, person):
    """The förbund where the person has a seat and the user may read internal documents."""
    seated = Mandate.objects.filter(person=person, role__in=SEATS).values("forbund_id")
    found = []
    for forbund in visible_forbund(user).filter(pk__in=seated):
        if can(role_in(user, forbund), Cap.VIEW_INTERNAL):
            found.append(forbund)
    return found


def _seat_on(mandates, forbund_id, day, roles=SEATS):
    return any(m.forbund_id == forbund_id and m.role in roles and m.is_active_on(day) for m in mandates)


@login_required
@require_GET
def my_meetings(request):
    person = request.user.person
    if person is None:
        return render(request, "ledamot/my_meetings.html", {"person": None})
    day = today()
    forbund = _board_forbund(request.user, person)
    ids = [f.pk for f in forbund]
    mandates = list(Mandate.objects.filter(person=person, forbund_id__in=ids, role__in=SEATS))
    read = set(NoticeRead.objects.filter(user=request.user).values_list("meeting_id", flat=True))
    coming = [m for m in Meeting.objects.filter(forbund_id__in=ids, date__gte=day)
              .select_related("forbund").order_by("date", "pk")
              if _seat_on(mandates, m.forbund_id, m.date)]
    for meeting in coming:
        meeting.is_read = meeting.pk in read
    waiting = (Meeting.objects.filter(forbund_id__in=ids, date__lte=day, date__gte=day - ADJUST_WINDOW)
               .filter(Q(minutes__isnull=True) | Q(minutes__adjusted__isnull=True))
               .select_related("forbund", "minutes").prefetch_related("minutes__adjusters").order_by("date"))
    to_adjust = []
    for meeting in waiting:
        minutes = getattr(meeting, "minutes", None)
        adjusters = {p.pk for p in minutes.adjusters.all()} if minutes else set()
        chair = _seat_on(mandates, meeting.forbund_id, meeting.date, (MandateRole.ORDFORANDE,))
        if person.pk in adjusters or chair:
            to_adjust.append({"meeting": meeting, "as": _("ordförande") if chair else _("justerare")})
    year = chosen_year(request, day.year)
    mine = {"decision__item__meeting__forbund_id__in": ids}
    votes = list(Vote.objects.filter(person=person, decision__item__meeting__date__year=year, **mine)
                 .select_related("decision__item__meeting__forbund", "decision").order_by("decision__item__meeting__date"))
    reservations = list(Reservation.objects.filter(person=person, decision__item__meeting__date__year=year, **mine)
                        .select_related("decision__item__meeting__forbund").order_by("decision__item__meeting__date"))
    recusals = list(Recusal.objects.filter(person=person, item__meeting__forbund_id__in=ids,
                                           item__meeting__date__year=year)
                    .select_related("item__meeting__forbund").order_by("item__meeting__date"))
    years = {d.year for d in Meeting.objects.filter(forbund_id__in=ids).filter(
        Q(items__decision__votes__person=person) | Q(items__decision__reservations__person=person)
        | Q(items__recused__person=person)).dates("date", "year")}
    return render(request, "ledamot/my_meetings.html", {
        "person": person, "forbund": forbund, "coming": coming, "to_adjust": to_adjust, "year": year,
        "votes": votes, "reservations": reservations, "recusals": recusals,
        "nav": year_nav(request, year, years, day.year),
    })


@login_required
@require_POST
def mark_read(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("forbund"), pk=pk)
    person = request.user.person
    if person is None or meeting.forbund not in _board_forbund(request.user, person):
        raise Http404
    try:
        services.mark_notice_read(meeting, user=request.user, read=request.POST.get("read", "1") == "1")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Kallelsen är markerad som läst.") if request.POST.get("read", "1") == "1"
                         else _("Kallelsen är markerad som oläst."))
    return redirect("my-meetings")
