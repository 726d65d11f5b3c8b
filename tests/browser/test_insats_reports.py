"""Insats reports in a browser, as the förbundschef, on the demo's running insats: the due report on the
insats page, its reminder queued and sent by the worker, a progress and a final report filed, the insats
closed; the overview's charts. (An application's whole walk is test_insats_application.py.) axe: 0
violations."""

import datetime

import pytest
from playwright.sync_api import expect

from samordna.insatser.models import Insats
from samordna.mail import reminders
from tests.conftest import TODAY
from tests.mail.conftest import smtp_server, worker  # noqa: F401 (fixtures)

from .conftest import follow
from .test_insats_application import file_progress_report

pytestmark = pytest.mark.browser

F = "/f/sf-vastra-vastmanland"
YESTERDAY = (TODAY - datetime.timedelta(days=1)).isoformat()


def test_reports_reminder_file_close_and_overview(page, login, assert_accessible, smtp_server, worker):  # noqa: F811
    insats = Insats.objects.get(external_id="vv-ins-steg")
    login(page, "office")
    page.goto(f"{F}/insatser/")
    expect(page.get_by_role("columnheader", name="Nästa rapport").first).to_be_visible()
    assert_accessible(page, "insatser list")
    follow(page, page.get_by_role("link", name="Steg till arbete"))
    expect(page.locator(".next-report")).to_contain_text("Nästa rapport")
    expect(page.get_by_text("Maria Holm")).to_be_visible()
    assert_accessible(page, "insats page")

    # A one-time report due today; its reminder queued by the reminders, sent by the worker (in-process).
    follow(page, page.get_by_role("link", name="Planera en rapport"))
    page.get_by_label("Datum").fill(TODAY.isoformat())
    page.get_by_label("Vad rapporten gäller").fill("Halvtidsrapport")
    follow(page, page.get_by_role("button", name="Spara"))
    expect(page.get_by_text("Halvtidsrapport").first).to_be_visible()
    sent = [d for d in reminders.send_due(TODAY) if d.key.startswith(f"insats-report:{insats.pk}:")]
    assert sent, "the demo's insats owes a report with a reminder today"
    assert worker() >= 1
    subjects = [str(m["message"]["Subject"]).strip() for m in smtp_server.received if m["to"] == ["medlem@vastmanland.example.se"]]
    assert "I dag: Rapport: Halvtidsrapport från Steg till arbete" in subjects

    # A progress report, then the final report, then closing.
    file_progress_report(page, assert_accessible, TODAY - datetime.timedelta(days=1))
    follow(page, page.get_by_role("link", name="Ny rapport"))
    page.get_by_label("Slag").select_option("final")
    # The same day twice is refused with a Swedish error.
    page.get_by_label("Datum").fill(YESTERDAY)
    follow(page, page.get_by_role("button", name="Spara"))
    expect(page.get_by_role("alert")).to_contain_text("redan en rapport daterad")
    assert_accessible(page, "report form with error")
    page.get_by_label("Datum").fill(TODAY.isoformat())
    page.get_by_label("Deltagare, kvinnor").fill("11")
    page.get_by_label("Resultat: arbete").fill("6")
    follow(page, page.get_by_role("button", name="Spara"))
    follow(page, page.get_by_role("button", name="Avsluta insatsen"))
    expect(page.get_by_text("Insatsen är avslutad: inga fler rapporter.")).to_be_visible()
    insats.refresh_from_db()
    assert insats.status == "closed"
    assert_accessible(page, "closed insats")

    page.goto(f"{F}/insatser/oversikt/")
    expect(page.locator("svg[role=img]")).to_have_count(3)
    expect(page.get_by_role("table", name="Tabell: Deltagare i förbundets insatser per år")).to_be_visible()
    assert_accessible(page, "insatser overview")
