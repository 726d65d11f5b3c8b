"""The årshjul reads only its window from the database: the same events as from a whole export, in a
fixed number of queries whatever the history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samordna.arshjul.calendar import events
from samordna.arshjul.data import calendar_document
from samordna.exchange.exporter import export_document
from samordna.lib.dates import add_months
from samordna.organisations.models import Forbund

STARTS = [datetime.date(2019, 1, 1), datetime.date(2024, 2, 29), datetime.date(2025, 6, 1),
          datetime.date(2026, 10, 31), datetime.date(2026, 12, 1), datetime.date(2027, 3, 15)]


def assert_same_events():
    doc = export_document(None)
    for forbund in Forbund.objects.order_by("slug"):
        entry = next(f for f in doc["forbund"] if f["id"] == forbund.slug)
        for start in STARTS:
            for first in (start, start - datetime.timedelta(days=31)):
                end = add_months(start, 12)
                small_doc, small_entry = calendar_document(forbund, first, end)
                assert events(small_entry, small_doc, first, end) == events(entry, doc, first, end), (
                    forbund.slug, first)


@pytest.mark.django_db
def test_the_window_gives_the_events_of_a_whole_export_in_the_demo(demo):
    assert_same_events()


@pytest.mark.django_db
def test_the_window_gives_the_events_of_a_whole_export_in_a_generated_set():
    from samordna.exchange.generate import generate
    from samordna.exchange.importer import import_document

    import_document(generate(6, 8, 11))
    assert_same_events()
    forbund = Forbund.objects.order_by("pk").first()
    with CaptureQueriesContext(connection) as queries:
        calendar_document(forbund, datetime.date(2026, 12, 1), datetime.date(2027, 12, 1))
    assert len(queries.captured_queries) <= 12
