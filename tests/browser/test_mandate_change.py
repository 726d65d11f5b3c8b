"""The förbundschef corrects a mandate in the browser; the change is explained, saved and logged."""

import datetime
import re

import pytest

from samordna.organisations.demo import board_terms, shift_date, showcase_shift
from tests.conftest import TODAY

from .conftest import follow

pytestmark = pytest.mark.browser

F = "/f/sf-vastra-vastmanland"


def test_it_explains_a_bad_value_in_swedish_then_saves_and_logs_the_change(page, login, assert_accessible):
    # Erik's ledamot mandate of the term that covers today (the demo has one per term since its founding).
    founded = shift_date(datetime.date(2025, 1, 1), showcase_shift(TODAY))
    term_from, term_to = board_terms(founded, TODAY)[-1]
    before_start = (datetime.date.fromisoformat(term_from) - datetime.timedelta(days=1)).isoformat()
    earlier_end = term_to[:4] + "-06-30"
    login(page, "office")
    page.goto(f"{F}/uppdrag/")
    follow(page, page.get_by_role("row").filter(has_text=term_from).get_by_role(
        "link", name="Ändra Erik Sandberg, Ledamot"))

    page.get_by_label("Till och med").fill(before_start)  # before the first day
    follow(page, page.get_by_role("button", name="Spara"))
    summary = page.get_by_role("alert")
    assert "Formuläret innehåller fel" in summary.inner_text()
    assert "Slutdatumet kan inte ligga före startdatumet." in summary.inner_text()
    field = page.get_by_label("Till och med")
    assert field.get_attribute("aria-invalid") == "true"
    assert "id_date_to_error" in field.get_attribute("aria-describedby")
    assert page.title().startswith("Fel:")
    assert_accessible(page, "mandate form with an error")
    # The summary's link takes the user to the field.
    page.get_by_role("link", name=re.compile("Till och med: Slutdatumet")).click()
    assert page.evaluate("document.activeElement.id") == "id_date_to"

    field.fill(earlier_end)
    follow(page, page.get_by_role("button", name="Spara"))
    status = page.get_by_role("status").inner_text().strip()
    assert status.startswith("Uppdraget är sparat.")
    # Erik is ordförande: once his ledamot mandate has ended early, the chair is no ledamot, and the page
    # says so as it saves (the finding the change causes as of today, from the rule engine).
    assert ("board-officers" in status) == (datetime.date.fromisoformat(earlier_end) < TODAY)
    assert page.evaluate("location.pathname") == f"{F}/uppdrag/"
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Erik Sandberg")).filter(
        has_text="Ledamot").filter(has_text=earlier_end)
    assert row.count() == 1

    follow(page, page.get_by_role("navigation", name="Förbundets sidor").get_by_role("link", name="Händelselogg"))
    # The newest entry is the action, in words, with the field changes it wrote beneath it.
    action = page.locator("tbody tr").first
    assert action.inner_text().strip().endswith(f"Uppdraget för Erik Sandberg avslutades {earlier_end} av Karin Lindqvist")
    newest = page.locator("tbody tr").nth(1)
    cells = newest.locator("td")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", cells.nth(0).inner_text().strip())
    assert cells.nth(1).inner_text() == "Karin Lindqvist"
    assert cells.nth(2).inner_text() == "Ändrad"
    assert "Erik Sandberg – Ledamot" in cells.nth(3).inner_text()
    assert cells.nth(4).inner_text().strip() == f"Till och med: {term_to} → {earlier_end}"
    assert_accessible(page, "Händelselogg after a change")
