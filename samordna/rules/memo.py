"""Settled subjects: what history contributes to a check, judged once and reused for later as-of dates.

Most findings are about subjects whose judgement cannot change any more once the as-of date is past a
"settle date" (DOMAIN §3: only passed deadlines are judged, facts after the as-of date are ignored):

- a board meeting (and its items) once its longest window has passed: meeting date +
  max(30 days information duty, `adjust_within_days`) < as-of;
- an insats that has ended, once its final-report deadline (end + 3 months) and registration deadline
  (start + 30 days) have passed and every fact about it is dated on or before the as-of date;
- a budget year once 30 Nov of the year before has passed, the year has begun and it was adopted on or
  before the as-of date (or never);
- an annual report year once 30 June of the next year has passed and every date in it (made, audit
  report + 3 months, responses, discharges) is on or before the as-of date;
- a medlemssamråd once it has been held.

`split_forbund(forbund, cutoff)` takes one förbund's object and returns a *live* object in which settled
subjects are dropped or reduced to stubs that keep only what the remaining (live) judgements read (a
funding decision's meeting date and outcome, a budget's insatser allocation, a report's delivery dates…),
plus the keys of its settled and stubbed subjects; `settles_consultation` says for which consultations
the förbund's samråd judgements are settled. For an as-of date on or after the cutoff:

    check_document(doc, as_of) == settled findings (judged once at the cutoff)
                                 + live findings not about a stubbed subject

The findings a stub produces are judgements of an incomplete object and are discarded by `is_settled`.
Förbund without a founding date are kept whole (their start is the first date of any of their data).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from samordna.lib.dates import add_months
from samordna.rules.base import Finding
from samordna.rules.context import DEFAULT_STATUTES, parse_date

INFORMATION_DAYS = 30
REGISTRATION_DAYS = 30
FINAL_REPORT_MONTHS = 3
REMARK_RESPONSE_MONTHS = 3

# Which rules judge which kind of subject (the subject_id of their findings names the subject).
FAMILY = {
    **dict.fromkeys(
        ("meeting-quorum", "meeting-majority", "meeting-vote-eligibility", "meeting-substitute",
         "meeting-substitute-order", "meeting-notice", "minutes-adjusted", "information-duty"),
        "meeting",
    ),
    **dict.fromkeys(
        ("insats-parties", "insats-direction", "insats-followup-registered", "insats-reports", "insats-anchoring"),
        "insats",
    ),
    **dict.fromkeys(("budget-deadline", "budget-consultation", "contribution-split"), "budget"),
    **dict.fromkeys(
        ("annual-report-deadline", "audit-report-delivered", "audit-remarks-answered", "discharge-recorded",
         "equity-ceiling"),
        "report",
    ),
    **dict.fromkeys(
        ("samrad-representatives", "samrad-all-members", "samrad-forbund-delegation", "samrad-convener",
         "samrad-timing", "samrad-agenda", "samrad-no-decisions"),
        "samrad",
    ),
}

Key = tuple[str, str, str]  # (family, förbund id, subject id)


def finding_key(finding: Finding) -> Key | None:
    family = FAMILY.get(finding.rule)
    if family is None or finding.subject_id is None:
        return None
    return (family, finding.forbund, finding.subject_id)


def is_settled(finding: Finding, settled: set[Key]) -> bool:
    key = finding_key(finding)
    return key is not None and key in settled


def _dates(*values: Any) -> list[datetime.date | None]:
    return [parse_date(v) for v in values]


def _all_on_or_before(values: list[datetime.date | None], cutoff: datetime.date) -> bool:
    return all(v is None or v <= cutoff for v in values)


def split_forbund(
    forbund: dict[str, Any], cutoff: datetime.date
) -> tuple[dict[str, Any], set[Key], set[Key], datetime.date | None]:
    """One förbund's live object for as-of dates on or after `cutoff`, the keys of its settled subjects,
    those of them left in the live object as stubs, and the first date from which its live budgets may
    need a consultation (None when none does). A förbund without a founding date is kept whole."""
    settled: set[Key] = set()
    stubbed: set[Key] = set()
    if not forbund.get("founded"):
        return forbund, settled, stubbed, None
    live, needed_from = _split_forbund(forbund, cutoff, settled, stubbed)
    return live, settled, stubbed, needed_from


def settles_consultation(
    consultation: dict[str, Any], cutoff: datetime.date, needed_from: datetime.date | None
) -> bool:
    """A förbund's judgement of a consultation is settled once it has been held by the cutoff (the
    medlemssamråd rules), unless one of the förbund's live budgets may count it (budget-consultation)."""
    day = parse_date(consultation.get("date"))
    if day is None or day > cutoff:
        return False
    return needed_from is None or day < needed_from


