"""Shared fixtures: a frozen today, the demo förbund and the personas (one user per role, plus an outsider).

Time: every test runs at noon (Stockholm) of one fixed day, ticking from there: `SAMORDNA_TEST_TODAY`
(YYYY-MM-DD) when set, else the real today at the start of the run. time-machine patches the whole
process, so the live server's thread and the session's demo load see the same day.

The demo is built for that day and loaded once per test process (per xdist worker) into the test
database; a test that asks for `demo` sees it and rolls its changes back with its transaction. A database
test that does not ask for it sees an empty database (the demo's rows are deleted inside its
transaction). A transactional test (live server, browser) sees the demo too; the database is flushed
after it, and the demo is loaded again.
"""

import contextlib
import datetime
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "samordna-demo-2026"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _test_today() -> datetime.date:
    value = os.environ.get("SAMORDNA_TEST_TODAY")
    if value:
        return datetime.date.fromisoformat(value)
    return datetime.datetime.now(STOCKHOLM).date()


# The day every test runs on, fixed when the run starts.
TODAY = _test_today()
NOW = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=STOCKHOLM)
# The session's own work (the demo load) runs an hour before, so that what a test records is newer than
# anything the demo recorded (the Händelselogg lists the newest first).
SESSION_NOW = NOW - datetime.timedelta(hours=1)


@pytest.fixture(scope="session", autouse=True)
def _frozen_session():
    """The session's fixtures (the demo load, the history timestamps it writes) run on TODAY too."""
    with time_machine.travel(SESSION_NOW, tick=True):
        yield


@pytest.fixture(scope="session", autouse=True)
def _documents_root(tmp_path_factory):
    """The diarium's files (the demo's too) go to a directory of the test run, never to var/documents."""
    from django.test.utils import override_settings

    with override_settings(DOCUMENTS_ROOT=tmp_path_factory.mktemp("documents")):
        yield


@pytest.fixture(autouse=True)
def _frozen_today(_frozen_session):
    """Every test starts at noon of TODAY, whatever the real clock says."""
    with time_machine.travel(NOW, tick=True):
        yield


# The showcase of the demo (samordna/organisations/demo.py) is written for 1 December 2026 and moved by
# whole years; the tests that name its dates and years move them the same way.
def demo_year(year: int) -> int:
    """A year of the demo's showcase as the demo built for TODAY has it."""
    from samordna.organisations.demo import showcase_shift

    return year + showcase_shift(TODAY)


def demo_date(iso: str) -> datetime.date:
    """A date of the demo's showcase (as written for 1 December 2026) as the demo built for TODAY has it."""
    from samordna.organisations.demo import shift_date, showcase_shift

    return shift_date(datetime.date.fromisoformat(iso), showcase_shift(TODAY))


def demo_text(text: str) -> str:
    """A text naming years of the demo's showcase (2024–2028) with the years moved as the demo moves them."""
    import re

    return re.sub(r"\b(202[4-8])\b", lambda m: str(demo_year(int(m.group(1)))), text)


_DEMO = {"loaded": False, "tables": (), "blocker": None}


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load_demo():
    from django.core.management import call_command
    from django.test.utils import override_settings

    # The users' passwords hashed as the tests check them (see _fast_password_hashing).
    with open(os.devnull, "w") as devnull, override_settings(PASSWORD_HASHERS=FAST_HASHERS), \
            time_machine.travel(SESSION_NOW, tick=True):
        call_command("demo", stdout=devnull)
    # The demo's kallelse is queued for the worker (and its sweep); in the tests a worker sends only the test's
    # own mail, so the demo's queue is emptied (the meeting keeps its notice date).
    from django_tasks_db.models import DBTaskResult

    from samordna.mail.models import Message

    Message.objects.all().delete()
    DBTaskResult.objects.all().delete()


