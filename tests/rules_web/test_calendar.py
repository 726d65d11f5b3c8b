"""The årshjul computed from a document: deadlines, data, and marks for holidays (pure, no database)."""

import datetime

from django.utils import translation

from samordna.arshjul.calendar import by_month, events, format_date, non_working_day
from tests.rules_web.conftest import exempel_document

D = datetime.date


def _events(start, end, change=None):
    doc = exempel_document()
    if change:
        change(doc)
    return events(doc["forbund"][0], doc, start, end)


def test_it_lists_the_coming_year_in_date_order():
    found = _events(D(2026, 6, 30), D(2027, 6, 30))
    assert [e.date for e in found] == sorted(e.date for e in found)
    uids = {e.uid for e in found}
    assert {"budget-2027", "arsredovisning-2026", "medlemssamrad-2027", "revisionsberattelse-2026"} <= uids
    budget = next(e for e in found if e.uid == "budget-2027")
    assert budget.date == D(2026, 11, 30) and budget.is_deadline
    assert "Ännu inte fastställd" in budget.description


def test_it_says_when_a_deadline_is_already_met():
    found = _events(D(2025, 6, 1), D(2026, 6, 1))
    budget = next(e for e in found if e.uid == "budget-2026")
    assert "Fastställd 26 november 2025" in budget.description


def test_it_marks_deadlines_on_weekends_and_public_holidays_without_moving_them():
    found = _events(D(2025, 6, 1), D(2026, 6, 1))
    budget = next(e for e in found if e.uid == "budget-2026")
    assert budget.date == D(2025, 11, 30)  # a Sunday: the law's date stands
    assert budget.holiday == "söndag"
    assert "Obs: 30 november 2025 är en söndag" in budget.description
    assert non_working_day(D(2025, 12, 25)) == "Juldagen"
    assert non_working_day(D(2026, 6, 6)) == "Nationaldagen"
    assert non_working_day(D(2025, 12, 1)) is None


def test_it_shows_meetings_and_samrad_from_the_data():
    found = _events(D(2026, 1, 1), D(2026, 12, 31))
    uids = {e.uid for e in found}
    assert "sammantrade-ex-m-2026-03-11" in uids
    assert "samrad-ex-samrad-2026-05-13" in uids


def test_it_expects_insats_reports_every_interval_after_the_last():
    found = _events(D(2026, 6, 30), D(2027, 6, 30))
    reports = [e for e in found if e.kind == "insats_report"]
    assert [e.date for e in reports if e.uid.startswith("insatsrapport-ex-ins-steget")] == [D(2026, 8, 14),
                                                                                             D(2026, 12, 14)]
    assert any(e.uid == "slutrapport-ex-ins-steget" and e.date == D(2027, 3, 31) for e in reports)


def test_it_expects_answers_to_unanswered_audit_remarks_within_three_months():
    def unanswer(doc):
        del doc["forbund"][0]["annual_reports"][1]["audit"]["remarks"][0]["response"]

    found = _events(D(2026, 4, 1), D(2027, 4, 1), unanswer)
    remark = next(e for e in found if e.uid == "anmarkning-ex-rem-2025")
    assert remark.date == D(2026, 7, 7) and remark.is_deadline


def test_it_awaits_discharge_from_members_without_a_decision():
    def drop(doc):
        doc["forbund"][0]["annual_reports"][1]["discharge"] = doc["forbund"][0]["annual_reports"][1]["discharge"][:2]

    found = _events(D(2026, 1, 1), D(2027, 1, 1), drop)
    discharge = next(e for e in found if e.uid == "ansvarsfrihet-2025")
    assert discharge.date == D(2026, 6, 30)
    assert "Region" in discharge.description
    assert not any(e.uid == "ansvarsfrihet-2025" for e in _events(D(2026, 1, 1), D(2027, 1, 1)))


def test_it_groups_by_month_counting_a_running_period_from_the_start():
    start = D(2026, 5, 1)
    months = by_month(_events(start, D(2027, 5, 1)), start)
    assert months[0][0] == "maj 2026"
    assert [heading for heading, _ in months] == list(dict.fromkeys(h for h, _ in months))
    assert format_date(D(2026, 12, 1)) == "1 december 2026"


def test_it_names_dates_weekdays_and_holidays_in_the_active_language():
    with translation.override("en"):
        assert format_date(D(2026, 12, 1)) == "1 December 2026"
        assert non_working_day(D(2025, 12, 25)) == "Christmas Day"
        assert non_working_day(D(2025, 11, 30)) == "Sunday"
        budget = next(e for e in _events(D(2025, 6, 1), D(2026, 6, 1)) if e.uid == "budget-2026")
    assert budget.title == "Last day to adopt the budget for 2026"
    assert "Note: 30 November 2025 is a Sunday; the date does not move" in budget.description
    assert non_working_day(D(2025, 12, 25)) == "Juldagen"  # and Swedish again outside the override


def test_it_marks_a_deadline_on_a_public_holiday_with_its_name_and_weekday():
    report = next(e for e in _events(D(2024, 3, 1), D(2024, 4, 1)) if e.uid == "arsredovisning-2023")
    assert report.holiday == "Påskdagen"
    assert "Obs: 31 mars 2024 är en helgdag (Påskdagen, söndag); datumet flyttas inte" in report.description
    with translation.override("en"):
        report = next(e for e in _events(D(2024, 3, 1), D(2024, 4, 1)) if e.uid == "arsredovisning-2023")
    assert report.holiday == "Easter Sunday"
    assert "Note: 31 March 2024 is a public holiday (Easter Sunday, Sunday)" in report.description


def test_it_keeps_the_same_events_and_uids_in_every_language():
    def key(found):
        return [(e.uid, e.date, e.end, e.kind, e.is_deadline, e.holiday is None) for e in found]

    swedish = _events(D(2024, 1, 1), D(2028, 1, 1))
    with translation.override("en"):
        english = _events(D(2024, 1, 1), D(2028, 1, 1))
    assert key(english) == key(swedish)
    assert [e.title for e in english] != [e.title for e in swedish]