def without_past_mandates(
    live: dict[str, Any], cutoff: datetime.date, consultations: list[dict[str, Any]]
) -> dict[str, Any]:
    """The live object without the mandates that ended before every date a live judgement asks the board
    on: the as-of date (on or after the cutoff), its remaining meetings, and the consultations given (those
    covering it that it still judges, or that another förbund may judge). An ended mandate becomes `{}`,
    so that every other keeps its position (a mandate finding's subject id)."""
    if not live.get("founded"):
        return live
    days = [cutoff]
    days += [parse_date(m.get("date")) for m in live.get("meetings") or []]
    days += [parse_date(c.get("date")) for c in consultations]
    first = min(day for day in days if day is not None)
    mandates = []
    for row in live.get("mandates") or []:
        end = parse_date(row.get("to"))
        mandates.append(row if end is None or end >= first else {})
    return {**live, "mandates": mandates}


def consultation_stub(consultation: dict[str, Any]) -> dict[str, Any]:
    """What the live judgements read of a settled consultation: its kind, förbund and date."""
    return {k: consultation[k] for k in ("id", "kind", "forbund", "date") if k in consultation}


def _split_forbund(
    forbund: dict[str, Any], cutoff: datetime.date, settled: set[Key], stubbed: set[Key]
) -> tuple[dict[str, Any], datetime.date | None]:
    fid = forbund["id"]
    statutes = {**DEFAULT_STATUTES, **{k: v for k, v in (forbund.get("statutes") or {}).items() if v is not None}}
    window = datetime.timedelta(days=max(INFORMATION_DAYS, int(statutes["adjust_within_days"])))

    # Insatser first: their funding decisions decide which settled meetings must stay as stubs.
    item_dates: dict[str, Any] = {}
    outcomes: dict[str, Any] = {}
    for meeting in forbund.get("meetings") or []:
        for item in meeting.get("items") or []:
            item_dates[item["id"]] = meeting.get("date")
            outcomes[item["id"]] = (item.get("decision") or {}).get("outcome")
    insatser = []
    funded: dict[int, int] = defaultdict(int)  # year -> approved funding of the settled insatser
    first_settled: str | None = None
    for insats in forbund.get("insatser") or []:
        if _insats_settled(insats, item_dates, cutoff):
            settled.add(("insats", fid, insats["id"]))
            stubbed.add(("insats", fid, insats["id"]))
            first_settled = first_settled or insats["id"]
            # Every decision about it was made by the cutoff: what insats-within-budget reads of it is its
            # approved funding per year.
            for row in insats.get("funding") or []:
                if not row.get("decided_in") or outcomes.get(row["decided_in"], "approved") == "approved":
                    funded[int(row["year"])] += int(row.get("amount") or 0)
        else:
            insatser.append(insats)
    if first_settled is not None:
        # One stub carries the settled insatser's funding, summed per year; it bears the id of one of them,
        # so that it is skipped and its own (incomplete) judgements are discarded like any stub's.
        funding = [{"year": year, "amount": amount} for year, amount in sorted(funded.items())]
        insatser.insert(0, {"id": first_settled, "funding": funding})
    referenced = {row.get("decided_in") for i in insatser for row in i.get("funding") or [] if row.get("decided_in")}

    meetings = []
    settled_items: set[str] = set()
    for meeting in forbund.get("meetings") or []:
        day = parse_date(meeting.get("date"))
        if day is None or not day + window < cutoff:
            meetings.append(meeting)
            continue
        items = meeting.get("items") or []
        settled_items.update(item["id"] for item in items)
        settled.add(("meeting", fid, meeting["id"]))
        settled.update(("meeting", fid, item["id"]) for item in items)
        kept = [
            {"id": item["id"], "decision": {"outcome": (item.get("decision") or {}).get("outcome")}}
            for item in items
            if item["id"] in referenced
        ]
        if kept:
            stubbed.add(("meeting", fid, meeting["id"]))
            stubbed.update(("meeting", fid, item["id"]) for item in kept)
            stub = {k: meeting[k] for k in ("id", "date", "notice_sent") if k in meeting}
            if meeting.get("minutes"):
                stub["minutes"] = meeting["minutes"]
            meetings.append({**stub, "items": kept})
    notices = [n for n in forbund.get("notices") or [] if n.get("about") not in settled_items]

    reports_live: set[int] = set()
    annual_reports = []
    report_years: dict[int, bool] = {}
    for report in forbund.get("annual_reports") or []:
        year = int(report["year"])
        if year not in report_years:  # the rules read the first report of a year
            report_years[year] = _report_settled(report, cutoff)
        if report_years[year]:
            settled.add(("report", fid, str(year)))
            stubbed.add(("report", fid, str(year)))
            remarks = (report.get("audit") or {}).get("remarks") or []
            settled.update(("report", fid, r["id"]) for r in remarks if r.get("id"))
            audit = report.get("audit") or {}
            stub = {k: report[k] for k in ("year", "made", "delivered_to_members", "discharge") if k in report}
            if audit.get("report_date"):
                stub["audit"] = {"report_date": audit["report_date"]}
            annual_reports.append(stub)
        else:
            reports_live.add(year)
            annual_reports.append(report)

    budgets = []
    budget_years: dict[int, bool] = {}
    needed_from: datetime.date | None = None
    for budget in forbund.get("budgets") or []:
        year = int(budget["year"])
        if year not in budget_years:
            budget_years[year] = _budget_settled(budget, cutoff)
        if budget_years[year]:
            settled.add(("budget", fid, str(year)))
            stubbed.add(("budget", fid, str(year)))
            stub = {"year": budget["year"], "adopted": budget.get("adopted"),
                    "allocations": budget.get("allocations") or {}}
            if year in reports_live:  # equity-ceiling reads the year's contributions
                stub["contributions"] = budget.get("contributions") or []
            budgets.append(stub)
        else:
            budgets.append(budget)
            adopted = parse_date(budget.get("adopted"))
            if adopted is not None:
                first = add_months(adopted, -12)
                needed_from = first if needed_from is None else min(needed_from, first)
    live = {**forbund, "meetings": meetings, "insatser": insatser, "notices": notices,
            "annual_reports": annual_reports, "budgets": budgets}
    return live, needed_from


