"""The årshjul: a förbund's coming deadlines and events, derived from its data and the rules (pure).

Legal deadlines are shown on the date the law gives, never moved: a deadline on a weekend or a public
holiday is marked as such, so the office can plan to be done the working day before.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import holidays

from samordna.lib.dates import add_months

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
REMARK_RESPONSE_MONTHS = 3  # audit-remarks-answered
FINAL_REPORT_MONTHS = 3  # insats-reports: a final report once an insats has ended 3 months ago


def format_date(day: datetime.date) -> str:
    """'1 december 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Event:
    """One date in the årshjul; `end` (inclusive) makes it a period, `holiday` names a non-working day."""

    uid: str
    date: datetime.date
    title: str
    kind: str
    description: str
    is_deadline: bool
    end: datetime.date | None = None
    holiday: str | None = None


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> dict[datetime.date, str]:
    # Older releases of `holidays` list every Sunday as "Söndag"; weekends are told apart by weekday below.
    found = holidays.country_holidays("SE", years=year, language="sv")
    return {day: name for day, name in found.items() if name != "Söndag"}


def non_working_day(day: datetime.date) -> str | None:
    """The public holiday's name, 'lördag'/'söndag', or None for a working day."""
    name = _public_holidays(day.year).get(day)
    if name:
        return name
    if day.weekday() >= 5:
        return WEEKDAYS[day.weekday()]
    return None


def _date(value: Any) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _members_active_in(forbund: dict[str, Any], first: datetime.date, last: datetime.date) -> list[dict]:
    out = []
    for member in forbund.get("members") or []:
        joined, left = _date(member.get("joined")), _date(member.get("left"))
        if (joined is None or joined <= last) and (left is None or left >= first):
            out.append(member)
    return out


def _deadline(uid: str, day: datetime.date, title: str, kind: str, description: str) -> Event:
    holiday = non_working_day(day)
    if holiday in WEEKDAYS:
        description += f" Obs: {format_date(day)} är en {holiday}"
    elif holiday:
        description += f" Obs: {format_date(day)} är en helgdag ({holiday}, {WEEKDAYS[day.weekday()]})"
    if holiday:
        description += "; datumet flyttas inte, så bli klar arbetsdagen före."
    return Event(uid, day, title, kind, description, True, holiday=holiday)


