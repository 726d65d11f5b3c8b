"""The rule pages in Debian's Chromium: log in through the form, read them, no WCAG 2.1 A/AA violation."""

import datetime
import os
import urllib.request

import pytest

from tests.conftest import PERSONAS
from tests.rules_web.conftest import exempel_document

pytestmark = pytest.mark.browser

PASSWORD = "samordna-demo-2026"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def live(transactional_db, live_server):
    """The demo plus the example förbund (the office persona works for both) behind the live server."""
    from django.core.management import call_command

    from samordna.accounts.models import Access, Role, User
    from samordna.exchange.importer import import_document
    from samordna.organisations.models import Forbund

    with open(os.devnull, "w") as devnull:
        call_command("demo", stdout=devnull)
    import_document(exempel_document())
    office = User.objects.get(email=PERSONAS["office"])
    Access.objects.create(user=office, forbund=Forbund.objects.get(slug="ex"), role=Role.OFFICE)
    return live_server


@pytest.fixture
def page(browser, live):
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm", base_url=live.url)
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


def login(page, persona):
    page.goto("/logga-in/")
    page.get_by_label("E-post").fill(PERSONAS[persona])
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def assert_accessible(page, what):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{what}:\n{results.generate_report()}"


def test_it_shows_findings_with_their_source_to_the_office(page):
    login(page, "office")
    page.goto("/f/ex/")
    page.get_by_role("navigation", name="Förbundets sidor").get_by_role("link", name="Regelkontroll").click()
    page.get_by_label("Per datum").fill("2026-12-20")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Fel (1)").is_visible()
    assert page.get_by_text("Budgeten för 2027 är inte fastställd").is_visible()
    source = page.locator("details").filter(has_text="FinsamL 23 §").first
    source.locator("summary").click()
    assert source.get_by_text("Styrelsen ska varje år fastställa en budget").is_visible()
    assert_accessible(page, "Regelkontroll")
    page.get_by_label("Gäller").select_option("insats")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_load_state()
    assert page.get_by_text("Urvalet visar 1 av 2.").is_visible()
    assert_accessible(page, "Regelkontroll, urval")


def test_it_shows_the_national_overview_sorted_and_filtered(page):
    login(page, "national")
    page.get_by_role("link", name="Nationell översikt").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Nationell översikt").is_visible()
    assert_accessible(page, "Nationell översikt")
    page.get_by_role("link", name="Fel").click()
    page.wait_for_load_state()
    assert page.locator('th[aria-sort="descending"]').count() == 1
    page.get_by_label("Regel").select_option("budget-deadline")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_load_state()
    assert "rule=budget-deadline" in page.url
    assert_accessible(page, "Nationell översikt, filtrerad")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som CSV (Excel)").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert text.startswith("forbund_id;Förbund;Fel;Varningar")


def test_it_shows_the_arshjul_and_serves_its_feed(page, live):
    from icalendar import Calendar

    login(page, "office")
    page.goto("/f/ex/arshjul/?datum=2025-06-01")
    assert page.get_by_role("heading", name="November 2025").is_visible()
    assert page.get_by_text("Infaller på söndag").first.is_visible()
    assert_accessible(page, "Årshjul")
    page.get_by_role("button", name="Skapa ny prenumerationslänk").click()
    page.wait_for_load_state()
    url = page.get_by_label("Prenumerationsadress").input_value()
    assert "/f/ex/arshjul.ics?token=" in url
    assert_accessible(page, "Årshjul med prenumerationslänk")
    # SITE_URL names the public address; in the test the feed is fetched from the live server.
    feed = live.url + url.split("127.0.0.1:8000", 1)[-1] if "127.0.0.1:8000" in url else url
    with urllib.request.urlopen(feed, timeout=10) as response:
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        cal = Calendar.from_ical(response.read())
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert uids and all(uid.endswith("@ex.samordna") for uid in uids)
    assert any(e.decoded("DTSTART") >= datetime.date.today() - datetime.timedelta(days=31)
               for e in cal.walk("VEVENT"))
