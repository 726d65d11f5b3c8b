"""No WCAG 2.1 A/AA violations (axe-core) on the pages of the reading roles."""

import pytest

from .pages import PAGES_BY_PERSONA

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("persona", ["board", "member", "auditor", "national"])
def test_it_has_no_violations_on_the_pages_a_persona_sees(page, login, assert_accessible, persona):
    login(page, persona)
    for url in PAGES_BY_PERSONA[persona]:
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page, f"{persona} {url}")
