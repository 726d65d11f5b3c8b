"""The förbundschef corrects a mandate in the browser; the change is explained, saved and logged."""

import re

import pytest

from .conftest import follow

pytestmark = pytest.mark.browser

F = "/f/sf-vastra-vastmanland"


def test_it_explains_a_bad_value_in_swedish_then_saves_and_logs_the_change(page, login, assert_accessible):
    login(page, "office")
    page.goto(f"{F}/uppdrag/")
    follow(page, page.get_by_role("link", name="Ändra Erik Sandberg, Ledamot"))

    page.get_by_label("Till och med").fill("2022-12-31")  # before the first day, 2023-01-01
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

    field.fill("2026-06-30")
    follow(page, page.get_by_role("button", name="Spara"))
    assert page.get_by_role("status").inner_text().strip() == "Uppdraget är sparat."
    assert page.evaluate("location.pathname") == f"{F}/uppdrag/"
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Erik Sandberg")).filter(
        has_text="Ledamot")
    assert "2026-06-30" in row.inner_text()

    follow(page, page.get_by_role("navigation", name="Förbundets sidor").get_by_role("link", name="Händelselogg"))
    newest = page.locator("tbody tr").first
    cells = newest.locator("td")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", cells.nth(0).inner_text().strip())
    assert cells.nth(1).inner_text() == "Karin Lindqvist"
    assert cells.nth(2).inner_text() == "Ändrad"
    assert "Erik Sandberg – Ledamot" in cells.nth(3).inner_text()
    assert cells.nth(4).inner_text().strip() == "Till och med: 2026-12-31 → 2026-06-30"
    assert_accessible(page, "Händelselogg after a change")
