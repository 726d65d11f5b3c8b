"""Read-only pages of the insatser: the list (running and coming, or ended in a year) and one insats with
its funding, anchoring and follow-up.

Reports carry aggregate participant counts only (DOMAIN §1): nothing here names a participant.
"""

from django.db.models import Count, Prefetch, Q, Sum, prefetch_related_objects
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from samordna.checks.onpage import PageFindings
from samordna.lib.access import Cap, forbund_view, scoped_get
from samordna.lib.dates import today
from samordna.lib.paging import VIEW_PARAM, chosen_year, paginate, year_nav, year_url
from samordna.organisations.models import Member
from samordna.web.pagecache import cached_page

from . import reports as schedule
from .models import Anchoring, EndChange, Funding, Insats, InsatsStatus, Report, ReportKind
from .overview import insats_charts

# Labels of the outcome keys the follow-up reports use; an unknown key is shown as it is.
OUTCOME_LABELS = {
    "work": _("Arbete"),
    "studies": _("Studier"),
    "network_meetings": _("Nätverksmöten"),
    "job_seeking": _("Arbetssökande"),
    "other": _("Övrigt"),
}


def _member_order(member):
    return (Member.KIND_ORDER.get(member.kind, 99), member.name)


def _readable(forbund):
    """The insatser these pages show: not the drafts of applications (they are on the applications' pages,
    a member's draft only to that member: application_views)."""
    return Insats.objects.filter(forbund=forbund).exclude(status=InsatsStatus.DRAFT)


UNDATED = "utan-datum"  # ?visa=utan-datum: the insatser with neither start nor end (applications not granted)


@cached_page
@forbund_view()
@require_GET
def insats_list(request, forbund):
    """The running and coming insatser (by default), those that ended in a year (?ar=YYYY), or those with
    no dates (?visa=utan-datum). The ended ones pile up with the years; the running ones do not."""
    day = today()
    insatser = _readable(forbund).select_related("owner")
    dated = Q(start__isnull=False) | Q(end__isnull=False)
    running_q = dated & (Q(start__isnull=True) | Q(start__lte=day)) & (Q(end__isnull=True) | Q(end__gte=day))
    ended_q = Q(end__lt=day)
    undated_q = Q(start__isnull=True, end__isnull=True)
    year = chosen_year(request, 0) or None
    view = "ended" if year else ("undated" if request.GET.get(VIEW_PARAM) == UNDATED else "current")
    sections = []
    if view == "current":
        sections = [
            ("pagaende", _("Pågående"), _("Pågående insatser, den senast startade först"),
             _("Inga pågående insatser."), list(insatser.filter(running_q).order_by("-start", "name", "pk"))),
            ("kommande", _("Kommande"), _("Kommande insatser, den närmaste först"),
             _("Inga kommande insatser."), list(insatser.filter(start__gt=day).order_by("start", "name", "pk"))),
        ]
        page = None
    else:
        # A year of ended insatser (or the undated ones) may, rarely, be more than 50: in pages.
        if view == "ended":
            rows_q, order = ended_q & Q(end__year=year), ("-end", "name", "pk")
            title = _("Avslutade %(year)s") % {"year": year}
            caption = _("Insatser som avslutades %(year)s, den senast avslutade först") % {"year": year}
            empty = _("Inga insatser avslutades %(year)s.") % {"year": year}
        else:
            rows_q, order = undated_q, ("name", "pk")
            title = _("Utan start- och slutdatum")
            caption = _("Insatser utan start- och slutdatum, till exempel ansökningar som inte beviljades")
            empty = _("Inga insatser utan datum.")
        page = paginate(request, insatser.filter(rows_q).order_by(*order))
        sections = [("urval", title, caption, empty, list(page))]
    shown = [i for *_text, rows in sections for i in rows]
    # The funding of the shown insatser is summed in one query (not over every year's funding).
    funded = dict(Funding.objects.filter(insats__in=[i.pk for i in shown]).order_by()
                  .values_list("insats").annotate(total=Sum("amount")))
    findings = PageFindings(request, forbund)
    counts = findings.counts("insats")
    # What each shown insats owes next (its reports and planned dates in two queries).
    prefetch_related_objects(shown, *schedule.schedule_prefetches())
    for insats in shown:
        insats.forbund = forbund
        insats.funded = funded.get(insats.pk)
        insats.finding_count = counts.get(insats.external_id, 0)
        insats.next_report = schedule.next_due(insats, day)
        insats.next_report_label = schedule.kind_label(insats.next_report) if insats.next_report else ""
    ended_years = [d.year for d in _readable(forbund).filter(ended_q).dates("end", "year")]
    tally = _readable(forbund).aggregate(
        current=Count("pk", filter=running_q | Q(start__gt=day)), undated=Count("pk", filter=undated_q))
    return render(request, "insatser/list.html", {
        "forbund": forbund, "view": view, "year": str(year) if year else None, "page": page,
        "sections": [{"id": sid, "title": title, "caption": caption, "empty": empty, "rows": rows}
                     for sid, title, caption, empty, rows in sections],
        "current_url": year_url(request, None), "undated_url": year_url(request, None, view=UNDATED), "tally": tally,
        "nav": year_nav(request, year, ended_years, None), "findings_enabled": findings.enabled, "today": day,
        "can_apply": request.forbund_ctx.can(Cap.APPLY), "can_manage": request.forbund_ctx.can(Cap.MANAGE),
    })


