"""Browser fixtures: Debian's Chromium driven by Playwright against the live server, with axe-core."""


import pytest

from samordna.organisations.demo import DEMO_PASSWORD as PASSWORD

# The `browser` fixture (Debian's Chromium, one per test process) lives in tests/conftest.py.
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


# The demo logins, by persona (as in tests/conftest.py).
PERSONAS = {
    "office": "chef@vastmanland.example.se",
    "board": "ledamot@vastmanland.example.se",
    "member": "medlem@vastmanland.example.se",
    "auditor": "revisor@vastmanland.example.se",
    "national": "nationell@example.se",
    "admin": "admin@example.se",
}


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def demo_live(_demo_database, transactional_db, live_server):
    """The demo installation behind the live server (loaded once per process; tests/conftest.py loads it
    again after the flush that ends a transactional test)."""
    return live_server


@pytest.fixture
def page(browser, demo_live):
    """A fresh browser context (no cookies) per test, Swedish like most users."""
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm", base_url=demo_live.url)
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


def follow(page, locator):
    """Click a link or submit button and wait for the page it leads to, so that nothing reads the old one."""
    with page.expect_navigation():
        locator.click()
    return page


@pytest.fixture
def login():
    """Log a page in through the real login form as a persona."""

    def do(page, persona, password=PASSWORD):
        page.goto("/logga-in/")
        page.get_by_label("E-post").fill(PERSONAS[persona])
        page.get_by_label("Lösenord").fill(password)
        follow(page, page.get_by_role("button", name="Logga in"))
        return page

    return do


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core (WCAG 2.1 A and AA) on the page and fail with a readable report of any violation."""

    def check(page, what=""):
        results = axe.run(page, options=WCAG_21_AA)
        label = what or page.url
        assert results.violations_count == 0, f"{label}:\n{results.generate_report()}"

    return check
