"""The förbund's public page (no login): the anslagstavla, the adjusted protokoll, the decisions, the coming
meetings, the public diarium and an Atom feed of new anslag.

Only adjusted minutes' content is shown (offentlighetsprincipen: minutes are public once adjusted); persons
only by name, never an e-mail or a personnummer. Each list is of one year (?ar=) or a bounded number of
rows, so the page runs the same queries whatever the history.

Two seams the other parts of the product fill (one line each):
- `_protokoll_html(request, meeting)`: the public protokoll page; `samordna.protokoll.render`'s
  `render_protokoll_html(meeting, public=True)` replaces it, and `_protokoll_pdf(meeting)` its PDF.
- `_public_diarium(forbund, year=None)`: the public diarium; `samordna.diarium`'s `public_entries` replaces it.
"""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samordna.lib.dates import STOCKHOLM, today
from samordna.lib.paging import chosen_year, paginate, year_nav
from samordna.meetings.models import Attendance, Item, Meeting
from samordna.organisations.models import Forbund
from samordna.web.pagecache import cached_page

from .models import Anslag

ORGAN = "Styrelsen"  # the organ whose protokoll is posted: the board is the förbund's only organ
COMING_MEETINGS = 10  # how many coming meetings the page lists
FEED_ENTRIES = 20  # how many anslag the Atom feed holds
# The PDF of a public protokoll: linked once samordna.protokoll provides `protokoll_pdf` (set True with it).
PDF_AVAILABLE = True


def _forbund(slug) -> Forbund:
    return get_object_or_404(Forbund, slug=slug)


def _adjusted(forbund, day):
    """The meetings whose minutes are adjusted (public) on `day`."""
    return Meeting.objects.filter(forbund=forbund, minutes__adjusted__isnull=False, minutes__adjusted__lte=day)


def _public_diarium(forbund, year=None):
    """The public diarium of a year: date, dnr and title; a secret entry shows only its date and dnr."""
    from samordna.diarium.access import public_entries

    return public_entries(forbund, year=year)


def public_context(request, forbund) -> dict:
    """What the public page shows (also for the overview of a user without access to the förbund)."""
    day = today()
    adjusted = _adjusted(forbund, day)
    years = [d.year for d in adjusted.dates("date", "year")]
    # This year's protokoll by default; early in a year before any is adjusted, the latest year's.
    default = day.year if day.year in years or not years else max(years)
    year = chosen_year(request, default)
    board = list(Anslag.objects.current(day).filter(forbund=forbund)
                 .select_related("minutes__meeting").order_by("-posted", "-pk"))
    meetings = list(adjusted.filter(date__year=year).select_related("minutes", "minutes__anslag")
                    .order_by("-date", "-pk"))
    decisions = list(
        Item.objects.filter(meeting__in=[m.pk for m in meetings], decision__isnull=False)
        .select_related("decision", "meeting").order_by("-meeting__date", "number", "pk")
    ) if meetings else []
    coming = list(Meeting.objects.filter(forbund=forbund, date__gte=day).order_by("date", "start_time", "pk")
                  [:COMING_MEETINGS])
    diarium = paginate(request, _public_diarium(forbund, year))
    return {
        "forbund": forbund, "day": day, "year": str(year), "organ": ORGAN, "anslag_board": board,
        "meetings": meetings, "decisions": decisions, "coming": coming, "diarium": diarium, "page": diarium,
        "nav": year_nav(request, year, years, default), "pdf_available": PDF_AVAILABLE,
    }


def render_public(request, forbund):
    return render(request, "publication/public.html", public_context(request, forbund))


@cached_page
@require_GET
def public_forbund(request, slug):
    """/f/<slug>/offentlig/: the public page, for anyone."""
    return render_public(request, _forbund(slug))


def _public_meeting(forbund, subject_id):
    """An adjusted meeting of the förbund, or a 404 (an unadjusted protokoll is not public)."""
    day = today()
    attendance = Attendance.objects.select_related("person", "replaces").order_by("capacity", "person__name")
    items = Item.objects.select_related("decision").order_by("number", "pk").prefetch_related(
        "recused__person", "decision__reservations__person", "decision__votes__person")
    meeting = _adjusted(forbund, day).filter(external_id=subject_id).select_related("minutes").prefetch_related(
        "minutes__adjusters", Prefetch("attendance", queryset=attendance), Prefetch("items", queryset=items),
    ).first()
    if meeting is None:
        raise Http404
    return meeting


