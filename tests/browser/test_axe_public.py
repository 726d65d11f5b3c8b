"""No WCAG 2.1 A/AA violations (axe-core) on public pages, in English, and on a narrow screen."""

import pytest
from playwright.sync_api import expect

from .conftest import follow
from .pages import F

pytestmark = pytest.mark.browser


def test_it_has_no_violations_on_public_pages(page, assert_accessible):
    for url in ("/logga-in/", "/tillganglighet/"):
        page.goto(url)
        assert_accessible(page, url)


def test_it_has_no_violations_on_a_failed_login(page, login, assert_accessible):
    login(page, "office", password="fel-losenord-123")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, "failed login")


def test_it_has_no_violations_in_english(page, login, assert_accessible):
    login(page, "office")
    page.goto(f"{F}/styrelse/")
    page.get_by_label("Språk").select_option("en")
    follow(page, page.get_by_role("button", name="Byt språk"))
    assert page.locator("html").get_attribute("lang") == "en"
    for url in (f"{F}/", f"{F}/styrelse/", f"{F}/uppdrag/ny/", f"{F}/handelselogg/",
                f"{F}/arshjul/"):
        page.goto(url)
        assert_accessible(page, f"en {url}")


def test_it_has_no_violations_on_a_narrow_screen(page, login, assert_accessible):
    # 320 CSS px is WCAG 1.4.10's reflow width; wide tables scroll inside a focusable region.
    page.set_viewport_size({"width": 320, "height": 640})
    login(page, "member")
    for url in (f"{F}/medlemmar/", f"{F}/uppdrag/", f"{F}/styrelse/"):
        page.goto(url)
        assert_accessible(page, f"320px {url}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
