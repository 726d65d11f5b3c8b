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
    # memos built at a late cutoff, then earlier and later dates
    RuleSnapshot.objects.filter(key__startswith=snapshots.MEMO_PREFIX).delete()
    snapshots._cache.clear()
    assert service.findings_for(None, datetime.date(2026, 12, 31)) == check_document(whole, datetime.date(2026, 12, 31))
    for day in DAYS:
        assert service.national_findings(day) == check_document(whole, day), day


def test_it_settles_history_into_the_memo_at_a_late_cutoff(national):
    day = datetime.date(2026, 12, 31)
    service.findings_for(None, day)
    memos = [snapshots._unpack(s.data) for s in RuleSnapshot.objects.filter(key__startswith=snapshots.MEMO_PREFIX)]
    assert len(memos) == 6
    assert all(memo["settled"] for memo in memos), "history is judged once"
    whole = export_document(None)
    meetings = sum(len(f["meetings"]) for f in whole["forbund"])
    # settled meetings are gone, or stubs (id, date, the items a funding decision refers to)
    full = sum(1 for memo in memos for m in memo["live"]["meetings"] if "attendance" in m or "kind" in m)
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
    with django_assert_max_num_queries(3):  # versions, förbund, the stamps (memos cached in the process)
        found = service.findings_for(None, day)
    assert found == want


def _joint_samrad(doc):
    """Let förbund 0's last medlemssamråd cover förbund 1 too, with förbund 1's ledamot representing a
    member of förbund 0: samrad-representatives for förbund 0 then reads förbund 1's board."""
    first, second = doc["forbund"][0], doc["forbund"][1]
    consultation = [c for c in doc["consultations"]
                    if c["kind"] == "medlemssamrad" and c["forbund"] == [first["id"]]][-1]
    day = consultation["date"]
    mandate = next(m for m in second["mandates"]
                   if m["role"] == "ledamot" and m["from"] < day and (m.get("to") is None or day <= m["to"]))
    consultation["forbund"] = [first["id"], second["id"]]
    consultation["participants"].append({"person": mandate["person"], "represents": first["members"][0]["id"]})
    return first["id"], second["id"], consultation["id"], mandate


def test_it_rebuilds_only_the_memos_that_read_the_changed_forbund(db):
    from samordna.organisations.models import Forbund, Mandate

    doc = generate(6, 4, 7)
    first, second, consultation, mandate = _joint_samrad(doc)
    import_document(doc)
    day = datetime.date(2026, 12, 31)

    def representatives():
        return {f.forbund for f in service.findings_for(None, day)
                if f.rule == "samrad-representatives" and f.subject_id == consultation}

    assert representatives() == {first, second}
    assert service.findings_for(None, day) == expected(day)
    stamps = dict(RuleSnapshot.objects.filter(key__startswith=snapshots.MEMO_PREFIX).values_list("key", "stamp"))
    pks = dict(Forbund.objects.values_list("slug", "pk"))

    # The ledamot of förbund 1 left its board before the samråd: förbund 0's settled samråd judgement changes.
    row = Mandate.objects.get(forbund__slug=second, person__external_id=mandate["person"], role="ledamot",
                              date_from=mandate["from"])
    row.date_to = datetime.date.fromisoformat(mandate["from"])
    row.save()
    assert representatives() == set()
    assert service.findings_for(None, day) == expected(day)
    after = dict(RuleSnapshot.objects.filter(key__startswith=snapshots.MEMO_PREFIX).values_list("key", "stamp"))
    changed = {key for key in stamps if after[key] != stamps[key]}
    assert changed == {snapshots.memo_key(pks[first]), snapshots.memo_key(pks[second])}


def test_it_never_serves_a_cached_memo_for_a_row_that_changed_under_it(national):
    day = datetime.date(2026, 12, 31)
    want = service.findings_for(None, day)
    # Another process rebuilt every memo (new rows, new nonces) from changed data: the cache must not win.
    meeting = Meeting.objects.filter(date__lt=datetime.date(2025, 1, 1)).order_by("date").first()
    meeting.notice_sent = meeting.date
    meeting.save()
    changed = expected(day)
    cached = dict(snapshots._cache)
    assert service.findings_for(None, day) == changed != want
    snapshots._cache.update(cached)  # stale values under old stamps, as in a process that saw only those
    assert service.findings_for(None, day) == changed


def test_it_judges_a_date_before_a_memos_cutoff_from_the_whole_data(national):
    late, early = datetime.date(2026, 12, 31), datetime.date(2024, 3, 1)
    service.findings_for(None, late)
    stamps = dict(RuleSnapshot.objects.filter(key__startswith=snapshots.MEMO_PREFIX).values_list("key", "stamp"))
    assert service.findings_for(None, early) == expected(early)
    # the later memos stay: they are still current
    assert dict(RuleSnapshot.objects.filter(key__startswith=snapshots.MEMO_PREFIX).values_list("key", "stamp")) == stamps


def _subject_keys(doc, key):
    """A subject's key with its parts' keys (a meeting's items, an annual report's remarks), as memo.py
    settles them together."""
    family, fid, subject = key
    forbund = next(f for f in doc["forbund"] if f["id"] == fid)
    keys = {key}
    if family == "meeting":
        meeting = next(m for m in forbund["meetings"] if m["id"] == subject)
        keys |= {(family, fid, item["id"]) for item in meeting.get("items") or []}
    if family == "report":
        for report in forbund.get("annual_reports") or []:
            if str(report["year"]) == subject:
                keys |= {(family, fid, r["id"]) for r in (report.get("audit") or {}).get("remarks") or []}
    return keys


def test_the_engine_leaves_exactly_the_skipped_subjects_unjudged():
    from samordna.rules.memo import finding_key

    doc = generate(3, 3, 7)
    day = datetime.date(2026, 12, 31)
    found = check_document(doc, day)
    meetings = {m["id"] for f in doc["forbund"] for m in f["meetings"]}
    subjects = {}
    for finding in found:
        key = finding_key(finding)
        if key is None or (key[0] == "meeting" and key[2] not in meetings):
            continue  # an item: skipped with its meeting
        if key[0] == "report" and not key[2].isdigit():
            continue  # a remark: skipped with its report year
        subjects.setdefault(key[0], key)
    assert set(subjects) == {"meeting", "insats", "budget", "report", "samrad"}, subjects
    for key in subjects.values():
        skip = _subject_keys(doc, key)
        assert check_document(doc, day, skip=skip) == [f for f in found if finding_key(f) not in skip], key


def test_it_keeps_memos_but_not_whole_exports_in_the_process(national):
    snapshots._cache.clear()
    service.findings_for(None, datetime.date(2026, 12, 31))  # cold: exports, memos
    service.findings_for(None, datetime.date(2026, 12, 31))  # warm
    kept = set(snapshots._cache)
    assert {key for key in kept if key.startswith(snapshots.MEMO_PREFIX)} and "shared" in kept
    assert not {key for key in kept if key.startswith("forbund:")}