def _protokoll_html(request, meeting) -> str:
    """The public protokoll as a whole HTML page: the protokoll's renderer (names only, no links into the
    logged-in product) with the anslag's facts and the justering record beside it."""
    from samordna.protokoll.render import render_protokoll_html
    from samordna.protokoll.services import state

    anslag = Anslag.objects.filter(minutes__meeting=meeting).first()
    return render_to_string("publication/protokoll.html", {
        "forbund": meeting.forbund, "meeting": meeting, "minutes": meeting.minutes, "organ": ORGAN,
        "anslag": anslag, "pdf_available": PDF_AVAILABLE, "justering": state(meeting),
        "body": render_protokoll_html(meeting, public=True, links=False),
    }, request=request)


def _protokoll_pdf(meeting) -> bytes:
    """The public protokoll's PDF: the exact bytes the adjusters confirmed, or rendered from the data."""
    from samordna.protokoll.render import protokoll_pdf

    return protokoll_pdf(meeting)


@cached_page
@require_GET
def public_protokoll(request, slug, subject_id):
    """/f/<slug>/offentlig/protokoll/<meeting id>/: an adjusted protokoll, for anyone."""
    meeting = _public_meeting(_forbund(slug), subject_id)
    return HttpResponse(_protokoll_html(request, meeting))


@require_GET
def public_protokoll_pdf(request, slug, subject_id):
    meeting = _public_meeting(_forbund(slug), subject_id)
    response = HttpResponse(_protokoll_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="protokoll-{meeting.date.isoformat()}.pdf"'
    return response


def anslag_text(anslag) -> str:
    """The anslag as plain text (the feed's summary)."""
    meeting = anslag.minutes.meeting
    return _("%(organ)s, sammanträde %(date)s. Protokollet innehåller %(paragraphs)s. Anslaget sattes upp "
             "%(posted)s och tas ned %(down)s. Sista dag för överklagan: %(until)s. Protokollet förvaras: "
             "%(kept)s.") % {
        "organ": ORGAN, "date": meeting.date.isoformat(), "paragraphs": anslag.paragraphs or "–",
        "posted": anslag.posted.isoformat(), "down": anslag.down_day.isoformat(),
        "until": anslag.appeal_until.isoformat(), "kept": anslag.kept_at}


class AnslagFeed(Feed):
    """/f/<slug>/offentlig/anslag.atom: the förbund's newest anslag, as Atom."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return _forbund(slug)

    def title(self, forbund):
        return _("Anslag – %(name)s") % {"name": forbund.name}

    def subtitle(self, forbund):
        return _("Anslag om justerade protokoll från %(name)s") % {"name": forbund.name}

    def link(self, forbund):
        return reverse("public-forbund", kwargs={"slug": forbund.slug})

    def feed_url(self, forbund):
        return reverse("public-anslag-feed", kwargs={"slug": forbund.slug})

    def author_name(self, forbund):
        return forbund.name

    def items(self, forbund):
        return (Anslag.objects.filter(forbund=forbund, posted__lte=today()).select_related("forbund", "minutes__meeting")
                .order_by("-posted", "-pk")[:FEED_ENTRIES])

    def item_title(self, anslag):
        return _("Anslag: %(organ)s protokoll %(date)s") % {
            "organ": ORGAN, "date": anslag.minutes.meeting.date.isoformat()}

    def item_description(self, anslag):
        return anslag_text(anslag)

    def item_link(self, anslag):
        return reverse("public-protokoll", kwargs={"slug": anslag.forbund.slug,
                                                   "subject_id": anslag.minutes.meeting.external_id})

    def item_guid(self, anslag):
        return f"{self.item_link(anslag)}#anslag-{anslag.pk}"

    def item_guid_is_permalink(self, anslag):
        return False

    def item_pubdate(self, anslag):
        return datetime.datetime.combine(anslag.posted, datetime.time(0), tzinfo=STOCKHOLM)

    def item_updateddate(self, anslag):
        return self.item_pubdate(anslag)


anslag_feed = AnslagFeed()