def _detail_queryset():
    members = Member.objects.only("id", "name", "kind", "forbund_id")
    return Insats.objects.select_related("owner", "contact").prefetch_related(
        Prefetch("parties", queryset=members), Prefetch("concerns", queryset=members),
        Prefetch("anchoring", queryset=Anchoring.objects.select_related("member").order_by("date")),
        Prefetch("funding", queryset=Funding.objects.select_related("decided_in__meeting").order_by("year")),
        Prefetch("reports", queryset=Report.objects.select_related("presented_in__meeting").order_by("date")),
        Prefetch("report_dates", to_attr="schedule_dates"),
        Prefetch("end_changes", queryset=EndChange.objects.select_related("item__meeting")),
    )


@cached_page
@forbund_view()
@require_GET
def insats_detail(request, forbund, subject_id):
    insats = scoped_get(_detail_queryset().exclude(status=InsatsStatus.DRAFT), forbund, external_id=subject_id)
    findings = PageFindings(request, forbund)
    reports = list(insats.reports.all())
    for report in reports:
        counts = [report.participants_women, report.participants_men, report.participants_other]
        report.participants_total = sum(c or 0 for c in counts) if any(c is not None for c in counts) else None
        report.outcome_rows = [(str(OUTCOME_LABELS.get(k, k)), v) for k, v in (report.outcomes or {}).items()]
    funding = list(insats.funding.all())
    # The schedule (samordna.rules.deadlines.reports_due): what the insats owes, the next first.
    day = today()
    insats.forbund = forbund
    insats.schedule_reports = reports
    owed = schedule.schedule(insats, day)
    schedule_context = {
        "owed": [(due, schedule.kind_label(due)) for due in owed], "next_report": owed[0] if owed else None,
        "next_report_label": schedule.kind_label(owed[0]) if owed else "",
        "next_report_overdue": bool(owed and owed[0].date < day), "report_dates": insats.schedule_dates,
        "end_changes": list(insats.end_changes.all()), "has_final": any(r.kind == ReportKind.FINAL for r in reports),
        "reporting": insats.status in schedule.REPORTING, "can_manage": request.forbund_ctx.can(Cap.MANAGE),
        "report_charts": insats_charts(insats, reports),
    }
    return render(request, "insatser/detail.html", {**schedule_context,
        "forbund": forbund, "insats": insats, "reports": reports, "funding": funding,
        "parties": sorted(insats.parties.all(), key=_member_order),
        "concerns": sorted(insats.concerns.all(), key=_member_order),
        "funding_total": sum(f.amount for f in funding),
        "findings": findings.about("insats", [insats.external_id]), "findings_enabled": findings.enabled,
        "can_prepare": request.forbund_ctx.can(Cap.MANAGE),
    })
