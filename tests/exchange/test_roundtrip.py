"""Import then export gives back the canonical form of what was imported."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings

from samordna.exchange.canonical import canonical
from samordna.exchange.exporter import export_document
from samordna.exchange.importer import import_document
from tests.exchange.helpers import example
from tests.exchange_pure.strategies import documents

FORBUND_SECTIONS = ["id", "name", "organisationsnummer", "founded", "statutes", "members", "mandates", "meetings",
                    "insatser", "budgets", "annual_reports", "notices"]


@pytest.fixture
def exported(db):
    import_document(example())
    return export_document()


@pytest.mark.django_db
def test_it_round_trips_the_example(exported):
    assert exported == canonical(example())


@pytest.mark.django_db
@pytest.mark.parametrize("section", ["format", "persons", "consultations"])
def test_it_round_trips_each_top_level_section(exported, section):
    assert exported.get(section) == canonical(example()).get(section)


@pytest.mark.django_db
@pytest.mark.parametrize("section", FORBUND_SECTIONS)
def test_it_round_trips_each_forbund_section(exported, section):
    expected = canonical(example())["forbund"]
    assert [f.get(section) for f in exported["forbund"]] == [f.get(section) for f in expected]


class _Rollback(Exception):
    pass


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents())
def test_it_round_trips_any_valid_document(doc):
    # every document the strategy draws is valid, consistency included, so the database can hold it as it is
    try:
        with transaction.atomic():
            import_document(doc)
            assert export_document() == canonical(doc)
            again = import_document(doc)
            assert not again.changed
            raise _Rollback
    except _Rollback:
        pass


@pytest.mark.django_db
def test_it_exports_only_the_named_forbund(exported):
    doc = export_document(["ex"])
    assert [f["id"] for f in doc["forbund"]] == ["ex"]
