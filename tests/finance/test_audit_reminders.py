"""The office's reminders of the annual report's deadlines: each sent once, on its day (time frozen there)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from samordna.finance import services
from samordna.finance.models import AnnualReport
from samordna.mail import reminders
from samordna.mail.models import Delivery
from samordna.rules import deadlines
from tests.conftest import PERSONAS, TODAY
from tests.meetings.conducthelpers import OWN

pytestmark = pytest.mark.django_db


def _sent_on(day: datetime.date, prefix: str) -> list:
    """Run the worker's reminder pass at noon of `day`; the reminders sent whose key starts with `prefix`."""
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), tzinfo=ZoneInfo("Europe/Stockholm")),
                             tick=False):
        return [d for d in reminders.send_due() if d.key.startswith(prefix)]


def _office_user():
    from samordna.accounts.models import User

    return User.objects.get(email=PERSONAS["office"])


def test_the_reminder_stage_of_a_deadline():
    due = datetime.date(2027, 3, 31)
    assert deadlines.reminder_stage(due - datetime.timedelta(days=8), due) is None
    assert deadlines.reminder_stage(due - datetime.timedelta(days=7), due) == "week-before"
    assert deadlines.reminder_stage(due, due) == "week-before"
    assert deadlines.reminder_stage(due + datetime.timedelta(days=1), due) == "overdue"


def test_the_statutes_months_for_remarks():
    assert deadlines.remark_response_months({}) == deadlines.REMARK_RESPONSE_MONTHS == 3
    assert deadlines.remark_response_months({"extra": {"remark_response_months": 2}}) == 2
    assert deadlines.remark_response_months({"remark_response_months": "6"}) == 6
    assert deadlines.remark_response_months({"remark_response_months": "x"}) == 3
    assert deadlines.remark_response_due(datetime.date(2027, 4, 9), 2) == datetime.date(2027, 6, 9)


def test_the_annual_report_reminder_is_sent_once_a_week_before_and_once_overdue(demo):
    forbund = demo[OWN]
    year = TODAY.year  # made next spring: the demo has no report for it yet
    due = deadlines.annual_report_due(year)
    prefix = f"annual-report:{forbund.pk}:{year}:"
    assert _sent_on(due - datetime.timedelta(days=8), prefix) == []
    [sent] = _sent_on(due - datetime.timedelta(days=7), prefix)
    assert sent.key.endswith(":week-before") and str(year) in sent.subject
    assert [r[0] for r in sent.recipients] == [PERSONAS["office"]]
    assert _sent_on(due - datetime.timedelta(days=7), prefix) == []  # the worker runs again: nothing new
    assert _sent_on(due, prefix) == []
    [late] = _sent_on(due + datetime.timedelta(days=1), prefix)
    assert late.key.endswith(":overdue")
    assert _sent_on(due + datetime.timedelta(days=20), prefix) == []
    assert Delivery.objects.filter(message__subject__startswith=f"Påminnelse: årsredovisning {year}",
                                   message__forbund=forbund).count() == 2


def test_no_annual_report_reminder_once_the_report_is_made(demo):
    forbund = demo[OWN]
    report = services.create_annual_report(forbund, TODAY.year, user=_office_user())
    AnnualReport.objects.filter(pk=report.pk).update(made=TODAY)
    due = deadlines.annual_report_due(TODAY.year)
    assert _sent_on(due, f"annual-report:{forbund.pk}:") == []


def test_the_remark_reminder_uses_the_months_after_the_audit_report(demo):
    from samordna.accounts.models import User

    forbund = demo[OWN]
    report = AnnualReport.objects.get(forbund=forbund, year=TODAY.year - 1)
    auditor = User.objects.get(email=PERSONAS["auditor"])
    remark = services.add_remark(report.audit, user=auditor, text="Attestordningen följs inte.")
    due = deadlines.remark_response_due(report.audit.report_date)
    prefix = f"remark-response:{remark.pk}:"
    if due + datetime.timedelta(days=1) < TODAY:  # the demo's audit is older than three months
        [late] = _sent_on(TODAY, prefix)
        assert late.key == f"remark-response:{remark.pk}:{due.isoformat()}:overdue"
        assert "Attestordningen följs inte." in late.body
        assert _sent_on(TODAY + datetime.timedelta(days=1), prefix) == []
    # A new audit report: a week before its response deadline, then overdue.
    services.record_audit(report, user=auditor, report_date=TODAY)
    due = deadlines.remark_response_due(TODAY)
    [soon] = _sent_on(due - datetime.timedelta(days=7), prefix)
    assert soon.key == f"remark-response:{remark.pk}:{due.isoformat()}:week-before"
    assert _sent_on(due - datetime.timedelta(days=3), prefix) == []


def test_the_discharge_reminder_names_the_members_still_to_decide(demo):
    forbund = demo[OWN]
    year = TODAY.year
    due = deadlines.discharge_due(year)
    prefix = f"discharge:{forbund.pk}:{year}:"
    [sent] = _sent_on(due - datetime.timedelta(days=7), prefix)
    assert "Västerås" in sent.body
    assert _sent_on(due - datetime.timedelta(days=6), prefix) == []
    [late] = _sent_on(due + datetime.timedelta(days=1), prefix)
    assert late.key.endswith(":overdue")
