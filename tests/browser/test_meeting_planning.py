"""The förbundschef plans a meeting in the browser: "Nytt sammanträde", three items on the agenda (one from an
open matter of the diarium), reordered by mouse and by keyboard; axe finds nothing on any page visited."""

import datetime
import re

import pytest

from tests.conftest import TODAY

from .conftest import follow

pytestmark = pytest.mark.browser

F = "/f/sf-vastra-vastmanland"


@pytest.fixture
def open_matter(demo_live):
    """An open matter of the förbund's diarium (the test's own set-up, direct ORM)."""
    from samordna.diarium.models import Matter
    from samordna.organisations.models import Forbund

    forbund = Forbund.objects.get(slug="sf-vastra-vastmanland")
    return Matter.objects.create(forbund=forbund, year=TODAY.year, serial=977, dnr=f"{TODAY.year}/977",
                                 registered=TODAY, title="Ansökan om medel: Unga till arbete")


def _titles(page):
    rows = page.get_by_role("table", name=re.compile("Föredragningslista")).locator("tbody th[scope=row]")
    return [text.split("\n")[0].strip() for text in rows.all_inner_texts()]


def test_the_office_plans_a_meeting_and_orders_its_agenda(page, login, assert_accessible, open_matter):
    date = TODAY + datetime.timedelta(days=5)
    login(page, "office")
    page.goto(f"{F}/sammantraden/")
    assert_accessible(page, "meeting list")
    follow(page, page.get_by_role("link", name="Nytt sammanträde"))
    assert_accessible(page, "new meeting form")
    page.get_by_label("Datum").fill(date.isoformat())
    page.get_by_label("Klockan").fill("13:00")
    page.get_by_label("Plats").fill("Kommunhuset, sal A")
    page.get_by_label("Deltagande på distans tillåtet").check()
    page.get_by_label("Slag", exact=True).select_option("ordinary")
    follow(page, page.get_by_role("button", name="Spara"))
    assert page.get_by_role("status").inner_text().strip().startswith(f"Sammanträdet {date.isoformat()} är planerat")
    assert "Kallelse ej skickad" in page.inner_text("main")
    # Five days ahead with seven days' notice in the statutes: the live finding of the plan.
    finding = page.get_by_role("region", name="Om kallelsen skickas i dag")
    assert "Skickas kallelsen i dag är den 5 dagar före sammanträdet; förbundsordningen säger 7." in finding.inner_text()
    assert _titles(page) == ["Mötets öppnande", "Godkännande av dagordningen",
                             "Val av protokollsjusterare samt tid och plats för justering", "Föregående protokoll"]
    assert_accessible(page, "planning page")

    # 1. From the diarium's open matter; 2. and 3. free items.
    page.get_by_label("Ärende ur diariet").select_option(label=f"{open_matter.dnr} {open_matter.title}")
    page.get_by_label("Förslag till beslut").fill("Styrelsen beviljar 400 000 kr för 2027.")
    follow(page, page.get_by_role("button", name="Lägg till på föredragningslistan"))
    page.get_by_label("Rubrik").fill("Rapport från förbundschefen")
    page.get_by_label("Slag", exact=True).select_option("information")
    follow(page, page.get_by_role("button", name="Lägg till på föredragningslistan"))
    page.get_by_label("Rubrik").fill("Budgetuppföljning")
    follow(page, page.get_by_role("button", name="Lägg till på föredragningslistan"))
    assert _titles(page)[4:] == [open_matter.title, "Rapport från förbundschefen", "Budgetuppföljning"]
    assert open_matter.dnr in page.inner_text("main")
    assert_accessible(page, "agenda with three items")

    # The budget up one place by mouse …
    follow(page, page.get_by_role("button", name=re.compile(r"^Upp \(flytta § \d+ Budgetuppföljning upp\)")))
    assert _titles(page)[4:] == [open_matter.title, "Budgetuppföljning", "Rapport från förbundschefen"]
    # … and the matter down one by keyboard alone.
    page.get_by_role("button", name=re.compile(rf"^Ned \(flytta § \d+ {open_matter.title} ned\)")).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _titles(page)[4:] == ["Budgetuppföljning", open_matter.title, "Rapport från förbundschefen"]
    numbers = page.get_by_role("table", name=re.compile("Föredragningslista")).locator("tbody tr td:first-child")
    values = [int(text.strip().removeprefix("§ ")) for text in numbers.all_inner_texts()]
    assert values == list(range(values[0], values[0] + 7))  # consecutive, running on through the year
    assert_accessible(page, "agenda reordered")

    follow(page, page.get_by_role("link", name=re.compile(r"^Ändra § \d+ Rapport från förbundschefen")))
    assert_accessible(page, "item form")
    page.get_by_label("Förslag till beslut").fill("Informationen läggs till handlingarna.")
    follow(page, page.get_by_role("button", name="Spara"))
    assert "Informationen läggs till handlingarna." in page.inner_text("main")

    follow(page, page.get_by_role("link", name=re.compile(r"^Ta bort § \d+ Budgetuppföljning")))
    assert_accessible(page, "remove item")
    follow(page, page.get_by_role("button", name="Ja, ta bort"))
    assert "Budgetuppföljning" not in _titles(page)

    follow(page, page.get_by_role("button", name="Markera som skickad i dag utan e-post"))
    from samordna.web.templatetags.samordna import datum

    assert f"Kallelse skickad {datum(TODAY)}" in page.inner_text("main")
    assert_accessible(page, "notice marked sent")
