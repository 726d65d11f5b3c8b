"""The audit in the browser: the auditor records the audit report and a remark, the förbundschef puts the
board's response on a meeting (decided there), a member organisation records its refused discharge, which
then shows to everyone concerned. axe: 0 violations on every page visited."""

import re

import pytest

from tests.conftest import TODAY

from .conftest import follow

pytestmark = pytest.mark.browser

F = "/f/sf-vastra-vastmanland"
YEAR = TODAY.year - 1  # last year's annual report: made and audited in the demo
REPORT = f"{F}/arsredovisningar/{YEAR}/"
REMARK = "Uppföljningen av internkontrollplanen saknas i protokollen."


def _decide_on_the_meeting(remark_text):
    """The board decides the response at its meeting (as the meeting conduct services drive it)."""
    from samordna.accounts.models import User
    from samordna.finance.models import Remark
    from samordna.meetings import services as meetings
    from tests.meetings.conducthelpers import LEDAMOTER, attend

    office = User.objects.get(email="chef@vastmanland.example.se")
    remark = Remark.objects.select_related("response_item__meeting").get(text=remark_text)
    item = remark.response_item
    attend(item.meeting, office, *LEDAMOTER[:4])
    meetings.decide(item, "approved", "Internkontrollplanen följs upp vid varje sammanträde.", user=office)
    return item


def test_auditor_then_forbundschef_then_member(page, login, assert_accessible, browser, demo_live):
    # The auditor: the audit report and a remark.
    login(page, "auditor")
    page.goto(REPORT)
    assert_accessible(page, "annual report (auditor)")
    follow(page, page.get_by_role("link", name="Ändra revisionsberättelsen"))
    assert_accessible(page, "audit form")
    page.get_by_label("Lämnad till styrelsen").fill(TODAY.isoformat())
    follow(page, page.get_by_role("button", name="Spara"))
    assert "Revisionsberättelsen är registrerad." in page.get_by_role("status").inner_text()
    follow(page, page.get_by_role("link", name="Lägg till anmärkning"))
    follow(page, page.get_by_role("button", name="Spara"))  # empty: a clear error, not a 500
    assert "Formuläret innehåller fel" in page.get_by_role("alert").inner_text()
    assert_accessible(page, "remark form with an error")
    page.get_by_label("Anmärkning").fill(REMARK)
    follow(page, page.get_by_role("button", name="Spara"))
    row = page.get_by_role("row").filter(has_text=REMARK)
    assert "Obesvarad" in row.inner_text()
    assert_accessible(page, "annual report with the new remark")

    # The förbundschef: the response on the coming meeting's agenda, then decided there.
    office = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm", base_url=demo_live.url).new_page()
    login(office, "office")
    office.goto(REPORT)
    assert office.get_by_role("link", name="Lägg till anmärkning").count() == 0  # the office reads only
    row = office.get_by_role("row").filter(has_text=REMARK)
    follow(office, row.get_by_role("link", name=re.compile("^Lägg på dagordningen")))
    assert_accessible(office, "remark on the agenda form")
    follow(office, office.get_by_role("button", name="Lägg på dagordningen"))
    assert "Svaret på anmärkningen står på dagordningen." in office.get_by_role("status").inner_text()
    row = office.get_by_role("row").filter(has_text=REMARK)
    assert "På dagordningen: sammanträde" in row.inner_text()
    item = _decide_on_the_meeting(REMARK)
    office.reload()
    row = office.get_by_role("row").filter(has_text=REMARK)
    assert f"§ {item.number}" in row.inner_text() and "Obesvarad" not in row.inner_text()
    assert_accessible(office, "annual report with the response")
    office.context.close()

    # A member organisation (Västerås): its refused discharge, shown to all.
    member = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm", base_url=demo_live.url).new_page()
    login(member, "member")
    member.goto(REPORT)
    assert_accessible(member, "annual report (member)")
    assert member.get_by_role("link", name=re.compile("Hallstahammar")).count() == 0  # only its own member
    follow(member, member.get_by_role("link", name=re.compile("beslut.*Västerås")))
    assert_accessible(member, "discharge form")
    member.get_by_label("Beslut om ansvarsfrihet").select_option(label="Vägrad")
    member.get_by_label("Beslutsdatum").fill(TODAY.isoformat())
    follow(member, member.get_by_role("button", name="Spara"))
    assert "Beslutet om ansvarsfrihet är registrerat." in member.get_by_role("status").inner_text()
    assert "Västerås har vägrat styrelsen ansvarsfrihet" in member.locator("#vagrad-ansvarsfrihet").inner_text()
    assert_accessible(member, "annual report with the refusal")
    member.context.close()
    page.goto(f"{F}/")
    assert "Västerås har vägrat styrelsen ansvarsfrihet" in page.locator("#vagrad-ansvarsfrihet").inner_text()
    assert_accessible(page, "overview with the refusal (auditor)")
