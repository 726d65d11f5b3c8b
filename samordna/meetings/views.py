"""Read-only pages of the board's meetings: the list of a year and one meeting with its minutes.

Minutes are public once adjusted (offentlighetsprincipen); before that, the items and decisions of a
meeting are internal, so roles without Cap.VIEW_INTERNAL see only that the meeting was held.
"""

from collections import Counter
from dataclasses import replace

from django.db.models import Prefetch, Q
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from samordna.checks.onpage import PageFindings
from samordna.lib.access import Cap, forbund_view, scoped_get
from samordna.lib.dates import today
from samordna.lib.paging import chosen_year, other_years, paginate, year_nav
from samordna.samrad.models import Notice

from .models import Attendance, Capacity, Item, Meeting, Vote, VoteChoice


def is_public(meeting, day) -> bool:
    """Minutes are public once adjusted (DOMAIN §1)."""
    minutes = getattr(meeting, "minutes", None)
    return bool(minutes and minutes.adjusted and minutes.adjusted <= day)


def may_read(request, meeting, day) -> bool:
    return is_public(meeting, day) or request.forbund_ctx.can(Cap.VIEW_INTERNAL)


def _meeting_url(forbund, meeting_id, item_id=None) -> str:
    path = reverse("meeting-detail", kwargs={"slug": forbund.slug, "subject_id": meeting_id})
    return f"{path}#paragraf-{item_id}" if item_id else path


def _meetings(forbund):
    return Meeting.objects.filter(forbund=forbund).select_related("minutes")


@forbund_view()
@require_GET
def meeting_list(request, forbund):
    """The meetings of one year (?ar=YYYY, default this year), with the years that have meetings.

    One year is a handful of meetings whatever the history, so the page costs the same after ten years as
    after one. The findings of the year's meetings and their items are listed in full; those of other years
    one line each under their year, linked to their meeting (the Regelkontroll links item findings here).
    """
    day = today()
    year = chosen_year(request, day.year)
    # Paged (a year of more than 50 meetings is rare) and counted without the items.
    page = paginate(request, _meetings(forbund).filter(date__year=year).order_by("-date", "-pk"))
    meetings = list(page)
    page_pks = {m.pk for m in meetings}
    years = [d.year for d in Meeting.objects.filter(forbund=forbund).dates("date", "year")]
    findings = PageFindings(request, forbund)
    internal = request.forbund_ctx.can(Cap.VIEW_INTERNAL)
    meeting_ids = {f.subject_id for f in findings.all if f.subject_kind == "meeting"}
    item_ids = {f.subject_id for f in findings.all if f.subject_kind == "item"}
    # The meetings the findings name: their dates (which year) and whether their minutes are public. One
    # query with the page's meetings, whatever the findings.
    meeting_info = {}
    if page_pks or meeting_ids:
        for ext, date, adjusted in Meeting.objects.filter(forbund=forbund).filter(
            Q(pk__in=page_pks) | Q(external_id__in=meeting_ids)
        ).order_by().values_list("external_id", "date", "minutes__adjusted"):
            meeting_info[ext] = (date, adjusted)
    # One query reads the items of the page's meetings (to count them) and the items the findings name (to
    # find their meetings), not the whole history.
    item_counts, item_meeting = Counter(), {}
    if page_pks or item_ids:
        for meeting_pk, meeting_ext, date, adjusted, item_ext in Item.objects.filter(forbund=forbund).filter(
            Q(meeting__in=page_pks) | Q(external_id__in=item_ids)
        ).order_by().values_list("meeting_id", "meeting__external_id", "meeting__date", "meeting__minutes__adjusted",
                                 "external_id"):
            if meeting_pk in page_pks:
                item_counts[meeting_pk] += 1
            if item_ext in item_ids:
                item_meeting[item_ext] = (meeting_ext, date, adjusted)
    for meeting in meetings:
        meeting.item_count = item_counts[meeting.pk]

    counts, shown, elsewhere = Counter(), [], []

    def place(finding, ext, date, url):
        if date is None or date.year == year:
            counts[ext] += 1
            shown.append(finding if url is None else replace(finding, url=url))
        else:
            elsewhere.append((date.year, replace(finding, url=url)))

    for finding in findings.about("meeting", meeting_ids):
        ext = finding.finding.subject_id
        date, _adjusted = meeting_info.get(ext, (None, None))
        place(finding, ext, date, _meeting_url(forbund, ext))
    for finding in findings.about("item", item_meeting):
        ext, date, adjusted = item_meeting[finding.finding.subject_id]
        # A finding about an item tells what was decided: only to those who may read the meeting's items.
        if internal or (adjusted and adjusted <= day):
            place(finding, ext, date, _meeting_url(forbund, ext, finding.finding.subject_id))
    rows = [{"meeting": m, "readable": may_read(request, m, day), "public": is_public(m, day),
             "findings": counts.get(m.external_id, 0)} for m in meetings]
    return render(request, "meetings/list.html", {
        "forbund": forbund, "year": str(year), "rows": rows, "page": page, "day": day,
        "nav": year_nav(request, year, years, day.year), "findings_enabled": findings.enabled,
        "findings": shown, "other_years": other_years(request, elsewhere, day.year),
    })


def _detail_queryset():
    votes = Vote.objects.select_related("person").order_by("person__name")
    items = (
        Item.objects.select_related("decision__casting_vote", "insats").order_by("number", "pk")
        .prefetch_related(
            "recused__person", "substitutes__person", "substitutes__replaces",
            Prefetch("decision__votes", queryset=votes), "decision__reservations__person",
            Prefetch("notices", queryset=Notice.objects.order_by("date")),
        )
    )
    attendance = Attendance.objects.select_related("person", "replaces").order_by("capacity", "person__name")
    return Meeting.objects.select_related("minutes").prefetch_related(
        "minutes__adjusters", Prefetch("attendance", queryset=attendance), Prefetch("items", queryset=items),
    )


CAPACITY_ORDER = {c: i for i, c in enumerate(Capacity.values)}


@forbund_view()
@require_GET
def meeting_detail(request, forbund, subject_id):
    day = today()
    meeting = scoped_get(_detail_queryset(), forbund, external_id=subject_id)
    readable = may_read(request, meeting, day)
    findings = PageFindings(request, forbund)
    items = list(meeting.items.all()) if readable else []
    for item in items:
        decision = getattr(item, "decision", None)
        item.tally = None
        if decision is not None:
            votes = list(decision.votes.all())
            if votes:
                item.tally = {choice: sum(1 for v in votes if v.vote == choice) for choice in VoteChoice.values}
    shown = findings.about("meeting", [meeting.external_id])
    if readable:
        # A finding about an item would tell what was decided: only where the items are shown.
        shown += findings.about("item", [i.external_id for i in items])
    attendance = sorted(meeting.attendance.all(), key=lambda a: (CAPACITY_ORDER.get(a.capacity, 99), a.person.name))
    return render(request, "meetings/detail.html", {
        "forbund": forbund, "meeting": meeting, "minutes": getattr(meeting, "minutes", None),
        "readable": readable, "public": is_public(meeting, day), "items": items,
        "attendance": attendance if readable else [], "findings": shown, "findings_enabled": findings.enabled,
    })
