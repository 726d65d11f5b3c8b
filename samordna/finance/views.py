"""Read-only pages of the economy: budgets with member contributions, annual reports with audit and discharge."""

from fractions import Fraction

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from samordna.lib.access import forbund_view, scoped_get
from samordna.lib.paging import paginate
from samordna.organisations.models import Member
from samordna.rules.onpage import PageFindings

from .models import AnnualReport, Budget, Consulted, Contribution, Discharge, Remark

# FinsamL 5 §: the state (FK, also on AF's behalf) pays half, the regions a quarter, the kommuner a quarter.
SPLIT = [
    ("state", _("Staten (Försäkringskassan och Arbetsförmedlingen)"), Fraction(1, 2), "½"),
    ("region", _("Regioner"), Fraction(1, 4), "¼"),
    ("kommun", _("Kommuner"), Fraction(1, 4), "¼"),
]
STATE_KINDS = {"forsakringskassan", "arbetsformedlingen"}


def _member_during(member, year) -> bool:
    """A member at some point of the year (the members who decide on discharge for it)."""
    return (member.joined is None or member.joined.year <= year) and (member.left is None or member.left.year >= year)


def _member_order(member):
    return (Member.KIND_ORDER.get(member.kind, 99), member.name)


# The budget and annual report lists show the latest years (one row a year), the older ones on further pages:
# the page costs the same after ten years as after one.
YEARS_PER_PAGE = 5


@forbund_view()
@require_GET
def budget_list(request, forbund):
    page = paginate(request, Budget.objects.filter(forbund=forbund).select_related("decided_in__meeting")
                    .annotate(total=Sum("contributions__amount")).order_by("-year"), per_page=YEARS_PER_PAGE)
    findings = PageFindings(request, forbund)
    counts = findings.counts("budget")
    rows = [{"budget": b, "findings": counts.get(str(b.year), 0)} for b in page]
    return render(request, "finance/budget_list.html", {
        "forbund": forbund, "rows": rows, "page": page, "findings_enabled": findings.enabled,
    })


def split_rows(contributions):
    """The contributions per group of FinsamL 5 § (state, regions, kommuner), with the share each should pay."""
    total = sum(c.amount for c in contributions)
    sums = {"state": 0, "region": 0, "kommun": 0}
    for c in contributions:
        key = "state" if c.member.kind in STATE_KINDS else c.member.kind
        if key in sums:
            sums[key] += c.amount
    rows = []
    for key, label, share, share_text in SPLIT:
        rows.append({
            "key": key, "label": label, "share_text": share_text, "amount": sums[key],
            "expected": round(total * share), "actual_pct": (float(Fraction(sums[key], total) * 100) if total else None),
            # Rounding: each member's share may be off by up to one krona (DOMAIN §3).
            "ok": bool(total) and abs(sums[key] - total * share) <= len(contributions),
        })
    return total, rows


@forbund_view()
@require_GET
def budget_detail(request, forbund, subject_id):
    year = int(subject_id)
    findings = PageFindings(request, forbund)
    shown = findings.about("budget", [str(year)])
    budget = (
        Budget.objects.filter(forbund=forbund, year=year).select_related("decided_in__meeting").prefetch_related(
            Prefetch("contributions", queryset=Contribution.objects.select_related("member")),
            Prefetch("consulted", queryset=Consulted.objects.select_related("member").order_by("date")),
        ).first()
    )
    if budget is None:
        # A budget that should exist but does not is shown with the findings about it (budget-deadline).
        if not shown:
            raise Http404
        return render(request, "finance/budget_missing.html", {
            "forbund": forbund, "year": str(year), "findings": shown, "findings_enabled": findings.enabled,
        })
    contributions = sorted(budget.contributions.all(), key=lambda c: _member_order(c.member))
    total, split = split_rows(contributions)
    for c in contributions:
        c.share_pct = float(Fraction(c.amount, total) * 100) if total else None
    return render(request, "finance/budget_detail.html", {
        "forbund": forbund, "budget": budget, "contributions": contributions, "total": total, "split": split,
        "consulted": sorted(budget.consulted.all(), key=lambda c: _member_order(c.member)),
        "findings": shown, "findings_enabled": findings.enabled,
    })


@forbund_view()
@require_GET
def annual_report_list(request, forbund):
    page = paginate(request, AnnualReport.objects.filter(forbund=forbund).select_related("audit").annotate(
        remark_count=Count("audit__remarks", distinct=True),
        granted=Count("discharges", filter=Q(discharges__decision="granted"), distinct=True),
        refused=Count("discharges", filter=Q(discharges__decision="refused"), distinct=True),
    ).order_by("-year"), per_page=YEARS_PER_PAGE)
    findings = PageFindings(request, forbund)
    remark_year = dict(Remark.objects.filter(forbund=forbund).values_list("external_id", "audit__annual_report__year"))
    counts = findings.counts("annual_report")
    by_year = {}
    for subject_id, n in counts.items():
        year = remark_year.get(subject_id, subject_id)
        by_year[str(year)] = by_year.get(str(year), 0) + n
    rows = [{"report": r, "findings": by_year.get(str(r.year), 0)} for r in page]
    return render(request, "finance/annual_report_list.html", {
        "forbund": forbund, "rows": rows, "page": page, "findings_enabled": findings.enabled,
    })


@forbund_view()
@require_GET
def annual_report_detail(request, forbund, subject_id):
    if not subject_id.isdigit():
        # The findings about an unanswered remark name the remark: show it on its annual report.
        remark = scoped_get(Remark.objects.select_related("audit__annual_report"), forbund, external_id=subject_id)
        url = reverse("annual-report-detail", kwargs={"slug": forbund.slug,
                                                      "subject_id": remark.audit.annual_report.year})
        return redirect(f"{url}#anmarkning-{remark.external_id}")
    year = int(subject_id)
    findings = PageFindings(request, forbund)
    report = (
        AnnualReport.objects.filter(forbund=forbund, year=year).select_related("audit").prefetch_related(
            "audit__delivered_to",
            Prefetch("audit__remarks", queryset=Remark.objects.select_related("response_decided_in__meeting")
                     .order_by("external_id")),
            Prefetch("discharges", queryset=Discharge.objects.select_related("member")),
        ).first()
    )
    members = sorted(Member.objects.filter(forbund=forbund), key=_member_order)
    if report is None:
        shown = findings.about("annual_report", [str(year)])
        if not shown:
            raise Http404
        return render(request, "finance/annual_report_missing.html", {
            "forbund": forbund, "year": str(year), "findings": shown, "findings_enabled": findings.enabled,
        })
    audit = getattr(report, "audit", None)
    remarks = list(audit.remarks.all()) if audit else []
    delivered = {m.pk for m in audit.delivered_to.all()} if audit else set()
    discharges = {d.member_id: d for d in report.discharges.all()}
    member_rows = [{"member": m, "audit_delivered": m.pk in delivered, "discharge": discharges.get(m.pk)}
                   for m in members if m.pk in discharges or _member_during(m, year)]
    return render(request, "finance/annual_report_detail.html", {
        "forbund": forbund, "report": report, "audit": audit, "remarks": remarks, "member_rows": member_rows,
        "findings": findings.about("annual_report", [str(year)] + [r.external_id for r in remarks]),
        "findings_enabled": findings.enabled,
    })
