"""Read-only pages of the economy: budgets with member contributions, annual reports with audit and discharge."""

from fractions import Fraction

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from samordna.checks.onpage import PageFindings
from samordna.lib.access import Cap, can, forbund_view, scoped_get
from samordna.lib.dates import today
from samordna.lib.paging import paginate
from samordna.organisations.models import Member
from samordna.rules import split
from samordna.web.pagecache import cached_page

from .models import AnnualReport, Budget, Consulted, Contribution, Discharge, Remark
from .services import goals_of, may_record_discharge

# FinsamL 5 § (samordna/rules/split.py): the groups' labels on the budget page.
SPLIT_LABELS = {
    "state": _("Staten (Försäkringskassan och Arbetsförmedlingen)"),
    "region": _("Regioner"),
    "kommun": _("Kommuner"),
}


def _member_during(member, year) -> bool:
    """A member at some point of the year (the members who decide on discharge for it)."""
    return (member.joined is None or member.joined.year <= year) and (member.left is None or member.left.year >= year)


def _member_order(member):
    return (Member.KIND_ORDER.get(member.kind, 99), member.name)


# The budget and annual report lists show the latest years (one row a year), the older ones on further pages:
# the page costs the same after ten years as after one.
YEARS_PER_PAGE = 5


@cached_page
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
        "manage": request.forbund_ctx.can(Cap.MANAGE),
    })


def split_rows(contributions, forbund, year):
    """The split table of FinsamL 5 §, as the rule `contribution-split` judges it (samordna.rules.split):
    per group its share, the amount it should pay, what it pays and whether that is within the tolerance.
    Contributions of non-members (that year) are outside the split, as in the rule."""
    found = split.contribution_split(
        (c.member_id, c.member.kind if c.member.forbund_id == forbund.pk and _member_during(c.member, year) else None,
         c.amount)
        for c in contributions
    )
    rows = []
    for group in found.groups:
        rows.append({
            "key": group.group, "label": SPLIT_LABELS[group.group], "share_text": group.share_text,
            "amount": group.amount, "expected": round(group.expected),
            "actual_pct": float(Fraction(group.amount, found.total) * 100) if found.total else None,
            "ok": group.ok,
        })
    return sum(c.amount for c in contributions), rows


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
    total, split_table = split_rows(contributions, forbund, year)
    for c in contributions:
        c.share_pct = float(Fraction(c.amount, total) * 100) if total else None
    from .budget_views import workflow_context

    return render(request, "finance/budget_detail.html", {
        "forbund": forbund, "budget": budget, "contributions": contributions, "total": total, "split": split_table,
        "consulted": sorted(budget.consulted.all(), key=lambda c: _member_order(c.member)),
        "findings": shown, "findings_enabled": findings.enabled,
        **workflow_context(request, forbund, budget, contributions, split_table),
    })


@cached_page
@forbund_view()
@require_GET
def annual_report_list(request, forbund):
    # One row a year: all of them in one query, paged in Python (no count query, none skipped when empty).
    page = paginate(request, list(AnnualReport.objects.filter(forbund=forbund).select_related("audit").annotate(
        remark_count=Count("audit__remarks", distinct=True),
        granted=Count("discharges", filter=Q(discharges__decision="granted"), distinct=True),
        refused=Count("discharges", filter=Q(discharges__decision="refused"), distinct=True),
    ).order_by("-year")), per_page=YEARS_PER_PAGE)
    findings = PageFindings(request, forbund)
    remark_year = dict(Remark.objects.filter(forbund=forbund).values_list("external_id", "audit__annual_report__year"))
    counts = findings.counts("annual_report")
    by_year = {}
    for subject_id, n in counts.items():
        year = remark_year.get(subject_id, subject_id)
        by_year[str(year)] = by_year.get(str(year), 0) + n
    rows = [{"report": r, "findings": by_year.get(str(r.year), 0)} for r in page]
    last_year = today().year - 1
    has_last = any(report.year == last_year for report in page.paginator.object_list)
    can_create = request.forbund_ctx.can(Cap.MANAGE) and not has_last \
        and (forbund.founded is None or forbund.founded.year <= last_year)
    return render(request, "finance/annual_report_list.html", {
        "forbund": forbund, "rows": rows, "page": page, "findings_enabled": findings.enabled,
        "create_year": last_year if can_create else None,
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
        AnnualReport.objects.filter(forbund=forbund, year=year)
        .select_related("audit", "decided_in__meeting", "document__matter", "audit__document__matter")
        .prefetch_related(
            "audit__delivered_to",
            Prefetch("audit__remarks", queryset=Remark.objects.select_related(
                "response_decided_in__meeting", "response_item__meeting", "response_item__decision")
                .order_by("external_id")),
            Prefetch("discharges", queryset=Discharge.objects.select_related("member", "document__matter")),
        ).first()
    )
    members = sorted(Member.objects.filter(forbund=forbund), key=_member_order)
    if report is None:
        shown = findings.about("annual_report", [str(year)])
        # The office may start the report of last year or this year from here (annual_views.annual_create).
        can_create = request.forbund_ctx.can(Cap.MANAGE) and year in (today().year - 1, today().year) \
            and (forbund.founded is None or forbund.founded.year <= year)
        if not shown and not can_create:
            raise Http404
        return render(request, "finance/annual_report_missing.html", {
            "forbund": forbund, "year": str(year), "findings": shown, "findings_enabled": findings.enabled,
            "can_create": can_create,
        })
    role = request.forbund_ctx.role
    audit = getattr(report, "audit", None)
    remarks = list(audit.remarks.all()) if audit else []
    for remark in remarks:
        item = remark.response_item
        remark.pending_item = item if item is not None and not hasattr(item, "decision") else None
    delivered = {m.pk for m in audit.delivered_to.all()} if audit else set()
    discharges = {d.member_id: d for d in report.discharges.all()}
    may_record = _discharge_members(request.user, forbund, role)
    member_rows = [{"member": m, "audit_delivered": m.pk in delivered, "discharge": discharges.get(m.pk),
                    "may_record": m.pk in may_record, "document": _visible(discharges[m.pk].document, role)
                    if m.pk in discharges else None}
                   for m in members if m.pk in discharges or _member_during(m, year)]
    return render(request, "finance/annual_report_detail.html", {
        "forbund": forbund, "report": report, "audit": audit, "remarks": remarks, "member_rows": member_rows,
        "refusals": [row["discharge"] for row in member_rows
                     if row["discharge"] and row["discharge"].decision == "refused"],
        "goals": goals_of(report), "can_manage": request.forbund_ctx.can(Cap.MANAGE),
        "can_audit": request.forbund_ctx.can(Cap.AUDIT),
        "report_document": _visible(report.document, role),
        "audit_document": _visible(audit.document, role) if audit else None,
        "findings": findings.about("annual_report", [str(year)] + [r.external_id for r in remarks]),
        "findings_enabled": findings.enabled,
    })


def _visible(document, role):
    """The document when the reader's role may see it (diarium access), else None."""
    from samordna.diarium.access import document_visible

    return document if document is not None and document_visible(document, role) else None


def _discharge_members(user, forbund, role) -> set[int]:
    """The members whose discharge decision this user may record: all for the office, its own for a member."""
    if can(role, Cap.MANAGE):
        return set(Member.objects.filter(forbund=forbund).values_list("pk", flat=True))
    return {m.pk for m in Member.objects.filter(forbund=forbund, accesses__user=user) if may_record_discharge(user, m)}
