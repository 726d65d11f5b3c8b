"""The mandates page shows a window that does not grow with the years: the current and coming mandates and
those ended in the last year; every ended one behind ?visa=avslutade, 50 a page. Persons are paged too."""

import datetime

import pytest

from samordna.lib.dates import today
from samordna.organisations.models import Mandate

from .conftest import url

pytestmark = pytest.mark.django_db


def _shown(response) -> set[int]:
    return {int(row["edit_url"].rstrip("/").rsplit("/", 1)[1]) for row in response.context["mandates"]}


def test_the_mandates_page_shows_current_coming_and_recently_ended_ones_and_the_rest_behind_a_link(office, forbund):
    day = today()
    mine = Mandate.objects.filter(forbund=forbund)
    recent = day - datetime.timedelta(days=365)
    window = {m.pk for m in mine if m.date_to is None or m.date_to >= recent}
    ended = {m.pk for m in mine if m.date_to is not None and m.date_to < day}
    assert window
    response = office.get(url("forbund-mandates"))
    assert _shown(response) == window
    assert 'href="/f/sf-vastra-vastmanland/uppdrag/?visa=avslutade"' in response.text
    pages, number = set(), 1
    while True:
        response = office.get(url("forbund-mandates") + f"?visa=avslutade&sida={number}")
        assert response.context["ended"]
        pages |= _shown(response)
        if not response.context["page"].has_next():
            break
        number += 1
    assert pages == ended


def test_the_persons_page_pages_by_name(office, forbund):
    from samordna.organisations.models import Person

    response = office.get(url("forbund-persons"))
    names = [row["name"] for row in response.context["persons"]]
    expected = list(Person.objects.of_forbund(forbund).order_by("name", "pk").values_list("name", flat=True))
    assert names == expected[:50]
