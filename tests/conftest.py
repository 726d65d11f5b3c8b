"""Shared fixtures: the demo förbund and the personas (one user per role, plus an outsider)."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "samordna-demo-2026"


@pytest.fixture
def demo(db):
    """The demo installation (two förbund, users for every role)."""
    from django.core.management import call_command

    call_command("demo", stdout=open(os.devnull, "w"))
    from samordna.organisations.models import Forbund

    return {f.slug: f for f in Forbund.objects.all()}


PERSONAS = {
    "office": "chef@vastmanland.example.se",
    "board": "ledamot@vastmanland.example.se",
    "member": "medlem@vastmanland.example.se",
    "auditor": "revisor@vastmanland.example.se",
    "national": "nationell@example.se",
    "admin": "admin@example.se",
    "outsider": "chef@uppsala.example.se",  # office of another förbund
}


@pytest.fixture
def persona_client(demo, client):
    """A function that logs the test client in as a persona (or leaves it anonymous)."""
    from samordna.accounts.models import User

    def login(persona):
        client.logout()
        if persona != "anonymous":
            client.force_login(User.objects.get(email=PERSONAS[persona]))
        return client

    return login


@pytest.fixture(autouse=True)
def _swedish():
    """Every test starts and ends in Swedish: a test client's request leaves its language active in the
    thread, and pages, dates and the årshjul follow the active language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Password hashing cost is irrelevant to what the tests assert.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Never a downloaded browser: the system's Chromium, with the flags a container needs.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """One Chromium per test process: Playwright's sync API allows a single instance per thread."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (scripts/system-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