def _insats_settled(insats: dict[str, Any], item_dates: dict[str, Any], cutoff: datetime.date) -> bool:
    start, end, registered = _dates(insats.get("start"), insats.get("end"), insats.get("followup_registered"))
    if start is None or end is None:
        return False
    if not (start + datetime.timedelta(days=REGISTRATION_DAYS) < cutoff and end < cutoff
            and add_months(end, FINAL_REPORT_MONTHS) < cutoff):
        return False
    facts = [start, registered]
    facts += _dates(*(r.get("date") for r in insats.get("reports") or []))
    facts += _dates(*(a.get("date") for a in insats.get("anchoring") or []))
    facts += _dates(*(item_dates.get(row.get("decided_in") or "") for row in insats.get("funding") or []))
    return _all_on_or_before(facts, cutoff)


def _budget_settled(budget: dict[str, Any], cutoff: datetime.date) -> bool:
    year = int(budget["year"])
    adopted = parse_date(budget.get("adopted"))
    return (
        datetime.date(year - 1, 11, 30) < cutoff
        and datetime.date(year, 1, 1) <= cutoff
        and (adopted is None or adopted <= cutoff)
    )


def _report_settled(report: dict[str, Any], cutoff: datetime.date) -> bool:
    year = int(report["year"])
    if not datetime.date(year + 1, 6, 30) < cutoff:
        return False
    audit = report.get("audit") or {}
    audited = parse_date(audit.get("report_date"))
    if audited is not None and not add_months(audited, REMARK_RESPONSE_MONTHS) < cutoff:
        return False
    facts = [parse_date(report.get("made")), audited]
    facts += _dates(*((r.get("response") or {}).get("date") for r in audit.get("remarks") or []))
    facts += _dates(*(d.get("date") for d in report.get("discharge") or []))
    return _all_on_or_before(facts, cutoff)
