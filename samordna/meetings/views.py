"""Read-only pages of the board's meetings: the list by year and one meeting with its minutes.

Minutes are public once adjusted (offentlighetsprincipen); before that, the items and decisions of a
meeting are internal, so roles without Cap.VIEW_INTERNAL see only that the meeting was held.
"""

from collections import Counter
from dataclasses import replace
from itertools import groupby

from django.db.models import Prefetch, Q
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from samordna.checks.onpage import PageFindings
from samordna.lib.access import Cap, forbund_view, scoped_get
from samordna.lib.dates import today
from samordna.lib.paging import paginate
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
    day = today()
    # Paged and counted without the items (a count over the join would read ten years of items).
    page = paginate(request, _meetings(forbund).order_by("-date", "-pk"))
    meetings = list(page)
    findings = PageFindings(request, forbund)
    counts = findings.counts("meeting")
    # The Regelkontroll links a finding about an item here (items have no page of their own): it is listed
    # below with a link to its meeting, and counted for that meeting. The findings of every meeting are
    # listed, whichever page of the meetings is shown. One query reads the items of the page's meetings (to
    # count them) and the items the findings name (to find their meetings), not the whole history.
    item_ids = {f.subject_id for f in findings.all if f.subject_kind == "item"}
    item_counts, item_meeting = Counter(), {}
    if meetings or item_ids:
        page_pks = {m.pk for m in meetings}
        for meeting_pk, meeting_ext, item_ext in Item.objects.filter(forbund=forbund).filter(
            Q(meeting__in=page_pks) | Q(external_id__in=item_ids)
        ).order_by().values_list("meeting_id", "meeting__external_id", "external_id"):
            if meeting_pk in page_pks:
                item_counts[meeting_pk] += 1
            if item_ext in item_ids:
                item_meeting[item_ext] = meeting_ext
    for meeting in meetings:
        meeting.item_count = item_counts[meeting.pk]
    # The findings about meetings are about this förbund's meetings (the check judges its own data).
    shown = [replace(f, url=_meeting_url(forbund, f.finding.subject_id)) for f in findings.about("meeting", counts)]
    for finding in findings.about("item", item_meeting):
        ext = item_meeting[finding.finding.subject_id]
        counts[ext] += 1
        shown.append(replace(finding, url=_meeting_url(forbund, ext, finding.finding.subject_id)))
    rows = [{"meeting": m, "readable": may_read(request, m, day), "public": is_public(m, day),
             "findings": counts.get(m.external_id, 0)} for m in meetings]
    years = [(str(year), list(group)) for year, group in groupby(rows, key=lambda r: r["meeting"].date.year)]
    return render(request, "meetings/list.html", {
        "forbund": forbund, "years": years, "page": page, "day": day, "findings_enabled": findings.enabled,
        "findings": shown,
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
