"""The report schedule of insatser, read from the database, and the reminders it gives.

The dates come from one pure function, `samordna.rules.deadlines.reports_due` (the rule `insats-reports`
judges with it too): the statutes' interval (Forbund.report_interval_months) after the latest report or the
start, the planned dates (ReportDate: one-time or milestone, with a label) and the final report after the
end. Here the insatser are read in a constant number of queries (whatever the years of reports) and, for
`today`, the reminders are named: a week before, on the day and an overdue notice after — each with a key
unique for ever (`insats-report:<pk>:<due date>:<stage>`), so samordna.mail.reminders sends each once.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from samordna.rules.deadlines import ReportDue, reports_due
from samordna.web.templatetags.samordna import datum as format_date

from .models import Funding, Insats, InsatsStatus, Report, ReportDate

# The insatser that owe reports: approved (to start) or running. Closed, withdrawn, rejected, drafts: none.
REPORTING = (InsatsStatus.APPROVED, InsatsStatus.ACTIVE)
WEEK = datetime.timedelta(days=7)
STAGES = ("week-before", "due-day", "overdue")


def schedule_prefetches() -> list[Prefetch]:
    """What the schedule reads, to prefetch (two queries, whatever the history)."""
    return [
        Prefetch("reports", queryset=Report.objects.only("id", "insats_id", "date", "kind").order_by("date"),
                 to_attr="schedule_reports"),
        Prefetch("report_dates", queryset=ReportDate.objects.order_by("date"), to_attr="schedule_dates"),
    ]


def with_schedule(queryset):
    """The insatser with what the schedule reads prefetched."""
    return queryset.select_related("forbund").prefetch_related(*schedule_prefetches())


def schedule(insats: Insats, today: datetime.date) -> list[ReportDue]:
    """What the insats owes on `today`, earliest first (empty unless it is approved or running)."""
    if insats.status not in REPORTING:
        return []
    reports = getattr(insats, "schedule_reports", None)
    if reports is None:
        reports = list(insats.reports.only("date", "kind"))
    dates = getattr(insats, "schedule_dates", None)
    if dates is None:
        dates = list(insats.report_dates.all())
    return reports_due(insats.start, insats.end, insats.forbund.report_interval_months,
                       [(r.date, r.kind) for r in reports], today, [(d.date, d.label) for d in dates])


def next_due(insats: Insats, today: datetime.date) -> ReportDue | None:
    owed = schedule(insats, today)
    return owed[0] if owed else None


def kind_label(due: ReportDue) -> str:
    if due.kind == "final":
        return _("Slutrapport")
    if due.kind == "planned":
        return _("Rapport: %(label)s") % {"label": due.label} if due.label else _("Planerad rapport")
    return _("Delrapport")


def stage_of(due: ReportDue, today: datetime.date) -> str | None:
    """The reminder due today for a report due on `due.date`: a week before (the seven days before it, so a
    date planned at short notice is announced too), on the day, or overdue (from the day after, until the
    report is filed — an overdue report gets its notice once, also when it was overdue when planned)."""
    if due.date - WEEK <= today < due.date:
        return "week-before"
    if today == due.date:
        return "due-day"
    if today > due.date:
        return "overdue"
    return None


def reminder_key(insats: Insats, due: ReportDue, stage: str) -> str:
    return f"insats-report:{insats.pk}:{due.date.isoformat()}:{stage}"


def _texts(insats: Insats, due: ReportDue, stage: str) -> tuple[str, str]:
    what, name, day = kind_label(due), insats.name or insats.external_id, format_date(due.date)
    if stage == "week-before":
        subject = _("Påminnelse: %(what)s från %(name)s senast %(date)s") % {"what": what, "name": name, "date": day}
        lead = _("Om en vecka, %(date)s, ska insatsen %(name)s lämna en rapport till styrelsen (%(what)s).")
    elif stage == "due-day":
        subject = _("I dag: %(what)s från %(name)s") % {"what": what, "name": name}
        lead = _("I dag, %(date)s, ska insatsen %(name)s lämna en rapport till styrelsen (%(what)s).")
    else:
        subject = _("Försenad: %(what)s från %(name)s") % {"what": what, "name": name}
        lead = _("Rapporten från insatsen %(name)s (%(what)s) skulle ha kommit %(date)s och har inte lämnats.")
    body = "\n\n".join(filter(None, [
        lead % {"what": what, "name": name, "date": day},
        _("Rapporten redovisar antal deltagare (kvinnor, män, övriga), resultat och framgångsfaktorer, "
          "aldrig enskilda personer. Skicka den till förbundets kansli."),
        _("Med vänlig hälsning\n%(forbund)s") % {"forbund": insats.forbund.name},
    ]))
    return subject, body


def reminders_due(today: datetime.date):
    """The reminder source (registered in apps.py): for each reporting, funded insats with a contact, the
    reminder of each report it owes that is due today."""
    from samordna.mail.reminders import Due

    funded = Funding.objects.filter(insats=OuterRef("pk"))
    insatser = with_schedule(Insats.objects.filter(status__in=REPORTING, start__isnull=False, contact__isnull=False)
                             .filter(Exists(funded)).select_related("contact").order_by("pk"))
    found = []
    with translation.override(settings.LANGUAGE_CODE):
        for insats in insatser:
            for due in schedule(insats, today):
                stage = stage_of(due, today)
                if stage is None:
                    continue
                subject, body = _texts(insats, due, stage)
                found.append(Due(key=reminder_key(insats, due, stage), forbund=insats.forbund, subject=subject,
                                 body=body, recipients=(insats.contact,), kind="insats_report", about=insats))
    return found
