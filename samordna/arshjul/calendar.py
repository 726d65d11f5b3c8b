"""The årshjul: a förbund's coming deadlines and events, derived from its data and the rules' deadlines.

Legal deadlines are shown on the date the law gives, never moved: a deadline on a weekend or a public
holiday is marked as such, so the office can plan to be done the working day before. Titles, descriptions,
dates and holiday names are in the active language when the events are built.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import holidays
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from samordna.rules import deadlines

# The `holidays` package's language for Sweden per page language; any other language gets Swedish names.
HOLIDAY_LANGUAGES = {"sv": "sv", "en": "en_US"}


def format_date(day: datetime.date) -> str:
    """'1 december 2026' (in English '1 December 2026')."""
    return date_format(day, "j F Y")


def _weekday(day: datetime.date) -> str:
    """'söndag' (in English 'Sunday')."""
    return date_format(day, "l")


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
def _holidays_in(year: int, language: str) -> dict[datetime.date, str]:
    # Older releases of `holidays` list every Sunday as a holiday; weekends are told apart by weekday below.
    found = holidays.country_holidays("SE", years=year, language=language)
    return {day: name for day, name in found.items() if name not in ("Söndag", "Sunday")}


def _public_holiday(day: datetime.date) -> str | None:
    """The Swedish public holiday's name in the active language, or None."""
    language = HOLIDAY_LANGUAGES.get((get_language() or "sv").split("-")[0], "sv")
    return _holidays_in(day.year, language).get(day)


