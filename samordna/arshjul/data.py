"""What the årshjul of one window reads, straight from the database: only the rows that can give an event
in [start, end), in the exchange shape calendar.events reads (a fixed number of queries, whatever the
history). tests/rules_store/test_arshjul_data.py proves the events equal those of a whole export.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Exists, OuterRef, Q

from samordna.exchange.canonical import MEMBER_KINDS
from samordna.lib.dates import add_months
from samordna.rules import deadlines

# The longest a deadline lies after the row it comes from (a remark response, a final report): rows older
# than start minus this give no event in the window.
REACH_MONTHS = max(deadlines.REMARK_RESPONSE_MONTHS, deadlines.FINAL_REPORT_MONTHS) + 1


def _s(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def calendar_document(forbund, start: datetime.date, end: datetime.date) -> tuple[dict[str, Any], dict[str, Any]]:
    """(document, the förbund's object) holding what calendar.events(entry, doc, start, end) needs."""
    from samordna.finance.models import AnnualReport, Audit, Budget, Discharge, Remark
    from samordna.insatser.models import Funding, Insats, Report
    from samordna.meetings.models import Meeting
    from samordna.organisations.models import Member
    from samordna.samrad.models import Consultation

    reach = add_months(start, -REACH_MONTHS)
    members = list(Member.objects.filter(forbund=forbund).values("id", "external_id", "kind", "name", "joined",
                                                                 "left"))
    # The order of an export (samordna/exchange/canonical.py): by kind, then id.
    rank = {kind: n for n, kind in enumerate(MEMBER_KINDS)}
    members.sort(key=lambda m: (rank.get(m["kind"], len(rank)), m["external_id"]))
    member_ext = {m["id"]: m["external_id"] for m in members}
    budgets = Budget.objects.filter(forbund=forbund, year__gte=start.year, year__lte=end.year + 1).values(
        "year", "adopted")
    # The rows below are chosen by subqueries, not by lists of ids: the same queries run whether or not the
    # window holds any (a filter on an empty list runs none), so a page's query count is one number.
    in_window = AnnualReport.objects.filter(forbund=forbund).filter(
        Q(year__gte=start.year - 2, year__lte=end.year) | Q(audit__report_date__gte=reach))
    reports = list(in_window.values("id", "year", "made"))
    audits = {a["annual_report_id"]: a for a in Audit.objects.filter(annual_report__in=in_window.values("id"))
              .values("id", "annual_report_id", "report_date")}
    remarks = defaultdict(list)
    for r in Remark.objects.filter(audit__annual_report__in=in_window.values("id")).order_by("pk").values(
            "audit_id", "external_id", "text", "response_date", "response_decided_in_id", "response_extra"):
        remarks[r["audit_id"]].append(r)
    discharges = defaultdict(list)
    for d in Discharge.objects.filter(annual_report__in=in_window.values("id")).values(
            "annual_report_id", "member_id"):
        discharges[d["annual_report_id"]].append({"member": member_ext.get(d["member_id"])})

    def annual_doc(report):
        audit = audits.get(report["id"])
        out = {"year": report["year"], "made": _s(report["made"]), "discharge": discharges.get(report["id"], [])}
        if audit is not None:
            out["audit"] = {"report_date": _s(audit["report_date"]), "remarks": [
                {"id": r["external_id"], "text": r["text"],
                 "response": bool(r["response_date"] or r["response_decided_in_id"] or r["response_extra"])}
                for r in remarks.get(audit["id"], [])]}
        return out

    running = Insats.objects.filter(forbund=forbund, start__isnull=False, start__lt=end).filter(
        Q(end__isnull=True) | Q(end__gte=reach)
    ).filter(Exists(Funding.objects.filter(insats=OuterRef("pk"))))
    insatser = list(running.order_by("pk").values("id", "external_id", "name", "start", "end"))
    insats_reports = defaultdict(list)
    for r in Report.objects.filter(insats__in=running.values("id")).values("insats_id", "date", "kind"):
        insats_reports[r["insats_id"]].append({"date": _s(r["date"]), "kind": r["kind"]})
    meetings = Meeting.objects.filter(forbund=forbund, date__gte=start, date__lt=end).order_by("date", "pk").values(
        "external_id", "date", "kind")
    consultations = Consultation.objects.filter(forbund=forbund, date__gte=start, date__lt=end).order_by(
        "date", "pk").values("external_id", "date", "kind")

    entry = {
        "id": forbund.slug,
        "statutes": {"board_term_start": forbund.board_term_start, "notice_days": forbund.notice_days,
                     "report_interval_months": forbund.report_interval_months},
        "members": [{"id": m["external_id"], "name": m["name"], "joined": _s(m["joined"]), "left": _s(m["left"])}
                    for m in members],
        "budgets": [{"year": b["year"], "adopted": _s(b["adopted"])} for b in budgets],
        "annual_reports": [annual_doc(r) for r in reports],
        "insatser": [{"id": i["external_id"], "name": i["name"], "start": _s(i["start"]), "end": _s(i["end"]),
                      "funding": True, "reports": insats_reports.get(i["id"], [])} for i in insatser],
        "meetings": [{"id": m["external_id"], "date": _s(m["date"]), "kind": m["kind"]} for m in meetings],
    }
    doc = {"consultations": [{"id": c["external_id"], "date": _s(c["date"]), "kind": c["kind"],
                              "forbund": [forbund.slug]} for c in consultations]}
    return doc, entry
