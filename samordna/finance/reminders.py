"""E-mail reminders to the office of the annual report's deadlines (samordna.mail.reminders): the annual
report by 31 March, the board's response to each audit remark within the statutes' months, the members'
discharge decisions by 30 June. Each a week before its deadline and once after it while not done; the dates
come from samordna/rules/deadlines.py, the keys are unique for ever (the förbund, the year or the remark, the
deadline and the stage)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.mail.reminders import Due
from samordna.rules import deadlines


def office_recipients(forbund_ids) -> dict[int, list]:
    """Per förbund the users of its office role with an address: [(address, name)]."""
    from samordna.accounts.models import Access, Role

    found: dict[int, list] = {}
    for forbund_id, email, name in (Access.objects.filter(forbund_id__in=list(forbund_ids), role=Role.OFFICE,
                                                          user__is_active=True)
                                    .values_list("forbund_id", "user__email", "user__name")):
        if email:
            found.setdefault(forbund_id, []).append((email, name or ""))
    return found


def _stage_text(stage: str, due: datetime.date) -> str:
    if stage == "overdue":
        return _("Tidsfristen %(day)s har passerat.") % {"day": due.isoformat()}
    return _("Tidsfristen är %(day)s.") % {"day": due.isoformat()}


def _url(forbund, year) -> str:
    from django.conf import settings

    return settings.SITE_URL + reverse("annual-report-detail", kwargs={"slug": forbund.slug, "subject_id": year})


def due_reminders(today: datetime.date) -> list[Due]:
    """The reminders due on `today` (a fixed number of queries, whatever the history)."""
    from samordna.organisations.models import Forbund, Member

    from .models import AnnualReport, Discharge, Remark

    year = today.year - 1  # the year whose annual report and discharge fall due this year
    forbund = {f.pk: f for f in Forbund.objects.all()}
    if not forbund:
        return []
    office = office_recipients(forbund)
    reports = {r.forbund_id: r for r in AnnualReport.objects.filter(year=year)}
    found: list[Due] = []

    def add(f, key, subject, body, about):
        if office.get(f.pk):
            found.append(Due(key=key, forbund=f, subject=f"{subject} – {f.name}", body=body,
                             recipients=tuple(office[f.pk]), kind="reminder", about=about))

    # The annual report, made by 31 March.
    due = deadlines.annual_report_due(year)
    stage = deadlines.reminder_stage(today, due)
    if stage is not None:
        for f in forbund.values():
            report = reports.get(f.pk)
            if (report is not None and report.made is not None) or (f.founded and f.founded.year > year):
                continue
            add(f, f"annual-report:{f.pk}:{year}:{due.isoformat()}:{stage}",
                _("Påminnelse: årsredovisning %(year)s") % {"year": year},
                _("Styrelsen ska upprätta årsredovisningen för %(year)s senast %(day)s (31 mars). %(stage)s "
                  "Sätt årsredovisningen på dagordningen för ett sammanträde: %(url)s")
                % {"year": year, "day": due.isoformat(), "stage": _stage_text(stage, due), "url": _url(f, year)},
                (_("Årsredovisning %(year)s") % {"year": year}, _url(f, year)))

    # The board's response to each remark, within the statutes' months of the audit report.
    since = today - datetime.timedelta(days=366 * 2)
    for remark in (Remark.objects.filter(response_date__isnull=True, audit__report_date__gte=since)
                   .select_related("audit__annual_report")):
        f = forbund.get(remark.forbund_id)
        months = deadlines.remark_response_months({"extra": f.statutes_extra or {}})
        due = deadlines.remark_response_due(remark.audit.report_date, months)
        stage = deadlines.reminder_stage(today, due)
        if stage is None:
            continue
        ryear = remark.audit.annual_report.year
        add(f, f"remark-response:{remark.pk}:{due.isoformat()}:{stage}",
            _("Påminnelse: svar på revisorernas anmärkning"),
            _("Styrelsen ska besvara revisorernas anmärkning i revisionsberättelsen för %(year)s senast %(day)s: "
              "”%(text)s”. %(stage)s Sätt svaret på dagordningen för ett sammanträde: %(url)s")
            % {"year": ryear, "day": due.isoformat(), "text": remark.text or remark.external_id,
               "stage": _stage_text(stage, due), "url": _url(f, ryear)},
            (_("Årsredovisning %(year)s") % {"year": ryear}, _url(f, ryear)))

    # The members' discharge decisions, by 30 June.
    due = deadlines.discharge_due(year)
    stage = deadlines.reminder_stage(today, due)
    if stage is not None:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        decided = set(Discharge.objects.filter(annual_report__year=year).values_list("member_id", flat=True))
        waiting: dict[int, list] = {}
        for m in Member.objects.filter(forbund_id__in=list(forbund)).order_by("name"):
            if (m.joined is None or m.joined <= last) and (m.left is None or m.left >= first) \
                    and m.pk not in decided:
                waiting.setdefault(m.forbund_id, []).append(m.name)
        for fpk, names in waiting.items():
            f = forbund[fpk]
            if f.founded and f.founded.year > year:
                continue
            add(f, f"discharge:{f.pk}:{year}:{due.isoformat()}:{stage}",
                _("Påminnelse: ansvarsfrihet %(year)s") % {"year": year},
                _("Varje medlem beslutar om ansvarsfrihet för styrelsen för %(year)s; besluten väntas senast %(day)s. "
                  "%(stage)s Beslut saknas från: %(names)s. Registrera besluten: %(url)s")
                % {"year": year, "day": due.isoformat(), "stage": _stage_text(stage, due),
                   "names": ", ".join(names), "url": _url(f, year)},
                (_("Årsredovisning %(year)s") % {"year": year}, _url(f, year)))
    return found
