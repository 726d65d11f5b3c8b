"""The error pages are accessible (axe-core, WCAG 2.1 A/AA), and their way back works with the keyboard."""

import pytest

from .conftest import follow
from .pages import F

pytestmark = pytest.mark.browser


def test_the_404_and_403_pages_have_no_violations_and_lead_back(page, login, assert_accessible):
    login(page, "member")
    response = page.goto(f"{F}/finns-inte/")
    assert response.status == 404
    assert_accessible(page, "404")
    response = page.goto(f"{F}/handelselogg/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Åtkomst nekad"
    assert_accessible(page, "403")
    follow(page, page.get_by_role("link", name="Tillbaka till Samordningsförbundet Västra Västmanland"))
    assert page.url.endswith(f"{F}/")
