"""Read-only pages of the insatser: the list and one insats with its funding, anchoring and follow-up.

Reports carry aggregate participant counts only (DOMAIN §1): nothing here names a participant.
"""

from django.db.models import Prefetch, Sum
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from samordna.checks.onpage import PageFindings
from samordna.lib.access import forbund_view, scoped_get
from samordna.lib.paging import paginate
from samordna.organisations.models import Member

from .models import Anchoring, Funding, Insats, Report

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


@forbund_view()
@require_GET
def insats_list(request, forbund):
    # Paged and counted without the funding (a count over the join would read every year's funding); the
    # funding of the page's insatser is summed in one query.
    page = paginate(request, Insats.objects.filter(forbund=forbund).select_related("owner")
                    .order_by("-start", "name", "pk"))
    insatser = list(page)
    funded = dict(Funding.objects.filter(insats__in=[i.pk for i in insatser]).order_by()
                  .values_list("insats").annotate(total=Sum("amount")))
    findings = PageFindings(request, forbund)
    counts = findings.counts("insats")
    rows = []
    for insats in insatser:
        insats.funded = funded.get(insats.pk)
        rows.append({"insats": insats, "findings": counts.get(insats.external_id, 0)})
    return render(request, "insatser/list.html", {
        "forbund": forbund, "rows": rows, "page": page, "findings_enabled": findings.enabled,
    })


def _detail_queryset():
    members = Member.objects.only("id", "name", "kind", "forbund_id")
    return Insats.objects.select_related("owner").prefetch_related(
        Prefetch("parties", queryset=members), Prefetch("concerns", queryset=members),
        Prefetch("anchoring", queryset=Anchoring.objects.select_related("member").order_by("date")),
        Prefetch("funding", queryset=Funding.objects.select_related("decided_in__meeting").order_by("year")),
        Prefetch("reports", queryset=Report.objects.select_related("presented_in__meeting").order_by("date")),
    )


@forbund_view()
@require_GET
def insats_detail(request, forbund, subject_id):
    insats = scoped_get(_detail_queryset(), forbund, external_id=subject_id)
    findings = PageFindings(request, forbund)
    reports = list(insats.reports.all())
    for report in reports:
        counts = [report.participants_women, report.participants_men, report.participants_other]
        report.participants_total = sum(c or 0 for c in counts) if any(c is not None for c in counts) else None
        report.outcome_rows = [(str(OUTCOME_LABELS.get(k, k)), v) for k, v in (report.outcomes or {}).items()]
    funding = list(insats.funding.all())
    return render(request, "insatser/detail.html", {
        "forbund": forbund, "insats": insats, "reports": reports, "funding": funding,
        "parties": sorted(insats.parties.all(), key=_member_order),
        "concerns": sorted(insats.concerns.all(), key=_member_order),
        "funding_total": sum(f.amount for f in funding),
        "findings": findings.about("insats", [insats.external_id]), "findings_enabled": findings.enabled,
    })
