"""No WCAG 2.1 A/AA violations (axe-core) on the section pages: meetings, insatser, budget, annual reports, samråd."""

import pytest

from tests.conftest import demo_year

from .pages import F

pytestmark = pytest.mark.browser

SECTION_PAGES = [
    f"{F}/sammantraden/", f"{F}/sammantraden/vv-m-2026-05-14/",
    f"{F}/insatser/", f"{F}/insatser/vv-ins-steg/",
    f"{F}/budget/", f"{F}/budget/{demo_year(2026)}/",
    f"{F}/arsredovisningar/", f"{F}/arsredovisningar/{demo_year(2025)}/",
    f"{F}/samrad/", f"{F}/samrad/samrad-2026-var/", f"{F}/information/",
    f"{F}/sammantraden/?ar=2025", f"{F}/insatser/?ar=2025", f"{F}/information/?ar=2025",
]


@pytest.mark.parametrize("persona", ["office", "member"])
def test_it_has_no_violations_on_the_section_pages(page, login, assert_accessible, persona):
    login(page, persona)
    for url in SECTION_PAGES:
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page, f"{persona} {url}")


def test_it_has_no_violations_on_a_list_of_several_pages(page, login, assert_accessible):
    import datetime

    from samordna.meetings.models import Meeting
    from samordna.organisations.models import Forbund

    forbund = Forbund.objects.get(slug="sf-vastra-vastmanland")
    for i in range(60):
        day = datetime.date(2001, 1, 3) + datetime.timedelta(weeks=i)
        Meeting.objects.create(forbund=forbund, external_id=f"vv-m-old-{i}", date=day, kind="ordinary",
                               notice_sent=day - datetime.timedelta(days=10))
    login(page, "office")
    page.goto(f"{F}/sammantraden/?ar=2001")  # 52 of them in 2001: two pages of that year
    pager = page.get_by_role("navigation", name="Sidor", exact=True)
    assert pager.get_by_text("Sida 1 av 2").is_visible()
    assert_accessible(page, "meetings, page 1")
    with page.expect_navigation():
        pager.get_by_role("link", name="Nästa").click()
    assert page.url.endswith("/sammantraden/?ar=2001&sida=2")
    assert pager.get_by_role("link", name="Sida 2", exact=True).get_attribute("aria-current") == "page"
    assert page.title().endswith(" – sida 2 av 2")
    assert_accessible(page, "meetings, page 2")