def _row_counts():
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture(scope="session")
def _demo_database(django_db_setup, django_db_blocker):
    """The demo, loaded once per test process into the test database (committed)."""
    with django_db_blocker.unblock():
        before = _row_counts()
        _load_demo()
        after = _row_counts()
    grown = {table for table, count in after.items() if count > before.get(table, 0)}
    seeded = sorted(table for table in grown if before.get(table))
    assert not seeded, f"the demo adds rows to tables the migrations fill; the empty-database tests would lose them: {seeded}"
    _DEMO.update(loaded=True, tables=tuple(sorted(grown)), blocker=django_db_blocker)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool({"transactional_db", "live_server"} & set(item.fixturenames)) or bool(
        marker and (marker.kwargs.get("transaction") or (len(marker.args) > 0 and marker.args[0])))


def _uses_db(item) -> bool:
    return "db" in item.fixturenames or item.get_closest_marker("django_db") is not None


@pytest.fixture(autouse=True)
def _empty_unless_demo(request):
    """A database test that does not ask for the demo starts from an empty database, as before the demo
    was loaded once per process: its rows are deleted inside the test's transaction (rolled back after)."""
    if not _DEMO["loaded"] or "demo" in request.fixturenames or not _uses_db(request.node) \
            or _is_transactional(request.node):
        return
    request.getfixturevalue("db")
    from django.db import connection

    with connection.cursor() as cursor:
        for table in _DEMO["tables"]:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test the database is flushed: load the demo again for the tests after it."""
    result = yield
    # After the last test the session's fixtures (the test database with them) are gone already.
    if _DEMO["loaded"] and _is_transactional(item) and nextitem is not None:
        from samordna.organisations import reference
        from samordna.organisations.models import Forbund, Kommun

        with _DEMO["blocker"].unblock():
            # The flush empties the tables the migrations fill too (the kommuner and län): load them again.
            if not Kommun.objects.exists():
                reference.load()
            if not Forbund.objects.exists():
                _load_demo()
    return result


@pytest.fixture
def demo(_demo_database, db):
    """The demo installation (two förbund, users for every role), built for TODAY."""
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
def _empty_page_cache():
    """Every test starts with an empty page cache: a rolled-back test's stamps come again with other data."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture
def uncached_pages(settings):
    """The page cache off: a test that counts a page's queries measures the page as it is built, not the
    cached copy (the cache's own test is tests/web/test_pagecache.py)."""
    settings.PAGE_CACHE = False


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
    settings.PASSWORD_HASHERS = FAST_HASHERS


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


def reopen_minutes(meetings) -> dict:
    """Make the minutes of these meetings (a queryset or list) not yet adjusted, for a test that changes
    them. Adjusted minutes are frozen (samordna/protokoll/freeze.py): their rows cannot be updated, so they
    are deleted (the database lets a DELETE through) and made again, with the same adjusters, unadjusted.
    Returns {meeting pk: (adjusted, published)} as they were."""
    from samordna.meetings.models import Minutes

    before = {}
    for minutes in Minutes.objects.filter(meeting__in=list(meetings)).prefetch_related("adjusters"):
        adjusters = list(minutes.adjusters.all())
        meeting_id, forbund_id, extra = minutes.meeting_id, minutes.forbund_id, minutes.extra
        before[meeting_id] = (minutes.adjusted, minutes.published)
        minutes.delete()
        reopened = Minutes.objects.create(meeting_id=meeting_id, forbund_id=forbund_id, extra=extra)
        reopened.adjusters.set(adjusters)
    return before


@contextlib.contextmanager
def unfrozen(meetings):
    """Change adjusted meetings inside the block (a test's set-up): their minutes are reopened
    (reopen_minutes) and adjusted again as they were at its end."""
    from samordna.meetings.models import Minutes

    before = reopen_minutes(meetings)
    yield
    for meeting_id, (adjusted, published) in before.items():
        Minutes.objects.filter(meeting_id=meeting_id).update(adjusted=adjusted, published=published)
