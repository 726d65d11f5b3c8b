"""The förbund's public page (samordna.publication) in a browser, without login: WCAG 2.1 A/AA by axe."""

import pytest
from playwright.sync_api import expect

from .conftest import follow
from .pages import F

pytestmark = pytest.mark.browser


def test_the_public_page_and_a_public_protokoll_have_no_violations(page, assert_accessible):
    from samordna.lib.dates import today
    from samordna.meetings.models import Meeting

    page.goto(f"{F}/")
    expect(page.get_by_role("heading", name="Anslagstavla")).to_be_visible()
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()
    assert_accessible(page, "public page")
    page.goto(f"{F}/offentlig/")
    assert_accessible(page, "public page (own address)")
    meeting = (Meeting.objects.filter(forbund__slug=F.split("/")[-1], minutes__adjusted__lte=today())
               .order_by("-date").first())
    page.goto(f"{F}/offentlig/?ar={meeting.date.year}")
    follow(page, page.get_by_role("link", name=f"Protokoll {meeting.date.day} ", exact=False).first)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Protokoll")
    assert_accessible(page, "public protokoll")


def test_the_public_page_has_no_violations_on_a_narrow_screen(page, assert_accessible):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{F}/offentlig/")
    assert_accessible(page, "320px public page")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