def non_working_day(day: datetime.date) -> str | None:
    """The public holiday's name, the weekday's ('lördag'/'söndag'), or None for a working day."""
    name = _public_holiday(day)
    if name:
        return name
    if day.weekday() >= 5:
        return _weekday(day)
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
    public = _public_holiday(day)
    holiday = public or non_working_day(day)
    values = {"date": format_date(day), "weekday": _weekday(day), "holiday": public}
    if public:
        description += " " + _("Obs: %(date)s är en helgdag (%(holiday)s, %(weekday)s); datumet flyttas inte, "
                               "så bli klar arbetsdagen före.") % values
    elif holiday:
        description += " " + _("Obs: %(date)s är en %(weekday)s; datumet flyttas inte, så bli klar arbetsdagen "
                               "före.") % values
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
        day = deadlines.budget_due(year + 1)
        adopted = _date((budgets.get(year + 1) or {}).get("adopted"))
        state = _("Fastställd %(date)s.") % {"date": format_date(adopted)} if adopted else _("Ännu inte fastställd.")
        found.append(_deadline(
            f"budget-{year + 1}", day, _("Budget %(year)s fastställs senast i dag") % {"year": year + 1}, "budget",
            _("Styrelsen fastställer budgeten för %(year)s senast 30 november efter samråd med medlemmarna "
              "(FinsamL 23 §). %(state)s") % {"year": year + 1, "state": state},
        ))
        # The annual report for the year before, within three months of its end.
        day = deadlines.annual_report_due(year - 1)
        made = _date((annual.get(year - 1) or {}).get("made"))
        state = _("Upprättad %(date)s.") % {"date": format_date(made)} if made else _("Ännu inte upprättad.")
        found.append(_deadline(
            f"arsredovisning-{year - 1}", day,
            _("Årsredovisning %(year)s upprättas senast i dag") % {"year": year - 1}, "annual_report",
            _("Styrelsen upprättar årsredovisningen för %(year)s senast 31 mars. %(state)s")
            % {"year": year - 1, "state": state},
        ))
        # The audit report in spring: a reminder, no legal date of its own here.
        audit = (annual.get(year - 1) or {}).get("audit") or {}
        reported = _date(audit.get("report_date"))
        state = _("Lämnad %(date)s.") % {"date": format_date(reported)} if reported else _("Ännu inte registrerad.")
        first, last = deadlines.period(year, deadlines.AUDIT_REPORT_PERIOD)
        found.append(Event(
            f"revisionsberattelse-{year - 1}", first,
            _("Revisionsberättelse %(year)s till styrelsen och medlemmarna") % {"year": year - 1}, "audit_report",
            _("Revisorernas berättelse lämnas till styrelsen och varje medlem under våren, före beslut om "
              "ansvarsfrihet. %(state)s") % {"state": state},
            False, end=last,
        ))
        # NR's recommendation: a medlemssamråd in spring, after the accounts reached the members.
        first, last = deadlines.period(year, deadlines.MEDLEMSSAMRAD_PERIOD)
        found.append(Event(
            f"medlemssamrad-{year}", first,
            _("Medlemssamråd %(year)s (mars–juni)") % {"year": year}, "samrad",
            _("Håll medlemssamråd under våren, efter att årsredovisning, verksamhetsberättelse och "
              "revisionsberättelse nått medlemmarna (NR:s rekommendation)."),
            False, end=last,
        ))
        # Each member decides on discharge for the year before; awaited by 30 June.
        first, last = datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31)
        decided = {d.get("member") for d in (annual.get(year - 1) or {}).get("discharge") or []}
        awaited = [m for m in _members_active_in(doc_forbund, first, last) if m["id"] not in decided]
        if awaited:
            names = ", ".join(m.get("name") or m["id"] for m in awaited)
            found.append(_deadline(
                f"ansvarsfrihet-{year - 1}", deadlines.discharge_due(year - 1),
                _("Ansvarsfrihet %(year)s beslutas") % {"year": year - 1}, "discharge",
                _("Beslut om ansvarsfrihet för %(year)s väntas från: %(names)s.") % {"year": year - 1, "names": names},
            ))
        # A new board term after an election year (general elections every fourth September: 2022, 2026…).
        if deadlines.is_election_year(year - 1):
            try:
                month, dom = (int(p) for p in str(statutes.get("board_term_start") or "01-01").split("-"))
                day = datetime.date(year, month, dom)
            except ValueError:
                day = datetime.date(year, 1, 1)
            found.append(Event(
                f"mandatperiod-{year}", day, _("Ny mandatperiod för styrelsen börjar"), "board_term",
                _("Efter valåret börjar en ny mandatperiod enligt förbundsordningen (FinsamL 11 §). "
                  "Se till att alla medlemmar utsett ledamöter och ersättare."), False,
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
            due = deadlines.remark_response_due(reported, deadlines.remark_response_months(statutes))
            found.append(_deadline(
                f"anmarkning-{remark['id']}", due, _("Svar på revisorernas anmärkning"), "audit_remark",
                _("Styrelsen svarar på anmärkningen i revisionsberättelsen för %(year)s: ”%(remark)s”.")
                % {"year": year, "remark": remark.get("text") or remark["id"]},
            ))

    # Insats reports: every report_interval_months after the last one, while a funded insats runs.
    interval = int(statutes.get("report_interval_months") or deadlines.DEFAULT_STATUTES["report_interval_months"])
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
        due = deadlines.next_report_due(last, interval)
        while due < end and (ended is None or due <= ended):
            if due >= start:
                found.append(_deadline(
                    f"insatsrapport-{insats['id']}-{due.isoformat()}", due,
                    _("Rapport från insatsen %(name)s") % {"name": name}, "insats_report",
                    ngettext("Insatsen rapporterar till styrelsen minst varje månad; senaste rapport %(date)s.",
                             "Insatsen rapporterar till styrelsen minst var %(interval)s:e månad; senaste "
                             "rapport %(date)s.", interval) % {"interval": interval, "date": format_date(last)},
                ))
            due = deadlines.next_report_due(due, interval)
        if ended is not None:
            found.append(_deadline(
                f"slutrapport-{insats['id']}", deadlines.final_report_due(ended),
                _("Slutrapport från insatsen %(name)s") % {"name": name}, "insats_report",
                _("Insatsen slutar %(date)s; slutrapporten ska finnas senast tre månader efter.")
                % {"date": format_date(ended)},
            ))

    # What the data already holds: board meetings and the samråd that cover the förbund.
    for meeting in doc_forbund.get("meetings") or []:
        day = _date(meeting.get("date"))
        if day is None:
            continue
        extra = meeting.get("kind") == "extra"
        notice = int(statutes.get("notice_days") or deadlines.DEFAULT_STATUTES["notice_days"])
        found.append(Event(
            f"sammantrade-{meeting['id']}", day, _("Extra styrelsesammanträde") if extra else _("Styrelsesammanträde"),
            "meeting", ngettext("Kallelse och handlingar senast %(days)s dag före.",
                                "Kallelse och handlingar senast %(days)s dagar före.", notice) % {"days": notice},
            False,
        ))
    for consultation in doc.get("consultations") or []:
        day = _date(consultation.get("date"))
        if day is None or fid not in (consultation.get("forbund") or []):
            continue
        titles = {"medlemssamrad": _("Medlemssamråd"), "budget": _("Budgetsamråd")}
        found.append(Event(
            f"samrad-{consultation['id']}", day, titles.get(consultation.get("kind"), pgettext("one consultation", "Samråd")), "consultation",
            _("Samråd med förbundsmedlemmarna."), False,
        ))

    def overlaps(event: Event) -> bool:
        return event.date < end and (event.end or event.date) >= start

    return sorted((e for e in found if overlaps(e)), key=lambda e: (e.date, e.uid))


def by_month(found: list[Event], start: datetime.date) -> list[tuple[str, list[Event]]]:
    """Events grouped under 'januari 2027'-style headings; a period already under way counts from `start`."""
    out: list[tuple[str, list[Event]]] = []
    for event in found:
        day = max(event.date, start)
        heading = date_format(day, "F Y")
        if not out or out[-1][0] != heading:
            out.append((heading, []))
        out[-1][1].append(event)
    return out
