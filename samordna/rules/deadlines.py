"""Every legal deadline and period the rules and the årshjul use, written once (pure: no Django ORM).

The rule families judge against these dates, the årshjul (samordna/arshjul/calendar.py) shows them; a
change of a deadline here changes both, and the stored findings' code hash (samordna/checks/store.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from samordna.lib.dates import add_months

ONE_DAY = datetime.timedelta(days=1)

# The statutes' values when a förbund's förbundsordning does not say (EXCHANGE.md `statutes`).
DEFAULT_STATUTES: dict[str, Any] = {
    "notice_days": 7,  # kallelse and decision documents at least this many days before a meeting
    "adjust_within_days": 14,  # minutes adjusted within this many days after the meeting
    "report_interval_months": 4,  # a funded insats reports to the board at least this often
    "equity_ceiling": None,
}

INFORMATION_DAYS = 30  # FinsamL 18 §: a major decision reaches every member within 30 days
REGISTRATION_DAYS = 30  # an insats is registered for follow-up (SUS) within 30 days of its start
FINAL_REPORT_MONTHS = 3  # a final report once an insats has ended, within three months
REMARK_RESPONSE_MONTHS = 3  # the board answers an audit remark within three months of the report
BUDGET_CONSULTATION_MONTHS = 12  # the members are consulted on a budget within 12 months before adoption
MAX_TERM_MONTHS = 48  # FinsamL 11 §: a board mandate lasts at most four years

# Periods of the year (month, day) – (month, day), both included.
MEDLEMSSAMRAD_PERIOD = ((3, 1), (6, 30))  # NR: a medlemssamråd in spring, after the accounts
AUDIT_REPORT_PERIOD = ((4, 1), (5, 31))  # the audit report reaches the board and members in spring


def budget_due(year: int) -> datetime.date:
    """FinsamL 23 §: the budget for `year` is adopted by 30 November of the year before."""
    return datetime.date(year - 1, 11, 30)


def annual_report_due(year: int) -> datetime.date:
    """The annual report for `year` is made within three months of its end: by 31 March of the next year."""
    return datetime.date(year + 1, 3, 31)


def discharge_due(year: int) -> datetime.date:
    """Each member's decision on discharge for `year` is awaited by 30 June of the next year."""
    return datetime.date(year + 1, 6, 30)


def remark_response_due(report_date: datetime.date, months: int = REMARK_RESPONSE_MONTHS) -> datetime.date:
    """The last day for the board's response to a remark of an audit report dated `report_date`."""
    return add_months(report_date, months)


def remark_response_months(statutes: dict[str, Any] | None) -> int:
    """The months the board has to answer an audit remark: the statutes' `remark_response_months` (also read
    from their `extra`, where the exchange format keeps what it has no key for), else REMARK_RESPONSE_MONTHS."""
    statutes = statutes or {}
    value = statutes.get("remark_response_months") or (statutes.get("extra") or {}).get("remark_response_months")
    try:
        months = int(value)
    except (TypeError, ValueError):
        return REMARK_RESPONSE_MONTHS
    return months if 1 <= months <= 24 else REMARK_RESPONSE_MONTHS


# Reminders to the office (samordna/finance/reminders.py): a week before a deadline, and once it has passed.
REMINDER_DAYS_BEFORE = 7


def reminder_stage(today: datetime.date, due: datetime.date) -> str | None:
    """Which reminder of a deadline `due` is due on `today`: "week-before" from seven days before up to the
    day itself, "overdue" after it, None before that."""
    if today > due:
        return "overdue"
    if today >= due - datetime.timedelta(days=REMINDER_DAYS_BEFORE):
        return "week-before"
    return None


def information_due(meeting_date: datetime.date) -> datetime.date:
    """The last day to inform every member of a major decision taken at a meeting."""
    return meeting_date + datetime.timedelta(days=INFORMATION_DAYS)


def registration_due(start: datetime.date) -> datetime.date:
    """The last day to register an insats for follow-up."""
    return start + datetime.timedelta(days=REGISTRATION_DAYS)


def final_report_due(end: datetime.date) -> datetime.date:
    """The last day for an ended insats's final report."""
    return add_months(end, FINAL_REPORT_MONTHS)


def notice_due(meeting_date: datetime.date, notice_days: int) -> datetime.date:
    """The last day the notice (and decision documents) of a meeting may be sent."""
    return meeting_date - datetime.timedelta(days=notice_days)


def minutes_due(meeting_date: datetime.date, adjust_within_days: int) -> datetime.date:
    """The last day the minutes of a meeting may be adjusted."""
    return meeting_date + datetime.timedelta(days=adjust_within_days)


def next_report_due(last: datetime.date, interval_months: int) -> datetime.date:
    """When an insats's next report to the board is due after one on `last` (or its start)."""
    return add_months(last, interval_months)


def budget_consultation_from(adopted: datetime.date) -> datetime.date:
    """The first day of the window [from, adopted) in which a consultation on a budget counts."""
    return add_months(adopted, -BUDGET_CONSULTATION_MONTHS)


