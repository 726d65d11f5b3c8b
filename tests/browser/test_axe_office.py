"""No WCAG 2.1 A/AA violations (axe-core) on the pages and forms of the roles that change data."""

import pytest
from playwright.sync_api import expect

from .conftest import follow
from .pages import FORMS, PAGES_BY_PERSONA, F

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("persona", ["office", "admin"])
def test_it_has_no_violations_on_the_pages_a_persona_sees(page, login, assert_accessible, persona):
    login(page, persona)
    for url in PAGES_BY_PERSONA[persona]:
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page, f"{persona} {url}")


def test_it_has_no_violations_on_edit_forms_and_their_errors(page, login, assert_accessible):
    login(page, "office")
    page.goto(f"{F}/uppdrag/")
    follow(page, page.get_by_role("link", name="Ändra Erik Sandberg, Ledamot"))
    assert_accessible(page, "mandate edit")
    for url in FORMS:
        page.goto(url)
        follow(page, page.get_by_role("button", name="Spara"))
        expect(page.get_by_role("alert"), url).to_be_visible()
        assert_accessible(page, f"{url} with errors")
