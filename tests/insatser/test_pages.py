"""The insats report pages on the demo: schedule on the page, reports filed and corrected, a report on the
agenda, planned dates, prolongation by decision, closing after the final report, overview, CSV export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from samordna.insatser.models import EndChange, Insats, Report, ReportDate
from samordna.lib.dates import add_months
from tests.conftest import TODAY

SLUG = "sf-vastra-vastmanland"


def _url(name, *args):
    return reverse(name, args=[SLUG, *args])


@pytest.fixture
def running(demo):
    """The demo's running insats Steg till arbete."""
    return Insats.objects.get(external_id="vv-ins-steg")


def test_the_insats_page_shows_the_next_report(persona_client, running):
    client = persona_client("office")
    page = client.get(_url("insats-detail", running.external_id)).content.decode()
    assert "Nästa rapport" in page and "Rapportplan" in page
    assert 'role="img"' in page and "<title id=" in page  # the per-insats charts, with their tables
    assert "Ny rapport" in page


def test_the_board_sees_the_schedule_but_no_buttons(persona_client, running):
    page = persona_client("board").get(_url("insats-detail", running.external_id)).content.decode()
    assert "Nästa rapport" in page and "Ny rapport" not in page
    assert persona_client("board").get(_url("insats-report-new", running.external_id)).status_code == 403


def test_file_and_change_a_report(persona_client, running):
    client = persona_client("office")
    data = {"date": TODAY.isoformat(), "kind": "progress", "women": "7", "men": "5", "other": "1",
            "outcome_work": "2", "outcome_studies": "1", "success_factors": "Nära samarbete med AF."}
    response = client.post(_url("insats-report-new", running.external_id), data)
    assert response.status_code == 302
    report = Report.objects.get(insats=running, date=TODAY)
    assert (report.participants_women, report.participants_men, report.participants_other) == (7, 5, 1)
    assert report.outcomes == {"work": 2, "studies": 1} and report.success_factors == "Nära samarbete med AF."
    # The next periodic report moves to an interval after this one.
    page = client.get(_url("insats-detail", running.external_id)).content.decode()
    assert "Nära samarbete med AF." in page
    # Same date twice: a Swedish error on the field, no 500.
    again = client.post(_url("insats-report-new", running.external_id), data)
    assert again.status_code == 200 and "redan en rapport daterad" in again.content.decode()
    # A date in the future, a negative count: errors.
    future = client.post(_url("insats-report-new", running.external_id),
                         {**data, "date": (TODAY + datetime.timedelta(days=3)).isoformat()})
    assert "kan inte dateras i framtiden" in future.content.decode()
    negative = client.post(_url("insats-report-new", running.external_id), {**data, "women": "-1", "date": ""})
    assert negative.status_code == 200 and Report.objects.filter(insats=running).count() == report.insats.reports.count()
    edit = client.post(_url("insats-report-edit", running.external_id, report.pk), {**data, "men": "6"})
    assert edit.status_code == 302
    report.refresh_from_db()
    assert report.participants_men == 6


def test_another_forbunds_insats_and_report_are_404(persona_client, running):
    client = persona_client("outsider")
    assert client.get(reverse("insats-report-new", args=["sf-uppsala-norra", running.external_id])).status_code == 404
    report = running.reports.first()
    own = persona_client("office")
    other = Insats.objects.get(external_id="vv-ins-psykisk")
    assert own.get(_url("insats-report-edit", other.external_id, report.pk)).status_code == 404


def test_a_planned_report_date_shows_as_next(persona_client, running):
    client = persona_client("office")
    day = TODAY + datetime.timedelta(days=3)
    response = client.post(_url("insats-report-date-new", running.external_id),
                           {"date": day.isoformat(), "label": "Första gruppen avslutad"})
    assert response.status_code == 302
    row = ReportDate.objects.get(insats=running, label="Första gruppen avslutad")
    page = client.get(_url("insats-detail", running.external_id)).content.decode()
    assert "Rapport: Första gruppen avslutad" in page
    client.post(_url("insats-report-date-remove", running.external_id, row.pk))
    assert not ReportDate.objects.filter(pk=row.pk).exists()


