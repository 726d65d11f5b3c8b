"""Fixtures for the pages and commands around the rule engine: the example förbund imported into the demo."""

import datetime
import json
from pathlib import Path

import pytest

from tests.conftest import PERSONAS

DATA = Path(__file__).parent / "data"
EXEMPEL = DATA / "exempel.json"
# How examples/README.md reads the example: clean in summer 2026, a missed budget deadline by December.
CLEAN_DAY = datetime.date(2026, 6, 30)
LATE_DAY = datetime.date(2026, 12, 20)


def exempel_document() -> dict:
    return json.loads(EXEMPEL.read_text(encoding="utf-8"))


@pytest.fixture
def exempel(demo):
    """The example förbund ("ex") imported beside the demo förbund, with an office user of its own."""
    from samordna.accounts.models import Access, Role, User
    from samordna.exchange.importer import import_document
    from samordna.organisations.models import Forbund

    import_document(exempel_document())
    forbund = Forbund.objects.get(slug="ex")
    # The demo personas of Västra Västmanland have the same roles in the example förbund; the outsider none.
    for persona, role in (("office", Role.OFFICE), ("board", Role.BOARD), ("member", Role.MEMBER),
                          ("auditor", Role.AUDITOR)):
        Access.objects.create(user=User.objects.get(email=PERSONAS[persona]), forbund=forbund, role=role)
    return forbund


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts from an empty Django cache (the national check itself keeps no time-based cache)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
