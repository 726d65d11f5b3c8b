"""The number of queries a section page makes does not grow with the data it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import demo_year

from .conftest import OWN

# The pages as they are built (the page cache, tested in tests/web/test_pagecache.py, would answer each
# second request in three queries whatever the page).
pytestmark = pytest.mark.usefixtures("uncached_pages")


@pytest.fixture
def large(demo):
    """A generated förbund with several years of meetings, insatser, budgets, reports and samråd."""
    from samordna.exchange.generate import generate
    from samordna.exchange.importer import import_document

    doc = generate(n_forbund=1, years=4, seed=3)
    import_document(doc)
    forbund = doc["forbund"][0]
    consultations = [c for c in doc["consultations"] if forbund["id"] in c["forbund"]]
    return {
        "slug": forbund["id"],
        "meeting-detail": max(forbund["meetings"], key=lambda m: len(m.get("items", [])) + len(m.get("attendance", [])))["id"],
        "insats-detail": max(forbund["insatser"], key=lambda i: len(i.get("reports", [])) + len(i.get("funding", [])))["id"],
        "budget-detail": max(forbund["budgets"], key=lambda b: len(b.get("contributions", [])))["year"],
        "annual-report-detail": str(max(forbund["annual_reports"],
                                        key=lambda a: len((a.get("audit") or {}).get("remarks", [])))["year"]),
        "consultation-detail": max(consultations, key=lambda c: len(c.get("participants", [])))["id"],
    }



def _count(client, path) -> int:
    client.get(path)  # warm: whatever is computed once per data version is not counted
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


SMALL = {
    "slug": OWN, "meeting-detail": "vv-m-2025-11-20", "insats-detail": "vv-ins-steg", "budget-detail": demo_year(2026),
    "annual-report-detail": str(demo_year(2025)), "consultation-detail": "samrad-2026-var",
}
LISTS = ["forbund-meetings", "forbund-insatser", "forbund-budgets", "forbund-annual-reports", "forbund-samrad",
         "forbund-notices"]


def _path(name, data):
    kwargs = {"slug": data["slug"]}
    if name in data:
        kwargs["subject_id"] = data[name]
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", LISTS + [k for k in SMALL if k != "slug"])
def test_it_makes_as_many_queries_for_a_large_forbund_as_for_a_small_one(persona_client, large, name):
    client = persona_client("admin")
    small_count = _count(client, _path(name, SMALL))
    large_count = _count(client, _path(name, large))
    assert large_count <= small_count, (name, small_count, large_count)


@pytest.mark.parametrize("name", ["insatser-overview", "insatser-uppfoljning"])
def test_the_insatser_overview_and_export_make_as_many_queries_for_a_large_forbund(persona_client, large, name):
    client = persona_client("admin")
    assert _count(client, _path(name, large)) <= _count(client, _path(name, SMALL))