def test_present_a_report_on_a_coming_meeting(persona_client, running):
    from samordna.meetings.models import Meeting

    client = persona_client("office")
    report = Report.objects.create(forbund=running.forbund, insats=running, date=TODAY, kind="progress")
    meeting = Meeting.objects.filter(forbund=running.forbund, date__gte=TODAY).exclude(
        minutes__adjusted__isnull=False).order_by("date").first()
    assert meeting is not None
    response = client.post(_url("insats-report-present", running.external_id, report.pk), {"meeting": meeting.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.presented_in.meeting == meeting and report.presented_in.kind == "information"


def test_prolongation_is_a_decision_that_sets_the_new_end(persona_client, running):
    from samordna.meetings import services as meetings
    from samordna.meetings.models import Meeting

    client = persona_client("office")
    meeting = Meeting.objects.filter(forbund=running.forbund, date__gte=TODAY).exclude(
        minutes__adjusted__isnull=False).order_by("date").first()
    new_end = add_months(running.end, 6)
    response = client.post(_url("insats-end-change", running.external_id),
                           {"kind": "prolong", "new_end": new_end.isoformat(), "reason": "Fler deltagare",
                            "meeting": meeting.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    change = EndChange.objects.get(insats=running)
    assert change.item.meeting == meeting and change.item.kind == "decision"
    old_end = running.end
    # The board decides (bifall): the end moves; a later avslag puts it back.
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(email="chef@vastmanland.example.se")
    _quorate(meeting)
    meetings.decide(change.item, "approved", "Styrelsen förlänger insatsen.", user=user)
    running.refresh_from_db()
    assert running.end == new_end
    meetings.decide(change.item, "rejected", "Avslag.", user=user)
    running.refresh_from_db()
    assert running.end == old_end
    # An early end must be before the current end.
    bad = client.post(_url("insats-end-change", running.external_id),
                      {"kind": "early_end", "new_end": add_months(running.end, 1).isoformat(), "meeting": meeting.pk})
    assert "före nuvarande slutdatum" in bad.content.decode()


def _quorate(meeting):
    """Every ledamot of the board present at the meeting (so it can decide)."""
    from samordna.meetings import services as meetings
    from samordna.organisations.models import Mandate

    for mandate in Mandate.objects.filter(forbund=meeting.forbund, role="ledamot").active_on(meeting.date):
        meetings.record_attendance(meeting, mandate.person, "present", user=None)


def test_close_only_after_the_final_report(persona_client, running):
    client = persona_client("office")
    response = client.post(_url("insats-close", running.external_id), follow=True)
    assert "först när slutrapporten är lämnad" in response.content.decode()
    running.refresh_from_db()
    assert running.status == "active"
    client.post(_url("insats-report-new", running.external_id),
                {"date": TODAY.isoformat(), "kind": "final", "women": "10", "men": "9", "other": "0"})
    client.post(_url("insats-close", running.external_id))
    running.refresh_from_db()
    assert running.status == "closed"
    page = client.get(_url("insats-detail", running.external_id)).content.decode()
    assert "Insatsen är avslutad: inga fler rapporter." in page


def test_the_overview_has_accessible_charts_with_tables(persona_client):
    page = persona_client("board").get(_url("insatser-overview")).content.decode()
    assert page.count('role="img"') >= 3
    assert 'aria-labelledby="finansiering-title finansiering-desc"' in page
    assert "Tabell: Beviljade medel och budgetens ram" in page and "Pågående" in page
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]


def test_the_uppfoljning_export_has_aggregates_only(persona_client, running):
    client = persona_client("office")
    response = client.get(_url("insatser-uppfoljning"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["forbund", "insats_id", "insats", "uppfoljning_id", "ar"]
    steg = [dict(zip(header, r, strict=True)) for r in body if r[1] == "vv-ins-steg"]
    assert steg and all(r["inriktning"] == "individ" for r in steg)
    funded = {int(r["ar"]): r["budget_kr"] for r in steg}
    assert str(running.funding.get(year=running.start.year).amount) == funded[running.start.year]
    # Structural insatser: a total, no counts by sex.
    for r in body:
        if r[5] == "struktur":
            assert r[header.index("deltagare_kvinnor")] == ""
    assert persona_client("board").get(_url("insatser-uppfoljning")).status_code == 403
