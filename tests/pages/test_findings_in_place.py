"""Rule findings appear on the page of what they are about, and every finding's link opens that page."""

import pytest

from samordna.checks import grouping as service
from samordna.lib.dates import today
from tests.conftest import demo_year

from .conftest import OTHER, OWN, url


@pytest.fixture
def late_notice(demo):
    """The own förbund's February meeting with no notice recorded: a meeting-notice finding about it."""
    from samordna.meetings.models import Meeting
    from tests.conftest import unfrozen

    with unfrozen(Meeting.objects.filter(external_id="vv-m-2026-02-12")):
        Meeting.objects.filter(external_id="vv-m-2026-02-12").update(notice_sent=None)


def test_it_shows_a_finding_about_a_meeting_on_its_page(persona_client, late_notice):
    html = persona_client("office").get(url("meeting-detail", subject_id="vv-m-2026-02-12")).text
    assert "Avvikelser enligt regelkontrollen" in html
    assert "<code>meeting-notice</code>" in html
    other = persona_client("office").get(url("meeting-detail", subject_id="vv-m-2026-05-14")).text
    assert "<code>meeting-notice</code>" not in other


def test_it_shows_a_finding_about_an_item_on_its_meetings_page(persona_client):
    # Uppsala's budget 2026 (§ 5, 25 November 2025) was never followed by information to the members.
    html = persona_client("outsider").get(url("meeting-detail", slug=OTHER, subject_id="un-m-2025-11-25")).text
    assert "<code>information-duty</code>" in html


def test_it_counts_findings_on_the_list_pages(persona_client, late_notice):
    response = persona_client("office").get(url("forbund-meetings"), {"ar": str(demo_year(2026))})
    assert response.status_code == 200
    assert '<span class="level-warning">1</span>' in response.text


@pytest.fixture
def unreported(demo):
    """The own förbund's Steg till arbete (running from March of the showcase's year to the end of the next)
    with no reports: an insats-reports finding about it on any day the demo is built for."""
    from samordna.insatser.models import Insats

    Insats.objects.get(external_id="vv-ins-steg").reports.all().delete()


def test_it_shows_a_finding_about_an_insats_on_its_page(persona_client, unreported):
    html = persona_client("board").get(url("insats-detail", subject_id="vv-ins-steg")).text
    assert "<code>insats-reports</code>" in html


def test_it_shows_the_yearly_samrad_finding_on_the_samrad_page(persona_client):
    html = persona_client("member").get(url("forbund-samrad")).text
    assert "<code>samrad-annual</code>" in html


def test_it_shows_a_missing_budget_with_its_finding(persona_client, demo):
    from samordna.finance.models import Budget

    Budget.objects.filter(forbund=demo[OTHER], year=demo_year(2026)).delete()
    response = persona_client("outsider").get(url("budget-detail", slug=OTHER, subject_id=demo_year(2026)))
    assert response.status_code == 200
    assert f"Ingen budget för {demo_year(2026)} är registrerad." in response.text
    assert "<code>budget-deadline</code>" in response.text


@pytest.mark.parametrize("slug", [OWN, OTHER])
def test_it_resolves_every_findings_link_to_a_page_showing_it(persona_client, late_notice, slug):
    client = persona_client("admin")
    day = today()
    found = service.findings_for([slug], as_of=day)
    assert found
    for finding in found:
        link = service.subject_url(slug, finding, day)
        if link is None:
            continue
        response = client.get(link, follow=True)
        assert response.status_code == 200, (finding, link)
        if finding.subject_kind in ("meeting", "item", "insats", "budget", "annual_report", "consultation"):
            assert f"<code>{finding.rule}</code>" in response.text, (finding, link)


def test_it_links_findings_to_the_new_pages(demo, late_notice, unreported):
    day = today()
    links = {(f.subject_kind, service.subject_url(OWN, f, day)) for f in service.findings_for([OWN], as_of=day)}
    assert ("meeting", url("meeting-detail", subject_id="vv-m-2026-02-12")) in links
    assert ("insats", url("insats-detail", subject_id="vv-ins-steg")) in links