def events(doc_forbund: dict[str, Any], doc: dict[str, Any], start: datetime.date, end: datetime.date) -> list[Event]:
    """The förbund's deadlines and events with a date in [start, end), sorted by date."""
    found: list[Event] = []
    statutes = doc_forbund.get("statutes") or {}
    fid = doc_forbund["id"]
    budgets = {b.get("year"): b for b in doc_forbund.get("budgets") or []}
    annual = {a.get("year"): a for a in doc_forbund.get("annual_reports") or []}
    years = range(start.year - 1, end.year + 1)

    for year in years:
        # FinsamL 23 §: next year's budget by 30 November, after consulting the members.
        day = datetime.date(year, 11, 30)
        adopted = _date((budgets.get(year + 1) or {}).get("adopted"))
        state = f"Fastställd {format_date(adopted)}." if adopted else "Ännu inte fastställd."
        found.append(_deadline(
            f"budget-{year + 1}", day, f"Budget {year + 1} fastställs senast i dag", "budget",
            f"Styrelsen fastställer budgeten för {year + 1} senast 30 november efter samråd med "
            f"medlemmarna (FinsamL 23 §). {state}",
        ))
        # The annual report for the year before, within three months of its end.
        day = datetime.date(year, 3, 31)
        made = _date((annual.get(year - 1) or {}).get("made"))
        state = f"Upprättad {format_date(made)}." if made else "Ännu inte upprättad."
        found.append(_deadline(
            f"arsredovisning-{year - 1}", day, f"Årsredovisning {year - 1} upprättas senast i dag",
            "annual_report", f"Styrelsen upprättar årsredovisningen för {year - 1} senast 31 mars. {state}",
        ))
        # The audit report in spring: a reminder, no legal date of its own here.
        audit = (annual.get(year - 1) or {}).get("audit") or {}
        reported = _date(audit.get("report_date"))
        found.append(Event(
            f"revisionsberattelse-{year - 1}", datetime.date(year, 4, 1),
            f"Revisionsberättelse {year - 1} till styrelsen och medlemmarna", "audit_report",
            "Revisorernas berättelse lämnas till styrelsen och varje medlem under våren, före beslut om "
            "ansvarsfrihet. " + (f"Lämnad {format_date(reported)}." if reported else "Ännu inte registrerad."),
            False, end=datetime.date(year, 5, 31),
        ))
        # NR's recommendation: a medlemssamråd in spring, after the accounts reached the members.
        found.append(Event(
            f"medlemssamrad-{year}", datetime.date(year, 3, 1), f"Medlemssamråd {year} (mars–juni)", "samrad",
            "Håll medlemssamråd under våren, efter att årsredovisning, verksamhetsberättelse och "
            "revisionsberättelse nått medlemmarna (NR:s rekommendation).",
            False, end=datetime.date(year, 6, 30),
        ))
        # Each member decides on discharge for the year before; awaited by 30 June.
        first, last = datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31)
        decided = {d.get("member") for d in (annual.get(year - 1) or {}).get("discharge") or []}
        awaited = [m for m in _members_active_in(doc_forbund, first, last) if m["id"] not in decided]
        if awaited:
            names = ", ".join(m.get("name") or m["id"] for m in awaited)
            found.append(_deadline(
                f"ansvarsfrihet-{year - 1}", datetime.date(year, 6, 30), f"Ansvarsfrihet {year - 1} beslutas",
                "discharge", f"Beslut om ansvarsfrihet för {year - 1} väntas från: {names}.",
            ))
        # A new board term after an election year (general elections every fourth September: 2022, 2026…).
        if (year - 1) % 4 == 2:
            try:
                month, dom = (int(p) for p in str(statutes.get("board_term_start") or "01-01").split("-"))
                day = datetime.date(year, month, dom)
            except ValueError:
                day = datetime.date(year, 1, 1)
            found.append(Event(
                f"mandatperiod-{year}", day, "Ny mandatperiod för styrelsen börjar", "board_term",
                "Efter valåret börjar en ny mandatperiod enligt förbundsordningen (FinsamL 11 §). "
                "Se till att alla medlemmar utsett ledamöter och ersättare.", False,
            ))

    # Audit remarks: a board response within three months of the report.
    for year, report in annual.items():
        audit = report.get("audit") or {}
        reported = _date(audit.get("report_date"))
        if reported is None:
            continue
        for remark in audit.get("remarks") or []:
            if remark.get("response"):
                continue
            due = add_months(reported, REMARK_RESPONSE_MONTHS)
            found.append(_deadline(
                f"anmarkning-{remark['id']}", due, "Svar på revisorernas anmärkning", "audit_remark",
                f"Styrelsen svarar på anmärkningen i revisionsberättelsen för {year}: "
                f"”{remark.get('text') or remark['id']}”.",
            ))

    # Insats reports: every report_interval_months after the last one, while a funded insats runs.
    interval = int(statutes.get("report_interval_months") or 4)
    for insats in doc_forbund.get("insatser") or []:
        began, ended = _date(insats.get("start")), _date(insats.get("end"))
        if not insats.get("funding") or began is None:
            continue
        reports = insats.get("reports") or []
        name = insats.get("name") or insats["id"]
        if ended is not None and any(r.get("kind") == "final" for r in reports):
            continue
        # Reports dated after the start of the window are not yet known on that date.
        last = max([d for d in (_date(r.get("date")) for r in reports) if d and d <= start] or [began])
        due = add_months(last, interval)
        while due < end and (ended is None or due <= ended):
            if due >= start:
                found.append(_deadline(
                    f"insatsrapport-{insats['id']}-{due.isoformat()}", due, f"Rapport från insatsen {name}",
                    "insats_report",
                    f"Insatsen rapporterar till styrelsen minst var {interval}:e månad; senaste rapport "
                    f"{format_date(last)}.",
                ))
            due = add_months(due, interval)
        if ended is not None:
            found.append(_deadline(
                f"slutrapport-{insats['id']}", add_months(ended, FINAL_REPORT_MONTHS),
                f"Slutrapport från insatsen {name}", "insats_report",
                f"Insatsen slutar {format_date(ended)}; slutrapporten ska finnas senast tre månader efter.",
            ))

    # What the data already holds: board meetings and the samråd that cover the förbund.
    for meeting in doc_forbund.get("meetings") or []:
        day = _date(meeting.get("date"))
        if day is None:
            continue
        extra = meeting.get("kind") == "extra"
        found.append(Event(
            f"sammantrade-{meeting['id']}", day, "Extra styrelsesammanträde" if extra else "Styrelsesammanträde",
            "meeting", f"Kallelse och handlingar senast {statutes.get('notice_days') or 7} dagar före.", False,
        ))
    for consultation in doc.get("consultations") or []:
        day = _date(consultation.get("date"))
        if day is None or fid not in (consultation.get("forbund") or []):
            continue
        title = {"medlemssamrad": "Medlemssamråd", "budget": "Budgetsamråd"}.get(consultation.get("kind"), "Samråd")
        found.append(Event(
            f"samrad-{consultation['id']}", day, title, "consultation",
            "Samråd med förbundsmedlemmarna.", False,
        ))

    def overlaps(event: Event) -> bool:
        return event.date < end and (event.end or event.date) >= start

    return sorted((e for e in found if overlaps(e)), key=lambda e: (e.date, e.uid))


def by_month(found: list[Event], start: datetime.date) -> list[tuple[str, list[Event]]]:
    """Events grouped under 'januari 2027'-style headings; a period already under way counts from `start`."""
    out: list[tuple[str, list[Event]]] = []
    for event in found:
        day = max(event.date, start)
        heading = f"{MONTHS[day.month - 1]} {day.year}"
        if not out or out[-1][0] != heading:
            out.append((heading, []))
        out[-1][1].append(event)
    return out
