"""The insatser overview (by status with what is due next; funding per year against the budget's insats
allocation; participants and outcomes over time) and the Uppföljning Finsam export — aggregates only.

Participant and outcome counts in a report are the insats's counts up to the report's date, so a year's
figure is that of the insats's latest report in the year (summed over the insatser for the förbund), never a
sum of reports that would count a participant twice. Every function here reads in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .charts import Series, bar_chart
from .models import Direction, Funding, FundingRequest, Insats, InsatsStatus, Report
from .reports import kind_label, next_due, with_schedule

OUTCOME_KEYS = (("work", gettext_lazy("Arbete")), ("studies", gettext_lazy("Studier")), ("other", gettext_lazy("Övrigt")))


def _latest_per_year(reports):
    """{year: report} with the latest report of each year (reports ordered by date)."""
    latest = {}
    for report in reports:
        latest[report.date.year] = report
    return latest


def participants(report) -> tuple[int | None, int | None, int | None]:
    return report.participants_women, report.participants_men, report.participants_other


def insats_charts(insats, reports) -> list:
    """Participants by sex and outcomes, per report of one insats (the report table is the table beside)."""
    if not reports:
        return []
    cats = [r.date.isoformat() for r in reports]
    name = insats.name or insats.external_id
    return [
        bar_chart(_("Deltagare per rapport: %(name)s") % {"name": name},
                  _("Staplat stapeldiagram: antal deltagare (kvinnor, män, övriga) vid varje rapport."), cats,
                  [Series(_("Kvinnor"), [r.participants_women for r in reports]),
                   Series(_("Män"), [r.participants_men for r in reports]),
                   Series(_("Övriga"), [r.participants_other for r in reports])], stacked=True,
                  chart_id=f"deltagare-{insats.pk}"),
        bar_chart(_("Resultat per rapport: %(name)s") % {"name": name},
                  _("Stapeldiagram: antal deltagare till arbete, studier och övrigt vid varje rapport."), cats,
                  [Series(label, [(r.outcomes or {}).get(key) for r in reports]) for key, label in OUTCOME_KEYS],
                  chart_id=f"resultat-{insats.pk}"),
    ]


def build(forbund, today: datetime.date) -> dict:
    from samordna.finance.models import Budget

    insatser = list(with_schedule(Insats.objects.filter(forbund=forbund).order_by("name", "pk")))
    by_status = []
    for status, label in InsatsStatus.choices:
        rows = []
        for insats in insatser:
            if insats.status != status:
                continue
            due = next_due(insats, today)
            rows.append({"insats": insats, "due": due, "due_label": kind_label(due) if due else "",
                         "overdue": bool(due and due.date < today)})
        rows.sort(key=lambda r: (r["due"] is None, r["due"].date if r["due"] else datetime.date.max,
                                 r["insats"].name or ""))
        by_status.append({"status": status, "label": label, "rows": rows})

    # Funding per year against the budget's insats allocation
    decided = dict(Funding.objects.filter(insats__forbund=forbund).order_by().values_list("year")
                   .annotate(total=Sum("amount")))
    allocation = dict(Budget.objects.filter(forbund=forbund).values_list("year", "allocation_insatser"))
    years = sorted(set(decided) | {y for y, a in allocation.items() if a is not None})
    funding_rows = [{"year": y, "allocation": allocation.get(y), "decided": decided.get(y, 0),
                     "left": (allocation[y] - decided.get(y, 0)) if allocation.get(y) is not None else None}
                    for y in years]
    funding_chart = bar_chart(
        _("Beviljade medel och budgetens ram för insatser per år"),
        _("Stapeldiagram per år: budgetens avsättning till insatser bredvid de beviljade medlen, i kronor."),
        [str(y) for y in years],
        [Series(_("Budgetens ram för insatser"), [allocation.get(y) for y in years]),
         Series(_("Beviljade medel"), [decided.get(y, 0) for y in years])], unit="kr", chart_id="finansiering")

    # Participants and outcomes over time, for the förbund: per year the insatser's latest reports.
    per_year = defaultdict(lambda: {"women": 0, "men": 0, "other": 0, "work": 0, "studies": 0, "outcome_other": 0,
                                    "insatser": 0})
    reports = Report.objects.filter(insats__forbund=forbund).only(
        "insats_id", "date", "participants_women", "participants_men", "participants_other", "outcomes"
    ).order_by("insats_id", "date", "pk")
    by_insats = defaultdict(list)
    for report in reports:
        by_insats[report.insats_id].append(report)
    for rows in by_insats.values():
        for year, report in _latest_per_year(rows).items():
            cell = per_year[year]
            cell["insatser"] += 1
            cell["women"] += report.participants_women or 0
            cell["men"] += report.participants_men or 0
            cell["other"] += report.participants_other or 0
            outcomes = report.outcomes or {}
            cell["work"] += outcomes.get("work") or 0
            cell["studies"] += outcomes.get("studies") or 0
            cell["outcome_other"] += outcomes.get("other") or 0
    report_years = sorted(per_year)
    cats = [str(y) for y in report_years]
    participants_chart = bar_chart(
        _("Deltagare i förbundets insatser per år"),
        _("Staplat stapeldiagram per år: deltagare (kvinnor, män, övriga) enligt varje insats senaste rapport "
          "under året."), cats,
        [Series(_("Kvinnor"), [per_year[y]["women"] for y in report_years]),
         Series(_("Män"), [per_year[y]["men"] for y in report_years]),
         Series(_("Övriga"), [per_year[y]["other"] for y in report_years])], stacked=True, chart_id="deltagare")
    outcomes_chart = bar_chart(
        _("Resultat i förbundets insatser per år"),
        _("Stapeldiagram per år: antal deltagare till arbete, studier och övrigt enligt varje insats senaste "
          "rapport under året."), cats,
        [Series(_("Arbete"), [per_year[y]["work"] for y in report_years]),
         Series(_("Studier"), [per_year[y]["studies"] for y in report_years]),
         Series(_("Övrigt"), [per_year[y]["outcome_other"] for y in report_years])], chart_id="resultat")
    return {"by_status": by_status, "funding_rows": funding_rows, "charts": {
        "funding": funding_chart, "participants": participants_chart, "outcomes": outcomes_chart}}


# Uppföljning Finsam: the columns of the export (docs/uppfoljning.md says what each holds).
UPPFOLJNING_COLUMNS = [
    "forbund", "insats_id", "insats", "uppfoljning_id", "ar", "inriktning", "status", "budget_kr", "utfall_kr",
    "sokt_kr", "planerade_deltagare", "deltagare_kvinnor", "deltagare_man", "deltagare_ovriga", "deltagare_totalt",
    "rapport_datum",
]
EXPORTED = (InsatsStatus.APPROVED, InsatsStatus.ACTIVE, InsatsStatus.CLOSED)


def uppfoljning_rows(forbund) -> list[list]:
    """One row per insats and year (years with decided funding or a report): aggregates only."""
    insatser = list(Insats.objects.filter(forbund=forbund, status__in=EXPORTED).order_by("name", "pk"))
    ids = [i.pk for i in insatser]
    decided = defaultdict(int)
    for insats_id, year, amount in Funding.objects.filter(insats__in=ids).values_list("insats_id", "year", "amount"):
        decided[(insats_id, year)] += amount
    requested = {(i, y): a for i, y, a in
                 FundingRequest.objects.filter(insats__in=ids).values_list("insats_id", "year", "amount")}
    latest = {}
    for report in Report.objects.filter(insats__in=ids).only(
            "insats_id", "date", "participants_women", "participants_men", "participants_other").order_by("date", "pk"):
        latest[(report.insats_id, report.date.year)] = report
    rows = []
    for insats in insatser:
        years = sorted({y for (i, y) in [*decided, *requested, *latest] if i == insats.pk})
        for year in years:
            report = latest.get((insats.pk, year))
            counts = participants(report) if report else (None, None, None)
            total = sum(c or 0 for c in counts) if report and any(c is not None for c in counts) else None
            by_sex = insats.direction == Direction.INDIVID
            amount = decided.get((insats.pk, year))
            rows.append([
                forbund.slug, insats.external_id, insats.name or "", insats.followup_id, year,
                insats.direction or "", insats.status, amount if amount is not None else "",
                "",  # utfall: the product records no costs of an insats (see docs/uppfoljning.md)
                requested.get((insats.pk, year), ""), insats.planned_participants if insats.planned_participants
                is not None else "",
                *((c if c is not None else "") for c in (counts if by_sex else (None, None, None))),
                total if total is not None else "", report.date.isoformat() if report else "",
            ])
    return rows