def term_limit(start: datetime.date) -> datetime.date:
    """The first day beyond the longest term of a mandate that began on `start`."""
    return add_months(start, MAX_TERM_MONTHS)


def is_election_year(year: int) -> bool:
    """General elections every fourth September (2022, 2026, …): a new board term begins the year after."""
    return year % 4 == 2


def period(year: int, bounds: tuple[tuple[int, int], tuple[int, int]]) -> tuple[datetime.date, datetime.date]:
    """A period of the year (MEDLEMSSAMRAD_PERIOD, AUDIT_REPORT_PERIOD) in `year`."""
    (m1, d1), (m2, d2) = bounds
    return datetime.date(year, m1, d1), datetime.date(year, m2, d2)


# Anslag and appeal (PRACTICE.md §1; kommunallagen 8 kap 12 § and 13 kap 5 § as model, FinsamL 28 §) ------

APPEAL_WEEKS = 3  # laglighetsprövning: within three weeks from the day the anslag was posted
POST_WITHIN_DAYS = 2  # the anslag is posted no later than the second day after justering

# Lag (1930:173) om beräkning av lagstadgad tid: a period ending on one of these days ends on the next day
# that is none of them. The `holidays` package has the public holidays ("public") and the three eves
# ("de_facto"); only the eves the law names count, whatever else the package may call de facto.
_calendars: dict[str, Any] = {}


def _is_law_eve(day: datetime.date) -> bool:
    """Julafton (24 Dec), nyårsafton (31 Dec) or midsommarafton (the Friday of 19–25 June)."""
    if (day.month, day.day) in ((12, 24), (12, 31)):
        return True
    return day.month == 6 and 19 <= day.day <= 25 and day.weekday() == 4


def _swedish_calendar(category: str):
    if category not in _calendars:
        import holidays

        _calendars[category] = holidays.country_holidays("SE", categories=(category,))
    return _calendars[category]


def is_nonworking_day(day: datetime.date) -> bool:
    """Saturday, Sunday, a public holiday (allmän helgdag), midsommarafton, julafton or nyårsafton."""
    if day.weekday() >= 5 or day in _swedish_calendar("public"):
        return True
    return day in _swedish_calendar("de_facto") and _is_law_eve(day)


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself, or the first day after it that is not a non-working day (lag 1930:173)."""
    while is_nonworking_day(day):
        day += ONE_DAY
    return day


def appeal_last_day(posted: datetime.date) -> datetime.date:
    """The last day to appeal a decision whose adjusted minutes were posted (anslag) on `posted`: three
    weeks after the posting day, moved past Saturdays, Sundays, holidays and the three eves."""
    return next_working_day(posted + datetime.timedelta(weeks=APPEAL_WEEKS))


def anslag_down_day(posted: datetime.date) -> datetime.date:
    """The day the anslag comes down: the day after the appeal period has ended (it stays up all of it)."""
    return appeal_last_day(posted) + ONE_DAY


def post_no_later(adjusted: datetime.date) -> datetime.date:
    """The last day to post the anslag of minutes adjusted on `adjusted`: the second day after justering."""
    return adjusted + datetime.timedelta(days=POST_WITHIN_DAYS)


# Insats reports on a schedule (issue 9: the rule `insats-reports`, the insats page, the reminders) ---------

PLANNED_REPORT_EARLY_DAYS = 30  # a report filed up to 30 days before a planned (milestone) date answers it


@dataclass(frozen=True)
class ReportDue:
    """A report an insats owes: `kind` periodic (the statutes' interval), planned (a one-time or milestone
    date with its label) or final (after the end)."""

    date: datetime.date
    kind: str
    label: str = ""


def reports_due(start: datetime.date | None, end: datetime.date | None, interval_months: int,
                reports: list[tuple[datetime.date, str | None]], as_of: datetime.date,
                planned: list[tuple[datetime.date, str]] = ()) -> list[ReportDue]:
    """The reports an insats owes on `as_of`, earliest first (the one rule `insats-reports` judges, the page
    shows as "nästa rapport" and the reminders announce). `reports` are (date, kind) of its reports.

    - periodic: the interval after the latest report (or the start), while the insats runs and the date is
      not after its end;
    - planned: each planned date that no report answers (one dated at most PLANNED_REPORT_EARLY_DAYS before
      it, or any time after it);
    - final: FINAL_REPORT_MONTHS after the end.
    Nothing is owed once a final report is filed, nor before the start."""
    if start is None:
        return []
    filed = sorted(d for d, _kind in reports if d is not None and d <= as_of)
    if any(kind == "final" and d is not None and d <= as_of for d, kind in reports):
        return []
    owed = []
    running = end is None or as_of <= end
    if running:
        due = next_report_due(max([start, *filed[-1:]]), interval_months)
        if end is None or due <= end:
            owed.append(ReportDue(due, "periodic"))
    early = datetime.timedelta(days=PLANNED_REPORT_EARLY_DAYS)
    for day, label in planned:
        if not any(d >= day - early for d in filed):
            owed.append(ReportDue(day, "planned", label or ""))
    if end is not None:
        owed.append(ReportDue(final_report_due(end), "final"))
    return sorted(owed, key=lambda r: (r.date, r.kind))
