"""No WCAG 2.1 A/AA violations (axe-core) on the section pages: meetings, insatser, budget, annual reports, samråd."""

import pytest

from .pages import F

pytestmark = pytest.mark.browser

SECTION_PAGES = [
    f"{F}/sammantraden/", f"{F}/sammantraden/vv-m-2026-05-14/",
    f"{F}/insatser/", f"{F}/insatser/vv-ins-steg/",
    f"{F}/budget/", f"{F}/budget/2026/",
    f"{F}/arsredovisningar/", f"{F}/arsredovisningar/2025/",
    f"{F}/samrad/", f"{F}/samrad/samrad-2026-var/", f"{F}/information/",
]


@pytest.mark.parametrize("persona", ["office", "member"])
def test_it_has_no_violations_on_the_section_pages(page, login, assert_accessible, persona):
    login(page, persona)
    for url in SECTION_PAGES:
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page, f"{persona} {url}")
