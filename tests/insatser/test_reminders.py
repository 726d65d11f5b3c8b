"""Report reminders to the huvudman's contact: a week before, on the day, overdue after — each exactly once,
on its day, for a periodic report, a one-time (planned) report and a report already overdue."""

import datetime

import pytest
import time_machine
from django.db import transaction

from samordna.insatser import reports
from samordna.insatser.models import ReportDate
from samordna.lib.dates import add_months
from samordna.mail import reminders
from samordna.mail.models import Delivery, Message, Reminder
from samordna.rules.deadlines import reports_due
from tests.conftest import STOCKHOLM, TODAY

DAY = datetime.timedelta(days=1)


def _run_days(first, last, twice=True):
    """Run the reminders on every day from first to last (noon, Stockholm), twice a day like a busy worker."""
    day = first
    while day <= last:
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), tzinfo=STOCKHOLM), tick=False):
            for _ in range(2 if twice else 1):
                reminders.send_due()
        day += DAY


def _sent(insats):
    """{stage: (due date, day sent)} of the insats's reminders."""
    rows = Reminder.objects.filter(key__startswith=f"insats-report:{insats.pk}:").order_by("day")
    out = {}
    for row in rows:
        _prefix, _pk, due, stage = row.key.split(":")
        assert stage not in out, f"{stage} sent twice: {row.key}"
        out[stage] = (datetime.date.fromisoformat(due), row.day)
    return out


def test_periodic_one_time_and_overdue_reports_get_each_reminder_once_on_its_day(small):
    make = small["make"]
    # A: its periodic report (four months after the start) is due in ten days.
    periodic = make("r-a", start=add_months(TODAY + 10 * DAY, -4))
    due_a = add_months(periodic.start, 4)
    assert reports.next_due(periodic, TODAY).date == due_a
    # B: started a month ago; a one-time report for a milestone in five days (at short notice: < a week).
    one_time = make("r-b", start=TODAY - 30 * DAY)
    ReportDate.objects.create(forbund=one_time.forbund, insats=one_time, date=TODAY + 5 * DAY, label="Första gruppen")
    # C: started half a year ago and never reported: its report is overdue already.
    overdue = make("r-c", start=add_months(TODAY, -6))
    due_c = add_months(overdue.start, 4)
    assert due_c < TODAY

    _run_days(TODAY, TODAY + 20 * DAY)

    assert _sent(periodic) == {"week-before": (due_a, due_a - 7 * DAY), "due-day": (due_a, due_a),
                               "overdue": (due_a, due_a + DAY)}
    planned = TODAY + 5 * DAY
    assert _sent(one_time) == {"week-before": (planned, TODAY), "due-day": (planned, planned),
                               "overdue": (planned, planned + DAY)}
    assert _sent(overdue) == {"overdue": (due_c, TODAY)}
    # Every reminder is one e-mail to the contact; nothing else was queued.
    messages = Message.objects.filter(kind="insats_report")
    assert messages.count() == 7
    assert set(Delivery.objects.filter(message__in=messages).values_list("address", flat=True)) == {
        "kim@rapportkoping.example.se"}
    subjects = set(messages.values_list("subject", flat=True))
    assert any(s.startswith("Försenad: Delrapport från Insats r-c") for s in subjects)
    assert any(s.startswith("Påminnelse: Rapport: Första gruppen från Insats r-b") for s in subjects)


def test_a_filed_report_stops_the_reminders_and_moves_the_next_date(small):
    from samordna.insatser.models import Report

    insats = small["make"]("r-d", start=add_months(TODAY, -6))
    _run_days(TODAY, TODAY)
    assert set(_sent(insats)) == {"overdue"}
    Report.objects.create(forbund=insats.forbund, insats=insats, date=TODAY, kind="progress")
    assert reports.next_due(insats, TODAY).date == add_months(TODAY, 4)
    _run_days(TODAY + DAY, TODAY + 10 * DAY)
    assert set(_sent(insats)) == {"overdue"}  # no new reminder until a week before the next date


def test_no_reminder_without_contact_funding_or_for_a_closed_insats(small):
    make = small["make"]
    make("r-e", start=add_months(TODAY, -6), contact=None)
    make("r-f", start=add_months(TODAY, -6), status="closed")
    unfunded = make("r-g", start=add_months(TODAY, -6))
    unfunded.funding.all().delete()
    assert reports.reminders_due(TODAY) == []


def test_the_worker_sends_the_reminder_through_smtp(small, smtp_server, worker):
    small["make"]("r-h", start=add_months(TODAY, -6))
    with transaction.atomic():
        sent = reminders.send_due(TODAY)
    assert [d.key.rsplit(":", 1)[1] for d in sent] == ["overdue"]
    assert worker() == 1
    (got,) = smtp_server.received
    assert got["to"] == ["kim@rapportkoping.example.se"]
    assert got["message"]["Subject"].startswith("Försenad: Delrapport från Insats r-h")
    assert "skulle ha kommit" in got["message"].get_body(preferencelist=("plain",)).get_content()
    assert reminders.send_due(TODAY) == [] and worker() == 0


def test_send_due_sends_a_reminder_once_and_only_when_its_source_says_so(small):
    """samordna/mail/reminders.py itself: a source's reminder is sent once however often it runs; a key
    already recorded (another worker first) is skipped."""
    forbund = small["forbund"]
    calls = []

    def source(today):
        calls.append(today)
        if today < TODAY:
            return []
        return [reminders.Due(key=f"test:{today.year}", forbund=forbund, subject="Testpåminnelse", body="Hej",
                              recipients=(small["contact"],), kind="test")]

    reminders.register(source)
    try:
        assert reminders.send_due(TODAY - DAY) == []
        assert [d.key for d in reminders.send_due(TODAY)] == [f"test:{TODAY.year}"]
        assert reminders.send_due(TODAY) == [] and reminders.send_due(TODAY + DAY) == []
        assert Message.objects.filter(kind="test").count() == 1
        assert Reminder.objects.get(key=f"test:{TODAY.year}").day == TODAY
        assert reminders.register(source) is source and reminders.SOURCES.count(source) == 1
    finally:
        reminders.SOURCES.remove(source)


def test_the_race_path_skips_a_key_another_worker_recorded(small, monkeypatch):
    forbund = small["forbund"]
    due = reminders.Due(key="test:race", forbund=forbund, subject="Testpåminnelse", body="Hej",
                        recipients=(small["contact"],), kind="test")
    reminders.register(source := (lambda today: [due]))
    try:
        # The other worker recorded the key after this one read the sent keys and validated its row: only the
        # database's unique key stops it.
        monkeypatch.setattr(reminders, "sent_keys", lambda keys: set())
        monkeypatch.setattr(Reminder, "validate_unique", lambda self, exclude=None: None)
        Reminder.objects.create(key="test:race", forbund=forbund, day=TODAY)
        assert reminders.send_due(TODAY) == []
        assert not Message.objects.filter(kind="test").exists()  # its e-mail rolled back with the refused key
    finally:
        reminders.SOURCES.remove(source)


@pytest.mark.parametrize("offset,expected", [(-8, None), (-7, "week-before"), (-1, "week-before"), (0, "due-day"),
                                             (1, "overdue"), (400, "overdue")])
def test_stage_of(offset, expected):
    due = reports_due(TODAY - DAY, None, 4, [], TODAY)[0]
    assert reports.stage_of(due, due.date + offset * DAY) == expected
