"""The national database check (snapshots + settled findings) judges exactly as the engine on an export."""

import datetime

import pytest

from samordna.exchange.exporter import export_document
from samordna.exchange.generate import generate
from samordna.exchange.importer import import_document
from samordna.meetings.models import Meeting
from samordna.organisations.models import Person
from samordna.rules import service, snapshots
from samordna.rules.engine import check_document
from samordna.rules.models import RuleSnapshot

pytestmark = pytest.mark.django_db

DAYS = [
    datetime.date(2021, 6, 1),
    datetime.date(2023, 2, 28),
    datetime.date(2024, 12, 1),
    datetime.date(2025, 4, 1),
    datetime.date(2026, 1, 15),
    datetime.date(2026, 7, 1),
    datetime.date(2026, 12, 31),
    datetime.date(2028, 3, 1),
]


@pytest.fixture
def national(db):
    doc = generate(6, 4, 7)
    import_document(doc)
    return doc


def expected(day):
    return check_document(export_document(None), day)


def test_it_assembles_exactly_the_whole_export_from_snapshots(national):
    assert snapshots.national_document() == export_document(None)
    assert RuleSnapshot.objects.filter(key__startswith="forbund:").count() == 6
    # from stored parts only: no further export
    assert snapshots.national_document() == export_document(None)


def test_it_finds_what_the_engine_finds_for_every_as_of_date_cold_and_warm(national):
    whole = export_document(None)
    for day in DAYS:
        assert service.findings_for(None, day) == check_document(whole, day), day
    # a memo built at a late cutoff, then earlier and later dates
    RuleSnapshot.objects.filter(key=snapshots.MEMO).delete()
    assert service.findings_for(None, datetime.date(2026, 12, 31)) == check_document(whole, datetime.date(2026, 12, 31))
    for day in DAYS:
        assert service.national_findings(day) == check_document(whole, day), day


def test_it_settles_history_into_the_memo_at_a_late_cutoff(national):
    day = datetime.date(2026, 12, 31)
    service.findings_for(None, day)
    memo = snapshots._unpack(RuleSnapshot.objects.get(key=snapshots.MEMO).data)
    assert memo["settled"], "history is judged once"
    whole = export_document(None)
    meetings = sum(len(f["meetings"]) for f in whole["forbund"])
    # settled meetings are gone, or stubs (id, date, the items a funding decision refers to)
    full = sum(1 for f in memo["live"]["forbund"] for m in f["meetings"] if "attendance" in m or "kind" in m)
    assert full < meetings / 4


def test_it_sees_a_meeting_notice_edited_through_the_orm_at_once(national):
    day = datetime.date(2026, 12, 31)
    service.findings_for(None, day)  # memo and snapshots built
    meeting = Meeting.objects.filter(date__lt=datetime.date(2025, 1, 1)).order_by("date").first()
    subject = (meeting.forbund.slug, meeting.external_id)

    def notice_findings():
        return [f for f in service.findings_for(None, day)
                if f.rule == "meeting-notice" and (f.forbund, f.subject_id) == subject]

    meeting.notice_sent = meeting.date  # too late
    meeting.save()
    assert notice_findings(), "the late notice is found on the next check"
    assert service.findings_for(None, day) == expected(day)
    meeting.notice_sent = meeting.date - datetime.timedelta(days=30)
    meeting.save()
    assert not notice_findings(), "and disappears when corrected"
    assert service.findings_for(None, day) == expected(day)


def test_it_sees_a_persons_new_name_in_messages(national):
    day = datetime.date(2026, 12, 31)
    service.findings_for(None, day)
    person = Person.objects.order_by("pk").first()
    person.name = "Ny Namnsson"
    person.save()
    assert service.findings_for(None, day) == expected(day)
    assert snapshots.national_document() == export_document(None)


def test_it_sees_a_deleted_meeting_and_a_reimport(national):
    day = datetime.date(2026, 6, 1)
    service.findings_for(None, day)
    Meeting.objects.order_by("-date").first().delete()
    assert service.findings_for(None, day) == expected(day)
    doc = generate(6, 4, 7)
    doc["forbund"][0]["meetings"][0]["notice_sent"] = doc["forbund"][0]["meetings"][0]["date"]
    import_document(doc)
    assert service.findings_for(None, day) == expected(day)
    assert service.findings_for(None, datetime.date(2022, 1, 1)) == expected(datetime.date(2022, 1, 1))


def test_it_reuses_snapshots_with_a_fixed_small_number_of_queries(national, django_assert_max_num_queries):
    day = datetime.date(2026, 12, 31)
    service.findings_for(None, day)
    want = expected(day)
    with django_assert_max_num_queries(3):  # versions, förbund, the memo
        found = service.findings_for(None, day)
    assert found == want
